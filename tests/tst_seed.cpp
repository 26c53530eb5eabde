#include "reporttable.h"
#include "store.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

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

QTEST_GUILESS_MAIN(TestSeed)
#include "tst_seed.moc"
