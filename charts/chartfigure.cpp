#include "chartfigure.h"
#include "formatting.h"

#include "catalog.h"
#include "charttheme.h"
#include "figurepainting.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QDateTime>
#include <QChart>
#include <QGraphicsEllipseItem>
#include <QGraphicsLayout>
#include <QGraphicsPathItem>
#include <QGraphicsPolygonItem>
#include <QGraphicsScene>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QKeyEvent>
#include <QLegend>
#include <QBarLegendMarker>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>
#include <QXYSeries>

#include <cmath>

namespace oversight::charts {

namespace {

const char kDecoration[] = "decoration";
const char kDecorationLabel[] = "decorationLabel";
const char kDecorationKind[] = "decorationKind";
const int kLabelTag = 0x0DEC;

bool isDecoration(const QAbstractSeries *series)
{
    return series->property(kDecoration).toBool();
}

const QColor kHiddenLabel(0xAA, 0xAA, 0xAA);

// The first horizontal value axis (a time chart's x axis).
QValueAxis *xValueAxis(QChart *chart)
{
    for (QAbstractAxis *axis : chart->axes(Qt::Horizontal)) {
        if (auto *value = qobject_cast<QValueAxis *>(axis))
            return value;
    }
    return nullptr;
}

// A bar set hidden from the legend keeps its outline and loses its fill.
void hideBarSet(QBarSet *set, QLegendMarker *marker)
{
    set->setProperty("hiddenBrush", set->brush());
    set->setBrush(Qt::NoBrush);
    if (marker)
        marker->setLabelBrush(QBrush(kHiddenLabel));
}

void showBarSet(QBarSet *set, QLegendMarker *marker)
{
    set->setBrush(set->property("hiddenBrush").value<QBrush>());
    set->setProperty("hiddenBrush", QVariant());
    if (marker)
        marker->setLabelBrush(QBrush(Qt::black));
}

// A hidden series keeps its legend entry, greyed, to be clicked again.
void setSeriesShown(QAbstractSeries *series, QLegendMarker *marker, bool shown)
{
    series->setVisible(shown);
    if (marker) {
        marker->setVisible(true);
        marker->setLabelBrush(QBrush(shown ? QColor(Qt::black) : kHiddenLabel));
    }
}

// A pattern-brushed shape's hatching drawn as lines (fillHatched), behind the shape's outline.
class HatchItem : public QGraphicsItem {
public:
    HatchItem(const QPainterPath &area, const QBrush &brush, QGraphicsItem *parent)
        : QGraphicsItem(parent), m_area(area), m_brush(brush)
    {
        setFlag(QGraphicsItem::ItemStacksBehindParent);
    }
    QRectF boundingRect() const override { return m_area.boundingRect(); }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override { fillHatched(painter, m_area, m_brush); }

private:
    QPainterPath m_area;
    QBrush m_brush;
};

// What a shape item fills, in its own coordinates (its geometry without the pen).
QPainterPath fillArea(const QAbstractGraphicsShapeItem *item)
{
    QPainterPath path;
    if (const auto *rect = dynamic_cast<const QGraphicsRectItem *>(item))
        path.addRect(rect->rect());
    else if (const auto *ellipse = dynamic_cast<const QGraphicsEllipseItem *>(item))
        path.addEllipse(ellipse->rect());
    else if (const auto *polygon = dynamic_cast<const QGraphicsPolygonItem *>(item))
        path.addPolygon(polygon->polygon());
    else if (const auto *pathItem = dynamic_cast<const QGraphicsPathItem *>(item))
        path = pathItem->path();
    return path;
}

// Bars and legend swatches with a line-pattern brush (the reserves' hatched forecast) get their
// hatching as lines: a pattern brush keeps its spacing in device pixels, and becomes a bitmap
// mask in SVG.
void vectorisePatterns(QGraphicsScene *scene)
{
    const QList<QGraphicsItem *> items = scene->items();
    for (QGraphicsItem *item : items) {
        auto *shape = dynamic_cast<QAbstractGraphicsShapeItem *>(item);
        if (!shape || !shape->isVisible() || !isLinePattern(shape->brush().style()))
            continue;
        const QPainterPath area = fillArea(shape);
        if (area.isEmpty())
            continue;
        new HatchItem(area, shape->brush(), shape);
        shape->setBrush(Qt::NoBrush);
    }
}

// The points of a zoomed chart's series within [xMin, xMax], lines cut exactly at the ends: the
// plot area's clip does the same on screen, but an SVG cannot clip.
void trimToXRange(QChart *chart, double xMin, double xMax)
{
    for (QAbstractSeries *series : chart->series()) {
        auto *xy = qobject_cast<QXYSeries *>(series);
        if (!xy)
            continue;
        const QList<QPointF> points = xy->points();
        const bool line = qobject_cast<QScatterSeries *>(xy) == nullptr;
        QList<QPointF> kept;
        QList<int> cuts; // points made at the edges: no marker there
        for (qsizetype i = 0; i < points.size(); ++i) {
            const QPointF p = points.at(i);
            if (line && i > 0) {
                const QPointF q = points.at(i - 1);
                for (double edge : {xMin, xMax}) {
                    if ((q.x() < edge && p.x() > edge) || (q.x() > edge && p.x() < edge)) {
                        const double t = (edge - q.x()) / (p.x() - q.x());
                        cuts.append(static_cast<int>(kept.size()));
                        kept.append(QPointF(edge, q.y() + t * (p.y() - q.y())));
                    }
                }
            }
            if (p.x() >= xMin && p.x() <= xMax)
                kept.append(p);
        }
        if (kept == points)
            continue;
        xy->replace(kept);
        for (int index : cuts) {
            xy->setPointConfiguration(index, QXYSeries::PointConfiguration::Visibility, false);
            xy->setPointConfiguration(index, QXYSeries::PointConfiguration::LabelVisibility, false);
        }
    }
}

} // namespace

void applyViewState(QChart *chart, const ChartViewState &state)
{
    if (state.zoomed) {
        if (QValueAxis *x = xValueAxis(chart)) {
            x->setRange(state.xMin, state.xMax);
            fitTimeAxis(x);
        }
    }
    if (state.hidden.isEmpty())
        return;
    for (QLegendMarker *marker : chart->legend()->markers()) {
        QAbstractSeries *series = marker->series();
        if (isDecoration(series))
            continue;
        if (auto *barMarker = qobject_cast<QBarLegendMarker *>(marker)) {
            if (state.hidden.contains(barMarker->barset()->label()))
                hideBarSet(barMarker->barset(), marker);
        } else if (state.hidden.contains(series->name())) {
            setSeriesShown(series, marker, false);
        }
    }
}


double niceCeiling(double value)
{
    if (value <= 0)
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
        if (step * magnitude >= value * (1 - 1e-12))
            return step * magnitude;
    }
    return 10.0 * magnitude;
}

