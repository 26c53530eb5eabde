#include "csv.h"
#include "reader.h"
#include "reporttable.h"
#include "seriesmodel.h"
#include "store.h"
#include "tableexport.h"
#include "xlsxwriterlibrary.h"
#include "zipsource.h"

#include <QFile>
#include <QHash>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <dlfcn.h>

#include <cmath>

using namespace oversight;
using import::Cell;

namespace {

// A workbook read back through the project's own reader (readerFor: chosen by content).
struct ReadBack {
    QString error;
    QString formatName;
    QStringList sheetNames;
    QMap<qint64, QList<Cell>> rows; // first sheet, by 1-based row number
};

ReadBack readBack(const QString &path)
{
    ReadBack result;
    auto reader = import::readerFor(path, &result.error);
    if (!reader || !reader->open(path, &result.error))
        return result;
    result.formatName = reader->formatName();
    for (const import::SheetInfo &sheet : reader->sheets())
        result.sheetNames.append(sheet.name);
    reader->readRows(0, [&](qint64 row, const QList<Cell> &cells) {
        result.rows.insert(row, cells);
        return true;
    }, &result.error);
    return result;
}

QByteArray zipEntry(const QString &path, const QString &entry)
{
    import::ZipSource zip;
    QString error;
    QByteArray data;
    if (!zip.open(path, import::ReaderLimits{}, &error) || !zip.readEntry(entry, 16 * 1024 * 1024, &data, &error))
        qWarning("%s", qPrintable(error));
    return data;
}

// What styles.xml says of each cell style (a cell's s attribute): its number format code and boldness.
struct CellStyle {
    QString numberFormat; // custom code, or "General" (built-in 0)
    bool bold = false;
};

QList<CellStyle> cellStyles(const QByteArray &stylesXml)
{
    QHash<int, QString> codes{{0, QStringLiteral("General")}};
    QList<bool> boldFonts;
    QList<CellStyle> styles;
    QXmlStreamReader xml(stylesXml);
    bool inCellXfs = false;
    bool inFont = false;
    while (!xml.atEnd()) {
        xml.readNext();
        const auto name = xml.name();
        if (xml.isStartElement()) {
            if (name == QLatin1String("numFmt"))
                codes.insert(xml.attributes().value(QLatin1String("numFmtId")).toInt(), xml.attributes().value(QLatin1String("formatCode")).toString());
            else if (name == QLatin1String("font")) {
                inFont = true;
                boldFonts.append(false);
            } else if (name == QLatin1String("b") && inFont)
                boldFonts.last() = true;
            else if (name == QLatin1String("cellXfs"))
                inCellXfs = true;
            else if (name == QLatin1String("xf") && inCellXfs) {
                const int numFmtId = xml.attributes().value(QLatin1String("numFmtId")).toInt();
                const int fontId = xml.attributes().value(QLatin1String("fontId")).toInt();
                styles.append({codes.value(numFmtId, QStringLiteral("built-in %1").arg(numFmtId)), boldFonts.value(fontId)});
            }
        } else if (xml.isEndElement()) {
            if (name == QLatin1String("font"))
                inFont = false;
            else if (name == QLatin1String("cellXfs"))
                inCellXfs = false;
        }
    }
    return styles;
}

// The sheet XML's cells by reference, with their style index and whether they hold a formula.
struct SheetXml {
    QHash<QString, int> styleOf;
    int formulas = 0;
    QString frozenPane; // ySplit of a frozen pane, empty without one
};

SheetXml parseSheet(const QByteArray &sheetXml)
{
    SheetXml sheet;
    QXmlStreamReader xml(sheetXml);
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto attributes = xml.attributes();
        if (xml.name() == QLatin1String("c"))
            sheet.styleOf.insert(attributes.value(QLatin1String("r")).toString(), attributes.value(QLatin1String("s")).toInt());
        else if (xml.name() == QLatin1String("f"))
            ++sheet.formulas;
        else if (xml.name() == QLatin1String("pane") && attributes.value(QLatin1String("state")) == QLatin1String("frozen"))
            sheet.frozenPane = attributes.value(QLatin1String("ySplit")).toString();
    }
    return sheet;
}

