#include "surveyfigures.h"
#include "formatting.h"

#include "chartregistry.h"
#include "charttheme.h"
#include "figurepainting.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace oversight::charts {

namespace {

constexpr qreal kMargin = 8.0;
constexpr qreal kCategoryGap = 6.0;

const QString kSource = QStringLiteral("Source: Public Attitude Survey and User Satisfaction Survey");

// ColorBrewer RdBu (11 classes), from the centre outwards: red below the average, blue above.
const QList<QColor> &belowRamp()
{
    static const QList<QColor> ramp = {QColor(0xF7, 0xF7, 0xF7), QColor(0xFD, 0xDB, 0xC7), QColor(0xF4, 0xA5, 0x82),
                                       QColor(0xD6, 0x60, 0x4D), QColor(0xB2, 0x18, 0x2B), QColor(0x67, 0x00, 0x1F)};
    return ramp;
}

const QList<QColor> &aboveRamp()
{
    static const QList<QColor> ramp = {QColor(0xF7, 0xF7, 0xF7), QColor(0xD1, 0xE5, 0xF0), QColor(0x92, 0xC5, 0xDE),
                                       QColor(0x43, 0x93, 0xC3), QColor(0x21, 0x66, 0xAC), QColor(0x05, 0x30, 0x61)};
    return ramp;
}

// The bars: sign by hue, significance by strength (dark and light also differ in greyscale).
const QColor kBelowSignificant(0xB2, 0x18, 0x2B);
const QColor kBelow(0xF4, 0xA5, 0x82);
const QColor kAbove(0x92, 0xC5, 0xDE);
const QColor kAboveSignificant(0x21, 0x66, 0xAC);
const QColor kInk = ink();
const QColor kMutedInk = mutedInk();

QColor barColour(double gap)
{
    const bool significant = isSignificantGap(gap);
    if (gapTenths(gap) < 0)
        return significant ? kBelowSignificant : kBelow;
    return significant ? kAboveSignificant : kAbove;
}

QString averageName(const SurveyGapsData &data)
{
    if (data.areaName().isEmpty() || data.areaName() == QLatin1String("Metropolitan Police Service"))
        return QStringLiteral("MPS average");
    return data.areaName() + QStringLiteral(" average");
}

// The rule's threshold as the figures write gaps: "5.0".
QString thresholdText()
{
    return gapSignificance().thresholdFigure();
}

// "more than 5 points either way", from the one rule.
QString significanceWords()
{
    return gapSignificance().extent() + QStringLiteral(" either way");
}

// The shared tooltip for one group and measure.
QString gapToolTip(const SurveyGapsData &data, int group, int measure)
{
    const SurveyGapsData::Group &g = data.groups().at(group);
    const SurveyMeasure &m = data.measures().at(measure);
    QString tip = QStringLiteral("<b>%1</b> (%2)<br>%3 (%4)<br>")
                      .arg(g.name.toHtmlEscaped(), g.category.toHtmlEscaped(), m.name.toHtmlEscaped(),
                           m.shortName.toHtmlEscaped());
    const std::optional<double> gap = g.gaps.value(measure);
    if (!gap) {
        tip += QStringLiteral("No figure is stored for %1.").arg(data.periodLabel().toHtmlEscaped());
    } else {
        tip += QStringLiteral("Gap to the %1: <b>%2 pts</b>").arg(averageName(data), gapText(*gap));
        // A figure with more than one decimal is shown rounded; say what is stored.
        if (std::abs(*gap * 10.0 - std::round(*gap * 10.0)) > 1e-6)
            tip += QStringLiteral(" (stored as %1)").arg(QString::number(*gap, 'g', 10).replace(QLatin1Char('-'), QChar(0x2212)));
        tip += QStringLiteral("<br>%1").arg(isSignificantGap(*gap)
                                                ? QStringLiteral("Significant (%1)").arg(significanceWords())
                                                : QStringLiteral("Not significant (significant: %1)")
                                                      .arg(significanceWords()));
    }
    if (const std::optional<double> average = data.averages().value(measure))
        tip += QStringLiteral("<br>%1: %2%").arg(averageName(data)).arg(*average, 0, 'f', 1);
    return tip;
}

// Where each category's run of groups starts (the groups are drawn in blocks).
bool startsCategory(const SurveyGapsData &data, int group)
{
    return group > 0 && data.groups().at(group).category != data.groups().at(group - 1).category;
}

int categoryBreaks(const SurveyGapsData &data)
{
    int n = 0;
    for (int i = 0; i < data.groups().size(); ++i)
        n += startsCategory(data, i) ? 1 : 0;
    return n;
}

qreal categoryColumnWidth(const SurveyGapsData &data)
{
    const QFontMetricsF fm(scaledFont(9.0, true));
    qreal w = 0;
    for (const auto &g : data.groups())
        w = std::max(w, fm.horizontalAdvance(g.category));
    return w + 12;
}

qreal groupColumnWidth(const SurveyGapsData &data)
{
    const QFontMetricsF fm(scaledFont(9.0));
    qreal w = 0;
    for (const auto &g : data.groups())
        w = std::max(w, fm.horizontalAdvance(g.name));
    return w + 12;
}

// Row rectangles for the groups from top, each rowHeight tall, with a gap between categories.
QList<QRectF> groupRows(const SurveyGapsData &data, qreal left, qreal top, qreal width, qreal rowHeight)
{
    QList<QRectF> rows;
    qreal y = top;
    for (int i = 0; i < data.groups().size(); ++i) {
        if (startsCategory(data, i))
            y += kCategoryGap;
        rows.append(QRectF(left, y, width, rowHeight));
        y += rowHeight;
    }
    return rows;
}

// Category names (bold, centred on their block) and group names, with a rule between categories.
void paintGroupLabels(QPainter *painter, const SurveyGapsData &data, const QList<QRectF> &rows,
                      const QRectF &categoryColumn, const QRectF &groupColumn, qreal ruleRight)
{
    const QFont categoryFont = scaledFont(9.0, true);
    const QFont groupFont = scaledFont(9.0);
    int first = 0;
    for (int i = 0; i <= data.groups().size(); ++i) {
        if (i < data.groups().size() && (i == 0 || !startsCategory(data, i)))
            continue;
        const QRectF block(categoryColumn.left(), rows.at(first).top(), categoryColumn.width(),
                           rows.at(i - 1).bottom() - rows.at(first).top());
        painter->setFont(categoryFont);
        painter->setPen(kInk);
        const QString name = QFontMetricsF(categoryFont).elidedText(data.groups().at(first).category, Qt::ElideRight,
                                                                    block.width() - 6);
        painter->drawText(block.adjusted(0, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter, name);
        if (first > 0) {
            painter->setPen(QPen(QColor(0xBB, 0xBB, 0xBB), 1.0));
            const qreal y = rows.at(first).top() - kCategoryGap / 2;
            painter->drawLine(QPointF(categoryColumn.left(), y), QPointF(ruleRight, y));
        }
        first = i;
    }
    painter->setFont(groupFont);
    painter->setPen(kInk);
    for (int i = 0; i < data.groups().size(); ++i) {
        const QRectF r(groupColumn.left(), rows.at(i).top(), groupColumn.width() - 6, rows.at(i).height());
        painter->drawText(r, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetricsF(groupFont).elidedText(data.groups().at(i).name, Qt::ElideRight, r.width()));
    }
}

// A "no data" cell: hatched grey, never a colour on the scale.
void paintNoData(QPainter *painter, const QRectF &r, bool withText)
{
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xF0, 0xF0, 0xF0));
    painter->drawRect(r);
    QPainterPath cell;
    cell.addRect(r);
    fillHatched(painter, cell, QBrush(QColor(0xB4, 0xB4, 0xB4), Qt::BDiagPattern)); // lines at any resolution
    if (withText) {
        const QFont f = scaledFont(7.5, false, true);
        const QFontMetricsF fm(f);
        const QString words = QStringLiteral("no data");
        if (fm.horizontalAdvance(words) + 6 <= r.width()) {
            const QRectF box = centredTextBox(fm, words, r.center());
            painter->setBrush(QColor(0xF0, 0xF0, 0xF0));
            painter->drawRect(box.adjusted(-2, 0, 2, 0));
            painter->setFont(f);
            painter->setPen(kMutedInk);
            painter->drawText(box, Qt::AlignCenter, words);
        }
    }
    painter->restore();
}

