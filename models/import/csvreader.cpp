#include "csvreader.h"

#include <limits>

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringDecoder>

#include <cstring>

namespace oversight::import {

namespace {

// open() looks at this much of the file to tell its encoding, delimiter and whether it is text.
constexpr qint64 kSampleBytes = qint64(1) << 20;
constexpr qsizetype kDelimiterSampleChars = 64 * 1024;
constexpr int kDelimiterSampleRecords = 50;

// Windows-1252 differs from Latin-1 only in 0x80-0x9F. The five bytes it leaves undefined map to
// the C1 controls of the same value, as browsers do (WHATWG encoding standard).
constexpr char16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// Columns past Excel's last (XFD) still get a name: a CSV line can be that long.
QString csvCellName(qint64 column, qint64 row)
{
    return cellReference(static_cast<int>(qMin<qint64>(column, std::numeric_limits<int>::max() - 1)), row);
}

qsizetype utf8Length(QStringView text)
{
    qsizetype bytes = 0;
    for (const QChar c : text) {
        const char16_t unit = c.unicode();
        // A surrogate pair is four bytes: two for each half.
        bytes += unit < 0x80 ? 1 : (unit < 0x800 || c.isSurrogate()) ? 2 : 3;
    }
    return bytes;
}

bool exceedsUtf8Bytes(QStringView text, qint64 limit)
{
    // Each UTF-16 unit is one to three UTF-8 bytes, so only the middle ground needs counting.
    if (text.size() > limit)
        return true;
    if (text.size() * 3 <= limit)
        return false;
    return utf8Length(text) > limit;
}

struct Utf8Scan {
    qsizetype validBytes = 0; // leading run of whole, well-formed sequences
    bool truncated = false;   // what follows is a sequence cut off by the end of the data
    bool sawNonAscii = false; // the valid run holds a multi-byte sequence
};

Utf8Scan scanUtf8(const uchar *data, qsizetype size)
{
    Utf8Scan scan;
    qsizetype i = 0;
    while (i < size) {
        // CSV is overwhelmingly ASCII: skip it eight bytes at a time.
        while (i + 8 <= size) {
            quint64 word;
            std::memcpy(&word, data + i, sizeof word);
            if (word & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= size)
            break;
        const uchar lead = data[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        uchar low = 0x80;
        uchar high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                low = 0xA0; // overlong
            else if (lead == 0xED)
                high = 0x9F; // surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                low = 0x90; // overlong
            else if (lead == 0xF4)
                high = 0x8F; // beyond U+10FFFF
        } else {
            scan.validBytes = i;
            return scan;
        }
        for (int k = 1; k < length; ++k) {
            if (i + k >= size) {
                scan.validBytes = i;
                scan.truncated = true;
                return scan;
            }
            const uchar next = data[i + k];
            if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) {
                scan.validBytes = i;
                return scan;
            }
        }
        scan.sawNonAscii = true;
        i += length;
    }
    scan.validBytes = size;
    return scan;
}

// Turns chunks of bytes into text, carrying sequences cut by a chunk boundary to the next chunk.
// UTF-8 without a byte order mark falls back to Windows-1252 at the first invalid byte provided
// everything before it was ASCII (which reads the same in both), so no row already handed over
// changes meaning.
class TextDecoder {
public:
    enum class Problem { None, Nul, MixedEncoding };

