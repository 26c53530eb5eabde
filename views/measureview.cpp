#include "measureview.h"

#include "catalog.h"
#include "copyabletableview.h"
#include "seriescharts.h"
#include "seriesmodel.h"
#include "sourcecomparison.h"
#include "tableexportdialog.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace oversight {

MeasureView::MeasureView(const Store &store, const QString &title, const QStringList &measureKeys, QWidget *parent)
    : QWidget(parent), m_store(store), m_title(title), m_keys(measureKeys), m_series(new SeriesModel(store, this)),
      m_tabs(new QTabWidget(this)), m_table(new CopyableTableView(this)), m_empty(new QLabel(this)), m_note(new QLabel(this)),
      m_exportButton(new QPushButton(QStringLiteral("Export table…"), this))
{
    QString source = QStringLiteral("Source: MPS recorded crime");
    bool boroughLevel = false;
    if (const auto info = catalog::measure(store, measureKeys.value(0))) {
        source = QStringLiteral("Source: ") + info->source;
        boroughLevel = !info->category.isEmpty();
    }
    m_source = source;
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *overTime = new QSplitter(Qt::Horizontal, this);
    m_timeChart = new QChartView(charts::createTimeChart(m_series, title, source), overTime);
    m_timeChart->setRenderHint(QPainter::Antialiasing);
    m_timeChart->setMinimumWidth(420);
    m_table->setModel(m_series);
    m_table->setColumnHidden(SeriesModel::XColumn, true);
    m_table->setSortingEnabled(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    overTime->addWidget(m_timeChart);
    overTime->addWidget(m_table);
    overTime->setStretchFactor(0, 3);
    overTime->setStretchFactor(1, 1);
    // The chart gets the room; the table beside it needs only its four columns.
    overTime->setSizes({1000, 430});
    m_tabs->addTab(overTime, QStringLiteral("Over time"));

    if (boroughLevel) {
        m_boroughs = new BoroughValuesModel(store, this);
        auto *byBorough = new QSplitter(Qt::Horizontal, this);
        m_boroughChart = new QChartView(charts::createBoroughChart(m_boroughs, title, source), byBorough);
        m_boroughChart->setRenderHint(QPainter::Antialiasing);
        m_boroughTable = new CopyableTableView(byBorough);
        m_boroughTable->setModel(m_boroughs);
        m_boroughTable->setSortingEnabled(true);
        m_boroughTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        m_boroughTable->exportAction()->setVisible(true);
        connect(m_boroughTable, &CopyableTableView::exportRequested, this, [this] {
            exportTableWithDialog(this, boroughExportData(), m_title + QStringLiteral(" by borough"));
        });
        byBorough->addWidget(m_boroughChart);
        byBorough->addWidget(m_boroughTable);
        byBorough->setStretchFactor(0, 3);
        byBorough->setStretchFactor(1, 1);
        byBorough->setSizes({1000, 380});
        m_tabs->addTab(byBorough, QStringLiteral("By borough"));
    }
    m_table->exportAction()->setVisible(true);
    connect(m_table, &CopyableTableView::exportRequested, this, [this] { exportTableWithDialog(this, seriesExportData(), m_title); });
    m_exportButton->setToolTip(QStringLiteral("Save the table of this tab as CSV or as an Excel workbook"));
    m_exportButton->setAccessibleName(QStringLiteral("Export table"));
    connect(m_exportButton, &QPushButton::clicked, this, &MeasureView::exportCurrentTable);
    m_tabs->setCornerWidget(m_exportButton, Qt::TopRightCorner);
    m_empty->setWordWrap(true);
    m_empty->setVisible(false);
    layout->addWidget(m_empty);
    // Two sources for one measure: the report's figure and the open data's for the same period, each
    // labelled by its source, with the difference and why, so neither is read as the other.
    if (measureKeys.size() == 1) {
        if (const auto c = sourcecomparison::forMeasure(store, measureKeys.first())) {
            auto cell = [](const QString &text, bool right = false) {
                return QStringLiteral("<td style='padding:1px 10px 1px 0;%1'>%2</td>")
                    .arg(right ? QStringLiteral("text-align:right") : QString(), text.toHtmlEscaped());
            };
            QString html = QStringLiteral("<b>%1</b><table>")
                               .arg(QStringLiteral("%1, Metropolitan Police Service, %2: two sources").arg(c->title, c->period).toHtmlEscaped());
            html += QStringLiteral("<tr>%1%2%3</tr>").arg(cell(c->report.source), cell(c->report.detail),
                                                          cell(sourcecomparison::text(*c, c->report), true));
            html += QStringLiteral("<tr>%1%2%3</tr>").arg(cell(c->openData.source), cell(c->openData.detail + QStringLiteral(" (calculated)")),
                                                          cell(sourcecomparison::text(*c, c->openData), true));
            html += QStringLiteral("<tr>%1%2%3</tr>").arg(cell(QStringLiteral("Difference")),
                                                          cell(QStringLiteral("Open data minus report (calculated)")),
                                                          cell(sourcecomparison::differenceText(*c), true));
            html += QStringLiteral("</table><i>%1</i>").arg((QStringLiteral("Why they differ: ") + c->reason).toHtmlEscaped());
            m_sources = new QLabel(html, this);
            m_sources->setTextFormat(Qt::RichText);
            m_sources->setWordWrap(true);
            m_sources->setTextInteractionFlags(Qt::TextSelectableByMouse);
            m_sources->setAccessibleName(QStringLiteral("Two sources"));
            layout->addWidget(m_sources);
        }
    }
    layout->addWidget(m_tabs, 1);

    // The report states two values for some of its figures: both are kept, and said here, under
    // whatever the chart and table show (setFilter fills it from the series model).
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setVisible(false);
    layout->addWidget(m_note);
}

QString MeasureView::disagreementNote() const
{
    return m_series->disagreementNote();
}

void MeasureView::setFilter(const QString &areaCode, QDate from, QDate to)
{
    m_series->setSeries(m_keys, areaCode, from, to);
    if (m_boroughs)
        m_boroughs->setValues(m_keys, from, to);
    m_table->setColumnHidden(SeriesModel::Rolling12Column, !m_series->hasRolling());
    m_table->setColumnHidden(SeriesModel::LastYearColumn, !m_series->hasLastYear());
    m_table->resizeColumnsToContents();
    m_note->setText(m_series->disagreementNote());
    m_note->setVisible(!m_series->disagreementNote().isEmpty());
    if (m_series->rowCount() > 0 && m_series->rowCount() < 3) {
        // Honest about data: a series the report states as a few figures stays a few points.
        m_empty->setText(QStringLiteral("The store holds %1 stated figure%2 for %3; the full series arrives with an import.")
                             .arg(m_series->rowCount()).arg(m_series->rowCount() == 1 ? QString() : QStringLiteral("s"))
                             .arg(m_title));
        m_empty->setVisible(true);
    } else if (m_series->rowCount() == 0) {
        m_empty->setText(QStringLiteral("The store holds no figures for %1 in %2 for the selected period. "
                                        "Choose another area or widen the period, or import the data.")
                             .arg(m_title, m_series->areaName().isEmpty() ? areaCode : m_series->areaName()));
        m_empty->setVisible(true);
    } else {
        m_empty->setVisible(false);
    }
}

tableexport::ExportTable MeasureView::seriesExportData() const
{
    tableexport::ModelTable description;
    description.title = m_title;
    QStringList subtitle{m_series->areaName()};
    const auto &points = m_series->points();
    if (!points.isEmpty()) {
        subtitle.append(points.size() == 1 ? points.first().period.label()
                                           : QStringLiteral("%1 to %2").arg(points.first().period.label(), points.last().period.label()));
    }
    subtitle.removeAll(QString());
    description.subtitle = subtitle.join(QStringLiteral(", "));
    description.source = m_source;
    description.note = m_series->note();
    const QString disputed = m_series->disagreementNote();
    if (!disputed.isEmpty())
        description.note = description.note.isEmpty() ? disputed : description.note + QLatin1Char('\n') + disputed;
    description.valueRole = static_cast<int>(SeriesModel::Role::Value);
    // Each figure exported to the decimals it was stated with ("£2,504m" stays 2504, not 2504.0).
    description.decimalsRole = static_cast<int>(SeriesModel::Role::Decimals);
    const tableexport::NumberStyle figures = tableexport::styleForUnit(m_series->unit());
    for (int c = 0; c < m_series->columnCount(); ++c) {
        if (m_table->isColumnHidden(c))
            continue;
        description.columns.append({c, c == SeriesModel::PeriodColumn ? tableexport::NumberStyle{} : figures});
    }
    return tableexport::fromModel(*m_series, description);
}

tableexport::ExportTable MeasureView::boroughExportData() const
{
    if (!m_boroughs)
        return {};
    tableexport::ModelTable description;
    description.title = m_title + QStringLiteral(" by borough");
    description.subtitle = m_boroughs->spanLabel();
    description.source = m_source;
    // As the table shows them: whole numbers, summed over the months.
    description.columns = {{BoroughValuesModel::BoroughColumn, {}},
                           {BoroughValuesModel::CodeColumn, {}},
                           {BoroughValuesModel::ValueColumn, {ValueFormat::Count, false, -1}}};
    return tableexport::fromModel(*m_boroughs, description);
}

void MeasureView::exportCurrentTable()
{
    if (m_boroughs && m_tabs->currentIndex() == 1)
        exportTableWithDialog(this, boroughExportData(), m_title + QStringLiteral(" by borough"));
    else
        exportTableWithDialog(this, seriesExportData(), m_title);
}

} // namespace oversight
