#include "importer.h"
#include "importproblems.h"
#include "reader.h"
#include "reporttablelayout.h"
#include "store.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace oversight;
using namespace oversight::import;

namespace {

// A borough return as officers receive it: a title across the table, a blank row, a header of two
// labels, 32 boroughs, a Total row and a notes line (issue 12, item 7).
const QString asbFixture = QStringLiteral(OVERSIGHT_SOURCE_DIR "/tests/import/fixtures/asb-calls-by-borough.csv");

struct Opened {
    std::unique_ptr<Reader> reader;
    ImportPlan plan;
};

Opened open(const QString &path)
{
    Opened o;
    QString error;
    o.reader = readerFor(path, &error);
    if (!o.reader || !o.reader->open(path, &error)) {
        qWarning("%s", qPrintable(error));
        o.reader.reset();
        return o;
    }
    if (const auto plan = detectPlan(*o.reader, QFileInfo(path).fileName(), &error))
        o.plan = *plan;
    else
        qWarning("%s", qPrintable(error));
    return o;
}

ImportResult dryRun(Store &store, Opened &o)
{
    ImportOptions options;
    options.dryRun = true;
    return Importer(store).run(asbFixture, *o.reader, o.plan, options);
}

QStringList messages(const ImportResult &result, ImportIssue::Severity severity)
{
    QStringList out;
    for (const ImportIssue &issue : result.issues) {
        if (issue.severity == severity)
            out.append(issue.message);
    }
    return out;
}

bool hasMeasure(const Store &store, const QString &key)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT count(*) FROM measure WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() && q.value(0).toInt() == 1;
}

} // namespace

// The import engine's side of "the wizard finishes the job": every problem at once, grouped, each
// with its fix; a new measure written with the batch; the unit check; boroughs read as measures
// refused; rows skipped with their reasons recorded.
class TestImportProblems : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twoLabelHeaderUnderATitle();
    void planProblemsAllAtOnce();
    void groupsByKindWithFixes_data();
    void groupsByKindWithFixes();
    void warningsOfferNoSkip();
    void unitRule_data();
    void unitRule();
    void countsIntoAPercentMeasureMustBeConfirmed();
    void boroughsAsMeasuresAreRefused();
    void newMeasureIsWrittenWithTheBatch();
    void skippedRowsAreCountedAndRecorded();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