    explicit TextDecoder(CsvReader::Encoding encoding)
        : m_encoding(encoding)
    {
        // The caller skips a real byte order mark; a U+FEFF at a chunk's start is content.
        switch (encoding) {
        case CsvReader::Encoding::Utf8:
            m_decoder = QStringDecoder(QStringDecoder::Utf8,
                                       QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
            break;
        case CsvReader::Encoding::Utf16LE:
            m_decoder = QStringDecoder(QStringDecoder::Utf16LE, QStringDecoder::Flag::ConvertInitialBom);
            break;
        case CsvReader::Encoding::Utf16BE:
            m_decoder = QStringDecoder(QStringDecoder::Utf16BE, QStringDecoder::Flag::ConvertInitialBom);
            break;
        case CsvReader::Encoding::Windows1252:
            break;
        }
    }

    CsvReader::Encoding encoding() const { return m_encoding; }

    // Where the caller reads the next chunk; room in front takes a carried partial sequence so
    // the chunk is never copied.
    char *buffer(qsizetype bytes)
    {
        if (m_raw.size() < kCarryRoom + bytes)
            m_raw.resize(kCarryRoom + bytes);
        return m_raw.data() + kCarryRoom;
    }

    // Appends the text of the bytes just read into buffer(). On a problem *problemAt is the index
    // in out where it lies; out is valid text up to there.
    Problem decode(qsizetype bytes, bool atEnd, QString &out, qsizetype *problemAt)
    {
        char *begin = m_raw.data() + kCarryRoom - m_carryBytes;
        std::memcpy(begin, m_carry, size_t(m_carryBytes));
        qsizetype size = m_carryBytes + bytes;
        m_carryBytes = 0;
        const qsizetype start = out.size();
        Problem problem = Problem::None;

        if (m_encoding == CsvReader::Encoding::Utf8) {
            const Utf8Scan scan = scanUtf8(reinterpret_cast<const uchar *>(begin), size);
            if (scan.truncated && !atEnd) {
                m_carryBytes = size - scan.validBytes;
                std::memcpy(m_carry, begin + scan.validBytes, size_t(m_carryBytes));
                size = scan.validBytes;
            } else if (scan.validBytes < size) {
                if (!m_sawNonAscii && !scan.sawNonAscii) {
                    m_encoding = CsvReader::Encoding::Windows1252;
                } else {
                    size = scan.validBytes;
                    problem = Problem::MixedEncoding;
                }
            }
            m_sawNonAscii = m_sawNonAscii || scan.sawNonAscii;
        }

        if (m_encoding == CsvReader::Encoding::Windows1252) {
            out.resize(start + size);
            auto *to = reinterpret_cast<char16_t *>(out.data() + start);
            const auto *from = reinterpret_cast<const uchar *>(begin);
            for (qsizetype i = 0; i < size; ++i) {
                const uchar byte = from[i];
                to[i] = (byte >= 0x80 && byte < 0xA0) ? kWindows1252High[byte - 0x80] : char16_t(byte);
            }
        } else if (m_encoding == CsvReader::Encoding::Utf8 && !m_sawNonAscii) {
            // All ASCII so far (the MPS files are): widening each byte is UTF-8 decoding, at a
            // fraction of the general decoder's cost.
            out.resize(start + size);
            auto *to = reinterpret_cast<char16_t *>(out.data() + start);
            const auto *from = reinterpret_cast<const uchar *>(begin);
            for (qsizetype i = 0; i < size; ++i)
                to[i] = char16_t(from[i]);
        } else {
            out.resize(start + m_decoder.requiredSpace(size));
            const QChar *end = m_decoder.appendToBuffer(out.data() + start, QByteArrayView(begin, size));
            out.resize(end - out.constData());
        }

        if (problem != Problem::None) {
            *problemAt = out.size();
        }
        // Text never holds NUL: it marks binary data (or UTF-16 without a byte order mark).
        const qsizetype nul = QStringView(out).sliced(start).indexOf(QChar(u'\0'));
        if (nul >= 0) {
            *problemAt = start + nul;
            problem = Problem::Nul;
        }
        return problem;
    }

private:
    static constexpr qsizetype kCarryRoom = 4;
    CsvReader::Encoding m_encoding;
    QStringDecoder m_decoder;
    QByteArray m_raw;
    char m_carry[kCarryRoom] = {};
    qsizetype m_carryBytes = 0;
    bool m_sawNonAscii = false;
};

// RFC 4180 records from text handed over in pieces. Each call resumes where the previous one
// stopped: the caller keeps the text from consumed() on, which is at most one partial field, so
// the cell limit also bounds memory.
class RecordParser {
public:
    enum class Status { NeedMore, Done, Stopped, Failed };

    RecordParser(char16_t delimiter, const ReaderLimits &limits, const RowHandler &onRow)
        : m_delimiter(delimiter)
        , m_stopMask((quint64(1) << u'\n') | (quint64(1) << u'\r') | (quint64(1) << delimiter))
        , m_limits(limits)
        , m_onRow(onRow)
    {
        Q_ASSERT(delimiter < 64);
    }

    Status parse(QStringView text, bool atEnd);
    qsizetype consumed() const { return m_consumed; }
    qint64 currentRow() const { return m_rowsDone + 1; }
    QString failure() const { return m_failure; }

private:
    const char16_t *scanUnquoted(const char16_t *p, const char16_t *end) const
    {
        const quint64 stopMask = m_stopMask;
        while (p < end) {
            const char16_t c = *p;
            if (c < 64 && ((stopMask >> c) & 1))
                break;
            ++p;
        }
        return p;
    }

