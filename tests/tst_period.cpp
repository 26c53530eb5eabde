#include "period.h"

#include <QTest>

using oversight::Period;

class TestPeriod : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void rejects_data();
    void rejects();
    void rolling12_data();
    void rolling12();
    void financialYearOfMonth_data();
    void financialYearOfMonth();
    void nextAndYearEarlier();
    void twoDigitPivot_data();
    void twoDigitPivot();
    void twoDigitPivotIsDescribed();
};

void TestPeriod::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QDate>("start");
    QTest::addColumn<QDate>("end");

    QTest::newRow("month code") << "2017-06" << "2017-06" << "June 2017" << QDate(2017, 6, 1) << QDate(2017, 6, 30);
    QTest::newRow("MPS column") << "201702" << "2017-02" << "February 2017" << QDate(2017, 2, 1) << QDate(2017, 2, 28);
    QTest::newRow("leap February") << "2016-02" << "2016-02" << "February 2016" << QDate(2016, 2, 1) << QDate(2016, 2, 29);
    QTest::newRow("Jun-17") << "Jun-17" << "2017-06" << "June 2017" << QDate(2017, 6, 1) << QDate(2017, 6, 30);
    QTest::newRow("June 2017") << "June 2017" << "2017-06" << "June 2017" << QDate(2017, 6, 1) << QDate(2017, 6, 30);
    QTest::newRow("Q1 2017/18") << "Q1 2017/18" << "Q1 2017/18" << "Q1 2017/18" << QDate(2017, 4, 1) << QDate(2017, 6, 30);
    QTest::newRow("Q2 2017/18") << "Q2 2017/18" << "Q2 2017/18" << "Q2 2017/18" << QDate(2017, 7, 1) << QDate(2017, 9, 30);
    QTest::newRow("Q3 crosses nothing") << "Q3 2017/18" << "Q3 2017/18" << "Q3 2017/18" << QDate(2017, 10, 1) << QDate(2017, 12, 31);
    QTest::newRow("Q4 is next calendar year") << "Q4 2017/18" << "Q4 2017/18" << "Q4 2017/18" << QDate(2018, 1, 1) << QDate(2018, 3, 31);
    QTest::newRow("Q1 17/18") << "Q1 17/18" << "Q1 2017/18" << "Q1 2017/18" << QDate(2017, 4, 1) << QDate(2017, 6, 30);
    QTest::newRow("Q4 2014-15") << "Q4 2014-15" << "Q4 2014/15" << "Q4 2014/15" << QDate(2015, 1, 1) << QDate(2015, 3, 31);
    QTest::newRow("FY 2017/18") << "2017/18" << "2017/18" << "2017/18" << QDate(2017, 4, 1) << QDate(2018, 3, 31);
    QTest::newRow("FY17/18") << "FY17/18" << "2017/18" << "2017/18" << QDate(2017, 4, 1) << QDate(2018, 3, 31);
    QTest::newRow("FY 1999/00") << "1999/00" << "1999/00" << "1999/00" << QDate(1999, 4, 1) << QDate(2000, 3, 31);
    // Two-digit years by the stated pivot (00–69 are 2000–2069, 70–99 are 1970–1999), never 2099.
    QTest::newRow("FY99/00 is 1999/00") << "FY99/00" << "1999/00" << "1999/00" << QDate(1999, 4, 1) << QDate(2000, 3, 31);
    QTest::newRow("Dec-99 is December 1999") << "Dec-99" << "1999-12" << "December 1999" << QDate(1999, 12, 1) << QDate(1999, 12, 31);
    QTest::newRow("Q4 99/00") << "Q4 99/00" << "Q4 1999/00" << "Q4 1999/00" << QDate(2000, 1, 1) << QDate(2000, 3, 31);
    QTest::newRow("Jan-69 is 2069") << "Jan-69" << "2069-01" << "January 2069" << QDate(2069, 1, 1) << QDate(2069, 1, 31);
    QTest::newRow("Jan-70 is 1970") << "Jan-70" << "1970-01" << "January 1970" << QDate(1970, 1, 1) << QDate(1970, 1, 31);
    QTest::newRow("Jul 99 - Jun 00") << "Jul 99 - Jun 00" << "R12 2000-06" << "12 months to June 2000" << QDate(1999, 7, 1)
                                     << QDate(2000, 6, 30);
    QTest::newRow("R12 code") << "R12 2017-06" << "R12 2017-06" << "12 months to June 2017" << QDate(2016, 7, 1) << QDate(2017, 6, 30);
    QTest::newRow("12 months to June 2017") << "12 months to June 2017" << "R12 2017-06" << "12 months to June 2017"
                                            << QDate(2016, 7, 1) << QDate(2017, 6, 30);
    // The report heads its rolling 12-month columns with the months they span.
    QTest::newRow("July 2016 - June 2017") << "July 2016 - June 2017" << "R12 2017-06" << "12 months to June 2017"
                                           << QDate(2016, 7, 1) << QDate(2017, 6, 30);
    QTest::newRow("Jul 2015 \u2013 Jun 2016") << QStringLiteral("Jul 2015 \u2013 Jun 2016") << "R12 2016-06"
                                             << "12 months to June 2016" << QDate(2015, 7, 1) << QDate(2016, 6, 30);
}

void TestPeriod::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, code);
    QFETCH(QString, label);
    QFETCH(QDate, start);
    QFETCH(QDate, end);
    const auto period = Period::parse(text);
    QVERIFY2(period.has_value(), qPrintable(text));
    QCOMPARE(period->code(), code);
    QCOMPARE(period->label(), label);
    QCOMPARE(period->start(), start);
    QCOMPARE(period->end(), end);
    // The code parses back to the same period.
    QCOMPARE(Period::parse(period->code()).value(), *period);
}

