#include "odsreader.h"
#include "xlsxreader.h"
#include "xmlscanner.h"
#include "zipsource.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

#include <xlsxwriter.h>

#include <dlfcn.h>

using oversight::import::Cell;
using oversight::import::OdsReader;
using oversight::import::Reader;
using oversight::import::ReaderLimits;
using oversight::import::SheetInfo;
using oversight::import::XlsxReader;
using oversight::import::XmlScanner;
using oversight::import::ZipWriter;
using oversight::import::columnName;

Q_DECLARE_METATYPE(Cell::Kind)

namespace {

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer keeps freed memory in quarantine and slows everything down several times.
constexpr bool sanitized = true;
constexpr qint64 slowdown = 10;
#else
constexpr bool sanitized = false;
constexpr qint64 slowdown = 1;
#endif

// libquazip1-qt6 exports minizip's zip* functions with its own, QIODevice-based ABI and is loaded
// before libminizip, so libxlsxwriter's calls into minizip would land in QuaZip and crash in
// workbook_close(). A private copy of libxlsxwriter in a link namespace of its own binds them to
// libminizip; the fixtures call it through these pointers.
struct XlsxWriterApi {
    decltype(&workbook_new) workbookNew = nullptr;
    decltype(&workbook_add_worksheet) addWorksheet = nullptr;
    decltype(&workbook_add_format) addFormat = nullptr;
    decltype(&workbook_close) close = nullptr;
    decltype(&format_set_num_format) setNumFormat = nullptr;
    decltype(&format_set_num_format_index) setNumFormatIndex = nullptr;
    decltype(&format_set_align) setAlign = nullptr;
    decltype(&worksheet_write_string) writeString = nullptr;
    decltype(&worksheet_write_number) writeNumber = nullptr;
    decltype(&worksheet_write_boolean) writeBoolean = nullptr;
    decltype(&worksheet_write_datetime) writeDateTime = nullptr;
    decltype(&worksheet_write_formula_num) writeFormulaNumber = nullptr;
    decltype(&worksheet_write_formula_str) writeFormulaString = nullptr;
    decltype(&worksheet_merge_range) mergeRange = nullptr;
    decltype(&worksheet_hide) hide = nullptr;
    QString error;

    bool load()
    {
        Dl_info info{};
        if (!dladdr(reinterpret_cast<void *>(&workbook_new), &info) || !info.dli_fname) {
            error = QStringLiteral("cannot locate libxlsxwriter");
            return false;
        }
        void *handle = dlmopen(LM_ID_NEWLM, info.dli_fname, RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            error = QString::fromLocal8Bit(dlerror());
            return false;
        }
        bool ok = true;
        auto bind = [&](auto &pointer, const char *name) {
            pointer = reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(dlsym(handle, name));
            ok = ok && pointer;
        };
        bind(workbookNew, "workbook_new");
        bind(addWorksheet, "workbook_add_worksheet");
        bind(addFormat, "workbook_add_format");
        bind(close, "workbook_close");
        bind(setNumFormat, "format_set_num_format");
        bind(setNumFormatIndex, "format_set_num_format_index");
        bind(setAlign, "format_set_align");
        bind(writeString, "worksheet_write_string");
        bind(writeNumber, "worksheet_write_number");
        bind(writeBoolean, "worksheet_write_boolean");
        bind(writeDateTime, "worksheet_write_datetime");
        bind(writeFormulaNumber, "worksheet_write_formula_num");
        bind(writeFormulaString, "worksheet_write_formula_str");
        bind(mergeRange, "worksheet_merge_range");
        bind(hide, "worksheet_hide");
        if (!ok)
            error = QStringLiteral("libxlsxwriter lacks a function the fixtures use");
        return ok;
    }
};

const QByteArray mainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

QByteArray xmlHeader()
{
    return QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
}

// The parts every hand-made workbook shares; sheets are xl/worksheets/sheetN.xml.
QMap<QString, QByteArray> workbookParts(const QList<QByteArray> &sheets, const QByteArray &workbookPr = {},
                                        const QList<QByteArray> &states = {})
{
    QMap<QString, QByteArray> parts;
    parts.insert(QStringLiteral("[Content_Types].xml"),
                 xmlHeader()
                     + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                       "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                       "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                       "</Types>");
    parts.insert(QStringLiteral("_rels/.rels"),
                 xmlHeader()
                     + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                       "</Relationships>");
    QByteArray sheetList;
    QByteArray rels;
    for (int i = 0; i < sheets.size(); ++i) {
        const QByteArray n = QByteArray::number(i + 1);
        const QByteArray state = i < states.size() && !states[i].isEmpty() ? " state=\"" + states[i] + "\"" : "";
        sheetList += "<sheet name=\"Sheet" + n + "\" sheetId=\"" + n + "\"" + state + " r:id=\"rId" + n + "\"/>";
        // The first sheet's target is absolute, the others relative: both forms occur.
        const QByteArray target = i == 0 ? "/xl/worksheets/sheet1.xml" : "worksheets/sheet" + n + ".xml";
        rels += "<Relationship Id=\"rId" + n + "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"" + target + "\"/>";
        parts.insert(QStringLiteral("xl/worksheets/sheet%1.xml").arg(i + 1), sheets[i]);
    }
    rels += "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            "<Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>";
    parts.insert(QStringLiteral("xl/workbook.xml"),
                 xmlHeader() + "<workbook xmlns=\"" + mainNs
                     + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                     + workbookPr + "<sheets>" + sheetList + "</sheets></workbook>");
    parts.insert(QStringLiteral("xl/_rels/workbook.xml.rels"),
                 xmlHeader() + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                     + rels + "</Relationships>");
    return parts;
}

QByteArray sheetXml(const QByteArray &rows, const QByteArray &after = {}, const QByteArray &before = {})
{
    return xmlHeader() + "<worksheet xmlns=\"" + mainNs + "\">" + before + "<sheetData>" + rows + "</sheetData>"
        + after + "</worksheet>";
}

bool writeZip(const QString &path, const QMap<QString, QByteArray> &parts)
{
    ZipWriter zip(path);
    if (!zip.open())
        return false;
    // [Content_Types].xml first, as Office writes it; mimetype first and stored, as ODF requires.
    for (const QString &first : {QStringLiteral("mimetype"), QStringLiteral("[Content_Types].xml")}) {
        if (parts.contains(first) && !zip.addEntry(first, parts.value(first), first != QLatin1String("mimetype")))
            return false;
    }
    for (auto it = parts.cbegin(); it != parts.cend(); ++it) {
        if (it.key() != QLatin1String("mimetype") && it.key() != QLatin1String("[Content_Types].xml")
            && !zip.addEntry(it.key(), it.value()))
            return false;
    }
    return zip.close();
}

qint64 procStatusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

struct SheetDump {
    bool opened = false;
    bool ok = false;
    QString error;
    QList<SheetInfo> sheets;
    QMap<qint64, QList<Cell>> rows;

    const Cell *cell(const QString &reference) const
    {
        int column = 0;
        qint64 row = 0;
        if (!oversight::import::excel::parseA1(reference, &column, &row))
            return nullptr;
        const auto it = rows.constFind(row);
        if (it == rows.cend() || column >= it->size())
            return nullptr;
        return &it->at(column);
    }
};

std::unique_ptr<Reader> readerForPath(const QString &path)
{
    if (path.endsWith(QLatin1String(".ods")))
        return std::make_unique<OdsReader>();
    return std::make_unique<XlsxReader>();
}

SheetDump readSheet(const QString &path, int sheet, const ReaderLimits &limits = {})
{
    SheetDump dump;
    std::unique_ptr<Reader> reader = readerForPath(path);
    reader->setLimits(limits);
    dump.opened = reader->open(path, &dump.error);
    if (!dump.opened)
        return dump;
    dump.sheets = reader->sheets();
    dump.ok = reader->readRows(sheet, [&](qint64 row, const QList<Cell> &cells) {
        dump.rows.insert(row, cells);
        return true;
    }, &dump.error);
    return dump;
}

} // namespace

class TestXlsxReader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void largeSheetStreamsInBoundedMemory();
    void sheets_data();
    void sheets();
    void cells_data();
    void cells();
    void rowShapes_data();
    void rowShapes();
    void refusals_data();
    void refusals();
    void handlerStopsEarly();
    void progressCancels();
    void dateSerials_data();
    void dateSerials();
    void dateFormatCodes_data();
    void dateFormatCodes();
    void scannedCells_data();
    void scannedCells();
    void scannedRefusals_data();
    void scannedRefusals();

private:
    QString writeScannedWorkbook(const QByteArray &sheet, const QByteArray &sharedStrings);

    QString fixture(const QString &key);
    QString writeBasicWorkbook();
    QString writeHandMadeWorkbook();
    QString writeOds();
    QString writeMillionRows();
    QString writeZipBomb();

    QTemporaryDir m_dir;
    QHash<QString, QString> m_fixtures;
};

