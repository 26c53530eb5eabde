#include "csvreader.h"

#include <QFile>
#include <QFileInfo>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

using oversight::import::Cell;
using oversight::import::CsvReader;
using oversight::import::ReaderLimits;

using Rows = QList<QStringList>;

namespace {

QByteArray utf16WithBom(const QString &text, QStringConverter::Encoding encoding)
{
    QStringEncoder encoder(encoding, QStringConverter::Flag::WriteBom);
    return encoder.encode(text);
}

QString describe(const Rows &rows)
{
    QStringList lines;
    for (const QStringList &row : rows) {
        QStringList quoted;
        for (const QString &cell : row)
            quoted << QLatin1Char('[') + QString(cell).replace(QLatin1Char('\n'), QStringLiteral("\\n"))
                                                    .replace(QLatin1Char('\r'), QStringLiteral("\\r"))
                          + QLatin1Char(']');
        lines << quoted.join(QLatin1Char(' '));
    }
    return lines.join(QStringLiteral(" | "));
}

struct ReadResult {
    bool opened = false;
    bool ok = false;
    QString error;
    Rows rows;
    QChar delimiter;
    QString encoding;
    bool kindsRight = true;   // empty text is Kind::Empty, other text Kind::Text
    bool numbersRight = true; // row numbers run 1, 2, 3, ...
};

ReadResult readFile(const QString &path, qint64 chunkBytes = 0, const ReaderLimits &limits = {})
{
    ReadResult result;
    CsvReader reader;
    reader.setLimits(limits);
    if (chunkBytes > 0)
        reader.setChunkBytes(chunkBytes);
    result.opened = reader.open(path, &result.error);
    if (!result.opened)
        return result;
    result.delimiter = reader.delimiter();
    result.encoding = CsvReader::encodingName(reader.encoding());
    result.ok = reader.readRows(0, [&](qint64 rowNumber, const QList<Cell> &cells) {
        if (rowNumber != result.rows.size() + 1)
            result.numbersRight = false;
        QStringList row;
        for (const Cell &cell : cells) {
            const Cell::Kind expected = cell.text.isEmpty() ? Cell::Kind::Empty : Cell::Kind::Text;
            if (cell.kind != expected)
                result.kindsRight = false;
            row << cell.text;
        }
        result.rows << row;
        return true;
    }, &result.error);
    return result;
}

} // namespace

class TestCsvReader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void read_data();
    void read();
    void refuse_data();
    void refuse();
    void detectDelimiter_data();
    void detectDelimiter();

    void sheetInfo();
    void missingFile();
    void limits();
    void unclosedQuoteStopsAtCellLimit();
    void streamsLargeFile();
    void cancelsThroughProgress();
    void handlerStopsEarly();
    void windows1252AfterFirstChunk();
    void nulAfterFirstChunk();
    void realMpsFile();

private:
    QString writeFixture(const QString &name, const QByteArray &content);
    QString writeGenerated(const QString &name, qint64 rows, const QByteArray &tail = {});

    QTemporaryDir m_dir;
};

void TestCsvReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestCsvReader::writeFixture(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        qFatal("cannot write fixture %s", qPrintable(path));
    return path;
}

// Rows "index,value,text" written in blocks so the test itself stays small in memory.
QString TestCsvReader::writeGenerated(const QString &name, qint64 rows, const QByteArray &tail)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write fixture %s", qPrintable(path));
    file.write("index,value,text\n");
    QByteArray block;
    for (qint64 i = 0; i < rows; ++i) {
        block += QByteArray::number(i) + ',' + QByteArray::number(i * 7 % 1000) + ".5,\"text, " + QByteArray::number(i) + "\"\n";
        if (block.size() > 64 * 1024) {
            file.write(block);
            block.clear();
        }
    }
    file.write(block);
    file.write(tail);
    return path;
}

