// Board-paper fidelity: a bar carries its own borough's name and figure; no month is added up from
// two of the MPS's crime classifications.
#include "boroughmapdata.h"
#include "storesupport.h"
#include "catalog.h"
#include "classification.h"
#include "importer.h"
#include "importplan.h"
#include "reader.h"
#include "seriescharts.h"
#include "seriesmodel.h"
#include "store.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace oversight;
using namespace oversight::import;

namespace {

const QString sharedData = QStringLiteral(OVERSIGHT_SOURCE_DIR "/../shared/data");
const QString kMps = QStringLiteral("E23000001");

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks.append(QStringLiteral("?"));
    return marks.join(QLatin1Char(','));
}

// What the store holds for these measures in one area and month, read straight from the values.
double storedSum(const Store &store, const QStringList &keys, const QString &areaCode, const QString &month)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT coalesce(sum(value), 0) FROM observation_flat WHERE measure_key IN (%1) AND area_code = ? "
                             "AND period_kind = 'month' AND period_start = ? AND breakdown IS NULL")
                  .arg(placeholders(keys.size())));
    for (const QString &k : keys)
        q.addBindValue(k);
    q.addBindValue(areaCode);
    q.addBindValue(month);
    return q.exec() && q.next() ? q.value(0).toDouble() : -1.0;
}

// The classifications' presence the import recorded equals what the stored figures say, both ways.
bool presenceMatchesFigures(const Store &store)
{
    QSqlQuery q(store.database());
    const QString fresh = QStringLiteral("SELECT DISTINCT m.classification_id, o.area_id, o.period_id FROM measure m "
                                         "JOIN observation o ON o.measure_id = m.id "
                                         "WHERE m.classification_id IS NOT NULL AND o.breakdown_id = 0");
    const QString kept = QStringLiteral("SELECT classification_id, area_id, period_id FROM classification_presence");
    if (!q.exec(QStringLiteral("SELECT (SELECT count(*) FROM (%1 EXCEPT %2)) + (SELECT count(*) FROM (%2 EXCEPT %1))").arg(fresh, kept))
        || !q.next())
        return false;
    return q.value(0).toInt() == 0;
}

std::optional<double> seriesValue(const SeriesModel &model, const QString &month, bool rolling = false)
{
    for (const SeriesModel::Point &p : model.points()) {
        if (p.period.start().toString(Qt::ISODate) == month)
            return rolling ? p.rolling12 : std::optional<double>(p.value);
    }
    return std::nullopt;
}

// An MPS wide file's own sums by month (YYYYMM), of the rows whose major category is `major` (all
// rows when empty), read with nothing of Oversight's.
std::map<QString, double> fileSums(const QString &path, const QString &major)
{
    std::map<QString, double> sums;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return sums;
    QStringList header;
    while (!file.atEnd()) {
        QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(QChar(0xFEFF)))
            line.remove(0, 1);
        // The MPS files quote only category texts with commas; months are the trailing fields.
        QStringList fields;
        QString field;
        bool quoted = false;
        for (const QChar c : line) {
            if (c == QLatin1Char('"'))
                quoted = !quoted;
            else if (c == QLatin1Char(',') && !quoted) {
                fields.append(field);
                field.clear();
            } else
                field.append(c);
        }
        fields.append(field);
        if (header.isEmpty()) {
            header = fields;
            continue;
        }
        if (!major.isEmpty() && fields.value(0).compare(major, Qt::CaseInsensitive) != 0)
            continue;
        for (qsizetype c = 0; c < header.size(); ++c) {
            if (header.at(c).size() == 6 && header.at(c).at(0).isDigit())
                sums[header.at(c)] += fields.value(c).toDouble();
        }
    }
    return sums;
}

} // namespace

class TestFidelity : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void boroughBarsCarryTheirBorough_data();
    void boroughBarsCarryTheirBorough();
    void newerClassificationTakesTheMonth();
    void newestBoroughFileDoublesNoMonth_data();
    void newestBoroughFileDoublesNoMonth();

private:
    std::unique_ptr<Store> copyOfDefaultStore(const QString &name);
    ImportResult importFile(Store &store, const QString &path, bool dryRun = false);

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_template;
};

void TestFidelity::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_template = Store::open(m_dir.filePath(QStringLiteral("template.sqlite")), &error);
    QVERIFY2(m_template, qPrintable(error));
    QVERIFY(presenceMatchesFigures(*m_template));
}

std::unique_ptr<Store> TestFidelity::copyOfDefaultStore(const QString &name)
{
    QString error;
    return copyOfStore(*m_template, m_dir.filePath(name), &error);
}

ImportResult TestFidelity::importFile(Store &store, const QString &path, bool dryRun)
{
    ImportOptions options;
    options.dryRun = dryRun;
    return importDetected(store, path, options);
}