void setNiceRange(QValueAxis *axis, double lo, double hi)
{
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (hi - lo <= 0)
        hi = lo + 1.0;
    const double rough = (hi - lo) / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = 10.0 * magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * magnitude >= rough * (1 - 1e-9)) {
            step = m * magnitude;
            break;
        }
    }
    const double min = std::floor(lo / step + 1e-9) * step;
    const double max = std::ceil(hi / step - 1e-9) * step;
    axis->setRange(min, max);
    axis->setTickCount(static_cast<int>(std::llround((max - min) / step)) + 1);
}

QStringList uniqueLabels(const QStringList &labels)
{
    QStringList out;
    for (const QString &label : labels) {
        QString l = label;
        while (out.contains(l))
            l += QChar(0x200B);
        out.append(l);
    }
    return out;
}

namespace {

const char kTimeAxis[] = "timeAxis";

// Labels at real calendar boundaries strictly inside (xMin, xMax): every year, every other year…
// for long spans, quarters or months for short ones.
QList<std::pair<double, QString>> timeTicks(double xMin, double xMax)
{
    const auto toDate = [](double ms) { return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms), Qt::UTC).date(); };
    const auto toMs = [](QDate d) { return static_cast<double>(d.startOfDay(Qt::UTC).toMSecsSinceEpoch()); };
    const QDate first = toDate(xMin);
    const QDate last = toDate(xMax);
    const int months = (last.year() - first.year()) * 12 + last.month() - first.month();
    QList<std::pair<QDate, QString>> ticks;
    if (months > 36) {
        // Years: every year up to about ten labels, then every second or fifth year.
        const int years = last.year() - first.year();
        const int step = years <= 10 ? 1 : years <= 20 ? 2 : 5;
        for (int y = first.year() + 1; y <= last.year(); ++y) {
            if (y % step == 0)
                ticks.append({QDate(y, 1, 1), QString::number(y)});
        }
    } else {
        // Months: every month for a short span, else every quarter's first month or every half-year.
        const int step = months <= 8 ? 1 : months <= 20 ? 3 : 6;
        QDate d(first.year(), first.month(), 1);
        d = d.addMonths(1);
        const QLocale &locale = formatting::enGB();
        while (d <= last) {
            if ((d.month() - 1) % step == 0)
                ticks.append({d, locale.toString(d, QStringLiteral("MMM yyyy"))});
            d = d.addMonths(1);
        }
    }
    QList<std::pair<double, QString>> out;
    for (const auto &[date, label] : ticks) {
        const double ms = toMs(date);
        if (ms > xMin && ms < xMax)
            out.append({ms, label});
    }
    return out;
}

} // namespace

