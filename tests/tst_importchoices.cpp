#include "cliprocess.h"
#include "xlsxfixture.h"
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// Every choice the import wizard makes, on the command line (issue 12, item 6): --sheet,
// --header-row, --layout, --column "HEADER=ROLE", --measure, --area and --period. Files that
// detection reads wrongly import the right figures only with the flags; each refusal names what was
// given and what would be valid; --dry-run prints the plan, saying which choices came from flags,
// before the problems; --save-profile keeps the choices for next quarter's file.
class TestImportChoices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void importsWithChoices_data();
    void importsWithChoices();
    void refusals_data();
    void refusals();
    void dryRunPrintsThePlanFirst();
    void savedProfileRepeatsTheChoices();
    void realReturnWithChoices();
    void severalSheetsInOneBatch_data();
    void severalSheetsInOneBatch();
    void savedProfileRepeatsTheSheets();
    void realWorkbookOfSeveralSheets();
    void sheetOfTheSameHeaderHasItsOwnMeasure();

private:
    using Result = CliResult;
    Result run(const QStringList &args);
    QString freshStore(const QString &name);
    // The figures a batch stored, one "measure_key area_code yyyy-mm value" line each, in that order.
    QStringList stored(const QString &db, qint64 batch);
    static qint64 batchOf(const Result &r);
    QString fixture(const QString &name) const;

    QTemporaryDir m_dir;
    QString m_template; // a default store made once and copied for each case
};

namespace {

// An .xlsx of two sheets: the first ("Summary") is the one detection proposes, the second
// ("By borough") the return's figures.
bool writeTwoSheetWorkbook(const QString &path)
{
    return writeXlsxFixture(path, {{QStringLiteral("Summary"),
                                    {{QStringLiteral("Quarter"), QStringLiteral("Offences"), QStringLiteral("Change")},
                                     {QStringLiteral("Q1 2017/18"), QStringLiteral("3638"), QStringLiteral("12")}}},
                                   {QStringLiteral("By borough"),
                                    {{QStringLiteral("Borough"), QStringLiteral("Month"), QStringLiteral("Offences")},
                                     {QStringLiteral("Westminster"), QStringLiteral("2017-04"), QStringLiteral("1201")},
                                     {QStringLiteral("Camden"), QStringLiteral("2017-04"), QStringLiteral("655")}}}});
}

// A borough return of Q1 2017/18 with a cover and a sheet per measure, one column per month.
bool writeBoroughReturn(const QString &path, const QStringList &months = {QStringLiteral("201704"), QStringLiteral("201705"),
                                                                           QStringLiteral("201706")},
                        int plus = 0)
{
    const auto sheet = [&](const QString &name, const QString &measure, int camden, int westminster) {
        FixtureSheet out{name, {QStringList{QStringLiteral("Borough"), QStringLiteral("Measure")} + months}};
        for (const auto &[borough, base] : {std::pair{QStringLiteral("Camden"), camden}, std::pair{QStringLiteral("Westminster"), westminster}}) {
            QStringList row{borough, measure};
            for (int m = 0; m < months.size(); ++m)
                row.append(QString::number(base + plus + m));
            out.rows.append(row);
        }
        return out;
    };
    return writeXlsxFixture(path, {{QStringLiteral("Cover"), {{QStringLiteral("Borough return")}, {QStringLiteral("Prepared by the BCU")}}},
                                   sheet(QStringLiteral("ASB"), QStringLiteral("ASB calls"), 310, 510),
                                   sheet(QStringLiteral("Burglary"), QStringLiteral("Burglary calls"), 41, 61)});
}

const QStringList boroughReturnFigures = {
    QStringLiteral("import.asb_calls E09000007 2017-04 310"),     QStringLiteral("import.asb_calls E09000007 2017-05 311"),
    QStringLiteral("import.asb_calls E09000007 2017-06 312"),     QStringLiteral("import.asb_calls E09000033 2017-04 510"),
    QStringLiteral("import.asb_calls E09000033 2017-05 511"),     QStringLiteral("import.asb_calls E09000033 2017-06 512"),
    QStringLiteral("import.burglary_calls E09000007 2017-04 41"), QStringLiteral("import.burglary_calls E09000007 2017-05 42"),
    QStringLiteral("import.burglary_calls E09000007 2017-06 43"), QStringLiteral("import.burglary_calls E09000033 2017-04 61"),
    QStringLiteral("import.burglary_calls E09000033 2017-05 62"), QStringLiteral("import.burglary_calls E09000033 2017-06 63"),
};

} // namespace

TestImportChoices::Result TestImportChoices::run(const QStringList &args)
{
    return runOversight(m_dir.path(), args);
}

QString TestImportChoices::freshStore(const QString &name)
{
    const QString path = m_dir.filePath(name + QStringLiteral(".sqlite"));
    QFile::remove(path);
    return QFile::copy(m_template, path) ? path : QString();
}

