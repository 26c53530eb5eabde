// Pre-summed crime figures (models/crimetotals.h): after imports, a replace and undos, every sum
// equals a fresh sum of the figures; the TNO trend, a category's London line, its borough bars and
// the crime map draw the figures the queries over the figures gave before the sums; and the queries
// those views run walk no measure's every figure (no SCAN of observation in their plans, and no
// search of it by measure alone).
#include "boroughmapdata.h"
#include "sqlids.h"
#include "storesupport.h"
#include "catalog.h"
#include "classification.h"
#include "importer.h"
#include "importplan.h"
#include "reader.h"
#include "seriesmodel.h"
#include "store.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

using namespace oversight;
using namespace oversight::import;

namespace {

const QString kMps = QStringLiteral("E23000001");

QList<qint64> measureIds(const Store &store, const QStringList &keys)
{
    QList<qint64> ids;
    QSqlQuery q(store.database());
    for (const QString &key : keys) {
        q.prepare(QStringLiteral("SELECT id FROM measure WHERE key = ?"));
        q.addBindValue(key);
        if (q.exec() && q.next())
            ids.append(q.value(0).toLongLong());
    }
    return ids;
}

QStringList allCrimeKeys(const Store &store)
{
    QStringList keys;
    for (const MeasureInfo &m : catalog::measures(store)) {
        if (!m.category.isEmpty())
            keys.append(m.key);
    }
    return keys;
}

QStringList categories(const Store &store)
{
    QStringList out;
    for (const MeasureInfo &m : catalog::measures(store)) {
        if (!m.category.isEmpty() && !out.contains(m.category))
            out.append(m.category);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// One pre-summed row, or its fresh sum.
struct Total {
    double value = 0.0;
    qint64 parts = 0;
    std::optional<int> minDecimals;
    qint64 decimalsCount = 0;
    qint64 fractionalParts = 0;
    qint64 held = 0;
    bool operator==(const Total &o) const
    {
        return value == o.value && parts == o.parts && minDecimals == o.minDecimals && decimalsCount == o.decimalsCount
            && fractionalParts == o.fractionalParts && held == o.held;
    }
};
using Key = std::tuple<qint64, qint64, qint64>; // measure, period, superseded_by
using Totals = std::map<Key, Total>;

Totals keptTotals(const Store &store)
{
    Totals out;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT measure_id, period_id, superseded_by, value, parts, min_decimals, decimals_count, "
                          "fractional_parts, held FROM crime_total"));
    while (q.next()) {
        Total t;
        t.value = q.value(3).toDouble();
        t.parts = q.value(4).toLongLong();
        if (!q.value(5).isNull())
            t.minDecimals = q.value(5).toInt();
        t.decimalsCount = q.value(6).toLongLong();
        t.fractionalParts = q.value(7).toLongLong();
        t.held = q.value(8).toLongLong();
        out.emplace(Key{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()}, t);
    }
    return out;
}

// The sums worked out here from every whole-area figure of the crime category measures, with the
// classification rule applied in C++ from the presence the import recorded and the ranks.
Totals freshTotals(const Store &store)
{
    QSqlDatabase db = store.database();
    QSqlQuery q(db);
    QHash<qint64, int> rank;
    q.exec(QStringLiteral("SELECT id, rank FROM classification"));
    while (q.next())
        rank.insert(q.value(0).toLongLong(), q.value(1).toInt());
    QHash<QPair<qint64, qint64>, QList<qint64>> presence; // (area, period) -> classifications
    q.exec(QStringLiteral("SELECT classification_id, area_id, period_id FROM classification_presence"));
    while (q.next())
        presence[{q.value(1).toLongLong(), q.value(2).toLongLong()}].append(q.value(0).toLongLong());
    QHash<qint64, QString> kind;
    q.exec(QStringLiteral("SELECT id, kind FROM area"));
    while (q.next())
        kind.insert(q.value(0).toLongLong(), q.value(1).toString());
    QHash<qint64, qint64> classificationOf; // crime category measures; 0 = of no classification
    q.exec(QStringLiteral("SELECT id, coalesce(classification_id, 0) FROM measure WHERE coalesce(category, '') <> ''"));
    while (q.next())
        classificationOf.insert(q.value(0).toLongLong(), q.value(1).toLongLong());

    Totals out;
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT measure_id, area_id, period_id, value, decimals FROM observation WHERE breakdown_id = 0"));
    while (q.next()) {
        const qint64 measure = q.value(0).toLongLong();
        const auto classification = classificationOf.constFind(measure);
        if (classification == classificationOf.cend())
            continue;
        const qint64 area = q.value(1).toLongLong();
        const qint64 period = q.value(2).toLongLong();
        qint64 mask = 0;
        if (*classification != 0) {
            for (qint64 other : presence.value({area, period})) {
                if (rank.value(other) > rank.value(*classification))
                    mask |= qint64(1) << other;
            }
        }
        Total &t = out[Key{measure, period, mask}];
        ++t.held;
        const QString k = kind.value(area);
        if (k != QLatin1String("borough") && k != QLatin1String("other"))
            continue;
        const double value = q.value(3).toDouble();
        t.value += value;
        ++t.parts;
        if (!q.value(4).isNull()) {
            ++t.decimalsCount;
            t.minDecimals = std::min(t.minDecimals.value_or(q.value(4).toInt()), q.value(4).toInt());
        }
        if (value != std::trunc(value))
            ++t.fractionalParts;
    }
    return out;
}

QString describe(const Key &k)
{
    return QStringLiteral("measure %1, period %2, superseded_by %3").arg(std::get<0>(k)).arg(std::get<1>(k)).arg(std::get<2>(k));
}

// What SeriesModel's query over the figures gave for a force's sum of its areas (the query before
// the sums, kept here word for word): period code -> value, count, min(decimals), count(decimals).
struct OldPoint {
    double value = 0.0;
    qint64 parts = 0;
    QVariant minDecimals;
    qint64 withDecimals = 0;
};

QString oldKeep(const Store &store, const QList<qint64> &measures)
{
    const QString supersede = classification::supersededCondition(store.database(), measures);
    return supersede.isEmpty() ? QString() : QStringLiteral(" AND ") + supersede;
}

QString oldKind(const Store &store, const QList<qint64> &measures)
{
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT p.kind, count(*) AS n FROM observation o CROSS JOIN period p ON p.id = o.period_id "
                          "WHERE o.measure_id IN (%1) AND o.area_id IN (%2) AND o.breakdown_id = 0%3 "
                          "GROUP BY p.kind ORDER BY n DESC, p.kind = 'month' DESC LIMIT 1")
               .arg(oversight::sqlIdList(measures), QStringLiteral("SELECT id FROM area WHERE kind IN ('borough','other')"),
                    oldKeep(store, measures)));
    return q.next() ? q.value(0).toString() : QString();
}

