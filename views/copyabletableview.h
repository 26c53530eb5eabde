#pragma once

#include <QTableView>

namespace oversight {

// A table view whose Ctrl+C copies the selection as tab-separated text, ready to paste into Excel.
class CopyableTableView : public QTableView {
    Q_OBJECT
public:
    explicit CopyableTableView(QWidget *parent = nullptr);
    QString selectionAsTsv() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace oversight