QStringList TestImportChoices::stored(const QString &db, qint64 batch)
{
    QStringList lines;
    const QString connection = QStringLiteral("stored%1").arg(batch);
    {
        QSqlDatabase sql = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        sql.setDatabaseName(db);
        sql.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (sql.open()) {
            QSqlQuery q(sql);
            q.prepare(QStringLiteral("SELECT measure_key, area_code, substr(period_start, 1, 7), value FROM observation_flat "
                                     "WHERE batch_id = ? ORDER BY measure_key, area_code, period_start"));
            q.addBindValue(batch);
            q.exec();
            while (q.next())
                lines.append(QStringLiteral("%1 %2 %3 %4").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                                              QString::number(q.value(3).toDouble(), 'g', 15)));
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return lines;
}

qint64 TestImportChoices::batchOf(const Result &r)
{
    static const QRegularExpression batch(QStringLiteral("as batch (\\d+)"));
    const QRegularExpressionMatch m = batch.match(r.out);
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

QString TestImportChoices::fixture(const QString &name) const
{
    if (name == QLatin1String("two_sheets.xlsx") || name == QLatin1String("borough_return.xlsx"))
        return m_dir.filePath(name);
    return QStringLiteral(OVERSIGHT_SOURCE_DIR "/tests/import/choices/") + name;
}

void TestImportChoices::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_template = m_dir.filePath(QStringLiteral("template.sqlite"));
    const Result r = run({QStringLiteral("--db"), m_template, QStringLiteral("init")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(writeTwoSheetWorkbook(m_dir.filePath(QStringLiteral("two_sheets.xlsx"))));
    QVERIFY(writeBoroughReturn(m_dir.filePath(QStringLiteral("borough_return.xlsx"))));
}

void TestImportChoices::importsWithChoices_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QStringList>("expected");
    const auto flags = [](std::initializer_list<const char *> list) {
        QStringList out;
        for (const char *f : list)
            out.append(QString::fromUtf8(f));
        return out;
    };
    // A title row with more labels than the header: detection takes it for the header; the file is
    // Westminster's alone and names no measure.
    const QStringList westminster = {QStringLiteral("crime.tno E09000033 2017-04 1201"), QStringLiteral("crime.tno E09000033 2017-05 1187"),
                                     QStringLiteral("crime.tno E09000033 2017-06 1250")};
    QTest::newRow("header row, area and measure by name")
        << QStringLiteral("westminster_offences.csv")
        << flags({"--header-row", "2", "--area", "westminster", "--measure", "Total notifiable offences"}) << westminster;
    QTest::newRow("header row, area by code, measure by key")
        << QStringLiteral("westminster_offences.csv") << flags({"--header-row", "2", "--area", "E09000033", "--measure", "crime.tno"})
        << westminster;
    // "Location" is no header detection knows: without the flag every row would be the MPS's.
    const QStringList byLocation = {QStringLiteral("crime.tno E09000007 2017-04 55"), QStringLiteral("crime.tno E09000007 2017-05 57"),
                                    QStringLiteral("crime.tno E09000033 2017-04 101"), QStringLiteral("crime.tno E09000033 2017-05 102")};
    QTest::newRow("a column's role mis-guessed") << QStringLiteral("offences_by_location.csv")
                                                 << flags({"--column", " location = Area ", "--measure", "crime.tno"}) << byLocation;
    QTest::newRow("records layout summing its count column")
        << QStringLiteral("offences_by_location.csv")
        << flags({"--layout", "records", "--column", "Location=area", "--measure", "crime.tno"}) << byLocation;
    // Detection proposes the first sheet; the return's figures are on the second.
    const QStringList secondSheet = {QStringLiteral("crime.tno E09000007 2017-04 655"), QStringLiteral("crime.tno E09000033 2017-04 1201")};
    QTest::newRow("sheet by name") << QStringLiteral("two_sheets.xlsx") << flags({"--sheet", "by borough", "--measure", "crime.tno"})
                                   << secondSheet;
    QTest::newRow("sheet by number") << QStringLiteral("two_sheets.xlsx") << flags({"--sheet", "2", "--measure", "crime.tno"})
                                     << secondSheet;
    // A projection to 2075 written "Mar-75": the stated pivot (70) reads it as 1975 and says so; a
    // pivot of 80 reads it as the officer means.
    QTest::newRow("two-digit years by another pivot")
        << QStringLiteral("projection_75.csv") << flags({"--two-digit-years", "80"})
        << QStringList{QStringLiteral("crime.tno E09000033 2075-03 1010"), QStringLiteral("crime.tno E09000033 2075-04 1020")};
    // A figure mistyped ("41O9"): its cell is an error and nothing is written, until the officer
    // leaves the row out with the reason; the column stays one of values, never a breakdown of records.
    QTest::newRow("a row in error skipped with its reason")
        << QStringLiteral("tno_with_a_typo.csv") << flags({"--skip-row", "3=Barnet to resend its April figure (41O9)"})
        << QStringList{QStringLiteral("crime.tno E09000007 2017-04 3201"), QStringLiteral("crime.tno E09000033 2017-04 5150")};
    // Whole numbers above 100 going into a % measure: nothing is written until the officer, having
    // checked them, confirms them, by the measure's key or name.
    const QStringList nuisance = {QStringLiteral("asb.nuisance_pct E09000007 2017-04 320"),
                                  QStringLiteral("asb.nuisance_pct E09000033 2017-04 515")};
    QTest::newRow("units confirmed by key") << QStringLiteral("asb_nuisance_calls.csv") << flags({"--confirm-unit", "asb.nuisance_pct"})
                                            << nuisance;
    QTest::newRow("units confirmed by name")
        << QStringLiteral("asb_nuisance_calls.csv") << flags({"--confirm-unit", "ASB calls classed as nuisance"}) << nuisance;
}

// Each file stores exactly the figures it holds only with the flags; without them, it does not.
void TestImportChoices::importsWithChoices()
{
    QFETCH(QString, file);
    QFETCH(QStringList, flags);
    QFETCH(QStringList, expected);
    const QString db = freshStore(QStringLiteral("choices"));
    QVERIFY(!db.isEmpty());
    const Result detected = run({QStringLiteral("--db"), db, QStringLiteral("import"), fixture(file)});
    if (detected.exitCode == 0) {
        QVERIFY2(stored(db, batchOf(detected)) != expected, qPrintable(detected.out));
        // The file read wrongly is taken out again, so the same file can be imported as chosen.
        const Result undone = run({QStringLiteral("--db"), db, QStringLiteral("undo-import"), QString::number(batchOf(detected))});
        QVERIFY2(undone.exitCode == 0, qPrintable(undone.out + undone.err));
    }
    const Result chosen = run(QStringList{QStringLiteral("--db"), db, QStringLiteral("import"), fixture(file)} + flags);
    QVERIFY2(chosen.exitCode == 0, qPrintable(chosen.out + chosen.err));
    QCOMPARE(stored(db, batchOf(chosen)), expected);
}

void TestImportChoices::refusals_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QStringList>("says");
    const auto list = [](std::initializer_list<const char *> items) {
        QStringList out;
        for (const char *i : items)
            out.append(QString::fromUtf8(i));
        return out;
    };
    const QString location = QStringLiteral("offences_by_location.csv");
    QTest::newRow("unknown sheet") << QStringLiteral("two_sheets.xlsx") << list({"--sheet", "Data"})
                                   << list({"two_sheets.xlsx: --sheet 'Data'", "two_sheets.xlsx has no such sheet", "1 'Summary', 2 'By borough'"});
    QTest::newRow("sheet number past the last") << QStringLiteral("two_sheets.xlsx") << list({"--sheet", "3"})
                                                << list({"--sheet '3'", "1 'Summary', 2 'By borough'"});
    QTest::newRow("header row beyond the sheet") << location << list({"--header-row", "40"})
                                                 << list({"offences_by_location.csv: --header-row 40", "sheet 'offences_by_location' of offences_by_location.csv has 5 rows"});
    QTest::newRow("header row not a number") << location << list({"--header-row", "second"}) << list({"--header-row", "'second'"});
    QTest::newRow("pivot past 100") << location << list({"--two-digit-years", "150"})
                                    << list({"--two-digit-years takes a pivot from 0 to 100", "'150'"});
    QTest::newRow("pivot without import") << QString() << list({"list", "tables", "--two-digit-years", "50"})
                                          << list({"--two-digit-years,", "go with import"});
    QTest::newRow("unknown layout") << location << list({"--layout", "tall"})
                                    << list({"--layout 'tall' is not a layout", "wide (one column per period)", "long (one value per row)",
                                             "report (", "records ("});
    QTest::newRow("column header not in the header row")
        << location << list({"--column", "Borough=area"})
        << list({"offences_by_location.csv: ", "--column \"Borough=area\"", "row 1 of sheet 'offences_by_location' has no header 'Borough'",
                 "'Location', 'Month', 'Offences'"});
    QTest::newRow("unknown column role") << location << list({"--column", "Location=place"})
                                         << list({"'place' is not a column role", "area: Area (borough or other area name)",
                                                  "area_code: Area code (ONS)", "ignore: Nothing to import"});
    QTest::newRow("column without a role") << location << list({"--column", "Location"}) << list({"\"HEADER=ROLE\"", "'Location'"});
    QTest::newRow("measure not in the catalogue")
        << location << list({"--measure", "Burglery"})
        << list({"offences_by_location.csv: ", "--measure 'Burglery' is not in the catalogue", "Total burglary (crime.burglary)", "oversight list measures",
                 "--column \"HEADER=measure\""});
    QTest::newRow("measure beside a measure column")
        << location << list({"--column", "Location=measure", "--measure", "crime.tno"})
        << list({"offences_by_location.csv: ", "column A 'Location' names each row's measure", "--column \"Location=ignore\""});
    QTest::newRow("area not in the store") << location << list({"--area", "Westmnster"})
                                           << list({"offences_by_location.csv: ", "--area 'Westmnster' is not an area", "Westminster (E09000033)"});
    QTest::newRow("area beside an area column")
        << location << list({"--column", "Location=area", "--area", "Camden"})
        << list({"offences_by_location.csv: ", "column A 'Location' gives each row's area", "--column \"Location=ignore\""});
    QTest::newRow("period not a period") << location << list({"--period", "Smarch 2017"})
                                         << list({"--period 'Smarch 2017' is not a period", "Q2 2017/18"});
    QTest::newRow("period beside a period column") << location << list({"--period", "2017/18"})
                                                   << list({"offences_by_location.csv: ", "column B 'Month' gives each value's period"});
    // Several sheets: the one sheet's choices are refused, and so is a sheet named twice or beside all.
    const QString boroughReturn = QStringLiteral("borough_return.xlsx");
    QTest::newRow("header row with several sheets")
        << boroughReturn << list({"--sheet", "all", "--header-row", "2"})
        << list({"borough_return.xlsx: --header-row describes one sheet, and 2 sheets are chosen ('ASB', 'Burglary')"});
    QTest::newRow("a column's role with several sheets")
        << boroughReturn << list({"--sheet", "ASB", "--sheet", "Burglary", "--column", "Borough=area"})
        << list({"--column describes one sheet", "2 sheets are chosen"});
    QTest::newRow("all beside a sheet named") << boroughReturn << list({"--sheet", "all", "--sheet", "ASB"})
                                              << list({"--sheet all takes every data sheet; it goes alone"});
    QTest::newRow("a sheet named twice") << boroughReturn << list({"--sheet", "ASB", "--sheet", "2"})
                                         << list({"--sheet '2': sheet 'ASB' is named twice"});
    QTest::newRow("one of several sheets unknown") << boroughReturn << list({"--sheet", "ASB", "--sheet", "Robbery"})
                                                   << list({"--sheet 'Robbery'", "no such sheet", "or all", "1 'Cover', 2 'ASB', 3 'Burglary'"});
    QTest::newRow("skip-row without a reason") << location << list({"--skip-row", "3"}) << list({"\"N=REASON\"", "'3'"});
    QTest::newRow("skip-row of the header") << location << list({"--skip-row", "1=the header"})
                                            << list({"row 1 is at or above the header"});
    QTest::newRow("skip-row with several sheets") << boroughReturn << list({"--sheet", "all", "--skip-row", "3=a note"})
                                                  << list({"--skip-row describes one sheet", "'ASB'"});
    QTest::newRow("confirm-unit without import") << QString() << list({"list", "tables", "--confirm-unit", "asb.nuisance_pct"})
                                                 << list({"--confirm-unit", "go with import"});
    QTest::newRow("sheet without import") << QString() << list({"list", "tables", "--sheet", "1"}) << list({"--sheet", "go with import"});
    QTest::newRow("area without export-chart or import")
        << QString() << list({"list", "tables", "--area", "E09000033"}) << list({"--area goes with export-chart", "import"});
}

// Each refusal exits 2 (usage), names what was given and what would be valid (and the file, where
// the choice was refused for what the file holds), and writes nothing.
void TestImportChoices::refusals()
{
    QFETCH(QString, file);
    QFETCH(QStringList, flags);
    QFETCH(QStringList, says);
    const QString db = freshStore(QStringLiteral("refusals"));
    QVERIFY(!db.isEmpty());
    const Result before = run({QStringLiteral("--db"), db, QStringLiteral("list"), QStringLiteral("batches")});
    QStringList args{QStringLiteral("--db"), db};
    if (!file.isEmpty())
        args << QStringLiteral("import") << fixture(file);
    const Result r = run(args + flags);
    QCOMPARE(r.exitCode, 2);
    for (const QString &words : says)
        QVERIFY2(r.err.contains(words), qPrintable(QStringLiteral("'%1' not in: %2").arg(words, r.err)));
    const Result after = run({QStringLiteral("--db"), db, QStringLiteral("list"), QStringLiteral("batches")});
    QCOMPARE(after.out, before.out);
}

// --dry-run prints the plan first, each choice marked with its flag and detection's notes that a
// choice made untrue left out, then the problems; nothing is written.
void TestImportChoices::dryRunPrintsThePlanFirst()
{
    const QString db = freshStore(QStringLiteral("dryrun"));
    const Result r = run({QStringLiteral("--db"), db, QStringLiteral("import"), fixture(QStringLiteral("westminster_offences.csv")),
                          QStringLiteral("--dry-run"), QStringLiteral("--header-row"), QStringLiteral("2"), QStringLiteral("--area"),
                          QStringLiteral("Westminster"), QStringLiteral("--measure"), QStringLiteral("crime.tno")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0), QStringLiteral("westminster_offences.csv: plan: sheet 'westminster_offences', header row 2 (from --header-row), "
                                            "long layout"));
    for (const QString &line : {QStringLiteral("westminster_offences.csv:   column A 'Month': period"),
                                QStringLiteral("westminster_offences.csv:   column B 'Offences': value"),
                                QStringLiteral("westminster_offences.csv:   every value's area: E09000033, Westminster (from --area)"),
                                QStringLiteral("westminster_offences.csv:   every value's measure: crime.tno, Total notifiable offences (from --measure)"),
                                QStringLiteral("westminster_offences.csv:westminster_offences: note: rows above row 2 (titles, blanks) are not imported"),
                                QStringLiteral("Dry run: nothing was written.")})
        QVERIFY2(lines.contains(line), qPrintable(QStringLiteral("'%1' not in:\n%2").arg(line, r.out)));
    QVERIFY2(!r.out.contains(QStringLiteral("no area column")), qPrintable(r.out));

    // The problems come after the whole plan.
    const Result problems = run({QStringLiteral("--db"), db, QStringLiteral("import"), fixture(QStringLiteral("offences_by_location.csv")),
                                 QStringLiteral("--dry-run"), QStringLiteral("--column"), QStringLiteral("Location=area")});
    QCOMPARE(problems.exitCode, 1);
    const QStringList out = problems.out.split(QLatin1Char('\n'));
    const qsizetype chosen = out.indexOf(QStringLiteral("offences_by_location.csv:   column A 'Location': area (from --column)"));
    const qsizetype error = out.indexOf(
        QStringLiteral("offences_by_location.csv:offences_by_location: error: no measure column and no measure chosen for the whole file"));
    QVERIFY2(chosen > 0 && error > chosen, qPrintable(problems.out));
    QVERIFY2(!problems.out.contains(QStringLiteral("no area column")), qPrintable(problems.out));

    // A records file read as long is no longer counted: the plan says nothing of counting records.
    const Result records = run({QStringLiteral("--db"), db, QStringLiteral("import"), fixture(QStringLiteral("victims.csv")),
                                QStringLiteral("--dry-run"), QStringLiteral("--layout"), QStringLiteral("long")});
    QVERIFY2(records.out.startsWith(QStringLiteral("victims.csv: plan: sheet 'victims', header row 1, long layout (from --layout)\n")),
             qPrintable(records.out));
    QVERIFY2(!records.out.contains(QStringLiteral("records counted")) && !records.out.contains(QStringLiteral("one row per record")),
             qPrintable(records.out));
    QCOMPARE(run({QStringLiteral("--db"), db, QStringLiteral("list"), QStringLiteral("batches")}).out.count(QLatin1Char('\n')),
             run({QStringLiteral("--db"), m_template, QStringLiteral("list"), QStringLiteral("batches")}).out.count(QLatin1Char('\n')));
}

// The flags' choices saved as a profile repeat next quarter: a file of the same header is matched to
// it with no flags; one whose header detection would misplace takes it by --profile.
void TestImportChoices::savedProfileRepeatsTheChoices()
{
    const QString db = freshStore(QStringLiteral("profile"));
    const Result saved = run({QStringLiteral("--db"), db, QStringLiteral("import"), fixture(QStringLiteral("offences_by_location.csv")),
                              QStringLiteral("--column"), QStringLiteral("Location=area"), QStringLiteral("--measure"),
                              QStringLiteral("crime.tno"), QStringLiteral("--save-profile"), QStringLiteral("offences by location")});
    QVERIFY2(saved.exitCode == 0 && saved.out.contains(QStringLiteral("Saved the import profile")), qPrintable(saved.out + saved.err));
    const QString next = m_dir.filePath(QStringLiteral("offences_by_location_Q2.csv"));
    QFile file(next);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Location,Month,Offences\nWestminster,2017-07,111\nCamden,2017-07,66\n");
    file.close();
    const Result matched = run({QStringLiteral("--db"), db, QStringLiteral("import"), next});
    QVERIFY2(matched.exitCode == 0, qPrintable(matched.out + matched.err));
    QCOMPARE(stored(db, batchOf(matched)),
             (QStringList{QStringLiteral("crime.tno E09000007 2017-07 66"), QStringLiteral("crime.tno E09000033 2017-07 111")}));

    const Result westminster = run({QStringLiteral("--db"), db, QStringLiteral("import"), fixture(QStringLiteral("westminster_offences.csv")),
                                    QStringLiteral("--header-row"), QStringLiteral("2"), QStringLiteral("--area"), QStringLiteral("Westminster"),
                                    QStringLiteral("--measure"), QStringLiteral("crime.tno"), QStringLiteral("--save-profile"),
                                    QStringLiteral("westminster"), QStringLiteral("--replace")});
    QVERIFY2(westminster.exitCode == 0, qPrintable(westminster.out + westminster.err));
    const QString nextWestminster = m_dir.filePath(QStringLiteral("westminster_offences_Q2.csv"));
    QFile second(nextWestminster);
    QVERIFY(second.open(QIODevice::WriteOnly));
    second.write("Recorded offences in Westminster by month,Source: MPS CRIS extract,Prepared by the BCU performance team,Provisional\n"
                 "Month,Offences,Notes\n2017-08,1301,\n");
    second.close();
    const Result byProfile = run({QStringLiteral("--db"), db, QStringLiteral("import"), nextWestminster, QStringLiteral("--profile"),
                                  QStringLiteral("westminster")});
    QVERIFY2(byProfile.exitCode == 0, qPrintable(byProfile.out + byProfile.err));
    QCOMPARE(stored(db, batchOf(byProfile)), QStringList{QStringLiteral("crime.tno E09000033 2017-08 1301")});
}

// A real return with a flag: the MPS's strength file, officers only.
void TestImportChoices::realReturnWithChoices()
{
    const QString path = QStringLiteral(OVERSIGHT_SHARED_DIR "/returns/Police_Force_Strength.csv");
    if (!QFile::exists(path))
        QSKIP("../shared/returns/Police_Force_Strength.csv is absent (the shared real returns are not in this checkout)");
    const QString db = freshStore(QStringLiteral("real"));
    const Result r = run({QStringLiteral("--db"), db, QStringLiteral("import"), path, QStringLiteral("--column"),
                          QStringLiteral("Police Staff Strength=ignore"), QStringLiteral("--column"), QStringLiteral("pcso strength=Nothing to import")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QStringList figures = stored(db, batchOf(r));
    QCOMPARE(figures.size(), 155); // May 2013 - March 2026, the README's 465 values over three measures
    const QString key = figures.value(0).section(QLatin1Char(' '), 0, 0);
    QCOMPARE(figures.filter(QRegularExpression(QStringLiteral("^%1 ").arg(QRegularExpression::escape(key)))).size(), 155);
    QVERIFY2(figures.contains(key + QStringLiteral(" E23000001 2013-05 30636")), qPrintable(figures.mid(0, 3).join(QLatin1Char('\n'))));
}

// Issue 12, item 1: several sheets of one workbook as one batch. --dry-run prints each sheet's plan
// in turn, in the order they are read; the import stores exactly both sheets' figures in one batch,
// and undoing that batch takes them all out. --sheet all leaves the cover out and says so.
void TestImportChoices::severalSheetsInOneBatch_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QStringList>("plans"); // each sheet's plan line, in the order printed
    const QString asb = QStringLiteral("borough_return.xlsx: plan: sheet 'ASB' (from --sheet), header row 1, wide layout");
    const QString burglary = QStringLiteral("borough_return.xlsx: plan: sheet 'Burglary' (from --sheet), header row 1, wide layout");
    QTest::newRow("all: every data sheet, not the cover") << QStringList{QStringLiteral("--sheet"), QStringLiteral("all")}
                                                          << QStringList{asb, burglary};
    QTest::newRow("by name, in the order given")
        << QStringList{QStringLiteral("--sheet"), QStringLiteral("burglary"), QStringLiteral("--sheet"), QStringLiteral("ASB")}
        << QStringList{burglary, asb};
    QTest::newRow("by number") << QStringList{QStringLiteral("--sheet"), QStringLiteral("2"), QStringLiteral("--sheet"), QStringLiteral("3")}
                               << QStringList{asb, burglary};
}

void TestImportChoices::severalSheetsInOneBatch()
{
    QFETCH(QStringList, flags);
    QFETCH(QStringList, plans);
    const QString db = freshStore(QStringLiteral("sheets"));
    QVERIFY(!db.isEmpty());
    const QStringList import = {QStringLiteral("--db"), db, QStringLiteral("import"), fixture(QStringLiteral("borough_return.xlsx"))};
    const Result dry = run(import + flags + QStringList{QStringLiteral("--dry-run")});
    QVERIFY2(dry.exitCode == 0, qPrintable(dry.out + dry.err));
    const QStringList lines = dry.out.split(QLatin1Char('\n'));
    QCOMPARE(lines.filter(QStringLiteral(": plan: sheet ")), plans);
    // Each plan is followed by its own columns before the next begins.
    QCOMPARE(lines.value(lines.indexOf(plans.first()) + 2), QStringLiteral("borough_return.xlsx:   column B 'Measure': measure"));
    QVERIFY2(!dry.out.contains(QStringLiteral("plan: sheet 'Cover'")), qPrintable(dry.out));
    if (flags.contains(QStringLiteral("all")))
        QVERIFY2(lines.contains(QStringLiteral("borough_return.xlsx:ASB: note: sheet 'Cover' describes the workbook and is not imported")),
                 qPrintable(dry.out));
    QVERIFY2(lines.contains(QStringLiteral("Dry run: nothing was written.")), qPrintable(dry.out));

    const Result imported = run(import + flags);
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.out + imported.err));
    QVERIFY2(imported.out.contains(QStringLiteral("Imported borough_return.xlsx (2 sheets: ")), qPrintable(imported.out));
    const qint64 batch = batchOf(imported);
    QCOMPARE(stored(db, batch), boroughReturnFigures);
    const Result undone = run({QStringLiteral("--db"), db, QStringLiteral("undo-import"), QString::number(batch)});
    QVERIFY2(undone.exitCode == 0 && undone.out.contains(QStringLiteral("12 figures")), qPrintable(undone.out + undone.err));
    QVERIFY(stored(db, batch).isEmpty());
}