void TestCsvReader::read_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<Rows>("expected");
    QTest::addColumn<QChar>("delimiter");
    QTest::addColumn<QString>("encoding");

    const Rows cafe = {{"Name", "Value"}, {QStringLiteral("Café"), QStringLiteral("£5 €3 ’")}};
    const QByteArray cafeUtf8 = QStringLiteral("Name,Value\nCafé,£5 €3 ’\n").toUtf8();
    QTest::newRow("UTF-8 without BOM") << cafeUtf8 << cafe << QChar(u',') << "UTF-8";
    QTest::newRow("UTF-8 with BOM") << QByteArray("\xEF\xBB\xBF") + cafeUtf8 << cafe << QChar(u',') << "UTF-8";
    QTest::newRow("UTF-16LE with BOM")
        << utf16WithBom(QStringLiteral("Name,Value\r\nCafé,£5 €3 ’\r\n"), QStringConverter::Utf16LE) << cafe
        << QChar(u',') << "UTF-16LE";
    QTest::newRow("UTF-16BE with BOM")
        << utf16WithBom(QStringLiteral("Name,Value\nCafé,£5 €3 ’\n"), QStringConverter::Utf16BE) << cafe
        << QChar(u',') << "UTF-16BE";
    QTest::newRow("UTF-16LE surrogate pair")
        << utf16WithBom(QStringLiteral("a,b\n\U0001F600,x\n"), QStringConverter::Utf16LE)
        << Rows{{"a", "b"}, {QStringLiteral("\U0001F600"), "x"}} << QChar(u',') << "UTF-16LE";
    QTest::newRow("UTF-8 four-byte character")
        << QStringLiteral("a,b\n\U0001F600,x\n").toUtf8()
        << Rows{{"a", "b"}, {QStringLiteral("\U0001F600"), "x"}} << QChar(u',') << "UTF-8";
    QTest::newRow("Windows-1252 £ € ’")
        << QByteArray("Item,Price\r\nTea,\xA3" "5\r\nCoffee,\x80" "3\r\n\x91quoted\x92,Caf\xE9\r\n")
        << Rows{{"Item", "Price"}, {"Tea", QStringLiteral("£5")}, {"Coffee", QStringLiteral("€3")},
                {QStringLiteral("‘quoted’"), QStringLiteral("Café")}}
        << QChar(u',') << "Windows-1252";

    const Rows ab12 = {{"a", "b"}, {"1", "2"}};
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n") << ab12 << QChar(u',') << "UTF-8";
    QTest::newRow("LF") << QByteArray("a,b\n1,2\n") << ab12 << QChar(u',') << "UTF-8";
    QTest::newRow("CR") << QByteArray("a,b\r1,2\r") << ab12 << QChar(u',') << "UTF-8";
    QTest::newRow("no trailing newline") << QByteArray("a,b\n1,2") << ab12 << QChar(u',') << "UTF-8";
    QTest::newRow("CRLF, no trailing newline") << QByteArray("a,b\r\n1,2") << ab12 << QChar(u',') << "UTF-8";

    QTest::newRow("quoted line breaks")
        << QByteArray("id,text\n1,\"line one\nline two\"\n2,\"x\r\ny\"\n3,\"p\rq\"\n")
        << Rows{{"id", "text"}, {"1", "line one\nline two"}, {"2", "x\r\ny"}, {"3", "p\rq"}} << QChar(u',')
        << "UTF-8";
    QTest::newRow("quoted delimiter and doubled quotes")
        << QByteArray("\"a,b\",\"He said \"\"hi\"\"\",\"\"\"\"\n")
        << Rows{{"a,b", "He said \"hi\"", "\""}} << QChar(u',') << "UTF-8";
    QTest::newRow("quoted field closes the file")
        << QByteArray("a,\"b\nc\"") << Rows{{"a", "b\nc"}} << QChar(u',') << "UTF-8";
    QTest::newRow("quoted empty field") << QByteArray("\"\",x\n") << Rows{{"", "x"}} << QChar(u',') << "UTF-8";
    QTest::newRow("quote inside unquoted field")
        << QByteArray("height,x\n5'10\",y\n") << Rows{{"height", "x"}, {"5'10\"", "y"}} << QChar(u',') << "UTF-8";
    QTest::newRow("text after closing quote")
        << QByteArray("\"abc\"def,x\n") << Rows{{"abcdef", "x"}} << QChar(u',') << "UTF-8";

    QTest::newRow("semicolon with decimal commas")
        << QByteArray("name;v1;v2\nA;1,5;2,5\nB;3,0;4,25\n")
        << Rows{{"name", "v1", "v2"}, {"A", "1,5", "2,5"}, {"B", "3,0", "4,25"}} << QChar(u';') << "UTF-8";
    QTest::newRow("tab with commas in text")
        << QByteArray("a\tb\tc\n1\tLondon, UK\t3\n")
        << Rows{{"a", "b", "c"}, {"1", "London, UK", "3"}} << QChar(u'\t') << "UTF-8";

    QTest::newRow("ragged rows")
        << QByteArray("a,b,c\n1\n1,2,3,4\n") << Rows{{"a", "b", "c"}, {"1"}, {"1", "2", "3", "4"}}
        << QChar(u',') << "UTF-8";
    QTest::newRow("empty cells; trailing empties dropped")
        << QByteArray("a,,c\n,,\nx,\n") << Rows{{"a", "", "c"}, {}, {"x"}} << QChar(u',') << "UTF-8";
    QTest::newRow("trailing delimiter at end of file")
        << QByteArray("a,b,") << Rows{{"a", "b"}} << QChar(u',') << "UTF-8";
    QTest::newRow("blank line kept as an empty row")
        << QByteArray("a\n\nb\n") << Rows{{"a"}, {}, {"b"}} << QChar(u',') << "UTF-8";
    QTest::newRow("spaces kept") << QByteArray(" a , b \n") << Rows{{" a ", " b "}} << QChar(u',') << "UTF-8";
}