void TestFidelity::boroughBarsCarryTheirBorough_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("measure");
    // Burglary is the issue's case: BAR was Barking and Dagenham and Barnet, HAR Haringey and Harrow.
    QTest::newRow("Burglary") << "Burglary" << "";
    QTest::newRow("Theft") << "Theft" << "";
    QTest::newRow("Domestic Burglary") << "" << "mps.burglary.domestic_burglary";
}

// A measure's By borough chart: one bar for each borough with figures, labelled uniquely, each label
// naming the borough whose figure the bar is.
void TestFidelity::boroughBarsCarryTheirBorough()
{
    QFETCH(QString, category);
    QFETCH(QString, measure);
    const QStringList keys = category.isEmpty() ? QStringList{measure} : catalog::categoryMeasures(*m_template, category);
    QVERIFY(!keys.isEmpty());
    const QDate from(2016, 7, 1), to(2017, 6, 30);
    BoroughValuesModel model(*m_template);
    model.setValues(keys, from, to);
    // 32 boroughs: the City of London is policed by the City of London Police and is not in the data.
    QCOMPARE(model.rowCount(), 32);
    std::unique_ptr<QChart> chart(charts::createBoroughChart(&model, category, QStringLiteral("Source: test")));
    QBarCategoryAxis *axis = nullptr;
    for (QAbstractAxis *a : chart->axes(Qt::Horizontal))
        axis = axis ? axis : qobject_cast<QBarCategoryAxis *>(a);
    QVERIFY(axis);
    const QStringList labels = axis->categories();
    QCOMPARE(labels.size(), 32);
    QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), 32);
    auto *series = qobject_cast<QBarSeries *>(chart->series().value(0));
    QVERIFY(series);
    QBarSet *set = series->barSets().value(0);
    QVERIFY(set);
    QCOMPARE(set->count(), 32);

    QSqlQuery q(m_template->database());
    QSet<QString> codes;
    for (int i = 0; i < labels.size(); ++i) {
        q.prepare(QStringLiteral("SELECT code, name FROM area WHERE abbreviation = ? AND kind = 'borough'"));
        q.addBindValue(labels.at(i));
        QVERIFY2(q.exec() && q.next(), qPrintable(QStringLiteral("bar %1 is labelled '%2', no borough's abbreviation").arg(i).arg(labels.at(i))));
        const QString code = q.value(0).toString();
        const QString name = q.value(1).toString();
        codes.insert(code);
        double expected = 0.0;
        for (QDate month = from; month <= to; month = month.addMonths(1))
            expected += storedSum(*m_template, keys, code, month.toString(Qt::ISODate));
        QVERIFY2(qFuzzyCompare(set->at(i), expected),
                 qPrintable(QStringLiteral("bar '%1' (%2) shows %3, the store holds %4").arg(labels.at(i), name).arg(set->at(i)).arg(expected)));
    }
    QCOMPARE(codes.size(), 32);
    // The two the old labels lost, and the two pairs they merged.
    for (const char *code : {"E09000032", "E09000033", "E09000002", "E09000003", "E09000014", "E09000015"})
        QVERIFY2(codes.contains(QLatin1String(code)), code);
}