bool isEmpty(const QVariant &v)
{
    return !v.isValid() || v.isNull() || (v.typeId() == QMetaType::QString && v.toString().isEmpty());
}

// Compares a workbook read back with the table written: layout, every text and every number
// (exactly: the double written is the double read).
void compareWithTable(const ReadBack &book, const tableexport::ExportTable &table)
{
    QVERIFY2(book.error.isEmpty(), qPrintable(book.error));
    QCOMPARE(book.formatName, QStringLiteral("Excel workbook (xlsx)"));
    QCOMPARE(book.sheetNames, QStringList{tableexport::sheetName(table.title)});
    QCOMPARE(book.rows.value(1).value(0).text, table.title);
    const qint64 headerRow = table.subtitle.isEmpty() ? 3 : 4;
    if (!table.subtitle.isEmpty())
        QCOMPARE(book.rows.value(2).value(0).text, table.subtitle);
    QVERIFY(!book.rows.contains(headerRow - 1)); // a blank row above the header
    const QList<Cell> header = book.rows.value(headerRow);
    QCOMPARE(header.size(), table.headers.size());
    for (qsizetype c = 0; c < table.headers.size(); ++c)
        QCOMPARE(header.at(c).text, table.headers.at(c));
    for (qsizetype r = 0; r < table.rows.size(); ++r) {
        const qint64 sheetRow = headerRow + 1 + r;
        const tableexport::ExportRow &row = table.rows.at(r);
        const QList<Cell> cells = book.rows.value(sheetRow);
        for (qsizetype c = 0; c < table.headers.size(); ++c) {
            const QVariant expected = row.cells.value(c);
            const Cell cell = cells.value(c);
            const QString where = QStringLiteral("%1 (%2, %3)").arg(import::cellReference(int(c), sheetRow), table.headers.at(c),
                                                                    row.cells.value(0).toString());
            QVERIFY2(!cell.fromFormula, qPrintable(where));
            if (isEmpty(expected)) {
                QVERIFY2(cell.kind == Cell::Kind::Empty, qPrintable(where));
            } else if (expected.typeId() == QMetaType::QString) {
                QVERIFY2(cell.kind == Cell::Kind::Text, qPrintable(where));
                QCOMPARE(cell.text, expected.toString());
            } else {
                QVERIFY2(cell.kind == Cell::Kind::Number, qPrintable(where + QStringLiteral(": not a number cell")));
                QVERIFY2(cell.number == expected.toDouble(),
                         qPrintable(QStringLiteral("%1: wrote %2, read %3").arg(where).arg(expected.toDouble(), 0, 'g', 17)
                                        .arg(cell.number, 0, 'g', 17)));
            }
        }
    }
    // A blank row, then the note's lines and the source.
    qint64 next = headerRow + 1 + table.rows.size();
    QVERIFY(!book.rows.contains(next));
    ++next;
    if (!table.note.isEmpty()) {
        for (const QString &line : table.note.split(QLatin1Char('\n')))
            QCOMPARE(book.rows.value(next++).value(0).text, line);
    }
    if (!table.source.isEmpty())
        QCOMPARE(book.rows.value(next++).value(0).text, table.source);
    QCOMPARE(book.rows.lastKey(), next - 1);
}

