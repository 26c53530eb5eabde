#include "xlsxreader.h"

#include "xmlscanner.h"
#include "zipsource.h"

#include <QFileInfo>
#include <QHash>
#include <QXmlStreamReader>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

namespace oversight::import {

// ---- excel:: helpers ------------------------------------------------------------------------

namespace excel {

namespace {
constexpr qint64 msPerDay = 86'400'000;
constexpr double lastSerial1900 = 2'958'465.0; // 9999-12-31
} // namespace

QDateTime dateTimeFromSerial(double serial, bool date1904)
{
    if (!std::isfinite(serial) || serial < 0)
        return {};
    QDate base;
    if (date1904)
        base = QDate(1904, 1, 1);
    else if (serial < 60)
        base = QDate(1899, 12, 31); // serial 1 = 1900-01-01, before Excel's phantom leap day
    else
        base = QDate(1899, 12, 30); // from serial 61 (1900-03-01); 60 lands on 28 February
    if (serial + (date1904 ? 1462 : 0) > lastSerial1900 + 1)
        return {};
    qint64 days = qint64(std::floor(serial));
    qint64 ms = std::llround((serial - double(days)) * double(msPerDay));
    if (ms >= msPerDay) { // rounding up to midnight belongs to the next day
        ++days;
        ms -= msPerDay;
    }
    const QDate date = base.addDays(days);
    if (!date.isValid() || date.year() > 9999)
        return {};
    return QDateTime(date, QTime::fromMSecsSinceStartOfDay(int(ms)), Qt::UTC);
}

double serialFromDateTime(const QDateTime &dateTime)
{
    if (!dateTime.isValid())
        return 0.0;
    const QDate date = dateTime.date();
    double days = double(QDate(1899, 12, 30).daysTo(date));
    if (date < QDate(1900, 3, 1))
        days -= 1; // Excel counts the fictitious 29 February 1900 from March on
    return days + double(dateTime.time().msecsSinceStartOfDay()) / double(msPerDay);
}

QString a1(int column, qint64 row)
{
    return cellReference(column, row);
}

namespace {
char16_t unitAt(QStringView text, qsizetype i)
{
    return text[i].unicode();
}

char16_t unitAt(QByteArrayView text, qsizetype i)
{
    return char16_t(uchar(text[i]));
}

// One reading of "B12" / "$B$12" for text (QStringView) and for bytes (QByteArrayView). Without
// a row pointer a reference may leave the row out ("B").
template <typename Text>
bool parseReference(Text reference, int *column, qint64 *row)
{
    qsizetype i = 0;
    const qsizetype n = reference.size();
    if (i < n && unitAt(reference, i) == u'$')
        ++i;
    int col = 0;
    int letters = 0;
    for (; i < n; ++i) {
        const char16_t c = unitAt(reference, i);
        int value;
        if (c >= u'A' && c <= u'Z')
            value = c - u'A' + 1;
        else if (c >= u'a' && c <= u'z')
            value = c - u'a' + 1;
        else
            break;
        if (++letters > 3) // past XFD; also keeps the arithmetic far from overflow
            return false;
        col = col * 26 + value;
    }
    if (letters == 0)
        return false;
    if (i < n && unitAt(reference, i) == u'$')
        ++i;
    qint64 r = 0;
    int digits = 0;
    for (; i < n; ++i) {
        const char16_t c = unitAt(reference, i);
        if (c < u'0' || c > u'9' || ++digits > 10)
            return false;
        r = r * 10 + (c - u'0');
    }
    if (row) {
        if (digits == 0 || r < 1)
            return false;
        *row = r;
    } else if (digits != 0 && r < 1) {
        return false;
    }
    *column = col - 1;
    return true;
}
} // namespace

bool parseA1(QStringView reference, int *column, qint64 *row)
{
    return parseReference(reference, column, row);
}

bool parseColumnReference(QByteArrayView reference, int *column)
{
    return parseReference(reference, column, nullptr);
}

qint64 utf8Length(QStringView text)
{
    qint64 bytes = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x80)
            bytes += 1;
        else if (u < 0x800 || c.isSurrogate()) // a surrogate pair is 4 bytes, 2 per half
            bytes += 2;
        else
            bytes += 3;
    }
    return bytes;
}

bool isBuiltInDateFormat(int numFmtId)
{
    return (numFmtId >= 14 && numFmtId <= 22) || (numFmtId >= 45 && numFmtId <= 47);
}

bool isDateFormatCode(QStringView code)
{
    bool dateLetter = false;
    for (qsizetype i = 0; i < code.size(); ++i) {
        const char16_t c = code[i].unicode();
        switch (c) {
        case u'"': { // literal text
            const qsizetype close = code.indexOf(u'"', i + 1);
            i = close < 0 ? code.size() : close;
            break;
        }
        case u'[': { // colour, condition, locale ... or elapsed time
            const qsizetype close = code.indexOf(u']', i + 1);
            const QStringView inside = code.mid(i + 1, (close < 0 ? code.size() : close) - i - 1);
            const bool elapsed = !inside.isEmpty()
                && std::all_of(inside.begin(), inside.end(), [](QChar ch) {
                       const char16_t l = ch.toLower().unicode();
                       return l == u'h' || l == u'm' || l == u's';
                   });
            if (elapsed) // [h]:mm is a duration; a date-time would misread 36 hours as a date
                return false;
            i = close < 0 ? code.size() : close;
            break;
        }
        case u'\\': // escaped character
        case u'_':  // space the width of the next character
        case u'*':  // repeat the next character
            ++i;
            break;
        default:
            switch (QChar(c).toLower().unicode()) {
            case u'd':
            case u'm':
            case u'y':
            case u'h':
            case u's':
                dateLetter = true;
                break;
            default:
                break;
            }
        }
    }
    return dateLetter;
}

} // namespace excel

// ---- parsing helpers ------------------------------------------------------------------------

namespace {

using excel::a1;
using excel::utf8Length;

constexpr int rowsPerProgress = 1024;
constexpr qint64 maxMergedRanges = 1'000'000;
constexpr qint64 maxMergeCarriedCells = 10'000'000; // per sheet: a hostile A1:XFD1048576 stops here
constexpr qsizetype maxSheets = 10'000; // far past any real workbook; each sheet costs a look at its part
constexpr qint64 maxStructurePartBytes = 256 * 1024 * 1024; // workbook, rels, styles

// The returned view points into the attributes: callers keep them in a local, never a temporary.
QStringView attribute(QXmlStreamAttributes &&, QStringView) = delete;
QStringView attribute(const QXmlStreamAttributes &attributes, QStringView name)
{
    for (const QXmlStreamAttribute &a : attributes) {
        if (a.name() == name)
            return a.value();
    }
    return {};
}

// "_x000D_" style escapes: OOXML's way of storing characters XML cannot carry.
QString decodeOoxmlEscapes(QString text)
{
    if (!text.contains(QLatin1String("_x")))
        return text;
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'_' && i + 6 < text.size() && text[i + 1] == u'x' && text[i + 6] == u'_') {
            bool ok = false;
            const uint code = QStringView(text).mid(i + 2, 4).toUInt(&ok, 16);
            if (ok) {
                out.append(QChar(char16_t(code)));
                i += 6;
                continue;
            }
        }
        out.append(text[i]);
    }
    return out;
}

