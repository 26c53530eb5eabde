// Borough maps: the shapes and tiles resources, the classes, hit testing, the figures' values
// against the store, and what is painted.
#include "boroughmapclasses.h"
#include "boroughmapdata.h"
#include "boroughmapfigure.h"
#include "boroughmapgeometry.h"
#include "catalog.h"
#include "chartregistry.h"
#include "figure.h"
#include "store.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace oversight;
using namespace oversight::charts;

namespace {

std::unique_ptr<BoroughMapFigure> mapFigure(const Store &store, const QString &id, const QString &variant = {},
                                            const QString &style = {}, QDate from = {}, QDate to = {})
{
    std::unique_ptr<Figure> figure = createFigure(store, id);
    auto *map = dynamic_cast<BoroughMapFigure *>(figure.get());
    if (!map)
        return nullptr;
    figure.release();
    ChartRequest request;
    request.variant = variant;
    request.style = style;
    request.from = from;
    request.to = to;
    map->setRequest(request);
    return std::unique_ptr<BoroughMapFigure>(map);
}

// The share of pixels in rect that are not white.
double inkShare(const QImage &image, const QRect &rect)
{
    int ink = 0, all = 0;
    for (int y = rect.top(); y < rect.bottom(); y += 2) {
        for (int x = rect.left(); x < rect.right(); x += 2) {
            ink += image.pixel(x, y) != qRgb(255, 255, 255) ? 1 : 0;
            ++all;
        }
    }
    return all ? double(ink) / all : 0.0;
}

// Sum of a set of measures for one borough over months first..last, straight from the store.
std::pair<double, int> storedSum(const Store &store, const QStringList &keys, const QString &code, QDate first, QDate last)
{
    QSqlQuery q(store.database());
    QStringList marks;
    for (qsizetype i = 0; i < keys.size(); ++i)
        marks.append(QStringLiteral("?"));
    q.prepare(QStringLiteral("SELECT total(o.value), count(DISTINCT p.id) FROM observation o JOIN measure m ON m.id = o.measure_id "
                             "JOIN area a ON a.id = o.area_id JOIN period p ON p.id = o.period_id "
                             "WHERE m.key IN (%1) AND a.code = ? AND p.kind = 'month' AND p.start_date >= ? AND p.start_date <= ? "
                             "AND o.breakdown_id = 0")
                  .arg(marks.join(QLatin1Char(','))));
    for (const QString &k : keys)
        q.addBindValue(k);
    q.addBindValue(code);
    q.addBindValue(first.toString(Qt::ISODate));
    q.addBindValue(last.toString(Qt::ISODate));
    if (!q.exec() || !q.next())
        return {-1, 0};
    return {q.value(0).toDouble(), q.value(1).toInt()};
}

QDate latestMonth(const Store &store)
{
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT max(p.start_date) FROM observation o JOIN measure m ON m.id = o.measure_id "
                          "JOIN period p ON p.id = o.period_id WHERE m.key LIKE 'mps.%' AND p.kind = 'month'"));
    return q.next() ? QDate::fromString(q.value(0).toString(), Qt::ISODate) : QDate();
}

const QRectF kBody(0, 0, 1000, 640);

} // namespace

class TestBoroughMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void resourceSize();
    void shapesJoinStore();
    void tiles();
    void classification_data();
    void classification();
    void divergingCentresOnZero();
    void sequentialBoundsForValues();
    void registry();
    void hitTesting_data();
    void hitTesting();
    void nothingOutsideLondon_data();
    void nothingOutsideLondon();
    void cityOfLondonHasNoData_data();
    void cityOfLondonHasNoData();
    void lcpfEqualsStore();
    void crimeSumsEqualStore_data();
    void crimeSumsEqualStore();
    void crimeSpanFromRequest();
    void localPriority_data();
    void localPriority();
    void missingMaps_data();
    void missingMaps();
    void importedAsbCallsAreDrawn();
    void toolTip();
    void paintIsNotBlank_data();
    void paintIsNotBlank();
    void layoutFits_data();
    void layoutFits();
    void tableModel();
    void renderForReview();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

void TestBoroughMap::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("maps.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
    QVERIFY2(BoroughGeometry::instance().error().isEmpty(), qPrintable(BoroughGeometry::instance().error()));
}

void TestBoroughMap::resourceSize()
{
    QFile embedded(QStringLiteral(":/maps/london_boroughs.json"));
    QVERIFY(embedded.open(QIODevice::ReadOnly));
    QVERIFY2(embedded.size() < 150 * 1024, qPrintable(QString::number(embedded.size())));
    const QFileInfo committed(QStringLiteral(OVERSIGHT_SOURCE_DIR "/resources/maps/london_boroughs.json"));
    QVERIFY(committed.exists());
    QCOMPARE(committed.size(), embedded.size());
    QVERIFY(QFileInfo::exists(QStringLiteral(OVERSIGHT_SOURCE_DIR "/resources/maps/PROVENANCE.md")));
}

