#include "boroughmapdata.h"
#include "../storesupport.h"
#include "catalog.h"
#include "importer.h"
#include "profiles.h"
#include "reader.h"
#include "reporttable.h"
#include "reporttablelayout.h"
#include "schema.h"
#include "store.h"
#include "tableexport.h"
#include "../xlsxfixture.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QMap>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace oversight;
using namespace oversight::import;

namespace {

const QString sharedData = QStringLiteral(OVERSIGHT_SHARED_DIR "/data");

// What the store holds, as a comparable digest: every observation with its batch.
QByteArray storeDigest(const Store &store)
{
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT measure_id, area_id, period_id, coalesce(breakdown_id, 0), value, batch_id, "
                          "coalesce(decimals, -1) FROM observation "
                          "ORDER BY measure_id, area_id, period_id, coalesce(breakdown_id, 0)"));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    while (q.next()) {
        for (int c = 0; c < 7; ++c)
            hash.addData(q.value(c).toString().toUtf8() + '|');
    }
    QSqlQuery b(store.database());
    b.exec(QStringLiteral("SELECT count(*) FROM import_batch"));
    b.next();
    hash.addData(b.value(0).toString().toUtf8());
    return hash.result().toHex();
}

double stored(const Store &store, const QString &measureKey, const QString &areaCode, const QString &period)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT value FROM observation_flat WHERE measure_key = ? AND area_code = ? AND period_label = ?"));
    q.addBindValue(measureKey);
    q.addBindValue(areaCode);
    q.addBindValue(period);
    return q.exec() && q.next() ? q.value(0).toDouble() : -1.0;
}

struct Prepared {
    std::unique_ptr<Reader> reader;
    ImportPlan plan;
};

Prepared prepare(const QString &path)
{
    Prepared p;
    QString error;
    p.reader = readerFor(path, &error);
    if (!p.reader || !p.reader->open(path, &error)) {
        qWarning("%s", qPrintable(error));
        p.reader.reset();
        return p;
    }
    const auto plan = detectPlan(*p.reader, QFileInfo(path).fileName(), &error);
    if (!plan) {
        qWarning("%s", qPrintable(error));
        p.reader.reset();
        return p;
    }
    p.plan = *plan;
    return p;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

// A report table as CSV: title rows, the header, the rows; one cell replaced where a test says.
struct Replacement {
    QString label;
    int column = -1;
    QString text;
};

QByteArray tableCsv(const QStringList &titles, QList<QStringList> rows, const Replacement &replacement = {})
{
    for (QStringList &row : rows) {
        if (!replacement.label.isEmpty() && (row.value(0) == replacement.label || row.value(1) == replacement.label))
            row[replacement.column] = replacement.text;
    }
    QByteArray out;
    for (const QString &title : titles)
        out += title.toUtf8() + '\n';
    for (const QStringList &row : std::as_const(rows)) {
        QStringList fields;
        for (const QString &field : row)
            fields.append(field.contains(QLatin1Char(',')) ? QLatin1Char('"') + field + QLatin1Char('"') : field);
        out += fields.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    return out;
}

// Six rows of the report's "Recorded crime 12 month average" table (Q1 2017/18, A Safer London),
// as printed: 12-month totals to June 2016 and June 2017, their change and % change.
QList<QStringList> recordedCrimeRows()
{
    return {
        {"Police and Crime Plan Area", "Crime Category", "July 2015 - June 2016", "July 2016 - June 2017", "Change", "% Change"},
        {"A better police service for London", "Total Notifiable Offences", "748,660", "790,473", "41,813", "5.6%"},
        {"A better police service for London", "Violence Against the Person", "231,876", "241,416", "9,540", "4.1%"},
        {"A better police service for London", "Total Robbery", "21,429", "26,336", "4,907", "22.9%"},
        {"A better police service for London", "Theft Taking of MV", "23,345", "29,096", "5,751", "24.6%"},
        {"Keeping children and young people safe", "Knife Crime", "9,785", "13,121", "3,336", "34.1%"},
        {"Standing together against hatred and intolerance", "Racist and Religious Hate crime", "15,168", "17,629", "2,461", "16.2%"},
    };
}

const QStringList recordedCrimeKeys = {
    QStringLiteral("crime.tno"),   QStringLiteral("crime.vap"),   QStringLiteral("crime.robbery"),
    QStringLiteral("crime.theft_taking_mv"), QStringLiteral("crime.knife"), QStringLiteral("hate.racist_religious"),
};

// The report's revenue table (Position at Q1 17/18, £m) down to Total Net Expenditure. The tests
// label it with another quarter (Q2 2017/18) so that nothing in it is mistaken for a stored figure.
QList<QStringList> revenueRows()
{
    return {
        {"Line", "Budget to date (£m)", "Actual to date (£m)", "Variance (£m)", "Full year budget (£m)", "Full year forecast (£m)", "Variance (£m)"},
        {"Police Officer Pay", "452.1", "445.0", "-7.1", "1,805.0", "1,781.6", "-23.3"},
        {"Police Staff Pay", "117.1", "107.3", "-9.8", "479.4", "448.7", "-30.7"},
        {"PCSO Pay", "13.8", "14.0", "0.2", "53.7", "54.6", "0.9"},
        {"Total Pay", "583.0", "566.3", "-16.7", "2,338.1", "2,284.9", "-53.2"},
        {"Police Officer Overtime", "20.8", "30.2", "9.4", "79.0", "101.8", "22.8"},
        {"Police Staff Overtime", "5.1", "6.6", "1.5", "20.1", "24.3", "4.2"},
        {"PCSO Overtime", "0.1", "0.1", "0.0", "0.2", "0.2", "0.0"},
        {"Total Overtime", "26.0", "36.9", "10.9", "99.3", "126.3", "27.0"},
        {"TOTAL PAY & OVERTIME", "609.0", "603.2", "-5.8", "2,437.4", "2,411.2", "-26.2"},
        {"Employee Related Expenditure", "5.0", "6.4", "1.4", "21.9", "21.1", "-0.8"},
        {"Premises Costs", "45.0", "42.8", "-2.2", "173.9", "171.8", "-2.1"},
        {"Transport Costs", "16.8", "16.3", "-0.5", "65.4", "65.6", "0.2"},
        {"Supplies & Services", "121.9", "105.6", "-16.3", "509.7", "509.6", "-0.1"},
        {"TOTAL RUNNING EXPENSES", "188.7", "171.1", "-17.6", "770.9", "768.1", "-2.8"},
        {"Capital Financing Costs", "24.4", "24.4", "0.0", "41.9", "41.9", "0.0"},
        {"Discretionary Pension Costs", "8.6", "8.5", "-0.1", "34.4", "34.5", "0.1"},
        {"TOTAL EXPENDITURE", "830.7", "807.2", "-23.5", "3,284.6", "3,255.7", "-28.9"},
        {"Other Income", "-64.1", "-63.3", "0.8", "-256.6", "-262.5", "-5.9"},
        {"Specific Grants", "-106.4", "-105.9", "0.5", "-431.7", "-430.8", "0.9"},
        {"Transfer to/(from) reserves", "-18.0", "-16.2", "1.8", "-92.8", "-91.1", "1.7"},
        {"TOTAL NET EXPENDITURE", "642.2", "621.8", "-20.4", "2,503.5", "2,471.3", "-32.2"},
    };
}

const QStringList revenueTitle = {QStringLiteral("Revenue position at Q2 2017/18"), QString()};

// A stored figure of a report table's figure column: its breakdown names the figure.
double storedFigure(const Store &store, const QString &measureKey, const QString &period, const QString &figure)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT value FROM observation_flat WHERE measure_key = ? AND area_code = 'E23000001' "
                             "AND period_label = ? AND breakdown = ?"));
    q.addBindValue(measureKey);
    q.addBindValue(period);
    q.addBindValue(QStringLiteral("Figure: ") + figure);
    return q.exec() && q.next() ? q.value(0).toDouble() : qQNaN();
}

qint64 batchFacts(const Store &store, qint64 batchId)
{
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT count(*) FROM observation WHERE batch_id = %1").arg(batchId));
    return q.next() ? q.value(0).toLongLong() : -1;
}

// Every table's row count: what an undo must give back as it was (the batch id sequence aside,
// which only grows, and SQLite's own statistics).
QMap<QString, qint64> tableCounts(const Store &store)
{
    QMap<QString, qint64> counts;
    QSqlQuery tables(store.database());
    tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "AND name <> 'import_batch_sequence' ORDER BY name"));
    while (tables.next()) {
        QSqlQuery q(store.database());
        q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(tables.value(0).toString()));
        counts.insert(tables.value(0).toString(), q.next() ? q.value(0).toLongLong() : -1);
    }
    return counts;
}

// The catalogue's rows as text, in id order: measures, areas and breakdowns.
QStringList catalogueRows(const Store &store)
{
    QStringList rows;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT 'measure', id, key, name, coalesce(source, ''), coalesce(notes, '') FROM measure "
                          "UNION ALL SELECT 'area', id, code, name, kind, coalesce(parent_id, '') FROM area "
                          "UNION ALL SELECT 'breakdown', id, category, grp, ordinal, '' FROM breakdown ORDER BY 1, 2"));
    while (q.next()) {
        QStringList fields;
        for (int c = 0; c < 6; ++c)
            fields.append(q.value(c).toString());
        rows.append(fields.join(QLatin1Char('|')));
    }
    return rows;
}

// The store's tables, indexes, views and triggers.
QStringList schemaObjects(const Store &store)
{
    QStringList names;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT type || ' ' || name FROM sqlite_master ORDER BY 1"));
    while (q.next())
        names.append(q.value(0).toString());
    return names;
}

qint64 createdBy(const Store &store, qint64 batchId, const QString &column)
{
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT count(*) FROM import_created WHERE batch_id = %1 AND %2 IS NOT NULL").arg(batchId).arg(column));
    return q.next() ? q.value(0).toLongLong() : -1;
}

bool offered(const Store &store, const QString &measureKey)
{
    for (const MeasureInfo &m : catalog::measures(store)) {
        if (m.key == measureKey)
            return true;
    }
    return false;
}

// A borough return of ASB calls for a quarter's months: a measure the catalogue does not have.
QByteArray asbReturn(const QStringList &months, int base)
{
    QByteArray csv = "ASB calls by borough\r\n\r\nBorough,Measure," + months.join(QLatin1Char(',')).toUtf8() + "\r\n";
    for (const char *borough : {"Barking & Dagenham", "City of Westminster"}) {
        csv += QByteArray(borough) + ",ASB calls";
        for (int m = 0; m < months.size(); ++m)
            csv += ',' + QByteArray::number(base + 10 * m);
        csv += "\r\n";
        base += 1000;
    }
    return csv;
}

QStringList issueLines(const ImportResult &result)
{
    QStringList lines;
    for (const ImportIssue &issue : result.issues)
        lines.append(issue.toString());
    return lines;
}

// A borough return's sheet: one row per borough and measure, one column per month of Q1 2017/18.
FixtureSheet boroughSheet(const QString &name, const QList<QStringList> &rows,
                          const QStringList &months = {QStringLiteral("201704"), QStringLiteral("201705"), QStringLiteral("201706")})
{
    return {name, QList<QStringList>{QStringList{QStringLiteral("Borough"), QStringLiteral("Measure")} + months} + rows};
}

const QList<QStringList> asbRows = {{"Camden", "ASB calls", "310", "320", "330"}, {"Westminster", "ASB calls", "510", "520", "530"}};
const QList<QStringList> burglaryRows = {{"Camden", "Burglary calls", "41", "42", "43"},
                                         {"Westminster", "Burglary calls", "61", "62", "63"}};

// The figures a batch stored, one "measure_key area_code yyyy-mm value" line each, in that order.
QStringList batchFigures(const Store &store, qint64 batchId)
{
    QStringList lines;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT measure_key, area_code, substr(period_start, 1, 7), value FROM observation_flat "
                             "WHERE batch_id = ? ORDER BY measure_key, area_code, period_start"));
    q.addBindValue(batchId);
    q.exec();
    while (q.next())
        lines.append(QStringLiteral("%1 %2 %3 %4").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                                       q.value(3).toString()));
    return lines;
}

// The plan of each named sheet, found as the command line's --sheet finds them.
QList<ImportPlan> sheetPlans(Reader &reader, const QString &fileName, const QStringList &names)
{
    QList<ImportPlan> plans;
    const QList<SheetInfo> sheets = reader.sheets();
    for (const QString &name : names) {
        for (int s = 0; s < sheets.size(); ++s) {
            QString error;
            if (sheets.at(s).name != name)
                continue;
            if (const auto plan = detectSheetPlan(reader, s, fileName, &error))
                plans.append(*plan);
            else
                qWarning("%s", qPrintable(error));
        }
    }
    return plans;
}

} // namespace

class TestImporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void detectsEveryMpsVariant_data();
    void detectsEveryMpsVariant();
    void importsAndUndoesNewestBoroughFile();
    void conflictsAreReportedNotWritten();
    void replaceThenUndoRestores();
    void batchIdsAreNeverReused_data();
    void batchIdsAreNeverReused();
    void validationNamesTheCell();
    void cellTextIsEscapedForTerminals_data();
    void cellTextIsEscapedForTerminals();
    void nonBoroughAreasAreKept();
    void totalRowsAreCheckedNotStored();
    void nothingIsDroppedSilently_data();
    void nothingIsDroppedSilently();
    void twoDigitYearHeadersAreNotedOnce();
    void mappingsToWhatTheStoreLacksAreRefused_data();
    void mappingsToWhatTheStoreLacksAreRefused();
    void neighbourhoodsAreAreasOfTheirBoroughs_data();
    void neighbourhoodsAreAreasOfTheirBoroughs();
    void duplicateKeysAndFilesAreFlagged();
    void profileRoundTripAndAutoMatch();
    void periodsOutsideTheExpectedQuarterAreFlagged();
    void valuesAcrossManyChunksAndAFailedWrite();
    void detectionPicksTheLayout_data();
    void detectionPicksTheLayout();
    void reportTableRecordedCrime_data();
    void reportTableRecordedCrime();
    void reportTableRevenueReturn_data();
    void reportTableRevenueReturn();
    void reportTablePeriodFromTitleNameOrChoice_data();
    void reportTablePeriodFromTitleNameOrChoice();
    void reportTableConflictsAndUndo();
    void replacedFigureLosesItsStatedDecimalsUndoRestoresThem();
    void reportTableCapitalSections();
    void reportTableProfileMatchesNextQuarter();
    void reportTableExportedWorkbookReimports();
    void undoTakesOutWhatTheImportCreated_data();
    void undoTakesOutWhatTheImportCreated();
    void whatAnotherBatchUsesPassesToIt();
    void storeFromVersion9KeepsWhatItHad();
    void severalSheetsAreOneBatch_data();
    void severalSheetsAreOneBatch();
    void severalSheetsWriteNothingOnAnError_data();
    void severalSheetsWriteNothingOnAnError();
    void profileOfSeveralSheets();

private:
    std::unique_ptr<Store> freshStore(const QString &name);
    std::unique_ptr<Store> copyOfDefaultStore(const QString &name);
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_shared;
    std::unique_ptr<Store> m_template;
};

void TestImporter::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestImporter::cleanupTestCase()
{
    m_shared.reset();
    m_template.reset();
}

std::unique_ptr<Store> TestImporter::freshStore(const QString &name)
{
    QString error;
    auto store = Store::open(m_dir.filePath(name), &error);
    if (!store)
        qWarning("%s", qPrintable(error));
    return store;
}

// A store holding the default data, copied from one loaded once (loading takes seconds).
std::unique_ptr<Store> TestImporter::copyOfDefaultStore(const QString &name)
{
    if (!m_template)
        m_template = freshStore(QStringLiteral("template.sqlite"));
    if (!m_template)
        return nullptr;
    QString error;
    auto store = copyOfStore(*m_template, m_dir.filePath(name), &error);
    if (!store)
        qWarning("%s", qPrintable(error));
    return store;
}

void TestImporter::detectsEveryMpsVariant_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("months");
    QTest::addColumn<bool>("wards");
    QTest::newRow("old format historic") << "mps_borough_crime_oldformat_historic_200801-201612_rusabin.csv" << 108 << false;
    QTest::newRow("old format 24 months") << "mps_borough_crime_oldformat_24m_201701-201812_rusabin.csv" << 24 << false;
    QTest::newRow("lookup historical") << "mps_borough_crime_historical_lookup_201004-202201_jn607.csv" << 142 << false;
    QTest::newRow("lookup 24 months") << "mps_borough_crime_24m_lookup_202202-202401_jn607.csv" << 24 << false;
    QTest::newRow("CONNECT historical") << "mps_borough_crime_historical_201004-202302_andyxuegit.csv" << 155 << false;
    QTest::newRow("CONNECT 24 months") << "mps_borough_crime_24m_202303-202502_andyxuegit.csv" << 24 << false;
    QTest::newRow("newest borough") << "mps_borough_crime_24m_202401-202512_jdevs.csv" << 24 << false;
    QTest::newRow("ward 2023-25") << "mps_ward_crime_24m_202307-202506_langtonhugh.csv" << 24 << true;
    QTest::newRow("ward 2024-25") << "mps_ward_crime_24m_202401-202512_jdevs.csv" << 24 << true;
    QTest::newRow("ward 2024-26") << "mps_ward_crime_24m_202402-202601_lblewisham.csv" << 24 << true;
}

void TestImporter::detectsEveryMpsVariant()
{
    QFETCH(QString, file);
    QFETCH(int, months);
    QFETCH(bool, wards);
    const QString path = sharedData + QLatin1Char('/') + file;
    if (!QFileInfo::exists(path))
        QSKIP("../shared/data is not here (a user's clone has none); the MPS files are needed for this test");
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    QCOMPARE(p.plan.layout, Layout::Wide);
    QCOMPARE(p.plan.headerRow, 1);
    int periodColumns = 0;
    for (const auto &period : p.plan.columnPeriods)
        periodColumns += period ? 1 : 0;
    QCOMPARE(periodColumns, months);
    QVERIFY(p.plan.columnOf(ColumnRole::MeasureGroup) >= 0);
    QVERIFY(p.plan.columnOf(ColumnRole::Measure) >= 0);
    QVERIFY(p.plan.columnOf(ColumnRole::Area) >= 0);
    QCOMPARE(p.plan.columnOf(ColumnRole::WardCode) >= 0, wards);

    // Auto-detection alone validates the whole file against a store holding the default data.
    // Dry runs leave the store as it was, so one store serves every variant.
    if (!m_shared)
        m_shared = freshStore(QStringLiteral("detect.sqlite"));
    Store *store = m_shared.get();
    QVERIFY(store);
    ImportOptions options;
    options.dryRun = true;
    options.policy = ConflictPolicy::Keep;
    const QByteArray before = storeDigest(*store);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, options);
    QVERIFY2(result.errorCount == 0, qPrintable(result.issues.value(0).toString()));
    QVERIFY(result.valuesRead > 20000);
    QVERIFY(!result.committed);
    QCOMPARE(storeDigest(*store), before);
}

void TestImporter::importsAndUndoesNewestBoroughFile()
{
    const QString path = sharedData + QStringLiteral("/mps_borough_crime_24m_202401-202512_jdevs.csv");
    if (!QFileInfo::exists(path))
        QSKIP("../shared/data is not here; the MPS files are needed for this test");
    auto store = freshStore(QStringLiteral("newest.sqlite"));
    QVERIFY(store);
    const QByteArray before = storeDigest(*store);
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    // January 2024 is in the default data too, in the older CRIS-era classification. The newest file
    // is in the MPS's newer classification: its categories are measures of their own, so nothing is
    // a conflict (a change of definition is not a revision), and the plan names the overlap.
    ImportOptions dryRun;
    dryRun.dryRun = true;
    const ImportResult report = Importer(*store).run(path, *p.reader, p.plan, dryRun);
    QVERIFY2(report.ok, qPrintable(report.summary()));
    QCOMPARE(report.conflictCount, 0);
    QCOMPARE(report.errorCount, 0);
    bool overlapSaid = false;
    for (const ImportIssue &issue : report.issues)
        overlapSaid = overlapSaid || (issue.message.startsWith(QLatin1String("January 2024 is held both in this file's"))
                                      && issue.message.contains(QLatin1String("not conflicts")));
    QVERIFY2(overlapSaid, qPrintable(report.issues.value(0).toString()));
    QCOMPARE(storeDigest(*store), before);

    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(result.ok, qPrintable(result.summary() + QLatin1Char('\n') + result.issues.value(0).toString()));
    QVERIFY(result.committed);
    QCOMPARE(result.rowsRead, 1057);
    QCOMPARE(result.valuesRead, 1057 * 24);
    QCOMPARE(result.replaced, 0);
    QCOMPARE(result.added, result.valuesRead - result.skipped);
    // 2024-2025 is now in the store.
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT max(period_end) FROM observation_flat WHERE batch_id = %1").arg(result.batchId)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("2025-12-31"));

    QString error;
    QVERIFY2(Importer::undo(*store, result.batchId, &error), qPrintable(error));
    QCOMPARE(storeDigest(*store), before);
}

void TestImporter::conflictsAreReportedNotWritten()
{
    auto store = freshStore(QStringLiteral("conflict.sqlite"));
    QVERIFY(store);
    const double westminsterJune2017 = stored(*store, QStringLiteral("mps.burglary.domestic_burglary"), QStringLiteral("E09000033"),
                                              QStringLiteral("June 2017"));
    QVERIFY(westminsterJune2017 >= 0);
    const QString path = m_dir.filePath(QStringLiteral("revised.csv"));
    writeFile(path, QStringLiteral("MajorText,MinorText,LookUp_BoroughName,201705,201706\n"
                                   "Burglary,Domestic Burglary,Westminster,%1,%2\n")
                        .arg(stored(*store, QStringLiteral("mps.burglary.domestic_burglary"), QStringLiteral("E09000033"), QStringLiteral("May 2017")))
                        .arg(westminsterJune2017 + 7)
                        .toUtf8());
    const QByteArray before = storeDigest(*store);
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY(!result.ok);
    QCOMPARE(result.conflictCount, 1);
    QCOMPARE(result.unchanged, 1);
    QCOMPARE(result.conflicts.first().storedValue, westminsterJune2017);
    QCOMPARE(result.conflicts.first().fileValue, westminsterJune2017 + 7);
    QCOMPARE(result.conflicts.first().areaName, QStringLiteral("Westminster"));
    QCOMPARE(result.conflicts.first().periodLabel, QStringLiteral("June 2017"));
    QCOMPARE(storeDigest(*store), before);

    ImportOptions keep;
    keep.policy = ConflictPolicy::Keep;
    const ImportResult kept = Importer(*store).run(path, *p.reader, p.plan, keep);
    QVERIFY(kept.committed);
    QCOMPARE(kept.kept, 1);
    QCOMPARE(stored(*store, QStringLiteral("mps.burglary.domestic_burglary"), QStringLiteral("E09000033"), QStringLiteral("June 2017")),
             westminsterJune2017);
}

void TestImporter::replaceThenUndoRestores()
{
    auto store = freshStore(QStringLiteral("replace.sqlite"));
    QVERIFY(store);
    const double original = stored(*store, QStringLiteral("mps.robbery.robbery_of_personal_property"), QStringLiteral("E09000007"),
                                   QStringLiteral("January 2020"));
    const QString path = m_dir.filePath(QStringLiteral("robbery.csv"));
    writeFile(path, QStringLiteral("MajorText,MinorText,LookUp_BoroughName,Jan-20,Feb-20\nRobbery,Robbery of Personal Property,Camden,%1,5\n")
                        .arg(original + 100)
                        .toUtf8());
    const QByteArray before = storeDigest(*store);
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    ImportOptions replace;
    replace.policy = ConflictPolicy::Replace;
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, replace);
    QVERIFY2(result.committed, qPrintable(result.summary()));
    QCOMPARE(result.replaced, 2);
    QCOMPARE(stored(*store, QStringLiteral("mps.robbery.robbery_of_personal_property"), QStringLiteral("E09000007"),
                    QStringLiteral("January 2020")),
             original + 100);
    QString error;
    QVERIFY2(Importer::undo(*store, result.batchId, &error), qPrintable(error));
    QCOMPARE(stored(*store, QStringLiteral("mps.robbery.robbery_of_personal_property"), QStringLiteral("E09000007"),
                    QStringLiteral("January 2020")),
             original);
    QCOMPARE(storeDigest(*store), before);
    QVERIFY(!Importer::undo(*store, 999, &error));
    QVERIFY(error.contains(QStringLiteral("no import batch 999")));
}

// A batch id quoted in a board paper or a log names that batch for good: after an undo the next import
// gets a new id (it got the undone one), in one session, after reopening the store, and in a store an
// earlier Oversight wrote, once migrated.
void TestImporter::batchIdsAreNeverReused_data()
{
    QTest::addColumn<bool>("reopen");
    QTest::addColumn<bool>("fromPreviousVersion");
    QTest::newRow("one session") << false << false;
    QTest::newRow("store reopened after the undo") << true << false;
    QTest::newRow("store of version 8, before batch ids were kept, migrated") << true << true;
}

void TestImporter::batchIdsAreNeverReused()
{
    QFETCH(bool, reopen);
    QFETCH(bool, fromPreviousVersion);
    const QString name = QStringLiteral("ids-%1-%2.sqlite").arg(int(reopen)).arg(int(fromPreviousVersion));
    const QString storePath = m_dir.filePath(name);
    auto store = copyOfDefaultStore(name);
    QVERIFY(store);
    QString error;
    if (fromPreviousVersion) {
        // The store as Oversight left it before batch ids were kept (version 8): the same schema
        // without that migration and the ones after it, which only add tables.
        {
            QSqlQuery q(store->database());
            QVERIFY(q.exec(QStringLiteral("DROP TABLE import_created")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE import_profile_saved")));
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER import_batch_id_never_reused")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE import_batch_sequence")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE crime_total")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 8")));
        }
        store.reset();
        store = Store::open(storePath, &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->schemaVersion(), schema::latestVersion());
    }
    const QString path = m_dir.filePath(name + QStringLiteral(".csv"));
    writeFile(path, "MajorText,MinorText,BoroughName,202402\nTHEFT,OTHER THEFT,City of Westminster,900\n");
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    const ImportResult first = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(first.committed, qPrintable(first.summary() + first.issues.value(0).toString()));
    QVERIFY2(Importer::undo(*store, first.batchId, &error), qPrintable(error));
    if (reopen) {
        store.reset();
        store = Store::open(storePath, &error);
        QVERIFY2(store, qPrintable(error));
    }
    const ImportResult second = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(second.committed, qPrintable(second.summary() + second.issues.value(0).toString()));
    QVERIFY2(second.batchId > first.batchId,
             qPrintable(QStringLiteral("undone batch %1, next import batch %2").arg(first.batchId).arg(second.batchId)));
    // The undone id names nothing, now and later: an insert that would take it is refused.
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM import_batch WHERE id = %1").arg(first.batchId)) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QVERIFY(!q.exec(QStringLiteral("INSERT INTO import_batch (id, source, imported_at, imported_by) "
                                   "VALUES (%1, 'reuse', '2026-01-01T00:00:00Z', 'test')").arg(first.batchId)));
}

