#pragma once

#include <QTableView>

class QAction;

namespace oversight {

// A table view whose Ctrl+C copies the selection as tab-separated text, ready to paste into Excel.
// Its context menu offers Copy and, once a view shows the export action (exportAction()->setVisible),
// "Export table…", which emits exportRequested: the view showing the table knows what to export.
class CopyableTableView : public QTableView {
    Q_OBJECT
public:
    explicit CopyableTableView(QWidget *parent = nullptr);
    QString selectionAsTsv() const;
    QAction *exportAction() const { return m_exportAction; }

Q_SIGNALS:
    void exportRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QAction *m_exportAction;
};

} // namespace oversight