// A profile saved from a several-sheet import repeats it next quarter, every sheet in one batch.
void TestImportChoices::savedProfileRepeatsTheSheets()
{
    const QString db = freshStore(QStringLiteral("sheets-profile"));
    const Result saved = run({QStringLiteral("--db"), db, QStringLiteral("import"), fixture(QStringLiteral("borough_return.xlsx")),
                              QStringLiteral("--sheet"), QStringLiteral("all"), QStringLiteral("--save-profile"), QStringLiteral("borough return")});
    QVERIFY2(saved.exitCode == 0 && saved.out.contains(QStringLiteral("Saved the import profile 'borough return'")),
             qPrintable(saved.out + saved.err));
    const QString next = m_dir.filePath(QStringLiteral("borough_return_Q2.xlsx"));
    QVERIFY(writeBoroughReturn(next, {QStringLiteral("201707"), QStringLiteral("201708"), QStringLiteral("201709")}, 5));
    const Result repeated = run({QStringLiteral("--db"), db, QStringLiteral("import"), next, QStringLiteral("--profile"),
                                 QStringLiteral("borough return")});
    QVERIFY2(repeated.exitCode == 0, qPrintable(repeated.out + repeated.err));
    QCOMPARE(stored(db, batchOf(repeated)),
             (QStringList{QStringLiteral("import.asb_calls E09000007 2017-07 315"), QStringLiteral("import.asb_calls E09000007 2017-08 316"),
                          QStringLiteral("import.asb_calls E09000007 2017-09 317"), QStringLiteral("import.asb_calls E09000033 2017-07 515"),
                          QStringLiteral("import.asb_calls E09000033 2017-08 516"), QStringLiteral("import.asb_calls E09000033 2017-09 517"),
                          QStringLiteral("import.burglary_calls E09000007 2017-07 46"), QStringLiteral("import.burglary_calls E09000007 2017-08 47"),
                          QStringLiteral("import.burglary_calls E09000007 2017-09 48"), QStringLiteral("import.burglary_calls E09000033 2017-07 66"),
                          QStringLiteral("import.burglary_calls E09000033 2017-08 67"), QStringLiteral("import.burglary_calls E09000033 2017-09 68")}));
}