using Token = XmlScanner::Token;

// An element's or attribute's name against a literal, compared inline: names are compared
// several times for every cell.
template <qsizetype N>
bool is(QByteArrayView name, const char (&literal)[N])
{
    return name.size() == N - 1 && std::memcmp(name.data(), literal, N - 1) == 0;
}

QByteArrayView view(const std::string &text)
{
    return QByteArrayView(text.data(), qsizetype(text.size()));
}

// Bytes an <si>, <is> or <v> may gather before it is refused: the cell limit applies to the text
// once _xHHHH_ escapes are decoded, and an escape is 7 bytes for as little as 1.
qsizetype gatheredTextCap(const ReaderLimits &limits)
{
    return qsizetype(qMin<qint64>(limits.maxCellTextBytes, qint64(256) * 1024 * 1024) * 7 + 8);
}

// Appends an element's text to *text (it holds character data only, as readElementText()
// requires: a child element is an error). False on an error, or with *tooLong set when the text
// passes maxBytes.
bool readElementText(XmlScanner &xml, std::string *text, qsizetype maxBytes, bool *tooLong)
{
    for (;;) {
        switch (xml.next()) {
        case Token::Characters:
            if (qsizetype(text->size()) + xml.text().size() > maxBytes) {
                *tooLong = true;
                return false;
            }
            text->append(xml.text().data(), size_t(xml.text().size()));
            break;
        case Token::EndElement:
            return true;
        case Token::StartElement:
            xml.raiseError(QStringLiteral("Expected character data."));
            return false;
        default:
            return false;
        }
    }
}

// Text of an <si> or <is> element, in UTF-8: its <t>, or the <t> of each rich-text run <r>,
// concatenated; phonetic guides (<rPh>) are pronunciation hints, not content. False on an error,
// or with *tooLong set when the text passes maxBytes.
bool readStringItem(XmlScanner &xml, std::string *text, qsizetype maxBytes, bool *tooLong)
{
    text->clear();
    // The usual shape, <t>plain text</t> alone, without a token per part.
    QByteArrayView plain;
    if (xml.readPlainElement("t", &plain)) {
        if (plain.size() > maxBytes) {
            *tooLong = true;
            return false;
        }
        text->append(plain.data(), size_t(plain.size()));
        if (xml.readEndElement())
            return true;
    }
    int depth = 0;
    for (;;) {
        switch (xml.next()) {
        case Token::StartElement:
            if (is(xml.name(), "t")) {
                if (!readElementText(xml, text, maxBytes, tooLong))
                    return false;
            } else if (is(xml.name(), "r") && depth == 0) {
                ++depth; // into the run: its <t> is read, its <rPr> skipped
            } else if (!xml.skipCurrentElement()) {
                return false;
            }
            break;
        case Token::EndElement:
            if (depth == 0)
                return true;
            --depth;
            break;
        case Token::Characters:
            break;
        default:
            return false;
        }
    }
}

bool isAsciiDigit(char c)
{
    return c >= '0' && c <= '9';
}

// What QChar::isSpace() calls whitespace, in ASCII.
bool isAsciiSpace(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

bool isAscii(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return uchar(c) < 0x80; });
}

// The text with ASCII whitespace trimmed: what QString::trimmed() gives for ASCII text.
QByteArrayView trimmedAscii(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isAsciiSpace(text[begin]))
        ++begin;
    while (end > begin && isAsciiSpace(text[end - 1]))
        --end;
    return text.sliced(begin, end - begin);
}

// The readers below parse the forms Excel writes straight from the bytes, and hand anything else
// ("+1", " 12", "INF", non-ASCII spaces) to QString's conversions, so that what was accepted
// before still is, with the same value.

// Digits only, at most 18 of them (so no overflow).
bool parsePlainInteger(QByteArrayView text, qint64 *value)
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    qint64 result = 0;
    for (const char c : text) {
        if (!isAsciiDigit(c))
            return false;
        result = result * 10 + (c - '0');
    }
    *value = result;
    return true;
}

qint64 toInteger(QByteArrayView text, bool *ok)
{
    qint64 value = 0;
    if (parsePlainInteger(text, &value)) {
        *ok = true;
        return value;
    }
    return QString::fromUtf8(text).toLongLong(ok);
}

// -12, 0.5, 1.5E-3: an optional minus, digits, optionally a fraction with digits, optionally an
// exponent with digits; both conversions round such text to the same, nearest double.
bool parsePlainNumber(QByteArrayView text, double *value)
{
    const char *begin = text.data();
    const char *end = begin + text.size();
    const char *p = begin;
    if (p < end && *p == '-')
        ++p;
    const char *digits = p;
    while (p < end && isAsciiDigit(*p))
        ++p;
    if (p == digits)
        return false;
    if (p < end && *p == '.') {
        const char *fraction = ++p;
        while (p < end && isAsciiDigit(*p))
            ++p;
        if (p == fraction)
            return false;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < end && (*p == '+' || *p == '-'))
            ++p;
        const char *exponent = p;
        while (p < end && isAsciiDigit(*p))
            ++p;
        if (p == exponent)
            return false;
    }
    if (p != end)
        return false;
    const std::from_chars_result result = std::from_chars(begin, end, *value);
    return result.ec == std::errc() && result.ptr == end;
}

double toNumber(QByteArrayView text, bool *ok)
{
    // Whole numbers of up to 15 digits, most of a sheet's values, are exact as doubles.
    const bool negative = !text.isEmpty() && text.front() == '-';
    qint64 whole = 0;
    if (text.size() - negative <= 15 && parsePlainInteger(text.sliced(negative), &whole)) {
        *ok = true;
        return negative ? -double(whole) : double(whole);
    }
    double value = 0;
    if (parsePlainNumber(text, &value)) {
        *ok = true;
        return value;
    }
    return QString::fromUtf8(text).trimmed().toDouble(ok);
}