// Number formats and bold as the sheet references them: every number cell's style has the number
// format of its NumberStyle, text cells stay General; the header and emphasised rows are bold.
void compareFormats(const QString &path, const tableexport::ExportTable &table)
{
    const QByteArray stylesXml = zipEntry(path, QStringLiteral("xl/styles.xml"));
    const QByteArray sheetXml = zipEntry(path, QStringLiteral("xl/worksheets/sheet1.xml"));
    QVERIFY(!stylesXml.isEmpty() && !sheetXml.isEmpty());
    const QList<CellStyle> styles = cellStyles(stylesXml);
    const SheetXml sheet = parseSheet(sheetXml);
    QCOMPARE(sheet.formulas, 0);
    QVERIFY(!sheetXml.contains("<f>") && !sheetXml.contains("<f "));
    QVERIFY(sheetXml.contains("state=\"frozen\""));
    const int headerRow = table.subtitle.isEmpty() ? 3 : 4;
    QCOMPARE(sheet.frozenPane, QString::number(headerRow)); // frozen under the header
    for (qsizetype c = 0; c < table.headers.size(); ++c) {
        const QString ref = import::cellReference(int(c), headerRow);
        QVERIFY2(styles.value(sheet.styleOf.value(ref)).bold, qPrintable(ref + QStringLiteral(": header not bold")));
    }
    for (qsizetype r = 0; r < table.rows.size(); ++r) {
        const tableexport::ExportRow &row = table.rows.at(r);
        for (qsizetype c = 0; c < table.headers.size(); ++c) {
            const QVariant value = row.cells.value(c);
            if (isEmpty(value))
                continue;
            const QString ref = import::cellReference(int(c), headerRow + 1 + r);
            QVERIFY2(sheet.styleOf.contains(ref), qPrintable(ref));
            const CellStyle style = styles.value(sheet.styleOf.value(ref));
            const QString expected = value.typeId() == QMetaType::QString ? QStringLiteral("General")
                                                                          : tableexport::numberFormatCode(row.styles.value(c));
            QCOMPARE(style.numberFormat, expected.isEmpty() ? QStringLiteral("General") : expected);
            QVERIFY2(style.bold == row.emphasised, qPrintable(ref + QStringLiteral(": bold should follow the row's kind")));
        }
    }
}

tableexport::ExportTable injectionTable()
{
    tableexport::ExportTable table;
    table.title = QStringLiteral("=HYPERLINK(\"http://example.invalid\")");
    table.subtitle = QStringLiteral("+44 20 7983 4000");
    table.source = QStringLiteral("@source");
    table.note = QStringLiteral("-note");
    table.headers = {QStringLiteral("=Label"), QStringLiteral("Figure")};
    const QStringList texts = {QStringLiteral("=1+1"), QStringLiteral("+SUM(A1)"), QStringLiteral("-2+3"), QStringLiteral("@cmd"),
                               QStringLiteral("\tx"), QStringLiteral("\rx"), QStringLiteral("_x0041_ stays as typed"),
                               QStringLiteral("a, \"quoted\"\nline")};
    for (const QString &text : texts) {
        tableexport::ExportRow row;
        row.cells = {text, -2.0};
        row.styles = {{}, {ValueFormat::Count, true, -1}};
        table.rows.append(row);
    }
    return table;
}

} // namespace

// Report and measure tables written to CSV and xlsx, read back through the project's own readers.
class TestTableExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void libraryIsIsolatedFromQuaZip();
    void xlsxRoundTrip_data();
    void xlsxRoundTrip();
    void csvMatchesExpected_data();
    void csvMatchesExpected();
    void formulaInjection();
    void numberFormatCodes_data();
    void numberFormatCodes();
    void sheetNames_data();
    void sheetNames();
    void formatForPath();
    void measureTable_data();
    void measureTable();
    void reportTableShowsFiguresAsPrinted();
    void failuresNameTheFileAndKeepIt();
    void cliWritesXlsx();

private:
    std::optional<ReportTable> table(const QString &id);
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