void TestBoroughMap::shapesJoinStore()
{
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    QCOMPARE(geometry.shapes().size(), 33);
    QHash<QString, QString> storeBoroughs;
    for (const AreaInfo &area : catalog::areas(*m_store)) {
        if (area.kind == QLatin1String("borough"))
            storeBoroughs.insert(area.code, area.name);
    }
    QCOMPARE(storeBoroughs.size(), 33);
    QSet<QString> codes;
    for (const BoroughShape &shape : geometry.shapes()) {
        QVERIFY2(storeBoroughs.contains(shape.code), qPrintable(shape.code));
        QCOMPARE(shape.name, storeBoroughs.value(shape.code));
        QVERIFY(!shape.rings.isEmpty());
        QVERIFY(shape.area > 0);
        codes.insert(shape.code);
    }
    QCOMPARE(codes.size(), 33);
    for (int i = 1; i <= 33; ++i)
        QVERIFY(codes.contains(QStringLiteral("E090000%1").arg(i, 2, 10, QLatin1Char('0'))));
    // British National Grid metres: London lies within about 500-565 km east, 155-205 km north.
    QVERIFY(QRectF(500000, 150000, 70000, 60000).contains(geometry.bounds()));
    // Westminster is smaller than Bromley, the largest borough.
    QVERIFY(geometry.shape(QStringLiteral("E09000033"))->area < geometry.shape(QStringLiteral("E09000006"))->area);
}

void TestBoroughMap::tiles()
{
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    QCOMPARE(geometry.tiles().size(), 33);
    QSet<QPair<int, int>> cells;
    QSet<QString> codes;
    for (const BoroughTile &tile : geometry.tiles()) {
        cells.insert({tile.column, tile.row});
        codes.insert(tile.code);
        QVERIFY(geometry.shape(tile.code));
        QCOMPARE(tile.abbreviation.size(), 3);
    }
    QCOMPARE(cells.size(), 33);
    QCOMPARE(codes.size(), 33);
    QCOMPARE(geometry.tileColumns(), 8);
    QCOMPARE(geometry.tileRows(), 7);
    QCOMPARE(geometry.tile(QStringLiteral("E09000010"))->row, 0); // Enfield at the top
    QCOMPARE(geometry.tile(QStringLiteral("E09000029"))->row, 6); // Sutton at the bottom

    // Drawn: 33 squares that do not overlap.
    auto figure = mapFigure(*m_store, QStringLiteral("map.lcpf"), {}, QStringLiteral("tiles"));
    QVERIFY(figure);
    QList<QRectF> rects;
    for (const BoroughTile &tile : geometry.tiles()) {
        const QRectF r = figure->tileRect(tile.code, kBody);
        QVERIFY(!r.isEmpty());
        for (const QRectF &other : std::as_const(rects))
            QVERIFY(!other.intersects(r));
        rects.append(r);
    }
    QCOMPARE(rects.size(), 33);
}

void TestBoroughMap::classification_data()
{
    QTest::addColumn<bool>("diverging");
    QTest::addColumn<QList<double>>("bounds");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("expected");
    const QList<double> money = {200000, 400000, 600000, 800000};
    // Sequential: the upper bound is inclusive; the value as shown (whole pounds) is compared.
    QTest::newRow("below the first bound") << false << money << 0 << 145500.0 << 0;
    QTest::newRow("at the first bound") << false << money << 0 << 200000.0 << 0;
    QTest::newRow("just under a pound over, shown as the bound") << false << money << 0 << 200000.4 << 0;
    QTest::newRow("one pound over the first bound") << false << money << 0 << 200001.0 << 1;
    QTest::newRow("at the second bound") << false << money << 0 << 400000.0 << 1;
    QTest::newRow("at the last bound") << false << money << 0 << 800000.0 << 3;
    QTest::newRow("over the last bound") << false << money << 0 << 800001.0 << 4;
    QTest::newRow("zero") << false << money << 0 << 0.0 << 0;
    const QList<double> change = {5, 20, 50};
    // Diverging: bounds inclusive towards zero on both sides; the middle class is -5.0 to +5.0.
    QTest::newRow("zero is in the middle") << true << change << 1 << 0.0 << 3;
    QTest::newRow("+5.0 is in the middle") << true << change << 1 << 5.0 << 3;
    QTest::newRow("-5.0 is in the middle") << true << change << 1 << -5.0 << 3;
    QTest::newRow("+5.04 shows as +5.0") << true << change << 1 << 5.04 << 3;
    QTest::newRow("+5.1 rises") << true << change << 1 << 5.1 << 4;
    QTest::newRow("-5.1 falls") << true << change << 1 << -5.1 << 2;
    QTest::newRow("+20.0 at a bound") << true << change << 1 << 20.0 << 4;
    QTest::newRow("-20.0 at a bound") << true << change << 1 << -20.0 << 2;
    QTest::newRow("+20.1") << true << change << 1 << 20.1 << 5;
    QTest::newRow("+50.0") << true << change << 1 << 50.0 << 5;
    QTest::newRow("+50.1 in the top class") << true << change << 1 << 50.1 << 6;
    QTest::newRow("-50.1 in the bottom class") << true << change << 1 << -50.1 << 0;
    QTest::newRow("+277") << true << change << 1 << 277.0 << 6;
}

void TestBoroughMap::classification()
{
    QFETCH(bool, diverging);
    QFETCH(QList<double>, bounds);
    QFETCH(int, decimals);
    QFETCH(double, value);
    QFETCH(int, expected);
    const MapClasses classes = diverging ? MapClasses::diverging(bounds, decimals) : MapClasses::sequential(bounds, decimals);
    QCOMPARE(classes.count(), diverging ? 7 : 5);
    QCOMPARE(classes.classOf(value), expected);
}