void TestImporter::validationNamesTheCell()
{
    auto store = freshStore(QStringLiteral("validation.sqlite"));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("typos.csv"));
    writeFile(path, "Quarterly return\n\nMajorText,MinorText,LookUp_BoroughName,202402,202403\n"
                    "Burglary,Domestic Burglary,Westminster,12,abc\n"
                    "Burglary,Domestic Burglary,Westminstr,1,2\n");
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    QCOMPARE(p.plan.headerRow, 3); // the title and blank rows above the header are skipped
    const QByteArray before = storeDigest(*store);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY(!result.ok);
    QCOMPARE(result.errorCount, 2);
    QStringList lines;
    for (const ImportIssue &issue : result.issues)
        lines.append(issue.toString());
    QVERIFY2(lines.contains(QStringLiteral("typos.csv:typos!E4: error: not a number (cell holds 'abc')")), qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY2(lines.join(QLatin1Char('\n')).contains(QStringLiteral("typos.csv:typos!C5: error: unknown area")), qPrintable(lines.join(QLatin1Char('\n'))));
    QCOMPARE(storeDigest(*store), before);
}

// A cell's text is quoted in the issue on one line with its control characters visible: ESC, BEL and
// a newline would otherwise retitle or clear the officer's terminal, or forge a message line.
void TestImporter::cellTextIsEscapedForTerminals_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("OSC title and clear screen") << QStringLiteral("\x1b]0;PWNED\x07\x1b[2J") << QStringLiteral("\\x1b]0;PWNED\\x07\\x1b[2J");
    QTest::newRow("C1 CSI") << QStringLiteral("a\u009b2Jb") << QStringLiteral("a\\x9b2Jb");
    QTest::newRow("newline and tab") << QStringLiteral("1\n2\t3\r") << QStringLiteral("1\\x0a2\\x093\\x0d");
    QTest::newRow("DEL") << QStringLiteral("x\x7fy") << QStringLiteral("x\\x7fy");
    QTest::newRow("plain text unchanged") << QStringLiteral("£1,2 (n/a) – é") << QStringLiteral("£1,2 (n/a) – é");
}

void TestImporter::cellTextIsEscapedForTerminals()
{
    QFETCH(QString, cell);
    QFETCH(QString, quoted);
    ImportIssue issue;
    issue.severity = ImportIssue::Severity::Error;
    issue.file = QStringLiteral("returns.csv");
    issue.message = QStringLiteral("not a number");
    issue.cellText = cell;
    const QString text = issue.toString();
    QVERIFY2(text.endsWith(QStringLiteral(" (cell holds '%1')").arg(quoted)), qPrintable(text));
}

void TestImporter::nonBoroughAreasAreKept()
{
    auto store = freshStore(QStringLiteral("other.sqlite"));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("airport.csv"));
    writeFile(path, "MajorText,MinorText,BoroughName,202402\n"
                    "THEFT,OTHER THEFT,Aviation Security (SO18),31\n"
                    "THEFT,OTHER THEFT,Unknown,4\n"
                    "THEFT,OTHER THEFT,City of Westminster,900\n");
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(result.summary() + result.issues.value(0).toString()));
    QCOMPARE(result.added, 3);
    QCOMPARE(result.warningCount, 2);
    QCOMPARE(result.newAreas, (QStringList{QStringLiteral("X-SO18"), QStringLiteral("X-UNKNOWN")}));
    // Upper-case CONNECT-era categories are the MPS's newer classification: measures of their own,
    // never the stored CRIS-era ones that share their words (their figures count differently).
    QCOMPARE(result.newMeasures, QStringList{QStringLiteral("mps.2024.theft.other_theft")});
    QCOMPARE(stored(*store, QStringLiteral("mps.2024.theft.other_theft"), QStringLiteral("X-SO18"), QStringLiteral("February 2024")), 31.0);
    QCOMPARE(stored(*store, QStringLiteral("mps.2024.theft.other_theft"), QStringLiteral("E09000033"), QStringLiteral("February 2024")), 900.0);
    QCOMPARE(stored(*store, QStringLiteral("mps.theft.other_theft"), QStringLiteral("E09000033"), QStringLiteral("February 2024")), -1.0);

    // A new upper-case category reads as officers write it: "NFIB Fraud", "Violence Against the Person".
    // One the MPS's lists do not have belongs to the classification of the file's other categories.
    const QString fraud = m_dir.filePath(QStringLiteral("fraud.csv"));
    writeFile(fraud, "MajorText,MinorText,BoroughName,202402\nNFIB FRAUD,NFIB,Camden,12\n"
                     "VIOLENCE AGAINST THE PERSON,DEATH OR SERIOUS INJURY BY DRIVING,Camden,1\n");
    Prepared f = prepare(fraud);
    QVERIFY(f.reader);
    const ImportResult created = Importer(*store).run(fraud, *f.reader, f.plan, ImportOptions{});
    QVERIFY2(created.committed, qPrintable(created.summary()));
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT m.category, m.name, c.key FROM measure m JOIN classification c ON c.id = m.classification_id "
                                  "WHERE m.key IN ('mps.2024.nfib_fraud.nfib', "
                                  "'mps.2024.violence_against_the_person.death_or_serious_injury_by_driving') ORDER BY m.key")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("NFIB Fraud"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("NFIB (MPS categories from January 2024)"));
    QCOMPARE(q.value(2).toString(), QStringLiteral("mps-2024"));
    QVERIFY(q.next());
    // The group exists already (open data, Title Case): the new category joins it under that spelling.
    QCOMPARE(q.value(0).toString(), QStringLiteral("Violence Against the Person"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("Death or Serious Injury by Driving (MPS categories from January 2024)"));
    QCOMPARE(q.value(2).toString(), QStringLiteral("mps-2024"));
}

void TestImporter::totalRowsAreCheckedNotStored()
{
    auto store = freshStore(QStringLiteral("totals.sqlite"));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("totals.csv"));
    writeFile(path, "Borough,Measure,Period,Value\n"
                    "Barnet,Knife crime offences,Q1 2017/18,40\n"
                    "Brent,Knife crime offences,Q1 2017/18,60\n"
                    "London,Knife crime offences,Q1 2017/18,101\n");
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    QCOMPARE(p.plan.layout, Layout::Long);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(result.summary() + result.issues.value(0).toString()));
    QCOMPARE(result.added, 2);
    QCOMPARE(result.totalRows, 1);
    QCOMPARE(result.warningCount, 1);
    QVERIFY2(result.issues.first().toString().contains(QStringLiteral("totals.csv:totals!D4")), qPrintable(result.issues.first().toString()));
    QVERIFY(result.issues.first().message.contains(QStringLiteral("add up to 100")));
    QCOMPARE(result.newMeasures, QStringList{QStringLiteral("import.knife_crime_offences")});
}

// Issue 14, item 8 and 7: a column, a sign, a file's only rows or a century are never lost or guessed
// without a word. Each row is a small file; a refused one leaves the store as it was.
void TestImporter::nothingIsDroppedSilently_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<bool>("committed");
    QTest::addColumn<QStringList>("said");     // lines of the issues that must be there (substrings)
    QTest::addColumn<QString>("storedArea");   // a figure then read back: area code, period code, value
    QTest::addColumn<QString>("storedPeriod");
    QTest::addColumn<double>("storedValue");

    QTest::newRow("impossible month headers are errors")
        << QByteArray("MajorText,MinorText,LookUp_BoroughName,000000,202402,202313,202400\n"
                      "Burglary,Domestic Burglary,Westminster,1,2,3,4\n")
        << false
        << QStringList{QStringLiteral("!D1: error: a column headed like a month (yyyymm) but no month"), QStringLiteral("!F1: error: a column headed like a month"),
                       QStringLiteral("!G1: error: a column headed like a month")}
        << QString() << QString() << 0.0;
    QTest::newRow("a header and no rows is refused")
        << QByteArray("Borough,Measure,Period,Value\r\n") << false
        << QStringList{QStringLiteral("error: no figures to import: sheet 'silent' has its header (row 1) and no rows under it")} << QString() << QString() << 0.0;
    QTest::newRow("rows of no figure are refused")
        << QByteArray("Borough,Measure,Period,Value\nBarnet,Knife crime offences,Q1 2017/18,n/a\nBrent,Knife crime offences,Q1 2017/18,-\n") << false
        << QStringList{QStringLiteral("error: no figures to import: 2 rows read, and every value is blank, marked as no figure (2)")} << QString() << QString()
        << 0.0;
    QTest::newRow("(-5) is no figure to guess")
        << QByteArray("Borough,Measure,Period,Value\nBarnet,Knife crime offences,Q1 2017/18,(-5)\n") << false
        << QStringList{QStringLiteral("!D2: error: a sign inside brackets: brackets already mean minus")} << QString() << QString() << 0.0;
    QTest::newRow("(5) is -5")
        << QByteArray("Borough,Measure,Period,Value\nBarnet,Knife crime offences,Q1 2017/18,(5)\n") << true << QStringList{}
        << QStringLiteral("E09000003") << QStringLiteral("Q1 2017/18") << -5.0;
    QTest::newRow("the force's rows alone are its own figures")
        << QByteArray("Area,Measure,Period,Value\nMetropolitan Police Service,Knife crime offences,Q1 2017/18,400\n"
                      "Metropolitan Police Service,Knife crime offences,Q2 2017/18,410\n")
        << true << QStringList{QStringLiteral("2 rows named like 'Metropolitan Police Service' have no rows of boroughs to total")}
        << QStringLiteral("E23000001") << QStringLiteral("Q2 2017/18") << 410.0;
    QTest::newRow("London's row alone is London's figure")
        << QByteArray("Area,Measure,Period,Value\nLondon,Knife crime offences,Q1 2017/18,400\n") << true << QStringList{}
        << QStringLiteral("E12000007") << QStringLiteral("Q1 2017/18") << 400.0;
    QTest::newRow("a bare Total alone names no area")
        << QByteArray("Area,Measure,Period,Value\nTotal,Knife crime offences,Q1 2017/18,400\n") << false
        << QStringList{QStringLiteral("!A2: error: a total row with no rows to total")} << QString() << QString() << 0.0;
    QTest::newRow("the force's row beside boroughs is a checked total")
        << QByteArray("Area,Measure,Period,Value\nBarnet,Knife crime offences,Q1 2017/18,40\nMPS,Knife crime offences,Q1 2017/18,40\n") << true
        << QStringList{} << QStringLiteral("E09000003") << QStringLiteral("Q1 2017/18") << 40.0;
    QTest::newRow("FY99/00 is 1999/00, and said")
        << QByteArray("Borough,Measure,Period,Value\nBarnet,Knife crime offences,FY99/00,5\nBarnet,Knife crime offences,FY00/01,6\n") << true
        << QStringList{QStringLiteral("!C2: note: two-digit years read by the pivot (00–69 are 2000–2069, 70–99 are 1970–1999): 'FY99/00' is 1999/00")}
        << QStringLiteral("E09000003") << QStringLiteral("1999/00") << 5.0;
    QTest::newRow("Dec-99 is December 1999")
        << QByteArray("Borough,Measure,Period,Value\nBarnet,Knife crime offences,Dec-99,7\n") << true
        << QStringList{QStringLiteral("'Dec-99' is December 1999")} << QStringLiteral("E09000003") << QStringLiteral("December 1999") << 7.0;
}

void TestImporter::nothingIsDroppedSilently()
{
    QFETCH(QByteArray, csv);
    QFETCH(bool, committed);
    QFETCH(QStringList, said);
    QFETCH(QString, storedArea);
    QFETCH(QString, storedPeriod);
    QFETCH(double, storedValue);
    static int trial = 0; // a store of its own for each row
    auto store = copyOfDefaultStore(QStringLiteral("silent-%1.sqlite").arg(++trial));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("silent.csv"));
    writeFile(path, csv);
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    const QByteArray before = storeDigest(*store);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    const QString lines = issueLines(result).join(QLatin1Char('\n'));
    QVERIFY2(result.committed == committed, qPrintable(result.summary() + QLatin1Char('\n') + lines));
    for (const QString &line : said)
        QVERIFY2(lines.contains(line), qPrintable(QStringLiteral("missing: ") + line + QStringLiteral("\nin:\n") + lines));
    if (!committed) {
        QVERIFY(result.errorCount > 0);
        QCOMPARE(storeDigest(*store), before);
        QVERIFY(Importer::batches(*store).isEmpty() || Importer::batches(*store).last().fileName != QStringLiteral("silent.csv"));
    }
    if (!storedArea.isEmpty()) {
        QSqlQuery q(store->database());
        q.prepare(QStringLiteral("SELECT value FROM observation_flat WHERE measure_key = 'import.knife_crime_offences' AND area_code = ? "
                                 "AND period_label = ?"));
        q.addBindValue(storedArea);
        q.addBindValue(storedPeriod);
        QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text() + lines));
        QCOMPARE(q.value(0).toDouble(), storedValue);
    }
}

