#pragma once

#include <QDialog>
#include <QHash>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace oversight {

class Store;

// Build the quarterly board pack: choose sections and charts, write a commentary paragraph per
// section (saved with the quarter), pick the file and build with a progress bar and Cancel.
class BoardPackDialog : public QDialog {
    Q_OBJECT
public:
    BoardPackDialog(Store &store, QWidget *parent = nullptr);

    // For tests: the section tree and the file field.
    QTreeWidget *sectionTree() const { return m_tree; }
    QLineEdit *fileField() const { return m_file; }
    QPlainTextEdit *commentaryEdit() const { return m_commentary; }
    // Builds the pack to the chosen file; false (with a message shown) on error or cancel.
    bool build();
    int builtPages() const { return m_builtPages; }

private:
    void showCommentaryFor(QTreeWidgetItem *item);
    bool saveCommentary();
    void chooseFile();

    Store &m_store;
    QString m_quarter;
    QTreeWidget *m_tree;
    QPlainTextEdit *m_commentary;
    QLabel *m_commentaryLabel;
    QLineEdit *m_file;
    QString m_commentarySection;
    QHash<QString, QString> m_texts;
    int m_builtPages = 0;
};

} // namespace oversight