void TestBoroughMap::divergingCentresOnZero()
{
    const MapClasses classes = MapClasses::diverging({5, 20, 50}, 1);
    const int centre = classes.centre();
    QCOMPARE(centre, 3);
    QCOMPARE(classes.classOf(0.0), centre);
    for (double v : {0.1, 5.0, 5.1, 19.9, 20.0, 20.1, 49.9, 50.0, 50.1, 400.0})
        QCOMPARE(classes.classOf(v) - centre, centre - classes.classOf(-v));
    // Neutral grey in the middle, the same lightness step on either side.
    QCOMPARE(classes.colour(centre), QColor(0xF7, 0xF7, 0xF7));
    QVERIFY(classes.colour(centre + 1) != classes.colour(centre - 1));
    const auto format = [](double v) { return (v > 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', 1) + QLatin1Char('%'); };
    QCOMPARE(classes.label(centre, format), QStringLiteral("-5.0% to +5.0%"));
    QCOMPARE(classes.label(centre + 1, format), QStringLiteral("+5.1% to +20.0%"));
    QCOMPARE(classes.label(centre - 1, format), QStringLiteral("-20.0% to -5.1%"));
    QCOMPARE(classes.label(6, format), QStringLiteral("+50.1% or more"));
    QCOMPARE(classes.label(0, format), QStringLiteral("-50.1% or less"));

    // Chosen for data: the ladder reaches the bulk of the changes and still centres on zero.
    const MapClasses chosen = MapClasses::forValues(MapClasses::Kind::Diverging, {-8, -2, 19, 15, 30, 1, -15, 3, 20, 277}, 1);
    QCOMPARE(chosen.kind(), MapClasses::Kind::Diverging);
    QCOMPARE(chosen.classOf(0.0), chosen.centre());
    QCOMPARE(chosen.count() % 2, 1);
}

void TestBoroughMap::sequentialBoundsForValues()
{
    QList<double> values;
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT allocation_gbp FROM lcpf_allocation")));
    while (q.next())
        values.append(q.value(0).toDouble());
    QCOMPARE(values.size(), 32);
    const MapClasses classes = MapClasses::forValues(MapClasses::Kind::Sequential, values, 0);
    QCOMPARE(classes.count(), 5);
    for (qsizetype i = 0; i < classes.bounds().size(); ++i) {
        const double b = classes.bounds().at(i);
        QVERIFY2(std::fmod(b, 1000.0) == 0.0, qPrintable(QString::number(b, 'f', 0))); // round bounds
        if (i > 0)
            QVERIFY(b > classes.bounds().at(i - 1));
    }
    // Every class holds at least one borough.
    QList<int> counts(classes.count(), 0);
    for (double v : values)
        ++counts[classes.classOf(v)];
    for (int c : counts)
        QVERIFY(c > 0);
    const auto format = [](double v) { return QLocale(QLocale::English, QLocale::UnitedKingdom).toString(v, 'f', 0); };
    QVERIFY(classes.label(0, format).startsWith(QLatin1String("up to ")));
    QVERIFY(classes.label(4, format).startsWith(QLatin1String("over ")));

    // Fixed bounds: the lower end of a class is one (shown) unit over the bound below it.
    const MapClasses money = MapClasses::sequential({200000, 400000, 600000, 800000}, 0);
    const auto pounds = [](double v) { return QStringLiteral("£") + QLocale(QLocale::English, QLocale::UnitedKingdom).toString(v, 'f', 0); };
    QCOMPARE(money.label(0, pounds), QStringLiteral("up to £200,000"));
    QCOMPARE(money.label(1, pounds), QStringLiteral("£200,001 to £400,000"));
    QCOMPARE(money.label(4, pounds), QStringLiteral("over £800,000"));
    // Small counts: an end class that can hold one value is labelled with it.
    const MapClasses few = MapClasses::forValues(MapClasses::Kind::Sequential, {0, 0, 0, 1, 1, 1, 2, 0, 1}, 0);
    QCOMPARE(few.label(0, format), QStringLiteral("0"));
    QCOMPARE(few.label(few.count() - 1, format), QStringLiteral("2"));
    QCOMPARE(few.classOf(0), 0);
    QCOMPARE(few.classOf(2), few.count() - 1);
}

void TestBoroughMap::registry()
{
    const QStringList ids = {QStringLiteral("map.local-priority"), QStringLiteral("map.asb-calls"), QStringLiteral("map.crime"),
                             QStringLiteral("map.lcpf"), QStringLiteral("map.dwo-remaining")};
    QStringList listed;
    for (const ChartInfo &info : mapChartInfos())
        listed.append(info.id);
    QCOMPARE(listed.size(), ids.size());
    for (const QString &id : ids) {
        QVERIFY(listed.contains(id));
        auto figure = createMapFigure(*m_store, id);
        QVERIFY(figure);
        QCOMPARE(figure->id(), id);
    }
    QVERIFY(!createMapFigure(*m_store, QStringLiteral("crime.tno")));
    auto priority = createMapFigure(*m_store, QStringLiteral("map.local-priority"));
    QCOMPARE(priority->variants().size(), 2);
    auto crime = createMapFigure(*m_store, QStringLiteral("map.crime"));
    const QList<FigureVariant> variants = crime->variants();
    QStringList variantIds;
    for (const FigureVariant &v : variants)
        variantIds.append(v.id);
    QVERIFY(variantIds.contains(QStringLiteral("all")));
    QVERIFY(variantIds.contains(QStringLiteral("burglary")));
    QVERIFY(variantIds.contains(QStringLiteral("change:all")));
    QVERIFY(variantIds.contains(QStringLiteral("change:violence_against_the_person")));
    QCOMPARE(variants.size() % 2, 0); // each category and its change
}

void TestBoroughMap::hitTesting_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("style");
    for (const BoroughShape &shape : BoroughGeometry::instance().shapes()) {
        QTest::newRow(qPrintable(shape.code + QStringLiteral(" shapes"))) << shape.code << QString();
        QTest::newRow(qPrintable(shape.code + QStringLiteral(" tiles"))) << shape.code << QStringLiteral("tiles");
    }
}

void TestBoroughMap::hitTesting()
{
    QFETCH(QString, code);
    QFETCH(QString, style);
    auto figure = mapFigure(*m_store, QStringLiteral("map.lcpf"), {}, style); // the cheapest data to load
    QVERIFY(figure);
    if (style == QLatin1String("tiles")) {
        const QRectF tile = figure->tileRect(code, kBody);
        QCOMPARE(figure->areaAt(tile.center(), kBody), code);
        QCOMPARE(figure->areaAt(tile.topLeft() + QPointF(1, 1), kBody), code);
        return;
    }
    const BoroughGeometry &geometry = BoroughGeometry::instance();
    const BoroughShape *shape = geometry.shape(code);
    QVERIFY(shape);
    // A point surely inside: the centroid where it is inside the outline, else the point on the
    // surface the map places the label at.
    const QPointF centroid = BoroughGeometry::centroid(shape->rings);
    bool centroidInside = false;
    for (const QPolygonF &ring : shape->rings)
        centroidInside = centroidInside || ring.containsPoint(centroid, Qt::OddEvenFill);
    QVERIFY(shape->rings.first().containsPoint(shape->labelPoint, Qt::OddEvenFill)
            || std::any_of(shape->rings.begin(), shape->rings.end(),
                           [&](const QPolygonF &r) { return r.containsPoint(shape->labelPoint, Qt::OddEvenFill); }));
    const QTransform toScreen = geometry.fit(figure->layoutFor(kBody).map);
    const QPointF inside = toScreen.map(centroidInside ? centroid : shape->labelPoint);
    QCOMPARE(figure->areaAt(inside, kBody), code);
    QCOMPARE(figure->areaAt(figure->anchorOf(code, kBody), kBody), code);
}

void TestBoroughMap::nothingOutsideLondon_data()
{
    QTest::addColumn<QString>("style");
    QTest::newRow("shapes") << QString();
    QTest::newRow("tiles") << QStringLiteral("tiles");
}

void TestBoroughMap::nothingOutsideLondon()
{
    QFETCH(QString, style);
    auto figure = mapFigure(*m_store, QStringLiteral("map.crime"), {}, style);
    const BoroughMapFigure::Layout layout = figure->layoutFor(kBody);
    const QRectF map = layout.map;
    // The corners of the map's extent are outside London (Hertfordshire, Essex, Kent, Surrey) and,
    // on the tile map, empty cells.
    for (const QPointF &p : {map.topLeft() + QPointF(2, 2), map.topRight() + QPointF(-2, 2), map.bottomLeft() + QPointF(2, -2),
                             map.bottomRight() + QPointF(-2, -2)})
        QVERIFY2(figure->areaAt(p, kBody).isEmpty(), qPrintable(figure->areaAt(p, kBody)));
    QVERIFY(figure->areaAt(QPointF(1, 1), kBody).isEmpty());
    QVERIFY(figure->areaAt(layout.legend.center(), kBody).isEmpty());
    QVERIFY(figure->areaAt(QPointF(-50, -50), kBody).isEmpty());
    QVERIFY(figure->toolTipAt(QPointF(1, 1), kBody).isEmpty());
}

void TestBoroughMap::cityOfLondonHasNoData_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("style");
    QTest::newRow("all crime, shapes") << QStringLiteral("all") << QString();
    QTest::newRow("all crime, tiles") << QStringLiteral("all") << QStringLiteral("tiles");
    QTest::newRow("burglary change, shapes") << QStringLiteral("change:burglary") << QString();
    QTest::newRow("a minor category") << QStringLiteral("mps.theft.theft_from_person") << QString();
}

