// Real returns (issue 12): public spreadsheets as officers receive them import with no choices made,
// every guess said in the plan, and give the figures their publishers state. The files of
// ../shared/returns are read where they are here (skipped by name where not); small fixtures of the
// same shapes, written by the test, run everywhere.
#include "importer.h"
#include "../storesupport.h"
#include "returnlayout.h"
#include "store.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace oversight;
using namespace oversight::import;

namespace {

const QString sharedReturns = QStringLiteral(OVERSIGHT_SHARED_DIR "/returns");

// One figure a file must give: measure (by name), area (by code), period (by label), breakdown
// ("Sex: Male"; empty for the whole), value.
struct Figure {
    QString measure;
    QString area;
    QString period;
    QString breakdown;
    double value;
};

// A sum over stored figures: measure (by name), area code (empty: any), breakdown (empty: the
// whole), over every period.
struct Sum {
    QString measure;
    QString area;
    double value;
};

struct Expected {
    qint64 values = -1; // values read; -1 not checked
    qint64 rows = -1;   // rows read; -1 not checked
    QList<Figure> figures;
    QList<Sum> sums;
    QStringList noteWords; // words the plan's notes must hold
};

double figure(const Store &store, const Figure &f, int *found)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT value FROM observation_flat WHERE measure_name = ? AND area_code = ? AND period_label = ? "
                             "AND coalesce(breakdown, '') = ?"));
    q.addBindValue(f.measure);
    q.addBindValue(f.area);
    q.addBindValue(f.period);
    q.addBindValue(f.breakdown);
    *found = 0;
    double value = 0;
    if (q.exec()) {
        while (q.next()) {
            ++*found;
            value = q.value(0).toDouble();
        }
    }
    return value;
}

double sum(const Store &store, const Sum &s)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT total(value) FROM observation_flat WHERE measure_name = ? AND breakdown IS NULL "
                             "AND (? = '' OR area_code = ?)"));
    q.addBindValue(s.measure);
    q.addBindValue(s.area);
    q.addBindValue(s.area);
    return q.exec() && q.next() ? q.value(0).toDouble() : -1.0;
}

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestReturns : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void sharedFiles_data();
    void sharedFiles();
    void fixtures_data();
    void fixtures();
    void measureWords_data();
    void measureWords();

private:
    void importWithNoChoices(const QString &path, const Expected &expected);
    std::unique_ptr<Store> copyOfDefaultStore(const QString &name);
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_template;
    int m_stores = 0;
};

void TestReturns::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestReturns::cleanupTestCase()
{
    m_template.reset();
}

// A store holding the default data (the catalogue's measures, the areas), copied from one loaded once.
std::unique_ptr<Store> TestReturns::copyOfDefaultStore(const QString &name)
{
    QString error;
    if (!m_template) {
        m_template = Store::open(m_dir.filePath(QStringLiteral("template.sqlite")), &error);
        if (!m_template) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
    }
    return copyOfStore(*m_template, m_dir.filePath(name), &error);
}

// Detects the plan with no choices made, checks it (a dry run), imports it and reads the figures back.
void TestReturns::importWithNoChoices(const QString &path, const Expected &expected)
{
    auto store = copyOfDefaultStore(QStringLiteral("returns-%1.sqlite").arg(++m_stores));
    QVERIFY(store);
    QString error;
    auto reader = readerFor(path, &error);
    QVERIFY2(reader, qPrintable(error));
    QVERIFY2(reader->open(path, &error), qPrintable(error));
    const auto plan = detectPlan(*reader, QFileInfo(path).fileName(), &error);
    QVERIFY2(plan, qPrintable(error));

    ImportOptions options;
    options.dryRun = true;
    const ImportResult dry = Importer(*store).run(path, *reader, *plan, options);
    QStringList said;
    for (const ImportIssue &issue : dry.issues)
        said.append(issue.toString());
    QVERIFY2(dry.errorCount == 0 && dry.ok, qPrintable(said.join(QLatin1Char('\n'))));
    QVERIFY(!dry.committed);
    // The plan's notes and those the check adds (rows left out, records without a location).
    const QString notes = plan->notes.join(QLatin1Char('\n')) + QLatin1Char('\n') + said.join(QLatin1Char('\n'));
    for (const QString &word : expected.noteWords)
        QVERIFY2(notes.contains(word, Qt::CaseInsensitive), qPrintable(QStringLiteral("'%1' not in the plan's notes:\n%2").arg(word, notes)));

    options.dryRun = false;
    const ImportResult result = Importer(*store).run(path, *reader, *plan, options);
    QVERIFY2(result.committed, qPrintable(result.issues.value(0).toString()));
    QCOMPARE(result.errorCount, 0);
    if (expected.values >= 0)
        QCOMPARE(result.valuesRead, expected.values);
    if (expected.rows >= 0)
        QCOMPARE(result.rowsRead, expected.rows);
    for (const Figure &f : expected.figures) {
        int found = 0;
        const double value = figure(*store, f, &found);
        if (found != 1) {
            // What the store holds for the area, to say what went wrong.
            QSqlQuery q(store->database());
            q.prepare(QStringLiteral("SELECT measure_name, area_code, period_label, coalesce(breakdown, ''), value FROM observation_flat "
                                     "WHERE area_code = ? AND batch_id IS NOT NULL LIMIT 8"));
            q.addBindValue(f.area);
            q.exec();
            QStringList held;
            while (q.next())
                held.append(QStringLiteral("%1|%2|%3|%4|%5").arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                                                 q.value(3).toString(), q.value(4).toString()));
            QFAIL(qPrintable(QStringLiteral("%1, %2, %3 %4: %5 stored; the area holds %6")
                                 .arg(f.measure, f.area, f.period, f.breakdown)
                                 .arg(found)
                                 .arg(held.join(QStringLiteral("; ")))));
        }
        QVERIFY2(qAbs(value - f.value) < 1e-6,
                 qPrintable(QStringLiteral("%1, %2, %3 %4: %5, not %6").arg(f.measure, f.area, f.period, f.breakdown).arg(value).arg(f.value)));
    }
    for (const Sum &s : expected.sums)
        QCOMPARE(sum(*store, s), s.value);
}