QCategoryAxis *timeAxis(double xMin, double xMax)
{
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setLabelsFont(bodyFont());
    axis->setRange(xMin, xMax);
    axis->setStartValue(xMin);
    axis->setProperty(kTimeAxis, true);
    // The last category ends at the axis end so grid and labels stop at the plot edge.
    for (const auto &[ms, label] : timeTicks(xMin, xMax))
        axis->append(label, ms);
    return axis;
}

void fitTimeAxis(QAbstractAxis *axis)
{
    auto *time = qobject_cast<QCategoryAxis *>(axis);
    if (!time || !time->property(kTimeAxis).toBool())
        return;
    const double lo = time->min();
    const double hi = time->max();
    const auto ticks = timeTicks(lo, hi);
    QStringList labels;
    for (const auto &tick : ticks)
        labels.append(tick.second);
    if (labels == time->categoriesLabels() && time->startValue() == lo)
        return;
    for (const QString &label : time->categoriesLabels())
        time->remove(label);
    time->setStartValue(lo);
    for (const auto &[ms, label] : ticks)
        time->append(label, ms);
}

namespace {

// A line drawn over the data (an event marker or a reference line): not data, no legend entry to
// toggle; placeDecorationLabels writes its label.
QLineSeries *addDecorationLine(QChart *chart, QAbstractAxis *xAxis, QAbstractAxis *yAxis, QPointF from, QPointF to,
                               const QPen &pen, const QString &label, const QString &kind)
{
    auto *line = new QLineSeries;
    line->append(from);
    line->append(to);
    line->setPen(pen);
    line->setName(label);
    line->setProperty(kDecoration, true);
    line->setProperty(kDecorationLabel, label);
    line->setProperty(kDecorationKind, kind);
    chart->addSeries(line);
    line->attachAxis(xAxis);
    line->attachAxis(yAxis);
    return line;
}

} // namespace

void addEventMarker(QChart *chart, QAbstractAxis *xAxis, QAbstractAxis *yAxis, double x, double yMin, double yMax,
                    const QString &label, const QString &description)
{
    QPen pen(QColor(0x80, 0x80, 0x80));
    pen.setWidthF(0.8);
    pen.setStyle(Qt::DotLine);
    QLineSeries *line = addDecorationLine(chart, xAxis, yAxis, {x, yMin}, {x, yMax}, pen, label, QStringLiteral("event"));
    line->setProperty("description", description);
    for (QLegendMarker *marker : chart->legend()->markers(line))
        marker->setVisible(false);
}

void addClassificationBreak(QChart *chart, QAbstractAxis *xAxis, QAbstractAxis *yAxis, double x, double yMin, double yMax,
                            const QString &label)
{
    // Darker and dashed, unlike an event's dotted grey: the figures either side count differently.
    QPen pen(QColor(0x33, 0x33, 0x33));
    pen.setWidthF(1.2);
    pen.setStyle(Qt::DashLine);
    QLineSeries *line = addDecorationLine(chart, xAxis, yAxis, {x, yMin}, {x, yMax}, pen, label, QStringLiteral("break"));
    line->setProperty("description", QStringLiteral("The MPS changed its crime classification: figures before and after "
                                                    "this line count offences differently"));
    for (QLegendMarker *marker : chart->legend()->markers(line))
        marker->setVisible(false);
}

