#include "valueparser.h"

#include <QTest>

using namespace oversight::import;

class TestValueParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void numbers_data();
    void numbers();
    void periods_data();
    void periods();
    void spreadsheetCells();
};

void TestValueParser::numbers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("status"); // 0 value, 1 missing, 2 invalid
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("percent");
    QTest::addColumn<bool>("millions");

    QTest::newRow("plain") << "790473" << 0 << 790473.0 << false << false;
    QTest::newRow("thousands") << "1,234" << 0 << 1234.0 << false << false;
    QTest::newRow("millions of units") << "16,777,584" << 0 << 16777584.0 << false << false;
    QTest::newRow("pounds") << "£640,000" << 0 << 640000.0 << false << false;
    QTest::newRow("negative £m") << "-£2.1m" << 0 << -2.1 << false << true;
    QTest::newRow("£ then minus") << "£-2.1m" << 0 << -2.1 << false << true;
    QTest::newRow("bracketed negative") << "(2.1)" << 0 << -2.1 << false << false;
    // Brackets already mean minus: a sign inside them is no figure to guess (never +5).
    QTest::newRow("(-5) is ambiguous") << "(-5)" << 2 << 0.0 << false << false;
    QTest::newRow("(+5) is ambiguous") << "(+5)" << 2 << 0.0 << false << false;
    QTest::newRow("(5) is -5") << "(5)" << 0 << -5.0 << false << false;
    QTest::newRow("percent") << "5.6%" << 0 << 5.6 << true << false;
    QTest::newRow("negative percent") << "-8%" << 0 << -8.0 << true << false;
    QTest::newRow("spaced minus") << "- 121.5" << 0 << -121.5 << false << false;
    QTest::newRow("unicode minus") << "−3.3" << 0 << -3.3 << false << false;
    QTest::newRow("plus sign") << "+41,813" << 0 << 41813.0 << false << false;
    QTest::newRow("billions to £m") << "£3.3bn" << 0 << 3300.0 << false << true;
    QTest::newRow("decimal only") << ".5" << 0 << 0.5 << false << false;
    QTest::newRow("zero") << "0" << 0 << 0.0 << false << false;
    QTest::newRow("dash") << "-" << 1 << 0.0 << false << false;
    QTest::newRow("n/a") << "n/a" << 1 << 0.0 << false << false;
    // The "no figure" marks of ONS and Home Office tables (issue 12).
    QTest::newRow("#N/A as text") << "#N/A" << 1 << 0.0 << false << false;
    QTest::newRow("[x] not available") << "[x]" << 1 << 0.0 << false << false;
    QTest::newRow("[c] confidential") << "[c]" << 1 << 0.0 << false << false;
    QTest::newRow("# suppressed") << "#" << 1 << 0.0 << false << false;
    QTest::newRow("! unreliable") << "!" << 1 << 0.0 << false << false;
    QTest::newRow("#DIV/0! is not a mark") << "#DIV/0!" << 2 << 0.0 << false << false;
    QTest::newRow("N/A") << "N/A" << 1 << 0.0 << false << false;
    QTest::newRow("blank") << "   " << 1 << 0.0 << false << false;
    QTest::newRow("dots") << ".." << 1 << 0.0 << false << false;
    QTest::newRow("words") << "about 5" << 2 << 0.0 << false << false;
    QTest::newRow("European decimal") << "1,23" << 2 << 0.0 << false << false;
    QTest::newRow("bad grouping") << "12,34,567" << 2 << 0.0 << false << false;
    QTest::newRow("two points") << "1.2.3" << 2 << 0.0 << false << false;
    QTest::newRow("over") << "over 67,000" << 2 << 0.0 << false << false;
}

void TestValueParser::numbers()
{
    QFETCH(QString, text);
    QFETCH(int, status);
    QFETCH(double, value);
    QFETCH(bool, percent);
    QFETCH(bool, millions);
    const ParsedNumber parsed = parseNumber(text);
    QCOMPARE(static_cast<int>(parsed.status), status);
    if (status == 0) {
        QCOMPARE(parsed.value, value);
        QCOMPARE(parsed.percent, percent);
        QCOMPARE(parsed.millions, millions);
    }
}

void TestValueParser::periods_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::newRow("MPS column") << "201706" << "2017-06";
    QTest::newRow("Jun-17") << "Jun-17" << "2017-06";
    QTest::newRow("June 2017") << "June 2017" << "2017-06";
    QTest::newRow("ISO month") << "2017-06" << "2017-06";
    QTest::newRow("quarter") << "Q1 2017/18" << "Q1 2017/18";
    QTest::newRow("financial year") << "2017/18" << "2017/18";
    QTest::newRow("FY") << "FY17/18" << "2017/18";
    QTest::newRow("Sep-13") << "Sep-13" << "2013-09";
    QTest::newRow("d/m/yyyy: its month") << "1/9/2019" << "2019-09";
    QTest::newRow("dd/mm/yyyy: its month") << "30/09/2019" << "2019-09";
    QTest::newRow("day month year: its month") << "30 September 2019" << "2019-09";
    QTest::newRow("not a date") << "31/02/2019" << "";
    QTest::newRow("financial year with a dash") << "1999-00" << "1999/00";
    QTest::newRow("not a period") << "Borough" << "";
}

void TestValueParser::periods()
{
    QFETCH(QString, text);
    QFETCH(QString, code);
    const auto period = parsePeriod(text);
    QCOMPARE(period ? period->code() : QString(), code);
}

void TestValueParser::spreadsheetCells()
{
    Cell number;
    number.kind = Cell::Kind::Number;
    number.number = 201706;
    QCOMPARE(parsePeriod(number)->code(), QStringLiteral("2017-06"));
    Cell serial;
    serial.kind = Cell::Kind::Number;
    serial.number = 42887; // 1 June 2017 in Excel's 1900 system
    QVERIFY(!parsePeriod(serial).has_value());
    QCOMPARE(parsePeriod(serial, true)->code(), QStringLiteral("2017-06"));
    Cell date;
    date.kind = Cell::Kind::DateTime;
    date.dateTime = QDateTime(QDate(2017, 6, 30), QTime(0, 0));
    QCOMPARE(parsePeriod(date)->code(), QStringLiteral("2017-06"));
    QCOMPARE(parseNumber(number).value, 201706.0);
    Cell boolean;
    boolean.kind = Cell::Kind::Boolean;
    QCOMPARE(parseNumber(boolean).status, ParsedNumber::Status::Invalid);
}

QTEST_GUILESS_MAIN(TestValueParser)
#include "tst_valueparser.moc"
