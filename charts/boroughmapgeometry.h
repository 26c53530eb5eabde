#pragma once

#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QTransform>

namespace oversight::charts {

// One borough's outline in British National Grid metres (y points north), from
// :/maps/london_boroughs.json (tools/derive_borough_shapes.py).
struct BoroughShape {
    QString code; // ONS GSS code
    QString name;
    QList<QPolygonF> rings; // closed polygons, no holes
    QRectF bounds;
    // A point inside the borough, away from its edges: where its label goes (and a point the
    // tests know is inside).
    QPointF labelPoint;
    double area = 0.0; // square metres
};

// One square of the London Squared tile map (:/maps/london_squared.csv).
struct BoroughTile {
    QString code;
    QString abbreviation; // "WST"
    int column = 0;       // 0..7 west to east
    int row = 0;          // 0..6 north to south
};

// The borough shapes and tiles, read once from the resources.
class BoroughGeometry {
public:
    static const BoroughGeometry &instance();

    const QList<BoroughShape> &shapes() const { return m_shapes; }
    const QList<BoroughTile> &tiles() const { return m_tiles; }
    const BoroughShape *shape(const QString &code) const;
    const BoroughTile *tile(const QString &code) const;
    QRectF bounds() const { return m_bounds; } // BNG metres, all shapes
    int tileColumns() const { return m_columns; }
    int tileRows() const { return m_rows; }
    QString error() const { return m_error; } // empty when both resources loaded

    // Where BNG metres go in target: the whole of London fitted and centred, aspect kept.
    QTransform fit(const QRectF &target) const;

    // A point inside the polygons (even-odd), as far from their edges as a scan finds: the middle of
    // the widest inside run of the scanline that gives the most room. Falls back to the bounds' centre
    // only for empty input.
    static QPointF pointOnSurface(const QList<QPolygonF> &rings);
    // The area-weighted centroid of the rings (may lie outside a concave shape).
    static QPointF centroid(const QList<QPolygonF> &rings);

private:
    BoroughGeometry();
    void loadShapes();
    void loadTiles();

    QList<BoroughShape> m_shapes;
    QList<BoroughTile> m_tiles;
    QRectF m_bounds;
    int m_columns = 0;
    int m_rows = 0;
    QString m_error;
};

} // namespace oversight::charts
