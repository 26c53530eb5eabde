#pragma once

#include <QWidget>

class QLabel;

namespace oversight {

class CopyableTableView;
class ReportTableModel;
class Store;

// One of the report's tables, formatted as the report prints it.
class DashboardView : public QWidget {
    Q_OBJECT
public:
    DashboardView(const Store &store, const QString &tableId, QWidget *parent = nullptr);
    void reload();
    ReportTableModel *model() const { return m_model; }
    CopyableTableView *table() const { return m_table; }

private:
    const Store &m_store;
    QString m_tableId;
    ReportTableModel *m_model;
    CopyableTableView *m_table;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_note;
    QLabel *m_detail;
};

} // namespace oversight
