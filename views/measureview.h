#pragma once

#include <QDate>
#include <QStringList>
#include <QWidget>

class QChartView;
class QLabel;
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
    QLabel *m_empty;
};

} // namespace oversight
