#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace oversight {

class Store;
namespace import {
class BatchesModel;
}

// Every import batch with its provenance, and Undo for the selected one.
class ImportHistoryView : public QWidget {
    Q_OBJECT
public:
    explicit ImportHistoryView(Store &store, QWidget *parent = nullptr);
    void reload();
    import::BatchesModel *model() const { return m_model; }
    // Undoes a batch after asking (when confirm is set); false with a message when refused.
    bool undoBatch(qint64 batchId, bool confirm);

Q_SIGNALS:
    void storeChanged();

private:
    Store &m_store;
    import::BatchesModel *m_model;
    QTableView *m_table;
    QPushButton *m_undo;
    QLabel *m_message;
};

} // namespace oversight