// Whether the text is empty once trimmed, as QString::trimmed() sees it.
bool isBlank(QByteArrayView text)
{
    if (isAscii(text))
        return trimmedAscii(text).isEmpty();
    return QString::fromUtf8(text).trimmed().isEmpty();
}

// Normalises a relationship target against the directory of the part that declares it.
QString resolvePartName(const QString &sourceDir, QString target)
{
    target.replace(u'\\', u'/');
    const int query = int(target.indexOf(u'#'));
    if (query >= 0)
        target.truncate(query);
    const QString joined = target.startsWith(u'/') ? target.mid(1) : sourceDir + target;
    QStringList parts;
    for (const QString &segment : joined.split(u'/', Qt::SkipEmptyParts)) {
        if (segment == QLatin1String("."))
            continue;
        if (segment == QLatin1String("..")) {
            if (!parts.isEmpty())
                parts.removeLast();
            continue;
        }
        parts.append(segment);
    }
    return parts.join(u'/');
}

QString directoryOf(const QString &part)
{
    const qsizetype slash = part.lastIndexOf(u'/');
    return slash < 0 ? QString() : part.left(slash + 1);
}

QString relsPartFor(const QString &part)
{
    const qsizetype slash = part.lastIndexOf(u'/');
    return part.left(slash + 1) + QStringLiteral("_rels/") + part.mid(slash + 1)
        + QStringLiteral(".rels");
}

QString lookupTypeSuffix(const QList<std::pair<QString, QString>> &typeToTarget, QStringView suffix)
{
    for (const auto &[type, target] : typeToTarget) {
        if (type.endsWith(suffix))
            return target;
    }
    return {};
}

using MergeRange = XlsxReader::MergeRange;

// Finds <mergeCell ref="..."/> tags by scanning raw bytes: <mergeCells> follows <sheetData>, so
// knowing the ranges before the rows means a pass over the entry, and a byte search costs a
// fraction of an XML parse. Text cannot fake a tag: '<' inside XML text is always escaped.
class MergeScanner {
public:
    explicit MergeScanner(const ReaderLimits &limits)
        : m_limits(limits)
    {
    }

    // Returns false with *why set (without the file name) on too many ranges.
    bool scan(const QByteArray &buffer, qsizetype *consumed, bool atEnd, QString *why)
    {
        constexpr qsizetype nameLength = 9;
        constexpr qsizetype maxTagLength = 4096;
        qsizetype pos = 0;
        for (;;) {
            const qsizetype hit = findName(buffer, pos);
            if (hit < 0)
                break;
            const qsizetype after = hit + nameLength;
            if (after >= buffer.size()) {
                if (atEnd)
                    break;
                *consumed = qMax<qsizetype>(pos, hit - 80); // keep room for a prefix
                return true;
            }
            const char next = buffer[after];
            const bool nameEnds = next == ' ' || next == '\t' || next == '\r' || next == '\n'
                || next == '/' || next == '>';
            if (!nameEnds || !startsTag(buffer, hit)) {
                pos = after;
                continue;
            }
            const qsizetype tagEnd = buffer.indexOf('>', after);
            if (tagEnd < 0) {
                if (atEnd || buffer.size() - hit > maxTagLength) {
                    pos = after;
                    continue;
                }
                *consumed = qMax<qsizetype>(pos, hit - 80);
                return true;
            }
            addRange(QByteArrayView(buffer).sliced(after, tagEnd - after));
            if (m_ranges.size() > maxMergedRanges) {
                *why = QStringLiteral("more than %1 merged ranges").arg(maxMergedRanges);
                return false;
            }
            pos = tagEnd + 1;
        }
        // Keep a short tail: a name may straddle the next chunk.
        *consumed = qMax<qsizetype>(pos, buffer.size() - 80);
        return true;
    }

    QList<MergeRange> takeRanges()
    {
        std::stable_sort(m_ranges.begin(), m_ranges.end(),
                         [](const MergeRange &a, const MergeRange &b) { return a.firstRow < b.firstRow; });
        return std::move(m_ranges);
    }

private:
    // "mergeCell" from `from` on, found by its 'g': memchr skips through the rest of the sheet
    // at memory speed, and worksheet XML holds few g's elsewhere.
    static qsizetype findName(const QByteArray &buffer, qsizetype from)
    {
        const char *begin = buffer.constData();
        const char *end = begin + buffer.size();
        for (const char *p = begin + from + 3; p < end; ++p) {
            p = static_cast<const char *>(std::memchr(p, 'g', size_t(end - p)));
            if (!p)
                return -1;
            if (end - p >= 6 && std::memcmp(p - 3, "mergeCell", 9) == 0)
                return p - 3 - begin;
        }
        return -1;
    }

    static bool isNameChar(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '-' || c == '.';
    }

    // '<' directly before the name, or '<prefix:' before it.
    static bool startsTag(const QByteArray &buffer, qsizetype hit)
    {
        if (hit == 0)
            return false;
        if (buffer[hit - 1] == '<')
            return true;
        if (buffer[hit - 1] != ':')
            return false;
        qsizetype i = hit - 2;
        while (i >= 0 && hit - i < 70 && isNameChar(buffer[i]))
            --i;
        return i >= 0 && i < hit - 2 && buffer[i] == '<';
    }

    void addRange(QByteArrayView tag)
    {
        // Find ref="A1:B2" (or with single quotes) among the tag's attributes.
        for (qsizetype i = tag.indexOf("ref"); i >= 0; i = tag.indexOf("ref", i + 3)) {
            const bool attributeStart = i > 0 && (tag[i - 1] == ' ' || tag[i - 1] == '\t'
                                                  || tag[i - 1] == '\r' || tag[i - 1] == '\n');
            qsizetype j = i + 3;
            while (j < tag.size() && (tag[j] == ' ' || tag[j] == '\t'))
                ++j;
            if (!attributeStart || j >= tag.size() || tag[j] != '=')
                continue;
            ++j;
            while (j < tag.size() && (tag[j] == ' ' || tag[j] == '\t'))
                ++j;
            if (j >= tag.size() || (tag[j] != '"' && tag[j] != '\''))
                return;
            const char quote = tag[j];
            const qsizetype close = tag.indexOf(quote, j + 1);
            if (close < 0)
                return;
            addRef(QString::fromLatin1(tag.sliced(j + 1, close - j - 1)));
            return;
        }
    }

