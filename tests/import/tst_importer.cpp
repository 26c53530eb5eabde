#include "importer.h"
#include "profiles.h"
#include "reader.h"
#include "store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace oversight;
using namespace oversight::import;

namespace {

const QString sharedData = QStringLiteral(OVERSIGHT_SHARED_DIR "/data");

// What the store holds, as a comparable digest: every observation with its batch.
QByteArray storeDigest(const Store &store)
{
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT measure_id, area_id, period_id, coalesce(breakdown_id, 0), value, batch_id FROM observation "
                          "ORDER BY measure_id, area_id, period_id, coalesce(breakdown_id, 0)"));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    while (q.next()) {
        for (int c = 0; c < 6; ++c)
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
    void validationNamesTheCell();
    void nonBoroughAreasAreKept();
    void totalRowsAreCheckedNotStored();
    void duplicateKeysAndFilesAreFlagged();
    void profileRoundTripAndAutoMatch();
    void periodsOutsideTheExpectedQuarterAreFlagged();
    void valuesAcrossManyChunksAndAFailedWrite();

private:
    std::unique_ptr<Store> freshStore(const QString &name);
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_shared;
};

void TestImporter::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestImporter::cleanupTestCase()
{
    m_shared.reset();
}

std::unique_ptr<Store> TestImporter::freshStore(const QString &name)
{
    QString error;
    auto store = Store::open(m_dir.filePath(name), &error);
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
    // January 2024 is in the default data too, from the older CRIS-era vintage: the figures differ,
    // so without a choice the import reports conflicts and writes nothing.
    const ImportResult report = Importer(*store).run(path, *p.reader, p.plan, ImportOptions{});
    QVERIFY(!report.ok);
    QVERIFY(report.conflictCount > 0);
    QCOMPARE(report.errorCount, 0);
    QCOMPARE(storeDigest(*store), before);

    ImportOptions options;
    options.policy = ConflictPolicy::Replace;
    const ImportResult result = Importer(*store).run(path, *p.reader, p.plan, options);
    QVERIFY2(result.ok, qPrintable(result.summary() + QLatin1Char('\n') + result.issues.value(0).toString()));
    QVERIFY(result.committed);
    QCOMPARE(result.rowsRead, 1057);
    QCOMPARE(result.valuesRead, 1057 * 24);
    QCOMPARE(result.replaced, report.conflictCount);
    // Each value cell is one fact (zeros included), whether added, replaced or already stored.
    QCOMPARE(result.added + result.replaced + result.unchanged, result.valuesRead - result.skipped);
    QVERIFY(result.added > 0);
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
    // Upper-case CONNECT-era categories match the stored Title Case ones.
    QVERIFY(result.newMeasures.isEmpty());
    QCOMPARE(stored(*store, QStringLiteral("mps.theft.other_theft"), QStringLiteral("X-SO18"), QStringLiteral("February 2024")), 31.0);
    QCOMPARE(stored(*store, QStringLiteral("mps.theft.other_theft"), QStringLiteral("E09000033"), QStringLiteral("February 2024")), 900.0);

    // A new upper-case category reads as officers write it: "NFIB Fraud", "Violence Against the Person".
    const QString fraud = m_dir.filePath(QStringLiteral("fraud.csv"));
    writeFile(fraud, "MajorText,MinorText,BoroughName,202402\nNFIB FRAUD,NFIB,Camden,12\n"
                     "VIOLENCE AGAINST THE PERSON,DEATH OR SERIOUS INJURY BY DRIVING,Camden,1\n");
    Prepared f = prepare(fraud);
    QVERIFY(f.reader);
    const ImportResult created = Importer(*store).run(fraud, *f.reader, f.plan, ImportOptions{});
    QVERIFY2(created.committed, qPrintable(created.summary()));
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT category, name FROM measure WHERE key IN ('mps.nfib_fraud.nfib', "
                                  "'mps.violence_against_the_person.death_or_serious_injury_by_driving') ORDER BY key")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("NFIB Fraud"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("NFIB"));
    QVERIFY(q.next());
    // The group exists already (open data, Title Case): the new category joins it under that spelling.
    QCOMPARE(q.value(0).toString(), QStringLiteral("Violence Against the Person"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("Death or Serious Injury by Driving"));
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
    QVERIFY2(profiles.save(p.plan, &error), qPrintable(error));
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

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