void TestBoroughMap::cityOfLondonHasNoData()
{
    QFETCH(QString, variant);
    QFETCH(QString, style);
    const QString city = QStringLiteral("E09000001");
    auto figure = mapFigure(*m_store, QStringLiteral("map.crime"), variant, style);
    QVERIFY2(figure->missingData().isEmpty(), qPrintable(figure->missingData()));
    const BoroughMapValue *value = figure->mapData().find(city);
    QVERIFY(value);
    QVERIFY(!value->value);
    QVERIFY(value->whyMissing.contains(QLatin1String("City of London Police")));
    QVERIFY(!figure->fillOf(city).isValid()); // hatched
    QCOMPARE(figure->mapData().valueCount(), 32);
    QVERIFY(figure->toolTipAt(figure->anchorOf(city, kBody), kBody).contains(QLatin1String("no data")));

    // Painted: the City's outline or square holds no class colour, only white and the grey hatch.
    QImage image(int(kBody.width()), int(kBody.height()), QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        figure->paintBody(&painter, kBody);
    }
    QSet<QRgb> classColours;
    for (int i = 0; i < figure->classes().count(); ++i)
        classColours.insert(figure->classes().colour(i).rgb());
    const QPointF at = style == QLatin1String("tiles") ? figure->tileRect(city, kBody).topLeft() + QPointF(4, 4)
                                                        : figure->anchorOf(city, kBody);
    for (int dy = -2; dy <= 2; ++dy) {
        for (int dx = -2; dx <= 2; ++dx) {
            const QRgb pixel = image.pixel(qRound(at.x()) + dx, qRound(at.y()) + dy);
            QVERIFY(!classColours.contains(pixel));
            QCOMPARE(qRed(pixel), qBlue(pixel)); // grey or white, never a class colour
        }
    }
    // The legend says which borough has no data.
    QVERIFY(figure->text().note.contains(QLatin1String("City of London")));
    if (style == QLatin1String("tiles")) {
        // The City's square says "no data".
        QCOMPARE(figure->tileRect(city, kBody).isEmpty(), false);
    }
}