    Cell &cellFor(qint64 column)
    {
        // Fields past the column limit are parsed into a scratch cell: empty ones are harmless
        // (trailing delimiters), any other fails the file.
        if (column >= m_limits.maxColumns)
            return m_overflow;
        if (column < m_cells.size())
            return m_cells[column];
        return m_cells.emplace_back();
    }

    Status fail(const QString &message)
    {
        m_failure = message;
        return Status::Failed;
    }

    Status cellTooLong(bool quoted)
    {
        QString message = QStringLiteral("cell %1 holds more than %2 bytes of text")
                              .arg(csvCellName(m_column, currentRow()))
                              .arg(m_limits.maxCellTextBytes);
        if (quoted)
            message += QStringLiteral(" (is a quoted field never closed?)");
        return fail(message);
    }

    // Checks a completed field against the limits.
    Status finishField(const Cell &cell, bool quoted)
    {
        if (cell.kind == Cell::Kind::Empty)
            return Status::NeedMore;
        if (m_column >= m_limits.maxColumns) {
            return fail(QStringLiteral("cell %1 lies beyond the limit of %2 columns")
                            .arg(csvCellName(m_column, currentRow()))
                            .arg(m_limits.maxColumns));
        }
        if (exceedsUtf8Bytes(cell.text, m_limits.maxCellTextBytes))
            return cellTooLong(quoted);
        return Status::NeedMore;
    }

    Status emitRecord()
    {
        if (m_rowsDone >= m_limits.maxRows)
            return fail(QStringLiteral("the file has more rows than the limit of %1").arg(m_limits.maxRows));
        // The handler sees the cells up to the last non-empty one, as for the other formats.
        qsizetype count = qsizetype(qMin<qint64>(m_column + 1, m_limits.maxColumns));
        const Cell *cells = m_cells.constData();
        while (count > 0 && cells[count - 1].kind == Cell::Kind::Empty)
            --count;
        m_cells.resize(count);
        m_column = 0;
        return m_onRow(++m_rowsDone, m_cells) ? Status::NeedMore : Status::Stopped;
    }