// Headers of two-digit years in the 1900s are said once in the plan, however often the header is
// read again (the wizard reads it on each of its pages).
void TestImporter::twoDigitYearHeadersAreNotedOnce()
{
    const QString path = m_dir.filePath(QStringLiteral("yy-wide.csv"));
    writeFile(path, "Borough,Measure,FY98/99,FY99/00\nBarnet,Knife crime offences,5,6\n");
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    QCOMPARE(p.plan.layout, Layout::Wide);
    QString error;
    QVERIFY2(describeHeader(*p.reader, p.plan, &error), qPrintable(error));
    QVERIFY2(describeHeader(*p.reader, p.plan, &error), qPrintable(error));
    const QStringList notes = p.plan.notes.filter(QStringLiteral("two-digit years"));
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes.first().endsWith(QStringLiteral("'FY98/99' (column C) is 1998/99")), qPrintable(notes.first()));
    QCOMPARE(p.plan.columnPeriods.value(2)->code(), QStringLiteral("1998/99"));
}

// Issue 14, item 10: a profile's mapping to a measure or area the store does not hold was passed
// over silently and the rows read some other way; it is refused, naming the mapping.
void TestImporter::mappingsToWhatTheStoreLacksAreRefused_data()
{
    QTest::addColumn<bool>("area"); // else a measure mapping
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("refused");
    QTest::newRow("area code the store lacks") << true << QStringLiteral("E09999999") << true;
    QTest::newRow("measure the store lacks") << false << QStringLiteral("crime.no_such_measure") << true;
    QTest::newRow("area code the store holds") << true << QStringLiteral("E09000003") << false;
    QTest::newRow("measure the store holds") << false << QStringLiteral("crime.tno") << false;
}

void TestImporter::mappingsToWhatTheStoreLacksAreRefused()
{
    QFETCH(bool, area);
    QFETCH(QString, target);
    QFETCH(bool, refused);
    static int trial = 0;
    auto store = copyOfDefaultStore(QStringLiteral("mappings-%1.sqlite").arg(++trial));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("mappings-%1.csv").arg(trial));
    writeFile(path, "Borough,Measure,Period,Value\nBarnett,Offences in all,Q1 2017/18,40\n");
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    if (area) {
        p.plan.areaMappings.insert(QStringLiteral("Barnett"), target);
        p.plan.measureMappings.insert(QStringLiteral("Offences in all"), QStringLiteral("crime.tno"));
    } else {
        p.plan.measureMappings.insert(QStringLiteral("Offences in all"), target);
        p.plan.areaMappings.insert(QStringLiteral("Barnett"), QStringLiteral("E09000003"));
    }
    const QByteArray before = storeDigest(*store);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    const QString lines = issueLines(result).join(QLatin1Char('\n'));
    QCOMPARE(result.committed, !refused);
    if (refused) {
        QVERIFY2(lines.contains(QStringLiteral("the plan maps '%1' to the %2 '%3', which the store does not hold")
                                    .arg(area ? QStringLiteral("Barnett") : QStringLiteral("Offences in all"),
                                         area ? QStringLiteral("area code") : QStringLiteral("measure"), target)),
                 qPrintable(lines));
        QCOMPARE(storeDigest(*store), before);
    } else {
        QCOMPARE(result.added, qint64(1));
    }
}

// MPS neighbourhoods as the MPS and MOPAC name them ("Barking and Dagenham - Barking", codes such
// as KG-KB): areas of their boroughs, coded by the file's code or by borough and name, never the MPS
// as a whole (a "Neighbourhood" column was once ignored and every row taken as the MPS's).
void TestImporter::neighbourhoodsAreAreasOfTheirBoroughs_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QStringList>("areas"); // "code|name|parent code", in code order
    QTest::newRow("names alone")
        << QByteArray("Neighbourhood,Measure,Period,Value\nBarking and Dagenham - Barking,ASB calls,Q1 2017/18,12\n"
                      "Barking & Dagenham - Abbey,ASB calls,Q1 2017/18,14\nCamden \xe2\x80\x93 Town Centre,ASB calls,Q1 2017/18,9\n"
                      "Westminster - Town Centre,ASB calls,Q1 2017/18,30\n")
        << QStringList{QStringLiteral("NBH:E09000002:ABBEY|Barking and Dagenham - Abbey|E09000002"),
                       QStringLiteral("NBH:E09000002:BARKING|Barking and Dagenham - Barking|E09000002"),
                       QStringLiteral("NBH:E09000007:TOWN-CENTRE|Camden - Town Centre|E09000007"),
                       QStringLiteral("NBH:E09000033:TOWN-CENTRE|Westminster - Town Centre|E09000033")};
    QTest::newRow("names with the MPS's codes")
        << QByteArray("Neighbourhood code,Neighbourhood,Measure,Period,Value\nKG-KB,Barking and Dagenham - Barking,ASB calls,Q1 2017/18,12\n"
                      "KG-AB,Barking and Dagenham - Abbey,ASB calls,Q1 2017/18,14\nEK-KI,Camden - Kilburn,ASB calls,Q1 2017/18,9\n")
        << QStringList{QStringLiteral("EK-KI|Camden - Kilburn|E09000007"), QStringLiteral("KG-AB|Barking and Dagenham - Abbey|E09000002"),
                       QStringLiteral("KG-KB|Barking and Dagenham - Barking|E09000002")};
}

void TestImporter::neighbourhoodsAreAreasOfTheirBoroughs()
{
    QFETCH(QByteArray, csv);
    QFETCH(QStringList, areas);
    static int trial = 0;
    auto store = copyOfDefaultStore(QStringLiteral("neighbourhoods-%1.sqlite").arg(++trial));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("neighbourhoods-%1.csv").arg(trial));
    writeFile(path, csv);
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    const QString lines = issueLines(result).join(QLatin1Char('\n'));
    QVERIFY2(result.committed, qPrintable(result.summary() + lines));
    QCOMPARE(result.added, qint64(areas.size()));
    QCOMPARE(result.warningCount, 0);
    QVERIFY2(lines.contains(QStringLiteral("MPS neighbourhoods new to the store are kept as areas of their boroughs")), qPrintable(lines));
    QVERIFY2(!lines.contains(QStringLiteral("the whole file is taken")), qPrintable(lines));
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT a.code, a.name, coalesce(p.code, '') FROM area a LEFT JOIN area p ON p.id = a.parent_id "
                                  "WHERE a.id IN (SELECT area_id FROM observation WHERE batch_id = %1) ORDER BY a.code")
                       .arg(result.batchId)));
    QStringList stored;
    while (q.next())
        stored.append(QStringLiteral("%1|%2|%3").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString()));
    QCOMPARE(stored, areas);
    // Next quarter's file finds the same areas, creating none.
    const QString next = m_dir.filePath(QStringLiteral("neighbourhoods-%1-q2.csv").arg(trial));
    writeFile(next, QByteArray(csv).replace("Q1 2017/18", "Q2 2017/18"));
    Prepared p2 = prepare(next);
    QVERIFY(p2.reader);
    const ImportResult second = Importer(*store).run(next, *p2.reader, p2.plan, ImportOptions{});
    QVERIFY2(second.committed, qPrintable(second.summary() + issueLines(second).join(QLatin1Char('\n'))));
    QVERIFY(second.newAreas.isEmpty());
    QCOMPARE(second.added, qint64(areas.size()));
}

void TestImporter::duplicateKeysAndFilesAreFlagged()
{
    auto store = freshStore(QStringLiteral("duplicates.sqlite"));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("twice.csv"));
    writeFile(path, "MajorText,MinorText,LookUp_BoroughName,202402,202403\n"
                    "Burglary,Domestic Burglary,Barnet,1,2\n"
                    "Burglary,Domestic Burglary,Barnet,3,4\n");
    Prepared p = prepare(path);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY(!result.ok);
    QCOMPARE(result.errorCount, 2);
    QVERIFY(result.issues.first().toString().startsWith(QStringLiteral("twice.csv:twice!D3: error: a second value")));

    const QString good = m_dir.filePath(QStringLiteral("once.csv"));
    writeFile(good, "MajorText,MinorText,LookUp_BoroughName,202402\nBurglary,Domestic Burglary,Barnet,1\n");
    Prepared g = prepare(good);
    ImportOptions replace;
    replace.policy = ConflictPolicy::Replace;
    const ImportResult first = Importer(*store).run(good, *g.reader, g.plan, replace);
    QVERIFY(first.committed);
    const QByteArray before = storeDigest(*store);
    const ImportResult again = Importer(*store).run(good, *g.reader, g.plan, replace);
    QVERIFY(!again.committed);
    QCOMPARE(again.duplicateOfBatch, first.batchId);
    QVERIFY(again.issues.first().message.contains(QStringLiteral("already imported as batch %1").arg(first.batchId)));
    QCOMPARE(storeDigest(*store), before);
}

void TestImporter::profileRoundTripAndAutoMatch()
{
    ProfileStore profiles(m_dir.filePath(QStringLiteral("profiles")));
    const QString q1 = m_dir.filePath(QStringLiteral("return-q1.csv"));
    writeFile(q1, "Return,,\nBorough name,Offence,202404,202405,202406\nBarnet,Knife crime offences,1,2,3\n");
    Prepared p = prepare(q1);
    QVERIFY(p.reader);
    // The officer confirms: column B is the measure; saves the choices.
    p.plan.roles[1] = ColumnRole::Measure;
    p.plan.profileName = QStringLiteral("Knife return");
    p.plan.areaMappings.insert(QStringLiteral("Barnet LBC"), QStringLiteral("E09000003"));
    QString error;
    // Saved private like the store (issue 14 item 11: profiles were 0644), whatever the umask.
    const mode_t previousUmask = ::umask(0);
    const bool saved = profiles.save(p.plan, &error);
    ::umask(previousUmask);
    QVERIFY2(saved, qPrintable(error));
    const QFileInfoList savedFiles = QDir(m_dir.filePath(QStringLiteral("profiles"))).entryInfoList(QDir::Files | QDir::Hidden);
    QCOMPARE(savedFiles.size(), 1);
    // The file's owner runs the test, so the user's bits are the owner's; no group or other bits.
    QCOMPARE(savedFiles.first().permissions(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser
                                                           | QFileDevice::WriteUser);
    const auto loaded = profiles.load(QStringLiteral("Knife return"), &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->toJson(), p.plan.toJson());

    // Next quarter's file has other months but the same shape: the profile matches it.
    const QString q2 = m_dir.filePath(QStringLiteral("return-q2.csv"));
    writeFile(q2, "Return,,\nBorough name,Offence,202407,202408,202409\nBarnet LBC,Knife crime offences,4,5,6\n");
    Prepared next = prepare(q2);
    QVERIFY(next.reader);
    const auto matched = profiles.match(next.plan);
    QVERIFY(matched);
    QCOMPARE(matched->profileName, QStringLiteral("Knife return"));
    ImportPlan applied;
    QVERIFY2(applyProfile(*next.reader, *matched, &applied, &error), qPrintable(error));
    QCOMPARE(applied.columnPeriods.value(2)->code(), QStringLiteral("2024-07"));
    auto store = freshStore(QStringLiteral("profile.sqlite"));
    const ImportResult result = Importer(*store).run(q2, *next.reader, applied, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(result.summary() + result.issues.value(0).toString()));
    QCOMPARE(result.added, 3);
    QCOMPARE(stored(*store, QStringLiteral("import.knife_crime_offences"), QStringLiteral("E09000003"), QStringLiteral("August 2024")), 5.0);
}

void TestImporter::periodsOutsideTheExpectedQuarterAreFlagged()
{
    auto store = freshStore(QStringLiteral("quarter.sqlite"));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("q4.csv"));
    writeFile(path, "MajorText,MinorText,LookUp_BoroughName,202402,202403,202404\nBurglary,Domestic Burglary,Barnet,1,2,3\n");
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    p.plan.expectedQuarter = QStringLiteral("Q4 2023/24");
    ImportOptions dryRun;
    dryRun.dryRun = true;
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, dryRun);
    QCOMPARE(result.errorCount, 0);
    QCOMPARE(result.warningCount, 1);
    QCOMPARE(result.issues.first().toString(),
             QStringLiteral("q4.csv:q4!F2: warning: April 2024 is outside the expected quarter Q4 2023/24"));
}