void TestBoroughMap::lcpfEqualsStore()
{
    auto figure = mapFigure(*m_store, QStringLiteral("map.lcpf"));
    QVERIFY2(figure->missingData().isEmpty(), qPrintable(figure->missingData()));
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT a.code, l.allocation_gbp FROM lcpf_allocation l JOIN area a ON a.id = l.area_id")));
    int rows = 0;
    while (q.next()) {
        const BoroughMapValue *b = figure->mapData().find(q.value(0).toString());
        QVERIFY(b);
        QVERIFY(b->value);
        QCOMPARE(*b->value, q.value(1).toDouble()); // exactly
        ++rows;
    }
    QCOMPARE(rows, 32);
    QCOMPARE(figure->pointCounts(), QList<int>{32});
    const BoroughMapValue *barking = figure->mapData().find(QStringLiteral("E09000002"));
    QCOMPARE(*barking->value, 640000.0);
    QCOMPARE(figure->mapData().format(*barking->value), QStringLiteral("£640,000"));
    const QString tip = figure->toolTipAt(figure->anchorOf(QStringLiteral("E09000002"), kBody), kBody);
    QVERIFY2(tip.contains(QStringLiteral("£640,000")), qPrintable(tip));
    QVERIFY(tip.contains(QLatin1String("Barking and Dagenham")));
    // The largest allocation ranks first: Westminster, £895,961.
    QCOMPARE(figure->mapData().find(QStringLiteral("E09000033"))->rank, 1);
    QCOMPARE(figure->mapData().periodLabel, QStringLiteral("2017/18"));
    QVERIFY(figure->text().source.startsWith(QLatin1String("Source: MOPAC")));
    QCOMPARE(figure->text().asAt, QStringLiteral("Data as at 30 June 2017"));
}

void TestBoroughMap::crimeSumsEqualStore_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("code");
    QTest::newRow("all, Westminster") << QStringLiteral("all") << QStringLiteral("E09000033");
    QTest::newRow("burglary, Croydon") << QStringLiteral("burglary") << QStringLiteral("E09000008");
    QTest::newRow("change all, Westminster") << QStringLiteral("change:all") << QStringLiteral("E09000033");
    QTest::newRow("change robbery, Lambeth") << QStringLiteral("change:robbery") << QStringLiteral("E09000022");
    QTest::newRow("minor, Hackney") << QStringLiteral("mps.theft.bicycle_theft") << QStringLiteral("E09000012");
}

void TestBoroughMap::crimeSumsEqualStore()
{
    QFETCH(QString, variant);
    QFETCH(QString, code);
    auto figure = mapFigure(*m_store, QStringLiteral("map.crime"), variant);
    QVERIFY2(figure->missingData().isEmpty(), qPrintable(figure->missingData()));
    const bool change = variant.startsWith(QLatin1String("change:"));
    const QString which = change ? variant.mid(7) : variant;
    QStringList keys;
    if (which.startsWith(QLatin1String("mps."))) {
        keys = {which};
    } else {
        for (const CrimeCategory &c : boroughmaps::crimeCategories(*m_store)) {
            if (c.id == which)
                keys = c.measureKeys;
        }
    }
    QVERIFY(!keys.isEmpty());
    // Default span: the latest 12 stored months.
    const QDate last = latestMonth(*m_store);
    const QDate first = last.addMonths(-11);
    const auto now = storedSum(*m_store, keys, code, first, last);
    QCOMPARE(now.second, 12);
    const BoroughMapValue *b = figure->mapData().find(code);
    QVERIFY(b && b->value);
    if (!change) {
        QCOMPARE(*b->value, now.first);
    } else {
        const auto before = storedSum(*m_store, keys, code, first.addYears(-1), last.addYears(-1));
        QCOMPARE(before.second, 12);
        QVERIFY(std::abs(*b->value - (now.first - before.first) / before.first * 100.0) < 1e-9);
        QVERIFY(!figure->mapData().comparedWith.isEmpty());
        QCOMPARE(figure->classes().kind(), MapClasses::Kind::Diverging);
    }
    QCOMPARE(figure->mapData().asAt, last.addMonths(1).addDays(-1));
    QVERIFY(figure->text().asAt.startsWith(QLatin1String("Data as at ")));
    QVERIFY(figure->text().source.contains(QLatin1String("MPS recorded crime")));
}