void TestImportProblems::initTestCase()
{
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("problems.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestImportProblems::twoLabelHeaderUnderATitle()
{
    Opened o = open(asbFixture);
    QVERIFY(o.reader);
    // The title is not the header: the two labels above the first figures are.
    QCOMPARE(o.plan.headerRow, 3);
    QCOMPARE(o.plan.headers, (QStringList{QStringLiteral("Borough"), QStringLiteral("ASB calls")}));
    QCOMPARE(o.plan.layout, Layout::Long);
    QCOMPARE(o.plan.roles.value(0), ColumnRole::Area);
    QCOMPARE(o.plan.roles.value(1), ColumnRole::Value);
    QCOMPARE(o.plan.columnMeasures.value(1), QStringLiteral("ASB calls"));
    // The file states no period column: the only problem left is the period, said as such.
    const ImportResult result = dryRun(*m_store, o);
    QCOMPARE(messages(result, ImportIssue::Severity::Error),
             QStringList{QStringLiteral("no period column and no period chosen for the whole file")});
    o.plan.fixedPeriodCode = QStringLiteral("2023/24");
    const ImportResult fixed = dryRun(*m_store, o);
    QCOMPARE(fixed.errorCount, 0);
    QCOMPARE(fixed.valuesRead, 32);
    QCOMPARE(fixed.totalRows, 1); // Total checked, not stored
    QVERIFY(fixed.newMeasures.contains(QStringLiteral("import.asb_calls"))); // the key the ASB map reads
    QVERIFY(!hasMeasure(*m_store, QStringLiteral("import.asb_calls")));      // a dry run writes nothing
}

void TestImportProblems::planProblemsAllAtOnce()
{
    // The title taken as the header: nothing says what any column holds.
    Opened o = open(asbFixture);
    QVERIFY(o.reader);
    o.plan.headerRow = 1;
    QString error;
    QVERIFY2(describeHeader(*o.reader, o.plan, &error), qPrintable(error));
    for (ColumnRole &role : o.plan.roles)
        role = ColumnRole::Ignore;
    o.plan.columnMeasures.clear();
    const ImportResult result = dryRun(*m_store, o);
    const QStringList errors = messages(result, ImportIssue::Severity::Error);
    QCOMPARE(errors.size(), 3);
    const QList<ProblemGroup> groups = groupProblems(result.issues);
    QCOMPARE(groups.size(), 3);
    QList<ProblemFix> fixes;
    for (const ProblemGroup &group : groups)
        fixes.append(group.fix);
    QCOMPARE(fixes, (QList<ProblemFix>{ProblemFix::ChooseMeasure, ProblemFix::ChooseValueColumn, ProblemFix::ChoosePeriod}));
}

void TestImportProblems::groupsByKindWithFixes_data()
{
    QTest::addColumn<QStringList>("messages"); // one issue each, in rows 10, 11, 12…
    QTest::addColumn<int>("groups");
    QTest::addColumn<int>("fix"); // of the first group
    QTest::addColumn<int>("firstGroupSize");
    const QString unknown = QStringLiteral("unknown area: not a London borough, ONS code or MPS area name");
    QTest::newRow("unknown areas are one group") << QStringList{unknown, unknown, unknown} << 1 << int(ProblemFix::MapArea) << 3;
    QTest::newRow("quoted words set aside") << QStringList{QStringLiteral("'Heathrow' is not a borough; its figures are kept as an area of their own"),
                                                           QStringLiteral("'Aviation' is not a borough; its figures are kept as an area of their own")}
                                            << 1 << int(ProblemFix::SkipRows) << 2;
    QTest::newRow("kinds apart") << QStringList{QStringLiteral("not a number"), unknown, QStringLiteral("not a number")} << 2
                                 << int(ProblemFix::SkipRows) << 2;
    QTest::newRow("boroughs as measures") << QStringList{QStringLiteral("32 of your row labels are boroughs (Barnet, …): is this an area column?")}
                                          << 1 << int(ProblemFix::AreaColumn) << 1;
}

// A warning's rows are imported rightly (a region kept as an area, a total checked and not stored):
// leaving them out is never offered as the fix.
void TestImportProblems::warningsOfferNoSkip()
{
    QList<ImportIssue> issues;
    issues.append({ImportIssue::Severity::Warning, QStringLiteral("f.csv"), QStringLiteral("f"), 37, 1, QStringLiteral("Inner London"),
                   QStringLiteral("'Inner London' is not a borough; its figures are kept as an area of their own")});
    issues.append({ImportIssue::Severity::Warning, QStringLiteral("f.csv"), QStringLiteral("f"), 40, 2, QStringLiteral("994,233"),
                   QStringLiteral("the 'Met Police Area' row says 994,233 but the rows above add up to 993,606; the total is not stored")});
    const QList<ProblemGroup> grouped = groupProblems(issues);
    QCOMPARE(grouped.size(), 2);
    for (const ProblemGroup &group : grouped) {
        QCOMPARE(group.fix, ProblemFix::None);
        QVERIFY(!group.canSkipRows());
    }
    // The same message as an error in a row is offered for leaving out.
    issues.first().severity = ImportIssue::Severity::Error;
    QVERIFY(groupProblems(issues).first().canSkipRows());
}

void TestImportProblems::groupsByKindWithFixes()
{
    QFETCH(QStringList, messages);
    QFETCH(int, groups);
    QFETCH(int, fix);
    QFETCH(int, firstGroupSize);
    QList<ImportIssue> issues;
    for (qsizetype i = 0; i < messages.size(); ++i)
        issues.append({ImportIssue::Severity::Error, QStringLiteral("f.csv"), QStringLiteral("f"), 10 + i, 0, QStringLiteral("x"), messages.at(i)});
    // A note is no problem: never grouped.
    issues.append({ImportIssue::Severity::Note, QStringLiteral("f.csv"), QStringLiteral("f"), 0, -1, QString(), QStringLiteral("a note")});
    const QList<ProblemGroup> grouped = groupProblems(issues);
    QCOMPARE(grouped.size(), groups);
    QCOMPARE(int(grouped.first().fix), fix);
    QCOMPARE(grouped.first().issues.size(), firstGroupSize);
    QCOMPARE(grouped.first().rows().first(), 10);
}

void TestImportProblems::unitRule_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<bool>("mismatch");
    QTest::newRow("counts into %") << "percent" << QList<double>{4512, 6120, 88} << true;
    QTest::newRow("percentages into %") << "percent" << QList<double>{74, 81.5, 100} << false;
    QTest::newRow("a % above 100 with decimals") << "percent" << QList<double>{104.5, 98.2} << false;
    QTest::newRow("proportions into a count") << "count" << QList<double>{0.56, 0.61, 0.7} << true;
    QTest::newRow("counts into a count") << "count" << QList<double>{4512, 0.5, 12} << false;
    QTest::newRow("FTE into a count") << "count" << QList<double>{30940.2, 753.2} << false;
    QTest::newRow("£m not checked") << "gbp_m" << QList<double>{0.4, 0.2} << false;
    QTest::newRow("nothing") << "percent" << QList<double>{} << false;
}

void TestImportProblems::unitRule()
{
    QFETCH(QString, unit);
    QFETCH(QList<double>, values);
    QFETCH(bool, mismatch);
    ValueShape shape;
    for (qsizetype i = 0; i < values.size(); ++i)
        shape.add(values.at(i), 4 + i, 1);
    QCOMPARE(!unitMismatch(unit, shape).isEmpty(), mismatch);
    if (mismatch)
        QVERIFY(unitMismatch(unit, shape).contains(QStringLiteral("in row 4")));
}

void TestImportProblems::countsIntoAPercentMeasureMustBeConfirmed()
{
    // The nearest measure in the list is a percentage: counts going into it are said, not stored silently.
    Opened o = open(asbFixture);
    QVERIFY(o.reader);
    o.plan.fixedPeriodCode = QStringLiteral("2023/24");
    useMeasure(o.plan, QStringLiteral("asb.nuisance_pct"));
    // The headers' guess gives way to the officer's choice, and the plan says which.
    QVERIFY(!o.plan.notes.join(QLatin1Char('\n')).contains(QStringLiteral("no measure column")));
    QVERIFY(o.plan.notes.contains(QStringLiteral("every figure goes into the measure asb.nuisance_pct, as the officer chose")));
    ImportResult result = dryRun(*m_store, o);
    QCOMPARE(result.errorCount, 0);
    QCOMPARE(result.unconfirmedUnits, QStringList{QStringLiteral("asb.nuisance_pct")});
    const QStringList warnings = messages(result, ImportIssue::Severity::Warning);
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.first().contains(QStringLiteral("'ASB calls classed as nuisance' (asb.nuisance_pct, unit percent) do not look like its unit: "
                                                       "32 of its 32 figures are whole numbers above 100")),
             qPrintable(warnings.first()));
    QCOMPARE(groupProblems(result.issues).first().fix, ProblemFix::ConfirmUnits);
    o.plan.confirmedUnits = {QStringLiteral("asb.nuisance_pct")};
    result = dryRun(*m_store, o);
    QCOMPARE(result.warningCount, 0);
    QVERIFY(result.unconfirmedUnits.isEmpty());
}