    void addRef(const QString &ref)
    {
        const qsizetype colon = ref.indexOf(u':');
        if (colon < 0)
            return;
        MergeRange range;
        if (!excel::parseA1(QStringView(ref).left(colon), &range.firstColumn, &range.firstRow)
            || !excel::parseA1(QStringView(ref).mid(colon + 1), &range.lastColumn, &range.lastRow))
            return;
        if (range.firstRow > range.lastRow)
            std::swap(range.firstRow, range.lastRow);
        if (range.firstColumn > range.lastColumn)
            std::swap(range.firstColumn, range.lastColumn);
        if (range.firstRow == range.lastRow && range.firstColumn == range.lastColumn)
            return;
        if (range.firstRow > m_limits.maxRows || range.firstColumn >= m_limits.maxColumns)
            return;
        range.lastColumn = qMin(range.lastColumn, m_limits.maxColumns - 1);
        m_ranges.append(range);
    }

    ReaderLimits m_limits;
    QList<MergeRange> m_ranges;
};

// Streams one worksheet's <sheetData>.
class SheetParser {
public:
    using MergeRange = XlsxReader::MergeRange;

    QString fileName;
    QString sheetName;
    ReaderLimits limits;
    const QStringList *sharedStrings = nullptr;
    bool sharedStringsWithinLimit = false; // none is longer than limits.maxCellTextBytes
    const QList<bool> *dateStyles = nullptr;
    bool date1904 = false;
    QList<MergeRange> merges;
    const RowHandler *onRow = nullptr;
    const Progress *progress = nullptr;
    qint64 progressOffset = 0; // bytes already reported by the merge pre-scan
    qint64 progressTotal = -1;

    // Returns false with *error set; true when the sheet was read or the handler stopped.
    bool run(ScannedXmlEntry &part, QString *error)
    {
        m_part = &part;
        m_xml = part.xml.get();
        m_textCap = gatheredTextCap(limits);
        for (;;) {
            switch (m_xml->next()) {
            case Token::StartElement:
                if (m_xml->depth() == 2 && is(m_xml->name(), "sheetData")) {
                    // What follows (merges, drawings, ...) was pre-scanned or is not needed.
                    readSheetData();
                    return finish(error);
                }
                if (m_xml->depth() >= 2)
                    m_xml->skipCurrentElement();
                break;
            case Token::EndDocument:
                return true; // a sheet without sheetData (e.g. a chartsheet) has no rows
            case Token::Invalid:
                return fail(error, part.failure(where()));
            default:
                break;
            }
        }
    }

private:
    // The type attribute of a cell: t="...".
    enum class Type { Number, SharedString, String, InlineString, Boolean, Error, Date, Unknown };

    bool finish(QString *error)
    {
        if (m_stopped)
            return true;
        if (!m_error.isEmpty())
            return fail(error, m_error);
        if (m_part->failed())
            return fail(error, m_part->failure(where()));
        return true;
    }

    bool fail(QString *error, const QString &message)
    {
        if (error)
            *error = message;
        return false;
    }

    QString where() const
    {
        if (m_currentRow > 0)
            return QStringLiteral("sheet \"%1\", row %2").arg(sheetName).arg(m_currentRow);
        return QStringLiteral("sheet \"%1\"").arg(sheetName);
    }

    bool refuse(const QString &what)
    {
        m_error = QStringLiteral("%1: %2: %3").arg(fileName, where(), what);
        return false;
    }

    bool refuseCell(int column, const QString &what)
    {
        m_error = QStringLiteral("%1: sheet \"%2\", cell %3: %4")
                      .arg(fileName, sheetName, a1(column, m_currentRow), what);
        return false;
    }

    bool refuseLongText(int column)
    {
        return refuseCell(column, QStringLiteral("text longer than %1 bytes (the limit)").arg(limits.maxCellTextBytes));
    }

    // False on an error (m_error set or the XML failed) or when the handler or progress stopped.
    bool readSheetData()
    {
        for (;;) {
            switch (m_xml->next()) {
            case Token::StartElement:
                if (is(m_xml->name(), "row")) {
                    if (!readRow())
                        return false;
                } else if (!m_xml->skipCurrentElement()) {
                    return false;
                }
                break;
            case Token::EndElement:
                return true;
            case Token::Characters:
                break;
            default:
                return false;
            }
        }
    }

    bool readRow()
    {
        const QByteArrayView r = m_xml->attribute("r");
        qint64 rowNumber = m_currentRow + 1;
        if (!r.isEmpty()) {
            bool ok = false;
            rowNumber = toInteger(r, &ok);
            if (!ok || rowNumber < 1)
                return refuse(QStringLiteral("invalid row number \"%1\"").arg(QString::fromUtf8(r).left(20)));
            if (rowNumber <= m_currentRow)
                return refuse(QStringLiteral("row %1 comes after row %2; rows must ascend")
                                  .arg(rowNumber)
                                  .arg(m_currentRow));
        }
        m_currentRow = rowNumber;
        if (rowNumber > limits.maxRows)
            return refuse(QStringLiteral("more than %1 rows (the limit)").arg(limits.maxRows));

        m_cells.clear();
        int nextColumn = 0;
        for (;;) {
            switch (m_xml->next()) {
            case Token::StartElement:
                if (is(m_xml->name(), "c")) {
                    if (!readCell(&nextColumn))
                        return false;
                } else if (!m_xml->skipCurrentElement()) {
                    return false;
                }
                break;
            case Token::EndElement:
                return emitRow();
            case Token::Characters:
                break;
            default:
                return false;
            }
        }
    }

    // Text of a leaf element (<v>) into m_value, reusing its buffer: most cells are numbers, and
    // an allocation per cell would cost more than the parse. Text inside child elements is not
    // the value's.
    bool readValueText(bool *tooLong)
    {
        m_value.clear();
        for (;;) {
            switch (m_xml->next()) {
            case Token::Characters:
                if (qsizetype(m_value.size()) + m_xml->text().size() > m_textCap) {
                    *tooLong = true;
                    return false;
                }
                m_value.append(m_xml->text().data(), size_t(m_xml->text().size()));
                break;
            case Token::StartElement:
                if (!m_xml->skipCurrentElement())
                    return false;
                break;
            case Token::EndElement:
                return true;
            default:
                return false;
            }
        }
    }

    static Type typeOf(QByteArrayView t)
    {
        if (t.isEmpty() || t == "n")
            return Type::Number;
        if (t == "s")
            return Type::SharedString;
        if (t == "str")
            return Type::String;
        if (t == "inlineStr")
            return Type::InlineString;
        if (t == "b")
            return Type::Boolean;
        if (t == "e")
            return Type::Error;
        if (t == "d")
            return Type::Date;
        return Type::Unknown;
    }