// Every fixture is also read in tiny chunks so each construct lands across a chunk boundary.
void TestCsvReader::read()
{
    QFETCH(QByteArray, content);
    QFETCH(Rows, expected);
    QFETCH(QChar, delimiter);
    QFETCH(QString, encoding);

    const QString path = writeFixture(QStringLiteral("fixture.csv"), content);
    for (const qint64 chunk : {qint64(0), qint64(1), qint64(2), qint64(3), qint64(5), qint64(64)}) {
        const ReadResult result = readFile(path, chunk);
        const QByteArray context = "chunk " + QByteArray::number(chunk) + ": " + result.error.toUtf8();
        QVERIFY2(result.opened && result.ok, context.constData());
        QCOMPARE(result.delimiter, delimiter);
        QCOMPARE(result.encoding, encoding);
        QVERIFY2(result.rows == expected,
                 qPrintable(QStringLiteral("chunk %1: got %2, expected %3")
                                .arg(chunk).arg(describe(result.rows), describe(expected))));
        QVERIFY(result.kindsRight);
        QVERIFY(result.numbersRight);
    }
}

void TestCsvReader::refuse_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("refusedAtOpen");
    QTest::addColumn<QStringList>("fragments");

    QTest::newRow("empty file") << QByteArray() << true << QStringList{"is empty"};
    QTest::newRow("only a byte order mark") << QByteArray("\xEF\xBB\xBF") << true << QStringList{"is empty"};
    QTest::newRow("only line breaks") << QByteArray("\r\n\n") << true << QStringList{"is empty"};
    QTest::newRow("NUL byte") << QByteArray("a,b\n1,\0,2\n", 10) << true << QStringList{"NUL"};
    QTest::newRow("unterminated quote")
        << QByteArray("a,b\n1,2\n3,\"open\n4,5\n") << false << QStringList{"row 3", "never closed", "B3"};
    QTest::newRow("zip renamed .csv")
        << QByteArray("PK\x03\x04\x14\x00\x00\x00", 8) + QByteArray(64, 'x') << true << QStringList{"zip archive"};
    QTest::newRow("PDF renamed .csv")
        << QByteArray("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n") << true << QStringList{"PDF"};

    QByteArray noise; // binary without a single NUL byte
    quint32 seed = 12345;
    for (int i = 0; i < 4096; ++i) {
        seed = seed * 1103515245u + 12345u;
        noise += char(1 + (seed >> 16) % 255);
    }
    QTest::newRow("binary without NUL") << noise << true << QStringList{"binary"};
    QTest::newRow("UTF-8 then Windows-1252")
        << (QStringLiteral("Name,Value\nCafé,1\n").toUtf8() + "Price,\xA3" "5\n") << false
        << QStringList{"row 3", "mixes encodings"};
}

void TestCsvReader::refuse()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, refusedAtOpen);
    QFETCH(QStringList, fragments);

    const QString path = writeFixture(QStringLiteral("refused.csv"), content);
    const ReadResult result = readFile(path);
    QCOMPARE(result.opened, !refusedAtOpen);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QStringLiteral("refused.csv")), qPrintable(result.error));
    for (const QString &fragment : fragments)
        QVERIFY2(result.error.contains(fragment), qPrintable(result.error));
}

void TestCsvReader::detectDelimiter_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<QChar>("expected");

    QTest::newRow("comma") << "a,b,c\n1,2,3\n" << QChar(u',');
    QTest::newRow("semicolon") << "a;b;c\n1;2;3\n" << QChar(u';');
    QTest::newRow("tab") << "a\tb\n1\t2\n" << QChar(u'\t');
    QTest::newRow("semicolon, decimal commas") << "name;v1;v2;v3\nA;1,5;2,5;3,5\nB;3,0;4,25;1,1\n" << QChar(u';');
    QTest::newRow("tab, commas in text") << "name\tnotes\nA\tLondon, UK\nB\tLeeds, UK\n" << QChar(u'\t');
    QTest::newRow("comma, semicolons in text") << "name,notes\nA,x;y;z\nB,p;q;r\n" << QChar(u',');
    QTest::newRow("semicolons only inside quotes") << "\"a;b\",c\n\"d;e\",f\n" << QChar(u',');
    QTest::newRow("quoted line break") << "a;\"x\ny,z,w\"\nb;c\n" << QChar(u';');
    QTest::newRow("title line above the header") << "Crime figures\n\nA,B,C\n1,2,3\n4,5,6\n" << QChar(u',');
    QTest::newRow("one column") << "single\ncolumn\n" << QChar(u',');
    QTest::newRow("empty") << "" << QChar(u',');
}