    const char16_t m_delimiter;
    const quint64 m_stopMask; // bit c set: character c ends an unquoted field
    const ReaderLimits &m_limits;
    const RowHandler &m_onRow;
    QList<Cell> m_cells; // reused row after row so cell text buffers are reused too
    Cell m_overflow;
    qint64 m_column = 0;   // index of the field being parsed in the current record
    qint64 m_rowsDone = 0;
    qsizetype m_consumed = 0;
    bool m_skipLineFeed = false; // a CR ended the last text: a LF starting the next one belongs to it
    QString m_failure;
};

RecordParser::Status RecordParser::parse(QStringView text, bool atEnd)
{
    const char16_t *const begin = text.utf16();
    const char16_t *const end = begin + text.size();
    const char16_t *p = begin;
    m_consumed = 0;
    if (m_skipLineFeed && p < end) {
        m_skipLineFeed = false;
        if (*p == u'\n')
            ++p;
    }

    for (;;) {
        const char16_t *const fieldStart = p;
        m_consumed = fieldStart - begin;
        if (p == end) {
            if (!atEnd)
                return Status::NeedMore;
            if (m_column == 0)
                return Status::Done; // the last record ended with a line break
            // A delimiter ended the text: the record closes with one empty field.
            Cell &cell = cellFor(m_column);
            cell.kind = Cell::Kind::Empty;
            cell.text.resize(0);
            const Status status = emitRecord();
            return status == Status::NeedMore ? Status::Done : status;
        }

        Cell &cell = cellFor(m_column);
        const bool quoted = *p == u'"';
        if (quoted) {
            cell.text.resize(0);
            const char16_t *segment = p + 1;
            const char16_t *q = segment;
            bool closed = false;
            bool waiting = false; // the text ran out before the field's end was certain
            for (;;) {
                const qsizetype found = QStringView(q, end).indexOf(QChar(u'"'));
                if (found < 0) {
                    waiting = !atEnd;
                    break;
                }
                q += found;
                if (q + 1 == end && !atEnd) {
                    waiting = true; // a doubled quote may straddle the chunks
                    break;
                }
                if (q + 1 < end && q[1] == u'"') {
                    cell.text.append(reinterpret_cast<const QChar *>(segment), q + 1 - segment);
                    q += 2;
                    segment = q;
                    continue;
                }
                cell.text.append(reinterpret_cast<const QChar *>(segment), q - segment);
                p = q + 1;
                closed = true;
                break;
            }
            if (waiting) {
                if (exceedsUtf8Bytes(QStringView(fieldStart, end), m_limits.maxCellTextBytes))
                    return cellTooLong(true);
                return Status::NeedMore;
            }
            if (!closed) {
                return fail(QStringLiteral("the quoted field that opens in cell %1 is never closed")
                                .arg(csvCellName(m_column, currentRow())));
            }
            // Text after the closing quote is kept, as spreadsheets do: "abc"def reads abcdef.
            const char16_t *const tail = p;
            p = scanUnquoted(p, end);
            if (p == end && !atEnd)
                return Status::NeedMore;
            cell.text.append(reinterpret_cast<const QChar *>(tail), p - tail);
            cell.kind = cell.text.isEmpty() ? Cell::Kind::Empty : Cell::Kind::Text;
        } else {
            // A quote inside an unquoted field is an ordinary character (5'10").
            p = scanUnquoted(p, end);
            if (p == end && !atEnd) {
                if (exceedsUtf8Bytes(QStringView(fieldStart, end), m_limits.maxCellTextBytes))
                    return cellTooLong(false);
                return Status::NeedMore;
            }
            const qsizetype length = p - fieldStart;
            if (length == 0) {
                cell.kind = Cell::Kind::Empty;
                cell.text.resize(0);
            } else {
                // One span copy into the reused buffer: no allocation once it is big enough.
                cell.kind = Cell::Kind::Text;
                cell.text.resize(length);
                std::memcpy(reinterpret_cast<char16_t *>(cell.text.data()), fieldStart,
                            size_t(length) * sizeof(char16_t));
            }
        }
        if (finishField(cell, quoted) == Status::Failed)
            return Status::Failed;

        if (p == end) { // atEnd: the last record has no line break
            const Status status = emitRecord();
            return status == Status::NeedMore ? Status::Done : status;
        }
        const char16_t separator = *p++;
        if (separator == m_delimiter) {
            ++m_column;
            continue;
        }
        if (separator == u'\r') {
            if (p < end) {
                if (*p == u'\n')
                    ++p;
            } else {
                m_skipLineFeed = true;
            }
        }
        const Status status = emitRecord();
        if (status != Status::NeedMore) {
            m_consumed = p - begin;
            return status;
        }
    }
}

// Field counts of the first records, quote-aware, skipping blank lines. A record still open at
// the end of the sample (cut inside a quoted field) is left out.
QList<int> fieldCounts(QStringView sample, char16_t delimiter)
{
    QList<int> counts;
    int fields = 1;
    bool fieldStart = true;
    bool inQuotes = false;
    bool blank = true;
    const qsizetype size = sample.size();
    for (qsizetype i = 0; i < size && counts.size() < kDelimiterSampleRecords; ++i) {
        const char16_t c = sample[i].unicode();
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < size && sample[i + 1] == u'"')
                    ++i;
                else
                    inQuotes = false;
            }
            continue;
        }
        if (c == u'\n' || c == u'\r') {
            if (!blank)
                counts.append(fields);
            fields = 1;
            fieldStart = true;
            blank = true;
            continue;
        }
        blank = false;
        if (c == delimiter) {
            ++fields;
            fieldStart = true;
        } else {
            inQuotes = fieldStart && c == u'"';
            fieldStart = false;
        }
    }
    if (!inQuotes && !blank && counts.size() < kDelimiterSampleRecords)
        counts.append(fields);
    return counts;
}

// Signatures of files people rename to .csv by mistake; the content check catches the rest.
QString binaryKind(const QByteArray &head)
{
    if (head.startsWith("PK\x03\x04") || head.startsWith("PK\x05\x06"))
        return QStringLiteral("a zip archive (perhaps an .xlsx or .ods workbook)");
    if (head.startsWith("\xD0\xCF\x11\xE0"))
        return QStringLiteral("an old Excel 97-2003 workbook (.xls)");
    if (head.startsWith("%PDF"))
        return QStringLiteral("a PDF document");
    if (head.startsWith("\x89PNG") || head.startsWith("\xFF\xD8\xFF") || head.startsWith("GIF8"))
        return QStringLiteral("an image");
    if (head.startsWith("\x1F\x8B"))
        return QStringLiteral("a gzip archive");
    return {};
}