// Legend items for the gap figures, flowed across the legend's width.
LegendItem noDataItem()
{
    const QFont f = scaledFont(8.0);
    const QString words = QStringLiteral("No figure stored");
    const QSizeF size(34 + 6 + QFontMetricsF(f).horizontalAdvance(words), 22);
    return {size, [f, words](QPainter *p, const QRectF &r) {
                const QRectF swatch(r.left(), r.top() + 2, 34, 18);
                paintNoData(p, swatch, false);
                p->setFont(f);
                p->setPen(kInk);
                p->drawText(QRectF(swatch.right() + 6, r.top(), r.width() - 40, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
                            words);
            }};
}

} // namespace

QColor gapColour(double gapPoints, double domainPoints)
{
    const double t = std::clamp(std::abs(gapPoints) / std::max(domainPoints, 1.0), 0.0, 1.0);
    const QList<QColor> &ramp = gapPoints < 0 ? belowRamp() : aboveRamp();
    const double pos = t * (ramp.size() - 1);
    const int i = std::min(static_cast<int>(pos), static_cast<int>(ramp.size()) - 2);
    const double f = pos - i;
    const QColor &a = ramp.at(i);
    const QColor &b = ramp.at(i + 1);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * f),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * f),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * f));
}

double gapDomain(const SurveyGapsData &data)
{
    double largest = 0;
    for (const auto &g : data.groups()) {
        for (const auto &v : g.gaps) {
            if (v)
                largest = std::max(largest, std::abs(*v));
        }
    }
    return std::max(10.0, std::ceil(largest / 5.0 - 1e-9) * 5.0);
}