void TestCsvReader::detectDelimiter()
{
    QFETCH(QString, sample);
    QFETCH(QChar, expected);
    QCOMPARE(CsvReader::detectDelimiter(sample), expected);
}

void TestCsvReader::sheetInfo()
{
    const QString path = writeFixture(QStringLiteral("borough.totals.csv"), "a,b\n1,2\n");
    CsvReader reader;
    QString error;
    QVERIFY(reader.sheets().isEmpty());
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.formatName(), QStringLiteral("CSV"));
    QCOMPARE(reader.sheets().size(), 1);
    QCOMPARE(reader.sheets().first().name, QStringLiteral("borough.totals"));
    QCOMPARE(reader.sheets().first().rowCountHint, qint64(-1));
    QVERIFY(!reader.readRows(1, [](qint64, const QList<Cell> &) { return true; }, &error));
    QVERIFY(error.contains(QStringLiteral("borough.totals.csv")));

    // Reading twice gives the same rows: readRows starts from the top each time.
    for (int pass = 0; pass < 2; ++pass) {
        qint64 rows = 0;
        QVERIFY(reader.readRows(0, [&](qint64, const QList<Cell> &) { return ++rows, true; }, &error));
        QCOMPARE(rows, qint64(2));
    }
}

void TestCsvReader::missingFile()
{
    CsvReader reader;
    QString error;
    QVERIFY(!reader.open(m_dir.filePath(QStringLiteral("absent.csv")), &error));
    QVERIFY2(error.contains(QStringLiteral("absent.csv")), qPrintable(error));
}

void TestCsvReader::limits()
{
    ReaderLimits limits;
    limits.maxColumns = 3;
    limits.maxCellTextBytes = 8;
    limits.maxRows = 3;

    // Trailing empty fields beyond the last column are harmless.
    ReadResult result = readFile(writeFixture(QStringLiteral("limits.csv"), "a,b,c,,\n1,££££,3\n"), 0, limits);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, (Rows{{"a", "b", "c"}, {"1", QStringLiteral("££££"), "3"}}));

    result = readFile(writeFixture(QStringLiteral("limits.csv"), "a,b,c\n1,2,3,4\n"), 0, limits);
    QVERIFY(!result.ok);
    for (const char *fragment : {"limits.csv", "row 2", "D2", "3 columns"})
        QVERIFY2(result.error.contains(QLatin1String(fragment)), qPrintable(result.error));

    // Eight bytes of UTF-8, not eight characters: five pound signs are ten bytes.
    result = readFile(writeFixture(QStringLiteral("limits.csv"), QStringLiteral("a,b\n1,£££££\n").toUtf8()), 0, limits);
    QVERIFY(!result.ok);
    for (const char *fragment : {"limits.csv", "row 2", "B2", "8 bytes"})
        QVERIFY2(result.error.contains(QLatin1String(fragment)), qPrintable(result.error));

    result = readFile(writeFixture(QStringLiteral("limits.csv"), "a\nb\nc\nd\n"), 0, limits);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QStringLiteral("row 4")), qPrintable(result.error));
}

// An unclosed quote must not pull the rest of a large file into memory.
void TestCsvReader::unclosedQuoteStopsAtCellLimit()
{
    const QString path = writeGenerated(QStringLiteral("unclosed.csv"), 0);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("1,\"never closed\n");
        const QByteArray line(99, 'x');
        for (int i = 0; i < 40'000; ++i) // 4 MB
            file.write(line + '\n');
    }
    qint64 lastDone = 0;
    CsvReader reader;
    reader.setProgress([&](qint64 done, qint64) { lastDone = done; return true; });
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QVERIFY(!reader.readRows(0, [](qint64, const QList<Cell> &) { return true; }, &error));
    QVERIFY2(error.contains(QStringLiteral("row 2")) && error.contains(QStringLiteral("B2")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("never closed")), qPrintable(error));
    QVERIFY(lastDone < 2 * 1024 * 1024);
}