void TestReturns::sharedFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Expected>("expected");
    QTest::newRow("MPS officer strength (no area column, measures as columns)")
        << "Police_Force_Strength.csv"
        << Expected{465, 155,
                    {{"Police officers", "E23000001", "May 2013", "", 30636}, {"PCSOs", "E23000001", "March 2026", "", 1389}},
                    {},
                    {"no area column", "Police Officer Strength"}};
    QTest::newRow("Public Attitude Survey (long, no area column)")
        << "public-perception-data.csv"
        << Expected{280, 280,
                    {{"Agree the police listen to the concerns of local people", "E23000001", "December 2014", "", 74}},
                    {},
                    {"no area column", "percent"}};
    QTest::newRow("homicide victims (records with a count column)")
        << "Homicides_2003_2023.csv"
        << Expected{-1, 2912,
                    {{"Homicide victims", "E09000007", "July 2005", "", 14}},
                    {{"Homicide victims", "", 2912}, {"Homicide victims", "E09000033", 103}},
                    {"one row per record", "Count of Victims", "Sex"}};
    QTest::newRow("GLA housing density (six value columns, a Source column)")
        << "housing-density-borough.csv"
        << Expected{11232, 1872,
                    {{"Population", "E09000001", "June 1999", "Source: ONS MYE", 6581}},
                    {},
                    {"Source", "June", "6 in all"}};
    QTest::newRow("GLA/MPS recorded offences (metadata sheet, two-row header)")
        << "met-police-recorded-offences-rates-borough.xlsx"
        << Expected{-1, -1,
                    {{"Burglary", "E09000003", "2005/06", "", 4363},
                     {"All recorded offences", "E09000003", "2016/17", "", 21549},
                     {"Robbery", "E09000003", "1999/00", "", 876}},
                    {},
                    {"two rows", "Metadata"}};
    QTest::newRow("police.uk street-level crime (records, LSOAs)")
        << "2017-12-city-of-london-street.csv"
        << Expected{-1, 651,
                    {{"Other theft", "E09000001", "December 2017", "", 156}, {"Other theft", "E01032739", "December 2017", "", 107}},
                    {{"Other theft", "E09000001", 156}},
                    {"one row per record", "Crime type"}};
    QTest::newRow("Home Office police workforce (.ods: index sheet, title, dates, change columns, forces)")
        << "police-workforce-sep19-tables.ods"
        << Expected{-1, -1,
                    {{"Police officers (FTE)", "E23000001", "September 2019", "", 30940.226789999928},
                     {"Police officers (FTE)", "E09000001", "September 2019", "", 753.2}},
                    {},
                    {"Index", "title", "not stored", "column A"}};
}

void TestReturns::sharedFiles()
{
    QFETCH(QString, file);
    QFETCH(Expected, expected);
    const QString path = sharedReturns + QLatin1Char('/') + file;
    if (!QFileInfo::exists(path))
        QSKIP("../shared/returns is not here (a user's clone has none); the fixtures cover the same shapes");
    importWithNoChoices(path, expected);
}