    // Text of a string cell: _xHHHH_ escapes decoded, within the cell limit.
    bool setText(Cell *cell, int column, QByteArrayView utf8, bool decodeEscapes)
    {
        cell->kind = Cell::Kind::Text;
        cell->text = QString::fromUtf8(utf8);
        if (decodeEscapes && utf8.contains("_x"))
            cell->text = decodeOoxmlEscapes(std::move(cell->text));
        // Decoding only shrinks text, so the bytes read bound its length.
        if (utf8.size() > limits.maxCellTextBytes && utf8Length(cell->text) > limits.maxCellTextBytes)
            return refuseLongText(column);
        return true;
    }

    // The children of a <c> up to its end: the last <v> into m_value, the last <is> into
    // m_inline, <f> marking a formula, anything else skipped. False on an error, or with
    // *tooLong set when a text passes the cap.
    bool readCellContent(Cell *cell, bool *hasValue, bool *hasInline, bool *tooLong)
    {
        for (;;) {
            switch (m_xml->next()) {
            case Token::StartElement: {
                const QByteArrayView name = m_xml->name();
                if (is(name, "v")) {
                    if (!readValueText(tooLong))
                        return false;
                    *hasValue = true;
                } else if (is(name, "f")) {
                    cell->fromFormula = true;
                    if (!m_xml->skipCurrentElement())
                        return false;
                } else if (is(name, "is")) {
                    if (!readStringItem(*m_xml, &m_inline, m_textCap, tooLong))
                        return false;
                    *hasInline = true;
                } else if (!m_xml->skipCurrentElement()) {
                    return false;
                }
                break;
            }
            case Token::EndElement:
                return true;
            case Token::Characters:
                break;
            default:
                return false;
            }
        }
    }

    bool readCell(int *nextColumn)
    {
        // One pass over the attributes, local names as QXmlStreamReader gives them (the last of
        // a name wins): this runs for every cell of the sheet. Their bytes last until next().
        QByteArrayView reference;
        QByteArrayView typeText;
        QByteArrayView styleText;
        for (qsizetype i = 0; i < m_xml->attributeCount(); ++i) {
            const QByteArrayView name = m_xml->attributeName(i);
            if (name.size() != 1)
                continue;
            switch (name.front()) {
            case 'r':
                reference = m_xml->attributeValue(i);
                break;
            case 't':
                typeText = m_xml->attributeValue(i);
                break;
            case 's':
                styleText = m_xml->attributeValue(i);
                break;
            default:
                break;
            }
        }
        int column = *nextColumn;
        if (!reference.isEmpty() && !excel::parseColumnReference(reference, &column))
            return refuse(QStringLiteral("invalid cell reference \"%1\"").arg(QString::fromUtf8(reference).left(20)));
        if (column >= limits.maxColumns)
            return refuse(QStringLiteral("cell %1 is past the %2-column limit")
                              .arg(QString::fromUtf8(reference).left(20))
                              .arg(limits.maxColumns));
        bool styleOk = false;
        const qint64 style = styleText.isEmpty() ? 0 : toInteger(styleText, &styleOk);
        const Type type = typeOf(typeText);
        const QString unknownType = type == Type::Unknown ? QString::fromUtf8(typeText).left(20) : QString();

        Cell cell;
        bool hasValue = false;
        bool hasInline = false;
        bool tooLong = false;
        m_value.clear();
        // The usual shapes, <c ...><v>plain</v></c> and <c .../>, without a token per part;
        // anything else is read token by token.
        QByteArrayView value;
        QByteArrayView plain;
        if (m_xml->readPlainElement("v", &plain)) {
            if (plain.size() > m_textCap)
                return refuseLongText(column);
            hasValue = true;
            value = plain;
        }
        if (!m_xml->readEndElement()) {
            if (hasValue)
                m_value.assign(plain.data(), size_t(plain.size()));
            if (!readCellContent(&cell, &hasValue, &hasInline, &tooLong))
                return tooLong ? refuseLongText(column) : false;
            value = view(m_value);
        }
        *nextColumn = column + 1;
        // <v></v> holds nothing, whatever the type says.
        if (hasValue && type != Type::String && type != Type::InlineString && isBlank(value))
            hasValue = false;

        if (hasValue && type == Type::Number) {
            bool ok = false;
            const double number = toNumber(value, &ok);
            if (!ok)
                return refuseCell(column, QStringLiteral("invalid number \"%1\"").arg(QString::fromUtf8(value).left(40)));
            cell.number = number;
            cell.kind = Cell::Kind::Number;
            if (styleOk && style >= 0 && style < dateStyles->size() && dateStyles->at(style)) {
                const QDateTime dateTime = excel::dateTimeFromSerial(number, date1904);
                if (dateTime.isValid()) { // out-of-range serials stay numbers, as Excel shows ####
                    cell.kind = Cell::Kind::DateTime;
                    cell.dateTime = dateTime;
                }
            }
        } else if (type == Type::InlineString || (hasInline && typeText.isEmpty())) {
            if (!setText(&cell, column, hasInline ? view(m_inline) : value, true))
                return false;
        } else if (!hasValue) {
            cell.kind = Cell::Kind::Empty; // formatting only, or a formula never calculated
        } else if (type == Type::SharedString) {
            bool ok = false;
            const qint64 index = isAscii(value) ? toInteger(trimmedAscii(value), &ok)
                                                : QString::fromUtf8(value).trimmed().toLongLong(&ok);
            if (!ok || index < 0 || index >= sharedStrings->size())
                return refuseCell(column, QStringLiteral("shared string %1 does not exist (the "
                                                         "workbook has %2)")
                                              .arg(QString::fromUtf8(value).left(20))
                                              .arg(sharedStrings->size()));
            cell.kind = Cell::Kind::Text;
            cell.text = sharedStrings->at(index);
            if (!sharedStringsWithinLimit && utf8Length(cell.text) > limits.maxCellTextBytes)
                return refuseLongText(column);
        } else if (type == Type::String) {
            if (!setText(&cell, column, value, true))
                return false;
        } else if (type == Type::Boolean) {
            const QString v = QString::fromUtf8(value).trimmed();
            cell.kind = Cell::Kind::Boolean;
            if (v == u"1" || v == u"true")
                cell.number = 1;
            else if (v == u"0" || v == u"false")
                cell.number = 0;
            else
                return refuseCell(column, QStringLiteral("invalid boolean \"%1\"").arg(v.left(20)));
        } else if (type == Type::Error) {
            if (!setText(&cell, column, value, false))
                return false;
            cell.kind = Cell::Kind::Error;
        } else if (type == Type::Date) {
            // ISO 8601 date cells (Strict OOXML, some producers); kept as the wall time written.
            QDateTime dateTime = QDateTime::fromString(QString::fromUtf8(value).trimmed(), Qt::ISODateWithMs);
            if (!dateTime.isValid())
                return refuseCell(column, QStringLiteral("invalid date \"%1\"").arg(QString::fromUtf8(value).left(40)));
            dateTime.setTimeSpec(Qt::UTC);
            cell.kind = Cell::Kind::DateTime;
            cell.dateTime = dateTime;
            cell.number = excel::serialFromDateTime(dateTime);
        } else {
            return refuseCell(column, QStringLiteral("unknown cell type \"%1\"").arg(unknownType));
        }
        if (column >= m_cells.size())
            m_cells.resize(column + 1);
        m_cells[column] = std::move(cell);
        return true;
    }

