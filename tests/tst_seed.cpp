#include "disagreements.h"
#include "reporttable.h"
#include "store.h"

#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using oversight::SourceDisagreement;
using oversight::SourceStatement;
using oversight::Store;

// The default store against the report: every export-table ID against a CSV typed by hand from
// the report (tests/expected), and the MPS open data against the report's own 12-month figures.
class TestSeed : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportMatchesReport_data();
    void exportMatchesReport();
    void openDataReproducesReport_data();
    void openDataReproducesReport();
    void statedFigures_data();
    void statedFigures();
    void batchesAreSeparate();
    void lcpfPrintedTotalKept();
    void unknownTableIsRefused();
    void figuresStatedInWords_data();
    void figuresStatedInWords();
    void boundsAndApproximationsStayWords();
    void boundsStayInNotes_data();
    void boundsStayInNotes();
    void quotedWordsAreTheReports();
    void disagreementsKept_data();
    void disagreementsKept();
    void tablesNoteDisagreements_data();
    void tablesNoteDisagreements();

private:
    double flatSum(const QString &where) const;
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

void TestSeed::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("default.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestSeed::exportMatchesReport_data()
{
    QTest::addColumn<QString>("id");
    for (const QString &id : oversight::reporttables::ids())
        QTest::newRow(qPrintable(id)) << id;
}

void TestSeed::exportMatchesReport()
{
    QFETCH(QString, id);
    QString error;
    const auto table = oversight::reporttables::build(*m_store, id, &error);
    QVERIFY2(table, qPrintable(error));
    QFile expectedFile(QStringLiteral(OVERSIGHT_SOURCE_DIR "/tests/expected/%1.csv").arg(id));
    QVERIFY2(expectedFile.open(QIODevice::ReadOnly), qPrintable(expectedFile.fileName()));
    const QStringList expected = QString::fromUtf8(expectedFile.readAll()).split(QLatin1Char('\n'));
    const QStringList actual = oversight::reporttables::toCsv(*table).split(QLatin1Char('\n'));
    // Line by line, so a failure names the row that differs.
    for (qsizetype i = 0; i < std::max(expected.size(), actual.size()); ++i)
        QCOMPARE(actual.value(i), expected.value(i));
}

double TestSeed::flatSum(const QString &where) const
{
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("SELECT SUM(value) FROM observation_flat WHERE ") + where) || !q.next())
        return -1;
    return q.value(0).toDouble();
}

void TestSeed::openDataReproducesReport_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<double>("reported");
    QTest::addColumn<double>("tolerance");
    // The report's "July 2015 - June 2016" column.
    QTest::newRow("Total Burglary") << "mps.burglary." << "2015-07-01" << "2016-06-30" << 69548.0 << 0.0;
    QTest::newRow("Total Robbery") << "mps.robbery." << "2015-07-01" << "2016-06-30" << 21429.0 << 0.001;
    QTest::newRow("Total Theft Person") << "mps.theft.theft_from_person" << "2015-07-01" << "2016-06-30" << 33218.0 << 0.0;
}

void TestSeed::openDataReproducesReport()
{
    QFETCH(QString, prefix);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(double, reported);
    QFETCH(double, tolerance);
    const double sum = flatSum(QStringLiteral("measure_key LIKE '%1%' AND period_kind = 'month' AND period_start >= '%2' "
                                              "AND period_end <= '%3'").arg(prefix, from, to));
    QVERIFY2(std::abs(sum - reported) <= reported * tolerance,
             qPrintable(QStringLiteral("sum %1, report %2").arg(sum).arg(reported)));
}

