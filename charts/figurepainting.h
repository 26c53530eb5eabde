#pragma once

#include <QColor>
#include <QFont>
#include <QList>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <functional>

class QFontMetricsF;
class QPainter;

namespace oversight::charts {

// Helpers for figures drawn with QPainter (heatmaps, bars, boards).

// The theme's body font (DejaVu Sans) at a point size.
QFont scaledFont(qreal pointSize, bool bold = false, bool italic = false);
// The box text takes when centred on a point.
QRectF centredTextBox(const QFontMetricsF &metrics, const QString &text, const QPointF &centre);
// Near-black or white, whichever reads on the fill.
QColor readableInk(const QColor &fill);

// A legend entry: its size and how to draw it into a rectangle of that size.
struct LegendItem {
    QSizeF size;
    std::function<void(QPainter *, const QRectF &)> paint;
};
// Entries flow left to right and wrap to the width; each line as tall as its tallest entry.
qreal legendHeight(const QList<LegendItem> &items, qreal width);
void paintLegend(QPainter *painter, const QList<LegendItem> &items, const QRectF &area);

} // namespace oversight::charts
