#include "boroughmapfigure.h"

#include "boroughmapgeometry.h"
#include "catalog.h"
#include "chartregistry.h"
#include "charttheme.h"
#include "figurepainting.h"
#include "store.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace oversight::charts {

namespace {

constexpr qreal kMargin = 8.0;   // around the map and legend inside the body
constexpr qreal kGap = 16.0;     // between map and legend
constexpr qreal kSwatchW = 18.0;
constexpr qreal kSwatchH = 12.0;
constexpr qreal kHatchSpacing = 5.0;

const QColor kBorder(0x70, 0x70, 0x70);
const QColor kHatch(0x8A, 0x8A, 0x8A);
const QColor kText = ink();

const QString kBoundaryCredit = QStringLiteral(
    "Boundaries: contains National Statistics and OS data © Crown copyright and database right 2012.");
const QString kTileCredit = QStringLiteral("Tile layout: London Squared © 2019 After the Flood.");

QFont legendFont()
{
    QFont f = bodyFont();
    f.setPointSizeF(8.5);
    return f;
}

QFont legendTitleFont()
{
    QFont f = legendFont();
    f.setBold(true);
    return f;
}

QFont labelFont(qreal pointSize, bool bold)
{
    QFont f = bodyFont();
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    return f;
}

qreal legendRowHeight()
{
    return std::max<qreal>(QFontMetricsF(legendFont()).height(), kSwatchH) + 5.0;
}

// Diagonal lines inside clip: the "no data" fill, drawn as lines so it stays the same at any
// export resolution and in greyscale. The lines are cut to the shape rather than clipped, as
// SVG export cannot clip.
void hatch(QPainter *painter, const QPainterPath &clip)
{
    painter->fillPath(clip, Qt::white);
    painter->fillPath(hatchPath(clip, Qt::BDiagPattern, kHatchSpacing, 0.9), kHatch);
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

BoroughMapFigure::BoroughMapFigure(const Store &store, Map map, QObject *parent)
    : PaintedFigure(parent), m_store(store), m_map(map)
{
}

QString BoroughMapFigure::idOf(Map map)
{
    switch (map) {
    case Map::LocalPriority: return QStringLiteral("map.local-priority");
    case Map::AsbCalls: return QStringLiteral("map.asb-calls");
    case Map::Crime: return QStringLiteral("map.crime");
    case Map::Lcpf: return QStringLiteral("map.lcpf");
    case Map::DwoRemaining: return QStringLiteral("map.dwo-remaining");
    }
    return {};
}

QString BoroughMapFigure::id() const
{
    return idOf(m_map);
}

void BoroughMapFigure::setRequest(const ChartRequest &request)
{
    m_request = request;
    load();
    Q_EMIT changed();
}

void BoroughMapFigure::ensureLoaded() const
{
    if (!m_loaded)
        const_cast<BoroughMapFigure *>(this)->load(); // the first request is the default one
}

void BoroughMapFigure::load()
{
    m_loaded = true;
    m_cache.valid = false;
    m_tiles = m_request.style == QLatin1String("tiles");
    m_variantError.clear();
    m_subject.clear();
    m_change = false;
    const QString variant = m_request.variant.trimmed();

    switch (m_map) {
    case Map::LocalPriority:
        m_variants = {{QStringLiteral("1"), QStringLiteral("Priority 1")}, {QStringLiteral("2"), QStringLiteral("Priority 2")}};
        m_priority = variant == QLatin1String("2") ? 2 : 1;
        if (!variant.isEmpty() && variant != QLatin1String("1") && variant != QLatin1String("2"))
            m_variantError = QStringLiteral("There is no local priority '%1': choose priority 1 or 2.").arg(variant);
        m_data = boroughmaps::localPriority(m_store, m_priority, m_request.to);
        m_legendTitle = QStringLiteral("Priority %1: %2").arg(m_priority).arg(QStringLiteral("% change"));
        break;
    case Map::AsbCalls:
        m_variants.clear();
        m_data = boroughmaps::asbCalls(m_store);
        m_legendTitle = QStringLiteral("ASB calls");
        break;
    case Map::DwoRemaining:
        m_variants.clear();
        m_data = boroughmaps::dwoRemaining(m_store);
        m_legendTitle = QStringLiteral("DWOs to allocate");
        break;
    case Map::Lcpf:
        m_variants.clear();
        m_data = boroughmaps::lcpf(m_store, m_request.to);
        m_legendTitle = QStringLiteral("LCPF allocation");
        break;
    case Map::Crime: {
        const QList<CrimeCategory> categories = boroughmaps::crimeCategories(m_store);
        m_variants.clear();
        for (const CrimeCategory &c : categories)
            m_variants.append({c.id, c.name});
        for (const CrimeCategory &c : categories)
            m_variants.append({QStringLiteral("change:") + c.id, QStringLiteral("Change: ") + c.name});
        QString which = variant;
        if (which.startsWith(QLatin1String("change:"))) {
            m_change = true;
            which = which.mid(7);
        }
        if (which.isEmpty())
            which = QStringLiteral("all");
        QStringList keys;
        for (const CrimeCategory &c : categories) {
            if (c.id.compare(which, Qt::CaseInsensitive) == 0 || c.name.compare(which, Qt::CaseInsensitive) == 0) {
                keys = c.measureKeys;
                m_subject = c.id == QLatin1String("all") ? QStringLiteral("all offences") : c.name;
            }
        }
        if (keys.isEmpty() && which.startsWith(QLatin1String("mps."))) {
            if (const auto measure = catalog::measure(m_store, which)) {
                keys = {which};
                m_subject = measure->category.isEmpty() ? measure->name
                                                        : QStringLiteral("%1 (%2)").arg(measure->name, measure->category);
            }
        }
        if (keys.isEmpty())
            m_variantError = QStringLiteral("There is no MPS crime category or measure '%1' in the store.").arg(which);
        m_data = boroughmaps::crime(m_store, keys, m_request.from, m_request.to, m_change);
        m_legendTitle = m_change ? QStringLiteral("% change") : QStringLiteral("Offences");
        break;
    }
    }

    QList<double> values;
    for (const BoroughMapValue &b : std::as_const(m_data.boroughs)) {
        if (b.value)
            values.append(*b.value);
    }
    m_classes = MapClasses::forValues(m_data.isChange() ? MapClasses::Kind::Diverging : MapClasses::Kind::Sequential, values,
                                      m_data.decimals());
    m_legend.clear();
    if (!values.isEmpty()) {
        const auto format = [this](double v) { return m_data.format(v); };
        for (int i = 0; i < m_classes.count(); ++i)
            m_legend.append({m_classes.colour(i), m_classes.label(i, format)});
    }
    QStringList noData;
    for (const BoroughMapValue &b : std::as_const(m_data.boroughs)) {
        if (!b.value)
            noData.append(b.name);
    }
    if (!noData.isEmpty()) {
        const QString label = noData.size() <= 2 ? QStringLiteral("No data: %1").arg(noData.join(QStringLiteral(", ")))
                                                 : QStringLiteral("No data (%1 boroughs)").arg(noData.size());
        m_legend.append({QColor(), label});
    }
}

const BoroughMapData &BoroughMapFigure::mapData() const
{
    ensureLoaded();
    return m_data;
}

const MapClasses &BoroughMapFigure::classes() const
{
    ensureLoaded();
    return m_classes;
}

QColor BoroughMapFigure::fillOf(const QString &code) const
{
    ensureLoaded();
    const BoroughMapValue *b = m_data.find(code);
    if (!b || !b->value)
        return {};
    return m_classes.colour(m_classes.classOf(*b->value));
}

QString BoroughMapFigure::titleText() const
{
    switch (m_map) {
    case Map::LocalPriority:
        return QStringLiteral("Local volume priority %1: %2 by borough").arg(m_priority).arg(QStringLiteral("% change"));
    case Map::AsbCalls: return QStringLiteral("Anti-social behaviour calls by borough");
    case Map::DwoRemaining: return QStringLiteral("Dedicated Ward Officers remaining to allocate by borough");
    case Map::Lcpf: return QStringLiteral("London Crime Prevention Fund allocation by borough");
    case Map::Crime:
        if (m_subject.isEmpty())
            return QStringLiteral("Recorded crime by borough");
        return m_change ? QStringLiteral("Change in recorded crime by borough: %1").arg(m_subject)
                        : QStringLiteral("Recorded crime by borough: %1").arg(m_subject);
    }
    return {};
}

FigureText BoroughMapFigure::text() const
{
    ensureLoaded();
    FigureText t;
    t.title = titleText();
    QString subtitle = QStringLiteral("London boroughs");
    if (!m_data.periodLabel.isEmpty()) {
        switch (m_map) {
        case Map::LocalPriority:
            if (!m_data.scope.isEmpty() && !m_data.comparedWith.isEmpty())
                subtitle += QStringLiteral(", %1 priorities: %2, %3 compared with %4")
                                .arg(m_data.scope, QStringLiteral("% change"), m_data.periodLabel, m_data.comparedWith);
            else
                subtitle += QStringLiteral(", %1 priorities: %2 on the same period a year earlier, as the report states it")
                                .arg(m_data.periodLabel, QStringLiteral("% change"));
            break;
        case Map::Lcpf:
            subtitle += QStringLiteral(", %1 allocations").arg(m_data.periodLabel);
            break;
        default:
            subtitle += QStringLiteral(", ") + m_data.periodLabel;
            if (!m_data.comparedWith.isEmpty())
                subtitle += QStringLiteral(" compared with ") + m_data.comparedWith;
        }
    }
    t.subtitle = subtitle;

    QString source = m_data.source;
    if (source.isEmpty()) {
        switch (m_map) {
        case Map::Crime: source = QStringLiteral("MPS recorded crime"); break;
        case Map::AsbCalls: source = QStringLiteral("MPS calls to the Met (none stored)"); break;
        case Map::DwoRemaining: source = QStringLiteral("MPS HR (none stored)"); break;
        case Map::LocalPriority:
        case Map::Lcpf: source = QStringLiteral("MOPAC"); break;
        }
    }
    // The boundary or layout credit goes with a drawn map only.
    t.source = missingData().isEmpty() ? QStringLiteral("Source: %1. %2").arg(source, m_tiles ? kTileCredit : kBoundaryCredit)
                                       : QStringLiteral("Source: %1.").arg(source);
    t.asAt = asAtText(m_data.asAt);
    t.note = m_data.missing.isEmpty() ? m_data.note : QString();
    return t;
}

QList<FigureVariant> BoroughMapFigure::variants() const
{
    ensureLoaded();
    return m_variants;
}

QString BoroughMapFigure::variantLabel() const
{
    switch (m_map) {
    case Map::LocalPriority: return QStringLiteral("Priority");
    case Map::Crime: return QStringLiteral("Offences");
    default: return PaintedFigure::variantLabel();
    }
}

QList<int> BoroughMapFigure::pointCounts() const
{
    ensureLoaded();
    return {missingData().isEmpty() ? m_data.valueCount() : 0};
}

QString BoroughMapFigure::missingData() const
{
    ensureLoaded();
    if (!m_variantError.isEmpty())
        return m_variantError;
    if (!m_data.missing.isEmpty())
        return m_data.missing;
    const QString geometryError = BoroughGeometry::instance().error();
    if (!geometryError.isEmpty())
        return geometryError;
    return {};
}

// --- layout --------------------------------------------------------------------------------------

QSizeF BoroughMapFigure::legendSizeBeside() const
{
    const QFontMetricsF fm(legendFont());
    const QFontMetricsF title(legendTitleFont());
    qreal width = title.horizontalAdvance(m_legendTitle);
    for (const LegendEntry &e : m_legend)
        width = std::max(width, kSwatchW + 6.0 + fm.horizontalAdvance(e.label));
    return {std::ceil(width) + 2.0, title.height() + 4.0 + legendRowHeight() * qreal(m_legend.size())};
}

QSizeF BoroughMapFigure::legendSizeBelow(qreal width) const
{
    // A title line, then the entries flowing left to right in rows.
    const QFontMetricsF fm(legendFont());
    const QFontMetricsF title(legendTitleFont());
    int rows = m_legend.isEmpty() ? 0 : 1;
    qreal x = 0, widest = title.horizontalAdvance(m_legendTitle);
    for (const LegendEntry &e : m_legend) {
        const qreal w = kSwatchW + 6.0 + fm.horizontalAdvance(e.label);
        if (x > 0 && x + w > width) {
            ++rows;
            x = 0;
        }
        x += w + 14.0;
        widest = std::max(widest, x - 14.0);
    }
    return {std::min(width, std::ceil(widest) + 2.0), title.height() + 4.0 + legendRowHeight() * rows};
}

BoroughMapFigure::Layout BoroughMapFigure::layoutFor(const QRectF &body) const
{
    ensureLoaded();
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    // The map's own aspect: London's extent, or the tile grid.
    const QSizeF extent = m_tiles ? QSizeF(std::max(1, geometry.tileColumns()), std::max(1, geometry.tileRows()))
                                  : (geometry.bounds().isEmpty() ? QSizeF(1, 1) : geometry.bounds().size());
    const QRectF inner = body.adjusted(kMargin, kMargin, -kMargin, -kMargin);

    const QSizeF beside = legendSizeBeside();
    const qreal besideW = std::max<qreal>(0.0, inner.width() - beside.width() - kGap);
    const qreal besideScale = std::min(besideW / extent.width(), inner.height() / extent.height());
    const QSizeF below = legendSizeBelow(inner.width());
    const qreal belowH = std::max<qreal>(0.0, inner.height() - below.height() - kGap);
    const qreal belowScale = std::min(inner.width() / extent.width(), belowH / extent.height());

    Layout layout;
    layout.legendBeside = besideScale >= belowScale;
    if (layout.legendBeside) {
        const QSizeF map(extent.width() * besideScale, extent.height() * besideScale);
        const qreal groupW = map.width() + kGap + beside.width();
        const qreal left = inner.left() + std::max<qreal>(0.0, (inner.width() - groupW) / 2.0);
        layout.map = QRectF(QPointF(left, inner.top() + (inner.height() - map.height()) / 2.0), map);
        const qreal legendTop = inner.top() + std::max<qreal>(0.0, (inner.height() - beside.height()) / 2.0);
        layout.legend = QRectF(QPointF(layout.map.right() + kGap, legendTop), beside);
    } else {
        const QSizeF map(extent.width() * belowScale, extent.height() * belowScale);
        const qreal groupH = map.height() + kGap + below.height();
        const qreal top = inner.top() + std::max<qreal>(0.0, (inner.height() - groupH) / 2.0);
        layout.map = QRectF(QPointF(inner.left() + (inner.width() - map.width()) / 2.0, top), map);
        layout.legend = QRectF(QPointF(inner.left() + (inner.width() - below.width()) / 2.0, layout.map.bottom() + kGap), below);
    }
    return layout;
}

const BoroughMapFigure::Cache &BoroughMapFigure::cacheFor(const QRectF &body) const
{
    ensureLoaded();
    if (m_cache.valid && m_cache.body == body)
        return m_cache;
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    Cache cache;
    cache.body = body;
    cache.layout = layoutFor(body);
    if (m_tiles) {
        const qreal cell = std::min(cache.layout.map.width() / std::max(1, geometry.tileColumns()),
                                    cache.layout.map.height() / std::max(1, geometry.tileRows()));
        const qreal gap = std::max<qreal>(1.5, cell * 0.06);
        for (const BoroughTile &t : geometry.tiles()) {
            cache.tiles.append(QRectF(cache.layout.map.left() + t.column * cell + gap / 2, cache.layout.map.top() + t.row * cell + gap / 2,
                                      cell - gap, cell - gap));
        }
    } else {
        cache.transform = geometry.fit(cache.layout.map);
        for (const BoroughShape &s : geometry.shapes()) {
            QPainterPath path;
            for (const QPolygonF &ring : s.rings)
                path.addPolygon(cache.transform.map(ring));
            path.closeSubpath();
            cache.paths.append(path);
        }
        placeLabels(cache);
    }
    cache.valid = true;
    m_cache = cache;
    return m_cache;
}

void BoroughMapFigure::placeLabels(Cache &cache) const
{
    // Abbreviations (London Squared's) where they fit inside their borough without touching another
    // label; biggest boroughs first. Small boroughs go unlabelled rather than crowded.
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    const qreal scale = cache.transform.m11();
    const qreal pt = std::clamp(scale * 1300.0 / 1.333, 6.5, 8.5); // about 1.3 km of map per text pixel height
    const QFontMetricsF fm(labelFont(pt, true));
    QList<int> order;
    for (int i = 0; i < geometry.shapes().size(); ++i)
        order.append(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return geometry.shapes().at(a).area > geometry.shapes().at(b).area; });
    for (int i : order) {
        const BoroughShape &s = geometry.shapes().at(i);
        const BoroughTile *tile = geometry.tile(s.code);
        if (!tile)
            continue;
        const QPointF at = cache.transform.map(s.labelPoint);
        const qreal w = fm.horizontalAdvance(tile->abbreviation);
        const QRectF rect(at.x() - w / 2.0, at.y() - fm.height() / 2.0, w, fm.height());
        if (!cache.paths.at(i).contains(rect.adjusted(-2, -1, 2, 1)))
            continue;
        bool clear = true;
        for (const auto &placed : std::as_const(cache.labels)) {
            if (placed.second.adjusted(-3, -2, 3, 2).intersects(rect))
                clear = false;
        }
        if (clear)
            cache.labels.append({s.code, rect});
    }
}

QList<QRectF> BoroughMapFigure::shapeLabelRects(const QRectF &body) const
{
    QList<QRectF> out;
    if (m_tiles)
        return out;
    for (const auto &label : cacheFor(body).labels)
        out.append(label.second);
    return out;
}

QPointF BoroughMapFigure::anchorOf(const QString &code, const QRectF &body) const
{
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    const Cache &cache = cacheFor(body);
    if (m_tiles) {
        for (int i = 0; i < geometry.tiles().size(); ++i) {
            if (geometry.tiles().at(i).code == code)
                return cache.tiles.at(i).center();
        }
        return {};
    }
    const BoroughShape *shape = geometry.shape(code);
    return shape ? cache.transform.map(shape->labelPoint) : QPointF();
}

QRectF BoroughMapFigure::tileRect(const QString &code, const QRectF &body) const
{
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    const Cache &cache = cacheFor(body);
    for (int i = 0; i < geometry.tiles().size() && i < cache.tiles.size(); ++i) {
        if (geometry.tiles().at(i).code == code)
            return cache.tiles.at(i);
    }
    return {};
}

// --- painting ------------------------------------------------------------------------------------

void BoroughMapFigure::paintBody(QPainter *painter, const QRectF &body)
{
    ensureLoaded();
    if (!missingData().isEmpty()) {
        paintMissingData(painter, body, missingData());
        return;
    }
    const Cache &cache = cacheFor(body);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    if (m_tiles)
        paintTiles(painter, cache);
    else
        paintShapes(painter, cache);
    paintLegend(painter, cache);
    painter->restore();
}

void BoroughMapFigure::paintShapes(QPainter *painter, const Cache &cache) const
{
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    QPen border(kBorder, 0.7);
    border.setJoinStyle(Qt::RoundJoin);
    for (int i = 0; i < geometry.shapes().size(); ++i) {
        const QPainterPath &path = cache.paths.at(i);
        const QColor fill = fillOf(geometry.shapes().at(i).code);
        if (fill.isValid())
            painter->fillPath(path, fill);
        else
            hatch(painter, path);
    }
    painter->setBrush(Qt::NoBrush);
    painter->setPen(border);
    for (const QPainterPath &path : cache.paths)
        painter->drawPath(path);

    // Labels: abbreviations in the text colour that reads on the fill; on a hatch, a white plate.
    const qreal pt = std::clamp(cache.transform.m11() * 1300.0 / 1.333, 6.5, 8.5);
    painter->setFont(labelFont(pt, true));
    for (const auto &label : cache.labels) {
        const BoroughTile *tile = geometry.tile(label.first);
        const QColor fill = fillOf(label.first);
        if (!fill.isValid()) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(255, 255, 255, 230));
            painter->drawRect(label.second.adjusted(-1.5, 0, 1.5, 0));
            painter->setBrush(Qt::NoBrush);
        }
        painter->setPen(fill.isValid() ? textColourOn(fill) : kText);
        painter->drawText(label.second, Qt::AlignCenter, tile ? tile->abbreviation : label.first);
    }

    // The borough the filter bar chose.
    if (const BoroughShape *chosen = geometry.shape(m_request.areaCode)) {
        for (int i = 0; i < geometry.shapes().size(); ++i) {
            if (&geometry.shapes().at(i) == chosen) {
                painter->setPen(QPen(kText, 2.2));
                painter->drawPath(cache.paths.at(i));
            }
        }
    }
}