void TestSeed::statedFigures_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("decimals"); // as the report states it: -1 = NULL (the open data's)
    QTest::newRow("domestic abuse Q1 2017/18") << "measure_key = 'crime.domestic_abuse' AND period_label = 'Q1 2017/18'" << 19989.0 << 0;
    QTest::newRow("sexual offences Q1 2017/18") << "measure_key = 'crime.sexual_offences' AND period_label = 'Q1 2017/18'" << 4871.0 << 0;
    QTest::newRow("racist hate crime July 2016") << "measure_key = 'hate.racist_religious' AND period_label = 'July 2016'" << 2141.0 << 0;
    QTest::newRow("racist hate crime June 2017") << "measure_key = 'hate.racist_religious' AND period_label = 'June 2017'" << 1908.0 << 0;
    QTest::newRow("officers") << "measure_key = 'workforce.officers'" << 30719.0 << 0;
    QTest::newRow("TNO 12 months to June 2017") << "measure_key = 'crime.tno' AND period_label = '12 months to June 2017'" << 790473.0 << 0;
    QTest::newRow("MPS average good job") << "measure_key = 'pas.good_job' AND breakdown IS NULL" << 68.6 << 1;
    QTest::newRow("Black fair treatment gap") << "measure_key = 'pas.fair_treatment.gap' AND breakdown = 'Ethnicity: Black'" << -11.1 << 1;
    // Stated precision, from how each figure is written: the text's rounded figures and the tables' own.
    QTest::newRow("revised budget, text £2,504m") << "measure_key = 'finance.revenue.revised_budget'" << 2504.0 << 0;
    QTest::newRow("user satisfaction, text 75%") << "measure_key = 'pas.overall_satisfaction.summary'" << 75.0 << 0;
    QTest::newRow("overall satisfaction, table 75.3%")
        << "measure_key = 'pas.overall_satisfaction' AND breakdown IS NULL" << 75.3 << 1;
    QTest::newRow("savings on track, text £66m") << "measure_key = 'finance.savings.on_track'" << 66.0 << 0;
    QTest::newRow("open data: no stated decimals")
        << "measure_key = 'mps.burglary.domestic_burglary' AND area_code = 'E09000033' AND period_label = 'June 2017'" << 166.0 << -1;
}

void TestSeed::statedFigures()
{
    QFETCH(QString, where);
    QFETCH(double, value);
    QFETCH(int, decimals);
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT value, period_start, decimals FROM observation_flat WHERE ") + where));
    QVERIFY2(q.next(), qPrintable(where));
    QCOMPARE(q.value(0).toDouble(), value);
    if (decimals < 0)
        QVERIFY(q.value(2).isNull());
    else
        QCOMPARE(q.value(2).toInt(), decimals);
    // Dates in the flat view are ISO.
    QVERIFY(QDate::fromString(q.value(1).toString(), Qt::ISODate).isValid());
    QVERIFY2(!q.next(), "one figure expected");
}

void TestSeed::batchesAreSeparate()
{
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT b.source, count(o.batch_id) FROM import_batch b LEFT JOIN observation o ON o.batch_id = b.id "
                                  "GROUP BY b.id ORDER BY b.id")));
    QVERIFY(q.next());
    QVERIFY(q.value(0).toString().contains(QStringLiteral("Quarterly Performance Update Report")));
    QVERIFY(q.next());
    QVERIFY(q.value(0).toString().contains(QStringLiteral("MPS")));
    // Every value the derived resource holds, zeros included (tools/derive_mps_crime.py counts 283,436).
    QCOMPARE(q.value(1).toInt(), 283436);
    QVERIFY(!q.next());
}

void TestSeed::lcpfPrintedTotalKept()
{
    QString error;
    const auto table = oversight::reporttables::build(*m_store, QStringLiteral("lcpf"), &error);
    QVERIFY2(table, qPrintable(error));
    QCOMPARE(table->rows.size(), 33);
    QCOMPARE(table->rows.last().cells.at(1).toDouble(), 16777584.0);
    // The boroughs as printed add up to £1 more than the printed total: said, not hidden.
    QVERIFY2(table->note.contains(QStringLiteral("16,777,585")), qPrintable(table->note));
}