void TestTableExport::initTestCase()
{
    // The injected-failure variable exists, empty, before libxlsxwriter is loaded: its link namespace
    // (dlmopen) has a libc of its own that keeps the environment array it saw at load time, so adding
    // a variable later (which reallocates the array) would leave it reading freed memory in getenv.
    // Changing the value of a variable that exists does not move the array.
    qputenv("OVERSIGHT_TEST_WRITE_ERROR", "");
    QVERIFY(m_dir.isValid());
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("export.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
}

std::optional<ReportTable> TestTableExport::table(const QString &id)
{
    QString error;
    auto t = reporttables::build(*m_store, id, &error);
    if (!t)
        qWarning("%s: %s", qPrintable(id), qPrintable(error));
    return t;
}

// This process links QuaZip (the readers), whose minizip functions would capture libxlsxwriter's
// calls were it linked: the writer's private copy lives in a namespace of its own.
void TestTableExport::libraryIsIsolatedFromQuaZip()
{
    void *zipOpen = dlsym(RTLD_DEFAULT, "zipOpen");
    QVERIFY2(zipOpen, "QuaZip's minizip functions should be in this process");
    Dl_info info{};
    QVERIFY(dladdr(zipOpen, &info) && info.dli_fname);
    QVERIFY2(QString::fromLocal8Bit(info.dli_fname).contains(QLatin1String("quazip")), info.dli_fname);

    QString error;
    const auto *lib = tableexport::XlsxWriterLibrary::instance(&error);
    QVERIFY2(lib, qPrintable(error));
    QVERIFY2(lib->loadedFrom.contains(QLatin1String("libxlsxwriter.so")), qPrintable(lib->loadedFrom));
    QCOMPARE(QString::fromLatin1(lib->version()), QStringLiteral(LXW_VERSION));
    QCOMPARE(tableexport::XlsxWriterLibrary::instance(nullptr), lib); // once per process
    // Not in the main namespace: nothing there can bind to it, and it binds to nothing there.
    QVERIFY(!dlopen(QFile::encodeName(lib->loadedFrom).constData(), RTLD_NOW | RTLD_NOLOAD));
}

void TestTableExport::xlsxRoundTrip_data()
{
    QTest::addColumn<QString>("id");
    for (const QString &id : reporttables::ids())
        QTest::newRow(qPrintable(id)) << id;
}

void TestTableExport::xlsxRoundTrip()
{
    QFETCH(QString, id);
    const auto report = table(id);
    QVERIFY(report);
    const tableexport::ExportTable exported = tableexport::fromReportTable(*report);
    QCOMPARE(exported.rows.size(), report->rows.size());
    const QString path = m_dir.filePath(id + QStringLiteral(".xlsx"));
    QString error;
    QVERIFY2(tableexport::write(exported, path, tableexport::FileFormat::Xlsx, &error), qPrintable(error));
    const ReadBack book = readBack(path);
    compareWithTable(book, exported);
    if (QTest::currentTestFailed())
        return;
    compareFormats(path, exported);
    if (QTest::currentTestFailed())
        return;
    // The export is the report table itself: its cells, and bold where the dashboard is bold.
    for (qsizetype r = 0; r < report->rows.size(); ++r) {
        QCOMPARE(exported.rows.at(r).cells, report->rows.at(r).cells);
        QCOMPARE(exported.rows.at(r).emphasised, report->rows.at(r).kind != RowKind::Line);
    }
    // What Excel shows is what the dashboard shows: no number holds more decimals than its format
    // shows (Excel and Qt round a hidden half differently), so the shown figure is the stored one.
    for (const tableexport::ExportRow &row : exported.rows) {
        for (qsizetype c = 0; c < row.cells.size(); ++c) {
            const QVariant v = row.cells.at(c);
            if (isEmpty(v) || v.typeId() == QMetaType::QString)
                continue;
            const QString shown = reporttables::plainNumber(v.toDouble(), row.styles.at(c).format);
            QVERIFY2(shown.toDouble() == v.toDouble(),
                     qPrintable(QStringLiteral("%1: %2 shows as %3").arg(exported.headers.at(c)).arg(v.toDouble(), 0, 'g', 17).arg(shown)));
        }
    }
}

void TestTableExport::csvMatchesExpected_data()
{
    xlsxRoundTrip_data();
}

// The CSV contract of tests/expected: the engine's CSV is reporttables::toCsv and the transcription.
void TestTableExport::csvMatchesExpected()
{
    QFETCH(QString, id);
    const auto report = table(id);
    QVERIFY(report);
    QFile expectedFile(QStringLiteral(OVERSIGHT_SOURCE_DIR "/tests/expected/%1.csv").arg(id));
    QVERIFY(expectedFile.open(QIODevice::ReadOnly));
    const QByteArray expected = expectedFile.readAll();
    const tableexport::ExportTable exported = tableexport::fromReportTable(*report);
    QCOMPARE(tableexport::toCsv(exported), expected);
    QCOMPARE(tableexport::toCsv(exported), reporttables::toCsv(*report).toUtf8());
    QCOMPARE(tableexport::toCsv(exported, true), QByteArray("\xEF\xBB\xBF") + expected);

    for (const auto format : {tableexport::FileFormat::Csv, tableexport::FileFormat::CsvWithBom}) {
        const QString path = m_dir.filePath(id + QStringLiteral(".csv"));
        QString error;
        QVERIFY2(tableexport::write(exported, path, format, &error), qPrintable(error));
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray bytes = written.readAll();
        QCOMPARE(bytes, format == tableexport::FileFormat::CsvWithBom ? QByteArray("\xEF\xBB\xBF") + expected : expected);
        // Read back (the CSV reader skips a BOM): the same rows.
        const QList<QStringList> parsed = csv::parse(QString::fromUtf8(bytes));
        QCOMPARE(parsed.size(), report->rows.size() + 1);
        QCOMPARE(parsed.first().first(), report->columns.first().header);
    }
}

void TestTableExport::formulaInjection()
{
    const tableexport::ExportTable table = injectionTable();
    const QString xlsx = m_dir.filePath(QStringLiteral("injection.xlsx"));
    QString error;
    QVERIFY2(tableexport::write(table, xlsx, tableexport::FileFormat::Xlsx, &error), qPrintable(error));
    // In the workbook every text is a string cell, exactly as written, and there is no formula at all.
    const ReadBack book = readBack(xlsx);
    compareWithTable(book, table);
    if (QTest::currentTestFailed())
        return;
    compareFormats(xlsx, table);
    if (QTest::currentTestFailed())
        return;
    for (const QByteArray &part : {QByteArray("xl/worksheets/sheet1.xml"), QByteArray("xl/sharedStrings.xml")}) {
        const QByteArray xml = zipEntry(xlsx, QString::fromLatin1(part));
        QVERIFY(!xml.isEmpty());
        QVERIFY2(!xml.contains("<f>") && !xml.contains("<f "), part.constData());
    }
    QVERIFY(zipEntry(xlsx, QStringLiteral("xl/sharedStrings.xml")).contains("=1+1"));

    // In CSV, text starting with = + - @ tab or CR gets an apostrophe; numbers (-2) do not.
    const QByteArray csvBytes = tableexport::toCsv(table);
    QString parseError;
    const QList<QStringList> rows = csv::parse(QString::fromUtf8(csvBytes), &parseError);
    QVERIFY2(parseError.isEmpty(), qPrintable(parseError));
    QCOMPARE(rows.size(), table.rows.size() + 1);
    QCOMPARE(rows.at(0), (QStringList{QStringLiteral("'=Label"), QStringLiteral("Figure")}));
    const QStringList expected = {QStringLiteral("'=1+1"), QStringLiteral("'+SUM(A1)"), QStringLiteral("'-2+3"), QStringLiteral("'@cmd"),
                                  QStringLiteral("'\tx"), QStringLiteral("'\rx"), QStringLiteral("_x0041_ stays as typed"),
                                  QStringLiteral("a, \"quoted\"\nline")};
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(rows.at(i + 1).at(0), expected.at(i));
        QCOMPARE(rows.at(i + 1).at(1), QStringLiteral("-2"));
    }
    QVERIFY(csvBytes.contains("\"'\rx\"")); // a CR is quoted (RFC 4180)
    QVERIFY(csvBytes.contains("\"a, \"\"quoted\"\"\nline\""));
    QCOMPARE(tableexport::csvText(QStringLiteral("5% up")), QStringLiteral("5% up"));
    QCOMPARE(tableexport::csvText(QStringLiteral("Total - MPS")), QStringLiteral("Total - MPS"));
    QCOMPARE(tableexport::csvText(QString()), QString());
}