bool looksBinary(QStringView text)
{
    qsizetype controls = 0;
    for (const QChar c : text) {
        const char16_t unit = c.unicode();
        if ((unit < 0x20 && unit != u'\t' && unit != u'\n' && unit != u'\r' && unit != u'\f')
            || unit == 0x7F) {
            ++controls;
        }
    }
    // Real exports hold the odd stray control character; binary data holds them by the hundred.
    return controls > 8 && controls * 100 > text.size();
}

} // namespace

QString CsvReader::formatName() const
{
    return QStringLiteral("CSV");
}

QString CsvReader::encodingName(Encoding encoding)
{
    switch (encoding) {
    case Encoding::Utf8:
        return QStringLiteral("UTF-8");
    case Encoding::Utf16LE:
        return QStringLiteral("UTF-16LE");
    case Encoding::Utf16BE:
        return QStringLiteral("UTF-16BE");
    case Encoding::Windows1252:
        return QStringLiteral("Windows-1252");
    }
    return {};
}

QList<SheetInfo> CsvReader::sheets() const
{
    return m_sheets;
}

bool CsvReader::open(const QString &path, QString *error)
{
    m_sheets.clear();
    m_path.clear();
    const QFileInfo info(path);
    m_fileName = info.fileName();

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot be read (%2)").arg(m_fileName, file.errorString());
        return false;
    }
    const qint64 size = file.size();
    const QByteArray head = file.read(qMin(size, kSampleBytes));
    if (file.error() != QFileDevice::NoError) {
        *error = QStringLiteral("%1: cannot be read (%2)").arg(m_fileName, file.errorString());
        return false;
    }
    if (head.isEmpty()) {
        *error = QStringLiteral("%1: the file is empty").arg(m_fileName);
        return false;
    }
    if (const QString kind = binaryKind(head); !kind.isEmpty()) {
        *error = QStringLiteral("%1: %2, not CSV text").arg(m_fileName, kind);
        return false;
    }

    Encoding encoding = Encoding::Utf8;
    m_bomBytes = 0;
    if (head.startsWith("\xEF\xBB\xBF")) {
        m_bomBytes = 3;
    } else if (head.startsWith("\xFF\xFE")) {
        encoding = Encoding::Utf16LE;
        m_bomBytes = 2;
    } else if (head.startsWith("\xFE\xFF")) {
        encoding = Encoding::Utf16BE;
        m_bomBytes = 2;
    }

    const bool wholeFile = head.size() == size;
    TextDecoder decoder(encoding);
    const qsizetype sampleBytes = head.size() - m_bomBytes;
    std::memcpy(decoder.buffer(sampleBytes), head.constData() + m_bomBytes, size_t(sampleBytes));
    QString text;
    qsizetype problemAt = -1;
    const TextDecoder::Problem problem = decoder.decode(sampleBytes, wholeFile, text, &problemAt);
    if (problem == TextDecoder::Problem::Nul) {
        *error = QStringLiteral("%1: holds NUL bytes, so it is binary data rather than CSV text "
                                "(or UTF-16 without a byte order mark: save it as UTF-8)").arg(m_fileName);
        return false;
    }
    // Mixed encodings are reported by readRows(), which can name the row.
    if (problem == TextDecoder::Problem::MixedEncoding)
        text.truncate(problemAt);
    if (looksBinary(text)) {
        *error = QStringLiteral("%1: holds control characters that text does not, so it is binary "
                                "data rather than CSV text").arg(m_fileName);
        return false;
    }
    if (wholeFile && QStringView(text).trimmed().isEmpty()) {
        *error = QStringLiteral("%1: the file is empty").arg(m_fileName);
        return false;
    }

    QStringView sample(text);
    if (!wholeFile || sample.size() > kDelimiterSampleChars) {
        // Drop the record the sample cuts through.
        sample = sample.first(qMin(sample.size(), kDelimiterSampleChars));
        const qsizetype lastBreak = qMax(sample.lastIndexOf(QChar(u'\n')), sample.lastIndexOf(QChar(u'\r')));
        if (lastBreak > 0)
            sample = sample.first(lastBreak);
    }
    m_delimiter = detectDelimiter(sample.toString());
    m_encoding = decoder.encoding();
    m_path = path;

    SheetInfo sheet;
    sheet.name = info.completeBaseName();
    m_sheets = {sheet};
    return true;
}