void TestReturns::fixtures_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<Expected>("expected");
    QTest::newRow("measures as columns, no area column")
        << "strength.csv" << QByteArray("Date,Police Officer Strength,Police Staff Strength,PCSO Strength\n"
                                        "May-13,30636,12702,2497\nJun-13,30550,12166,2487\n")
        << Expected{6, 2,
                    {{"Police officers", "E23000001", "May 2013", "", 30636}, {"Police staff", "E23000001", "June 2013", "", 12166},
                     {"PCSOs", "E23000001", "June 2013", "", 2487}},
                    {},
                    {"no area column"}};
    QTest::newRow("long, a proportion column, no area column")
        << "perception.csv" << QByteArray("date,measure,proportion\nDec-14,Feel safe walking alone after dark,72\n"
                                          "Mar-15,Feel safe walking alone after dark,73\n")
        << Expected{2, 2, {{"Feel safe walking alone after dark", "E23000001", "March 2015", "", 73}}, {}, {"percent"}};
    QTest::newRow("records with a count column and breakdowns")
        << "Homicides_2003_2023.csv"
        << QByteArray("Count of Victims,Age Group,Sex,Recorded Date,Borough\n1,25 to 34,Male,Jan-03,Camden\n"
                      "1,45 to 54,Female,Jan-03,Camden \n2,25 to 34,Male,Feb-03,Barking & Dagenham\n1,18 to 24,Male,Feb-03,Heathrow \n"
                      "1,18 to 24,Male,Feb-03,Kingston Upon Thames\n")
        << Expected{-1, 5,
                    {{"Homicide victims", "E09000007", "January 2003", "", 2},
                     {"Homicide victims", "E09000007", "January 2003", "Sex: Female", 1},
                     {"Homicide victims", "E09000002", "February 2003", "Age Group: 25 to 34", 2},
                     {"Homicide victims", "X-HEATHROW", "February 2003", "", 1},
                     {"Homicide victims", "E09000021", "February 2003", "", 1}},
                    {{"Homicide victims", "", 6}},
                    {"Count of Victims"}};
    QTest::newRow("value columns with codes, names, bare years and a source")
        << "density.csv"
        << QByteArray("Code,Name,Year,Source,Population,Inland_Area _Hectares,Population_per_hectare\n"
                      "E09000001,City of London,1999,ONS MYE,6581,290.4,22.7\n"
                      "E09000001,City of London,2011,GLA Population Projections,7400,290.4,25.5\n"
                      "E13000001,Inner London,1999,ONS MYE,2800000,31900,87.8\n"
                      "E12000007,Greater London,1999,ONS MYE,7200000,157000,45.9\n")
        << Expected{12, 4,
                    {{"Population", "E09000001", "June 1999", "Source: ONS MYE", 6581},
                     {"Population", "E09000001", "June 2011", "Source: GLA Population Projections", 7400},
                     {"Inland Area Hectares", "E09000001", "June 1999", "Source: ONS MYE", 290.4},
                     {"Population", "E13000001", "June 1999", "Source: ONS MYE", 2800000},
                     {"Population", "E12000007", "June 1999", "Source: ONS MYE", 7200000}},
                    {},
                    {"Source", "June"}};
    QTest::newRow("two-row header: groups over financial years, totals and regions")
        << "offences.csv"
        << QByteArray(",,Burglary,,Robbery,\nCode,Borough,1999-00,2000-01,1999-00,2000-01\n,,,,,\n"
                      "E09000002,Barking and Dagenham,10,11,5,6\nE09000003,Barnet,20,21,7,n/a\n"
                      "E13000002,Outer London,30,32,12,6\nE12000007,Met Police Area,30,32,12,6\n"
                      "Total,,30,32,12,6\n")
        << Expected{-1, -1,
                    {{"Burglary", "E09000003", "1999/00", "", 20},
                     {"Robbery", "E09000002", "2000/01", "", 6},
                     {"Burglary", "E13000002", "2000/01", "", 32}},
                    {},
                    {"two rows"}};
    QTest::newRow("police.uk records: force, LSOAs, no location")
        << "2017-12-city-of-london-street.csv"
        << QByteArray("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
                      "Last outcome category,Context\n"
                      ",2017-12,City of London Police,City of London Police,-0.11,51.51,On or near Star Yard,E01000914,Camden 028B,"
                      "Anti-social behaviour,,\n"
                      "a1,2017-12,City of London Police,City of London Police,-0.09,51.51,On or near Wood Street,E01032739,"
                      "City of London 001F,Other theft,Under investigation,\n"
                      "a2,2017-12,City of London Police,City of London Police,-0.09,51.51,On or near Wood Street,E01032739,"
                      "City of London 001F,Other theft,Under investigation,\n"
                      "a3,2017-12,City of London Police,City of London Police,,,No location,,,Other theft,Under investigation,\n")
        << Expected{-1, 4,
                    {{"Other theft", "E09000001", "December 2017", "", 3},
                     {"Other theft", "E01032739", "December 2017", "", 2},
                     {"Other theft", "X-NOLOCATION", "December 2017", "", 1},
                     {"Anti-social behaviour", "E01000914", "December 2017", "", 1}},
                    {},
                    {"Crime type"}};
    QTest::newRow("national table: title, unlabelled area column, change columns, forces and regions")
        << "workforce.csv"
        << QByteArray("\"Table 1: Police officers by police force area, England and Wales, 30 September 2019 (FTE)\"\n\n"
                      "England and Wales,,,,,Full-time equivalents\n,As at:,,,Change in 12 months Sep-18 to Sep-19,\n\n"
                      ",Sep-18,Mar-19,Sep-19,number,%\n"
                      "North East,5516.65,5397.67,5434.69,-81.96,-1.5\nCleveland,1223.92,1198.27,1225.89,1.97,0.2\n"
                      "London ,30869.77,31174.71,31693.43,823.66,2.7\n\"London, City of\",733.6,739.22,753.2,19.6,2.7\n"
                      "Metropolitan Police,30136.17,30435.49,30940.23,804.06,2.7\n"
                      "Total 43 forces,122406.45,123170.86,124783.97,2377.52,1.9\n")
        << Expected{6, -1,
                    {{"Police officers (FTE)", "E23000001", "September 2019", "", 30940.23},
                     {"Police officers (FTE)", "E09000001", "September 2018", "", 733.6}},
                    {},
                    {"title", "not stored", "column A", "outside London"}};
    QTest::newRow("decimal commas, d/m/yyyy dates, a proportion column")
        << "survey.csv"
        << QByteArray("Date;Borough;Measure;Proportion\r\n30/06/2017;Camden;Feel safe after dark;0,56\r\n"
                      "1/6/2017;Barnet;Feel safe after dark;0,61\r\n30/09/2017;Barnet;Feel safe after dark;[x]\r\n")
        << Expected{2, 3,
                    {{"Feel safe after dark", "E09000007", "June 2017", "", 56}, {"Feel safe after dark", "E09000003", "June 2017", "", 61}},
                    {},
                    {"decimal commas", "proportions", "percent"}};
    QTest::newRow("a borough return: titles, & and City of, numbers as text, a grand total, a notes line")
        << "asb-return.csv"
        << QByteArray("\xEF\xBB\xBF" "ASB calls by borough\r\nQuarter 1 2017/18\r\n\r\nBorough,Measure,Apr-17,May-17,Jun-17\r\n"
                      "Barking & Dagenham,ASB calls,\"1,200\",\"1,250\",\"1,300\"\r\n"
                      "City of Westminster,ASB calls,\"2,300\",\"2,350\",\"2,400\"\r\n"
                      "Total,,\"3,500\",\"3,600\",\"3,700\"\r\nNotes: figures are provisional\r\n")
        << Expected{6, 3,
                    {{"ASB calls", "E09000002", "April 2017", "", 1200}, {"ASB calls", "E09000033", "June 2017", "", 2400}},
                    {},
                    {"not imported", "a line of words alone", "grand total"}};
}