void BoroughMapFigure::paintTiles(QPainter *painter, const Cache &cache) const
{
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    if (cache.tiles.isEmpty())
        return;
    // One size of type for every square: values shrink together until the widest fits, or all go
    // (the tooltip still has them) so no square looks different for want of room.
    const qreal side = cache.tiles.first().width();
    const QFont abbrFont = labelFont(std::clamp(side * 0.16, 6.5, 11.0), true);
    const QFontMetricsF abbrFm(abbrFont);
    QStringList values;
    for (const BoroughTile &tile : geometry.tiles()) {
        const BoroughMapValue *b = m_data.find(tile.code);
        values.append(!b ? QString() : b->value ? m_data.format(*b->value) : QStringLiteral("no data"));
    }
    qreal valuePt = std::clamp(side * 0.115, 6.0, 9.5);
    bool showValues = false;
    for (; valuePt >= 6.0; valuePt -= 0.5) {
        const QFontMetricsF fm(labelFont(valuePt, false));
        qreal widest = 0;
        for (const QString &v : std::as_const(values))
            widest = std::max(widest, fm.horizontalAdvance(v));
        if (widest <= side - 4.0 && abbrFm.height() + fm.height() <= side - 2.0) {
            showValues = true;
            break;
        }
    }
    // Without room for the values, a square with no data still says so where the words fit.
    bool showNoData = showValues;
    if (!showValues) {
        for (valuePt = std::clamp(side * 0.115, 6.0, 9.5); valuePt >= 6.0; valuePt -= 0.5) {
            const QFontMetricsF fm(labelFont(valuePt, false));
            if (fm.horizontalAdvance(QStringLiteral("no data")) <= side - 4.0 && abbrFm.height() + fm.height() <= side - 2.0) {
                showNoData = true;
                break;
            }
        }
    }
    const QFont valueFont = labelFont(valuePt, false);
    const QFontMetricsF valueFm(valueFont);

    for (int i = 0; i < geometry.tiles().size(); ++i) {
        const BoroughTile &tile = geometry.tiles().at(i);
        const QRectF rect = cache.tiles.at(i);
        const QColor fill = fillOf(tile.code);
        QPainterPath path;
        path.addRect(rect);
        if (fill.isValid())
            painter->fillPath(path, fill);
        else
            hatch(painter, path);
        painter->setPen(QPen(fill.isValid() ? fill.darker(115) : kBorder, 0.8));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(rect);
        if (tile.code == m_request.areaCode) {
            painter->setPen(QPen(kText, 2.2));
            painter->drawRect(rect.adjusted(1, 1, -1, -1));
        }

        // The abbreviation, and under it the value (or "no data").
        const QString value = values.at(i);
        const bool showValue = !value.isEmpty() && (showValues || (showNoData && !fill.isValid()));
        const QColor ink = fill.isValid() ? textColourOn(fill) : kText;
        const qreal textH = abbrFm.height() + (showValue ? valueFm.height() : 0.0);
        const QRectF abbrRect(rect.left(), rect.center().y() - textH / 2.0, rect.width(), abbrFm.height());
        const QRectF valueRect(rect.left(), abbrRect.bottom(), rect.width(), valueFm.height());
        if (!fill.isValid()) {
            // A white plate under the words so the hatch does not cross them.
            qreal plateW = abbrFm.horizontalAdvance(tile.abbreviation);
            if (showValue)
                plateW = std::max(plateW, valueFm.horizontalAdvance(value));
            painter->setPen(Qt::NoPen);
            painter->setBrush(Qt::white);
            painter->drawRect(QRectF(rect.center().x() - plateW / 2.0 - 3.0, abbrRect.top() - 1.0, plateW + 6.0, textH + 2.0));
            painter->setBrush(Qt::NoBrush);
        }
        painter->setPen(ink);
        painter->setFont(abbrFont);
        painter->drawText(abbrRect, Qt::AlignCenter, tile.abbreviation);
        if (showValue) {
            painter->setFont(valueFont);
            painter->drawText(valueRect, Qt::AlignCenter, value);
        }
    }
}