// The values are written by a second thread in sorted chunks (a million values; 10,000 here): a
// file of several chunks must store every value once, find conflicts in any chunk and list them in
// the file's order, and a write that fails in a later chunk must leave nothing behind.
void TestImporter::valuesAcrossManyChunksAndAFailedWrite()
{
    auto store = freshStore(QStringLiteral("chunks.sqlite"));
    QVERIFY(store);
    constexpr int categories = 40;
    constexpr int boroughs = 33;
    constexpr int months = 60; // April 2030 onwards: no stored figures there
    auto fileText = [&](int changedEvery) {
        QByteArray text = "MajorText,MinorText,LookUp_BoroughName";
        for (int m = 0; m < months; ++m)
            text += ',' + QByteArray::number(2030 + (m + 3) / 12) + QByteArray::number((m + 3) % 12 + 1).rightJustified(2, '0');
        text += '\n';
        qint64 n = 0;
        for (int b = 1; b <= boroughs; ++b) {
            for (int c = 0; c < categories; ++c) {
                text += "Chunk Test,Category " + QByteArray::number(c) + ",E090000" + QByteArray::number(b).rightJustified(2, '0');
                for (int m = 0; m < months; ++m, ++n)
                    text += ',' + QByteArray::number(n % 97 + (changedEvery > 0 && n % changedEvery == 0 ? 1000 : 0));
                text += '\n';
            }
        }
        return text;
    };
    const qint64 values = qint64(categories) * boroughs * months;
    ImportOptions chunked;
    chunked.valuesPerWriteChunk = 10'000;
    qint64 expectedSum = 0;
    for (qint64 n = 0; n < values; ++n)
        expectedSum += n % 97;

    const QString path = m_dir.filePath(QStringLiteral("chunks.csv"));
    writeFile(path, fileText(0));
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    const ImportResult first = Importer(*store).run(path, *p.reader, p.plan, chunked);
    QVERIFY2(first.committed, qPrintable(first.summary()));
    QCOMPARE(first.added, values);
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*), sum(value) FROM observation WHERE batch_id = %1").arg(first.batchId)) && q.next());
    QCOMPARE(q.value(0).toLongLong(), values);
    QCOMPARE(q.value(1).toLongLong(), expectedSum);

    // Every 5,000th value changed: conflicts in every chunk, listed by row then column.
    const QString revised = m_dir.filePath(QStringLiteral("chunks-revised.csv"));
    writeFile(revised, fileText(5000));
    const QByteArray before = storeDigest(*store);
    Prepared r = prepare(revised);
    QVERIFY(r.reader);
    const ImportResult conflicts = Importer(*store).run(revised, *r.reader, r.plan, chunked);
    QVERIFY(!conflicts.ok);
    const qint64 changed = (values + 4999) / 5000;
    QCOMPARE(conflicts.conflictCount, changed);
    QCOMPARE(conflicts.unchanged, values - changed);
    QCOMPARE(conflicts.conflicts.size(), changed);
    QCOMPARE(conflicts.conflicts.first().row, 2);
    QCOMPARE(conflicts.conflicts.first().fileValue, 1000.0);
    QCOMPARE(conflicts.conflicts.first().storedValue, 0.0);
    for (qsizetype i = 1; i < conflicts.conflicts.size(); ++i)
        QVERIFY(conflicts.conflicts.at(i - 1).row < conflicts.conflicts.at(i).row);
    QCOMPARE(storeDigest(*store), before);

    // A write refused by the store in the last chunk: the whole import is refused, nothing stays.
    QVERIFY(q.exec(QStringLiteral("CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON main.observation WHEN NEW.value = 1096 "
                                  "BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END")));
    const QString failing = m_dir.filePath(QStringLiteral("chunks-failing.csv"));
    QByteArray failingText = fileText(0);
    failingText.replace("Chunk Test", "Chunk Fail");
    failingText.chop(3); // the last value, 47 (n = 79,199), becomes 1096
    failingText += "1096\n";
    writeFile(failing, failingText);
    Prepared f = prepare(failing);
    QVERIFY(f.reader);
    const ImportResult failed = Importer(*store).run(failing, *f.reader, f.plan, chunked);
    QVERIFY(!failed.committed);
    QCOMPARE(failed.errorCount, 1);
    QVERIFY2(failed.issues.first().message.contains(QStringLiteral("refused by the test trigger")),
             qPrintable(failed.issues.first().message));
    QCOMPARE(storeDigest(*store), before);
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM measure WHERE category = 'Chunk Fail'")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QVERIFY(q.exec(QStringLiteral("DROP TRIGGER refuse_one")));
}

void TestImporter::detectionPicksTheLayout_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("layout");
    QTest::newRow("report's recorded crime table") << tableCsv({QStringLiteral("Recorded crime 12 month average"), QString()},
                                                               recordedCrimeRows())
                                                   << int(Layout::ReportTable);
    QTest::newRow("revenue return") << tableCsv(revenueTitle, revenueRows()) << int(Layout::ReportTable);
    QTest::newRow("MPS borough file") << QByteArray("MajorText,MinorText,LookUp_BoroughName,201705,201706\n"
                                                    "Burglary,Domestic Burglary,Westminster,10,12\n")
                                      << int(Layout::Wide);
    QTest::newRow("MPS ward file") << QByteArray("WardCode,WardName,LookUp_BoroughName,MajorText,MinorText,202401,202402\n"
                                                 "E05013806,Abbey,Barking and Dagenham,Burglary,Domestic Burglary,1,2\n")
                                   << int(Layout::Wide);
    QTest::newRow("long return") << QByteArray("Borough,Measure,Period,Value\nBarnet,Knife crime offences,Q1 2017/18,40\n")
                                 << int(Layout::Long);
}

void TestImporter::detectionPicksTheLayout()
{
    QFETCH(QByteArray, content);
    QFETCH(int, layout);
    const QString path = m_dir.filePath(QStringLiteral("detect-%1.csv").arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))));
    writeFile(path, content);
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    QCOMPARE(int(p.plan.layout), layout);
}

void TestImporter::reportTableRecordedCrime_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("warning");
    QTest::newRow("as printed") << QString() << -1 << QString() << QString();
    // Another row's figure in the wrong place: a mistake a return can hold, with no figure invented.
    QTest::newRow("% change of another row")
        << "Total Notifiable Offences" << 5 << "4.1%"
        << "recorded.csv:recorded!F4: warning: '% Change' says 4.1 but (12 months to June 2017 - 12 months to June 2016) "
           "/ 12 months to June 2016 x 100 is 5.6; derived figures are checked, not stored (cell holds '4.1%')";
    QTest::newRow("change of another row")
        << "Violence Against the Person" << 4 << "41,813"
        << "recorded.csv:recorded!E5: warning: 'Change' says 41,813 but 12 months to June 2017 - 12 months to June 2016 "
           "is 9,540; derived figures are checked, not stored (cell holds '41,813')";
}

void TestImporter::reportTableRecordedCrime()
{
    QFETCH(QString, label);
    QFETCH(int, column);
    QFETCH(QString, text);
    QFETCH(QString, warning);
    auto store = copyOfDefaultStore(QStringLiteral("recorded-%1.sqlite").arg(column));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("recorded.csv"));
    writeFile(path, tableCsv({QStringLiteral("Recorded crime 12 month average"), QString()}, recordedCrimeRows(),
                             {label, column, text}));
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    QCOMPARE(p.plan.layout, Layout::ReportTable);
    QCOMPARE(p.plan.headerRow, 3); // the title and the blank row are skipped
    QCOMPARE(p.plan.roles, (QList<ColumnRole>{ColumnRole::Section, ColumnRole::Measure, ColumnRole::Value, ColumnRole::Value,
                                              ColumnRole::Derived, ColumnRole::Derived}));
    QCOMPARE(p.plan.columnPeriods.value(2)->code(), QStringLiteral("R12 2016-06"));
    QCOMPARE(p.plan.columnPeriods.value(3)->code(), QStringLiteral("R12 2017-06"));
    QCOMPARE(p.plan.newMeasureUnit, QStringLiteral("count"));

    // The default data holds these figures, from the same report: each is already stored.
    ImportOptions dryRun;
    dryRun.dryRun = true;
    const ImportResult check = Importer(*store).run(path, *p.reader, p.plan, dryRun);
    QVERIFY2(check.ok, qPrintable(issueLines(check).join(QLatin1Char('\n'))));
    QCOMPARE(check.unchanged, 12);
    QCOMPARE(check.added, 0);
    QCOMPARE(issueLines(check), warning.isEmpty() ? QStringList() : QStringList{warning});

    // Without them, the table's two periods of each category are what the import stores.
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("DELETE FROM observation WHERE period_id IN (SELECT id FROM period WHERE kind = 'rolling_12_months') "
                                  "AND measure_id IN (SELECT id FROM measure WHERE key IN ('%1'))")
                       .arg(recordedCrimeKeys.join(QStringLiteral("','")))));
    const QByteArray before = storeDigest(*store);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(result.summary()));
    QCOMPARE(result.rowsRead, 6);
    QCOMPARE(result.added, 12);
    QCOMPARE(result.totalRows, 0);
    QCOMPARE(result.newMeasures, QStringList());
    QCOMPARE(batchFacts(*store, result.batchId), 12); // Change and % Change are not stored
    QCOMPARE(stored(*store, QStringLiteral("crime.tno"), QStringLiteral("E23000001"), QStringLiteral("12 months to June 2017")), 790473.0);
    QCOMPARE(stored(*store, QStringLiteral("crime.tno"), QStringLiteral("E23000001"), QStringLiteral("12 months to June 2016")), 748660.0);
    // "Theft Taking of MV" is the report table's label of crime.theft_taking_mv.
    QCOMPARE(stored(*store, QStringLiteral("crime.theft_taking_mv"), QStringLiteral("E23000001"), QStringLiteral("12 months to June 2016")),
             23345.0);
    QCOMPARE(stored(*store, QStringLiteral("hate.racist_religious"), QStringLiteral("E23000001"), QStringLiteral("12 months to June 2017")),
             17629.0);
    QString error;
    QVERIFY2(Importer::undo(*store, result.batchId, &error), qPrintable(error));
    QCOMPARE(storeDigest(*store), before);
}

void TestImporter::reportTableRevenueReturn_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("warnings");
    QTest::newRow("as returned") << QString() << -1 << QString() << QStringList();
    QTest::newRow("variance of another line")
        << "Police Officer Pay" << 3 << "-9.8"
        << QStringList{QStringLiteral("revenue-q2.csv:revenue-q2!D4: warning: 'Variance (£m)' says -9.8 but Actual to date - "
                                      "Budget to date is -7.1; derived figures are checked, not stored (cell holds '-9.8')")};
    // The subtotal is checked against its lines, and its variance against it; Total Pay & Overtime
    // further down still adds up (it is checked against the lines, not this mistake).
    QTest::newRow("subtotal of another")
        << "Total Pay" << 1 << "26.0"
        << QStringList{QStringLiteral("revenue-q2.csv:revenue-q2!B7: warning: the 'Total Pay' row says 26.0 but the rows above add "
                                      "up to 583.0; the total is not stored (cell holds '26.0')"),
                       QStringLiteral("revenue-q2.csv:revenue-q2!D7: warning: 'Variance (£m)' says -16.7 but Actual to date - "
                                      "Budget to date is 540.3; derived figures are checked, not stored (cell holds '-16.7')")};
}

void TestImporter::reportTableRevenueReturn()
{
    QFETCH(QString, label);
    QFETCH(int, column);
    QFETCH(QString, text);
    QFETCH(QStringList, warnings);
    auto store = copyOfDefaultStore(QStringLiteral("revenue-%1.sqlite").arg(column));
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("revenue-q2.csv"));
    writeFile(path, tableCsv(revenueTitle, revenueRows(), {label, column, text}));
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    QCOMPARE(p.plan.layout, Layout::ReportTable);
    QCOMPARE(p.plan.headerRow, 3);
    QCOMPARE(p.plan.roles, (QList<ColumnRole>{ColumnRole::Measure, ColumnRole::Figure, ColumnRole::Figure, ColumnRole::Derived,
                                              ColumnRole::Figure, ColumnRole::Figure, ColumnRole::Derived}));
    QCOMPARE(p.plan.fixedPeriodCode, QStringLiteral("Q2 2017/18")); // from the title row
    QCOMPARE(p.plan.newMeasureUnit, QStringLiteral("gbp_m"));
    QCOMPARE(p.plan.newMeasureTheme, QStringLiteral("Finance"));
    QCOMPARE(derivedFormula(p.plan, 3), QStringLiteral("Actual to date - Budget to date"));
    QCOMPARE(derivedFormula(p.plan, 6), QStringLiteral("Full year forecast - Full year budget"));

    const QByteArray before = storeDigest(*store);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(result.summary() + QLatin1Char('\n') + issueLines(result).join(QLatin1Char('\n'))));
    QCOMPARE(issueLines(result), warnings);
    // 15 lines x 4 figure columns, one fact each; the 6 totals are checked, the 2 variances too.
    QCOMPARE(result.rowsRead, 21);
    QCOMPARE(result.added, 60);
    QCOMPARE(result.totalRows, 6);
    QCOMPARE(batchFacts(*store, result.batchId), 60);
    QCOMPARE(result.newMeasures.size(), 15);
    QCOMPARE(result.newMeasures.first(), QStringLiteral("import.police_officer_pay"));
    QVERIFY(!result.newMeasures.contains(QStringLiteral("import.total_pay")));
    QCOMPARE(storedFigure(*store, QStringLiteral("import.police_officer_pay"), QStringLiteral("Q2 2017/18"), QStringLiteral("Budget to date")), 452.1);
    QCOMPARE(storedFigure(*store, QStringLiteral("import.police_officer_pay"), QStringLiteral("Q2 2017/18"), QStringLiteral("Full year budget")), 1805.0);
    QCOMPARE(storedFigure(*store, QStringLiteral("import.other_income"), QStringLiteral("Q2 2017/18"), QStringLiteral("Full year forecast")), -262.5);
    QCOMPARE(storedFigure(*store, QStringLiteral("import.pcso_overtime"), QStringLiteral("Q2 2017/18"), QStringLiteral("Actual to date")), 0.1);
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT unit, t.name FROM measure m JOIN theme t ON t.id = m.theme_id WHERE key = 'import.supplies_services'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("gbp_m"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("Finance"));
    QString error;
    QVERIFY2(Importer::undo(*store, result.batchId, &error), qPrintable(error));
    QCOMPARE(storeDigest(*store), before);
}

void TestImporter::reportTablePeriodFromTitleNameOrChoice_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("titles");
    QTest::addColumn<QString>("period");
    QTest::newRow("title") << "revenue-title.csv" << QStringList{QStringLiteral("MPS revenue return"), QStringLiteral("Quarter 3 2017/18")}
                           << "Q3 2017/18";
    QTest::newRow("file name") << "revenue_Q4_2017-18.csv" << QStringList() << "Q4 2017/18";
    QTest::newRow("neither") << "revenue.csv" << QStringList() << QString();
    QTest::newRow("two quarters") << "revenue-compared.csv" << QStringList{QStringLiteral("Q1 17/18 compared with Q1 16/17")} << QString();
}

