#pragma once

#include <QColor>
#include <QFont>
#include <QList>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <functional>

class QBrush;
class QFontMetricsF;
class QPainter;
class QPainterPath;

namespace oversight::charts {

// Helpers for figures drawn with QPainter (heatmaps, bars, boards).

// The theme's body font (DejaVu Sans) at a point size.
QFont scaledFont(qreal pointSize, bool bold = false, bool italic = false);
// The box text takes when centred on a point.
QRectF centredTextBox(const QFontMetricsF &metrics, const QString &text, const QPointF &centre);
// Near-black or white, whichever reads on the fill.
QColor readableInk(const QColor &fill);

// Hatching as lines cut to an area: Qt's line patterns (Qt::HorPattern, VerPattern, CrossPattern,
// BDiagPattern, FDiagPattern, DiagCrossPattern) as they look on screen at 96 dpi, 1-pixel lines
// every 8 pixels. A pattern brush keeps its spacing in device pixels (dense and faint in a 300-dpi
// PNG) and becomes a bitmap mask in SVG; these are filled shapes in logical pixels that need no
// clipping (QSvgGenerator cannot clip), so PNG, PDF and SVG all show the screen's hatching.
bool isLinePattern(Qt::BrushStyle style);
// The stripes of style inside area, as one filled path.
QPainterPath hatchPath(const QPainterPath &area, Qt::BrushStyle style, qreal spacing = 8.0, qreal lineWidth = 1.0);
// Fills area as brush would, when brush has a line pattern; otherwise with the brush itself.
void fillHatched(QPainter *painter, const QPainterPath &area, const QBrush &brush);

// A legend entry: its size and how to draw it into a rectangle of that size.
struct LegendItem {
    QSizeF size;
    std::function<void(QPainter *, const QRectF &)> paint;
};
// Entries flow left to right and wrap to the width; each line as tall as its tallest entry.
qreal legendHeight(const QList<LegendItem> &items, qreal width);
void paintLegend(QPainter *painter, const QList<LegendItem> &items, const QRectF &area);

} // namespace oversight::charts