void TestBoroughMap::crimeSpanFromRequest()
{
    // July 2016 - June 2017, theft from the person: the 32 boroughs add up to 41,584 (as the borough
    // table in tst_models).
    auto figure = mapFigure(*m_store, QStringLiteral("map.crime"), QStringLiteral("mps.theft.theft_from_person"), {},
                            QDate(2016, 7, 1), QDate(2017, 6, 30));
    double sum = 0;
    for (const BoroughMapValue &b : figure->mapData().boroughs)
        sum += b.value.value_or(0.0);
    QCOMPARE(sum, 41584.0);
    QCOMPARE(figure->mapData().periodLabel, QStringLiteral("July 2016 to June 2017"));
    QVERIFY(figure->text().subtitle.contains(QLatin1String("July 2016 to June 2017")));

    // A span before the first stored month: said, not drawn as zeros.
    auto early = mapFigure(*m_store, QStringLiteral("map.crime"), QStringLiteral("all"), {}, QDate(2005, 1, 1), QDate(2005, 12, 31));
    QVERIFY(!early->missingData().isEmpty());
    QCOMPARE(early->pointCounts(), QList<int>{0});
    // A change whose earlier year is not stored.
    auto firstYear = mapFigure(*m_store, QStringLiteral("map.crime"), QStringLiteral("change:all"), {}, QDate(2010, 4, 1),
                               QDate(2011, 3, 31));
    QVERIFY(firstYear->missingData().contains(QLatin1String("a year earlier")));
    // A category the MPS dropped in February 2022: a total across that date says it is partial, and
    // a change across it says it is not like for like.
    auto across = mapFigure(*m_store, QStringLiteral("map.crime"), QStringLiteral("all"), {}, QDate(2021, 7, 1), QDate(2022, 6, 30));
    QVERIFY2(across->text().note.contains(QLatin1String("part of the period only: Historical Fraud and Forgery")),
             qPrintable(across->text().note));
    auto changeAcross = mapFigure(*m_store, QStringLiteral("map.crime"), QStringLiteral("change:all"), {}, QDate(2022, 2, 1),
                                  QDate(2023, 1, 31));
    QVERIFY2(changeAcross->text().note.contains(
                 QLatin1String("Not like for like: figures for Historical Fraud and Forgery (February 2021 to January 2022 only)")),
             qPrintable(changeAcross->text().note));
    auto latest = mapFigure(*m_store, QStringLiteral("map.crime"), QStringLiteral("change:all"));
    QVERIFY2(!latest->text().note.contains(QLatin1String("like for like")), qPrintable(latest->text().note));
    // An unknown variant.
    auto unknown = mapFigure(*m_store, QStringLiteral("map.crime"), QStringLiteral("no_such_category"));
    QVERIFY(!unknown->missingData().isEmpty());
}

void TestBoroughMap::localPriority_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("code");
    QTest::addColumn<double>("change");
    QTest::addColumn<QString>("name");
    QTest::newRow("Barking and Dagenham, 1") << "1" << "E09000002" << -8.0 << "Non Domestic Abuse Violence with Injury";
    QTest::newRow("Barking and Dagenham, 2") << "2" << "E09000002" << 20.0 << "Burglary";
    QTest::newRow("Camden, 2") << "2" << "E09000007" << 277.0 << "Theft from Person";
    QTest::newRow("Westminster, 2") << "2" << "E09000033" << 45.0 << "Robbery";
}

void TestBoroughMap::localPriority()
{
    QFETCH(QString, variant);
    QFETCH(QString, code);
    QFETCH(double, change);
    QFETCH(QString, name);
    auto figure = mapFigure(*m_store, QStringLiteral("map.local-priority"), variant);
    QVERIFY2(figure->missingData().isEmpty(), qPrintable(figure->missingData()));
    const BoroughMapValue *b = figure->mapData().find(code);
    QVERIFY(b && b->value);
    QCOMPARE(*b->value, change);
    QCOMPARE(b->label, name);
    QCOMPARE(figure->classes().kind(), MapClasses::Kind::Diverging);
    QCOMPARE(figure->mapData().valueCount(), 32);
    const QString tip = figure->toolTipAt(figure->anchorOf(code, kBody), kBody);
    QVERIFY2(tip.contains(name), qPrintable(tip));
    QVERIFY(tip.contains(figure->mapData().format(change)));
    QVERIFY(tip.contains(QLatin1String("rank ")));
    QVERIFY(figure->text().title.contains(QStringLiteral("priority %1").arg(variant)));
    // The report's quarter on the same quarter a year earlier, as at the quarter's end.
    QCOMPARE(figure->mapData().periodLabel, QStringLiteral("Q1 2017/18"));
    QCOMPARE(figure->mapData().comparedWith, QStringLiteral("Q1 2016/17"));
    QVERIFY(figure->text().subtitle.contains(QLatin1String("2017/18 priorities")));
    QCOMPARE(figure->text().asAt, QStringLiteral("Data as at 30 June 2017"));
}

void TestBoroughMap::missingMaps_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("needs");
    QTest::newRow("ASB calls") << QStringLiteral("map.asb-calls") << QStringLiteral("ASB calls");
    QTest::newRow("DWOs remaining") << QStringLiteral("map.dwo-remaining") << QStringLiteral("DWOs remaining to allocate");
}