void TestTableExport::numberFormatCodes_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("signedChange");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("code");
    QTest::newRow("count") << int(ValueFormat::Count) << false << -1 << "#,##0";
    QTest::newRow("count change") << int(ValueFormat::Count) << true << -1 << "+#,##0;-#,##0;0";
    QTest::newRow("pounds") << int(ValueFormat::Pounds) << false << -1 << "\"£\"#,##0";
    QTest::newRow("millions") << int(ValueFormat::Millions) << false << -1 << "\"£\"#,##0.0\"m\"";
    QTest::newRow("millions variance") << int(ValueFormat::Millions) << true << -1 << "\"£\"#,##0.0\"m\"";
    QTest::newRow("percent") << int(ValueFormat::Percent) << false << -1 << "#,##0.0\"%\"";
    QTest::newRow("percent change") << int(ValueFormat::Percent) << true << -1 << "+#,##0.0\"%\";-#,##0.0\"%\";0.0\"%\"";
    QTest::newRow("points") << int(ValueFormat::Points) << true << -1 << "+#,##0.0;-#,##0.0;0.0";
    QTest::newRow("ratio") << int(ValueFormat::Count) << false << 2 << "#,##0.00";
    QTest::newRow("text") << int(ValueFormat::Text) << false << -1 << "";
}

