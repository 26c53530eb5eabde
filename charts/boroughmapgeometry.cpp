#include "boroughmapgeometry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>
#include <limits>

namespace oversight::charts {

namespace {

double signedArea(const QPolygonF &ring)
{
    double s = 0.0;
    for (qsizetype i = 0, n = ring.size(); i < n; ++i) {
        const QPointF &a = ring.at(i);
        const QPointF &b = ring.at((i + 1) % n);
        s += a.x() * b.y() - b.x() * a.y();
    }
    return s / 2.0;
}

double distanceToSegment(const QPointF &p, const QPointF &a, const QPointF &b)
{
    const double dx = b.x() - a.x();
    const double dy = b.y() - a.y();
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x() - (a.x() + t * dx), p.y() - (a.y() + t * dy));
}

double distanceToEdges(const QPointF &p, const QList<QPolygonF> &rings)
{
    double best = std::numeric_limits<double>::max();
    for (const QPolygonF &ring : rings) {
        for (qsizetype i = 0, n = ring.size(); i < n; ++i)
            best = std::min(best, distanceToSegment(p, ring.at(i), ring.at((i + 1) % n)));
    }
    return best;
}

} // namespace

const BoroughGeometry &BoroughGeometry::instance()
{
    static const BoroughGeometry geometry;
    return geometry;
}

BoroughGeometry::BoroughGeometry()
{
    loadShapes();
    loadTiles();
}

void BoroughGeometry::loadShapes()
{
    QFile file(QStringLiteral(":/maps/london_boroughs.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("The borough shapes resource is missing.");
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (doc.isNull()) {
        m_error = QStringLiteral("The borough shapes resource is not JSON: %1").arg(parseError.errorString());
        return;
    }
    const QJsonArray boroughs = doc.object().value(QStringLiteral("boroughs")).toArray();
    for (const QJsonValue &item : boroughs) {
        const QJsonObject o = item.toObject();
        BoroughShape shape;
        shape.code = o.value(QStringLiteral("code")).toString();
        shape.name = o.value(QStringLiteral("name")).toString();
        for (const QJsonValue &ringValue : o.value(QStringLiteral("rings")).toArray()) {
            const QJsonArray flat = ringValue.toArray();
            QPolygonF ring;
            ring.reserve(flat.size() / 2 + 1);
            for (qsizetype i = 0; i + 1 < flat.size(); i += 2)
                ring.append(QPointF(flat.at(i).toDouble(), flat.at(i + 1).toDouble()));
            if (ring.size() < 3)
                continue;
            shape.area += std::abs(signedArea(ring));
            ring.append(ring.first()); // closed
            shape.bounds = shape.bounds.isNull() ? ring.boundingRect() : shape.bounds.united(ring.boundingRect());
            shape.rings.append(ring);
        }
        if (shape.code.isEmpty() || shape.rings.isEmpty())
            continue;
        shape.labelPoint = pointOnSurface(shape.rings);
        m_bounds = m_bounds.isNull() ? shape.bounds : m_bounds.united(shape.bounds);
        m_shapes.append(shape);
    }
    if (m_shapes.isEmpty())
        m_error = QStringLiteral("The borough shapes resource holds no shapes.");
}

void BoroughGeometry::loadTiles()
{
    QFile file(QStringLiteral(":/maps/london_squared.csv"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        m_error = QStringLiteral("The London Squared tile resource is missing.");
        return;
    }
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = 1; i < lines.size(); ++i) { // header: code,abbreviation,x,y
        const QStringList f = lines.at(i).split(QLatin1Char(','));
        if (f.size() != 4)
            continue;
        BoroughTile tile{f.at(0), f.at(1), f.at(2).toInt(), f.at(3).toInt()};
        m_columns = std::max(m_columns, tile.column + 1);
        m_rows = std::max(m_rows, tile.row + 1);
        m_tiles.append(tile);
    }
    if (m_tiles.isEmpty())
        m_error = QStringLiteral("The London Squared tile resource holds no tiles.");
}

const BoroughShape *BoroughGeometry::shape(const QString &code) const
{
    for (const BoroughShape &s : m_shapes) {
        if (s.code == code)
            return &s;
    }
    return nullptr;
}

const BoroughTile *BoroughGeometry::tile(const QString &code) const
{
    for (const BoroughTile &t : m_tiles) {
        if (t.code == code)
            return &t;
    }
    return nullptr;
}

QTransform BoroughGeometry::fit(const QRectF &target) const
{
    if (m_bounds.isEmpty() || target.isEmpty())
        return {};
    const double scale = std::min(target.width() / m_bounds.width(), target.height() / m_bounds.height());
    const double dx = target.left() + (target.width() - m_bounds.width() * scale) / 2.0;
    const double dy = target.top() + (target.height() - m_bounds.height() * scale) / 2.0;
    // x' = dx + (x - left) * s; y' = dy + (bottom - y) * s (north up).
    return QTransform(scale, 0, 0, -scale, dx - m_bounds.left() * scale, dy + m_bounds.bottom() * scale);
}

QPointF BoroughGeometry::pointOnSurface(const QList<QPolygonF> &rings)
{
    QRectF bounds;
    for (const QPolygonF &ring : rings)
        bounds = bounds.isNull() ? ring.boundingRect() : bounds.united(ring.boundingRect());
    if (bounds.isNull())
        return {};
    QPointF best = bounds.center();
    double bestRoom = -1.0;
    constexpr int kLines = 48;
    for (int line = 1; line < kLines; ++line) {
        // Scanlines at fractions that avoid the integer vertices' exact heights.
        const double y = bounds.top() + bounds.height() * (line + 0.0137) / kLines;
        QList<double> xs;
        for (const QPolygonF &ring : rings) {
            for (qsizetype i = 0, n = ring.size(); i + 1 < n; ++i) {
                const QPointF &a = ring.at(i);
                const QPointF &b = ring.at(i + 1);
                if ((a.y() <= y) != (b.y() <= y))
                    xs.append(a.x() + (y - a.y()) * (b.x() - a.x()) / (b.y() - a.y()));
            }
        }
        std::sort(xs.begin(), xs.end());
        // Even-odd: inside between crossings 0-1, 2-3, ...
        for (qsizetype i = 0; i + 1 < xs.size(); i += 2) {
            if (xs.at(i + 1) - xs.at(i) <= 0)
                continue;
            const QPointF mid((xs.at(i) + xs.at(i + 1)) / 2.0, y);
            const double room = distanceToEdges(mid, rings);
            if (room > bestRoom) {
                bestRoom = room;
                best = mid;
            }
        }
    }
    return best;
}

QPointF BoroughGeometry::centroid(const QList<QPolygonF> &rings)
{
    // Each ring's own centroid (right whichever way it winds), weighted by its area.
    double total = 0.0, cx = 0.0, cy = 0.0;
    for (const QPolygonF &ring : rings) {
        double area = 0.0, rx = 0.0, ry = 0.0;
        for (qsizetype i = 0, n = ring.size(); i < n; ++i) {
            const QPointF &a = ring.at(i);
            const QPointF &b = ring.at((i + 1) % n);
            const double cross = a.x() * b.y() - b.x() * a.y();
            area += cross;
            rx += (a.x() + b.x()) * cross;
            ry += (a.y() + b.y()) * cross;
        }
        if (area == 0.0)
            continue;
        const double weight = std::abs(area / 2.0);
        total += weight;
        cx += weight * rx / (3.0 * area);
        cy += weight * ry / (3.0 * area);
    }
    if (total == 0.0)
        return {};
    return QPointF(cx / total, cy / total);
}

} // namespace oversight::charts
