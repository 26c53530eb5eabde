#pragma once

#include "tableexport.h"

#include <QDate>
#include <QStringList>
#include <QWidget>

class QChartView;
class QLabel;
class QPushButton;
class QTabWidget;

namespace oversight {

class BoroughValuesModel;
class CopyableTableView;
class SeriesModel;
class Store;

// A measure (or an MPS major category) over time for the selected area, chart beside its table;
// for borough-level measures, a second tab compares the boroughs over the selected months.
class MeasureView : public QWidget {
    Q_OBJECT
public:
    MeasureView(const Store &store, const QString &title, const QStringList &measureKeys, QWidget *parent = nullptr);

    void setFilter(const QString &areaCode, QDate from, QDate to);
    SeriesModel *seriesModel() const { return m_series; }
    BoroughValuesModel *boroughModel() const { return m_boroughs; }
    QChartView *timeChartView() const { return m_timeChart; }
    QChartView *boroughChartView() const { return m_boroughChart; }

    // "Export table…" (a button beside the tabs, and each table's context menu): the over-time table
    // with the columns it shows, or the borough table; written by the export engine.
    tableexport::ExportTable seriesExportData() const;
    tableexport::ExportTable boroughExportData() const;
    QPushButton *exportButton() const { return m_exportButton; }
    // The report's figure beside the open data's for the same period, where both are held (else null).
    QLabel *sourcesLabel() const { return m_sources; }
    void exportCurrentTable();
    // Where the report disagrees with itself about this measure: the note under the tabs (empty
    // when it does not).
    QString disagreementNote() const;

private:
    const Store &m_store;
    QString m_title;
    QStringList m_keys;
    SeriesModel *m_series;
    BoroughValuesModel *m_boroughs = nullptr;
    QTabWidget *m_tabs;
    QChartView *m_timeChart;
    QChartView *m_boroughChart = nullptr;
    CopyableTableView *m_table;
    CopyableTableView *m_boroughTable = nullptr;
    QLabel *m_empty;
    QLabel *m_sources = nullptr;
    QLabel *m_note;
    QPushButton *m_exportButton;
    QString m_source;
};

} // namespace oversight