void TestTableExport::numberFormatCodes()
{
    QFETCH(int, format);
    QFETCH(bool, signedChange);
    QFETCH(int, decimals);
    QFETCH(QString, code);
    QCOMPARE(tableexport::numberFormatCode({ValueFormat(format), signedChange, decimals}), code);
}

void TestTableExport::sheetNames_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("name");
    QTest::newRow("short") << "Workforce" << "Workforce";
    QTest::newRow("colon, cut at a word") << "Satisfaction and public voice: inequalities" << "Satisfaction and public voice";
    QTest::newRow("not ending on 'by'") << "London Crime Prevention Fund by borough" << "London Crime Prevention Fund";
    QTest::newRow("not ending on a comma") << "Recorded crime in all boroughs, rolling months" << "Recorded crime in all boroughs";
    QTest::newRow("forbidden characters") << "A[b]c:d*e?f/g\\h" << "A b c d e f g h";
    QTest::newRow("apostrophes") << "'Quoted'" << "Quoted";
    QTest::newRow("one long word") << QString(40, QLatin1Char('x')) << QString(31, QLatin1Char('x'));
    QTest::newRow("reserved") << "History" << "History table";
    QTest::newRow("nothing left") << "[]" << "Table";
    QTest::newRow("empty") << "" << "Table";
}

void TestTableExport::sheetNames()
{
    QFETCH(QString, title);
    QFETCH(QString, name);
    QCOMPARE(tableexport::sheetName(title), name);
    QVERIFY(tableexport::sheetName(title).size() <= 31);
}

void TestTableExport::formatForPath()
{
    using tableexport::FileFormat;
    QVERIFY(tableexport::formatForPath(QStringLiteral("a.csv")) == FileFormat::Csv);
    QVERIFY(tableexport::formatForPath(QStringLiteral("a.CSV"), true) == FileFormat::CsvWithBom);
    QVERIFY(tableexport::formatForPath(QStringLiteral("dir.x/a.xlsx")) == FileFormat::Xlsx);
    QVERIFY(!tableexport::formatForPath(QStringLiteral("a.xls")));
    QVERIFY(!tableexport::formatForPath(QStringLiteral("a.ods")));
    QVERIFY(!tableexport::formatForPath(QStringLiteral("a.csv.txt")));
}