    bool applyMerges()
    {
        const qint64 row = m_currentRow;
        while (m_nextMerge < merges.size() && merges[m_nextMerge].firstRow <= row) {
            const MergeRange &range = merges[m_nextMerge++];
            // A range whose top-left row is absent has nothing to carry.
            if (range.firstRow == row && range.firstColumn < m_cells.size()
                && !m_cells[range.firstColumn].isEmpty())
                m_active.append({range, m_cells[range.firstColumn]});
        }
        for (qsizetype i = 0; i < m_active.size();) {
            const auto &[range, value] = m_active[i];
            if (range.lastRow < row) {
                m_active.removeAt(i);
                continue;
            }
            const qint64 width = qint64(range.lastColumn) - range.firstColumn + 1;
            m_carried += width;
            if (m_carried > maxMergeCarriedCells)
                return refuse(QStringLiteral("merged ranges cover more than %1 cells (the limit)")
                                  .arg(maxMergeCarriedCells));
            if (range.lastColumn >= m_cells.size())
                m_cells.resize(range.lastColumn + 1);
            for (int column = range.firstColumn; column <= range.lastColumn; ++column) {
                if (row == range.firstRow && column == range.firstColumn)
                    continue;
                Cell &cell = m_cells[column];
                cell = value;
                cell.fromMerge = true;
            }
            ++i;
        }
        return true;
    }

    bool emitRow()
    {
        if (!merges.isEmpty() && !applyMerges())
            return false;
        while (!m_cells.isEmpty() && m_cells.constLast().isEmpty())
            m_cells.removeLast();
        if (!m_cells.isEmpty() && !(*onRow)(m_currentRow, m_cells)) {
            m_stopped = true;
            return false;
        }
        if (*progress && ++m_rowsSinceProgress >= rowsPerProgress) {
            m_rowsSinceProgress = 0;
            if (!(*progress)(progressOffset + m_part->device->bytesDelivered(), progressTotal)) {
                m_error = QStringLiteral("cancelled");
                return false;
            }
        }
        return true;
    }

    ScannedXmlEntry *m_part = nullptr;
    XmlScanner *m_xml = nullptr;
    qsizetype m_textCap = 0;
    QList<Cell> m_cells;
    std::string m_value;  // UTF-8 text of the cell's <v>
    std::string m_inline; // UTF-8 text of the cell's <is>
    qint64 m_currentRow = 0;
    int m_rowsSinceProgress = 0;
    bool m_stopped = false;
    QString m_error;
    qsizetype m_nextMerge = 0;
    QList<std::pair<MergeRange, Cell>> m_active;
    qint64 m_carried = 0;
};

} // namespace

// ---- XlsxReader -----------------------------------------------------------------------------

XlsxReader::XlsxReader() = default;
XlsxReader::~XlsxReader() = default;

QString XlsxReader::formatName() const
{
    return QStringLiteral("Excel workbook (xlsx)");
}

QList<SheetInfo> XlsxReader::sheets() const
{
    QList<SheetInfo> infos;
    infos.reserve(m_sheets.size());
    for (const Sheet &sheet : m_sheets)
        infos.append(sheet.info);
    return infos;
}

bool XlsxReader::fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    m_sheets.clear();
    m_sharedStrings.clear();
    m_longestSharedString = 0;
    m_dateStyles.clear();
    m_mergeSheet = -1;
    m_mergeRanges.clear();
    m_zip.reset();
    return false;
}

bool XlsxReader::open(const QString &path, QString *error)
{
    m_fileName = QFileInfo(path).fileName();
    m_sheets.clear();
    m_sharedStrings.clear();
    m_longestSharedString = 0;
    m_dateStyles.clear();
    m_mergeSheet = -1;
    m_mergeRanges.clear();
    m_date1904 = false;
    m_zip = std::make_unique<ZipSource>();
    QString why;
    if (!m_zip->open(path, m_limits, &why))
        return fail(error, why);

    // The package's root relationships name the workbook part; xl/workbook.xml is the usual one.
    QHash<QString, QString> ids;
    QList<std::pair<QString, QString>> types;
    QString workbookPart;
    if (m_zip->entry(QStringLiteral("_rels/.rels"))) {
        if (!readRelationships(QStringLiteral("_rels/.rels"), QString(), &ids, &types, &why))
            return fail(error, why);
        workbookPart = lookupTypeSuffix(types, u"/officeDocument");
    }
    if (workbookPart.isEmpty() || !m_zip->entry(workbookPart))
        workbookPart = QStringLiteral("xl/workbook.xml");
    if (!m_zip->entry(workbookPart))
        return fail(error, QStringLiteral("%1: not an Excel workbook (the archive has no "
                                          "xl/workbook.xml)")
                               .arg(m_fileName));
    if (!readWorkbook(workbookPart, &why))
        return fail(error, why);

    for (Sheet &sheet : m_sheets) {
        if (!sheet.part.isEmpty() && m_zip->entry(sheet.part) && !readDimension(&sheet, &why))
            return fail(error, why);
    }
    return true;
}

bool XlsxReader::readRelationships(const QString &relsPart, const QString &sourceDir,
                                   QHash<QString, QString> *idToTarget,
                                   QList<std::pair<QString, QString>> *typeToTarget, QString *error)
{
    XmlEntry part;
    if (!part.open(*m_zip, relsPart, error))
        return false;
    if (part.device->uncompressedSize() > maxStructurePartBytes) {
        *error = QStringLiteral("%1: entry %2: implausibly large (%3 bytes)")
                     .arg(m_fileName, relsPart)
                     .arg(part.device->uncompressedSize());
        return false;
    }
    while (part.next()) {
        if (part.xml.isStartElement() && part.xml.name() == u"Relationship") {
            const QXmlStreamAttributes attributes = part.xml.attributes();
            if (attribute(attributes, u"TargetMode") == u"External")
                continue;
            const QString target = resolvePartName(sourceDir, attribute(attributes, u"Target").toString());
            idToTarget->insert(attribute(attributes, u"Id").toString(), target);
            typeToTarget->append({attribute(attributes, u"Type").toString(), target});
        }
    }
    if (part.failed()) {
        *error = part.failure(QString());
        return false;
    }
    return true;
}