void TestImporter::reportTablePeriodFromTitleNameOrChoice()
{
    QFETCH(QString, file);
    QFETCH(QStringList, titles);
    QFETCH(QString, period);
    if (!m_shared)
        m_shared = copyOfDefaultStore(QStringLiteral("detect.sqlite"));
    const QString path = m_dir.filePath(file);
    writeFile(path, tableCsv(titles, revenueRows()));
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    QCOMPARE(p.plan.layout, Layout::ReportTable);
    QCOMPARE(p.plan.fixedPeriodCode, period);
    ImportOptions dryRun;
    dryRun.dryRun = true;
    const ImportResult result = Importer(*m_shared).run(path, *p.reader, p.plan, dryRun);
    if (!period.isEmpty()) {
        QVERIFY2(result.ok, qPrintable(issueLines(result).join(QLatin1Char('\n'))));
        QCOMPARE(result.added, 60);
        return;
    }
    // The officer is asked for the quarter rather than given a guess.
    QVERIFY(!result.ok);
    QCOMPARE(result.errorCount, 1);
    QVERIFY2(result.issues.first().message.startsWith(QStringLiteral("the file does not say which quarter its figures (Budget to date "
                                                                    "(£m), Actual to date (£m), Full year budget (£m), Full year "
                                                                    "forecast (£m)) are for: choose the period")),
             qPrintable(result.issues.first().message));
    QVERIFY(result.issues.first().message.contains(QStringLiteral("--period")));
    p.plan.fixedPeriodCode = QStringLiteral("Q2 2017/18");
    const ImportResult chosen = Importer(*m_shared).run(path, *p.reader, p.plan, dryRun);
    QVERIFY2(chosen.ok, qPrintable(issueLines(chosen).join(QLatin1Char('\n'))));
    QCOMPARE(chosen.added, 60);
}

void TestImporter::reportTableConflictsAndUndo()
{
    auto store = copyOfDefaultStore(QStringLiteral("revenue-conflicts.sqlite"));
    QVERIFY(store);
    const QByteArray empty = storeDigest(*store);
    const QString first = m_dir.filePath(QStringLiteral("revenue-first.csv"));
    writeFile(first, tableCsv(revenueTitle, revenueRows()));
    Prepared p = prepare(first);
    QVERIFY(p.reader);
    const ImportResult imported = Importer(*store).run(first, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(imported.committed, qPrintable(imported.summary()));
    const QByteArray afterFirst = storeDigest(*store);

    // A resubmitted return in which the officer and staff pay lines were given each other's label:
    // all four figures of both lines differ from the stored ones.
    QList<QStringList> swapped = revenueRows();
    swapped[1][0] = QStringLiteral("Police Staff Pay");
    swapped[2][0] = QStringLiteral("Police Officer Pay");
    const QString revised = m_dir.filePath(QStringLiteral("revenue-revised.csv"));
    writeFile(revised, tableCsv(revenueTitle, swapped));
    Prepared r = prepare(revised);
    QVERIFY(r.reader);
    const ImportResult report = Importer(*store).run(revised, *r.reader, r.plan, ImportOptions{});
    QVERIFY(!report.ok);
    QVERIFY(!report.committed);
    QCOMPARE(report.conflictCount, 8);
    QCOMPARE(report.unchanged, 52);
    const ValueConflict &conflict = report.conflicts.first();
    QCOMPARE(conflict.measureKey, QStringLiteral("import.police_staff_pay"));
    QCOMPARE(conflict.periodLabel, QStringLiteral("Q2 2017/18"));
    QCOMPARE(conflict.areaCode, QStringLiteral("E23000001"));
    QCOMPARE(conflict.breakdown, QStringLiteral("Figure: Budget to date"));
    QCOMPARE(conflict.storedValue, 117.1);
    QCOMPARE(conflict.fileValue, 452.1);
    QCOMPARE(conflict.row, 4);
    QCOMPARE(conflict.column, 1);
    QCOMPARE(storeDigest(*store), afterFirst);

    ImportOptions keep;
    keep.policy = ConflictPolicy::Keep;
    keep.dryRun = true;
    const ImportResult kept = Importer(*store).run(revised, *r.reader, r.plan, keep);
    QVERIFY(kept.ok);
    QCOMPARE(kept.kept, 8);

    ImportOptions replace;
    replace.policy = ConflictPolicy::Replace;
    const ImportResult replaced = Importer(*store).run(revised, *r.reader, r.plan, replace);
    QVERIFY2(replaced.committed, qPrintable(replaced.summary()));
    QCOMPARE(replaced.replaced, 8);
    QCOMPARE(storedFigure(*store, QStringLiteral("import.police_staff_pay"), QStringLiteral("Q2 2017/18"), QStringLiteral("Budget to date")), 452.1);

    QString error;
    QVERIFY(!Importer::undo(*store, imported.batchId, &error)); // the later batch replaced its figures
    QVERIFY2(Importer::undo(*store, replaced.batchId, &error), qPrintable(error));
    QCOMPARE(storeDigest(*store), afterFirst);
    QCOMPARE(storedFigure(*store, QStringLiteral("import.police_staff_pay"), QStringLiteral("Q2 2017/18"), QStringLiteral("Budget to date")), 117.1);
    QVERIFY2(Importer::undo(*store, imported.batchId, &error), qPrintable(error));
    // Only the measures the import created stay behind, as for every layout.
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM observation o JOIN measure m ON m.id = o.measure_id WHERE m.key LIKE 'import.%'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    QCOMPARE(storeDigest(*store), empty);
}

// A stated figure's decimals belong to its statement: a value an import puts in its place was not
// stated with them (NULL, the unit's default), and undoing the import brings both back.
void TestImporter::replacedFigureLosesItsStatedDecimalsUndoRestoresThem()
{
    auto store = copyOfDefaultStore(QStringLiteral("decimals.sqlite"));
    QVERIFY(store);
    auto decimals = [&store] {
        QSqlQuery q(store->database());
        q.exec(QStringLiteral("SELECT decimals FROM observation_flat WHERE measure_key = 'crime.tno' AND area_code = 'E23000001' "
                              "AND period_label = '12 months to June 2017'"));
        return q.next() ? q.value(0) : QVariant(QStringLiteral("no such figure"));
    };
    QCOMPARE(decimals(), QVariant(0)); // the seed's "790473", stated "790,473"
    QList<QStringList> rows = recordedCrimeRows();
    rows[1][3] = QStringLiteral("790,500");
    rows[1][4] = QStringLiteral("41,840");
    rows[1][5] = QStringLiteral("5.6%");
    const QString path = m_dir.filePath(QStringLiteral("recorded-revised.csv"));
    writeFile(path, tableCsv({QStringLiteral("Recorded crime 12 month average"), QString()}, rows));
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    ImportOptions replace;
    replace.policy = ConflictPolicy::Replace;
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, replace);
    QVERIFY2(result.committed, qPrintable(result.summary()));
    QCOMPARE(result.replaced, 1);
    QCOMPARE(stored(*store, QStringLiteral("crime.tno"), QStringLiteral("E23000001"), QStringLiteral("12 months to June 2017")), 790500.0);
    QVERIFY(decimals().isNull());
    QString error;
    QVERIFY2(Importer::undo(*store, result.batchId, &error), qPrintable(error));
    QCOMPARE(stored(*store, QStringLiteral("crime.tno"), QStringLiteral("E23000001"), QStringLiteral("12 months to June 2017")), 790473.0);
    QCOMPARE(decimals(), QVariant(0));
}

void TestImporter::reportTableCapitalSections()
{
    // The report's capital table (Position at Q1 17/18, £m) as printed: the portfolio only on its
    // first row, the grand total's label in the portfolio column, and "CT Policing Change
    // Portfolio" under two portfolios. The officer gives the quarter (here a test one, Q2).
    const QList<QStringList> rows = {
        {"MPS (£m) Full Year Projection", "", "Full Year Budget (£m)", "Actual to Date (£m)", "Full Year Forecast (£m)", "Variance (£m)"},
        {"Property Services", "Transforming MPS Estate", "159.3", "12.5", "85.3", "-74"},
        {"", "Over Programming - Property Services", "-11.4", "0", "0", "11.4"},
        {"", "Total Property Services", "147.9", "12.5", "85.3", "-62.6"},
        {"NCTPHQ", "CT Policing Change Portfolio", "62", "0.2", "28.5", "-33.5"},
        {"Digital Policing", "Creating Business Support function of the future", "0.5", "0", "0.5", "0"},
        {"", "Enhance Digital Policing for 2020", "9.8", "4", "30.5", "20.7"},
        {"", "Improving Public Access and first contact", "4.3", "0.9", "2.9", "-1.4"},
        {"", "Optimising Response", "13.1", "1", "9.8", "-3.3"},
        {"", "Reinforcing HQ, Improving Information Management", "4.6", "0.1", "1.2", "-3.4"},
        {"", "Smarter Working", "58.9", "3.9", "53.7", "-5.2"},
        {"", "Transforming investigation and prosecution", "36.8", "1.1", "36.4", "-0.4"},
        {"", "Strengthening Local Policing", "2", "0.1", "0.6", "-1.4"},
        {"", "DP Core/Other", "20", "1.4", "6.9", "-13.1"},
        {"", "CT Policing Change Portfolio", "1.4", "0.2", "3", "1.6"},
        {"", QStringLiteral("Over Programming \u2013 Digital Policing"), "-28.6", "0", "-22.7", "5.9"},
        {"", "Total Digital Policing", "122.8", "12.7", "122.8", "0"},
        {"Fleet", "Delivering maximum commercial efficiency - Fleet", "28.8", "1.9", "26.7", "-2.1"},
        {"", "Strengthening our Armed Policing Capability", "4.7", "-0.3", "4.7", "0"},
        {"", "Total Fleet Services", "33.5", "1.6", "31.4", "-2.1"},
        {"Total Capital Expenditure", "", "366.2", "27.0", "268", "-98.2"},
    };
    const QString path = m_dir.filePath(QStringLiteral("capital.csv"));
    writeFile(path, tableCsv({}, rows));
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    QCOMPARE(p.plan.layout, Layout::ReportTable);
    QCOMPARE(p.plan.roles, (QList<ColumnRole>{ColumnRole::Section, ColumnRole::Measure, ColumnRole::Figure, ColumnRole::Figure,
                                              ColumnRole::Figure, ColumnRole::Derived}));
    QCOMPARE(derivedFormula(p.plan, 5), QStringLiteral("Full year forecast - Full year budget"));
    QCOMPARE(p.plan.fixedPeriodCode, QString());
    p.plan.fixedPeriodCode = QStringLiteral("Q2 2017/18");
    auto store = copyOfDefaultStore(QStringLiteral("capital.sqlite"));
    QVERIFY(store);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(result.summary() + QLatin1Char('\n') + issueLines(result).join(QLatin1Char('\n'))));
    QCOMPARE(issueLines(result), QStringList());
    QCOMPARE(result.added, 16 * 3);
    QCOMPARE(result.totalRows, 4);
    QCOMPARE(storedFigure(*store, QStringLiteral("import.ct_policing_change_portfolio"), QStringLiteral("Q2 2017/18"),
                          QStringLiteral("Full year budget")),
             62.0);
    QCOMPARE(storedFigure(*store, QStringLiteral("import.digital_policing.ct_policing_change_portfolio"), QStringLiteral("Q2 2017/18"),
                          QStringLiteral("Full year budget")),
             1.4);
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT name FROM measure WHERE key = 'import.digital_policing.ct_policing_change_portfolio'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("CT Policing Change Portfolio (Digital Policing)"));
}

void TestImporter::reportTableProfileMatchesNextQuarter()
{
    ProfileStore profiles(m_dir.filePath(QStringLiteral("report-profiles")));
    const QString q2 = m_dir.filePath(QStringLiteral("revenue-profile-q2.csv"));
    writeFile(q2, tableCsv(revenueTitle, revenueRows()));
    Prepared p = prepare(q2);
    QVERIFY(p.reader);
    p.plan.profileName = QStringLiteral("Revenue return");
    QString error;
    QVERIFY2(profiles.save(p.plan, &error), qPrintable(error));
    const auto loaded = profiles.load(QStringLiteral("Revenue return"), &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->toJson(), p.plan.toJson());
    QCOMPARE(loaded->layout, Layout::ReportTable);
    QCOMPARE(loaded->roles, p.plan.roles);
    QCOMPARE(p.plan.toJson().value(QStringLiteral("layout")).toString(), QStringLiteral("report_table"));
    // The quarter is each file's own: it is not carried to the next one.
    QVERIFY(!p.plan.toJson().contains(QStringLiteral("period")));

    // Next quarter's return: same columns, its own quarter in the title.
    const QString q3 = m_dir.filePath(QStringLiteral("revenue-profile-q3.csv"));
    writeFile(q3, tableCsv({QStringLiteral("Revenue position at Q3 2017/18"), QString()}, revenueRows()));
    Prepared next = prepare(q3);
    QVERIFY(next.reader);
    const auto matched = profiles.match(next.plan);
    QVERIFY(matched);
    QCOMPARE(matched->profileName, QStringLiteral("Revenue return"));
    ImportPlan applied;
    QVERIFY2(applyProfile(*next.reader, *matched, &applied, &error), qPrintable(error));
    QCOMPARE(applied.layout, Layout::ReportTable);
    QCOMPARE(applied.fixedPeriodCode, QStringLiteral("Q3 2017/18"));
    QCOMPARE(applied.roles, p.plan.roles);
    QCOMPARE(applied.newMeasureTheme, QStringLiteral("Finance"));
}