void TestPeriod::twoDigitPivot_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("pivot");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("twoDigit");
    QTest::newRow("default pivot") << "Dec-99" << oversight::TwoDigitYears::kDefaultPivot << "1999-12" << true;
    QTest::newRow("pivot 0: all 1900s") << "Dec-17" << 0 << "1917-12" << true;
    QTest::newRow("pivot 100: all 2000s") << "FY99/00" << 100 << "2099/00" << true;
    QTest::newRow("pivot 50") << "Q1 49/50" << 50 << "Q1 2049/50" << true;
    QTest::newRow("pivot 50, 50 is 1950") << "Mar-50" << 50 << "1950-03" << true;
    QTest::newRow("four digits ignore the pivot") << "December 1999" << 0 << "1999-12" << false;
    QTest::newRow("MPS column has no two-digit year") << "199912" << 0 << "1999-12" << false;
}

void TestPeriod::twoDigitPivot()
{
    QFETCH(QString, text);
    QFETCH(int, pivot);
    QFETCH(QString, code);
    QFETCH(bool, twoDigit);
    bool read = false;
    const auto period = Period::parse(text, oversight::TwoDigitYears{pivot}, &read);
    QVERIFY2(period.has_value(), qPrintable(text));
    QCOMPARE(period->code(), code);
    QCOMPARE(read, twoDigit);
}

void TestPeriod::twoDigitPivotIsDescribed()
{
    QCOMPARE(oversight::TwoDigitYears{}.describe(), QStringLiteral("00–69 are 2000–2069, 70–99 are 1970–1999"));
    QCOMPARE(oversight::TwoDigitYears{0}.describe(), QStringLiteral("00–99 are 1900–1999"));
    QCOMPARE(oversight::TwoDigitYears{100}.describe(), QStringLiteral("00–99 are 2000–2099"));
    QCOMPARE(oversight::TwoDigitYears{30}.describe(), QStringLiteral("00–29 are 2000–2029, 30–99 are 1930–1999"));
}

void TestPeriod::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("month 13") << "2017-13";
    QTest::newRow("Q5") << "Q5 2017/18";
    QTest::newRow("years not consecutive") << "2017/19";
    QTest::newRow("quarter years not consecutive") << "Q1 2017/19";
    QTest::newRow("not a month name") << "Juneteenth 2017";
    QTest::newRow("empty") << "";
    QTest::newRow("words") << "last quarter";
    QTest::newRow("a range of three months") << "April 2017 - June 2017";
    QTest::newRow("a range of thirteen months") << "June 2016 - June 2017";
}

void TestPeriod::rejects()
{
    QFETCH(QString, text);
    QVERIFY(!Period::parse(text).has_value());
}

void TestPeriod::rolling12_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<QDate>("start");
    QTest::addColumn<QString>("label");
    QTest::newRow("to June 2017") << 2017 << 6 << QDate(2016, 7, 1) << "12 months to June 2017";
    QTest::newRow("to December: one calendar year") << 2016 << 12 << QDate(2016, 1, 1) << "12 months to December 2016";
    QTest::newRow("to January crosses the year end") << 2022 << 1 << QDate(2021, 2, 1) << "12 months to January 2022";
    QTest::newRow("to March: one financial year") << 2017 << 3 << QDate(2016, 4, 1) << "12 months to March 2017";
}

void TestPeriod::rolling12()
{
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(QDate, start);
    QFETCH(QString, label);
    const Period p = Period::rolling12(year, month);
    QCOMPARE(p.start(), start);
    QCOMPARE(p.end(), QDate(year, month, 1).addMonths(1).addDays(-1));
    QCOMPARE(p.label(), label);
    QCOMPARE(p.start().daysTo(p.end().addDays(1)) >= 365, true);
}

void TestPeriod::financialYearOfMonth_data()
{
    QTest::addColumn<QString>("month");
    QTest::addColumn<QString>("year");
    QTest::newRow("April starts the year") << "2017-04" << "2017/18";
    QTest::newRow("March ends it") << "2018-03" << "2017/18";
    QTest::newRow("January belongs to the previous April") << "2018-01" << "2017/18";
    QTest::newRow("December") << "2017-12" << "2017/18";
}

void TestPeriod::financialYearOfMonth()
{
    QFETCH(QString, month);
    QFETCH(QString, year);
    QCOMPARE(Period::financialYearLabel(Period::parse(month)->financialYearStart()), year);
}

void TestPeriod::nextAndYearEarlier()
{
    QCOMPARE(Period::parse(QStringLiteral("Q4 2017/18"))->next().code(), QStringLiteral("Q1 2018/19"));
    QCOMPARE(Period::parse(QStringLiteral("2017-12"))->next().code(), QStringLiteral("2018-01"));
    QCOMPARE(Period::parse(QStringLiteral("R12 2017-06"))->yearEarlier().code(), QStringLiteral("R12 2016-06"));
    QCOMPARE(Period::parse(QStringLiteral("Q1 2017/18"))->yearEarlier().code(), QStringLiteral("Q1 2016/17"));
    QCOMPARE(Period::parse(QStringLiteral("2016-02"))->yearEarlier().end(), QDate(2015, 2, 28));
    QVERIFY(*Period::parse(QStringLiteral("2017-05")) < *Period::parse(QStringLiteral("2017-06")));
}

QTEST_GUILESS_MAIN(TestPeriod)
#include "tst_period.moc"
