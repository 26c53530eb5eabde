#pragma once

#include "period.h"
#include "tableexport.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;

namespace oversight {

class CopyableTableView;
class ReportTableModel;
class Store;

// One of the report's tables, formatted as the report prints it.
class DashboardView : public QWidget {
    Q_OBJECT
public:
    // quarter: as for setQuarter.
    DashboardView(const Store &store, const QString &tableId, const std::optional<Period> &quarter = {}, QWidget *parent = nullptr);
    void reload();
    // Shows the table as reported for the quarter (none: the latest held), keeping the officer's row,
    // column and scroll position; rebuilds only when the quarter differs.
    void setQuarter(const std::optional<Period> &quarter);
    std::optional<Period> quarter() const { return m_quarter; }
    ReportTableModel *model() const { return m_model; }
    CopyableTableView *table() const { return m_table; }
    // "Export table…" (button and the table's context menu): the report table as shown, written by
    // the export engine; disabled while there are no figures.
    tableexport::ExportTable exportData() const;
    QPushButton *exportButton() const { return m_exportButton; }
    void exportTable();

private:
    const Store &m_store;
    QString m_tableId;
    std::optional<Period> m_quarter;
    ReportTableModel *m_model;
    CopyableTableView *m_table;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_note;
    QLabel *m_detail;
    QPushButton *m_exportButton;
};

} // namespace oversight