void TestImportProblems::boroughsAsMeasuresAreRefused()
{
    // The officer chooses the report-table layout: each borough would become an MPS-level measure.
    Opened o = open(asbFixture);
    QVERIFY(o.reader);
    o.plan.layout = Layout::ReportTable;
    proposeReportTable(*o.reader, o.plan, {}, {true, false});
    o.plan.fixedPeriodCode = QStringLiteral("2023/24");
    const ImportResult result = dryRun(*m_store, o);
    const QStringList errors = messages(result, ImportIssue::Severity::Error);
    QVERIFY2(errors.size() == 1 && errors.first().startsWith(QStringLiteral("32 of your row labels are boroughs (Barking and Dagenham, Barnet, Bexley …): "
                                                                             "is this an area column?")),
             qPrintable(errors.join(QLatin1Char('\n'))));
    const QList<ProblemGroup> groups = groupProblems(result.issues);
    QCOMPARE(groups.first().fix, ProblemFix::AreaColumn);
    QCOMPARE(groups.first().column, 0);
    QVERIFY(!hasMeasure(*m_store, QStringLiteral("import.barnet")));
    // The fix: column A is the area; the figure column is the measure its header names.
    useAsAreaColumn(o.plan, groups.first().column);
    const ImportResult fixed = dryRun(*m_store, o);
    QCOMPARE(fixed.errorCount, 0);
    QCOMPARE(fixed.valuesRead, 32);
    QCOMPARE(fixed.newMeasures, QStringList{QStringLiteral("import.asb_calls")});
}