void TestTableExport::measureTable_data()
{
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("area");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("firstCsv");    // the first value as the CSV writes it: as stated
    QTest::addColumn<QString>("firstFormat"); // its Excel number format
    QTest::newRow("counts, whole series with rolling and last-year columns")
        << QStringList{QStringLiteral("mps.burglary.domestic_burglary")} << "E09000033" << int(ValueFormat::Count) << QString()
        << "#,##0";
    QTest::newRow("percentages stated whole (80%)") << QStringList{QStringLiteral("cj.victims_updated")} << "E23000001"
                                                    << int(ValueFormat::Percent) << "80" << "#,##0\"%\"";
    QTest::newRow("£m stated as the text rounds it (£2,504m)")
        << QStringList{QStringLiteral("finance.revenue.revised_budget")} << "E23000001" << int(ValueFormat::Millions) << "2504"
        << "\"£\"#,##0\"m\"";
    QTest::newRow("percent stated to one decimal (75.3%)")
        << QStringList{QStringLiteral("pas.overall_satisfaction")} << "E23000001" << int(ValueFormat::Percent) << "75.3"
        << "#,##0.0\"%\"";
}

// A measure view's table through the generic model path: the numbers are the model's own.
void TestTableExport::measureTable()
{
    QFETCH(QStringList, keys);
    QFETCH(QString, area);
    QFETCH(int, format);
    QFETCH(QString, firstCsv);
    QFETCH(QString, firstFormat);
    SeriesModel model(*m_store);
    model.setSeries(keys, area);
    QVERIFY(model.rowCount() > 0);
    const tableexport::NumberStyle style = tableexport::styleForUnit(model.unit());
    QCOMPARE(int(style.format), format);
    tableexport::ModelTable description;
    description.title = QStringLiteral("Measure");
    description.subtitle = model.areaName();
    description.source = QStringLiteral("Source: test");
    description.valueRole = static_cast<int>(SeriesModel::Role::Value);
    description.decimalsRole = static_cast<int>(SeriesModel::Role::Decimals);
    description.columns = {{SeriesModel::PeriodColumn, {}}, {SeriesModel::ValueColumn, style},
                           {SeriesModel::Rolling12Column, style}, {SeriesModel::LastYearColumn, style}};
    const tableexport::ExportTable table = tableexport::fromModel(model, description);
    QCOMPARE(table.headers, (QStringList{QStringLiteral("Period"), QStringLiteral("Value"), QStringLiteral("Rolling 12 months (calculated)"),
                                         QStringLiteral("Same period last year")}));
    QCOMPARE(table.rows.size(), model.rowCount());
    for (int r = 0; r < model.rowCount(); ++r) {
        const SeriesModel::Point &p = model.points().at(r);
        QCOMPARE(table.rows.at(r).cells.at(0).toString(), p.period.label());
        QVERIFY(table.rows.at(r).cells.at(1).toDouble() == p.value);
        QCOMPARE(table.rows.at(r).cells.at(2).isValid(), p.rolling12.has_value());
        QCOMPARE(table.rows.at(r).cells.at(3).isValid(), p.lastYear.has_value());
    }
    // Each figure keeps the decimals it was stated with: the CSV's second line, second field.
    const QString csv = QString::fromUtf8(tableexport::toCsv(table));
    if (!firstCsv.isEmpty())
        QCOMPARE(csv.section(QLatin1Char('\n'), 1, 1).section(QLatin1Char(','), 1, 1), firstCsv);
    QCOMPARE(tableexport::numberFormatCode(table.rows.at(0).styles.at(1)), firstFormat);
    const QString path = m_dir.filePath(QStringLiteral("measure.xlsx"));
    QString error;
    QVERIFY2(tableexport::write(table, path, tableexport::FileFormat::Xlsx, &error), qPrintable(error));
    compareWithTable(readBack(path), table);
    if (QTest::currentTestFailed())
        return;
    compareFormats(path, table);
}

