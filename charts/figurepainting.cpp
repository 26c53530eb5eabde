#include "figurepainting.h"

#include "charttheme.h"

#include <QBrush>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace oversight::charts {

namespace {

constexpr qreal kItemGap = 18.0;
constexpr qreal kLineGap = 4.0;

// Entry rectangles, flowed into lines across width, from (0, 0).
QList<QRectF> flow(const QList<LegendItem> &items, qreal width)
{
    QList<QRectF> out;
    qreal x = 0;
    qreal y = 0;
    qreal lineH = 0;
    qsizetype lineStart = 0;
    auto finishLine = [&](qsizetype end) {
        for (qsizetype i = lineStart; i < end; ++i)
            out[i].moveTop(y + (lineH - out[i].height()) / 2);
    };
    for (const LegendItem &item : items) {
        if (x > 0 && x + item.size.width() > width) {
            finishLine(out.size());
            y += lineH + kLineGap;
            x = 0;
            lineH = 0;
            lineStart = out.size();
        }
        out.append(QRectF(QPointF(x, y), item.size));
        x += item.size.width() + kItemGap;
        lineH = std::max(lineH, item.size.height());
    }
    finishLine(out.size());
    return out;
}

} // namespace

QFont scaledFont(qreal pointSize, bool bold, bool italic)
{
    QFont f = bodyFont();
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    f.setItalic(italic);
    return f;
}

QRectF centredTextBox(const QFontMetricsF &metrics, const QString &text, const QPointF &centre)
{
    const qreal w = metrics.horizontalAdvance(text) + 2;
    const qreal h = metrics.height();
    return QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h);
}

QColor readableInk(const QColor &fill)
{
    // Relative luminance (sRGB, approximate): white ink on dark fills.
    const qreal lum = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
    return lum < 0.45 ? QColor(Qt::white) : ink();
}

bool isLinePattern(Qt::BrushStyle style)
{
    return style >= Qt::HorPattern && style <= Qt::DiagCrossPattern;
}

QPainterPath hatchPath(const QPainterPath &area, Qt::BrushStyle style, qreal spacing, qreal lineWidth)
{
    const QRectF r = area.boundingRect();
    if (r.isEmpty() || !isLinePattern(style) || spacing <= 0)
        return {};
    const qreal half = lineWidth / 2;
    QPainterPath stripes;
    stripes.setFillRule(Qt::WindingFill);
    // Lines on multiples of spacing from the origin, so hatching in neighbouring shapes lines up.
    const auto first = [spacing](qreal from) { return std::floor(from / spacing) * spacing; };
    if (style == Qt::HorPattern || style == Qt::CrossPattern) {
        for (qreal y = first(r.top()); y <= r.bottom(); y += spacing)
            stripes.addRect(QRectF(r.left(), y - half, r.width(), lineWidth));
    }
    if (style == Qt::VerPattern || style == Qt::CrossPattern) {
        for (qreal x = first(r.left()); x <= r.right(); x += spacing)
            stripes.addRect(QRectF(x - half, r.top(), lineWidth, r.height()));
    }
    // A diagonal stripe of the given width measures width·√2 along x.
    const qreal dx = half * std::sqrt(2.0);
    if (style == Qt::BDiagPattern || style == Qt::DiagCrossPattern) {
        // "/": x + y = c.
        for (qreal c = first(r.left() + r.top()); c <= r.right() + r.bottom() + spacing; c += spacing) {
            const QPointF top(c - r.top(), r.top());
            const QPointF bottom(c - r.bottom(), r.bottom());
            stripes.addPolygon(QPolygonF({top - QPointF(dx, 0), top + QPointF(dx, 0), bottom + QPointF(dx, 0), bottom - QPointF(dx, 0)}));
            stripes.closeSubpath();
        }
    }
    if (style == Qt::FDiagPattern || style == Qt::DiagCrossPattern) {
        // "\": x - y = c.
        for (qreal c = first(r.left() - r.bottom()); c <= r.right() - r.top() + spacing; c += spacing) {
            const QPointF top(c + r.top(), r.top());
            const QPointF bottom(c + r.bottom(), r.bottom());
            stripes.addPolygon(QPolygonF({top - QPointF(dx, 0), top + QPointF(dx, 0), bottom + QPointF(dx, 0), bottom - QPointF(dx, 0)}));
            stripes.closeSubpath();
        }
    }
    return area.intersected(stripes.simplified());
}

void fillHatched(QPainter *painter, const QPainterPath &area, const QBrush &brush)
{
    if (!isLinePattern(brush.style())) {
        painter->fillPath(area, brush);
        return;
    }
    painter->fillPath(hatchPath(area, brush.style()), brush.color());
}

qreal legendHeight(const QList<LegendItem> &items, qreal width)
{
    const QList<QRectF> rects = flow(items, width);
    qreal bottom = 0;
    for (const QRectF &r : rects)
        bottom = std::max(bottom, r.bottom());
    return bottom;
}

void paintLegend(QPainter *painter, const QList<LegendItem> &items, const QRectF &area)
{
    const QList<QRectF> rects = flow(items, area.width());
    for (qsizetype i = 0; i < items.size(); ++i) {
        painter->save();
        items.at(i).paint(painter, rects.at(i).translated(area.topLeft()));
        painter->restore();
    }
}

} // namespace oversight::charts