// ---------------------------------------------------------------------------------------------
// Shared

SurveyGapsFigure::SurveyGapsFigure(const Store &store, QObject *parent) : PaintedFigure(parent), m_store(store) {}

void SurveyGapsFigure::setRequest(const ChartRequest &request)
{
    m_request = request;
    m_error.clear();
    m_data = SurveyGapsData::load(m_store, request.areaCode, request.to, &m_error);
    requestChanged();
    Q_EMIT changed();
}

FigureText SurveyGapsFigure::baseText(const QString &title) const
{
    FigureText t;
    t.title = title;
    if (!m_data.isEmpty()) {
        t.subtitle = QStringLiteral("%1, %2 · group result minus the %3, in percentage points")
                         .arg(m_data.areaName(), m_data.periodLabel(), averageName(m_data));
        t.asAt = asAtText(m_data.periodEnd());
    }
    t.source = kSource;
    t.note = m_data.note();
    return t;
}

QString SurveyGapsFigure::baseMissingData() const
{
    if (!m_error.isEmpty())
        return QStringLiteral("The survey gaps could not be read from the store: %1").arg(m_error);
    if (m_data.isEmpty()) {
        QString when = m_request.to.isValid()
            ? QStringLiteral(" for periods up to %1").arg(formatting::enGB()
                                                              .toString(m_request.to, QStringLiteral("d MMMM yyyy")))
            : QString();
        return QStringLiteral("No satisfaction gaps are stored%1. This figure needs the Public Attitude Survey and User "
                              "Satisfaction Survey inequalities table: each survey group's gap to the MPS average "
                              "for the six measures (pas.<measure>.gap by survey group). Import it to draw the figure.")
            .arg(when);
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Heatmap

namespace {

LegendItem rampItem(double domain)
{
    const QFont f = scaledFont(8.0);
    const QFontMetricsF fm(f);
    const QString caption = QStringLiteral("Gap to the average, points: below (−, red) · above (+, blue)");
    const qreal rampWidth = 250;
    const QSizeF size(std::max(rampWidth + 16, fm.horizontalAdvance(caption)), fm.height() * 2 + 16);
    return {size, [=](QPainter *p, const QRectF &r) {
                p->setFont(f);
                p->setPen(kInk);
                p->drawText(QRectF(r.left(), r.top(), r.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter, caption);
                const QRectF ramp(r.left() + 8, r.top() + fm.height() + 2, rampWidth, 12);
                const int steps = 100;
                for (int i = 0; i < steps; ++i) {
                    const double v = -domain + (2 * domain) * (i + 0.5) / steps;
                    p->fillRect(QRectF(ramp.left() + ramp.width() * i / steps, ramp.top(), ramp.width() / steps + 0.6,
                                       ramp.height()),
                                gapColour(v, domain));
                }
                p->setPen(QPen(QColor(0x88, 0x88, 0x88), 0.8));
                p->setBrush(Qt::NoBrush);
                p->drawRect(ramp);
                const double step = domain > 20 ? 10.0 : 5.0;
                for (double v = -domain; v <= domain + 1e-9; v += step) {
                    const qreal x = ramp.left() + ramp.width() * (v + domain) / (2 * domain);
                    p->setPen(QPen(kInk, 1.0));
                    p->drawLine(QPointF(x, ramp.bottom()), QPointF(x, ramp.bottom() + 3));
                    const QString label = gapText(v).replace(QStringLiteral(".0"), QString());
                    p->drawText(centredTextBox(fm, label, QPointF(x, ramp.bottom() + 3 + fm.height() / 2)),
                                Qt::AlignCenter, label);
                }
            }};
}

LegendItem significantCellItem(double domain)
{
    const QFont f = scaledFont(8.0);
    const QFont bold = scaledFont(8.5, true);
    const QString words = QStringLiteral("Significant: %1 (bold, outlined)").arg(significanceWords());
    const QSizeF size(46 + 6 + QFontMetricsF(f).horizontalAdvance(words), 26);
    return {size, [=](QPainter *p, const QRectF &r) {
                const QRectF swatch(r.left() + 1.5, r.top() + 2, 43, 22);
                p->fillRect(swatch, gapColour(-gapSignificance().thresholdPoints, domain));
                p->setPen(QPen(kInk, 2.5));
                p->setBrush(Qt::NoBrush);
                p->drawRect(swatch);
                p->setFont(bold);
                p->drawText(swatch, Qt::AlignCenter, gapSignificance().comparator().trimmed() + QStringLiteral("±") + thresholdText());
                p->setFont(f);
                p->drawText(QRectF(swatch.right() + 7.5, r.top(), r.width() - 52, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
                            words);
            }};
}

QList<LegendItem> heatmapLegend(double domain)
{
    return {rampItem(domain), significantCellItem(domain), noDataItem()};
}

} // namespace

QRectF SurveyGapsHeatmap::Layout::cell(int row, int column) const
{
    return QRectF(columns.at(column).left(), rows.at(row).top(), columns.at(column).width(), rows.at(row).height());
}

SurveyGapsHeatmap::Layout SurveyGapsHeatmap::layout(const QRectF &body) const
{
    Layout l;
    l.origin = body.topLeft();
    const int nRows = static_cast<int>(m_data.groups().size());
    const int nCols = static_cast<int>(m_data.measures().size());
    const qreal catW = categoryColumnWidth(m_data);
    const qreal groupW = groupColumnWidth(m_data);
    const QFontMetricsF headFm(scaledFont(8.5, true));
    const qreal headerH = headFm.height() * 2 + 8;
    const qreal breaks = categoryBreaks(m_data) * kCategoryGap;
    const qreal minRow = QFontMetricsF(scaledFont(9.0, true)).height() + 4;
    const qreal minCol = 64;
    const QList<LegendItem> legend = heatmapLegend(gapDomain(m_data));

    // Shrink the whole drawing rather than clip it when the body is too small.
    auto neededHeight = [&](qreal width) {
        return 2 * kMargin + headerH + nRows * minRow + breaks + 10 + legendHeight(legend, width - 2 * kMargin);
    };
    const qreal neededWidth = 2 * kMargin + catW + groupW + nCols * minCol;
    l.scale = std::min({1.0, body.width() / neededWidth, body.height() / neededHeight(body.width())});
    if (l.scale < 1.0)
        l.scale = std::min({1.0, body.width() / neededWidth, body.height() / neededHeight(body.width() / l.scale)});
    const qreal w = body.width() / l.scale;
    const qreal h = body.height() / l.scale;

    const qreal colW = std::min<qreal>(150, (w - 2 * kMargin - catW - groupW) / nCols);
    const qreal blockW = catW + groupW + nCols * colW;
    const qreal left = kMargin + std::max<qreal>(0, (w - 2 * kMargin - blockW) / 2);
    const qreal legendH = legendHeight(legend, w - kMargin - left); // under the grid, from its left edge
    const qreal rowH = std::min<qreal>(34, (h - 2 * kMargin - headerH - breaks - 10 - legendH) / std::max(1, nRows));
    l.categoryColumn = QRectF(left, kMargin + headerH, catW, nRows * rowH + breaks);
    l.groupColumn = QRectF(left + catW, kMargin + headerH, groupW, nRows * rowH + breaks);
    const qreal gridLeft = left + catW + groupW;
    l.header = QRectF(left, kMargin, blockW, headerH);
    for (int c = 0; c < nCols; ++c)
        l.columns.append(QRectF(gridLeft + c * colW, kMargin, colW, headerH));
    l.rows = groupRows(m_data, left, kMargin + headerH, blockW, rowH);
    const qreal gridBottom = l.rows.isEmpty() ? kMargin + headerH : l.rows.last().bottom();
    l.legend = QRectF(left, gridBottom + 10, w - kMargin - left, legendH);
    return l;
}

FigureText SurveyGapsHeatmap::text() const
{
    return baseText(QStringLiteral("Satisfaction and public voice: gaps to the %1 by group").arg(averageName(m_data)));
}

QString SurveyGapsHeatmap::missingData() const
{
    return baseMissingData();
}

QList<int> SurveyGapsHeatmap::pointCounts() const
{
    QList<int> counts;
    if (m_data.isEmpty())
        return counts;
    for (int c = 0; c < m_data.measures().size(); ++c)
        counts.append(m_data.storedCells(c));
    return counts;
}

void SurveyGapsHeatmap::paintBody(QPainter *painter, const QRectF &body)
{
    if (m_data.isEmpty())
        return;
    const Layout l = layout(body);
    const double domain = gapDomain(m_data);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->translate(l.origin);
    painter->scale(l.scale, l.scale);

    // Column heads: the report's short names, wrapped, sitting on the grid.
    const QFont headFont = scaledFont(8.5, true);
    painter->setFont(headFont);
    painter->setPen(kInk);
    for (int c = 0; c < l.columns.size(); ++c)
        painter->drawText(l.columns.at(c).adjusted(3, 0, -3, -4), Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap,
                          m_data.measures().at(c).shortName);
    painter->drawText(QRectF(l.categoryColumn.left(), l.header.top(), l.categoryColumn.width() + l.groupColumn.width(),
                             l.header.height() - 4),
                      Qt::AlignLeft | Qt::AlignBottom, QStringLiteral("Survey group"));

    paintGroupLabels(painter, m_data, l.rows, l.categoryColumn, l.groupColumn, l.header.right());

    const QFont valueFont = scaledFont(9.0);
    const QFont significantFont = scaledFont(9.0, true);
    for (int r = 0; r < m_data.groups().size(); ++r) {
        for (int c = 0; c < m_data.measures().size(); ++c) {
            const QRectF cell = l.cell(r, c).adjusted(1, 1, -1, -1);
            const std::optional<double> gap = m_data.groups().at(r).gaps.value(c);
            if (!gap) {
                paintNoData(painter, cell, true);
                continue;
            }
            const QColor fill = gapColour(*gap, domain);
            painter->fillRect(cell, fill);
            const bool significant = isSignificantGap(*gap);
            painter->setFont(significant ? significantFont : valueFont);
            painter->setPen(readableInk(fill));
            painter->drawText(cell, Qt::AlignCenter, gapText(*gap));
            if (significant) {
                painter->setPen(QPen(kInk, 2.5));
                painter->setBrush(Qt::NoBrush);
                painter->drawRect(cell.adjusted(1.25, 1.25, -1.25, -1.25));
            }
        }
    }
    paintLegend(painter, heatmapLegend(domain), l.legend);
    painter->restore();
}

QString SurveyGapsHeatmap::toolTipAt(const QPointF &pos, const QRectF &body) const
{
    if (m_data.isEmpty())
        return {};
    const Layout l = layout(body);
    const QPointF p = l.toLocal(pos);
    for (int r = 0; r < l.rows.size(); ++r) {
        for (int c = 0; c < l.columns.size(); ++c) {
            if (l.cell(r, c).contains(p))
                return gapToolTip(m_data, r, c);
        }
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Diverging bars

namespace {

LegendItem swatchItem(const QColor &colour, const QString &words)
{
    const QFont f = scaledFont(8.0);
    const QSizeF size(22 + 6 + QFontMetricsF(f).horizontalAdvance(words), 20);
    return {size, [=](QPainter *p, const QRectF &r) {
                const QRectF swatch(r.left() + 0.5, r.top() + 4, 22, 12);
                p->setPen(QPen(colour.darker(130), 0.8));
                p->setBrush(colour);
                p->drawRect(swatch);
                p->setFont(f);
                p->setPen(kInk);
                p->drawText(QRectF(swatch.right() + 6, r.top(), r.width() - 28, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
                            words);
            }};
}

QList<LegendItem> barsLegend()
{
    // "below −5.0" and "above +5.0" under the report's rule (strict); "−5.0 or lower" under an inclusive one.
    const SignificanceRule &rule = gapSignificance();
    const QString below = rule.strict ? QStringLiteral("below %1%2").arg(QChar(0x2212), thresholdText())
                                      : QStringLiteral("%1%2 or lower").arg(QChar(0x2212), thresholdText());
    const QString above = rule.strict ? QStringLiteral("above +%1").arg(thresholdText())
                                      : QStringLiteral("+%1 or higher").arg(thresholdText());
    return {
        swatchItem(kBelowSignificant, QStringLiteral("Below, significant (%1)").arg(below)),
        swatchItem(kBelow, QStringLiteral("Below the average")),
        swatchItem(kAbove, QStringLiteral("Above the average")),
        swatchItem(kAboveSignificant, QStringLiteral("Above, significant (%1)").arg(above)),
        noDataItem(),
    };
}

} // namespace

int SurveyGapsBars::measure() const
{
    const int i = m_data.measureIndex(m_request.variant);
    return i < 0 ? 0 : i;
}

QList<FigureVariant> SurveyGapsBars::variants() const
{
    QList<FigureVariant> out;
    for (const SurveyMeasure &m : surveyMeasures())
        out.append({m.key, m.shortName});
    return out;
}

FigureText SurveyGapsBars::text() const
{
    const SurveyMeasure m = m_data.measures().value(measure(), surveyMeasures().value(measure()));
    const QString name = m.name.isEmpty() ? m.shortName : m.name;
    return baseText(QStringLiteral("%1: gap to the %2 by group").arg(name, averageName(m_data)));
}

QString SurveyGapsBars::missingData() const
{
    const QString base = baseMissingData();
    if (!base.isEmpty())
        return base;
    if (m_data.storedCells(measure()) == 0)
        return QStringLiteral("No gaps are stored for %1 in %2. This figure needs each survey group's gap to the %3 "
                              "for this measure (%4.gap by survey group).")
            .arg(m_data.measures().at(measure()).shortName, m_data.periodLabel(), averageName(m_data),
                 m_data.measures().at(measure()).key);
    return {};
}

QList<int> SurveyGapsBars::pointCounts() const
{
    if (m_data.isEmpty())
        return {};
    return {m_data.storedCells(measure())};
}

SurveyGapsBars::Layout SurveyGapsBars::layout(const QRectF &body) const
{
    Layout l;
    l.origin = body.topLeft();
    l.domain = gapDomain(m_data);
    const int nRows = static_cast<int>(m_data.groups().size());
    const qreal catW = categoryColumnWidth(m_data);
    const qreal groupW = groupColumnWidth(m_data);
    const QFontMetricsF smallFm(scaledFont(8.0));
    const qreal topH = smallFm.height() + 6;
    const qreal axisH = smallFm.height() * 2 + 10;
    const qreal breaks = categoryBreaks(m_data) * kCategoryGap;
    const qreal minRow = QFontMetricsF(scaledFont(9.0, true)).height() + 2;
    // Room for the widest value label at either end, inside the plot (never over the group names).
    const qreal labelW = QFontMetricsF(scaledFont(9.0, true)).horizontalAdvance(QStringLiteral("−88.8")) + 8;
    const QList<LegendItem> legend = barsLegend();

    auto neededHeight = [&](qreal width) {
        return 2 * kMargin + topH + nRows * minRow + breaks + axisH + 8 + legendHeight(legend, width - 2 * kMargin);
    };
    const qreal neededWidth = 2 * kMargin + catW + groupW + 8 + 2 * labelW + 240;
    l.scale = std::min({1.0, body.width() / neededWidth, body.height() / neededHeight(body.width())});
    if (l.scale < 1.0)
        l.scale = std::min({1.0, body.width() / neededWidth, body.height() / neededHeight(body.width() / l.scale)});
    const qreal w = body.width() / l.scale;
    const qreal h = body.height() / l.scale;

    const qreal legendH = legendHeight(legend, w - 2 * kMargin);
    const qreal rowH = std::min<qreal>(34, (h - 2 * kMargin - topH - breaks - axisH - 8 - legendH) / std::max(1, nRows));
    const qreal left = kMargin;
    l.categoryColumn = QRectF(left, kMargin + topH, catW, nRows * rowH + breaks);
    l.groupColumn = QRectF(left + catW, kMargin + topH, groupW, nRows * rowH + breaks);
    const qreal plotLeft = left + catW + groupW + 8;
    l.plot = QRectF(plotLeft, kMargin + topH, w - kMargin - plotLeft, nRows * rowH + breaks);
    l.topStrip = QRectF(l.plot.left(), kMargin, l.plot.width(), topH);
    l.axis = QRectF(l.plot.left(), l.plot.bottom(), l.plot.width(), axisH);
    l.legend = QRectF(kMargin, l.axis.bottom() + 8, w - 2 * kMargin, legendH);
    l.rows = groupRows(m_data, left, l.plot.top(), w - 2 * kMargin, rowH);
    l.zeroX = l.plot.center().x();
    l.pixelsPerPoint = std::max<qreal>(0.1, (l.plot.width() - 2 * labelW) / (2 * l.domain));
    return l;
}

QRectF SurveyGapsBars::barRect(const Layout &l, int group) const
{
    const std::optional<double> gap = m_data.groups().at(group).gaps.value(measure());
    if (!gap)
        return {};
    const QRectF row = l.rows.at(group);
    const qreal x0 = l.xOf(0.0);
    const qreal x1 = l.xOf(*gap);
    const qreal barH = row.height() * 0.64;
    return QRectF(std::min(x0, x1), row.center().y() - barH / 2, std::abs(x1 - x0), barH);
}

QRectF SurveyGapsBars::valueLabelRect(const Layout &l, int group) const
{
    const std::optional<double> gap = m_data.groups().at(group).gaps.value(measure());
    if (!gap)
        return {};
    const QFontMetricsF fm(scaledFont(9.0, isSignificantGap(*gap)));
    const QString label = gapText(*gap);
    const qreal tw = fm.horizontalAdvance(label) + 2;
    const QRectF bar = barRect(l, group);
    const QRectF row = l.rows.at(group);
    if (gapTenths(*gap) < 0)
        return QRectF(bar.left() - 4 - tw, row.top(), tw, row.height());
    return QRectF(bar.right() + 4, row.top(), tw, row.height());
}

void SurveyGapsBars::paintBody(QPainter *painter, const QRectF &body)
{
    if (!missingData().isEmpty())
        return;
    const Layout l = layout(body);
    const int m = measure();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->translate(l.origin);
    painter->scale(l.scale, l.scale);

    const QFont small = scaledFont(8.0);
    const QFontMetricsF smallFm(small);
    const double step = l.domain > 20 ? 10.0 : 5.0;

    // Grid every step, the zero line, and the rule's significance lines, labelled above the plot.
    const double threshold = gapSignificance().thresholdPoints;
    painter->setPen(QPen(QColor(0xE3, 0xE3, 0xE3), 1.0));
    for (double v = -l.domain; v <= l.domain + 1e-9; v += step)
        painter->drawLine(QPointF(l.xOf(v), l.plot.top()), QPointF(l.xOf(v), l.plot.bottom()));
    painter->setPen(QPen(mutedInk(), 1.2, Qt::DashLine));
    for (double v : {-threshold, threshold})
        painter->drawLine(QPointF(l.xOf(v), l.topStrip.top() + 2), QPointF(l.xOf(v), l.plot.bottom()));
    painter->setFont(small);
    painter->setPen(kInk);
    const QString comparatorBelow = gapSignificance().strict ? QStringLiteral("< ") : QStringLiteral("≤ ");
    const QString below = QStringLiteral("significant %1%2%3").arg(comparatorBelow, QChar(0x2212), thresholdText());
    const QString above = QStringLiteral("significant %1+%2").arg(gapSignificance().comparator(), thresholdText());
    painter->drawText(QRectF(l.topStrip.left(), l.topStrip.top(), l.xOf(-threshold) - 5 - l.topStrip.left(),
                             l.topStrip.height()),
                      Qt::AlignRight | Qt::AlignVCenter,
                      smallFm.elidedText(below, Qt::ElideLeft, l.xOf(-threshold) - 5 - l.topStrip.left()));
    painter->drawText(QRectF(l.xOf(threshold) + 5, l.topStrip.top(),
                             l.topStrip.right() - l.xOf(threshold) - 5, l.topStrip.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      smallFm.elidedText(above, Qt::ElideRight, l.topStrip.right() - l.xOf(threshold) - 5));

    paintGroupLabels(painter, m_data, l.rows, l.categoryColumn, l.groupColumn, l.plot.right());

    painter->setPen(QPen(QColor(0x33, 0x33, 0x33), 1.2));
    painter->drawLine(QPointF(l.zeroX, l.plot.top()), QPointF(l.zeroX, l.plot.bottom()));
    const QFont valueFont = scaledFont(9.0);
    const QFont significantFont = scaledFont(9.0, true);
    for (int g = 0; g < m_data.groups().size(); ++g) {
        const std::optional<double> gap = m_data.groups().at(g).gaps.value(m);
        const QRectF row = l.rows.at(g);
        if (!gap) {
            paintNoData(painter, QRectF(l.plot.left(), row.top() + 2, l.plot.width(), row.height() - 4), true);
            continue;
        }
        const QRectF bar = barRect(l, g);
        const QColor colour = barColour(*gap);
        if (gapTenths(*gap) == 0) {
            // A stored zero: a short mark on the line, not an empty row.
            painter->setPen(QPen(kInk, 2.0));
            painter->drawLine(QPointF(l.zeroX, bar.top()), QPointF(l.zeroX, bar.bottom()));
        } else {
            painter->setPen(QPen(colour.darker(130), 0.8));
            painter->setBrush(colour);
            painter->drawRect(bar);
        }
        const bool significant = isSignificantGap(*gap);
        painter->setFont(significant ? significantFont : valueFont);
        // On a white ground, so a grid or significance line never runs through the figure.
        const QRectF label = valueLabelRect(l, g);
        const qreal textH = QFontMetricsF(painter->font()).height();
        painter->fillRect(QRectF(label.left() - 1, label.center().y() - textH / 2, label.width() + 2, textH), Qt::white);
        painter->setPen(kInk);
        painter->drawText(label, (gapTenths(*gap) < 0 ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, gapText(*gap));
    }

    // Axis: ticks and labels, then its title.
    painter->setFont(small);
    painter->setPen(kInk);
    painter->drawLine(QPointF(l.xOf(-l.domain), l.plot.bottom()), QPointF(l.xOf(l.domain), l.plot.bottom()));
    for (double v = -l.domain; v <= l.domain + 1e-9; v += step) {
        const qreal x = l.xOf(v);
        painter->drawLine(QPointF(x, l.plot.bottom()), QPointF(x, l.plot.bottom() + 3));
        const QString label = gapText(v).replace(QStringLiteral(".0"), QString());
        painter->drawText(centredTextBox(smallFm, label, QPointF(x, l.plot.bottom() + 4 + smallFm.height() / 2)),
                          Qt::AlignCenter, label);
    }
    painter->drawText(QRectF(l.axis.left(), l.axis.top() + smallFm.height() + 6, l.axis.width(), smallFm.height()),
                      Qt::AlignHCenter | Qt::AlignVCenter,
                      QStringLiteral("Gap to the %1, percentage points").arg(averageName(m_data)));
    paintLegend(painter, barsLegend(), l.legend);
    painter->restore();
}

QString SurveyGapsBars::toolTipAt(const QPointF &pos, const QRectF &body) const
{
    if (!missingData().isEmpty())
        return {};
    const Layout l = layout(body);
    const QPointF p = l.toLocal(pos);
    for (int g = 0; g < l.rows.size(); ++g) {
        if (l.rows.at(g).contains(p))
            return gapToolTip(m_data, g, measure());
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Registry

QList<ChartInfo> surveyChartInfos()
{
    const QString group = QStringLiteral("A better police service");
    return {
        {SurveyGapsHeatmap::figureId(), QStringLiteral("Satisfaction gaps by survey group (heatmap)"), group},
        {SurveyGapsBars::figureId(), QStringLiteral("Satisfaction gaps for one measure (bars)"), group},
    };
}

std::unique_ptr<Figure> createSurveyFigure(const Store &store, const QString &id)
{
    if (id == SurveyGapsHeatmap::figureId())
        return std::make_unique<SurveyGapsHeatmap>(store);
    if (id == SurveyGapsBars::figureId())
        return std::make_unique<SurveyGapsBars>(store);
    return nullptr;
}

} // namespace oversight::charts