std::map<QString, OldPoint> oldForceSeries(const Store &store, const QList<qint64> &measures, const QString &kind)
{
    std::map<QString, OldPoint> out;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT p.code, SUM(o.value), count(*), min(o.decimals), count(o.decimals) "
                          "FROM observation o CROSS JOIN period p ON p.id = o.period_id "
                          "WHERE o.measure_id IN (%1) AND o.area_id IN (%2) AND o.breakdown_id = 0 AND p.kind = '%3'%4 "
                          "GROUP BY p.id, p.code, p.start_date ORDER BY p.start_date")
               .arg(oversight::sqlIdList(measures), QStringLiteral("SELECT id FROM area WHERE kind IN ('borough','other')"), kind,
                    oldKeep(store, measures)));
    while (q.next())
        out[q.value(0).toString()] = {q.value(1).toDouble(), q.value(2).toLongLong(), q.value(3), q.value(4).toLongLong()};
    return out;
}

// The borough bars' query before the sums, word for word.
std::map<QString, double> oldBoroughValues(const Store &store, const QList<qint64> &measures, QDate from, QDate to)
{
    std::map<QString, double> out;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT a.name, a.code, coalesce(a.abbreviation, ''), SUM(o.value) FROM observation o "
                             "JOIN area a ON a.id = o.area_id "
                             "JOIN period p ON p.id = o.period_id WHERE o.measure_id IN (%1) AND a.kind = 'borough' "
                             "AND p.kind = 'month' AND p.start_date >= ? AND p.end_date <= ? AND o.breakdown_id = 0%2 "
                             "GROUP BY a.id, a.name, a.code ORDER BY a.name")
                  .arg(oversight::sqlIdList(measures), oldKeep(store, measures)));
    q.addBindValue(from.toString(Qt::ISODate));
    q.addBindValue(to.toString(Qt::ISODate));
    q.exec();
    while (q.next())
        out[q.value(1).toString()] = q.value(3).toDouble();
    return out;
}