void TestBoroughMap::missingMaps()
{
    QFETCH(QString, id);
    QFETCH(QString, needs);
    for (const QString &style : {QString(), QStringLiteral("tiles")}) {
        auto figure = mapFigure(*m_store, id, {}, style);
        const QString missing = figure->missingData();
        QVERIFY(missing.contains(needs));
        QVERIFY(missing.contains(QStringLiteral("File \u2192 Import")));
        QVERIFY(missing.contains(QLatin1String("by borough")));
        QCOMPARE(figure->pointCounts(), QList<int>{0});
        QVERIFY(figure->areaAt(QPointF(500, 300), kBody).isEmpty());
        // Painted as a message, not as an empty map of zeros.
        QImage image(800, 560, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        figure->paint(&painter, QRectF(0, 0, 800, 560));
    }
}

void TestBoroughMap::importedAsbCallsAreDrawn()
{
    // An empty store, then borough figures under the measure an import of an "ASB calls" column makes.
    QString error;
    Store::Options options;
    options.content = Store::Content::Empty;
    auto store = Store::open(m_dir.filePath(QStringLiteral("asb.sqlite")), options, &error);
    QVERIFY2(store, qPrintable(error));
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO import_batch (source, imported_at, imported_by) VALUES ('ASB test file', '2024-02-01', 'test')")));
    const qint64 batch = q.lastInsertId().toLongLong();
    QVERIFY(q.exec(QStringLiteral("INSERT INTO measure (key, name, theme_id, unit, source) SELECT 'import.asb_calls', 'ASB calls', "
                                  "min(id), 'count', 'MPS ASB calls' FROM theme")));
    const qint64 measure = q.lastInsertId().toLongLong();
    QVERIFY(q.exec(QStringLiteral("SELECT id FROM period WHERE code = 'Q1 2017/18'")) && q.next());
    const qint64 period = q.value(0).toLongLong();
    QVERIFY(q.exec(QStringLiteral("INSERT INTO observation (measure_id, area_id, period_id, value, batch_id) SELECT %1, id, %2, "
                                  "100 + CAST(substr(code, 8) AS INTEGER), %3 FROM area WHERE kind = 'borough' AND code <> 'E09000001'")
                       .arg(measure)
                       .arg(period)
                       .arg(batch)));
    auto figure = mapFigure(*store, QStringLiteral("map.asb-calls"));
    QVERIFY2(figure->missingData().isEmpty(), qPrintable(figure->missingData()));
    QCOMPARE(figure->pointCounts(), QList<int>{32});
    QCOMPARE(*figure->mapData().find(QStringLiteral("E09000033"))->value, 133.0);
    QCOMPARE(figure->mapData().find(QStringLiteral("E09000033"))->rank, 1);
    QVERIFY(!figure->mapData().find(QStringLiteral("E09000001"))->value);
    QCOMPARE(figure->mapData().periodLabel, QStringLiteral("Q1 2017/18"));
    // The empty store has no LCPF allocations: said, not drawn.
    auto lcpf = mapFigure(*store, QStringLiteral("map.lcpf"));
    QVERIFY(lcpf->missingData().contains(QLatin1String("LCPF")));
}

void TestBoroughMap::toolTip()
{
    auto figure = mapFigure(*m_store, QStringLiteral("map.crime"), QStringLiteral("burglary"));
    const QString tip = figure->toolTipAt(figure->anchorOf(QStringLiteral("E09000008"), kBody), kBody);
    const BoroughMapValue *croydon = figure->mapData().find(QStringLiteral("E09000008"));
    QVERIFY(tip.contains(QLatin1String("<b>Croydon</b>")));
    QVERIFY2(tip.contains(figure->mapData().format(*croydon->value) + QStringLiteral(" offences")), qPrintable(tip));
    QVERIFY(tip.contains(QStringLiteral("rank %1 of 32").arg(croydon->rank)));
    QVERIFY(tip.contains(figure->mapData().periodLabel));
    // en-GB thousands separators.
    QVERIFY(figure->mapData().format(12345.0) == QStringLiteral("12,345"));
}

void TestBoroughMap::paintIsNotBlank_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("style");
    QTest::addColumn<int>("boroughs");
    for (const QString &style : {QString(), QStringLiteral("tiles")}) {
        const QString s = style.isEmpty() ? QStringLiteral("shapes") : style;
        QTest::newRow(qPrintable(QStringLiteral("lcpf ") + s)) << "map.lcpf" << QString() << style << 32;
        QTest::newRow(qPrintable(QStringLiteral("crime all ") + s)) << "map.crime" << QString() << style << 32;
        QTest::newRow(qPrintable(QStringLiteral("crime change ") + s)) << "map.crime" << "change:all" << style << 32;
        QTest::newRow(qPrintable(QStringLiteral("priority 2 ") + s)) << "map.local-priority" << "2" << style << 32;
    }
}

void TestBoroughMap::paintIsNotBlank()
{
    QFETCH(QString, id);
    QFETCH(QString, variant);
    QFETCH(QString, style);
    QFETCH(int, boroughs);
    auto figure = mapFigure(*m_store, id, variant, style);
    QVERIFY2(figure->missingData().isEmpty(), qPrintable(figure->missingData()));
    QCOMPARE(figure->pointCounts(), QList<int>{boroughs});
    QCOMPARE(figure->pointCounts().first(), figure->mapData().valueCount());
    QImage image(1000, 700, QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        figure->paint(&painter, QRectF(0, 0, 1000, 700));
    }
    const FigureText words = figure->text();
    const int top = qCeil(frameTopHeight(words, 1000));
    const int bottom = 700 - qCeil(frameBottomHeight(words, 1000));
    const QRect body(0, top, 1000, bottom - top);
    QVERIFY2(inkShare(image, body) > 0.2, qPrintable(QString::number(inkShare(image, body))));
    // The heading is drawn too.
    QVERIFY(inkShare(image, QRect(0, 0, 1000, top)) > 0.005);
}