// The capital table's total forecast, printed "268" by the report: the workbook shows it whole, the
// CSV keeps its plain one-decimal contract (tests/expected/capital.csv).
void TestTableExport::reportTableShowsFiguresAsPrinted()
{
    QString error;
    const auto capital = oversight::reporttables::build(*m_store, QStringLiteral("capital"), &error);
    QVERIFY2(capital, qPrintable(error));
    const tableexport::ExportTable table = tableexport::fromReportTable(*capital);
    const tableexport::ExportRow &total = table.rows.last();
    QCOMPARE(total.cells.at(0).toString(), QStringLiteral("Total Capital Expenditure"));
    QCOMPARE(total.cells.at(4).toDouble(), 268.0);
    QCOMPARE(tableexport::numberFormatCode(total.styles.at(4)), QStringLiteral("\"£\"#,##0\"m\""));   // printed 268
    QCOMPARE(tableexport::numberFormatCode(total.styles.at(3)), QStringLiteral("\"£\"#,##0.0\"m\"")); // printed 27.0
    QVERIFY(QString::fromUtf8(tableexport::toCsv(table)).contains(QStringLiteral("Total Capital Expenditure,,366.2,27.0,268.0,-98.2\n")));
    const QString path = m_dir.filePath(QStringLiteral("capital-as-printed.xlsx"));
    QVERIFY2(tableexport::write(table, path, tableexport::FileFormat::Xlsx, &error), qPrintable(error));
    compareWithTable(readBack(path), table);
    if (QTest::currentTestFailed())
        return;
    compareFormats(path, table);
}

void TestTableExport::failuresNameTheFileAndKeepIt()
{
    const auto report = table(QStringLiteral("capital"));
    QVERIFY(report);
    const tableexport::ExportTable good = tableexport::fromReportTable(*report);
    for (const auto format : {tableexport::FileFormat::Csv, tableexport::FileFormat::Xlsx}) {
        // A folder that does not exist.
        const QString nowhere = m_dir.filePath(QStringLiteral("no-such-folder/table.out"));
        QString error;
        QVERIFY(!tableexport::write(good, nowhere, format, &error));
        QVERIFY2(error.contains(nowhere), qPrintable(error));

        // A table that cannot be written leaves the file there as it was.
        const QString existing = m_dir.filePath(QStringLiteral("existing.out"));
        QFile file(existing);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("the previous board paper\n");
        file.close();
        tableexport::ExportTable bad = good;
        bad.rows[1].cells[2] = std::nan("");
        error.clear();
        QVERIFY(!tableexport::write(bad, existing, format, &error));
        QVERIFY2(error.contains(existing) && error.contains(QStringLiteral("not a number")), qPrintable(error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("the previous board paper\n"));
        file.close();
        // Nor does a good table whose write fails at the final flush, as on a full disk (issue 14
        // item 1: QSaveFile committed an empty file over it); the error gives the OS's reason.
        qputenv("OVERSIGHT_TEST_WRITE_ERROR", "ENOSPC");
        error.clear();
        const bool written = tableexport::write(good, existing, format, &error);
        qputenv("OVERSIGHT_TEST_WRITE_ERROR", "");
        QVERIFY(!written);
        QVERIFY2(error.contains(existing) && error.contains(QStringLiteral("No space left on device")), qPrintable(error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("the previous board paper\n"));
        file.close();
        // And a good write replaces it whole.
        QVERIFY2(tableexport::write(good, existing, format, &error), qPrintable(error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll() != QByteArray("the previous board paper\n"));
        file.close();
    }
}

// The oversight binary links QuaZip too: export-table to .xlsx there, read back here.
void TestTableExport::cliWritesXlsx()
{
    const QString path = m_dir.filePath(QStringLiteral("cli revenue.xlsx"));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(OVERSIGHT_BINARY), {QStringLiteral("--db"), m_store->path(), QStringLiteral("export-table"),
                                                     QStringLiteral("revenue"), path});
    QVERIFY(process.waitForFinished(120000));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, process.readAllStandardError().constData());
    const auto report = table(QStringLiteral("revenue"));
    QVERIFY(report);
    const tableexport::ExportTable exported = tableexport::fromReportTable(*report);
    compareWithTable(readBack(path), exported);
    if (QTest::currentTestFailed())
        return;
    compareFormats(path, exported);
}

QTEST_GUILESS_MAIN(TestTableExport)
#include "tst_tableexport.moc"