// The crime map's figures before the sums: the months stored, then each borough's total over the
// latest 12 (its value where all 12 hold a figure), with the queries word for word.
std::map<QString, double> oldCrimeMap(const Store &store, const QList<qint64> &measures)
{
    std::map<QString, double> out;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT min(p.start_date), max(p.start_date) FROM observation o JOIN period p ON p.id = o.period_id "
                          "WHERE o.measure_id IN (%1) AND o.breakdown_id = 0 AND p.kind = 'month'")
               .arg(oversight::sqlIdList(measures)));
    if (!q.next() || q.value(1).isNull())
        return out;
    const QDate last = QDate::fromString(q.value(1).toString(), Qt::ISODate);
    const QDate first = std::max(last.addMonths(-11), QDate::fromString(q.value(0).toString(), Qt::ISODate));
    const int months = (last.year() - first.year()) * 12 + last.month() - first.month() + 1;
    q.prepare(QStringLiteral("SELECT a.code, o.measure_id, o.period_id, o.value FROM observation o "
                             "JOIN area a ON a.id = o.area_id "
                             "WHERE o.measure_id IN (%1) AND o.breakdown_id = 0 AND a.kind = 'borough' "
                             "AND o.period_id IN (SELECT id FROM period WHERE kind = 'month' AND start_date >= ? AND start_date <= ?)%2")
                  .arg(oversight::sqlIdList(measures), oldKeep(store, measures)));
    q.addBindValue(first.toString(Qt::ISODate));
    q.addBindValue(last.toString(Qt::ISODate));
    q.exec();
    std::map<QString, double> totals;
    std::map<QString, QSet<qint64>> held;
    while (q.next()) {
        totals[q.value(0).toString()] += q.value(3).toDouble();
        held[q.value(0).toString()].insert(q.value(2).toLongLong());
    }
    for (const auto &[code, total] : totals) {
        if (held[code].size() == months)
            out[code] = total;
    }
    return out;
}

// Every statement SQLite runs on a connection while it is installed, with its values bound.
class StatementLog {
public:
    explicit StatementLog(QSqlDatabase db) : m_handle(*static_cast<sqlite3 *const *>(db.driver()->handle().constData()))
    {
        sqlite3_trace_v2(m_handle, SQLITE_TRACE_STMT, &StatementLog::traced, this);
    }
    ~StatementLog() { sqlite3_trace_v2(m_handle, 0, nullptr, nullptr); }
    const QStringList &statements() const { return m_statements; }

private:
    static int traced(unsigned, void *context, void *statement, void *)
    {
        auto *self = static_cast<StatementLog *>(context);
        char *sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt *>(statement));
        if (sql) {
            const QString text = QString::fromUtf8(sql).simplified();
            if (!self->m_statements.contains(text))
                self->m_statements.append(text);
            sqlite3_free(sql);
        }
        return 0;
    }
    sqlite3 *m_handle;
    QStringList m_statements;
};

} // namespace