void TestSeed::unknownTableIsRefused()
{
    QString error;
    QVERIFY(!oversight::reporttables::build(*m_store, QStringLiteral("budget"), &error));
    QVERIFY(error.contains(QStringLiteral("recorded-crime-12m")));
}

void TestSeed::figuresStatedInWords_data()
{
    QTest::addColumn<QString>("measure");
    QTest::addColumn<QString>("period");
    QTest::addColumn<QString>("breakdown"); // empty: the whole area
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("words"); // as printed in the source words
    QTest::newRow("earmarked reserves 2014/15") << "finance.reserves.earmarked_stated" << "2014/15" << "" << 373.0 << "gbp_m" << "£373m";
    QTest::newRow("earmarked reserves 2016/17") << "finance.reserves.earmarked_stated" << "2016/17" << "" << 194.0 << "gbp_m" << "£194m";
    QTest::newRow("earmarked reserves 2020/21") << "finance.reserves.earmarked_stated" << "2020/21" << "" << 70.0 << "gbp_m" << "£70m";
    QTest::newRow("earmarked reserves % 2014/15") << "finance.reserves.earmarked_pct_stated" << "2014/15" << "" << 15.0 << "percent" << "(15% of the net budget)";
    QTest::newRow("general reserves") << "finance.reserves.general_stated" << "Q1 2017/18" << "" << 47.0 << "gbp_m" << "£47m";
    QTest::newRow("SO running costs") << "finance.running_costs.so_forecast_underspend" << "2017/18" << "" << 5.6 << "gbp_m" << "£5.6m underspend";
    QTest::newRow("income College of Policing") << "finance.income.college_of_policing" << "2017/18" << "" << 1.6 << "gbp_m" << "£1.6m income";
    QTest::newRow("income PCSO vacancies") << "finance.income.pcso_vacancies" << "2017/18" << "" << 1.3 << "gbp_m" << "reduce income by £1.3m";
    QTest::newRow("income CJ / Traffic Unit") << "finance.income.cj_traffic_additional" << "2017/18" << "" << 3.3 << "gbp_m" << "£3.3m";
    QTest::newRow("capital Property Services") << "finance.capital.property.forecast_variance_pct" << "2017/18" << "" << -42.0 << "percent" << "-42%";
    QTest::newRow("capital NCTPHQ") << "finance.capital.nctphq.forecast_variance_pct" << "2017/18" << "" << -54.0 << "percent" << "-54%";
    QTest::newRow("capital Fleet") << "finance.capital.fleet.forecast_variance_pct" << "2017/18" << "" << -7.0 << "percent" << "-7%";
    QTest::newRow("capital receipts before") << "finance.capital.receipts_budget" << "2017/18" << "" << 71.0 << "gbp_m" << "from £71m";
    QTest::newRow("capital receipts proposed") << "finance.capital.receipts_budget_proposed" << "2017/18" << "" << 32.0 << "gbp_m" << "to £32m";
    QTest::newRow("Fleet plan 2018/19 proposed") << "finance.capital.fleet_plan_proposed" << "2018/19" << "" << 34.4 << "gbp_m" << "to £34.4m in 2018/19";
    QTest::newRow("Safer Schools Officers") << "cyp.safer_schools_officers" << "Q1 2017/18" << "" << 300.0 << "count" << "300 Safer Schools Officers";
    QTest::newRow("in-vehicle roll-out") << "mobile.invehicle_vehicles" << "Q1 2017/18" << "" << 1300.0 << "count" << "1,300 vehicles";
    QTest::newRow("knife taskforce") << "crime.knife.taskforce_officers" << "Q1 2017/18" << "" << 100.0 << "count" << "taskforce of 100 officers";
    QTest::newRow("BWV milestone") << "bwv.rollout_target_officers" << "2017-09" << "" << 22000.0 << "count" << "22,000 officers";
    QTest::newRow("stop and search arrest rate") << "stopsearch.arrest_rate_pct" << "Q1 2017/18" << "" << 20.0 << "percent" << "20 per cent";
    QTest::newRow("TNO change to March 2017") << "crime.tno.change_pct" << "R12 2017-03" << "" << 4.4 << "percent" << "4.4%";
    QTest::newRow("domestic abuse change") << "crime.domestic_abuse.change_q" << "Q1 2017/18" << "" << 976.0 << "count" << "976 more offences";
    QTest::newRow("police staff change") << "workforce.staff.change_pct" << "Q1 2017/18" << "" << -28.0 << "percent" << "by 28%";
    QTest::newRow("Online Hate Crime Hub") << "hate.online_hub_officers" << "Q1 2017/18" << "" << 4.0 << "count" << "four dedicated Met police officers";
    QTest::newRow("overtime overspend to date") << "finance.overtime.officer_overspend_ytd" << "Q1 2017/18" << "" << 9.4 << "gbp_m" << "£9.4m overspend";
}

