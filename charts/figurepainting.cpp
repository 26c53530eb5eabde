#include "figurepainting.h"

#include "charttheme.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

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
    return lum < 0.45 ? QColor(Qt::white) : QColor(0x1A, 0x1A, 0x1A);
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