class TestCrimeTotals : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sumsEqualTheFigures_data();
    void sumsEqualTheFigures();
    void viewsReadNoMeasuresEveryFigure();

private:
    std::unique_ptr<Store> copyOfDefaultStore(const QString &name);
    ImportResult importFile(Store &store, const QString &path, ConflictPolicy policy = ConflictPolicy::Report);
    void writeFiles();
    void apply(Store &store, const QStringList &steps);

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_template;
};

void TestCrimeTotals::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_template = Store::open(m_dir.filePath(QStringLiteral("template.sqlite")), &error);
    QVERIFY2(m_template, qPrintable(error));
    writeFiles();
}

// Test figures in the MPS's own layouts and words: a ward file and a borough file of the categories
// from January 2024 (whose December 2023 and January 2024 the default store holds in the older
// classification), and the borough file revised.
void TestCrimeTotals::writeFiles()
{
    auto write = [this](const QString &name, const QByteArray &text) {
        QFile file(m_dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    };
    write(QStringLiteral("ward.csv"),
          "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202312,202401,202402\r\n"
          "BURGLARY,RES BURGLARY OF A HOME,Abbey Road,E05013800,Westminster,4,5,6\r\n"
          "BURGLARY,RES BURGLARY OF A HOME,Bayswater,E05013801,Westminster,1,0,2\r\n"
          "BURGLARY,BURGLARY BUSINESS AND COMMUNITY,Bayswater,E05013801,Westminster,3,3,1\r\n"
          "VIOLENCE AGAINST THE PERSON,VIOLENCE WITHOUT INJURY,Belsize,E05013653,Camden,7,8,9\r\n");
    write(QStringLiteral("connect.csv"),
          "MajorText,MinorText,BoroughName,202312,202401,202402\r\n"
          "BURGLARY,RES BURGLARY OF A HOME,Westminster,101,102,103\r\n"
          "BURGLARY,RES BURGLARY OF UNCONNECTED BUILDING,Westminster,11,12,13\r\n"
          "BURGLARY,BURGLARY BUSINESS AND COMMUNITY,Westminster,21,22,23\r\n"
          "BURGLARY,RES BURGLARY OF A HOME,Camden,201,202,203\r\n"
          "VIOLENCE AGAINST THE PERSON,VIOLENCE WITHOUT INJURY,Camden,301,302,303\r\n");
    // import_bench's ward layout, big enough (10,500 values) that the import samples the planner's
    // statistics again, as a ward or LSOA file does.
    QByteArray wards = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202402,202403,202404\r\n";
    for (int ward = 0; ward < 140; ++ward) {
        for (int category = 0; category < 25; ++category) {
            wards += "THEFT,CATEGORY " + QByteArray::number(category) + ",Ward " + QByteArray::number(ward) + ",E05"
                + QByteArray::number(100000 + ward).rightJustified(6, '0') + ",Camden";
            for (int month = 0; month < 3; ++month)
                wards += ',' + QByteArray::number((ward * 7 + category * 3 + month) % 11);
            wards += "\r\n";
        }
    }
    write(QStringLiteral("wardscale.csv"), wards);
    write(QStringLiteral("revised.csv"),
          "MajorText,MinorText,BoroughName,202312,202401,202402,202403\r\n"
          "BURGLARY,RES BURGLARY OF A HOME,Westminster,101,99,103,104\r\n"
          "BURGLARY,RES BURGLARY OF A HOME,Camden,201,202,250,204\r\n"
          "VIOLENCE AGAINST THE PERSON,VIOLENCE WITHOUT INJURY,Camden,300,302,303,304\r\n"
          "VIOLENCE AGAINST THE PERSON,VIOLENCE WITHOUT INJURY,Hackney,40,41,42,43\r\n");
}

std::unique_ptr<Store> TestCrimeTotals::copyOfDefaultStore(const QString &name)
{
    QString error;
    return copyOfStore(*m_template, m_dir.filePath(name), &error);
}

ImportResult TestCrimeTotals::importFile(Store &store, const QString &path, ConflictPolicy policy)
{
    ImportOptions options;
    options.policy = policy;
    return importDetected(store, path, options);
}

// "ward", "wardscale", "connect", "revised" (its conflicts replaced) import that file; "undo" undoes the newest
// batch still held.
void TestCrimeTotals::apply(Store &store, const QStringList &steps)
{
    QList<qint64> batches;
    for (const QString &step : steps) {
        if (step == QLatin1String("undo")) {
            QVERIFY(!batches.isEmpty());
            QString error;
            QVERIFY2(Importer::undo(store, batches.takeLast(), &error), qPrintable(error));
            continue;
        }
        const ImportResult result = importFile(store, m_dir.filePath(step + QStringLiteral(".csv")),
                                               step == QLatin1String("revised") ? ConflictPolicy::Replace : ConflictPolicy::Report);
        QVERIFY2(result.committed, qPrintable(result.summary() + QLatin1Char(' ') + result.issues.value(0).toString()));
        if (step == QLatin1String("revised"))
            QVERIFY(result.replaced > 0);
        batches.append(result.batchId);
    }
}

void TestCrimeTotals::sumsEqualTheFigures_data()
{
    QTest::addColumn<QStringList>("steps");
    // Whether the store then holds borough months of both classifications (superseded parts).
    QTest::addColumn<bool>("superseded");
    QTest::newRow("default store") << QStringList{} << false;
    QTest::newRow("ward import") << QStringList{QStringLiteral("ward")} << false;
    QTest::newRow("ward-scale import of new categories") << QStringList{QStringLiteral("wardscale")} << false;
    QTest::newRow("newer classification over the older's months") << QStringList{QStringLiteral("connect")} << true;
    QTest::newRow("ward and borough imports") << QStringList{QStringLiteral("ward"), QStringLiteral("connect")} << true;
    QTest::newRow("replace") << QStringList{QStringLiteral("connect"), QStringLiteral("revised")} << true;
    QTest::newRow("replace undone") << QStringList{QStringLiteral("connect"), QStringLiteral("revised"), QStringLiteral("undo")}
                                    << true;
    QTest::newRow("newer classification undone")
        << QStringList{QStringLiteral("ward"), QStringLiteral("connect"), QStringLiteral("undo")} << false;
    QTest::newRow("every import undone")
        << QStringList{QStringLiteral("ward"), QStringLiteral("connect"), QStringLiteral("revised"), QStringLiteral("undo"),
                       QStringLiteral("undo"), QStringLiteral("undo")}
        << false;
}

void TestCrimeTotals::sumsEqualTheFigures()
{
    QFETCH(QStringList, steps);
    QFETCH(bool, superseded);
    auto store = copyOfDefaultStore(QStringLiteral("sums.sqlite"));
    QVERIFY(store);
    apply(*store, steps);
    if (QTest::currentTestFailed())
        return;

    // Every pre-summed value against a fresh sum of the figures, both ways.
    const Totals kept = keptTotals(*store);
    const Totals fresh = freshTotals(*store);
    QVERIFY(!fresh.empty());
    for (const auto &[key, total] : fresh) {
        const auto found = kept.find(key);
        QVERIFY2(found != kept.end(), qPrintable(QStringLiteral("no sum kept for %1").arg(describe(key))));
        QVERIFY2(found->second == total, qPrintable(QStringLiteral("%1: kept %2 (%3 parts), fresh %4 (%5 parts)")
                                                        .arg(describe(key)).arg(found->second.value).arg(found->second.parts)
                                                        .arg(total.value).arg(total.parts)));
    }
    QCOMPARE(kept.size(), fresh.size());
    QCOMPARE(std::any_of(kept.cbegin(), kept.cend(), [](const auto &entry) { return std::get<2>(entry.first) != 0; }), superseded);

    // What the views draw is what the queries over the figures gave: the TNO trend and every
    // category's London line (with its period kind chosen, as the category view does), its borough
    // bars and its crime map.
    QList<QPair<QString, QStringList>> sets{{QStringLiteral("all crime"), allCrimeKeys(*store)}};
    for (const QString &category : categories(*store))
        sets.append({category, catalog::categoryMeasures(*store, category)});
    for (const auto &[name, keys] : std::as_const(sets)) {
        const QList<qint64> ids = classification::withEquivalents(store->database(), measureIds(*store, keys)).measureIds;
        const QString kind = oldKind(*store, ids);
        SeriesModel line(*store);
        line.setSeries(keys, kMps);
        QCOMPARE(line.periodKind() ? Period::kindName(*line.periodKind()) : QString(), kind);
        const std::map<QString, OldPoint> old = oldForceSeries(*store, ids, kind);
        QMap<QString, const SeriesModel::Point *> drawn;
        for (const SeriesModel::Point &p : line.points())
            drawn.insert(p.period.code(), &p);
        QCOMPARE(qsizetype(drawn.size()), qsizetype(old.size()));
        for (const auto &[code, point] : old) {
            const SeriesModel::Point *p = drawn.value(code);
            QVERIFY2(p, qPrintable(name + QLatin1Char(' ') + code));
            QVERIFY2(p->value == point.value, qPrintable(QStringLiteral("%1 %2: %3, was %4").arg(name, code).arg(p->value).arg(point.value)));
            QCOMPARE(p->calculated, point.parts > 1);
            const int unitDecimals = catalog::defaultDecimals(QStringLiteral("count"));
            int decimals = point.withDecimals > 0 ? point.minDecimals.toInt() : unitDecimals;
            if (point.withDecimals > 0 && point.withDecimals < point.parts)
                decimals = std::min(decimals, unitDecimals);
            QCOMPARE(p->decimals, decimals);
        }

        const QDate to(2024, 1, 31), from(2023, 3, 1);
        BoroughValuesModel bars(*store);
        bars.setValues(keys, from, to);
        const std::map<QString, double> oldBars = oldBoroughValues(*store, ids, from, to);
        QCOMPARE(std::size_t(bars.rowCount()), oldBars.size());
        for (int r = 0; r < bars.rowCount(); ++r) {
            const QString code = bars.index(r, BoroughValuesModel::CodeColumn).data().toString();
            QCOMPARE(bars.index(r, BoroughValuesModel::ValueColumn).data(Qt::EditRole).toDouble(), oldBars.at(code));
        }

        const BoroughMapData map = boroughmaps::crime(*store, keys, {}, {}, false);
        const std::map<QString, double> oldMap = oldCrimeMap(*store, measureIds(*store, keys));
        QCOMPARE(std::size_t(map.valueCount()), oldMap.size());
        for (const auto &[code, value] : oldMap) {
            QVERIFY2(map.find(code) && map.find(code)->value, qPrintable(name + QLatin1Char(' ') + code));
            QCOMPARE(*map.find(code)->value, value);
        }
    }
}

// The queries behind the crime map, the TNO trend and a category's view (its London line, borough
// bars and map) on a store holding ward figures: each reads observation only through its clustered
// key by measure and area (SEARCH … area_id=?), never a SCAN of it nor a walk over a measure's
// figures at every area.
void TestCrimeTotals::viewsReadNoMeasuresEveryFigure()
{
    auto store = copyOfDefaultStore(QStringLiteral("plans.sqlite"));
    QVERIFY(store);
    // The planner's statistics as an officer's store has them: the seed's, from before the imports.
    apply(*store, {QStringLiteral("ward"), QStringLiteral("connect"), QStringLiteral("wardscale")});
    const QStringList burglary = catalog::categoryMeasures(*store, QStringLiteral("Burglary"));
    QVERIFY(!burglary.isEmpty());
    QStringList statements;
    {
        StatementLog log(store->database());
        SeriesModel tno(*store);
        tno.setSeries(allCrimeKeys(*store), kMps, {}, {}, Period::Kind::Month);
        QVERIFY(tno.rowCount() > 0);
        SeriesModel london(*store);
        london.setSeries(burglary, kMps);
        QVERIFY(london.rowCount() > 0);
        BoroughValuesModel bars(*store);
        bars.setValues(burglary, QDate(2023, 2, 1), QDate(2024, 1, 31));
        QVERIFY(bars.rowCount() > 0);
        int drawn = 0;
        for (const CrimeCategory &category : boroughmaps::crimeCategories(*store)) {
            boroughmaps::crime(*store, category.measureKeys, {}, {}, false);
            drawn += boroughmaps::crime(*store, category.measureKeys, {}, QDate(2023, 12, 31), true).valueCount();
        }
        QVERIFY(drawn > 0);
        statements = log.statements();
    }
    QVERIFY(statements.size() > 10);
    // observation's aliases in a statement ("observation o"); observation_replaced and the sums'
    // table are other tables.
    static const QRegularExpression alias(QStringLiteral("\\bobservation(?:\\s+AS)?\\s+(?!WHERE\\b|JOIN\\b|ON\\b|CROSS\\b)(\\w+)"),
                                          QRegularExpression::CaseInsensitiveOption);
    int readsFigures = 0, readsSums = 0;
    for (const QString &sql : std::as_const(statements)) {
        if (!sql.startsWith(QLatin1String("SELECT"), Qt::CaseInsensitive))
            continue;
        QStringList names{QStringLiteral("observation")};
        for (auto it = alias.globalMatch(sql); it.hasNext();)
            names.append(it.next().captured(1));
        QSqlQuery plan(store->database());
        QVERIFY2(plan.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql), qPrintable(sql));
        static const QRegularExpression step(QStringLiteral("^(SCAN|SEARCH) (\\w+)( USING PRIMARY KEY)?"));
        while (plan.next()) {
            const QString detail = plan.value(3).toString();
            const QRegularExpressionMatch m = step.match(detail);
            if (!m.hasMatch())
                continue;
            const bool figures = names.contains(m.captured(2));
            QVERIFY2(!(figures && m.captured(1) == QLatin1String("SCAN")), qPrintable(QStringLiteral("%1\n  in: %2").arg(detail, sql)));
            // A search by measure alone walks its figures at every area, wards and LSOAs included.
            // Allowed: EXISTS probes (the first figure ends them: catalog::measures), and which
            // quarters the report's workforce and survey measures (stated for the force, a few
            // figures) are held for (reporttables::quartersHeld).
            static const QRegularExpression table(QStringLiteral("\\bobservation\\b"));
            const bool probesOnly = sql.count(table) == sql.count(QLatin1String("EXISTS (SELECT 1 FROM observation "));
            QVERIFY2(!figures || detail.contains(QLatin1String("area_id=")) || probesOnly
                         || sql.contains(QLatin1String("'pas.overall_satisfaction'")),
                     qPrintable(QStringLiteral("%1\n  in: %2").arg(detail, sql)));
            if (figures && !m.captured(3).isEmpty())
                ++readsFigures;
            if (m.captured(2) == QLatin1String("crime_total") || sql.contains(QStringLiteral("crime_total ") + m.captured(2) + QLatin1Char(' ')))
                ++readsSums;
        }
    }
    // The London lines and the map's months come from the sums; the borough figures by the key.
    QVERIFY(readsSums > 0);
    QVERIFY(readsFigures > 0);
}

QTEST_GUILESS_MAIN(TestCrimeTotals)
#include "tst_crimetotals.moc"