// An exact figure the report states only in words is a value with its unit, period and words.
void TestSeed::figuresStatedInWords()
{
    QFETCH(QString, measure);
    QFETCH(QString, period);
    QFETCH(QString, breakdown);
    QFETCH(double, value);
    QFETCH(QString, unit);
    QFETCH(QString, words);
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral(
        "SELECT o.value, m.unit, o.source_ref FROM observation o JOIN measure m ON m.id = o.measure_id "
        "JOIN period p ON p.id = o.period_id JOIN area a ON a.id = o.area_id "
        "LEFT JOIN breakdown b ON b.id = o.breakdown_id "
        "WHERE m.key = ? AND p.code = ? AND a.code = 'E23000001' "
        "AND COALESCE(b.category || ': ' || b.grp, '') = ? AND (o.breakdown_id = 0) = (? = '')"));
    q.addBindValue(measure);
    q.addBindValue(period);
    q.addBindValue(breakdown);
    q.addBindValue(breakdown);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    QVERIFY2(q.next(), qPrintable(measure + QLatin1Char(' ') + period));
    QCOMPARE(q.value(0).toDouble(), value);
    QCOMPARE(q.value(1).toString(), unit);
    QVERIFY2(q.value(2).toString().contains(words), qPrintable(q.value(2).toString()));
    QVERIFY2(!q.next(), "one figure expected");
}

// A figure the report gives as a bound or an approximation ("over 3,500 arrests") is never stored as
// that number: no stored value appears in its own source words right after such a word.
void TestSeed::boundsAndApproximationsStayWords()
{
    const QLocale enGB(QLocale::English, QLocale::UnitedKingdom);
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT m.key, o.value, o.source_ref FROM observation o JOIN measure m ON m.id = o.measure_id "
                                  "WHERE o.source_ref IS NOT NULL")));
    int checked = 0;
    while (q.next()) {
        const double value = std::abs(q.value(1).toDouble());
        QStringList printed = {enGB.toString(value, 'f', value == std::floor(value) ? 0 : 1)};
        if (value == std::floor(value))
            printed.append(QString::number(value, 'f', 0));
        for (const QString &number : printed) {
            const QRegularExpression bound(QStringLiteral("\\b(over|more than|around|almost|approximately|nearly|c\\.|"
                                                          "at least|less than|just over|some)\\s+£?%1\\b")
                                               .arg(QRegularExpression::escape(number)),
                                           QRegularExpression::CaseInsensitiveOption);
            QVERIFY2(!bound.match(q.value(2).toString()).hasMatch(),
                     qPrintable(QStringLiteral("%1 = %2 is stated as a bound: %3")
                                    .arg(q.value(0).toString(), number, q.value(2).toString())));
        }
        ++checked;
    }
    QVERIFY(checked > 150);
}