void TestImporter::reportTableExportedWorkbookReimports()
{
    // The app's own export of the recorded crime table (xlsx: title, subtitle, header, rows, note,
    // source) reads back as the figures it came from.
    if (!m_shared)
        m_shared = copyOfDefaultStore(QStringLiteral("detect.sqlite"));
    QString error;
    const auto table = reporttables::build(*m_shared, QStringLiteral("recorded-crime-12m"), &error);
    QVERIFY2(table, qPrintable(error));
    const QString path = m_dir.filePath(QStringLiteral("recorded-crime-12m.xlsx"));
    QVERIFY2(tableexport::write(tableexport::fromReportTable(*table), path, tableexport::FileFormat::Xlsx, &error), qPrintable(error));
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    // Recognised as the report's own table for its quarter, not read as new measures.
    QCOMPARE(p.plan.layout, Layout::OversightTable);
    QCOMPARE(p.plan.reportTableId, QStringLiteral("recorded-crime-12m"));
    QCOMPARE(p.plan.fixedPeriodCode, QStringLiteral("Q1 2017/18"));
    ImportOptions dryRun;
    dryRun.dryRun = true;
    const ImportResult result = Importer(*m_shared).run(path, *p.reader, p.plan, dryRun);
    QVERIFY2(result.ok, qPrintable(issueLines(result).join(QLatin1Char('\n'))));
    QCOMPARE(result.warningCount, 0);
    QCOMPARE(result.rowsRead, 15); // the 15 categories; the note and source lines under the table end it
    QCOMPARE(result.unchanged, 30);
    QCOMPARE(result.added, 0);
}

void TestImporter::undoTakesOutWhatTheImportCreated_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("newMeasure"); // a measure the import creates, offered in the wizard's lists until undone
    QTest::addColumn<int>("measures");       // how many measures, areas and breakdowns it creates
    QTest::addColumn<int>("areas");
    QTest::addColumn<int>("breakdowns");
    QTest::newRow("a borough return: a new measure")
        << "asb-return.csv" << asbReturn({QStringLiteral("Apr-17"), QStringLiteral("May-17"), QStringLiteral("Jun-17")}, 1200)
        << "import.asb_calls" << 1 << 0 << 0;
    QTest::newRow("police.uk records: LSOAs in their boroughs, no location, outcome groups")
        << "2017-12-city-of-london-street.csv"
        << QByteArray("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
                      "Last outcome category,Context\n"
                      ",2017-12,City of London Police,City of London Police,-0.11,51.51,On or near Star Yard,E01000914,Camden 028B,"
                      "Anti-social behaviour,,\n"
                      "a1,2017-12,City of London Police,City of London Police,-0.09,51.51,On or near Wood Street,E01032739,"
                      "City of London 001F,Pickpocketing of umbrellas,Under investigation,\n"
                      "a3,2017-12,City of London Police,City of London Police,,,No location,,,Pickpocketing of umbrellas,"
                      "Investigation complete; no suspect identified,\n")
        << "import.crime_type.pickpocketing_of_umbrellas" << 2 << 3 << 3;
    QByteArray lsoas = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
                       "Last outcome category,Context\n";
    for (int i = 0; i < 12; ++i)
        lsoas += QStringLiteral("b%1,2017-12,Metropolitan Police,Metropolitan Police,-0.14,51.55,On or near a street,"
                                "E0100%2,Camden %3A,Bicycle bells taken,Under investigation,\n")
                     .arg(i).arg(1000 + i).arg(i, 3, 10, QLatin1Char('0')).toUtf8();
    // More areas than undo removes one by one: they go through an index it builds and drops.
    QTest::newRow("police.uk records: twelve LSOAs") << "2017-12-metropolitan-street.csv" << lsoas
                                                    << "import.crime_type.bicycle_bells_taken" << 1 << 12 << 1;
    QTest::newRow("codes, bare years and a source: new measures, regions and source groups")
        << "density.csv"
        << QByteArray("Code,Name,Year,Source,Resident Squirrels,Parks_Area _Hectares\n"
                      "E09000001,City of London,1999,Squirrel census,65,29.4\n"
                      "E09000001,City of London,2011,Squirrel projections,74,29.4\n"
                      "E13000001,Inner London,1999,Squirrel census,2800,3190\n")
        << "import.resident_squirrels" << 2 << 1 << 2;
}

// Issue 12, item 8: undo leaves nothing of an import: its measures, areas and breakdowns go when
// nothing else uses them, and so does the profile it saved; the store is as it was.
void TestImporter::undoTakesOutWhatTheImportCreated()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, newMeasure);
    QFETCH(int, measures);
    QFETCH(int, areas);
    QFETCH(int, breakdowns);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9]+")), QStringLiteral("-"));
    auto store = copyOfDefaultStore(QStringLiteral("created-%1.sqlite").arg(tag));
    QVERIFY(store);
    const QString folder = m_dir.filePath(QStringLiteral("created-%1").arg(tag));
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + QLatin1Char('/') + name;
    writeFile(path, content);
    const QMap<QString, qint64> countsBefore = tableCounts(*store);
    const QStringList catalogueBefore = catalogueRows(*store);
    const QByteArray figuresBefore = storeDigest(*store);
    const QStringList schemaBefore = schemaObjects(*store);
    QVERIFY(!offered(*store, newMeasure));

    Prepared p = prepare(path);
    QVERIFY(p.reader);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(result.summary() + issueLines(result).join(QLatin1Char('\n'))));
    ProfileStore profiles(folder + QStringLiteral("/profiles"));
    ImportPlan saved = p.plan;
    saved.profileName = QStringLiteral("return %1").arg(tag);
    QString error;
    bool created = false;
    QVERIFY2(profiles.save(saved, &error, &created), qPrintable(error));
    QVERIFY(created);
    QVERIFY2(Importer::recordSavedProfile(*store, result.batchId, saved.profileName, profiles.pathFor(saved.profileName), &error),
             qPrintable(error));
    QCOMPARE(createdBy(*store, result.batchId, QStringLiteral("measure_id")), measures);
    QCOMPARE(createdBy(*store, result.batchId, QStringLiteral("area_id")), areas);
    QCOMPARE(createdBy(*store, result.batchId, QStringLiteral("breakdown_id")), breakdowns);
    QVERIFY2(offered(*store, newMeasure), qPrintable(result.newMeasures.join(QLatin1Char(','))));
    // Periods are the calendar's, shared by every import: those it added (June 1999) stay.
    const qint64 periodsImported = tableCounts(*store).value(QStringLiteral("period"));

    UndoSummary summary;
    QVERIFY2(Importer::undo(*store, result.batchId, &error, &summary, &profiles), qPrintable(error));
    QCOMPARE(summary.measures.size(), measures);
    QCOMPARE(summary.areas.size(), areas);
    QCOMPARE(summary.breakdowns.size(), breakdowns);
    QCOMPARE(summary.kept, QStringList());
    QCOMPARE(summary.profile, saved.profileName);
    QVERIFY(!QFileInfo::exists(profiles.pathFor(saved.profileName)));
    QVERIFY2(summary.message().startsWith(QStringLiteral("Undid batch %1 (%2): ").arg(result.batchId).arg(name)), qPrintable(summary.message()));
    QVERIFY2(summary.message().contains(QStringLiteral("its profile '%1'").arg(saved.profileName)), qPrintable(summary.message()));
    // Nothing of it is left: not a figure, a catalogue row, a line of any table, nor a measure offered.
    QMap<QString, qint64> countsAfter = tableCounts(*store);
    QCOMPARE(countsAfter.take(QStringLiteral("period")), periodsImported);
    QMap<QString, qint64> expected = countsBefore;
    expected.remove(QStringLiteral("period"));
    QCOMPARE(countsAfter, expected);
    QCOMPARE(catalogueRows(*store), catalogueBefore);
    QCOMPARE(storeDigest(*store), figuresBefore);
    QCOMPARE(schemaObjects(*store), schemaBefore);
    QVERIFY(!offered(*store, newMeasure));
}

// A measure a second file also brings stays when the first is undone and passes to the second, whose
// file its source and the ASB map's source line then name; undoing the second removes it. The profile
// the first saved stays because the second used it.
void TestImporter::whatAnotherBatchUsesPassesToIt()
{
    auto store = copyOfDefaultStore(QStringLiteral("passes.sqlite"));
    QVERIFY(store);
    const QString folder = m_dir.filePath(QStringLiteral("passes"));
    QVERIFY(QDir().mkpath(folder));
    ProfileStore profiles(folder + QStringLiteral("/profiles"));
    const QMap<QString, qint64> countsBefore = tableCounts(*store);
    const QStringList catalogueBefore = catalogueRows(*store);
    QVERIFY(!boroughmaps::asbCalls(*store).missing.isEmpty());

    const QString q1 = folder + QStringLiteral("/asb_Q1_2017-18.csv");
    writeFile(q1, asbReturn({QStringLiteral("Apr-17"), QStringLiteral("May-17"), QStringLiteral("Jun-17")}, 1200));
    Prepared first = prepare(q1);
    QVERIFY(first.reader);
    first.plan.profileName = QStringLiteral("asb-return");
    QString error;
    bool created = false;
    QVERIFY2(profiles.save(first.plan, &error, &created), qPrintable(error));
    QVERIFY(created);
    const ImportResult one = Importer(*store).run(q1, *first.reader, first.plan, ImportOptions{});
    QVERIFY2(one.committed, qPrintable(one.summary()));
    QVERIFY2(Importer::recordSavedProfile(*store, one.batchId, QStringLiteral("asb-return"), profiles.pathFor(QStringLiteral("asb-return")), &error),
             qPrintable(error));
    QCOMPARE(boroughmaps::asbCalls(*store).source, QStringLiteral("asb_Q1_2017-18.csv"));

    // Next quarter's return, matched to the profile as the wizard and the command line match it.
    const QString q2 = folder + QStringLiteral("/asb_Q2_2017-18.csv");
    writeFile(q2, asbReturn({QStringLiteral("Jul-17"), QStringLiteral("Aug-17"), QStringLiteral("Sep-17")}, 1500));
    Prepared second = prepare(q2);
    QVERIFY(second.reader);
    const auto matched = profiles.match(second.plan);
    QVERIFY(matched);
    ImportPlan applied;
    QVERIFY2(applyProfile(*second.reader, *matched, &applied, &error), qPrintable(error));
    const ImportResult two = Importer(*store).run(q2, *second.reader, applied, ImportOptions{});
    QVERIFY2(two.committed, qPrintable(two.summary()));
    QCOMPARE(two.newMeasures, QStringList());

    UndoSummary summary;
    QVERIFY2(Importer::undo(*store, one.batchId, &error, &summary, &profiles), qPrintable(error));
    QCOMPARE(summary.measures, QStringList());
    QCOMPARE(summary.kept, QStringList{QStringLiteral("ASB calls (batch %1 uses it)").arg(two.batchId)});
    QCOMPARE(summary.profile, QString());
    QCOMPARE(summary.profileNote, QStringLiteral("Its profile 'asb-return' stays: batch %1 used it.").arg(two.batchId));
    QVERIFY(QFileInfo::exists(profiles.pathFor(QStringLiteral("asb-return"))));
    QVERIFY(offered(*store, QStringLiteral("import.asb_calls")));
    const auto measure = catalog::measure(*store, QStringLiteral("import.asb_calls"));
    QVERIFY(measure);
    QCOMPARE(measure->source, QStringLiteral("asb_Q2_2017-18.csv"));
    QCOMPARE(measure->notes, QStringLiteral("Created by importing asb_Q2_2017-18.csv."));
    // The map's source line and data as at are the second file's: the undone one is cited nowhere.
    const BoroughMapData map = boroughmaps::asbCalls(*store);
    QCOMPARE(map.source, QStringLiteral("asb_Q2_2017-18.csv"));
    QCOMPARE(map.asAt, QDate(2017, 9, 30));
    QCOMPARE(map.periodLabel, QStringLiteral("September 2017"));
    QCOMPARE(createdBy(*store, two.batchId, QStringLiteral("measure_id")), 1);

    QVERIFY2(Importer::undo(*store, two.batchId, &error, &summary, &profiles), qPrintable(error));
    QCOMPARE(summary.measures, QStringList{QStringLiteral("ASB calls")});
    QVERIFY(!offered(*store, QStringLiteral("import.asb_calls")));
    QVERIFY(!boroughmaps::asbCalls(*store).missing.isEmpty());
    QCOMPARE(boroughmaps::asbCalls(*store).source, QString());
    QCOMPARE(tableCounts(*store), countsBefore);
    QCOMPARE(catalogueRows(*store), catalogueBefore);
    // The second batch applied the profile and did not make it: it stays for next quarter.
    QVERIFY(QFileInfo::exists(profiles.pathFor(QStringLiteral("asb-return"))));
}