// A small file in the MPS's newer classification over months the default data holds in the older:
// the sums take those months from the newer, area by area, and undo puts the older back.
void TestFidelity::newerClassificationTakesTheMonth()
{
    auto store = copyOfDefaultStore(QStringLiteral("newer.sqlite"));
    QVERIFY(store);
    const QStringList olderBurglary = catalog::categoryMeasures(*store, QStringLiteral("Burglary"));
    const QString path = m_dir.filePath(QStringLiteral("connect.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    // Test figures, in the newer files' own words and layout.
    file.write("MajorText,MinorText,BoroughName,202312,202401,202402\r\n"
               "BURGLARY,RES BURGLARY OF A HOME,Westminster,101,102,103\r\n"
               "BURGLARY,RES BURGLARY OF UNCONNECTED BUILDING,Westminster,11,12,13\r\n"
               "BURGLARY,BURGLARY BUSINESS AND COMMUNITY,Westminster,21,22,23\r\n"
               "BURGLARY,RES BURGLARY OF A HOME,Camden,201,202,203\r\n"
               "VIOLENCE AGAINST THE PERSON,VIOLENCE WITHOUT INJURY,Camden,301,302,303\r\n");
    file.close();

    const ImportResult check = importFile(*store, path, true);
    QVERIFY2(check.ok, qPrintable(check.summary()));
    QCOMPARE(check.conflictCount, 0); // a change of definition is not a revision
    bool said = false;
    for (const ImportIssue &issue : check.issues)
        said = said || issue.message.startsWith(QLatin1String("December 2023 to January 2024 are held both in this file's MPS borough crime categories from January 2024"));
    QVERIFY2(said, qPrintable(check.issues.value(0).toString()));

    const ImportResult result = importFile(*store, path);
    QVERIFY2(result.committed, qPrintable(result.summary()));
    QCOMPARE(result.added, 15);
    QVERIFY(presenceMatchesFigures(*store));
    // Each classification knows the months the store holds it for.
    for (const classification::Held &h : classification::held(store->database())) {
        if (h.scheme.key == QLatin1String("mps-cris")) {
            QCOMPARE(h.firstMonth, QStringLiteral("2010-04-01"));
            QCOMPARE(h.lastMonth, QStringLiteral("2024-01-01"));
            QCOMPARE(h.listedCategories, 56);
        } else if (h.scheme.key == QLatin1String("mps-2024")) {
            QCOMPARE(h.firstMonth, QStringLiteral("2023-12-01"));
            QCOMPARE(h.lastMonth, QStringLiteral("2024-02-01"));
            QCOMPARE(h.measures, 4);
            QCOMPARE(h.areas, 2);
        } else {
            QVERIFY(h.firstMonth.isEmpty());
        }
    }
    const QStringList allBurglary = catalog::categoryMeasures(*store, QStringLiteral("Burglary"));
    QCOMPARE(allBurglary.size(), olderBurglary.size() + 3);

    SeriesModel westminster(*store);
    westminster.setSeries(allBurglary, QStringLiteral("E09000033"));
    QCOMPARE(seriesValue(westminster, QStringLiteral("2023-11-01")).value_or(-1),
             storedSum(*store, olderBurglary, QStringLiteral("E09000033"), QStringLiteral("2023-11-01")));
    QCOMPARE(seriesValue(westminster, QStringLiteral("2023-12-01")).value_or(-1), 133.0);
    QCOMPARE(seriesValue(westminster, QStringLiteral("2024-01-01")).value_or(-1), 136.0);
    QCOMPARE(seriesValue(westminster, QStringLiteral("2024-02-01")).value_or(-1), 139.0);
    QVERIFY(westminster.note().contains(QLatin1String("the newer are used")));
    QCOMPARE(westminster.breaks().size(), 1);
    QCOMPARE(westminster.breaks().first().month, QDate(2023, 12, 1));

    // The MPS: each borough's month from its newer classification where it has one, else the older.
    SeriesModel mps(*store);
    mps.setSeries(allBurglary, kMps);
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT code FROM area WHERE kind IN ('borough','other')")));
    QStringList areas;
    while (q.next())
        areas.append(q.value(0).toString());
    for (const QString &month : {QStringLiteral("2023-12-01"), QStringLiteral("2024-01-01")}) {
        double expected = 0.0;
        for (const QString &area : std::as_const(areas)) {
            if (area == QLatin1String("E09000033"))
                expected += month == QLatin1String("2023-12-01") ? 133 : 136;
            else if (area == QLatin1String("E09000007"))
                expected += month == QLatin1String("2023-12-01") ? 201 : 202;
            else
                expected += storedSum(*store, olderBurglary, area, month);
        }
        QCOMPARE(seriesValue(mps, month).value_or(-1), expected);
    }
    // February 2024 is only in the newer classification (the default data ends in January 2024).
    QCOMPARE(seriesValue(mps, QStringLiteral("2024-02-01")).value_or(-1), 139.0 + 203.0);
    // The rolling 12 months to January 2024 adds each month once.
    double rolling = 0.0;
    for (int back = 0; back < 12; ++back)
        rolling += *seriesValue(mps, QDate(2024, 1, 1).addMonths(-back).toString(Qt::ISODate));
    QCOMPARE(seriesValue(mps, QStringLiteral("2024-01-01"), true).value_or(-1), rolling);

    // A borough's bar for January 2024 is the newer figure too.
    BoroughValuesModel bars(*store);
    bars.setValues(allBurglary, QDate(2024, 1, 1), QDate(2024, 1, 31));
    bool found = false;
    for (int r = 0; r < bars.rowCount(); ++r) {
        if (bars.index(r, BoroughValuesModel::CodeColumn).data().toString() == QLatin1String("E09000033")) {
            QCOMPARE(bars.index(r, BoroughValuesModel::ValueColumn).data(Qt::EditRole).toDouble(), 136.0);
            found = true;
        }
    }
    QVERIFY(found);
    // A minor category runs on in its equivalent: Domestic Burglary as burglary of a home and of an
    // unconnected building, with the break marked and said.
    const QString domestic = QStringLiteral("mps.burglary.domestic_burglary");
    SeriesModel older(*store);
    older.setSeries({domestic}, QStringLiteral("E09000033"));
    QCOMPARE(seriesValue(older, QStringLiteral("2023-11-01")).value_or(-1),
             storedSum(*store, {domestic}, QStringLiteral("E09000033"), QStringLiteral("2023-11-01")));
    QCOMPARE(seriesValue(older, QStringLiteral("2023-12-01")).value_or(-1), 112.0);
    QCOMPARE(seriesValue(older, QStringLiteral("2024-01-01")).value_or(-1), 114.0);
    QCOMPARE(seriesValue(older, QStringLiteral("2024-02-01")).value_or(-1), 116.0);
    QVERIFY2(older.note().contains(QLatin1String("goes on as Res Burglary of a Home (MPS categories from January 2024) + "
                                                 "Res Burglary of Unconnected Building (MPS categories from January 2024)")),
             qPrintable(older.note()));
    QCOMPARE(older.breaks().size(), 1);
    // One with no equivalent stops, and says why.
    SeriesModel knives(*store);
    knives.setSeries({QStringLiteral("mps.possession_of_weapons.other_knife_offences")}, QStringLiteral("E09000033"));
    QVERIFY(knives.breaks().isEmpty());
    QVERIFY2(knives.note().startsWith(QLatin1String("No equivalent from January 2024")), qPrintable(knives.note()));

    QString error;
    QVERIFY2(Importer::undo(*store, result.batchId, &error), qPrintable(error));
    QVERIFY(presenceMatchesFigures(*store));
    westminster.setSeries(allBurglary, QStringLiteral("E09000033"));
    QCOMPARE(seriesValue(westminster, QStringLiteral("2024-01-01")).value_or(-1),
             storedSum(*store, olderBurglary, QStringLiteral("E09000033"), QStringLiteral("2024-01-01")));
    QVERIFY(westminster.note().isEmpty());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM classification_presence WHERE classification_id = "
                                  "(SELECT id FROM classification WHERE key = 'mps-2024')")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestFidelity::newestBoroughFileDoublesNoMonth_data()
{
    QTest::addColumn<QString>("major");
    QTest::newRow("burglary") << "Burglary";
    QTest::newRow("total notifiable offences") << "";
}

// The issue's case: the newest MPS borough file over the default store. December 2023 is the older
// file's own sum, January and February 2024 the newest file's own sums: no month doubled.
void TestFidelity::newestBoroughFileDoublesNoMonth()
{
    QFETCH(QString, major);
    const QString newest = sharedData + QStringLiteral("/mps_borough_crime_24m_202401-202512_jdevs.csv");
    const QString older = sharedData + QStringLiteral("/mps_borough_crime_24m_lookup_202202-202401_jn607.csv");
    if (!QFileInfo::exists(newest) || !QFileInfo::exists(older))
        QSKIP("../shared/data is not here (a user's clone has none); the MPS files are needed for this test");
    auto store = copyOfDefaultStore(QStringLiteral("newest-%1.sqlite").arg(major.isEmpty() ? QStringLiteral("all") : major));
    QVERIFY(store);
    const ImportResult result = importFile(*store, newest);
    QVERIFY2(result.committed, qPrintable(result.summary()));
    QCOMPARE(result.conflictCount, 0);
    QVERIFY(presenceMatchesFigures(*store));

    QStringList keys;
    if (!major.isEmpty()) {
        keys = catalog::categoryMeasures(*store, major);
    } else {
        for (const MeasureInfo &m : catalog::measures(*store)) {
            if (!m.category.isEmpty())
                keys.append(m.key);
        }
    }
    SeriesModel mps(*store);
    mps.setSeries(keys, kMps);
    const auto olderSums = fileSums(older, major);
    const auto newestSums = fileSums(newest, major);
    QCOMPARE(seriesValue(mps, QStringLiteral("2023-12-01")).value_or(-1), olderSums.at(QStringLiteral("202312")));
    QCOMPARE(seriesValue(mps, QStringLiteral("2024-01-01")).value_or(-1), newestSums.at(QStringLiteral("202401")));
    QCOMPARE(seriesValue(mps, QStringLiteral("2024-02-01")).value_or(-1), newestSums.at(QStringLiteral("202402")));
    double year2024 = 0.0;
    for (int m = 1; m <= 12; ++m)
        year2024 += newestSums.at(QStringLiteral("2024%1").arg(m, 2, 10, QLatin1Char('0')));
    QCOMPARE(seriesValue(mps, QStringLiteral("2024-12-01"), true).value_or(-1), year2024);
    QVERIFY(mps.note().contains(QLatin1String("January 2024 is held in both")));
}

QTEST_MAIN(TestFidelity)
#include "tst_fidelity.moc"