// Every phrase quoted as the report's words (stated figures and disagreements) is in the report,
// character for character (spaces aside): the transcription is checked against the source text.
void TestSeed::boundsStayInNotes_data()
{
    QTest::addColumn<QString>("words");
    QTest::addColumn<double>("bound");
    // Annex A's counts that are lower bounds, not exact figures: words in a measure's notes.
    QTest::newRow("more than 500 arrests") << "more than 500 arrests" << 500.0;
    QTest::newRow("over 400 weapons") << "over 400 weapons" << 400.0;
    QTest::newRow("over 3,500 arrests") << "over 3,500 arrests" << 3500.0;
    QTest::newRow("over 67,000 ASB calls") << "over 67,000 calls" << 67000.0;
    QTest::newRow("over 2,700 charged") << "over 2,700 people" << 2700.0;
}

// A bound is kept as the report's words, and never stored as that number from those words.
void TestSeed::boundsStayInNotes()
{
    QFETCH(QString, words);
    QFETCH(double, bound);
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT count(*) FROM measure WHERE notes LIKE ?"));
    q.addBindValue(QStringLiteral("%") + words + QStringLiteral("%"));
    QVERIFY(q.exec() && q.next());
    QVERIFY2(q.value(0).toInt() >= 1, qPrintable(words));
    // (400 is a figure elsewhere, the exact "400 more officers" of the safeguarding ambition: what must
    // not exist is that number stored from these words.)
    q.prepare(QStringLiteral("SELECT count(*) FROM observation WHERE value = ? AND source_ref LIKE ?"));
    q.addBindValue(bound);
    q.addBindValue(QStringLiteral("%") + words + QStringLiteral("%"));
    QVERIFY(q.exec() && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestSeed::quotedWordsAreTheReports()
{
    QFile report(QStringLiteral(OVERSIGHT_SOURCE_DIR "/../shared/seeds/000_c169337decf28192.txt"));
    if (!report.open(QIODevice::ReadOnly))
        QSKIP("the report's text (../shared/seeds) is not beside the source tree");
    const auto squeeze = [](QString text) { return text.replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" ")); };
    const QString source = squeeze(QString::fromUtf8(report.readAll()));
    QStringList quotes;
    QSqlQuery q(m_store->database());
    QFile stated(QStringLiteral(":/seed/stated_figures.csv"));
    QVERIFY(stated.open(QIODevice::ReadOnly));
    const QString statedText = QString::fromUtf8(stated.readAll());
    QVERIFY(q.exec(QStringLiteral("SELECT source_ref FROM observation WHERE source_ref IS NOT NULL")));
    const QRegularExpression quoted(QStringLiteral("\"([^\"]+)\""));
    while (q.next()) {
        const QString ref = q.value(0).toString();
        // Only the rows of stated_figures.csv: the tables' rows quote cells, not running text.
        if (!statedText.contains(QString(ref).replace(QLatin1Char('"'), QStringLiteral("\"\""))))
            continue;
        for (auto it = quoted.globalMatch(ref); it.hasNext();) {
            const QString phrase = it.next().captured(1);
            if (!phrase.startsWith(QLatin1String("Police Officer Overtime")) && !phrase.startsWith(QLatin1String("Variance to Date"))
                && phrase != QLatin1String("9.4"))
                quotes.append(phrase);
        }
    }
    for (const SourceDisagreement &d : oversight::disagreements::all(*m_store)) {
        for (const SourceStatement &s : d.statements) {
            if (!s.words.isEmpty())
                quotes.append(s.words);
        }
    }
    QVERIFY(quotes.size() > 40);
    for (const QString &phrase : quotes)
        QVERIFY2(source.contains(squeeze(phrase)), qPrintable(phrase));
}

