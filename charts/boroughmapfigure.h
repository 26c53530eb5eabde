#pragma once

#include "boroughmapclasses.h"
#include "boroughmapdata.h"
#include "paintedfigure.h"

#include <QColor>
#include <QList>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <QTransform>

namespace oversight {
class Store;
}

namespace oversight::charts {

// A choropleth of the 33 boroughs (or, with ChartRequest::style "tiles", the London Squared tile
// map): values from models/chartdata (BoroughMapData), classes from MapClasses, shapes and tiles
// from BoroughGeometry. Boroughs without a value are hatched and said to have no data.
class BoroughMapFigure : public PaintedFigure {
    Q_OBJECT
public:
    enum class Map { LocalPriority, AsbCalls, Crime, Lcpf, DwoRemaining };

    BoroughMapFigure(const Store &store, Map map, QObject *parent = nullptr);

    static QString idOf(Map map);

    QString id() const override;
    void setRequest(const ChartRequest &request) override;
    FigureText text() const override;
    QList<FigureVariant> variants() const override;
    QString variantLabel() const override;
    void paintBody(QPainter *painter, const QRectF &body) override;
    QList<int> pointCounts() const override;
    QString missingData() const override;
    QString toolTipAt(const QPointF &pos, const QRectF &body) const override;
    QString areaAt(const QPointF &pos, const QRectF &body) const override;

    // What the map shows (for the table beside it, and tests).
    const BoroughMapData &mapData() const;
    const MapClasses &classes() const;
    bool tileStyle() const { return m_tiles; }
    // The fill of a borough as drawn (invalid colour: hatched, no data).
    QColor fillOf(const QString &code) const;

    struct Layout {
        QRectF map;    // the shapes' or tiles' extent, aspect kept
        QRectF legend;
        bool legendBeside = true;
    };
    Layout layoutFor(const QRectF &body) const;
    // Where a borough is drawn in body: its label point (shapes) or its square (tiles).
    QPointF anchorOf(const QString &code, const QRectF &body) const;
    QRectF tileRect(const QString &code, const QRectF &body) const;
    // The labels drawn on the shape map for body (abbreviations placed where they fit), for tests.
    QList<QRectF> shapeLabelRects(const QRectF &body) const;

private:
    struct LegendEntry {
        QColor colour; // invalid: hatched "no data"
        QString label;
    };
    struct Cache {
        QRectF body;
        Layout layout;
        QTransform transform;
        QList<QPainterPath> paths; // per BoroughGeometry::shapes()
        QList<QRectF> tiles;       // per BoroughGeometry::tiles()
        QList<QPair<QString, QRectF>> labels; // shape map: code and text rectangle
        bool valid = false;
    };

    void ensureLoaded() const;
    void load();
    const Cache &cacheFor(const QRectF &body) const;
    void placeLabels(Cache &cache) const;
    QString titleText() const;
    QSizeF legendSizeBeside() const;
    QSizeF legendSizeBelow(qreal width) const;
    void paintShapes(QPainter *painter, const Cache &cache) const;
    void paintTiles(QPainter *painter, const Cache &cache) const;
    void paintLegend(QPainter *painter, const Cache &cache) const;
    QString codeAt(const QPointF &pos, const QRectF &body) const;

    const Store &m_store;
    Map m_map;
    ChartRequest m_request;
    bool m_tiles = false;
    bool m_loaded = false;
    // What the variant chose (crime maps).
    QString m_subject;
    bool m_change = false;
    int m_priority = 1;
    QString m_variantError;

    BoroughMapData m_data;
    MapClasses m_classes;
    QString m_legendTitle;
    QList<LegendEntry> m_legend;
    QList<FigureVariant> m_variants;
    mutable Cache m_cache;
};

} // namespace oversight::charts