void BoroughMapFigure::paintLegend(QPainter *painter, const Cache &cache) const
{
    const QRectF area = cache.layout.legend;
    const QFontMetricsF fm(legendFont());
    const QFontMetricsF titleFm(legendTitleFont());
    painter->setPen(kText);
    painter->setFont(legendTitleFont());
    painter->drawText(QRectF(area.left(), area.top(), area.width(), titleFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      m_legendTitle);
    const qreal rowH = legendRowHeight();
    qreal x = area.left();
    qreal y = area.top() + titleFm.height() + 4.0;
    painter->setFont(legendFont());
    for (const LegendEntry &e : m_legend) {
        const qreal w = kSwatchW + 6.0 + fm.horizontalAdvance(e.label);
        if (!cache.layout.legendBeside && x > area.left() && x + w > area.right() + 0.5) {
            x = area.left();
            y += rowH;
        }
        const QRectF swatch(x, y + (rowH - kSwatchH) / 2.0, kSwatchW, kSwatchH);
        QPainterPath swatchPath;
        swatchPath.addRect(swatch);
        if (e.colour.isValid())
            painter->fillPath(swatchPath, e.colour);
        else
            hatch(painter, swatchPath);
        painter->setPen(QPen(kBorder, 0.7));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(swatch);
        painter->setPen(kText);
        painter->drawText(QRectF(x + kSwatchW + 6.0, y, w - kSwatchW - 6.0 + 1.0, rowH), Qt::AlignLeft | Qt::AlignVCenter, e.label);
        if (cache.layout.legendBeside)
            y += rowH;
        else
            x += w + 14.0;
    }
}

// --- hover and click -----------------------------------------------------------------------------

QString BoroughMapFigure::codeAt(const QPointF &pos, const QRectF &body) const
{
    if (!missingData().isEmpty())
        return {};
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    const Cache &cache = cacheFor(body);
    if (m_tiles) {
        for (int i = 0; i < cache.tiles.size(); ++i) {
            if (cache.tiles.at(i).contains(pos))
                return geometry.tiles().at(i).code;
        }
        return {};
    }
    if (!cache.layout.map.contains(pos))
        return {};
    for (int i = 0; i < cache.paths.size(); ++i) {
        const QPainterPath &path = cache.paths.at(i);
        if (path.controlPointRect().contains(pos) && path.contains(pos))
            return geometry.shapes().at(i).code;
    }
    return {};
}

QString BoroughMapFigure::areaAt(const QPointF &pos, const QRectF &body) const
{
    return codeAt(pos, body);
}

QString BoroughMapFigure::toolTipAt(const QPointF &pos, const QRectF &body) const
{
    const QString code = codeAt(pos, body);
    const BoroughMapValue *b = code.isEmpty() ? nullptr : m_data.find(code);
    if (!b) {
        if (code.isEmpty())
            return {};
        const BoroughShape *shape = BoroughGeometry::instance().shape(code);
        return QStringLiteral("<b>%1</b><br/>no data").arg(escaped(shape ? shape->name : code));
    }
    QStringList lines;
    lines.append(QStringLiteral("<b>%1</b>").arg(escaped(b->name)));
    if (!b->label.isEmpty())
        lines.append(escaped(m_map == Map::LocalPriority ? QStringLiteral("Priority %1: %2").arg(m_priority).arg(b->label) : b->label));
    if (b->value) {
        lines.append(escaped(QStringLiteral("%1 %2").arg(m_data.format(*b->value), m_data.valueName)));
        lines.append(escaped(QStringLiteral("rank %1 of %2").arg(b->rank).arg(m_data.valueCount())));
        if (!b->detail.isEmpty())
            lines.append(escaped(b->detail));
    } else {
        lines.append(QStringLiteral("no data"));
        if (!b->whyMissing.isEmpty())
            lines.append(escaped(b->whyMissing));
    }
    QString period = m_data.periodLabel;
    if (!m_data.comparedWith.isEmpty())
        period += QStringLiteral(" compared with ") + m_data.comparedWith;
    if (!period.isEmpty())
        lines.append(escaped(period));
    return lines.join(QStringLiteral("<br/>"));
}

} // namespace oversight::charts