void TestSeed::disagreementsKept_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("printed");
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QStringList>("tables");
    QTest::addColumn<QStringList>("measures");
    QTest::newRow("overtime overspend to date") << "overtime-overspend-to-date" << QStringList{"£9.3m", "9.4", "£9.4m"}
                                                << QList<double>{9.3, 9.4, 9.4} << QStringList{"revenue", "officer-overtime"}
                                                << QStringList{"finance.overtime.officer_overspend_ytd"};
    QTest::newRow("LCPF Grand Total") << "lcpf-grand-total" << QStringList{"£16,777,584", "£16,777,585"}
                                      << QList<double>{16777584, 16777585} << QStringList{"lcpf"}
                                      << QStringList{"lcpf.allocation_total"};
    QTest::newRow("victim satisfaction lowest since") << "victim-satisfaction-lowest-since" << QStringList{"FY 2013/14", "FY 2014/15"}
                                                      << QList<double>{} << QStringList{}
                                                      << QStringList{"pas.overall_satisfaction", "pas.overall_satisfaction.summary"};
    QTest::newRow("feeling informed change") << "informed-local-change" << QStringList{"+2%", "-2%"} << QList<double>{2, -2}
                                             << QStringList{} << QStringList{"pas.informed_local"};
}

// Where the report states two values for one thing, both are kept with their places.
void TestSeed::disagreementsKept()
{
    QFETCH(QString, key);
    QFETCH(QStringList, printed);
    QFETCH(QList<double>, values);
    QFETCH(QStringList, tables);
    QFETCH(QStringList, measures);
    const auto all = oversight::disagreements::all(*m_store);
    QCOMPARE(all.size(), 4);
    const auto found = std::find_if(all.cbegin(), all.cend(), [&key](const SourceDisagreement &d) { return d.key == key; });
    QVERIFY2(found != all.cend(), qPrintable(key));
    QStringList gotPrinted;
    QList<double> gotValues;
    for (const SourceStatement &s : found->statements) {
        gotPrinted.append(s.printed);
        if (s.value)
            gotValues.append(*s.value);
        QVERIFY2(!s.place.isEmpty(), qPrintable(s.printed));
    }
    QCOMPARE(gotPrinted, printed);
    QCOMPARE(gotValues, values);
    QCOMPARE(found->tableIds, tables);
    QCOMPARE(found->measureKeys, measures);
    QVERIFY(!found->description.isEmpty());
    for (const QString &measure : measures) {
        const auto onMeasure = oversight::disagreements::forMeasure(*m_store, measure);
        QVERIFY2(std::any_of(onMeasure.cbegin(), onMeasure.cend(), [&key](const SourceDisagreement &d) { return d.key == key; }),
                 qPrintable(measure));
    }
}

void TestSeed::tablesNoteDisagreements_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("noted"); // empty: the table notes no disagreement
    QTest::newRow("revenue") << "revenue" << QStringList{"£9.3m", "9.4 (", "£9.4m", "Police overtime"};
    QTest::newRow("officer-overtime") << "officer-overtime" << QStringList{"£9.3m", "9.4 (", "£9.4m"};
    QTest::newRow("lcpf") << "lcpf" << QStringList{"£16,777,584", "£16,777,585", "Grand Total"};
    QTest::newRow("officer-pay") << "officer-pay" << QStringList{};
    QTest::newRow("staff-pay") << "staff-pay" << QStringList{};
    QTest::newRow("satisfaction-gaps") << "satisfaction-gaps" << QStringList{};
}

// Each report table showing a disputed figure says so in its note (screen, xlsx and board pack all
// print that note), once; the others say nothing of it.
void TestSeed::tablesNoteDisagreements()
{
    QFETCH(QString, id);
    QFETCH(QStringList, noted);
    QString error;
    const auto table = oversight::reporttables::build(*m_store, id, &error);
    QVERIFY2(table, qPrintable(error));
    QCOMPARE(table->note.count(QStringLiteral("Disagreement in the report")), noted.isEmpty() ? 0 : 1);
    for (const QString &text : noted)
        QVERIFY2(table->note.contains(text), qPrintable(text + QStringLiteral(" not in: ") + table->note));
    // The LCPF's own check says the same as its recorded disagreement: said once, not twice.
    QVERIFY2(table->note.count(QStringLiteral("16,777,585")) <= 1, qPrintable(table->note));
}

QTEST_GUILESS_MAIN(TestSeed)
#include "tst_seed.moc"
