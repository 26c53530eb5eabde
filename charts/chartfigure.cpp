#include "chartfigure.h"

#include "charttheme.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QDateTime>
#include <QChart>
#include <QGraphicsLayout>
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

const QLocale &enGB()
{
    static const QLocale locale(QLocale::English, QLocale::UnitedKingdom);
    return locale;
}

bool isDecoration(const QAbstractSeries *series)
{
    return series->property(kDecoration).toBool();
}

} // namespace

QString formatValue(double value, const QString &unit)
{
    if (unit == QLatin1String("percent"))
        return enGB().toString(value, 'f', 1) + QLatin1Char('%');
    if (unit == QLatin1String("points"))
        return (value > 0 ? QStringLiteral("+") : QString()) + enGB().toString(value, 'f', 1) + QStringLiteral(" pts");
    if (unit == QLatin1String("gbp_m")) {
        const QString text = QStringLiteral("£") + enGB().toString(std::abs(value), 'f', 1) + QLatin1Char('m');
        return value < 0 ? QStringLiteral("-") + text : text;
    }
    if (unit == QLatin1String("gbp")) {
        const QString text = QStringLiteral("£") + enGB().toString(std::abs(value), 'f', 0);
        return value < 0 ? QStringLiteral("-") + text : text;
    }
    if (unit == QLatin1String("ratio"))
        return enGB().toString(value, 'f', 2);
    return enGB().toString(value, 'f', 0);
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

QCategoryAxis *timeAxis(double xMin, double xMax)
{
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setLabelsFont(bodyFont());
    axis->setRange(xMin, xMax);
    axis->setStartValue(xMin);
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
        const QLocale locale(QLocale::English, QLocale::UnitedKingdom);
        while (d <= last) {
            if ((d.month() - 1) % step == 0)
                ticks.append({d, locale.toString(d, QStringLiteral("MMM yyyy"))});
            d = d.addMonths(1);
        }
    }
    for (const auto &[date, label] : ticks) {
        const double ms = toMs(date);
        if (ms > xMin && ms < xMax)
            axis->append(label, ms);
    }
    // The last category ends at the axis end so grid and labels stop at the plot edge.
    return axis;
}

void addEventMarker(QChart *chart, QAbstractAxis *xAxis, QAbstractAxis *yAxis, double x, double yMin, double yMax,
                    const QString &label, const QString &description)
{
    auto *line = new QLineSeries;
    line->append(x, yMin);
    line->append(x, yMax);
    QPen pen(QColor(0x80, 0x80, 0x80));
    pen.setWidthF(0.8);
    pen.setStyle(Qt::DotLine);
    line->setPen(pen);
    line->setName(label);
    line->setProperty(kDecoration, true);
    line->setProperty(kDecorationLabel, label);
    line->setProperty(kDecorationKind, QStringLiteral("event"));
    line->setProperty("description", description);
    chart->addSeries(line);
    line->attachAxis(xAxis);
    line->attachAxis(yAxis);
    for (QLegendMarker *marker : chart->legend()->markers(line))
        marker->setVisible(false);
}

void addReferenceLine(QChart *chart, QAbstractAxis *xAxis, QAbstractAxis *yAxis, double x0, double x1, double y,
                      const QString &label)
{
    auto *line = new QLineSeries;
    line->append(x0, y);
    line->append(x1, y);
    QPen pen(QColor(0x8B, 0x00, 0x00));
    pen.setWidthF(1.5);
    pen.setStyle(Qt::DashLine);
    line->setPen(pen);
    line->setName(label);
    line->setProperty(kDecoration, true);
    line->setProperty(kDecorationLabel, label);
    line->setProperty(kDecorationKind, QStringLiteral("reference"));
    chart->addSeries(line);
    line->attachAxis(xAxis);
    line->attachAxis(yAxis);
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
        const bool event = line->property(kDecorationKind).toString() == QLatin1String("event");
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
                    if (other.intersects(r)) {
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
    if (chart->layout())
        chart->layout()->activate();
    placeDecorationLabels(chart);
    return chart;
}

void ChartFigure::paintBody(QPainter *painter, const QRectF &body)
{
    QGraphicsScene scene;
    QChart *chart = buildChart(body.size());
    scene.addItem(chart);
    chart->setPos(0, 0);
    if (chart->layout())
        chart->layout()->activate();
    placeDecorationLabels(chart);
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
        if (auto *xy = qobject_cast<QXYSeries *>(series)) {
            connect(xy, &QXYSeries::hovered, this, [this, xy, unit, labels](const QPointF &point, bool state) {
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
                                            formatValue(xy->at(best).y(), unit)),
                                   this);
            });
        } else if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
            connect(bars, &QAbstractBarSeries::hovered, this, [this, unit, labels](bool state, int index, QBarSet *set) {
                if (!state)
                    return QToolTip::hideText();
                const QString setUnit = set->property("unit").toString();
                QToolTip::showText(QCursor::pos(),
                                   QStringLiteral("<b>%1</b><br>%2: %3")
                                       .arg(labels.value(index).toHtmlEscaped(), set->label().toHtmlEscaped(),
                                            formatValue(set->at(index), setUnit.isEmpty() ? unit : setUnit)),
                                   this);
            });
        }
    }
    // Legend entries hide and show their series; a hidden one is greyed in the legend.
    for (QLegendMarker *marker : c->legend()->markers()) {
        if (!marker->isVisible() || isDecoration(marker->series()))
            continue;
        connect(marker, &QLegendMarker::clicked, this, [marker] {
            const QColor grey(0xAA, 0xAA, 0xAA);
            if (auto *barMarker = qobject_cast<QBarLegendMarker *>(marker)) {
                QBarSet *set = barMarker->barset();
                const bool hidden = set->property("hiddenBrush").isValid();
                if (hidden) {
                    set->setBrush(set->property("hiddenBrush").value<QBrush>());
                    set->setProperty("hiddenBrush", QVariant());
                    marker->setLabelBrush(QBrush(Qt::black));
                } else {
                    set->setProperty("hiddenBrush", set->brush());
                    set->setBrush(Qt::NoBrush);
                    marker->setLabelBrush(QBrush(grey));
                }
                return;
            }
            QAbstractSeries *series = marker->series();
            series->setVisible(!series->isVisible());
            marker->setVisible(true); // hiding a series hides its marker too; keep it to click again
            marker->setLabelBrush(QBrush(series->isVisible() ? QColor(Qt::black) : grey));
            placeDecorationLabels(series->chart());
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