void TestReturns::fixtures()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(Expected, expected);
    const QString folder = m_dir.filePath(QStringLiteral("fixture-%1").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + QLatin1Char('/') + name;
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    importWithNoChoices(path, expected);
}

void TestReturns::measureWords_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("synonym");
    QTest::newRow("strength") << "Police Officer Strength" << "Police Officer Strength" << "count" << "police officers";
    QTest::newRow("PCSO") << "PCSO Strength" << "PCSO Strength" << "count" << "pcsos";
    QTest::newRow("staff") << "Police Staff Strength" << "Police Staff Strength" << "count" << "police staff";
    QTest::newRow("pounds") << "LCPF allocation (£)" << "LCPF allocation" << "gbp" << "";
    QTest::newRow("pounds m") << "Budget (£m)" << "Budget" << "gbp_m" << "";
    QTest::newRow("per hectare") << "Population_per_hectare" << "Population per hectare" << "ratio" << "";
    QTest::newRow("stray space") << "Inland_Area _Hectares" << "Inland Area Hectares" << "count" << "";
    QTest::newRow("proportion") << "proportion" << "proportion" << "percent" << "";
}

void TestReturns::measureWords()
{
    QFETCH(QString, header);
    QFETCH(QString, name);
    QFETCH(QString, unit);
    QFETCH(QString, synonym);
    QCOMPARE(measureNameFromHeader(header), name);
    QCOMPARE(unitFromHeader(header), unit);
    QCOMPARE(measureSynonym(measureNameFromHeader(header)), synonym);
}

QTEST_GUILESS_MAIN(TestReturns)
#include "tst_returns.moc"