bool CsvReader::readRows(int sheetIndex, const RowHandler &onRow, QString *error)
{
    if (m_sheets.isEmpty()) {
        *error = QStringLiteral("no CSV file is open");
        return false;
    }
    if (sheetIndex != 0) {
        *error = QStringLiteral("%1: a CSV file has one sheet; there is no sheet %2").arg(m_fileName).arg(sheetIndex + 1);
        return false;
    }
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(m_bomBytes)) {
        *error = QStringLiteral("%1: cannot be read (%2)").arg(m_fileName, file.errorString());
        return false;
    }
    const qint64 total = file.size();

    TextDecoder decoder(m_encoding);
    RecordParser parser(m_delimiter.unicode(), m_limits, onRow);
    QString text; // the unparsed tail of the previous chunk, then this chunk's text
    for (;;) {
        const qint64 got = file.read(decoder.buffer(m_chunkBytes), m_chunkBytes);
        if (got < 0) {
            *error = QStringLiteral("%1: reading failed after %2 bytes (%3)")
                         .arg(m_fileName).arg(file.pos()).arg(file.errorString());
            return false;
        }
        const bool atEnd = got == 0 || file.atEnd();
        qsizetype problemAt = -1;
        const TextDecoder::Problem problem = decoder.decode(got, atEnd, text, &problemAt);
        const bool clean = problem == TextDecoder::Problem::None;
        const QStringView parsable = clean ? QStringView(text) : QStringView(text).first(problemAt);
        const RecordParser::Status status = parser.parse(parsable, atEnd && clean);

        if (status == RecordParser::Status::Failed) {
            *error = QStringLiteral("%1, row %2: %3").arg(m_fileName).arg(parser.currentRow()).arg(parser.failure());
            return false;
        }
        if (status == RecordParser::Status::Stopped)
            return true;
        if (problem == TextDecoder::Problem::Nul) {
            *error = QStringLiteral("%1, row %2: holds a NUL byte, so this is binary data rather than CSV text")
                         .arg(m_fileName).arg(parser.currentRow());
            return false;
        }
        if (problem == TextDecoder::Problem::MixedEncoding) {
            *error = QStringLiteral("%1, row %2: the bytes here are not UTF-8 though earlier text was, so "
                                    "the file mixes encodings; save it again as UTF-8")
                         .arg(m_fileName).arg(parser.currentRow());
            return false;
        }
        if (m_progress && !m_progress(file.pos(), total)) {
            *error = QStringLiteral("cancelled");
            return false;
        }
        if (status == RecordParser::Status::Done)
            return true;
        text.remove(0, parser.consumed());
    }
}

QChar CsvReader::detectDelimiter(const QString &sample)
{
    // Ranked by whether the first record (normally the header) splits like the rest, then by how
    // many records share the usual count, weighted by the fields it makes: a comma that only
    // appears as a decimal separator or in free text rarely gives the header the same count.
    constexpr char16_t candidates[] = {u',', u';', u'\t'};
    char16_t best = u',';
    bool bestFirstMatches = false;
    qint64 bestWeight = 0;
    for (const char16_t candidate : candidates) {
        const QList<int> counts = fieldCounts(sample, candidate);
        if (counts.isEmpty())
            continue;
        QHash<int, int> frequency;
        for (const int count : counts)
            ++frequency[count];
        int mode = 0;
        int modeFrequency = 0;
        for (auto it = frequency.cbegin(); it != frequency.cend(); ++it) {
            if (it.value() > modeFrequency || (it.value() == modeFrequency && it.key() > mode)) {
                mode = it.key();
                modeFrequency = it.value();
            }
        }
        if (mode < 2)
            continue;
        const bool firstMatches = counts.first() == mode;
        const qint64 weight = qint64(modeFrequency) * (mode - 1);
        if (bestWeight == 0 || (firstMatches && !bestFirstMatches)
            || (firstMatches == bestFirstMatches && weight > bestWeight)) {
            best = candidate;
            bestFirstMatches = firstMatches;
            bestWeight = weight;
        }
    }
    return QChar(best);
}

} // namespace oversight::import