void TestImportProblems::newMeasureIsWrittenWithTheBatch()
{
    Opened o = open(asbFixture);
    QVERIFY(o.reader);
    o.plan.fixedPeriodCode = QStringLiteral("2023/24");
    o.plan.newMeasures.append({QStringLiteral("ASB calls"), QStringLiteral("A safer London"), QStringLiteral("count")});
    useMeasure(o.plan, o.plan.newMeasures.first().key());
    QCOMPARE(o.plan.fixedMeasureKey, QStringLiteral("import.asb_calls"));
    QVERIFY(dryRun(*m_store, o).ok);
    QVERIFY(!hasMeasure(*m_store, QStringLiteral("import.asb_calls")));
    // A failed import (a theme the store does not have) leaves no measure either.
    ImportPlan badTheme = o.plan;
    badTheme.newMeasures.first().theme = QStringLiteral("No such theme");
    ImportOptions options;
    const ImportResult failed = Importer(*m_store).run(asbFixture, *o.reader, badTheme, options);
    QVERIFY(!failed.committed);
    QVERIFY(!hasMeasure(*m_store, QStringLiteral("import.asb_calls")));
    const ImportResult done = Importer(*m_store).run(asbFixture, *o.reader, o.plan, options);
    QVERIFY2(done.committed, qPrintable(done.issues.value(0).toString()));
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT m.unit, t.name, o.value FROM observation_flat o JOIN measure m ON m.key = o.measure_key "
                                  "JOIN theme t ON t.id = m.theme_id WHERE o.measure_key = 'import.asb_calls' "
                                  "AND o.area_code = 'E09000033' AND o.period_label = '2023/24'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("count"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("A safer London"));
    QCOMPARE(q.value(2).toDouble(), 14210.0);
    QString error;
    QVERIFY2(Importer::undo(*m_store, done.batchId, &error), qPrintable(error));
}

void TestImportProblems::skippedRowsAreCountedAndRecorded()
{
    Opened o = open(asbFixture);
    QVERIFY(o.reader);
    o.plan.fixedPeriodCode = QStringLiteral("2022/23");
    o.plan.skipRows.insert(5, QStringLiteral("Barnet's figure is being revised"));
    ImportOptions options;
    options.allowDuplicateFile = true;
    const ImportResult done = Importer(*m_store).run(asbFixture, *o.reader, o.plan, options);
    QVERIFY2(done.committed, qPrintable(done.issues.value(0).toString()));
    QCOMPARE(done.skippedRows, 1);
    QCOMPARE(done.valuesRead, 31);
    // The Total no longer adds up without Barnet: said, as a total always is.
    QCOMPARE(done.warningCount, 1);
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT description FROM import_batch WHERE id = ?"));
    q.addBindValue(done.batchId);
    QVERIFY(q.exec() && q.next());
    QVERIFY2(q.value(0).toString().contains(QStringLiteral("row 5 skipped by the officer: Barnet's figure is being revised")),
             qPrintable(q.value(0).toString()));
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM observation_flat WHERE measure_key = 'import.asb_calls' AND area_code = 'E09000003'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestImportProblems)
#include "tst_importproblems.moc"