bool XlsxReader::readWorkbook(const QString &workbookPart, QString *error)
{
    const QString workbookDir = directoryOf(workbookPart);
    QHash<QString, QString> ids;
    QList<std::pair<QString, QString>> types;
    const QString relsPart = relsPartFor(workbookPart);
    if (m_zip->entry(relsPart) && !readRelationships(relsPart, workbookDir, &ids, &types, error))
        return false;

    if (!readSheetList(workbookPart, ids, error))
        return false;

    QString sharedStringsPart = lookupTypeSuffix(types, u"/sharedStrings");
    if (sharedStringsPart.isEmpty())
        sharedStringsPart = workbookDir + QStringLiteral("sharedStrings.xml");
    if (m_zip->entry(sharedStringsPart) && !readSharedStrings(sharedStringsPart, error))
        return false;
    QString stylesPart = lookupTypeSuffix(types, u"/styles");
    if (stylesPart.isEmpty())
        stylesPart = workbookDir + QStringLiteral("styles.xml");
    if (m_zip->entry(stylesPart) && !readStyles(stylesPart, error))
        return false;
    return true;
}

bool XlsxReader::readSheetList(const QString &workbookPart,
                               const QHash<QString, QString> &ids, QString *error)
{
    XmlEntry part;
    if (!part.open(*m_zip, workbookPart, error))
        return false;
    while (part.next()) {
        if (!part.xml.isStartElement())
            continue;
        const QStringView name = part.xml.name();
        if (name == u"workbookPr") {
            const QXmlStreamAttributes attributes = part.xml.attributes();
            const QStringView date1904 = attribute(attributes, u"date1904");
            m_date1904 = date1904 == u"1" || date1904 == u"true";
        } else if (name == u"sheet") {
            const QXmlStreamAttributes attributes = part.xml.attributes();
            Sheet sheet;
            sheet.info.name = attribute(attributes, u"name").toString();
            const QStringView state = attribute(attributes, u"state");
            sheet.info.hidden = state == u"hidden" || state == u"veryHidden";
            // r:id, whatever the prefix: the relationships namespace differs in Strict OOXML.
            for (const QXmlStreamAttribute &a : attributes) {
                if (a.name() == u"id" && !a.namespaceUri().isEmpty()) {
                    sheet.hasRelationship = !a.value().isEmpty();
                    sheet.part = ids.value(a.value().toString());
                }
            }
            if (!sheet.hasRelationship) { // e.g. a VBA module sheet whose part was dropped
                sheet.info.rowCountHint = 0;
                sheet.info.columnCountHint = 0;
            }
            if (m_sheets.size() >= maxSheets) {
                *error = QStringLiteral("%1: more than %2 sheets; refused as damaged or hostile")
                             .arg(m_fileName)
                             .arg(maxSheets);
                return false;
            }
            m_sheets.append(sheet);
        } else if (name == u"sheetData") {
            part.xml.skipCurrentElement();
        }
    }
    if (part.failed()) {
        *error = part.failure(QString());
        return false;
    }
    return true;
}

bool XlsxReader::readSharedStrings(const QString &partName, QString *error)
{
    ScannedXmlEntry part;
    if (!part.open(*m_zip, partName, error))
        return false;
    XmlScanner &xml = *part.xml;
    const qsizetype maxBytes = qsizetype(qMin<qint64>(m_limits.maxCellTextBytes, qint64(1) << 40));
    qint64 totalBytes = 0;
    std::string text;
    for (bool reading = true; reading;) {
        switch (xml.next()) {
        case XmlScanner::Token::StartElement:
            if (is(xml.name(), "sst")) {
                // The declared count only sizes the list up front; hostile files may lie about it.
                bool ok = false;
                const qint64 declared = toInteger(xml.attribute("uniqueCount"), &ok);
                if (ok && declared > 0)
                    m_sharedStrings.reserve(qMin<qint64>(declared, qMin<qint64>(m_limits.maxSharedStrings, 1 << 20)));
            } else if (is(xml.name(), "si") || is(xml.name(), "sstItem")) { // Excel 2007 beta: sstItem
                bool tooLong = false;
                if (!readStringItem(xml, &text, maxBytes, &tooLong)) {
                    if (!tooLong) {
                        reading = false;
                        break;
                    }
                    *error = QStringLiteral("%1: shared string %2 is longer than %3 bytes (the limit)")
                                 .arg(m_fileName)
                                 .arg(m_sharedStrings.size())
                                 .arg(m_limits.maxCellTextBytes);
                    return false;
                }
                if (m_sharedStrings.size() >= m_limits.maxSharedStrings) {
                    *error = QStringLiteral("%1: more than %2 shared strings (the limit)")
                                 .arg(m_fileName)
                                 .arg(m_limits.maxSharedStrings);
                    return false;
                }
                totalBytes += qint64(text.size());
                if (totalBytes > m_limits.maxSharedStringBytes) {
                    *error = QStringLiteral("%1: the shared strings exceed %2 bytes (the limit)")
                                 .arg(m_fileName)
                                 .arg(m_limits.maxSharedStringBytes);
                    return false;
                }
                m_longestSharedString = qMax<qint64>(m_longestSharedString, qint64(text.size()));
                QString string = QString::fromUtf8(view(text));
                if (view(text).contains("_x"))
                    string = decodeOoxmlEscapes(std::move(string));
                m_sharedStrings.append(std::move(string));
            }
            break;
        case XmlScanner::Token::EndDocument:
        case XmlScanner::Token::Invalid:
            reading = false;
            break;
        default:
            break;
        }
    }
    if (part.failed()) {
        *error = part.failure(QStringLiteral("shared strings (entry %1)").arg(partName));
        return false;
    }
    return true;
}