void addReferenceLine(QChart *chart, QAbstractAxis *xAxis, QAbstractAxis *yAxis, double x0, double x1, double y,
                      const QString &label)
{
    QPen pen(QColor(0x8B, 0x00, 0x00));
    pen.setWidthF(1.5);
    pen.setStyle(Qt::DashLine);
    addDecorationLine(chart, xAxis, yAxis, {x0, y}, {x1, y}, pen, label, QStringLiteral("reference"));
}

void placeDecorationLabels(QChart *chart)
{
    for (QGraphicsItem *child : chart->childItems()) {
        if (child->data(0).toInt() == kLabelTag)
            delete child;
    }
    const QRectF plot = chart->plotArea();
    if (plot.isEmpty())
        return;
    QFont font = bodyFont();
    font.setPointSizeF(7.5);
    // Event labels sit at the top of the plot, stepping down a line where they would overlap.
    QList<QRectF> placed;
    for (QAbstractSeries *series : chart->series()) {
        auto *line = qobject_cast<QLineSeries *>(series);
        if (!line || !isDecoration(line) || !line->isVisible() || line->count() < 2)
            continue;
        const QString text = line->property(kDecorationLabel).toString();
        // A pale backing keeps a label legible where it crosses another marker's line.
        auto *backing = new QGraphicsRectItem(chart);
        backing->setData(0, kLabelTag);
        backing->setPen(Qt::NoPen);
        backing->setBrush(QColor(255, 255, 255, 215));
        backing->setZValue(19);
        auto *item = new QGraphicsSimpleTextItem(text, backing);
        item->setFont(font);
        const QRectF box = item->boundingRect();
        const QString kind = line->property(kDecorationKind).toString();
        const bool event = kind == QLatin1String("event") || kind == QLatin1String("break");
        const QPointF a = chart->mapToPosition(line->at(0), line);
        const QPointF b = chart->mapToPosition(line->at(1), line);
        if (event) {
            if (a.x() < plot.left() - 0.5 || a.x() > plot.right() + 0.5) {
                delete backing;
                continue;
            }
            qreal x = a.x() + 3;
            if (x + box.width() > plot.right())
                x = a.x() - 3 - box.width(); // near the right edge the label sits left of its line
            QRectF r(x, plot.top() + 2, box.width(), box.height());
            bool moved = true;
            while (moved) {
                moved = false;
                for (const QRectF &other : placed) {
                    if (other.adjusted(-4, 0, 4, 0).intersects(r)) { // a gap between neighbours
                        r.moveTop(other.bottom() + 1);
                        moved = true;
                    }
                }
            }
            placed.append(r);
            item->setBrush(QColor(0x33, 0x33, 0x33));
            backing->setRect(QRectF(QPointF(0, 0), box.size()).adjusted(-1, 0, 1, 0));
            backing->setPos(r.topLeft());
        } else {
            const qreal y = std::min(a.y(), b.y());
            item->setBrush(QColor(0x8B, 0x00, 0x00));
            backing->setRect(QRectF(QPointF(0, 0), box.size()).adjusted(-1, 0, 1, 0));
            backing->setPos(std::max(plot.left() + 4, std::max(a.x(), b.x()) - box.width() - 4), y - box.height() - 1);
        }
    }
}

QChart *ChartFigure::buildChart(const QSizeF &size) const
{
    auto *chart = new QChart;
    applyTheme(chart);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->resize(size);
    fill(chart);
    applyViewState(chart, m_viewState);
    if (chart->layout())
        chart->layout()->activate();
    placeDecorationLabels(chart);
    return chart;
}

void ChartFigure::paintBody(QPainter *painter, const QRectF &body)
{
    QGraphicsScene scene;
    QChart *chart = buildChart(body.size());
    if (m_viewState.zoomed)
        trimToXRange(chart, m_viewState.xMin, m_viewState.xMax);
    scene.addItem(chart);
    chart->setPos(0, 0);
    if (chart->layout())
        chart->layout()->activate();
    placeDecorationLabels(chart);
    vectorisePatterns(&scene);
    scene.setSceneRect(QRectF(QPointF(0, 0), body.size()));
    scene.render(painter, body, scene.sceneRect(), Qt::IgnoreAspectRatio);
}