// The Home Office workforce tables: an index and 13 tables. --sheet all plans every table and
// refuses, writing nothing, while three of them lack what an import needs; four tables named
// import as one batch, Table 1 giving the README's figure.
void TestImportChoices::realWorkbookOfSeveralSheets()
{
    const QString path = QStringLiteral(OVERSIGHT_SHARED_DIR "/returns/police-workforce-sep19-tables.ods");
    if (!QFile::exists(path))
        QSKIP("../shared/returns/police-workforce-sep19-tables.ods is absent (the shared real returns are not in this checkout)");
    const QString db = freshStore(QStringLiteral("workforce"));
    const Result all = run({QStringLiteral("--db"), db, QStringLiteral("import"), path, QStringLiteral("--sheet"), QStringLiteral("all"),
                            QStringLiteral("--dry-run")});
    QCOMPARE(all.exitCode, 1);
    QCOMPARE(all.out.count(QStringLiteral(": plan: sheet 'Table_")), 13);
    // Table 6 is England and Wales by date, its dates in a column with no header: not read as data.
    QVERIFY2(all.out.contains(QStringLiteral("police-workforce-sep19-tables.ods:Table_6: error: no period column")), qPrintable(all.out));
    QVERIFY2(!all.out.contains(QStringLiteral("Table_3: error")), qPrintable(all.out));
    QVERIFY2(!all.out.contains(QStringLiteral("plan: sheet 'Index'")), qPrintable(all.out));

    const Result four = run({QStringLiteral("--db"), db, QStringLiteral("import"), path, QStringLiteral("--sheet"), QStringLiteral("Table_1"),
                             QStringLiteral("--sheet"), QStringLiteral("Table_5"), QStringLiteral("--sheet"), QStringLiteral("Table_7"),
                             QStringLiteral("--sheet"), QStringLiteral("Table_11")});
    QVERIFY2(four.exitCode == 0, qPrintable(four.out + four.err));
    const QStringList figures = stored(db, batchOf(four));
    QCOMPARE(figures.filter(QStringLiteral(" E23000001 ")).size(), 10); // 3 + 3 + 2 + 2 dates of the MPS
    // The cell holds 30,940.22679 (the README's 30,940.2 as published).
    const QStringList officers = figures.filter(QStringLiteral("import.police_officers_fte E23000001 2019-09 "));
    QCOMPARE(officers.size(), 1);
    QVERIFY2(qAbs(officers.first().section(QLatin1Char(' '), 3).toDouble() - 30940.22679) < 1e-6, qPrintable(officers.first()));

    // Table 3 has Table 1's header word for word: its figures are designated officers, as its own
    // title says (713.69212 for the MPS in September 2019), never police officers; its footnotes,
    // merged across the table, are notes, not areas.
    const QString designatedDb = freshStore(QStringLiteral("designated"));
    const Result designated =
        run({QStringLiteral("--db"), designatedDb, QStringLiteral("import"), path, QStringLiteral("--sheet"), QStringLiteral("Table_3")});
    QVERIFY2(designated.exitCode == 0, qPrintable(designated.out + designated.err));
    QVERIFY2(designated.out.contains(QStringLiteral("names the measure 'Designated officers (s.38, s.391) (FTE)'")), qPrintable(designated.out));
    QCOMPARE(designated.out.count(QStringLiteral("a line of words alone")), 4);
    const QStringList designatedFigures = stored(designatedDb, batchOf(designated));
    QCOMPARE(designatedFigures.filter(QStringLiteral("police_officers")).size(), 0);
    QVERIFY2(designatedFigures.contains(QStringLiteral("import.designated_officers_s_38_s_391_fte E23000001 2019-09 713.69212")),
             qPrintable(designatedFigures.join(QLatin1Char('\n'))));
}