bool XlsxReader::readStyles(const QString &partName, QString *error)
{
    XmlEntry part;
    if (!part.open(*m_zip, partName, error))
        return false;
    if (part.device->uncompressedSize() > maxStructurePartBytes) {
        *error = QStringLiteral("%1: entry %2: implausibly large (%3 bytes)")
                     .arg(m_fileName, partName)
                     .arg(part.device->uncompressedSize());
        return false;
    }
    QHash<int, bool> customIsDate;
    QList<int> cellFormats; // numFmtId of each cellXfs entry, resolved once numFmts are known
    bool inCellXfs = false;
    while (part.next()) {
        QXmlStreamReader &xml = part.xml;
        if (xml.isStartElement()) {
            const QStringView name = xml.name();
            if (name == u"numFmt") {
                const QXmlStreamAttributes attributes = xml.attributes();
                bool ok = false;
                const int id = attribute(attributes, u"numFmtId").toInt(&ok);
                if (ok)
                    customIsDate.insert(id, excel::isDateFormatCode(attribute(attributes, u"formatCode")));
                xml.skipCurrentElement();
            } else if (name == u"cellXfs") {
                inCellXfs = true;
            } else if (name == u"xf") {
                if (inCellXfs) {
                    const QXmlStreamAttributes attributes = xml.attributes();
                    cellFormats.append(attribute(attributes, u"numFmtId").toInt());
                }
                xml.skipCurrentElement();
            } else if (name == u"dxfs" || name == u"fonts" || name == u"fills" || name == u"borders"
                       || name == u"cellStyleXfs" || name == u"extLst") {
                xml.skipCurrentElement();
            }
        } else if (xml.isEndElement() && xml.name() == u"cellXfs") {
            inCellXfs = false;
        }
    }
    if (part.failed()) {
        *error = part.failure(QStringLiteral("styles (entry %1)").arg(partName));
        return false;
    }
    m_dateStyles.reserve(cellFormats.size());
    for (const int id : cellFormats) {
        const auto custom = customIsDate.constFind(id);
        m_dateStyles.append(custom != customIsDate.cend() ? *custom : excel::isBuiltInDateFormat(id));
    }
    return true;
}

bool XlsxReader::readDimension(Sheet *sheet, QString *error)
{
    // The dimension record sits near the top of the sheet; reading stops at <sheetData>.
    XmlEntry part;
    if (!part.open(*m_zip, sheet->part, error))
        return false;
    while (part.next()) {
        if (!part.xml.isStartElement())
            continue;
        if (part.xml.name() == u"sheetData")
            return true;
        if (part.xml.name() == u"dimension") {
            const QXmlStreamAttributes attributes = part.xml.attributes();
            const QStringView ref = attribute(attributes, u"ref");
            const qsizetype colon = ref.indexOf(u':');
            int lastColumn = 0;
            qint64 lastRow = 0;
            if (excel::parseA1(colon < 0 ? ref : ref.mid(colon + 1), &lastColumn, &lastRow)) {
                sheet->info.rowCountHint = qMin(lastRow, m_limits.maxRows);
                sheet->info.columnCountHint = qMin(lastColumn + 1, m_limits.maxColumns);
            }
            return true;
        }
    }
    // Hostile content is refused here already; merely malformed XML waits for readRows, so
    // the other sheets stay readable.
    if (part.hasDoctype || (part.device && part.device->failed())) {
        *error = part.failure(QString());
        return false;
    }
    return true;
}

bool XlsxReader::readMergeRanges(int sheetIndex, qint64 progressTotal, QString *error)
{
    const Sheet &sheet = m_sheets.at(sheetIndex);
    m_mergeSheet = -1;
    m_mergeRanges.clear();
    std::unique_ptr<ZipEntryDevice> device = m_zip->openEntry(sheet.part, error);
    if (!device)
        return false;
    MergeScanner scanner(m_limits);
    constexpr qsizetype chunkBytes = 256 * 1024;
    QByteArray buffer; // what the scanner kept of the last chunk, then the next chunk read after it
    QString why;
    for (;;) {
        const qsizetype kept = buffer.size();
        buffer.resize(kept + chunkBytes);
        const qint64 got = device->read(buffer.data() + kept, chunkBytes);
        if (got < 0) {
            if (error)
                *error = device->failure();
            return false;
        }
        buffer.resize(kept + got);
        qsizetype consumed = 0;
        if (!scanner.scan(buffer, &consumed, got == 0, &why)) {
            if (error)
                *error = QStringLiteral("%1: sheet \"%2\": %3").arg(m_fileName, sheet.info.name, why);
            return false;
        }
        buffer.remove(0, consumed);
        if (got == 0)
            break;
        if (m_progress && !m_progress(device->bytesDelivered(), progressTotal)) {
            if (error)
                *error = QStringLiteral("cancelled");
            return false;
        }
    }
    m_mergeRanges = scanner.takeRanges();
    m_mergeSheet = sheetIndex;
    return true;
}

bool XlsxReader::readRows(int sheetIndex, const RowHandler &onRow, QString *error)
{
    if (!m_zip || !m_zip->isOpen()) {
        if (error)
            *error = QStringLiteral("%1: the workbook is not open").arg(m_fileName);
        return false;
    }
    if (sheetIndex < 0 || sheetIndex >= m_sheets.size()) {
        if (error)
            *error = QStringLiteral("%1: there is no sheet %2").arg(m_fileName).arg(sheetIndex + 1);
        return false;
    }
    const Sheet &sheet = m_sheets.at(sheetIndex);
    if (!sheet.hasRelationship)
        return true; // a sheet without a part has no rows
    if (sheet.part.isEmpty() || !m_zip->entry(sheet.part)) {
        if (error)
            *error = QStringLiteral("%1: sheet \"%2\": its part is missing from the workbook")
                         .arg(m_fileName, sheet.info.name);
        return false;
    }
    const qint64 entrySize = m_zip->entry(sheet.part)->uncompressedSize;
    // Progress covers both passes, the merge pre-scan then the rows, or the rows alone when the
    // sheet's merges are known from an earlier read.
    const bool mergesKnown = m_mergeSheet == sheetIndex;
    const qint64 progressTotal = mergesKnown ? entrySize : 2 * entrySize;
    if (!mergesKnown && !readMergeRanges(sheetIndex, progressTotal, error))
        return false;

    ScannedXmlEntry part;
    if (!part.open(*m_zip, sheet.part, error))
        return false;
    SheetParser parser;
    parser.fileName = m_fileName;
    parser.sheetName = sheet.info.name;
    parser.limits = m_limits;
    parser.sharedStrings = &m_sharedStrings;
    parser.sharedStringsWithinLimit = m_longestSharedString <= m_limits.maxCellTextBytes;
    parser.dateStyles = &m_dateStyles;
    parser.date1904 = m_date1904;
    parser.merges = m_mergeRanges;
    parser.onRow = &onRow;
    parser.progress = &m_progress;
    parser.progressOffset = mergesKnown ? 0 : entrySize;
    parser.progressTotal = progressTotal;
    return parser.run(part, error);
}

} // namespace oversight::import