void TestBoroughMap::layoutFits_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<QSizeF>("size");
    for (const QString &style : {QString(), QStringLiteral("tiles")}) {
        for (const QSizeF &size : {QSizeF(600, 400), QSizeF(800, 600), QSizeF(1000, 700), QSizeF(1123, 794), QSizeF(700, 900)})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2x%3").arg(style.isEmpty() ? QStringLiteral("shapes") : style).arg(size.width()).arg(size.height())))
                << style << size;
    }
}

void TestBoroughMap::layoutFits()
{
    QFETCH(QString, style);
    QFETCH(QSizeF, size);
    for (const QString &variant : {QStringLiteral("all"), QStringLiteral("change:burglary")}) {
        auto figure = mapFigure(*m_store, QStringLiteral("map.crime"), variant, style);
        const FigureText words = figure->text();
        const qreal top = frameTopHeight(words, size.width());
        const QRectF body(0, top, size.width(), size.height() - top - frameBottomHeight(words, size.width()));
        const BoroughMapFigure::Layout layout = figure->layoutFor(body);
        QVERIFY(body.contains(layout.map));
        QVERIFY2(body.adjusted(-0.5, -0.5, 0.5, 0.5).contains(layout.legend), qPrintable(variant));
        QVERIFY(!layout.map.intersects(layout.legend));
        // The map keeps its aspect.
        const BoroughGeometry &geometry = BoroughGeometry::instance();
        const double aspect = style.isEmpty() ? geometry.bounds().width() / geometry.bounds().height()
                                              : double(geometry.tileColumns()) / geometry.tileRows();
        QVERIFY(std::abs(layout.map.width() / layout.map.height() - aspect) < 0.01);
        QVERIFY(layout.map.width() > size.width() * 0.45);
        // Labels inside their own borough and never over one another.
        const QList<QRectF> labels = figure->shapeLabelRects(body);
        if (style.isEmpty())
            QVERIFY(labels.size() >= 15);
        for (int i = 0; i < labels.size(); ++i) {
            QVERIFY(layout.map.contains(labels.at(i)));
            for (int j = i + 1; j < labels.size(); ++j)
                QVERIFY(!labels.at(i).intersects(labels.at(j)));
        }
    }
}

void TestBoroughMap::tableModel()
{
    auto figure = mapFigure(*m_store, QStringLiteral("map.crime"));
    BoroughMapModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(figure->mapData());
    QCOMPARE(model.rowCount(), 33);
    QCOMPARE(model.index(0, BoroughMapModel::CodeColumn).data().toString(), QStringLiteral("E09000001"));
    QCOMPARE(model.index(0, BoroughMapModel::ValueColumn).data().toString(), QStringLiteral("no data"));
    QVERIFY(!model.index(0, BoroughMapModel::ValueColumn).data(Qt::EditRole).isValid());
    QVERIFY(model.index(1, BoroughMapModel::ValueColumn).data(Qt::EditRole).toDouble() > 0);
}

void TestBoroughMap::renderForReview()
{
    // Set OVERSIGHT_MAP_RENDER_DIR to write every map in both styles at screen and A4 sizes.
    const QString dir = qEnvironmentVariable("OVERSIGHT_MAP_RENDER_DIR");
    if (dir.isEmpty())
        QSKIP("OVERSIGHT_MAP_RENDER_DIR not set");
    QDir().mkpath(dir);
    QFile::remove(QDir(dir).filePath(QStringLiteral("maps.sqlite")));
    QFile::copy(m_store->path(), QDir(dir).filePath(QStringLiteral("maps.sqlite"))); // to query by hand
    struct Job {
        QString id;
        QString variant;
        QString area = {};
    };
    const QList<Job> jobs = {{QStringLiteral("map.local-priority"), QStringLiteral("1")},
                             {QStringLiteral("map.local-priority"), QStringLiteral("2")},
                             {QStringLiteral("map.asb-calls"), {}},
                             {QStringLiteral("map.crime"), QStringLiteral("all")},
                             {QStringLiteral("map.crime"), QStringLiteral("change:all")},
                             {QStringLiteral("map.crime"), QStringLiteral("burglary"), QStringLiteral("E09000008")},
                             {QStringLiteral("map.crime"), QStringLiteral("mps.miscellaneous_crimes_against_society.bigamy")},
                             {QStringLiteral("map.lcpf"), {}},
                             {QStringLiteral("map.dwo-remaining"), {}}};
    for (const Job &job : jobs) {
        for (const QString &style : {QString(), QStringLiteral("tiles")}) {
            for (const QSize &size : {QSize(1000, 700), QSize(1123, 794), QSize(600, 400), QSize(700, 900)}) {
                auto figure = mapFigure(*m_store, job.id, job.variant, style);
                if (!job.area.isEmpty()) {
                    ChartRequest request;
                    request.variant = job.variant;
                    request.style = style;
                    request.areaCode = job.area;
                    figure->setRequest(request);
                }
                QImage image(size, QImage::Format_ARGB32);
                image.fill(Qt::white);
                {
                    QPainter painter(&image);
                    painter.setRenderHint(QPainter::Antialiasing);
                    figure->paint(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
                }
                QString name = job.id + (job.variant.isEmpty() ? QString() : QStringLiteral("_") + job.variant)
                    + (style.isEmpty() ? QStringLiteral("_shapes") : QStringLiteral("_tiles"))
                    + QStringLiteral("_%1x%2.png").arg(size.width()).arg(size.height());
                name.replace(QLatin1Char(':'), QLatin1Char('-'));
                QVERIFY(image.save(QDir(dir).filePath(name)));
            }
        }
    }
}

QTEST_MAIN(TestBoroughMap)
#include "tst_boroughmap.moc"