QList<int> ChartFigure::pointCounts() const
{
    QList<int> counts;
    if (!missingData().isEmpty())
        return counts;
    std::unique_ptr<QChart> chart(buildChart(QSizeF(800, 500)));
    for (QAbstractSeries *series : chart->series()) {
        if (isDecoration(series))
            continue;
        if (auto *xy = qobject_cast<QXYSeries *>(series)) {
            counts.append(static_cast<int>(xy->count()));
        } else if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
            for (QBarSet *set : bars->barSets())
                counts.append(static_cast<int>(set->count()));
        }
    }
    return counts;
}

QWidget *ChartFigure::createBodyView(QWidget *parent)
{
    return new InteractiveChartView(this, parent);
}

InteractiveChartView::InteractiveChartView(ChartFigure *figure, QWidget *parent)
    : QChartView(parent), m_figure(figure)
{
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setBackgroundBrush(Qt::white);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 220);
    refill();
    connect(figure, &Figure::changed, this, &InteractiveChartView::refill);
}

void InteractiveChartView::refill()
{
    m_figure->setViewState({});
    QChart *old = chart();
    auto *fresh = new QChart;
    applyTheme(fresh);
    fresh->setAnimationOptions(QChart::NoAnimation);
    if (m_figure->missingData().isEmpty())
        m_figure->fill(fresh);
    setChart(fresh); // the view owns the chart from here
    delete old;
    setRubberBand(m_figure->zoomable() ? QChartView::HorizontalRubberBand : QChartView::NoRubberBand);
    connect(fresh, &QChart::plotAreaChanged, fresh, [fresh] { placeDecorationLabels(fresh); });
    connectSeries();
    placeDecorationLabels(fresh);
    // Zooming and panning change the x axis's range: remembered for copy, print and export.
    if (QValueAxis *x = xValueAxis(fresh)) {
        m_fullXMin = x->min();
        m_fullXMax = x->max();
        connect(x, &QValueAxis::rangeChanged, this, &InteractiveChartView::rememberViewState);
        // The labels follow the visible span, and event labels their lines, once the zoom is done.
        connect(x, &QValueAxis::rangeChanged, this, [this, x] {
            QMetaObject::invokeMethod(this, [this, x] {
                if (chart() && xValueAxis(chart()) == x) {
                    fitTimeAxis(x);
                    placeDecorationLabels(chart());
                }
            }, Qt::QueuedConnection);
        });
    }
}

void InteractiveChartView::rememberViewState()
{
    ChartViewState state;
    QChart *c = chart();
    if (QValueAxis *x = xValueAxis(c)) {
        const double tolerance = std::abs(m_fullXMax - m_fullXMin) * 1e-9;
        if (std::abs(x->min() - m_fullXMin) > tolerance || std::abs(x->max() - m_fullXMax) > tolerance) {
            state.zoomed = true;
            state.xMin = x->min();
            state.xMax = x->max();
        }
    }
    for (QAbstractSeries *series : c->series()) {
        if (isDecoration(series))
            continue;
        if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
            for (QBarSet *set : bars->barSets()) {
                if (set->property("hiddenBrush").isValid())
                    state.hidden.append(set->label());
            }
        } else if (!series->isVisible()) {
            state.hidden.append(series->name());
        }
    }
    m_figure->setViewState(state);
}