// Two tables of one workbook with the same header word for word, told apart by their titles (the Home
// Office's tables): the sheet chosen is read with its own title's measure, never the one detection
// proposed for the first sheet; a force with no figures ("Cleveland .. .. ..") is a row, not the header.
void TestImportChoices::sheetOfTheSameHeaderHasItsOwnMeasure()
{
    const QString path = m_dir.filePath(QStringLiteral("tables.xlsx"));
    const QStringList header = {QString(), QStringLiteral("Sep-18"), QStringLiteral("Mar-19"), QStringLiteral("Sep-19")};
    const auto table = [&](const QString &name, const QString &title, const QString &met) {
        return FixtureSheet{name,
                            {{title},
                             {},
                             header,
                             {QStringLiteral("Cleveland"), QStringLiteral(".."), QStringLiteral(".."), QStringLiteral("..")},
                             {QStringLiteral("Metropolitan Police"), met, met, met}}};
    };
    QVERIFY(writeXlsxFixture(path, {table(QStringLiteral("Table_1"), QStringLiteral("Table 1: Police officers by police force area (FTE)"),
                                          QStringLiteral("30940")),
                                    table(QStringLiteral("Table_3"),
                                          QStringLiteral("Table 3: Designated officers (s.38, s.39) by police force area (FTE)"),
                                          QStringLiteral("714"))}));
    const QString db = freshStore(QStringLiteral("sametitles"));
    const Result r = run({QStringLiteral("--db"), db, QStringLiteral("import"), path, QStringLiteral("--sheet"), QStringLiteral("Table_3")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("rows above row 3 (titles, blanks) are not imported")), qPrintable(r.out));
    QCOMPARE(stored(db, batchOf(r)), (QStringList{QStringLiteral("import.designated_officers_s_38_s_39_fte E23000001 2018-09 714"),
                                                  QStringLiteral("import.designated_officers_s_38_s_39_fte E23000001 2019-03 714"),
                                                  QStringLiteral("import.designated_officers_s_38_s_39_fte E23000001 2019-09 714")}));
}

QTEST_GUILESS_MAIN(TestImportChoices)
#include "tst_importchoices.moc"