QString TestXlsxReader::fixture(const QString &key)
{
    if (m_fixtures.contains(key))
        return m_fixtures.value(key);
    QString path;
    auto put = [&](const QString &name, const QByteArray &bytes) {
        path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            path.clear();
    };
    auto zipped = [&](const QString &name, const QMap<QString, QByteArray> &parts) {
        path = m_dir.filePath(name);
        if (!writeZip(path, parts))
            path.clear();
    };
    const QByteArray oneCell = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
    const QByteArray bomb = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                            "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                            "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                            "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                            "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                            "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                            "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                            "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                            "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";

    if (key == QLatin1String("basic")) {
        path = writeBasicWorkbook();
    } else if (key == QLatin1String("handmade")) {
        path = writeHandMadeWorkbook();
    } else if (key == QLatin1String("ods")) {
        path = writeOds();
    } else if (key == QLatin1String("million")) {
        path = writeMillionRows();
    } else if (key == QLatin1String("zipbomb")) {
        path = writeZipBomb();
    } else if (key == QLatin1String("empty")) {
        put(QStringLiteral("empty.xlsx"), {});
    } else if (key == QLatin1String("text")) {
        put(QStringLiteral("renamed text.xlsx"), "name,amount\nAlice,12\n");
    } else if (key == QLatin1String("truncated")) {
        QFile whole(fixture(QStringLiteral("basic")));
        if (whole.open(QIODevice::ReadOnly)) {
            const QByteArray bytes = whole.readAll();
            put(QStringLiteral("truncated.xlsx"), bytes.left(bytes.size() / 2));
        }
    } else if (key == QLatin1String("notworkbook")) {
        zipped(QStringLiteral("photos.xlsx"), {{QStringLiteral("readme.txt"), "not a workbook"}});
    } else if (key == QLatin1String("doctypesheet")) {
        const QByteArray sheet = xmlHeader() + bomb + "<worksheet xmlns=\"" + mainNs
            + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>";
        zipped(QStringLiteral("billion laughs.xlsx"), workbookParts({sheet}));
    } else if (key == QLatin1String("doctypestrings")) {
        auto parts = workbookParts({sheetXml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")});
        parts.insert(QStringLiteral("xl/sharedStrings.xml"),
                     xmlHeader() + bomb + "<sst xmlns=\"" + mainNs + "\"><si><t>&lol9;</t></si></sst>");
        zipped(QStringLiteral("laughing strings.xlsx"), parts);
    } else if (key == QLatin1String("badshared")) {
        auto parts = workbookParts({sheetXml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>99</v></c></row>")});
        parts.insert(QStringLiteral("xl/sharedStrings.xml"), xmlHeader() + "<sst xmlns=\"" + mainNs + "\"><si><t>only</t></si></sst>");
        zipped(QStringLiteral("bad index.xlsx"), parts);
    } else if (key == QLatin1String("wide")) {
        zipped(QStringLiteral("wide.xlsx"),
               workbookParts({sheetXml("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"D1\"><v>4</v></c></row>")}));
    } else if (key == QLatin1String("tall")) {
        zipped(QStringLiteral("tall.xlsx"),
               workbookParts({sheetXml("<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</v></c></row>"
                                       "<row r=\"3\"><c><v>3</v></c></row>")}));
    } else if (key == QLatin1String("longtext")) {
        zipped(QStringLiteral("long text.xlsx"),
               workbookParts({sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>far too long</t></is></c></row>")}));
    } else if (key == QLatin1String("manystrings")) {
        auto parts = workbookParts({sheetXml(oneCell)});
        parts.insert(QStringLiteral("xl/sharedStrings.xml"),
                     xmlHeader() + "<sst xmlns=\"" + mainNs + "\"><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>");
        zipped(QStringLiteral("many strings.xlsx"), parts);
    } else if (key == QLatin1String("disorder")) {
        zipped(QStringLiteral("disorder.xlsx"),
               workbookParts({sheetXml("<row r=\"5\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</v></c></row>")}));
    } else if (key == QLatin1String("badnumber")) {
        zipped(QStringLiteral("bad number.xlsx"),
               workbookParts({sheetXml("<row r=\"3\"><c r=\"C3\"><v>12abc</v></c></row>")}));
    } else if (key == QLatin1String("brokenxml")) {
        zipped(QStringLiteral("broken xml.xlsx"),
               workbookParts({sheetXml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></row>")}));
    } else if (key == QLatin1String("damaged")) {
        // A stored (uncompressed) sheet with one byte changed after writing: the CRC catches it.
        const QString name = QStringLiteral("damaged.xlsx");
        path = m_dir.filePath(name);
        auto parts = workbookParts({sheetXml("<row r=\"1\"><c r=\"A1\"><v>12345</v></c></row>")});
        const QByteArray sheet = parts.take(QStringLiteral("xl/worksheets/sheet1.xml"));
        ZipWriter zip(path);
        bool ok = zip.open() && zip.addEntry(QStringLiteral("xl/worksheets/sheet1.xml"), sheet, false);
        for (auto it = parts.cbegin(); ok && it != parts.cend(); ++it)
            ok = zip.addEntry(it.key(), it.value());
        ok = zip.close() && ok;
        QFile file(path);
        if (ok && file.open(QIODevice::ReadWrite)) {
            QByteArray bytes = file.readAll();
            bytes.replace("<v>12345</v>", "<v>12346</v>");
            file.seek(0);
            file.write(bytes);
        } else {
            path.clear();
        }
    } else if (key == QLatin1String("odsdoctype")) {
        zipped(QStringLiteral("laughing.ods"),
               {{QStringLiteral("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"},
                {QStringLiteral("content.xml"), xmlHeader() + bomb + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>"}});
    } else if (key == QLatin1String("mergebomb")) {
        // One merged range over every column of 4,000 rows: 65 million carried cells.
        QByteArray rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>everywhere</t></is></c></row>";
        for (int row = 2; row <= 4000; ++row)
            rows += "<row r=\"" + QByteArray::number(row) + "\"/>";
        zipped(QStringLiteral("merge bomb.xlsx"),
               workbookParts({sheetXml(rows, "<mergeCells count=\"1\"><mergeCell ref=\"A1:XFD4000\"/></mergeCells>")}));
    } else if (key == QLatin1String("odsrepeatbomb")) {
        zipped(QStringLiteral("repeat bomb.ods"),
               {{QStringLiteral("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"},
                {QStringLiteral("content.xml"),
                 xmlHeader() + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                               " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"><office:body><office:spreadsheet>"
                               "<table:table table:name=\"T\"><table:table-row table:number-rows-repeated=\"1000000\">"
                               "<table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" office:value=\"1\"/>"
                               "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"}});
    } else if (key == QLatin1String("odstext")) {
        zipped(QStringLiteral("letter.ods"),
               {{QStringLiteral("mimetype"), "application/vnd.oasis.opendocument.text"},
                {QStringLiteral("content.xml"), xmlHeader() + "<x/>"}});
    }
    if (!path.isEmpty())
        m_fixtures.insert(key, path);
    return path;
}

QString TestXlsxReader::writeBasicWorkbook()
{
    XlsxWriterApi lxw;
    if (!lxw.load()) {
        qWarning("%s", qPrintable(lxw.error));
        return {};
    }
    const QString path = m_dir.filePath(QStringLiteral("basic.xlsx"));
    lxw_workbook *workbook = lxw.workbookNew(path.toUtf8().constData());
    if (!workbook)
        return {};
    lxw_worksheet *data = lxw.addWorksheet(workbook, "Data");
    lxw_worksheet *secret = lxw.addWorksheet(workbook, "Secret");
    lxw_worksheet *serials = lxw.addWorksheet(workbook, "Serials");
    lxw_format *date = lxw.addFormat(workbook);
    lxw.setNumFormat(date, "yyyy-mm-dd");
    lxw_format *dateTime = lxw.addFormat(workbook);
    lxw.setNumFormat(dateTime, "dd/mm/yyyy hh:mm");
    lxw_format *time = lxw.addFormat(workbook);
    lxw.setNumFormat(time, "hh:mm");
    lxw_format *builtIn = lxw.addFormat(workbook);
    lxw.setNumFormatIndex(builtIn, 14);
    lxw_format *elapsed = lxw.addFormat(workbook);
    lxw.setNumFormat(elapsed, "[h]:mm");
    lxw_format *days = lxw.addFormat(workbook);
    lxw.setNumFormat(days, "0 \"days\"");
    lxw_format *merged = lxw.addFormat(workbook);
    lxw.setAlign(merged, LXW_ALIGN_CENTER);

    lxw.writeString(data, 0, 0, "Name", nullptr);
    lxw.writeString(data, 0, 1, "Amount", nullptr);
    lxw.writeString(data, 0, 2, "Flag", nullptr);
    lxw.writeString(data, 0, 3, "When", nullptr);
    lxw.writeString(data, 1, 0, "Alice", nullptr);
    lxw.writeNumber(data, 1, 1, 1234.5, nullptr);
    lxw.writeBoolean(data, 1, 2, 1, nullptr);
    lxw_datetime day = {2024, 3, 31, 0, 0, 0};
    lxw.writeDateTime(data, 1, 3, &day, date);
    lxw.writeString(data, 2, 0, "Bob", nullptr);
    lxw.writeNumber(data, 2, 1, -7, nullptr);
    lxw.writeBoolean(data, 2, 2, 0, nullptr);
    lxw_datetime moment = {2023, 12, 25, 13, 45, 0};
    lxw.writeDateTime(data, 2, 3, &moment, dateTime);
    lxw.writeFormulaNumber(data, 3, 1, "=B2+B3", nullptr, 1227.5);
    lxw.writeFormulaString(data, 3, 0, "=A2&\" and \"&A3", nullptr, "Alice and Bob");
    lxw.mergeRange(data, 4, 0, 5, 2, "Merged title", merged);
    lxw.writeNumber(data, 7, 1, 42, nullptr); // A8 left empty, rows 7 and 9 absent
    lxw.writeString(data, 9, 0, "£640,000 – “quoted”", nullptr);

    lxw.writeString(secret, 0, 0, "hidden value", nullptr);
    lxw.hide(secret);

    const double serialValues[] = {1, 59, 60, 61, 0.5, 45382.75, -1, 1.5, 12, 45000};
    lxw_format *serialFormats[] = {date, date, date, date, time, dateTime, date, elapsed, days, builtIn};
    for (int i = 0; i < 10; ++i)
        lxw.writeNumber(serials, lxw_row_t(i), 0, serialValues[i], serialFormats[i]);

    return lxw.close(workbook) == LXW_NO_ERROR ? path : QString();
}

QString TestXlsxReader::writeHandMadeWorkbook()
{
    // What libxlsxwriter never writes: inline strings, cells and rows without r, rich text with
    // phonetic runs, error and formula-string cells, the 1904 date system, prefixed elements.
    const QByteArray inlineSheet = sheetXml(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>inline text</t></is></c>"
        "<c t=\"s\"><v>1</v></c><c t=\"s\"><v>0</v></c><c t=\"s\"><v>2</v></c></row>"
        "<row><c t=\"e\"><v>#DIV/0!</v></c><c t=\"str\"><f>A1&amp;\"x\"</f><v>inline textx</v></c><c t=\"b\"><v>1</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" s=\"1\"><v>0</v></c><c r=\"B4\" s=\"2\"><v>45000.5</v></c><c r=\"C4\" s=\"3\"><v>12.5</v></c>"
        "<c r=\"D4\" t=\"inlineStr\"><is><r><t>a</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">b </t></r><rPh sb=\"0\" eb=\"1\"><t>zz</t></rPh></is></c></row>",
        {}, "<dimension ref=\"A1:D4\"/>");
    const QByteArray prefixedSheet = xmlHeader() + "<x:worksheet xmlns:x=\"" + mainNs + "\"><x:dimension ref=\"A1:C2\"/><x:sheetData>"
        "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>wide</x:t></x:is></x:c></x:row>"
        "<x:row r=\"2\"><x:c r=\"A2\"/></x:row>"
        "</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A1:C2\"/></x:mergeCells></x:worksheet>";
    auto parts = workbookParts({inlineSheet, prefixedSheet}, "<workbookPr date1904=\"1\"/>", {{}, "veryHidden"});
    parts.insert(QStringLiteral("xl/sharedStrings.xml"),
                 xmlHeader() + "<sst xmlns=\"" + mainNs + "\" count=\"3\" uniqueCount=\"3\">"
                     "<si><t>plain</t></si>"
                     "<si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space=\"preserve\">text</t></r><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh><phoneticPr fontId=\"1\"/></si>"
                     "<si><t>line_x000D_break</t></si></sst>");
    parts.insert(QStringLiteral("xl/styles.xml"),
                 xmlHeader() + "<styleSheet xmlns=\"" + mainNs + "\">"
                     "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"d/m/yyyy\"/><numFmt numFmtId=\"165\" formatCode=\"0.0&quot;m&quot;\"/></numFmts>"
                     "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
                     "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/><xf numFmtId=\"14\"/><xf numFmtId=\"165\"/></cellXfs>"
                     "</styleSheet>");
    const QString path = m_dir.filePath(QStringLiteral("handmade.xlsx"));
    return writeZip(path, parts) ? path : QString();
}

QString TestXlsxReader::writeOds()
{
    const QByteArray content = xmlHeader()
        + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
          " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
          " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
          " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
          " xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\" office:version=\"1.2\">"
          "<office:automatic-styles>"
          "<style:style style:name=\"ta1\" style:family=\"table\"><style:table-properties table:display=\"true\"/></style:style>"
          "<style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties table:display=\"false\"/></style:style>"
          "</office:automatic-styles><office:body><office:spreadsheet>"
          "<table:table table:name=\"Values\" table:style-name=\"ta1\">"
          "<table:table-column table:number-columns-repeated=\"16384\"/>"
          "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Name</text:p></table:table-cell>"
          "<table:table-cell office:value-type=\"float\" office:value=\"1234.5\"><text:p>1,234.50</text:p></table:table-cell>"
          "<table:table-cell table:number-columns-repeated=\"16382\"/></table:table-row>"
          "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell office:value-type=\"percentage\" office:value=\"0.25\"><text:p>25%</text:p></table:table-cell>"
          "<table:table-cell table:number-columns-repeated=\"3\"/>"
          "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-02-29\"><text:p>29/02/24</text:p></table:table-cell>"
          "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-03-01T08:15:30\"><text:p>01/03/24 08:15</text:p></table:table-cell></table:table-row>"
          "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
          "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a<text:s text:c=\"3\"/>b  <text:span>span</text:span>"
          "<office:annotation><text:p>a comment</text:p></office:annotation></text:p><text:p>second</text:p></table:table-cell>"
          "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p></table:table-cell>"
          "<table:table-cell table:formula=\"of:=1/0\" office:value-type=\"string\" office:string-value=\"\" calcext:value-type=\"error\"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row>"
          "<table:table-row><table:table-cell table:number-columns-spanned=\"2\" table:number-rows-spanned=\"2\" office:value-type=\"string\"><text:p>merged</text:p></table:table-cell>"
          "<table:covered-table-cell/><table:table-cell office:value-type=\"float\" office:value=\"3\" table:formula=\"of:=1+2\"><text:p>3</text:p></table:table-cell></table:table-row>"
          "<table:table-row><table:covered-table-cell table:number-columns-repeated=\"2\"/>"
          "<table:table-cell office:value-type=\"currency\" office:currency=\"GBP\" office:value=\"640000\"><text:p>£640,000</text:p></table:table-cell></table:table-row>"
          "<table:table-row table:number-rows-repeated=\"1048560\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
          "</table:table>"
          "<table:table table:name=\"Hidden\" table:style-name=\"ta2\"><table:table-row>"
          "<table:table-cell office:value-type=\"time\" office:time-value=\"PT12H30M00S\"><text:p>12:30</text:p></table:table-cell></table:table-row></table:table>"
          // A span that ended (C1:D2) left of a wider one below it (A3:F4).
          "<table:table table:name=\"Spans\">"
          "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell><table:table-cell/>"
          "<table:table-cell table:number-columns-spanned=\"2\" table:number-rows-spanned=\"2\" office:value-type=\"string\"><text:p>z</text:p></table:table-cell>"
          "<table:covered-table-cell/></table:table-row>"
          "<table:table-row><table:table-cell table:number-columns-repeated=\"2\"/><table:covered-table-cell table:number-columns-repeated=\"2\"/></table:table-row>"
          "<table:table-row><table:table-cell table:number-columns-spanned=\"6\" table:number-rows-spanned=\"2\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>"
          "<table:covered-table-cell table:number-columns-repeated=\"5\"/></table:table-row>"
          "<table:table-row><table:covered-table-cell table:number-columns-repeated=\"6\"/></table:table-row></table:table>"
          "</office:spreadsheet></office:body></office:document-content>";
    const QString path = m_dir.filePath(QStringLiteral("values.ods"));
    const QMap<QString, QByteArray> parts = {
        {QStringLiteral("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"},
        {QStringLiteral("META-INF/manifest.xml"),
         xmlHeader() + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                       "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
                       "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>"},
        {QStringLiteral("content.xml"), content}};
    return writeZip(path, parts) ? path : QString();
}

QString TestXlsxReader::writeMillionRows()
{
    const QString path = m_dir.filePath(QStringLiteral("million.xlsx"));
    auto parts = workbookParts({QByteArray()});
    parts.remove(QStringLiteral("xl/worksheets/sheet1.xml"));
    ZipWriter zip(path);
    if (!zip.open())
        return {};
    for (auto it = parts.cbegin(); it != parts.cend(); ++it) {
        if (!zip.addEntry(it.key(), it.value()))
            return {};
    }
    if (!zip.beginEntry(QStringLiteral("xl/worksheets/sheet1.xml")))
        return {};
    QByteArray chunk = xmlHeader() + "<worksheet xmlns=\"" + mainNs + "\"><dimension ref=\"A1:A1048576\"/><sheetData>";
    for (qint64 row = 1; row <= 1'048'576; ++row) {
        const QByteArray n = QByteArray::number(row);
        chunk += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + n + "</v></c></row>";
        if (chunk.size() > 1024 * 1024) {
            if (!zip.write(chunk))
                return {};
            chunk.clear();
        }
    }
    chunk += "</sheetData></worksheet>";
    if (!zip.write(chunk) || !zip.endEntry() || !zip.close())
        return {};
    return path;
}

QString TestXlsxReader::writeZipBomb()
{
    // 200 MB of zeros deflate to about 200 KB: a ratio past 1000, the default limit.
    const QString path = m_dir.filePath(QStringLiteral("zip bomb.xlsx"));
    auto parts = workbookParts({QByteArray()});
    parts.remove(QStringLiteral("xl/worksheets/sheet1.xml"));
    ZipWriter zip(path);
    if (!zip.open())
        return {};
    for (auto it = parts.cbegin(); it != parts.cend(); ++it) {
        if (!zip.addEntry(it.key(), it.value()))
            return {};
    }
    const QByteArray zeros(1024 * 1024, '\0');
    if (!zip.beginEntry(QStringLiteral("xl/worksheets/sheet1.xml")))
        return {};
    for (int i = 0; i < 200; ++i) {
        if (!zip.write(zeros))
            return {};
    }
    return zip.endEntry() && zip.close() ? path : QString();
}

void TestXlsxReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (const char *key : {"basic", "handmade", "ods"})
        QVERIFY2(!fixture(QLatin1String(key)).isEmpty(), key);
}

void TestXlsxReader::largeSheetStreamsInBoundedMemory()
{
    const QString path = fixture(QStringLiteral("million"));
    QVERIFY(!path.isEmpty());
    // Reset the peak to the current size where the kernel allows it, so the growth measured is
    // this read's and not an earlier test's.
    {
        QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
        if (clearRefs.open(QIODevice::WriteOnly))
            clearRefs.write("5");
    }
    const qint64 peakBefore = qMax(procStatusKb("VmHWM:"), procStatusKb("VmRSS:"));

    XlsxReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    QCOMPARE(reader.sheets().value(0).rowCountHint, qint64(1'048'576));
    QCOMPARE(reader.sheets().value(0).columnCountHint, 1);
    qint64 rows = 0;
    qint64 lastRow = 0;
    double lastValue = 0;
    bool inOrder = true;
    QElapsedTimer timer;
    timer.start();
    const bool ok = reader.readRows(0, [&](qint64 row, const QList<Cell> &cells) {
        ++rows;
        inOrder = inOrder && row == lastRow + 1 && cells.size() == 1 && cells[0].number == double(row);
        lastRow = row;
        lastValue = cells.value(0).number;
        return true;
    }, &error);
    const qint64 elapsedMs = qMax<qint64>(timer.elapsed(), 1);
    QVERIFY2(ok, qPrintable(error));
    QCOMPARE(rows, qint64(1'048'576));
    QCOMPARE(lastRow, qint64(1'048'576));
    QCOMPARE(lastValue, 1'048'576.0);
    QVERIFY(inOrder);
    const qint64 growthKb = procStatusKb("VmHWM:") - peakBefore;
    qInfo("1,048,576 values read in %lld ms: %.0f values/s; peak RSS grew by %lld KB",
          elapsedMs, 1'048'576.0 * 1000.0 / double(elapsedMs), growthKb);
    if (!sanitized) // its quarantine holds freed memory on purpose: the peak says nothing there
        QVERIFY2(growthKb < 100 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 KB").arg(growthKb)));
}

void TestXlsxReader::sheets_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QList<bool>>("hidden");
    QTest::addColumn<qint64>("rowHint");
    QTest::addColumn<int>("columnHint");

    QTest::newRow("libxlsxwriter workbook, hidden second sheet")
        << "basic" << QStringList{"Data", "Secret", "Serials"} << QList<bool>{false, true, false} << qint64(10) << 4;
    QTest::newRow("hand-made workbook, veryHidden sheet")
        << "handmade" << QStringList{"Sheet1", "Sheet2"} << QList<bool>{false, true} << qint64(4) << 4;
    QTest::newRow("ods, hidden table style, no dimension record")
        << "ods" << QStringList{"Values", "Hidden", "Spans"} << QList<bool>{false, true, false} << qint64(-1) << -1;
}

void TestXlsxReader::sheets()
{
    QFETCH(QString, file);
    QFETCH(QStringList, names);
    QFETCH(QList<bool>, hidden);
    QFETCH(qint64, rowHint);
    QFETCH(int, columnHint);

    const QString path = fixture(file);
    std::unique_ptr<Reader> reader = readerForPath(path);
    QString error;
    QVERIFY2(reader->open(path, &error), qPrintable(error));
    const QList<SheetInfo> sheets = reader->sheets();
    QStringList actualNames;
    QList<bool> actualHidden;
    for (const SheetInfo &sheet : sheets) {
        actualNames << sheet.name;
        actualHidden << sheet.hidden;
    }
    QCOMPARE(actualNames, names);
    QCOMPARE(actualHidden, hidden);
    QCOMPARE(sheets.value(0).rowCountHint, rowHint);
    QCOMPARE(sheets.value(0).columnCountHint, columnHint);
}

void TestXlsxReader::cells_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("sheet");
    QTest::addColumn<QString>("cell");
    QTest::addColumn<Cell::Kind>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("number");
    QTest::addColumn<QString>("dateTime"); // ISO, UTC
    QTest::addColumn<bool>("fromFormula");
    QTest::addColumn<bool>("fromMerge");

    using K = Cell::Kind;
    const QString none;
    QTest::newRow("shared string") << "basic" << 0 << "A1" << K::Text << "Name" << 0.0 << none << false << false;
    QTest::newRow("number") << "basic" << 0 << "B2" << K::Number << none << 1234.5 << none << false << false;
    QTest::newRow("negative number") << "basic" << 0 << "B3" << K::Number << none << -7.0 << none << false << false;
    QTest::newRow("boolean true") << "basic" << 0 << "C2" << K::Boolean << none << 1.0 << none << false << false;
    QTest::newRow("boolean false") << "basic" << 0 << "C3" << K::Boolean << none << 0.0 << none << false << false;
    QTest::newRow("date") << "basic" << 0 << "D2" << K::DateTime << none << 45382.0 << "2024-03-31T00:00:00Z" << false << false;
    QTest::newRow("date and time") << "basic" << 0 << "D3" << K::DateTime << none << 45285.0 + 13.75 / 24
                                   << "2023-12-25T13:45:00Z" << false << false;
    QTest::newRow("formula, cached number") << "basic" << 0 << "B4" << K::Number << none << 1227.5 << none << true << false;
    QTest::newRow("formula, cached string") << "basic" << 0 << "A4" << K::Text << "Alice and Bob" << 0.0 << none << true << false;
    QTest::newRow("merge top-left") << "basic" << 0 << "A5" << K::Text << "Merged title" << 0.0 << none << false << false;
    QTest::newRow("merge, same row") << "basic" << 0 << "C5" << K::Text << "Merged title" << 0.0 << none << false << true;
    QTest::newRow("merge, next row") << "basic" << 0 << "B6" << K::Text << "Merged title" << 0.0 << none << false << true;
    QTest::newRow("gap before a value") << "basic" << 0 << "A8" << K::Empty << none << 0.0 << none << false << false;
    QTest::newRow("value after a gap") << "basic" << 0 << "B8" << K::Number << none << 42.0 << none << false << false;
    QTest::newRow("non-ASCII text") << "basic" << 0 << "A10" << K::Text << QString::fromUtf8("£640,000 – “quoted”") << 0.0 << none << false << false;
    QTest::newRow("hidden sheet") << "basic" << 1 << "A1" << K::Text << "hidden value" << 0.0 << none << false << false;

    QTest::newRow("inline string") << "handmade" << 0 << "A1" << K::Text << "inline text" << 0.0 << none << false << false;
    QTest::newRow("no r: next column, rich text without phonetic") << "handmade" << 0 << "B1" << K::Text << "rich text" << 0.0 << none << false << false;
    QTest::newRow("no r: third column") << "handmade" << 0 << "C1" << K::Text << "plain" << 0.0 << none << false << false;
    QTest::newRow("_x000D_ escape") << "handmade" << 0 << "D1" << K::Text << "line\rbreak" << 0.0 << none << false << false;
    QTest::newRow("row without r, error") << "handmade" << 0 << "A2" << K::Error << "#DIV/0!" << 0.0 << none << false << false;
    QTest::newRow("formula string (t=str)") << "handmade" << 0 << "B2" << K::Text << "inline textx" << 0.0 << none << true << false;
    QTest::newRow("t=b") << "handmade" << 0 << "C2" << K::Boolean << none << 1.0 << none << false << false;
    QTest::newRow("1904: serial 0, custom format") << "handmade" << 0 << "A4" << K::DateTime << none << 0.0 << "1904-01-01T00:00:00Z" << false << false;
    QTest::newRow("1904: built-in 14") << "handmade" << 0 << "B4" << K::DateTime << none << 45000.5 << "2027-03-16T12:00:00Z" << false << false;
    QTest::newRow("m inside quotes is not a date") << "handmade" << 0 << "C4" << K::Number << none << 12.5 << none << false << false;
    QTest::newRow("inline rich text, phonetic ignored") << "handmade" << 0 << "D4" << K::Text << "ab " << 0.0 << none << false << false;
    QTest::newRow("prefixed elements") << "handmade" << 1 << "A1" << K::Text << "wide" << 0.0 << none << false << false;
    QTest::newRow("prefixed merge, same row") << "handmade" << 1 << "C1" << K::Text << "wide" << 0.0 << none << false << true;
    QTest::newRow("prefixed merge, empty cell in range") << "handmade" << 1 << "A2" << K::Text << "wide" << 0.0 << none << false << true;

    QTest::newRow("ods string") << "ods" << 0 << "A1" << K::Text << "Name" << 0.0 << none << false << false;
    QTest::newRow("ods float") << "ods" << 0 << "B1" << K::Number << none << 1234.5 << none << false << false;
    QTest::newRow("ods percentage") << "ods" << 0 << "A2" << K::Number << none << 0.25 << none << false << false;
    QTest::newRow("ods repeated row") << "ods" << 0 << "A3" << K::Number << none << 0.25 << none << false << false;
    QTest::newRow("ods empties between") << "ods" << 0 << "D3" << K::Empty << none << 0.0 << none << false << false;
    QTest::newRow("ods date") << "ods" << 0 << "E2" << K::DateTime << none << 45351.0 << "2024-02-29T00:00:00Z" << false << false;
    QTest::newRow("ods date-time") << "ods" << 0 << "F3" << K::DateTime << none << 45352.0 + (8 * 3600 + 15 * 60 + 30) / 86400.0
                                   << "2024-03-01T08:15:30Z" << false << false;
    QTest::newRow("ods text:s, span, two paragraphs") << "ods" << 0 << "A7" << K::Text << "a   b span\nsecond" << 0.0 << none << false << false;
    QTest::newRow("ods boolean") << "ods" << 0 << "B7" << K::Boolean << none << 1.0 << none << false << false;
    QTest::newRow("ods error") << "ods" << 0 << "C7" << K::Error << "#DIV/0!" << 0.0 << none << true << false;
    QTest::newRow("ods spanning cell") << "ods" << 0 << "A8" << K::Text << "merged" << 0.0 << none << false << false;
    QTest::newRow("ods covered, same row") << "ods" << 0 << "B8" << K::Text << "merged" << 0.0 << none << false << true;
    QTest::newRow("ods formula") << "ods" << 0 << "C8" << K::Number << none << 3.0 << none << true << false;
    QTest::newRow("ods covered, next row") << "ods" << 0 << "B9" << K::Text << "merged" << 0.0 << none << false << true;
    QTest::newRow("ods currency") << "ods" << 0 << "C9" << K::Number << none << 640000.0 << none << false << false;
    QTest::newRow("ods covered below a span") << "ods" << 2 << "D2" << K::Text << "z" << 0.0 << none << false << true;
    QTest::newRow("ods covered right of an ended span") << "ods" << 2 << "D4" << K::Text << "x" << 0.0 << none << false << true;
    QTest::newRow("ods covered, wide span") << "ods" << 2 << "F3" << K::Text << "x" << 0.0 << none << false << true;
    QTest::newRow("ods time") << "ods" << 1 << "A1" << K::DateTime << none << 12.5 / 24 << "1899-12-31T12:30:00Z" << false << false;
}

void TestXlsxReader::cells()
{
    QFETCH(QString, file);
    QFETCH(int, sheet);
    QFETCH(QString, cell);
    QFETCH(Cell::Kind, kind);
    QFETCH(QString, text);
    QFETCH(double, number);
    QFETCH(QString, dateTime);
    QFETCH(bool, fromFormula);
    QFETCH(bool, fromMerge);

    const SheetDump dump = readSheet(fixture(file), sheet);
    QVERIFY2(dump.ok, qPrintable(dump.error));
    const Cell *found = dump.cell(cell);
    QVERIFY2(found, qPrintable(QStringLiteral("no cell %1").arg(cell)));
    QCOMPARE(found->kind, kind);
    QCOMPARE(found->text, text);
    QVERIFY2(qAbs(found->number - number) < 1e-9,
             qPrintable(QStringLiteral("number %1, expected %2").arg(found->number, 0, 'g', 17).arg(number, 0, 'g', 17)));
    if (!dateTime.isEmpty())
        QCOMPARE(found->dateTime, QDateTime::fromString(dateTime, Qt::ISODate));
    QCOMPARE(found->fromFormula, fromFormula);
    QCOMPARE(found->fromMerge, fromMerge);
}

void TestXlsxReader::rowShapes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("sheet");
    QTest::addColumn<QList<qint64>>("rowNumbers");
    QTest::addColumn<QList<int>>("widths");

    // Rows without values are not handed over; each row ends at its last value.
    QTest::newRow("libxlsxwriter") << "basic" << 0 << QList<qint64>{1, 2, 3, 4, 5, 6, 8, 10}
                                   << QList<int>{4, 4, 4, 2, 3, 3, 2, 1};
    QTest::newRow("hand-made, rows without r") << "handmade" << 0 << QList<qint64>{1, 2, 4} << QList<int>{4, 3, 4};
    QTest::newRow("ods, repeated rows and trailing empties")
        << "ods" << 0 << QList<qint64>{1, 2, 3, 7, 8, 9} << QList<int>{2, 6, 6, 3, 3, 3};
}

void TestXlsxReader::rowShapes()
{
    QFETCH(QString, file);
    QFETCH(int, sheet);
    QFETCH(QList<qint64>, rowNumbers);
    QFETCH(QList<int>, widths);

    const SheetDump dump = readSheet(fixture(file), sheet);
    QVERIFY2(dump.ok, qPrintable(dump.error));
    QCOMPARE(dump.rows.keys(), rowNumbers);
    QList<int> actualWidths;
    for (const QList<Cell> &cells : dump.rows)
        actualWidths << int(cells.size());
    QCOMPARE(actualWidths, widths);
}

void TestXlsxReader::refusals_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected"); // part of the message, besides the file's name
    QTest::addColumn<int>("limit");        // which ReaderLimits field to lower, 0 for none
    QTest::addColumn<qint64>("limitValue");

    QTest::newRow("empty file") << "empty" << "empty" << 0 << qint64(0);
    QTest::newRow("text renamed .xlsx") << "text" << "not a zip" << 0 << qint64(0);
    QTest::newRow("truncated zip (first half)") << "truncated" << "not a zip" << 0 << qint64(0);
    QTest::newRow("zip without a workbook") << "notworkbook" << "not an Excel workbook" << 0 << qint64(0);
    QTest::newRow("zip bomb, refused by ratio") << "zipbomb" << "zip bomb" << 0 << qint64(0);
    QTest::newRow("DOCTYPE entity bomb in a sheet") << "doctypesheet" << "DOCTYPE" << 0 << qint64(0);
    QTest::newRow("DOCTYPE entity bomb in shared strings") << "doctypestrings" << "DOCTYPE" << 0 << qint64(0);
    QTest::newRow("shared string index out of range") << "badshared" << "sheet \"Sheet1\", cell B1" << 0 << qint64(0);
    QTest::newRow("invalid number") << "badnumber" << "cell C3: invalid number" << 0 << qint64(0);
    QTest::newRow("malformed XML") << "brokenxml" << "malformed XML" << 0 << qint64(0);
    QTest::newRow("damaged entry (CRC)") << "damaged" << "checksum" << 0 << qint64(0);
    QTest::newRow("rows out of order") << "disorder" << "row 2 comes after row 5" << 0 << qint64(0);
    QTest::newRow("maxColumns") << "wide" << "column limit" << 1 << qint64(3);
    QTest::newRow("maxRows") << "tall" << "more than 2 rows" << 2 << qint64(2);
    QTest::newRow("maxCellTextBytes") << "longtext" << "cell A1: text longer than 4 bytes" << 3 << qint64(4);
    QTest::newRow("maxSharedStrings") << "manystrings" << "more than 2 shared strings" << 4 << qint64(2);
    QTest::newRow("maxSharedStringBytes") << "manystrings" << "shared strings exceed 2 bytes" << 5 << qint64(2);
    QTest::newRow("maxUncompressedBytes") << "basic" << "limit" << 6 << qint64(2000);
    QTest::newRow("merged range carried into too many cells") << "mergebomb" << "merged ranges cover more than" << 0 << qint64(0);
    QTest::newRow("ods repeated values expanding too far") << "odsrepeatbomb" << "expand to more than" << 0 << qint64(0);
    QTest::newRow("ods DOCTYPE entity bomb") << "odsdoctype" << "DOCTYPE" << 0 << qint64(0);
    QTest::newRow("ods text document") << "odstext" << "not a spreadsheet" << 0 << qint64(0);
    QTest::newRow("ods maxColumns") << "ods" << "column limit" << 1 << qint64(4);
    QTest::newRow("ods maxRows") << "ods" << "more than 8 rows" << 2 << qint64(8);
}

void TestXlsxReader::refusals()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QFETCH(int, limit);
    QFETCH(qint64, limitValue);

    ReaderLimits limits;
    switch (limit) {
    case 1: limits.maxColumns = int(limitValue); break;
    case 2: limits.maxRows = limitValue; break;
    case 3: limits.maxCellTextBytes = limitValue; break;
    case 4: limits.maxSharedStrings = limitValue; break;
    case 5: limits.maxSharedStringBytes = limitValue; break;
    case 6: limits.maxUncompressedBytes = limitValue; break;
    default: break;
    }
    const QString path = fixture(file);
    QVERIFY2(!path.isEmpty(), "fixture not written");
    QElapsedTimer timer;
    timer.start();
    const SheetDump dump = readSheet(path, 0, limits);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(!dump.opened || !dump.ok, "read although it should be refused");
    QVERIFY2(dump.error.contains(QFileInfo(path).fileName()), qPrintable(dump.error));
    QVERIFY2(dump.error.contains(expected), qPrintable(dump.error));
    // A guard against a refusal that inflates what it refuses (a hang), not a speed target: speed
    // is measured in bench/, and a loaded CI machine must not fail this.
    QVERIFY2(elapsed < 60000 * slowdown, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
}

void TestXlsxReader::handlerStopsEarly()
{
    for (const char *key : {"basic", "ods"}) {
        std::unique_ptr<Reader> reader = readerForPath(fixture(QLatin1String(key)));
        QString error;
        QVERIFY2(reader->open(fixture(QLatin1String(key)), &error), qPrintable(error));
        int rows = 0;
        QVERIFY2(reader->readRows(0, [&](qint64, const QList<Cell> &) { return ++rows < 2; }, &error),
                 qPrintable(error));
        QCOMPARE(rows, 2);
    }
}

void TestXlsxReader::progressCancels()
{
    XlsxReader reader;
    QString error;
    const QString path = fixture(QStringLiteral("million"));
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    qint64 lastDone = -1;
    qint64 lastTotal = 0;
    bool ascending = true;
    reader.setProgress([&](qint64 done, qint64 total) {
        ascending = ascending && done >= lastDone && done <= total;
        lastDone = done;
        lastTotal = total;
        return done < total * 3 / 4; // cancel during the row pass
    });
    int rows = 0;
    QVERIFY(!reader.readRows(0, [&](qint64, const QList<Cell> &) { ++rows; return true; }, &error));
    QCOMPARE(error, QStringLiteral("cancelled"));
    QVERIFY(ascending);
    QVERIFY(rows > 0 && rows < 1'048'576);
    QVERIFY(lastTotal > 0);
}

void TestXlsxReader::dateSerials_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<Cell::Kind>("kind");
    QTest::addColumn<QString>("dateTime");

    using K = Cell::Kind;
    QTest::newRow("serial 1 is 1900-01-01") << "A1" << K::DateTime << "1900-01-01T00:00:00Z";
    QTest::newRow("serial 59 is 1900-02-28") << "A2" << K::DateTime << "1900-02-28T00:00:00Z";
    QTest::newRow("serial 60, the fictitious 29 Feb, given as 28 Feb") << "A3" << K::DateTime << "1900-02-28T00:00:00Z";
    QTest::newRow("serial 61 is 1900-03-01") << "A4" << K::DateTime << "1900-03-01T00:00:00Z";
    QTest::newRow("time only") << "A5" << K::DateTime << "1899-12-31T12:00:00Z";
    QTest::newRow("date and time") << "A6" << K::DateTime << "2024-03-31T18:00:00Z";
    QTest::newRow("negative serial stays a number") << "A7" << K::Number << "";
    QTest::newRow("elapsed [h]:mm is a duration, a number") << "A8" << K::Number << "";
    QTest::newRow("\"days\" in quotes is not a date") << "A9" << K::Number << "";
    QTest::newRow("built-in format 14") << "A10" << K::DateTime << "2023-03-15T00:00:00Z";
}

void TestXlsxReader::dateSerials()
{
    QFETCH(QString, cell);
    QFETCH(Cell::Kind, kind);
    QFETCH(QString, dateTime);

    const SheetDump dump = readSheet(fixture(QStringLiteral("basic")), 2);
    QVERIFY2(dump.ok, qPrintable(dump.error));
    const Cell *found = dump.cell(cell);
    QVERIFY(found);
    QCOMPARE(found->kind, kind);
    if (!dateTime.isEmpty()) {
        QCOMPARE(found->dateTime, QDateTime::fromString(dateTime, Qt::ISODate));
        // The serial survives, and maps back.
        if (found->number != 60)
            QVERIFY(qAbs(oversight::import::excel::serialFromDateTime(found->dateTime) - found->number) < 1e-6);
    }
}

void TestXlsxReader::dateFormatCodes_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("isDate");

    QTest::newRow("General") << "General" << false;
    QTest::newRow("0.00") << "0.00" << false;
    QTest::newRow("yyyy-mm-dd") << "yyyy-mm-dd" << true;
    QTest::newRow("locale prefix") << "[$-409]mmmm d, yyyy" << true;
    QTest::newRow("colour then date") << "[Red]d/m/yy" << true;
    QTest::newRow("quoted letters") << "#,##0 \"days\"" << false;
    QTest::newRow("escaped letter") << "0\\m" << false;
    QTest::newRow("currency in brackets") << "[$£-809]#,##0.00" << false;
    QTest::newRow("elapsed hours") << "[h]:mm:ss" << false;
    QTest::newRow("time with AM/PM") << "h:mm AM/PM" << true;
    QTest::newRow("underscore padding") << "_-* #,##0_-" << false;
}

void TestXlsxReader::dateFormatCodes()
{
    QFETCH(QString, code);
    QFETCH(bool, isDate);
    QCOMPARE(oversight::import::excel::isDateFormatCode(code), isDate);
}

// ---- the worksheet and shared-strings scanner: XML as writers other than Excel produce it ------

namespace {

// Shared strings for the scanner cases: index 0 plain, 1 rich text with references, 2 an escape.
const QByteArray scannedSharedStrings = xmlHeader() + "<sst xmlns=\"" + mainNs + "\" count=\"3\" uniqueCount=\"3\">"
    "<si><t>zero</t></si>"
    "<si><r><rPr><b/></rPr><t>one &amp; </t></r><r><t xml:space=\"preserve\">&#x31;</t></r><rPh sb=\"0\" eb=\"1\"><t>ICHI</t></rPh></si>"
    "<si><t>two_x000A_lines</t></si></sst>";

// A comment long enough that what follows it crosses the scanner's first 256 KB chunk.
QByteArray chunkPadding()
{
    return "<!--" + QByteArray(262'100, '-').replace("--", "- ") + "-->";
}

// Letters that deflate about as badly as real text: long runs of one byte would pass the
// compression-ratio limit and be refused as a zip bomb.
QByteArray letters(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    quint32 x = 12345;
    for (char &c : bytes) {
        x = x * 1103515245u + 12345u;
        c = char('a' + (x >> 16) % 26);
    }
    return bytes;
}

QByteArray utf16le(const QByteArray &utf8)
{
    const QString text = QString::fromUtf8(utf8);
    QByteArray bytes("\xFF\xFE", 2);
    for (const QChar c : text) {
        bytes.append(char(c.unicode() & 0xFF));
        bytes.append(char(c.unicode() >> 8));
    }
    return bytes;
}

} // namespace

QString TestXlsxReader::writeScannedWorkbook(const QByteArray &sheet, const QByteArray &sharedStrings)
{
    static int counter = 0;
    const QString path = m_dir.filePath(QStringLiteral("scanned %1.xlsx").arg(++counter));
    auto parts = workbookParts({sheet});
    parts.insert(QStringLiteral("xl/sharedStrings.xml"), sharedStrings.isNull() ? scannedSharedStrings : sharedStrings);
    return writeZip(path, parts) ? path : QString();
}

void TestXlsxReader::scannedCells_data()
{
    QTest::addColumn<QByteArray>("sheet");
    QTest::addColumn<QByteArray>("sharedStrings"); // null for scannedSharedStrings
    QTest::addColumn<QString>("cell");
    QTest::addColumn<Cell::Kind>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("number");
    QTest::addColumn<bool>("fromFormula");
    QTest::addColumn<QList<qint64>>("rowNumbers"); // empty: not checked
    QTest::addColumn<QList<int>>("widths");

    using K = Cell::Kind;
    const QString none;
    const QByteArray ss; // the default shared strings
    const QList<qint64> anyRows;
    const QList<int> anyWidths;

    const QByteArray prefixed = xmlHeader() + "<x:worksheet xmlns:x=\"" + mainNs + "\"><x:sheetData>"
        "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\"><x:v>2.5</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>";
    QTest::newRow("prefixed elements, shared string") << prefixed << ss << "A1" << K::Text << "zero" << 0.0 << false << QList<qint64>{1} << QList<int>{2};
    QTest::newRow("prefixed elements, number") << prefixed << ss << "B1" << K::Number << none << 2.5 << false << anyRows << anyWidths;
    const QByteArray prefixOnRow = sheetXml("<row r=\"1\" xmlns:y=\"" + mainNs + "\"><y:c r=\"A1\"><y:v>3</y:v></y:c></row>");
    QTest::newRow("prefix declared on the row") << prefixOnRow << ss << "A1" << K::Number << none << 3.0 << false << anyRows << anyWidths;

    const QByteArray attributes = sheetXml("<row r='1'><c s='0' t='s' r='B1'><v>1</v></c>"
                                           "<c\n  r = \"C1\"\tt=\"n\" ><v> 12.5 </v ></c ></row >");
    QTest::newRow("attributes in any order, single quotes, rich shared string") << attributes << ss << "B1" << K::Text << "one & 1" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("whitespace in tags and around a number") << attributes << ss << "C1" << K::Number << none << 12.5 << false << anyRows << anyWidths;

    const QByteArray implicit = sheetXml("<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>"
                                         "<row r=\"5\"><c><v>1</v></c><c r=\"D5\"><v>4</v></c><c><v>5</v></c></row><row><c><v>6</v></c></row>");
    const QList<qint64> implicitRows{1, 2, 5, 6};
    const QList<int> implicitWidths{2, 1, 5, 1};
    QTest::newRow("no r: first row, second column") << implicit << ss << "B1" << K::Number << none << 2.0 << false << implicitRows << implicitWidths;
    QTest::newRow("no r: second row") << implicit << ss << "A2" << K::Number << none << 3.0 << false << anyRows << anyWidths;
    QTest::newRow("no r after an explicit cell") << implicit << ss << "E5" << K::Number << none << 5.0 << false << anyRows << anyWidths;
    QTest::newRow("no r after an explicit row") << implicit << ss << "A6" << K::Number << none << 6.0 << false << anyRows << anyWidths;

    const QByteArray types = sheetXml(
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>2</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
        "<c r=\"C1\" t=\"str\"><f>B1&amp;\"!\"</f><v>inline!</v></c><c r=\"D1\" t=\"b\"><v>0</v></c>"
        "<c r=\"E1\" t=\"e\"><v>#N/A</v></c><c r=\"F1\" t=\"n\"><v>-1.5E-3</v></c><c r=\"G1\" t=\"d\"><v>2024-03-31T12:30:00</v></c>"
        "<c r=\"H1\"><v>007</v></c><c r=\"I1\" t=\"&#115;\"><v>0</v></c></row>");
    QTest::newRow("t=s with an escape") << types << ss << "A1" << K::Text << "two\nlines" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("t=inlineStr") << types << ss << "B1" << K::Text << "inline" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("t=str, a formula's cached text") << types << ss << "C1" << K::Text << "inline!" << 0.0 << true << anyRows << anyWidths;
    QTest::newRow("t=b") << types << ss << "D1" << K::Boolean << none << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("t=e") << types << ss << "E1" << K::Error << "#N/A" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("t=n, exponent") << types << ss << "F1" << K::Number << none << -0.0015 << false << anyRows << anyWidths;
    QTest::newRow("t=d") << types << ss << "G1" << K::DateTime << none << 45382.0 + 12.5 / 24 << false << anyRows << anyWidths;
    QTest::newRow("no t, leading zeros") << types << ss << "H1" << K::Number << none << 7.0 << false << anyRows << anyWidths;
    QTest::newRow("t given by a character reference") << types << ss << "I1" << K::Text << "zero" << 0.0 << false << anyRows << anyWidths;

    const QByteArray selfClosing = sheetXml("<row r=\"2\"><c r=\"A2\" s=\"3\"/><c r=\"B2\"><v>9</v></c><c r=\"C2\" s=\"1\"/></row>"
                                            "<row r=\"3\" spans=\"1:3\"/><row r=\"4\"><c r=\"B4\"/></row>");
    QTest::newRow("self-closing cell before a value") << selfClosing << ss << "A2" << K::Empty << none << 0.0 << false << QList<qint64>{2} << QList<int>{2};
    QTest::newRow("value after a self-closing cell") << selfClosing << ss << "B2" << K::Number << none << 9.0 << false << anyRows << anyWidths;

    const QByteArray entities = sheetXml(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>&#65;&#x42;&#x20AC;&#128512;&#9;</t></is></c>"
        "<c r=\"C1\" t=\"str\"><v>&#x31;&#50;</v></c><c r=\"D1\"><v>&#x31;&#50;</v></c></row>");
    QTest::newRow("predefined entities") << entities << ss << "A1" << K::Text << "a & b <c> \"d\" 'e'" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("character references") << entities << ss << "B1" << K::Text << QString::fromUtf8("AB€😀\t") << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("character references in text") << entities << ss << "C1" << K::Text << "12" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("character references in a number") << entities << ss << "D1" << K::Number << none << 12.0 << false << anyRows << anyWidths;

    const QByteArray richText = sheetXml(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><r><rPr><b/><sz val=\"11\"/></rPr><t>bold</t></r><r><t xml:space=\"preserve\"> plain </t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">  padded  </t></is></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>line_x000D_break</t></is></c></row>");
    QTest::newRow("rich-text runs, phonetic run ignored") << richText << ss << "A1" << K::Text << "bold plain " << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("xml:space=preserve") << richText << ss << "B1" << K::Text << "  padded  " << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("_x000D_ escape in inline text") << richText << ss << "C1" << K::Text << "line\rbreak" << 0.0 << false << anyRows << anyWidths;

    const QByteArray markup = xmlHeader() + "<!-- before the root --><?producer x?>\n<worksheet xmlns=\"" + mainNs + "\"><sheetData>"
        "<row r=\"1\"><!-- note --><c r=\"A1\"><?pi x?><v>1<!-- x -->2</v></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t><![CDATA[<b> & ]]]]><![CDATA[>]]></t></is></c>"
        "<c r=\"C1\"><v><![CDATA[42]]></v></c></row></sheetData></worksheet>";
    QTest::newRow("comments and processing instructions") << markup << ss << "A1" << K::Number << none << 12.0 << false << anyRows << anyWidths;
    QTest::newRow("CDATA in text") << markup << ss << "B1" << K::Text << "<b> & ]]>" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("CDATA in a value") << markup << ss << "C1" << K::Number << none << 42.0 << false << anyRows << anyWidths;

    const QByteArray skipped = sheetXml(
        "<row r=\"1\"><c r=\"A1\"><extLst><ext uri=\"{x}\"><v>99</v></ext></extLst><v>7</v></c>"
        "<unknown a=\"1\"><c r=\"B1\"><v>8</v></c></unknown><c r=\"C1\"><v>9</v><x14:foo xmlns:x14=\"urn:x\"/></c></row>"
        "<extLst><ext><row r=\"2\"><c><v>1</v></c></row></ext></extLst>",
        "<extLst><ext uri=\"{y}\"/></extLst>", "<sheetPr><tabColor rgb=\"FF00FF00\"/></sheetPr><cols><col min=\"1\" max=\"2\" width=\"9\"/></cols>");
    QTest::newRow("extLst inside a cell skipped") << skipped << ss << "A1" << K::Number << none << 7.0 << false << QList<qint64>{1} << QList<int>{3};
    QTest::newRow("cell inside an unknown element skipped") << skipped << ss << "B1" << K::Empty << none << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("unknown element after the value") << skipped << ss << "C1" << K::Number << none << 9.0 << false << anyRows << anyWidths;

    const QByteArray lineEnds = sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb\rc\nd</t></is></c>"
                                         "<c r=\"B1\" t=\"inlineStr\"><is><t>a&#13;&#10;b</t></is></c></row>");
    QTest::newRow("line ends normalised") << lineEnds << ss << "A1" << K::Text << "a\nb\nc\nd" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("line ends by reference kept") << lineEnds << ss << "B1" << K::Text << "a\r\nb" << 0.0 << false << anyRows << anyWidths;

    QTest::newRow("byte-order mark, non-ASCII text")
        << QByteArray("\xEF\xBB\xBF") + sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>£640,000 – “quoted”</t></is></c></row>")
        << ss << "A1" << K::Text << QString::fromUtf8("£640,000 – “quoted”") << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("UTF-16 sheet")
        << utf16le("<?xml version=\"1.0\" encoding=\"UTF-16\"?><worksheet xmlns=\"" + mainNs
                   + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>£ wide</t></is></c></row></sheetData></worksheet>")
        << ss << "A1" << K::Text << QString::fromUtf8("£ wide") << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("ISO-8859-1 sheet")
        << QByteArray("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet xmlns=\"" + mainNs
                      + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xA3 5</t></is></c></row></sheetData></worksheet>")
        << ss << "A1" << K::Text << QString::fromUtf8("£ 5") << 0.0 << false << anyRows << anyWidths;

    // Text, references, line ends and tags that straddle the scanner's 256 KB chunks: nine long
    // texts, each shifted by one more byte, meet the chunk ends at different points of the pattern.
    QByteArray straddlingRow = "<row r=\"1\">";
    for (int shift = 0; shift < 9; ++shift)
        straddlingRow += "<c t=\"inlineStr\"><is><t>" + QByteArray(shift, 'p') + QByteArray("ab&amp;\r\n&#x20AC;").repeated(9'000) + "</t></is></c>";
    straddlingRow += "<c custom=\"" + letters(300'000) + "\"><v>5</v></c></row>";
    const QByteArray straddling = sheetXml(straddlingRow);
    for (int shift = 0; shift < 9; ++shift) {
        QTest::addRow("text across chunks, shifted by %d", shift)
            << straddling << ss << columnName(shift) + "1" << K::Text
            << QString(shift, u'p') + QString::fromUtf8("ab&\n€").repeated(9'000) << 0.0 << false << anyRows << anyWidths;
    }
    QTest::newRow("tag across chunks") << straddling << ss << "J1" << K::Number << none << 5.0 << false << anyRows << anyWidths;

    const QByteArray strings = xmlHeader() + "<x:sst xmlns:x=\"" + mainNs + "\"><!-- c --><x:si><x:t>&lt;p&gt;</x:t></x:si>"
        "<x:si><x:t><![CDATA[cd]]>ata</x:t></x:si><x:si><x:r><x:t>r1</x:t></x:r><x:r><x:rPr/><x:t>r2</x:t></x:r></x:si><x:si/></x:sst>";
    const QByteArray stringCells = sheetXml("<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c>"
                                            "<c t=\"s\"><v>3</v></c><c t=\"s\"><v>0</v></c></row>");
    QTest::newRow("shared strings: prefixed, entities") << stringCells << strings << "A1" << K::Text << "<p>" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("shared strings: CDATA") << stringCells << strings << "B1" << K::Text << "cdata" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("shared strings: runs") << stringCells << strings << "C1" << K::Text << "r1r2" << 0.0 << false << anyRows << anyWidths;
    QTest::newRow("shared strings: empty item") << stringCells << strings << "D1" << K::Text << "" << 0.0 << false << anyRows << anyWidths;
}

void TestXlsxReader::scannedCells()
{
    QFETCH(QByteArray, sheet);
    QFETCH(QByteArray, sharedStrings);
    QFETCH(QString, cell);
    QFETCH(Cell::Kind, kind);
    QFETCH(QString, text);
    QFETCH(double, number);
    QFETCH(bool, fromFormula);
    QFETCH(QList<qint64>, rowNumbers);
    QFETCH(QList<int>, widths);

    const QString path = writeScannedWorkbook(sheet, sharedStrings);
    QVERIFY2(!path.isEmpty(), "fixture not written");
    const SheetDump dump = readSheet(path, 0);
    QVERIFY2(dump.ok, qPrintable(dump.error));
    if (!rowNumbers.isEmpty()) {
        QCOMPARE(dump.rows.keys(), rowNumbers);
        QList<int> actualWidths;
        for (const QList<Cell> &cells : dump.rows)
            actualWidths << int(cells.size());
        QCOMPARE(actualWidths, widths);
    }
    const Cell *found = dump.cell(cell);
    if (kind == Cell::Kind::Empty && !found)
        return; // past the end of its row: empty too
    QVERIFY2(found, qPrintable(QStringLiteral("no cell %1").arg(cell)));
    QCOMPARE(found->kind, kind);
    QCOMPARE(found->text, text);
    QCOMPARE(found->number, number);
    QCOMPARE(found->fromFormula, fromFormula);
    QCOMPARE(found->fromMerge, false);
}

void TestXlsxReader::scannedRefusals_data()
{
    QTest::addColumn<QByteArray>("sheet");
    QTest::addColumn<QByteArray>("sharedStrings"); // null for scannedSharedStrings
    QTest::addColumn<QStringList>("expected");     // each in the message, besides the file's name

    const QByteArray ss;
    const QByteArray row1 = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
    const auto sheetWith = [&](const QByteArray &rows) { return sheetXml(row1 + rows); };
    const QString row2 = QStringLiteral("sheet \"Sheet1\", row 2: malformed XML");

    QTest::newRow("truncated in a value")
        << QByteArray(xmlHeader() + "<worksheet xmlns=\"" + mainNs + "\"><sheetData>" + row1 + "<row r=\"2\"><c r=\"A2\"><v>1")
        << ss << QStringList{row2, QStringLiteral("Premature end of document")};
    QTest::newRow("truncated in a tag")
        << QByteArray(xmlHeader() + "<worksheet xmlns=\"" + mainNs + "\"><sheetData>" + row1 + "<row r=\"2\"><c r=\"A")
        << ss << QStringList{row2, QStringLiteral("Premature end of document")};
    QTest::newRow("truncated before sheetData")
        << QByteArray(xmlHeader() + "<worksheet xmlns=\"" + mainNs + "\"><sheetViews><sheetView ")
        << ss << QStringList{QStringLiteral("sheet \"Sheet1\": malformed XML"), QStringLiteral("Premature end of document")};
    QTest::newRow("DOCTYPE in the sheet's content")
        << sheetWith("<!DOCTYPE x [<!ENTITY e \"e\">]><row r=\"2\"/>") << ss << QStringList{QStringLiteral("DOCTYPE")};
    QTest::newRow("end tag mismatch")
        << sheetWith("<row r=\"2\"><c r=\"A2\"><v>1</c></row>") << ss << QStringList{row2, QStringLiteral("Opening and ending tag mismatch")};
    QTest::newRow("undeclared prefix")
        << sheetWith("<row r=\"2\"><q:c r=\"A2\"/></row>") << ss << QStringList{row2, QStringLiteral("Namespace prefix 'q' not declared")};
    QTest::newRow("prefix out of scope")
        << sheetWith("<row r=\"2\" xmlns:q=\"u\"/><row r=\"3\"><q:c r=\"A3\"/></row>") << ss
        << QStringList{QStringLiteral("sheet \"Sheet1\", row 3: malformed XML"), QStringLiteral("Namespace prefix 'q' not declared")};
    QTest::newRow("undeclared entity")
        << sheetWith("<row r=\"2\"><c r=\"A2\" t=\"str\"><v>&nbsp;</v></c></row>") << ss << QStringList{row2, QStringLiteral("Entity 'nbsp' not declared")};
    QTest::newRow("reference without ;")
        << sheetWith("<row r=\"2\"><c r=\"A2\" t=\"str\"><v>&amp b</v></c></row>") << ss << QStringList{row2, QStringLiteral("Expected ';'")};
    QTest::newRow("invalid character reference")
        << sheetWith("<row r=\"2\"><c r=\"A2\" t=\"str\"><v>&#1;</v></c></row>") << ss << QStringList{row2, QStringLiteral("Invalid character reference")};
    QTest::newRow("control character")
        << sheetWith("<row r=\"2\"><c r=\"A2\" t=\"str\"><v>a\x01</v></c></row>") << ss << QStringList{row2, QStringLiteral("Invalid XML character")};
    QTest::newRow("invalid UTF-8")
        << sheetWith("<row r=\"2\"><c r=\"A2\" t=\"str\"><v>\xC3\x28</v></c></row>") << ss << QStringList{row2, QStringLiteral("incorrectly encoded")};
    QTest::newRow("]]> in text")
        << sheetWith("<row r=\"2\"><c r=\"A2\" t=\"str\"><v>a]]>b</v></c></row>") << ss << QStringList{row2, QStringLiteral("']]>' not allowed")};
    QTest::newRow("attribute twice")
        << sheetWith("<row r=\"2\"><c r=\"A2\" r=\"B2\"/></row>") << ss << QStringList{row2, QStringLiteral("Attribute 'r' redefined")};
    QTest::newRow("unquoted attribute")
        << sheetWith("<row r=\"2\"><c r=A2/></row>") << ss << QStringList{row2, QStringLiteral("Expected ''' or '\"'")};
    QTest::newRow("< in an attribute")
        << sheetWith("<row r=\"2\"><c r=\"A2\" s=\"<\"/></row>") << ss << QStringList{row2, QStringLiteral("Unexpected '<'")};
    QTest::newRow("element inside <t>")
        << sheetWith("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a<b/>c</t></is></c></row>") << ss
        << QStringList{row2, QStringLiteral("Expected character data")};
    QTest::newRow("text before the root")
        << QByteArray(xmlHeader() + "x<worksheet xmlns=\"" + mainNs + "\"><sheetData/></worksheet>") << ss
        << QStringList{QStringLiteral("sheet \"Sheet1\": malformed XML at line 2, column 1"), QStringLiteral("Start tag expected")};
    QTest::newRow("XML declaration not first")
        << QByteArray(" " + sheetXml(row1)) << ss << QStringList{QStringLiteral("XML declaration not at start of document")};
    QTest::newRow("unsupported encoding")
        << QByteArray("<?xml version=\"1.0\" encoding=\"x-unknown-1\"?>" + sheetXml(row1).mid(xmlHeader().size())) << ss
        << QStringList{QStringLiteral("Encoding x-unknown-1 is unsupported")};
    QTest::newRow("tag longer than the scanner takes")
        << sheetWith("<row r=\"2\"><c r=\"A2\" custom=\"" + letters(XmlScanner::maxTokenBytes + 10) + "\"/></row>") << ss
        << QStringList{row2, QStringLiteral("A tag longer than")};
    QTest::newRow("elements nested too deep")
        << sheetWith("<row r=\"2\"><c r=\"A2\">" + QByteArray("<x>").repeated(XmlScanner::maxDepth) + "</c></row>") << ss
        << QStringList{row2, QStringLiteral("nested more than")};
    QTest::newRow("name longer than the scanner takes")
        << sheetWith("<row r=\"2\"><c r=\"A2\"><" + letters(XmlScanner::maxNameBytes + 1) + "/></c></row>") << ss
        << QStringList{row2, QStringLiteral("A name longer than")};
    QByteArray manyAttributes = "<row r=\"2\"><c r=\"A2\"";
    for (int i = 0; i <= XmlScanner::maxAttributes; ++i)
        manyAttributes += " a" + QByteArray::number(i) + "=\"\"";
    QTest::newRow("too many attributes")
        << sheetWith(manyAttributes + "/></row>") << ss << QStringList{row2, QStringLiteral("More than 1024 attributes")};
    QByteArray manyPrefixes;
    for (int i = 0; i < 5; ++i) {
        manyPrefixes += "<x";
        for (int j = 0; j < 1000; ++j)
            manyPrefixes += " xmlns:p" + QByteArray::number(i) + "_" + QByteArray::number(j) + "=\"u\"";
        manyPrefixes += ">";
    }
    QTest::newRow("too many namespace prefixes in scope")
        << sheetWith("<row r=\"2\"><c r=\"A2\">" + manyPrefixes + "</c></row>") << ss
        << QStringList{row2, QStringLiteral("More than 4096 namespace prefixes")};
    QTest::newRow("a cell's text past the limit, in pieces across chunks")
        << sheetWith(chunkPadding() + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>" + letters(1'000'000) + "</t></is></c></row>") << ss
        << QStringList{QStringLiteral("sheet \"Sheet1\", cell A2: text longer than 131068 bytes")};
    QTest::newRow("malformed shared strings")
        << sheetXml(row1) << QByteArray(xmlHeader() + "<sst xmlns=\"" + mainNs + "\"><si><t>a</si></sst>")
        << QStringList{QStringLiteral("shared strings (entry xl/sharedStrings.xml): malformed XML"), QStringLiteral("Opening and ending tag mismatch")};
    QTest::newRow("truncated shared strings")
        << sheetXml(row1) << QByteArray(xmlHeader() + "<sst xmlns=\"" + mainNs + "\"><si><t>a")
        << QStringList{QStringLiteral("shared strings (entry xl/sharedStrings.xml): malformed XML"), QStringLiteral("Premature end of document")};
}

void TestXlsxReader::scannedRefusals()
{
    QFETCH(QByteArray, sheet);
    QFETCH(QByteArray, sharedStrings);
    QFETCH(QStringList, expected);

    const QString path = writeScannedWorkbook(sheet, sharedStrings);
    QVERIFY2(!path.isEmpty(), "fixture not written");
    const SheetDump dump = readSheet(path, 0);
    QVERIFY2(!dump.opened || !dump.ok, "read although it should be refused");
    QVERIFY2(dump.error.contains(QFileInfo(path).fileName()), qPrintable(dump.error));
    for (const QString &part : expected)
        QVERIFY2(dump.error.contains(part), qPrintable(QStringLiteral("\"%1\" not in: %2").arg(part, dump.error)));
}

QTEST_GUILESS_MAIN(TestXlsxReader)
#include "tst_xlsxreader.moc"