void InteractiveChartView::connectSeries()
{
    QChart *c = chart();
    for (QAbstractSeries *series : c->series()) {
        if (isDecoration(series)) {
            if (auto *line = qobject_cast<QLineSeries *>(series)) {
                connect(line, &QXYSeries::hovered, this, [this, line](const QPointF &, bool state) {
                    if (!state)
                        return QToolTip::hideText();
                    const QString description = line->property("description").toString();
                    QToolTip::showText(QCursor::pos(),
                                       QStringLiteral("<b>%1</b>%2").arg(line->name().toHtmlEscaped(),
                                           description.isEmpty() ? QString() : QStringLiteral("<br>") + description.toHtmlEscaped()),
                                       this);
                });
            }
            continue;
        }
        const QString unit = series->property("unit").toString();
        const QStringList labels = series->property("labels").toStringList();
        // Each point's stated decimals where the figure knows them ("£2,504m", not "£2,504.0m").
        const QVariantList decimals = series->property("decimals").toList();
        if (auto *xy = qobject_cast<QXYSeries *>(series)) {
            connect(xy, &QXYSeries::hovered, this, [this, xy, unit, labels, decimals](const QPointF &point, bool state) {
                if (!state)
                    return QToolTip::hideText();
                // The stored point nearest the cursor along x: the tooltip gives its exact figure.
                int best = -1;
                double bestDistance = 0.0;
                for (int i = 0; i < xy->count(); ++i) {
                    const double d = std::abs(xy->at(i).x() - point.x());
                    if (best < 0 || d < bestDistance) {
                        best = i;
                        bestDistance = d;
                    }
                }
                if (best < 0)
                    return;
                QToolTip::showText(QCursor::pos(),
                                   QStringLiteral("<b>%1</b><br>%2: %3")
                                       .arg(xy->name().toHtmlEscaped(), labels.value(best).toHtmlEscaped(),
                                            catalog::formatValue(xy->at(best).y(), unit,
                                                                 best < decimals.size() ? std::optional<int>(decimals.at(best).toInt())
                                                                                        : std::nullopt)),
                                   this);
            });
        } else if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
            connect(bars, &QAbstractBarSeries::hovered, this, [this, unit, labels](bool state, int index, QBarSet *set) {
                if (!state)
                    return QToolTip::hideText();
                const QString setUnit = set->property("unit").toString();
                const QVariant decimals = set->property("decimals").toList().value(index);
                QToolTip::showText(QCursor::pos(),
                                   QStringLiteral("<b>%1</b><br>%2: %3")
                                       .arg(labels.value(index).toHtmlEscaped(), set->label().toHtmlEscaped(),
                                            catalog::formatValue(set->at(index), setUnit.isEmpty() ? unit : setUnit,
                                                                 decimals.isValid() ? std::optional<int>(decimals.toInt()) : std::nullopt)),
                                   this);
            });
        }
    }
    // Legend entries hide and show their series; a hidden one is greyed in the legend.
    for (QLegendMarker *marker : c->legend()->markers()) {
        if (!marker->isVisible() || isDecoration(marker->series()))
            continue;
        connect(marker, &QLegendMarker::clicked, this, [this, marker] {
            if (auto *barMarker = qobject_cast<QBarLegendMarker *>(marker)) {
                QBarSet *set = barMarker->barset();
                if (set->property("hiddenBrush").isValid())
                    showBarSet(set, marker);
                else
                    hideBarSet(set, marker);
            } else {
                // Hiding a series hides its marker too; it is kept, greyed, to click again.
                QAbstractSeries *series = marker->series();
                setSeriesShown(series, marker, !series->isVisible());
                placeDecorationLabels(series->chart());
            }
            rememberViewState();
        });
    }
}

void InteractiveChartView::wheelEvent(QWheelEvent *event)
{
    if (!m_figure->zoomable())
        return QChartView::wheelEvent(event);
    const QRectF plot = chart()->plotArea();
    const qreal factor = event->angleDelta().y() > 0 ? 0.8 : 1.25;
    const qreal cx = std::clamp(event->position().x(), plot.left(), plot.right());
    QRectF r = plot;
    r.setWidth(plot.width() * factor);
    r.moveLeft(cx - (cx - plot.left()) * factor);
    chart()->zoomIn(r);
    event->accept();
}

void InteractiveChartView::keyPressEvent(QKeyEvent *event)
{
    if (m_figure->zoomable()) {
        const qreal step = chart()->plotArea().width() / 10.0;
        switch (event->key()) {
        case Qt::Key_Left: chart()->scroll(-step, 0); return;
        case Qt::Key_Right: chart()->scroll(step, 0); return;
        case Qt::Key_Plus: chart()->zoomIn(); return;
        case Qt::Key_Minus: chart()->zoomOut(); return;
        case Qt::Key_Escape:
        case Qt::Key_0: chart()->zoomReset(); return;
        default: break;
        }
    }
    QChartView::keyPressEvent(event);
}

void InteractiveChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (m_figure->zoomable())
        chart()->zoomReset();
    QChartView::mouseDoubleClickEvent(event);
}

void InteractiveChartView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    const QString missing = m_figure->missingData();
    if (!missing.isEmpty())
        paintMissingData(painter, sceneRect(), missing);
}

} // namespace oversight::charts