void TestCsvReader::streamsLargeFile()
{
    constexpr qint64 dataRows = 200'000;
    const QString path = writeGenerated(QStringLiteral("large.csv"), dataRows);
    const qint64 size = QFileInfo(path).size();
    QVERIFY(size > 4 * 1024 * 1024);

    CsvReader reader;
    int progressCalls = 0;
    qint64 lastDone = -1;
    qint64 lastTotal = 0;
    reader.setProgress([&](qint64 done, qint64 total) {
        ++progressCalls;
        lastDone = done;
        lastTotal = total;
        return true;
    });
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    qint64 rows = 0;
    qint64 lastRowNumber = 0;
    QStringList lastRow;
    QVERIFY2(reader.readRows(0, [&](qint64 rowNumber, const QList<Cell> &cells) {
        ++rows;
        lastRowNumber = rowNumber;
        if (rowNumber == dataRows + 1) {
            for (const Cell &cell : cells)
                lastRow << cell.text;
        }
        return true;
    }, &error), qPrintable(error));
    QCOMPARE(rows, dataRows + 1);
    QCOMPARE(lastRowNumber, dataRows + 1);
    QCOMPARE(lastRow, (QStringList{"199999", "993.5", "text, 199999"}));
    QVERIFY(progressCalls >= 4);
    QCOMPARE(lastDone, size);
    QCOMPARE(lastTotal, size);
}

void TestCsvReader::cancelsThroughProgress()
{
    const QString path = writeGenerated(QStringLiteral("cancel.csv"), 150'000);
    CsvReader reader;
    int calls = 0;
    reader.setProgress([&](qint64, qint64) { return ++calls < 2; });
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    qint64 rows = 0;
    QVERIFY(!reader.readRows(0, [&](qint64, const QList<Cell> &) { return ++rows, true; }, &error));
    QCOMPARE(error, QStringLiteral("cancelled"));
    QCOMPARE(calls, 2);
    QVERIFY(rows > 0 && rows < 150'000);
}

void TestCsvReader::handlerStopsEarly()
{
    const QString path = writeGenerated(QStringLiteral("stop.csv"), 1000);
    CsvReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    qint64 rows = 0;
    QVERIFY2(reader.readRows(0, [&](qint64, const QList<Cell> &) { return ++rows < 10; }, &error), qPrintable(error));
    QCOMPARE(rows, qint64(10));
}

// open() sees only ASCII in its sample; the first Windows-1252 byte comes megabytes later.
void TestCsvReader::windows1252AfterFirstChunk()
{
    const QString path = writeGenerated(QStringLiteral("late1252.csv"), 100'000, "Price,\xA3" "5,\x80\n");
    QVERIFY(QFileInfo(path).size() > 2 * 1024 * 1024);
    CsvReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QStringList lastRow;
    QVERIFY2(reader.readRows(0, [&](qint64, const QList<Cell> &cells) {
        lastRow.clear();
        for (const Cell &cell : cells)
            lastRow << cell.text;
        return true;
    }, &error), qPrintable(error));
    QCOMPARE(lastRow, (QStringList{"Price", QStringLiteral("£5"), QStringLiteral("€")}));
}

void TestCsvReader::nulAfterFirstChunk()
{
    const QString path = writeGenerated(QStringLiteral("latenul.csv"), 100'000, QByteArray("x,\0y\n", 5));
    CsvReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QVERIFY(!reader.readRows(0, [](qint64, const QList<Cell> &) { return true; }, &error));
    for (const char *fragment : {"latenul.csv", "row 100002", "NUL"})
        QVERIFY2(error.contains(QLatin1String(fragment)), qPrintable(error));
}

void TestCsvReader::realMpsFile()
{
    const QString path = QStringLiteral(OVERSIGHT_SHARED_DIR)
        + QStringLiteral("/data/mps_borough_crime_historical_lookup_201004-202201_jn607.csv");
    if (!QFileInfo::exists(path))
        QSKIP(qPrintable(QStringLiteral("the shared MPS lookup file is not present at %1").arg(path)));

    CsvReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.delimiter(), QChar(u','));
    QStringList header;
    qint64 dataRows = 0;
    QVERIFY2(reader.readRows(0, [&](qint64 rowNumber, const QList<Cell> &cells) {
        if (rowNumber == 1) {
            for (const Cell &cell : cells)
                header << cell.text;
        } else {
            ++dataRows;
        }
        return true;
    }, &error), qPrintable(error));
    QCOMPARE(header.size(), 145);
    QCOMPARE(header.mid(0, 3), (QStringList{"MajorText", "MinorText", "LookUp_BoroughName"}));
    QCOMPARE(dataRows, qint64(1730));
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
