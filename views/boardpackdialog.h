#pragma once

#include <QDialog>
#include <QHash>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace oversight {

class Store;

// Build the quarterly board pack for a quarter the store holds (the latest by default): choose
// sections and charts, write a commentary paragraph per section (saved with the quarter, or started
// from an earlier quarter's), pick the file and build with a progress bar and Cancel.
class BoardPackDialog : public QDialog {
    Q_OBJECT
public:
    BoardPackDialog(Store &store, QWidget *parent = nullptr);

    // For tests: the section tree and the file field.
    QTreeWidget *sectionTree() const { return m_tree; }
    QLineEdit *fileField() const { return m_file; }
    QPlainTextEdit *commentaryEdit() const { return m_commentary; }
    QComboBox *quarterBox() const { return m_quarterBox; }
    // Shown when the section has no commentary for the quarter and an earlier quarter has.
    QPushButton *startFromEarlierButton() const { return m_startFromEarlier; }
    // Builds the pack to the chosen file; false (with a message shown) on error or cancel.
    bool build();
    int builtPages() const { return m_builtPages; }

private:
    void showCommentaryFor(QTreeWidgetItem *item);
    void chooseQuarter(const QString &quarter);
    void offerEarlierCommentary();
    bool saveCommentary();
    void chooseFile();

    Store &m_store;
    QString m_quarter;
    QComboBox *m_quarterBox;
    QLabel *m_intro;
    QTreeWidget *m_tree;
    QPlainTextEdit *m_commentary;
    QLabel *m_commentaryLabel;
    QPushButton *m_startFromEarlier;
    QString m_earlierText;
    QLineEdit *m_file;
    QString m_commentarySection;
    QHash<QString, QString> m_texts;
    int m_builtPages = 0;
};

} // namespace oversight