// A store of version 9 recorded no creating batch: undoing a batch imported before the migration
// removes its figures and keeps every measure and area it had.
void TestImporter::storeFromVersion9KeepsWhatItHad()
{
    const QString name = QStringLiteral("version9.sqlite");
    auto store = copyOfDefaultStore(name);
    QVERIFY(store);
    const QString path = m_dir.filePath(QStringLiteral("version9-asb.csv"));
    writeFile(path, asbReturn({QStringLiteral("Apr-17"), QStringLiteral("May-17")}, 900));
    Prepared p = prepare(path);
    QVERIFY(p.reader);
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(result.summary()));
    {
        QSqlQuery q(store->database());
        QVERIFY(q.exec(QStringLiteral("DROP TABLE import_created")));
        QVERIFY(q.exec(QStringLiteral("DROP TABLE import_profile_saved")));
        QVERIFY(q.exec(QStringLiteral("DROP TABLE crime_total")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 9")));
    }
    store.reset();
    QString error;
    store = Store::open(m_dir.filePath(name), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->schemaVersion(), schema::latestVersion());
    const QMap<QString, qint64> countsMigrated = tableCounts(*store);
    const QStringList catalogueMigrated = catalogueRows(*store);
    QCOMPARE(countsMigrated.value(QStringLiteral("import_created")), 0);

    UndoSummary summary;
    QVERIFY2(Importer::undo(*store, result.batchId, &error, &summary, nullptr), qPrintable(error));
    QCOMPARE(summary.figures, 4);
    QCOMPARE(summary.measures, QStringList());
    QCOMPARE(catalogueRows(*store), catalogueMigrated);
    QVERIFY(offered(*store, QStringLiteral("import.asb_calls")));
    QCOMPARE(tableCounts(*store).value(QStringLiteral("observation")), countsMigrated.value(QStringLiteral("observation")) - 4);
    QCOMPARE(tableCounts(*store).value(QStringLiteral("import_batch")), countsMigrated.value(QStringLiteral("import_batch")) - 1);
}

// Issue 12, item 1: several sheets of one workbook in one transaction, as one batch. Figures are
// exact, the batch says every sheet, each note names its own sheet, and undo takes out all of it.
void TestImporter::severalSheetsAreOneBatch_data()
{
    QTest::addColumn<QList<QStringList>>("secondRows");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("note"); // said of the second sheet; empty for none
    const QStringList asb = {"import.asb_calls E09000007 2017-04 310", "import.asb_calls E09000007 2017-05 320",
                             "import.asb_calls E09000007 2017-06 330", "import.asb_calls E09000033 2017-04 510",
                             "import.asb_calls E09000033 2017-05 520", "import.asb_calls E09000033 2017-06 530"};
    const QStringList burglary = {"import.burglary_calls E09000007 2017-04 41", "import.burglary_calls E09000007 2017-05 42",
                                  "import.burglary_calls E09000007 2017-06 43", "import.burglary_calls E09000033 2017-04 61",
                                  "import.burglary_calls E09000033 2017-05 62", "import.burglary_calls E09000033 2017-06 63"};
    QTest::newRow("two sheets, a measure each") << burglaryRows << asb + burglary << QString();
    // The second sheet repeats Camden's ASB calls as the first gives them: one figure, stored once.
    QTest::newRow("a figure on both sheets, equal")
        << QList<QStringList>{burglaryRows.first(), asbRows.first(), burglaryRows.last()} << asb + burglary
        << QStringLiteral("3 figures of this sheet are also on sheet 'ASB', with the same values: each is stored once");
}

void TestImporter::severalSheetsAreOneBatch()
{
    QFETCH(QList<QStringList>, secondRows);
    QFETCH(QStringList, expected);
    QFETCH(QString, note);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9]+")), QStringLiteral("-"));
    const QString path = m_dir.filePath(QStringLiteral("sheets-%1.xlsx").arg(tag));
    QVERIFY(writeXlsxFixture(path, {{QStringLiteral("Cover"), {{QStringLiteral("Borough return, Q1 2017/18")}}},
                                    boroughSheet(QStringLiteral("ASB"), asbRows), boroughSheet(QStringLiteral("Burglary"), secondRows)}));
    auto store = copyOfDefaultStore(QStringLiteral("sheets-%1.sqlite").arg(tag));
    QVERIFY(store);
    const QMap<QString, qint64> countsBefore = tableCounts(*store);
    const QByteArray figuresBefore = storeDigest(*store);
    QString error;
    auto reader = readerFor(path, &error);
    QVERIFY2(reader && reader->open(path, &error), qPrintable(error));
    const QList<ImportPlan> plans = sheetPlans(*reader, QFileInfo(path).fileName(), {QStringLiteral("ASB"), QStringLiteral("Burglary")});
    QCOMPARE(plans.size(), 2);

    const ImportResult result = Importer(*store).run(path, *reader, plans, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(issueLines(result).join(QLatin1Char('\n'))));
    QCOMPARE(result.added, qint64(expected.size()));
    QCOMPARE(batchFigures(*store, result.batchId), expected);
    // One batch, and only one, holds every figure of both sheets.
    QSqlQuery batches(store->database());
    QVERIFY(batches.exec(QStringLiteral("SELECT DISTINCT batch_id FROM observation WHERE measure_id IN "
                                        "(SELECT id FROM measure WHERE key IN ('import.asb_calls', 'import.burglary_calls'))")));
    QVERIFY(batches.next());
    QCOMPARE(batches.value(0).toLongLong(), result.batchId);
    QVERIFY(!batches.next());
    QSqlQuery description(store->database());
    QVERIFY(description.exec(QStringLiteral("SELECT description FROM import_batch WHERE id = %1").arg(result.batchId)));
    QVERIFY(description.next());
    QVERIFY2(description.value(0).toString().contains(QStringLiteral("2 sheets: sheet 'ASB' (wide layout)"))
                 && description.value(0).toString().contains(QStringLiteral("sheet 'Burglary' (wide layout)")),
             qPrintable(description.value(0).toString()));
    if (!note.isEmpty()) {
        const auto said = std::find_if(result.issues.cbegin(), result.issues.cend(),
                                       [&](const ImportIssue &issue) { return issue.message == note; });
        QVERIFY2(said != result.issues.cend(), qPrintable(issueLines(result).join(QLatin1Char('\n'))));
        QCOMPARE(said->sheet, QStringLiteral("Burglary"));
    }

    UndoSummary undone;
    QVERIFY2(Importer::undo(*store, result.batchId, &error, &undone), qPrintable(error));
    QCOMPARE(undone.figures, qint64(expected.size()));
    QCOMPARE(batchFacts(*store, result.batchId), 0);
    QCOMPARE(tableCounts(*store), countsBefore);
    QCOMPARE(storeDigest(*store), figuresBefore);
}

// All or nothing: a sheet in error, or two sheets giving one figure two values, write nothing of
// any sheet, and the error names the sheet and cell (and, for a disagreement, the other's too).
void TestImporter::severalSheetsWriteNothingOnAnError_data()
{
    QTest::addColumn<QList<QStringList>>("secondRows");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QStringList>("says");
    QTest::newRow("two sheets disagree on a figure")
        << QList<QStringList>{burglaryRows.first(), {"Camden", "ASB calls", "310", "321", "330"}}
        << QStringLiteral("Burglary!D3")
        << QStringList{"ASB calls, Camden, May 2017 is given as 321 here and as 320 on sheet 'ASB' at D2", "neither is stored"};
    QTest::newRow("the second sheet has a cell that is no number")
        << QList<QStringList>{{"Camden", "Burglary calls", "41", "forty-two", "43"}, burglaryRows.last()} << QStringLiteral("Burglary!D2")
        << QStringList{"not a number"};
    QTest::newRow("the second sheet has no figures") << QList<QStringList>{} << QStringLiteral("Burglary")
                                                     << QStringList{"no figures to import: sheet 'Burglary' has its header (row 1)"};
}

void TestImporter::severalSheetsWriteNothingOnAnError()
{
    QFETCH(QList<QStringList>, secondRows);
    QFETCH(QString, location);
    QFETCH(QStringList, says);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9]+")), QStringLiteral("-"));
    const QString path = m_dir.filePath(QStringLiteral("sheets-error-%1.xlsx").arg(tag));
    QVERIFY(writeXlsxFixture(path, {boroughSheet(QStringLiteral("ASB"), asbRows), boroughSheet(QStringLiteral("Burglary"), secondRows)}));
    auto store = copyOfDefaultStore(QStringLiteral("sheets-error-%1.sqlite").arg(tag));
    QVERIFY(store);
    const QMap<QString, qint64> countsBefore = tableCounts(*store);
    const QStringList catalogueBefore = catalogueRows(*store);
    const QByteArray figuresBefore = storeDigest(*store);
    QString error;
    auto reader = readerFor(path, &error);
    QVERIFY2(reader && reader->open(path, &error), qPrintable(error));
    const QList<ImportPlan> plans = sheetPlans(*reader, QFileInfo(path).fileName(), {QStringLiteral("ASB"), QStringLiteral("Burglary")});
    QCOMPARE(plans.size(), 2);

    const ImportResult result = Importer(*store).run(path, *reader, plans, ImportOptions{});
    QVERIFY(!result.ok);
    QVERIFY(!result.committed);
    QCOMPARE(result.batchId, -1);
    const auto named = std::find_if(result.issues.cbegin(), result.issues.cend(), [&](const ImportIssue &issue) {
        return issue.severity == ImportIssue::Severity::Error && issue.location().endsWith(QLatin1Char(':') + location);
    });
    QVERIFY2(named != result.issues.cend(), qPrintable(issueLines(result).join(QLatin1Char('\n'))));
    for (const QString &words : says)
        QVERIFY2(named->message.contains(words), qPrintable(named->toString()));
    QCOMPARE(result.errorCount, 1);
    // Nothing of the first sheet, sound as it is, nor its new measure.
    QCOMPARE(storeDigest(*store), figuresBefore);
    QCOMPARE(catalogueRows(*store), catalogueBefore);
    QCOMPARE(tableCounts(*store), countsBefore);
}

// Issue 12, item 1: a profile saved from a several-sheet import repeats it next quarter, finding its
// sheets by name wherever the new workbook puts them; a one-sheet profile is saved as it always was.
void TestImporter::profileOfSeveralSheets()
{
    ProfileStore profiles(m_dir.filePath(QStringLiteral("sheet-profiles")));
    const QString q1 = m_dir.filePath(QStringLiteral("borough-return-q1.xlsx"));
    QVERIFY(writeXlsxFixture(q1, {boroughSheet(QStringLiteral("ASB"), asbRows), boroughSheet(QStringLiteral("Burglary"), burglaryRows)}));
    QString error;
    auto reader = readerFor(q1, &error);
    QVERIFY2(reader && reader->open(q1, &error), qPrintable(error));
    QList<ImportPlan> plans = sheetPlans(*reader, QFileInfo(q1).fileName(), {QStringLiteral("ASB"), QStringLiteral("Burglary")});
    QCOMPARE(plans.size(), 2);
    for (ImportPlan &plan : plans)
        plan.profileName = QStringLiteral("borough return");
    QVERIFY2(profiles.save(plans, &error), qPrintable(error));
    QFile saved(profiles.pathFor(QStringLiteral("borough return")));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(saved.readAll()).object();
    QCOMPARE(json.value(QStringLiteral("sheets")).toArray().size(), 2);
    QCOMPARE(json.value(QStringLiteral("sheets")).toArray().at(1).toObject().value(QStringLiteral("sheet")).toString(),
             QStringLiteral("Burglary"));
    // Only by its name: one sheet's shape does not stand for two.
    QVERIFY(profiles.all().isEmpty());
    QVERIFY(!profiles.load(QStringLiteral("borough return"), &error));
    QVERIFY2(error.contains(QStringLiteral("reads 2 sheets")), qPrintable(error));
    const auto loaded = profiles.loadSheets(QStringLiteral("borough return"), &error);
    QVERIFY2(loaded && loaded->size() == 2, qPrintable(error));
    QCOMPARE(loaded->at(0).toJson(), plans.at(0).toJson());
    QCOMPARE(loaded->at(1).toJson(), plans.at(1).toJson());

    // A profile of one sheet is the sheet's plan itself, as before.
    ImportPlan one = plans.first();
    one.profileName = QStringLiteral("asb only");
    QVERIFY2(profiles.save(one, &error), qPrintable(error));
    QFile single(profiles.pathFor(QStringLiteral("asb only")));
    QVERIFY(single.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(single.readAll()).object(), one.toJson());
    QCOMPARE(profiles.load(QStringLiteral("asb only"), &error)->toJson(), one.toJson());

    // Next quarter's workbook puts a cover first and the sheets the other way round.
    const QString q2 = m_dir.filePath(QStringLiteral("borough-return-q2.xlsx"));
    const QStringList months = {QStringLiteral("201707"), QStringLiteral("201708"), QStringLiteral("201709")};
    QVERIFY(writeXlsxFixture(q2, {{QStringLiteral("Cover"), {{QStringLiteral("Borough return, Q2 2017/18")}}},
                                  boroughSheet(QStringLiteral("Burglary"), {{"Camden", "Burglary calls", "44", "45", "46"}}, months),
                                  boroughSheet(QStringLiteral("ASB"), {{"Westminster", "ASB calls", "511", "521", "531"}}, months)}));
    auto next = readerFor(q2, &error);
    QVERIFY2(next && next->open(q2, &error), qPrintable(error));
    QList<ImportPlan> applied;
    for (const ImportPlan &sheet : *loaded) {
        ImportPlan plan;
        QVERIFY2(applyProfile(*next, sheet, &plan, &error, QFileInfo(q2).fileName()), qPrintable(error));
        applied.append(plan);
    }
    QCOMPARE(applied.at(0).sheetIndex, 2);
    QCOMPARE(applied.at(1).sheetIndex, 1);
    auto store = copyOfDefaultStore(QStringLiteral("sheet-profile.sqlite"));
    QVERIFY(store);
    const ImportResult result = Importer(*store).run(q2, *next, applied, ImportOptions{});
    QVERIFY2(result.committed, qPrintable(issueLines(result).join(QLatin1Char('\n'))));
    QCOMPARE(batchFigures(*store, result.batchId),
             (QStringList{"import.asb_calls E09000033 2017-07 511", "import.asb_calls E09000033 2017-08 521",
                          "import.asb_calls E09000033 2017-09 531", "import.burglary_calls E09000007 2017-07 44",
                          "import.burglary_calls E09000007 2017-08 45", "import.burglary_calls E09000007 2017-09 46"}));
}

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
