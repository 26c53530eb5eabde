#include "seriescharts.h"

#include "catalog.h"
#include "chartfigure.h"
#include "charttheme.h"
#include "seriesmodel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCategoryAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace oversight::charts {

namespace {

void clearChart(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

// The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least value.
double roundStep(double value)
{
    if (value <= 0)
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10.0 * magnitude;
}

QString labelFormatFor(const QString &unit)
{
    if (unit == QLatin1String("percent") || unit == QLatin1String("points") || unit == QLatin1String("gbp_m"))
        return QStringLiteral("%.1f");
    return QStringLiteral("%.0f");
}

// Title, then area and period, then the source: three short lines rather than one that clips.
QString titleHtml(const QString &title, const QString &subtitle, const QString &source)
{
    return QStringLiteral("<span style='font-size:12pt;font-weight:bold'>%1</span><br>"
                          "<span style='font-size:9pt;font-weight:normal;color:#333'>%2<br>%3</span>")
        .arg(title.toHtmlEscaped(), subtitle.toHtmlEscaped(), source.toHtmlEscaped());
}

} // namespace

QChart *createTimeChart(SeriesModel *model, const QString &title, const QString &source)
{
    auto *chart = new QChart;
    applyTheme(chart);
    fillTimeChart(chart, *model, title, source);
    QObject::connect(model, &QAbstractItemModel::modelReset, chart,
                     [chart, model, title, source] { fillTimeChart(chart, *model, title, source); });
    // A classification break's label follows its line as the chart is laid out.
    QObject::connect(chart, &QChart::plotAreaChanged, chart, [chart] { placeDecorationLabels(chart); });
    return chart;
}

void fillTimeChart(QChart *chart, const SeriesModel &model, const QString &title, const QString &source)
{
    clearChart(chart);
    const auto &points = model.points();
    QString subtitle = model.areaName();
    if (!points.isEmpty())
        subtitle += QStringLiteral(", %1 to %2").arg(points.first().period.label(), points.last().period.label());
    QString sourceLine = source;
    if (!model.note().isEmpty())
        sourceLine = model.note() + QStringLiteral(" · ") + source;
    chart->setTitle(titleHtml(title, subtitle, sourceLine));
    if (points.isEmpty())
        return;

    auto xOf = [](const SeriesModel::Point &p) { return SeriesModel::chartPosition(p.period); };
    // Figures that do not follow one another (the reserves text's 2014/15, 2016/17 and 2020/21) are
    // points, never joined: a line would draw years the report gives no figure for. As the chart
    // catalogue's figures do (seriesfigures.cpp).
    const bool sparse = points.size() < 3 || !model.consecutive();
    QXYSeries *values = sparse ? static_cast<QXYSeries *>(new QScatterSeries) : new QLineSeries;
    values->setName(QStringLiteral("Value"));
    QLineSeries *lastYear = model.hasLastYear() && !sparse ? new QLineSeries : nullptr;
    QLineSeries *rolling = model.hasRolling() && !sparse ? new QLineSeries : nullptr;
    double maxValue = 0.0;
    double maxRolling = 0.0;
    for (const auto &p : points) {
        values->append(xOf(p), p.value);
        maxValue = std::max(maxValue, p.value);
        if (lastYear && p.lastYear) {
            lastYear->append(xOf(p), *p.lastYear);
            maxValue = std::max(maxValue, *p.lastYear);
        }
        if (rolling && p.rolling12) {
            rolling->append(xOf(p), *p.rolling12);
            maxRolling = std::max(maxRolling, *p.rolling12);
        }
    }
    QPen valuePen(palette().at(0));
    valuePen.setWidthF(2.0);
    values->setPen(valuePen);
    if (auto *scatter = qobject_cast<QScatterSeries *>(values)) {
        scatter->setMarkerSize(10.0);
        scatter->setColor(palette().at(0));
        scatter->setBorderColor(palette().at(0));
        scatter->setName(QStringLiteral("Value (stated figures only)"));
    }
    chart->addSeries(values);
    // The figures a quarter's report shows (its period ends on the quarter's last day), marked so the
    // quarters held stand out along a monthly series.
    QScatterSeries *held = nullptr;
    for (const auto &p : points) {
        if (!model.quarterEnds().contains(p.period.end()))
            continue;
        if (!held) {
            held = new QScatterSeries;
            held->setName(QStringLiteral("Quarter held (report)"));
            held->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
            held->setMarkerSize(9.0);
            held->setColor(Qt::white);
            held->setBorderColor(palette().at(0).darker(140));
        }
        held->append(xOf(p), p.value);
    }
    if (held)
        chart->addSeries(held);
    if (lastYear) {
        lastYear->setName(QStringLiteral("Same period last year"));
        QPen pen(palette().at(2));
        pen.setWidthF(1.5);
        pen.setStyle(Qt::DashLine);
        lastYear->setPen(pen);
        chart->addSeries(lastYear);
    }
    if (rolling) {
        rolling->setName(QStringLiteral("Rolling 12-month total (right axis)"));
        QPen pen(palette().at(1));
        pen.setWidthF(2.0);
        rolling->setPen(pen);
        chart->addSeries(rolling);
    }

    const double span = xOf(points.last()) - xOf(points.first());
    const double day = 86400000.0;
    const double pad = points.size() == 1 ? day * 200 : std::max(span * 0.02, day * 20);
    // Labels on real calendar boundaries (1 January, the 1st of a month), not evenly spaced instants.
    QCategoryAxis *xAxis = timeAxis(xOf(points.first()) - pad, xOf(points.last()) + pad);
    chart->addAxis(xAxis, Qt::AlignBottom);

    auto *yAxis = new QValueAxis;
    yAxis->setRange(0, niceCeiling(maxValue * 1.05));
    yAxis->setLabelFormat(labelFormatFor(model.unit()));
    yAxis->setTitleText(catalog::unitLabel(model.unit()));
    yAxis->setLabelsFont(bodyFont());
    yAxis->setTitleFont(bodyFont());
    yAxis->setTickCount(6);
    yAxis->applyNiceNumbers(); // ticks on round numbers (2,000 not 1,600)
    chart->addAxis(yAxis, Qt::AlignLeft);
    values->attachAxis(xAxis);
    values->attachAxis(yAxis);
    if (held) {
        held->attachAxis(xAxis);
        held->attachAxis(yAxis);
    }
    if (lastYear) {
        lastYear->attachAxis(xAxis);
        lastYear->attachAxis(yAxis);
    }
    if (rolling) {
        auto *rollingAxis = new QValueAxis;
        // The right axis shares the left one's grid lines: same number of intervals, each a round step.
        const int intervals = std::max(1, yAxis->tickCount() - 1);
        rollingAxis->setRange(0, roundStep(maxRolling * 1.05 / intervals) * intervals);
        rollingAxis->setLabelFormat(QStringLiteral("%.0f"));
        rollingAxis->setTitleText(QStringLiteral("Rolling 12-month total"));
        rollingAxis->setLabelsFont(bodyFont());
        rollingAxis->setTitleFont(bodyFont());
        rollingAxis->setTickCount(yAxis->tickCount());
        chart->addAxis(rollingAxis, Qt::AlignRight);
        rolling->attachAxis(xAxis);
        rolling->attachAxis(rollingAxis);
    }
    // Where the series changes MPS classification: the figures either side count differently.
    for (const SeriesModel::Break &b : model.breaks()) {
        const double x = static_cast<double>(b.month.startOfDay(Qt::UTC).toMSecsSinceEpoch());
        if (x > xOf(points.first()) && x <= xOf(points.last()))
            addClassificationBreak(chart, xAxis, yAxis, x, yAxis->min(), yAxis->max(), b.label);
    }
    chart->legend()->setVisible(true);
}

QChart *createBoroughChart(BoroughValuesModel *model, const QString &title, const QString &source)
{
    auto *chart = new QChart;
    applyTheme(chart);
    fillBoroughChart(chart, *model, title, source);
    QObject::connect(model, &QAbstractItemModel::modelReset, chart,
                     [chart, model, title, source] { fillBoroughChart(chart, *model, title, source); });
    return chart;
}

void fillBoroughChart(QChart *chart, const BoroughValuesModel &model, const QString &title, const QString &source)
{
    clearChart(chart);
    chart->setTitle(titleHtml(title, QStringLiteral("By borough, total for %1").arg(model.spanLabel()), source));
    if (model.rowCount() == 0)
        return;
    auto *set = new QBarSet(QStringLiteral("Offences"));
    set->setColor(palette().at(0));
    set->setBorderColor(palette().at(0));
    double maxValue = 0.0;
    for (int r = 0; r < model.rowCount(); ++r) {
        const double v = model.data(model.index(r, BoroughValuesModel::ValueColumn), Qt::EditRole).toDouble();
        *set << v;
        maxValue = std::max(maxValue, v);
    }
    auto *series = new QBarSeries;
    series->append(set);
    series->setBarWidth(0.8);
    chart->addSeries(series);
    // A category axis merges equal labels, so a bar's label must be unique to its borough: the
    // London Squared abbreviation, one per ONS code (the table beside gives full names and codes).
    auto *xAxis = new QBarCategoryAxis;
    QStringList labels;
    for (int r = 0; r < model.rowCount(); ++r)
        labels.append(model.data(model.index(r, BoroughValuesModel::BoroughColumn), BoroughValuesModel::AbbreviationRole).toString());
    xAxis->append(uniqueLabels(labels));
    xAxis->setLabelsFont(bodyFont());
    xAxis->setLabelsAngle(-90);
    chart->addAxis(xAxis, Qt::AlignBottom);
    series->attachAxis(xAxis);
    auto *yAxis = new QValueAxis;
    yAxis->setRange(0, niceCeiling(maxValue * 1.05));
    yAxis->setLabelFormat(QStringLiteral("%.0f"));
    yAxis->setTitleText(QStringLiteral("Offences"));
    yAxis->setLabelsFont(bodyFont());
    yAxis->setTitleFont(bodyFont());
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(yAxis);
    chart->legend()->setVisible(false);
}

} // namespace oversight::charts
