#include "xmlscanner.h"

#include "zipsource.h"

#include <QIODevice>

#include <algorithm>
#include <array>
#include <cstring>

namespace oversight::import {

namespace {

constexpr qsizetype chunkBytes = 256 * 1024;
// "&#x0000000041;" is legal; past this many bytes a reference is refused rather than buffered.
constexpr qsizetype maxReferenceBytes = 64;
// An XML declaration longer than this is not one any writer produces.
constexpr qsizetype maxDeclarationBytes = 4096;

using ByteTable = std::array<bool, 256>;

constexpr bool isXmlSpace(uchar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

constexpr bool isAsciiLetter(uchar c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Bytes that end a run of plain text: markup, references, line ends, the "]]>" check, control
// characters and the start of multi-byte UTF-8 (validated one sequence at a time).
constexpr ByteTable textStops(bool cdata)
{
    ByteTable table{};
    for (int c = 0; c < 256; ++c)
        table[c] = (c < 0x20 && c != '\t' && c != '\n') || c >= 0x80 || c == ']'
            || (!cdata && (c == '<' || c == '&'));
    return table;
}

// Bytes an attribute value cannot hold as they are (entities, whitespace normalisation, '<').
constexpr ByteTable valueStops()
{
    ByteTable table{};
    for (int c = 0; c < 256; ++c)
        table[c] = c < 0x20 || c >= 0x80 || c == '<' || c == '&';
    return table;
}

constexpr ByteTable nameStarts()
{
    ByteTable table{};
    for (int c = 0; c < 256; ++c)
        table[c] = isAsciiLetter(uchar(c)) || c == '_' || c >= 0x80;
    return table;
}

constexpr ByteTable nameChars()
{
    ByteTable table{};
    for (int c = 0; c < 256; ++c)
        table[c] = isAsciiLetter(uchar(c)) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'
            || c == ':' || c >= 0x80;
    return table;
}

constexpr ByteTable textStop = textStops(false);
constexpr ByteTable cdataStop = textStops(true);
constexpr ByteTable valueStop = valueStops();
constexpr ByteTable nameStart = nameStarts();
constexpr ByteTable nameChar = nameChars();

bool isXmlChar(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
}

enum : int { Utf8Incomplete = 0, Utf8Malformed = -1, Utf8NotXmlChar = -2 };

// The UTF-8 sequence at p (a byte of 0x80 or more): its length, or Utf8Incomplete when it runs
// past end, Utf8Malformed (overlong, surrogate, stray continuation byte, past U+10FFFF) or
// Utf8NotXmlChar (U+FFFE, U+FFFF).
int utf8Sequence(const char *p, const char *end)
{
    const uchar lead = uchar(*p);
    int length;
    char32_t code;
    if (lead < 0xC2)
        return Utf8Malformed;
    if (lead < 0xE0) {
        length = 2;
        code = lead & 0x1F;
    } else if (lead < 0xF0) {
        length = 3;
        code = lead & 0x0F;
    } else if (lead < 0xF5) {
        length = 4;
        code = lead & 0x07;
    } else {
        return Utf8Malformed;
    }
    const qsizetype available = std::min<qsizetype>(end - p, length);
    for (qsizetype i = 1; i < available; ++i) {
        const uchar c = uchar(p[i]);
        if ((c & 0xC0) != 0x80)
            return Utf8Malformed;
        code = (code << 6) | (c & 0x3F);
    }
    if (available < length)
        return Utf8Incomplete;
    if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF)))
        || (length == 4 && (code < 0x10000 || code > 0x10FFFF)))
        return Utf8Malformed;
    if (code == 0xFFFE || code == 0xFFFF)
        return Utf8NotXmlChar;
    return length;
}

void appendUtf8(std::string *out, char32_t code)
{
    char bytes[4];
    int n;
    if (code < 0x80) {
        bytes[0] = char(code);
        n = 1;
    } else if (code < 0x800) {
        bytes[0] = char(0xC0 | (code >> 6));
        bytes[1] = char(0x80 | (code & 0x3F));
        n = 2;
    } else if (code < 0x10000) {
        bytes[0] = char(0xE0 | (code >> 12));
        bytes[1] = char(0x80 | ((code >> 6) & 0x3F));
        bytes[2] = char(0x80 | (code & 0x3F));
        n = 3;
    } else {
        bytes[0] = char(0xF0 | (code >> 18));
        bytes[1] = char(0x80 | ((code >> 12) & 0x3F));
        bytes[2] = char(0x80 | ((code >> 6) & 0x3F));
        bytes[3] = char(0x80 | (code & 0x3F));
        n = 4;
    }
    out->append(bytes, n);
}

QString shown(QByteArrayView bytes)
{
    return QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 40)));
}

// A name's non-ASCII characters are valid UTF-8 and XML characters (ASCII ones were checked
// while scanning it).
bool validNonAsciiName(const char *begin, const char *end)
{
    for (const char *p = begin; p < end;) {
        if (uchar(*p) < 0x80) {
            ++p;
            continue;
        }
        const int length = utf8Sequence(p, end);
        if (length <= 0)
            return false;
        p += length;
    }
    return true;
}

// Short names compared in line: a call to memcmp costs more than the compare, at several names
// per cell.
bool sameBytes(const char *a, const char *b, qsizetype n)
{
    for (qsizetype i = 0; i < n; ++i) {
        if (a[i] != b[i])
            return false;
    }
    return true;
}

const char *findBytes(const char *from, const char *end, QByteArrayView what)
{
    if (end - from < what.size())
        return nullptr;
    const void *hit = memmem(from, size_t(end - from), what.data(), size_t(what.size()));
    return static_cast<const char *>(hit);
}

} // namespace

// ---- XmlScanner -----------------------------------------------------------------------------

XmlScanner::XmlScanner(QIODevice *device)
    : m_device(device)
{
    m_open.reserve(64);
    m_names.reserve(1024);
    m_attributes.reserve(16);
}

XmlScanner::~XmlScanner() = default;

QByteArrayView XmlScanner::attributeName(qsizetype i) const
{
    const Attribute &a = m_attributes[size_t(i)];
    const qsizetype skip = a.prefixLength ? a.prefixLength + 1 : 0;
    return QByteArrayView(m_buffer.constData() + a.nameStart + skip, a.nameLength - skip);
}

QByteArrayView XmlScanner::attributeValue(qsizetype i) const
{
    const Attribute &a = m_attributes[size_t(i)];
    const char *store = a.decoded ? m_values.data() : m_buffer.constData();
    return QByteArrayView(store + a.valueStart, a.valueLength);
}

QByteArrayView XmlScanner::attribute(QByteArrayView localName) const
{
    for (qsizetype i = 0; i < attributeCount(); ++i) {
        const QByteArrayView name = attributeName(i);
        if (name.size() == localName.size() && sameBytes(name.data(), localName.data(), name.size()))
            return attributeValue(i);
    }
    return {};
}

bool XmlScanner::skipCurrentElement()
{
    const int outside = depth() - 1;
    for (;;) {
        switch (next()) {
        case Token::EndElement:
            if (depth() == outside)
                return true;
            break;
        case Token::EndDocument:
        case Token::Invalid:
            return false;
        default:
            break;
        }
    }
}

void XmlScanner::raiseError(const QString &message)
{
    fail(m_buffer.constData() + m_pos, message);
}

void XmlScanner::locate(const char *at)
{
    const char *begin = m_buffer.constData();
    qint64 lines = m_droppedLines;
    qint64 column = m_droppedColumn;
    for (const char *p = begin; p < at; ++p) {
        if (*p == '\n') {
            ++lines;
            column = 0;
        } else {
            ++column;
        }
    }
    m_errorLine = lines + 1;
    m_errorColumn = column + 1;
}

XmlScanner::Step XmlScanner::fail(const char *at, const QString &why)
{
    if (m_errorString.isEmpty()) {
        m_errorString = why;
        locate(at);
    }
    m_token = Token::Invalid;
    return Step::Failed;
}

XmlScanner::Step XmlScanner::failPrematureEnd()
{
    m_prematureEnd = true;
    return fail(m_buffer.constData() + m_end, QStringLiteral("Premature end of document."));
}

bool XmlScanner::fill()
{
    if (m_eof)
        return false;
    if (m_pos > 0) {
        // Drop what was read, keeping its line count for messages.
        const char *begin = m_buffer.constData();
        const char *consumed = begin + m_pos;
        const char *lineStart = nullptr;
        for (const char *p = begin; (p = static_cast<const char *>(std::memchr(p, '\n', size_t(consumed - p))));) {
            ++m_droppedLines;
            lineStart = ++p;
        }
        m_droppedColumn = lineStart ? consumed - lineStart : m_droppedColumn + m_pos;
        std::memmove(m_buffer.data(), consumed, size_t(m_end - m_pos));
        m_end -= m_pos;
        m_pos = 0;
    }
    if (m_decoder) {
        if (m_raw.size() < chunkBytes / 4)
            m_raw.resize(chunkBytes / 4);
        const qint64 got = m_device->read(m_raw.data(), m_raw.size());
        if (got <= 0) {
            m_eof = true;
            return false;
        }
        const QByteArray utf8 = QString(m_decoder->decode(QByteArrayView(m_raw.constData(), got))).toUtf8();
        if (m_decoder->hasError()) {
            m_eof = true;
            fail(m_buffer.constData() + m_end, QStringLiteral("Encountered incorrectly encoded content."));
            return false;
        }
        if (m_buffer.size() < m_end + utf8.size())
            m_buffer.resize(std::max(m_buffer.size() * 2, m_end + utf8.size()));
        std::memcpy(m_buffer.data() + m_end, utf8.constData(), size_t(utf8.size()));
        m_end += utf8.size();
        return true;
    }
    if (m_buffer.size() - m_end < chunkBytes / 2)
        m_buffer.resize(std::max(m_buffer.size() * 2, m_end + chunkBytes));
    const qint64 got = m_device->read(m_buffer.data() + m_end, m_buffer.size() - m_end);
    if (got <= 0) {
        m_eof = true;
        return false;
    }
    m_end += got;
    return true;
}

namespace {

// The value of the encoding pseudo-attribute of an XML declaration at p, empty without one.
QByteArray declaredEncoding(const char *p, const char *end)
{
    if (end - p < 6 || std::memcmp(p, "<?xml", 5) != 0 || !isXmlSpace(uchar(p[5])))
        return {};
    const char *close = findBytes(p, end, "?>");
    const char *name = close ? findBytes(p, close, "encoding") : nullptr;
    if (!name)
        return {};
    const char *q = name + 8;
    while (q < close && (isXmlSpace(uchar(*q)) || *q == '='))
        ++q;
    if (q == close || (*q != '"' && *q != '\''))
        return {};
    const char *valueEnd = static_cast<const char *>(std::memchr(q + 1, *q, size_t(close - q - 1)));
    return valueEnd ? QByteArray(q + 1, valueEnd - q - 1) : QByteArray();
}

} // namespace

bool XmlScanner::detectEncoding()
{
    // Enough to hold the XML declaration, which names the encoding in ASCII whatever it is.
    while (m_end < maxDeclarationBytes && !findBytes(m_buffer.constData(), m_buffer.constData() + m_end, "?>") && fill()) {
    }
    const auto starts = [&](QByteArrayView prefix) {
        return m_end >= prefix.size() && std::memcmp(m_buffer.constData(), prefix.data(), size_t(prefix.size())) == 0;
    };
    // A byte-order mark, or how '<' is spelled, tells UTF-16 apart; it wins over the declaration.
    if (starts("\xFF\xFE") || starts(QByteArrayView("<\0", 2))) {
        m_decoder = std::make_unique<QStringDecoder>(QStringDecoder::Utf16LE);
    } else if (starts("\xFE\xFF") || starts(QByteArrayView("\0<", 2))) {
        m_decoder = std::make_unique<QStringDecoder>(QStringDecoder::Utf16BE);
    } else if (starts("\xEF\xBB\xBF")) {
        m_pos = 3;
    } else {
        const QByteArray name = declaredEncoding(m_buffer.constData(), m_buffer.constData() + m_end);
        const QByteArray lower = name.toLower();
        // UTF-16 named in a document of single bytes would garble it: its bytes win.
        if (!name.isEmpty() && lower != "utf-8" && lower != "utf8" && !lower.startsWith("utf-16")
            && !lower.startsWith("ucs-2")) {
            m_decoder = std::make_unique<QStringDecoder>(name.constData());
            if (!m_decoder->isValid())
                m_decoder.reset(); // readDeclaration() refuses it, saying why
        }
    }
    if (m_decoder) {
        const QByteArray utf8 = QString(m_decoder->decode(QByteArrayView(m_buffer.constData(), m_end))).toUtf8();
        if (m_decoder->hasError()) {
            fail(m_buffer.constData(), QStringLiteral("Encountered incorrectly encoded content."));
            return false;
        }
        m_buffer = utf8;
        m_end = m_buffer.size();
        m_pos = 0;
    }
    const char *p = m_buffer.constData() + m_pos;
    const char *end = m_buffer.constData() + m_end;
    if (end - p > 6 && std::memcmp(p, "<?xml", 5) == 0 && isXmlSpace(uchar(p[5]))) {
        qsizetype length = 0;
        if (!readDeclaration(p, end, &length))
            return false;
        m_pos += length;
    }
    return true;
}

bool XmlScanner::readDeclaration(const char *p, const char *end, qsizetype *length)
{
    const auto refuse = [this](const char *at, const QString &why) {
        fail(at, why);
        return false;
    };
    const char *close = findBytes(p, end, "?>");
    if (!close) {
        if (!m_eof)
            return refuse(p, QStringLiteral("Invalid XML declaration.")); // longer than any writer's
        failPrematureEnd();
        return false;
    }
    const char *q = p + 5;
    int index = 0;
    while (q < close) {
        while (q < close && isXmlSpace(uchar(*q)))
            ++q;
        if (q == close)
            break;
        const char *nameBegin = q;
        while (q < close && isAsciiLetter(uchar(*q)))
            ++q;
        const QByteArrayView name(nameBegin, q - nameBegin);
        while (q < close && isXmlSpace(uchar(*q)))
            ++q;
        if (q == close || *q != '=')
            return refuse(q, QStringLiteral("Expected '=' in the XML declaration."));
        ++q;
        while (q < close && isXmlSpace(uchar(*q)))
            ++q;
        if (q == close || (*q != '"' && *q != '\''))
            return refuse(q, QStringLiteral("Expected ''' or '\"' in the XML declaration."));
        const char *valueEnd = static_cast<const char *>(std::memchr(q + 1, *q, size_t(close - q - 1)));
        if (!valueEnd)
            return refuse(q, QStringLiteral("Invalid XML declaration."));
        const QByteArrayView value(q + 1, valueEnd - q - 1);
        if (index == 0 && name != "version")
            return refuse(nameBegin, QStringLiteral("Expected 'version', but got '%1'.").arg(shown(name)));
        if (name == "version") {
            if (index != 0 || value != "1.0")
                return refuse(nameBegin, QStringLiteral("Unsupported XML version."));
        } else if (name == "encoding") {
            // Checked whatever decides the encoding (a byte-order mark wins), as QXmlStreamReader does.
            const QByteArray encoding = value.toByteArray();
            // XML's EncName: [A-Za-z] ([A-Za-z0-9._] | '-')*
            const bool wellFormed = !encoding.isEmpty() && isAsciiLetter(uchar(encoding.front()))
                && std::all_of(encoding.cbegin(), encoding.cend(), [](char c) {
                       return isAsciiLetter(uchar(c)) || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                   });
            if (!wellFormed)
                return refuse(nameBegin, QStringLiteral("%1 is an invalid encoding name.").arg(QString::fromLatin1(encoding)));
            if (!QStringDecoder(encoding.constData()).isValid())
                return refuse(nameBegin, QStringLiteral("Encoding %1 is unsupported").arg(QString::fromLatin1(encoding)));
        } else if (name == "standalone") {
            if (value != "yes" && value != "no")
                return refuse(nameBegin, QStringLiteral("Standalone accepts only yes or no."));
        } else {
            return refuse(nameBegin, QStringLiteral("Invalid XML declaration."));
        }
        ++index;
        q = valueEnd + 1;
        if (q < close && !isXmlSpace(uchar(*q)))
            return refuse(q, QStringLiteral("Invalid XML declaration."));
    }
    if (index == 0)
        return refuse(close, QStringLiteral("Expected 'version' in the XML declaration."));
    *length = close + 2 - p;
    return true;
}

XmlScanner::Token XmlScanner::next()
{
    if (!m_started) {
        m_started = true;
        if (!detectEncoding()) {
            m_token = Token::Invalid;
            return m_token;
        }
    } else if (m_token == Token::Invalid || m_token == Token::EndDocument) {
        return m_token;
    }
    if (m_popPending)
        popClosedElement();
    if (m_pendingEnd) {
        m_pendingEnd = false;
        const OpenElement &element = m_open.back();
        m_name = QByteArrayView(m_names.data() + element.nameStart + element.localOffset,
                                element.nameLength - element.localOffset);
        m_popPending = true;
        if (m_open.size() == 1)
            m_rootClosed = true;
        m_token = Token::EndElement;
        return m_token;
    }
    for (;;) {
        Step step = Step::NeedMore;
        if (m_pos < m_end) {
            switch (m_mode) {
            case Mode::Comment:
                step = skipUntil("--");
                break;
            case Mode::ProcessingInstruction:
                step = skipUntil("?>");
                break;
            case Mode::CData:
                step = scanText(true);
                break;
            case Mode::Content:
                if (m_open.empty())
                    step = outsideRoot();
                else if (m_buffer.at(m_pos) == '<')
                    step = scanMarkup();
                else
                    step = scanText(false);
                break;
            }
        }
        switch (step) {
        case Step::Token:
            return m_token;
        case Step::Continue:
            break;
        case Step::Failed:
            m_token = Token::Invalid;
            return m_token;
        case Step::NeedMore:
            if (m_end - m_pos > maxTokenBytes) {
                fail(m_buffer.constData() + m_pos,
                     QStringLiteral("A tag longer than %1 bytes.").arg(maxTokenBytes));
                return m_token;
            }
            if (!fill()) {
                if (!m_errorString.isEmpty()) { // the transcoding failed
                    m_token = Token::Invalid;
                    return m_token;
                }
                if (m_pos < m_end || m_mode != Mode::Content || !m_open.empty() || !m_rootSeen) {
                    failPrematureEnd();
                    return m_token;
                }
                m_token = Token::EndDocument;
                return m_token;
            }
            break;
        }
    }
}

void XmlScanner::popClosedElement()
{
    const OpenElement &closed = m_open.back();
    m_names.resize(size_t(closed.nameStart));
    if (closed.namespaceCount > 0) {
        m_prefixes.resize(m_prefixes.size() - size_t(closed.namespaceCount));
        m_prefixNames.resize(m_prefixes.empty() ? 0 : size_t(m_prefixes.back().first + m_prefixes.back().second));
    }
    m_open.pop_back();
    m_popPending = false;
}

bool XmlScanner::atPlainContent() const
{
    return m_started && m_mode == Mode::Content && !m_pendingEnd && !m_open.empty()
        && (m_token == Token::StartElement || m_token == Token::EndElement || m_token == Token::Characters);
}

bool XmlScanner::readPlainElement(QByteArrayView name, QByteArrayView *text)
{
    if (m_popPending)
        popClosedElement();
    if (!atPlainContent() || m_open.size() >= size_t(maxDepth))
        return false;
    const char *data = m_buffer.constData();
    const char *p = data + m_pos;
    const char *end = data + m_end;
    const qsizetype n = name.size();
    if (end - p < 2 * n + 5 || p[0] != '<' || !sameBytes(p + 1, name.data(), n) || p[n + 1] != '>')
        return false;
    const char *textBegin = p + n + 2;
    const char *q = textBegin;
    while (q < end && !textStop[uchar(*q)])
        ++q;
    if (end - q < n + 3 || q[0] != '<' || q[1] != '/' || !sameBytes(q + 2, name.data(), n) || q[n + 2] != '>')
        return false;
    *text = QByteArrayView(textBegin, q - textBegin);
    m_pos = q + n + 3 - data;
    m_name = QByteArrayView(q + 2, n);
    m_token = Token::EndElement;
    return true;
}

bool XmlScanner::readEndElement()
{
    if (m_popPending)
        popClosedElement();
    if (!atPlainContent())
        return false;
    const OpenElement &element = m_open.back();
    const char *data = m_buffer.constData();
    const char *p = data + m_pos;
    const qsizetype n = element.nameLength;
    const char *name = m_names.data() + element.nameStart;
    if (m_end - m_pos < n + 3 || p[0] != '<' || p[1] != '/' || !sameBytes(p + 2, name, n) || p[n + 2] != '>')
        return false;
    m_pos += n + 3;
    m_name = QByteArrayView(name + element.localOffset, n - element.localOffset);
    m_popPending = true;
    if (m_open.size() == 1)
        m_rootClosed = true;
    m_token = Token::EndElement;
    return true;
}

XmlScanner::Step XmlScanner::outsideRoot()
{
    const char *begin = m_buffer.constData();
    const char *p = begin + m_pos;
    const char *end = begin + m_end;
    while (p < end && isXmlSpace(uchar(*p)))
        ++p;
    m_pos = p - begin;
    if (p == end)
        return Step::NeedMore;
    if (*p == '<')
        return scanMarkup();
    return fail(p, m_rootClosed ? QStringLiteral("Extra content at end of document.")
                                : QStringLiteral("Start tag expected."));
}

XmlScanner::Step XmlScanner::scanMarkup()
{
    const char *p = m_buffer.constData() + m_pos;
    const char *end = m_buffer.constData() + m_end;
    if (end - p < 2)
        return Step::NeedMore;
    switch (p[1]) {
    case '/':
        return scanEndTag(p, end);
    case '?': {
        const char *q = p + 2;
        while (q < end && nameChar[uchar(*q)])
            ++q;
        if (q == end)
            return Step::NeedMore;
        const QByteArrayView target(p + 2, q - p - 2);
        if (target.isEmpty() || !nameStart[uchar(target.front())] || !validNonAsciiName(p + 2, q))
            return fail(p, QStringLiteral("Invalid processing instruction name."));
        if (target.size() == 3 && QByteArrayView(target).compare("xml", Qt::CaseInsensitive) == 0)
            return fail(q, QStringLiteral("XML declaration not at start of document."));
        if (!isXmlSpace(uchar(*q)) && *q != '?')
            return fail(q, QStringLiteral("Expected ' ' or '?', but got '%1'.").arg(shown(QByteArrayView(q, 1))));
        m_pos = q - m_buffer.constData();
        m_mode = Mode::ProcessingInstruction;
        return Step::Continue;
    }
    case '!': {
        if (end - p < 4)
            return Step::NeedMore;
        if (p[2] == '-') {
            if (p[3] != '-')
                return fail(p, QStringLiteral("Invalid comment."));
            m_pos += 4;
            m_mode = Mode::Comment;
            return Step::Continue;
        }
        if (end - p < 9)
            return Step::NeedMore;
        if (std::memcmp(p, "<![CDATA[", 9) == 0) {
            if (m_open.empty())
                return fail(p, QStringLiteral("Start tag expected."));
            m_pos += 9;
            m_mode = Mode::CData;
            return Step::Continue;
        }
        if (std::memcmp(p, "<!DOCTYPE", 9) == 0) {
            m_doctype = true;
            locate(p);
            m_token = Token::Invalid;
            return Step::Failed;
        }
        return fail(p, QStringLiteral("Unexpected '%1'.").arg(shown(QByteArrayView(p, 9))));
    }
    default:
        if (m_rootClosed)
            return fail(p, QStringLiteral("Extra content at end of document."));
        return scanStartTag(p, end);
    }
}

XmlScanner::Step XmlScanner::scanEndTag(const char *p, const char *end)
{
    const char *q = p + 2;
    if (q == end)
        return Step::NeedMore;
    if (!nameStart[uchar(*q)])
        return fail(q, QStringLiteral("Expected a name in an end tag."));
    while (q < end && nameChar[uchar(*q)])
        ++q;
    const QByteArrayView name(p + 2, q - p - 2);
    while (q < end && isXmlSpace(uchar(*q)))
        ++q;
    if (q == end)
        return Step::NeedMore;
    if (*q != '>')
        return fail(q, QStringLiteral("Expected '>', but got '%1'.").arg(shown(QByteArrayView(q, 1))));
    if (m_open.empty())
        return fail(p, QStringLiteral("Start tag expected."));
    const OpenElement &element = m_open.back();
    if (name.size() != element.nameLength || !sameBytes(name.data(), m_names.data() + element.nameStart, name.size()))
        return fail(p, QStringLiteral("Opening and ending tag mismatch."));
    m_name = QByteArrayView(m_names.data() + element.nameStart + element.localOffset,
                            element.nameLength - element.localOffset);
    m_popPending = true;
    if (m_open.size() == 1)
        m_rootClosed = true;
    m_pos = q + 1 - m_buffer.constData();
    m_token = Token::EndElement;
    return Step::Token;
}

XmlScanner::Step XmlScanner::scanStartTag(const char *p, const char *end)
{
    const char *data = m_buffer.constData();
    const char *q = p + 1;
    if (!nameStart[uchar(*q)])
        return fail(q, QStringLiteral("Expected '?', '!', or a name, but got '%1'.").arg(shown(QByteArrayView(q, 1))));
    qsizetype colon = -1;
    uchar seen = 0; // every byte of the name or'ed: its top bit says whether any is non-ASCII
    while (q < end && nameChar[uchar(*q)]) {
        if (*q == ':') {
            if (colon >= 0)
                return fail(q, QStringLiteral("Invalid qualified name."));
            colon = q - (p + 1);
        }
        seen |= uchar(*q);
        ++q;
    }
    if (q == end)
        return Step::NeedMore;
    if ((seen & 0x80) && !validNonAsciiName(p + 1, q))
        return fail(p + 1, QStringLiteral("Encountered incorrectly encoded content."));
    const QByteArrayView qualifiedName(p + 1, q - p - 1);
    if (qualifiedName.size() > maxNameBytes)
        return fail(p + 1, QStringLiteral("A name longer than %1 bytes.").arg(maxNameBytes));
    if (colon == 0 || colon == qualifiedName.size() - 1)
        return fail(p + 1, QStringLiteral("Invalid qualified name."));

    m_attributes.clear();
    m_values.clear();
    m_declared.clear();
    bool selfClosing = false;
    for (;;) {
        const char *spaceStart = q;
        while (q < end && isXmlSpace(uchar(*q)))
            ++q;
        if (q == end)
            return Step::NeedMore;
        const uchar c = uchar(*q);
        if (c == '>') {
            ++q;
            break;
        }
        if (c == '/') {
            if (q + 1 == end)
                return Step::NeedMore;
            if (q[1] != '>')
                return fail(q + 1, QStringLiteral("Expected '>', but got '%1'.").arg(shown(QByteArrayView(q + 1, 1))));
            q += 2;
            selfClosing = true;
            break;
        }
        if (q == spaceStart || !nameStart[c])
            return fail(q, QStringLiteral("Expected '>' or '/', but got '%1'.").arg(shown(QByteArrayView(q, 1))));
        Attribute attribute;
        attribute.nameStart = q - data;
        qsizetype attributeColon = -1;
        const char *nameBegin = q;
        seen = 0;
        while (q < end && nameChar[uchar(*q)]) {
            if (*q == ':') {
                if (attributeColon >= 0)
                    return fail(q, QStringLiteral("Invalid qualified name."));
                attributeColon = q - nameBegin;
            }
            seen |= uchar(*q);
            ++q;
        }
        if (q < end && (seen & 0x80) && !validNonAsciiName(nameBegin, q))
            return fail(nameBegin, QStringLiteral("Encountered incorrectly encoded content."));
        attribute.nameLength = q - nameBegin;
        if (attribute.nameLength > maxNameBytes)
            return fail(nameBegin, QStringLiteral("A name longer than %1 bytes.").arg(maxNameBytes));
        if (qsizetype(m_attributes.size() + m_declared.size()) >= maxAttributes)
            return fail(nameBegin, QStringLiteral("More than %1 attributes in a tag.").arg(maxAttributes));
        if (attributeColon == 0 || attributeColon == attribute.nameLength - 1)
            return fail(nameBegin, QStringLiteral("Invalid qualified name."));
        attribute.prefixLength = attributeColon > 0 ? attributeColon : 0;
        while (q < end && isXmlSpace(uchar(*q)))
            ++q;
        if (q == end)
            return Step::NeedMore;
        if (*q != '=')
            return fail(q, QStringLiteral("Expected '=', but got '%1'.").arg(shown(QByteArrayView(q, 1))));
        ++q;
        while (q < end && isXmlSpace(uchar(*q)))
            ++q;
        if (q == end)
            return Step::NeedMore;
        const char quote = *q;
        if (quote != '"' && quote != '\'')
            return fail(q, QStringLiteral("Expected ''' or '\"', but got '%1'.").arg(shown(QByteArrayView(q, 1))));
        ++q;
        const char *close = q;
        while (close < end && *close != quote && !valueStop[uchar(*close)])
            ++close;
        if (close < end && *close == quote) {
            attribute.valueStart = q - data;
            attribute.valueLength = close - q;
        } else {
            close = static_cast<const char *>(std::memchr(close, quote, size_t(end - close)));
            if (!close)
                return Step::NeedMore;
            if (!decodeAttributeValue(q, close, &attribute))
                return Step::Failed;
        }
        q = close + 1;

        const QByteArrayView name(nameBegin, attribute.nameLength);
        if (name == "xmlns") {
            continue; // the default namespace: names are matched by their local part
        }
        if (attribute.prefixLength == 5 && name.startsWith("xmlns:")) {
            if (attribute.valueLength == 0)
                return fail(nameBegin, QStringLiteral("Illegal namespace declaration."));
            m_declared.emplace_back(attribute.nameStart + 6, attribute.nameLength - 6);
            continue;
        }
        m_attributes.push_back(attribute);
    }

    // Attribute names once each. A long list is sorted rather than compared pairwise, so a hostile
    // tag with thousands of attributes costs no more than reading it.
    const auto qualified = [&](const Attribute &a) { return QByteArrayView(data + a.nameStart, a.nameLength); };
    if (m_attributes.size() <= 16) {
        for (size_t i = 1; i < m_attributes.size(); ++i) {
            for (size_t j = 0; j < i; ++j) {
                const QByteArrayView a = qualified(m_attributes[i]);
                const QByteArrayView b = qualified(m_attributes[j]);
                if (a.size() == b.size() && sameBytes(a.data(), b.data(), a.size()))
                    return fail(p, QStringLiteral("Attribute '%1' redefined.").arg(shown(qualified(m_attributes[i]))));
            }
        }
    } else {
        QList<QByteArrayView> names;
        names.reserve(qsizetype(m_attributes.size()));
        for (const Attribute &a : m_attributes)
            names.append(qualified(a));
        std::sort(names.begin(), names.end());
        const auto twice = std::adjacent_find(names.cbegin(), names.cend());
        if (twice != names.cend())
            return fail(p, QStringLiteral("Attribute '%1' redefined.").arg(shown(*twice)));
    }

    if (q - p > maxTokenBytes) // the buffer may have grown past the limit to find the tag's end
        return fail(p, QStringLiteral("A tag longer than %1 bytes.").arg(maxTokenBytes));
    if (m_open.size() >= size_t(maxDepth))
        return fail(p, QStringLiteral("Elements nested more than %1 deep.").arg(maxDepth));
    if (qsizetype(m_prefixes.size() + m_declared.size()) > maxNamespaces)
        return fail(p, QStringLiteral("More than %1 namespace prefixes declared at once.").arg(maxNamespaces));
    for (const auto &[start, length] : m_declared) {
        m_prefixes.emplace_back(qsizetype(m_prefixNames.size()), length);
        m_prefixNames.append(data + start, size_t(length));
    }
    OpenElement element;
    element.nameStart = qsizetype(m_names.size());
    element.nameLength = qualifiedName.size();
    element.localOffset = colon > 0 ? colon + 1 : 0;
    element.namespaceCount = int(m_declared.size());
    m_names.append(qualifiedName.data(), size_t(qualifiedName.size()));
    m_open.push_back(element);
    m_rootSeen = true;
    // Prefixes must be declared, the element's own declarations included ("xml" always is).
    if (colon > 0 && !prefixDeclared(qualifiedName.first(colon)))
        return fail(p, QStringLiteral("Namespace prefix '%1' not declared").arg(shown(qualifiedName.first(colon))));
    for (const Attribute &a : m_attributes) {
        if (a.prefixLength > 0 && !prefixDeclared(QByteArrayView(data + a.nameStart, a.prefixLength)))
            return fail(p, QStringLiteral("Namespace prefix '%1' not declared")
                               .arg(shown(QByteArrayView(data + a.nameStart, a.prefixLength))));
    }

    m_name = QByteArrayView(qualifiedName.data() + element.localOffset, qualifiedName.size() - element.localOffset);
    m_pendingEnd = selfClosing;
    m_pos = q - data;
    m_token = Token::StartElement;
    return Step::Token;
}

bool XmlScanner::prefixDeclared(QByteArrayView prefix) const
{
    if (prefix == "xml")
        return true;
    for (auto it = m_prefixes.crbegin(); it != m_prefixes.crend(); ++it) {
        const auto &[start, length] = *it;
        if (QByteArrayView(m_prefixNames.data() + start, length) == prefix)
            return true;
    }
    return false;
}

bool XmlScanner::decodeAttributeValue(const char *begin, const char *end, Attribute *attribute)
{
    attribute->decoded = true;
    attribute->valueStart = qsizetype(m_values.size());
    const char *p = begin;
    while (p < end) {
        const uchar c = uchar(*p);
        if (c == '&') {
            const qsizetype length = readReference(p, end, &m_values);
            if (length < 0)
                return false;
            if (length == 0) {
                fail(p, QStringLiteral("Expected ';'."));
                return false;
            }
            p += length;
        } else if (c == '<') {
            fail(p, QStringLiteral("Unexpected '<'."));
            return false;
        } else if (c == '\r') {
            // A line end, \r\n included, is one space in a value.
            m_values.push_back(' ');
            p += p + 1 < end && p[1] == '\n' ? 2 : 1;
        } else if (c == '\t' || c == '\n') {
            m_values.push_back(' ');
            ++p;
        } else if (c < 0x20) {
            fail(p, QStringLiteral("Invalid XML character."));
            return false;
        } else if (c >= 0x80) {
            const int length = utf8Sequence(p, end);
            if (length <= 0) {
                fail(p, length == Utf8NotXmlChar ? QStringLiteral("Invalid XML character.")
                                                 : QStringLiteral("Encountered incorrectly encoded content."));
                return false;
            }
            m_values.append(p, size_t(length));
            p += length;
        } else {
            m_values.push_back(char(c));
            ++p;
        }
    }
    attribute->valueLength = qsizetype(m_values.size()) - attribute->valueStart;
    return true;
}

qsizetype XmlScanner::readReference(const char *p, const char *end, std::string *out)
{
    const char *limit = std::min(end, p + maxReferenceBytes);
    const char *q = p + 1;
    if (q < limit && *q == '#') {
        ++q;
        const bool hex = q < limit && *q == 'x';
        if (hex)
            ++q;
        const char *digits = q;
        char32_t code = 0;
        for (; q < limit; ++q) {
            const uchar c = uchar(*q);
            int value;
            if (c >= '0' && c <= '9')
                value = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                value = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                value = c - 'A' + 10;
            else
                break;
            code = std::min<char32_t>(code * (hex ? 16 : 10) + char32_t(value), 0x110000); // past U+10FFFF: invalid
        }
        if (q == limit)
            return limit == end && end - p < maxReferenceBytes ? 0 : (fail(p, QStringLiteral("Expected ';'.")), -1);
        if (*q != ';' || q == digits) {
            fail(q, QStringLiteral("Invalid character reference."));
            return -1;
        }
        if (!isXmlChar(code)) {
            fail(p, QStringLiteral("Invalid character reference."));
            return -1;
        }
        appendUtf8(out, code);
        return q + 1 - p;
    }
    const char *nameBegin = q;
    while (q < limit && nameChar[uchar(*q)])
        ++q;
    if (q == limit)
        return limit == end && end - p < maxReferenceBytes ? 0 : (fail(p, QStringLiteral("Expected ';'.")), -1);
    const QByteArrayView name(nameBegin, q - nameBegin);
    if (*q != ';' || name.isEmpty()) {
        fail(q, QStringLiteral("Expected ';', but got '%1'.").arg(shown(QByteArrayView(q, 1))));
        return -1;
    }
    char replacement;
    if (name == "lt")
        replacement = '<';
    else if (name == "gt")
        replacement = '>';
    else if (name == "amp")
        replacement = '&';
    else if (name == "quot")
        replacement = '"';
    else if (name == "apos")
        replacement = '\'';
    else {
        fail(p, QStringLiteral("Entity '%1' not declared.").arg(shown(name)));
        return -1;
    }
    out->push_back(replacement);
    return q + 1 - p;
}

XmlScanner::Step XmlScanner::scanText(bool cdata)
{
    const ByteTable &stops = cdata ? cdataStop : textStop;
    const char *data = m_buffer.constData();
    const char *start = data + m_pos;
    const char *end = data + m_end;
    const char *p = start;
    const char *plain = start;   // start of the bytes not yet copied, once copying
    bool copying = false;        // the piece differs from the bytes read (references, line ends)
    const char *stop = nullptr;  // where this piece ends
    qsizetype resume = -1;       // where reading goes on, when not at stop
    auto startCopying = [&] {
        if (!copying) {
            m_textBuffer.clear();
            copying = true;
        }
        m_textBuffer.append(plain, size_t(p - plain));
        plain = p;
    };
    for (;;) {
        while (p < end && !stops[uchar(*p)])
            ++p;
        if (p == end) {
            stop = p;
            break;
        }
        const uchar c = uchar(*p);
        if (c == '<') {
            stop = p;
            break;
        }
        if (c == '&') {
            startCopying();
            const qsizetype length = readReference(p, end, &m_textBuffer);
            if (length < 0)
                return Step::Failed;
            if (length == 0) { // the reference goes on in the next chunk
                stop = p;
                break;
            }
            p += length;
            plain = p;
        } else if (c == '\r') {
            if (p + 1 == end) { // a \n may follow in the next chunk
                stop = p;
                break;
            }
            startCopying();
            m_textBuffer.push_back('\n');
            p += p[1] == '\n' ? 2 : 1;
            plain = p;
        } else if (c == ']') {
            if (end - p < 3) {
                stop = p;
                break;
            }
            if (p[1] == ']' && p[2] == '>') {
                if (!cdata)
                    return fail(p, QStringLiteral("Sequence ']]>' not allowed in content."));
                stop = p;
                resume = p + 3 - data;
                m_mode = Mode::Content;
                break;
            }
            ++p;
        } else if (c < 0x80) {
            return fail(p, QStringLiteral("Invalid XML character."));
        } else {
            const int length = utf8Sequence(p, end);
            if (length == Utf8Incomplete) {
                stop = p;
                break;
            }
            if (length < 0)
                return fail(p, length == Utf8NotXmlChar ? QStringLiteral("Invalid XML character.")
                                                        : QStringLiteral("Encountered incorrectly encoded content."));
            p += length;
        }
    }
    if (copying) {
        m_textBuffer.append(plain, size_t(stop - plain));
        m_text = QByteArrayView(m_textBuffer.data(), qsizetype(m_textBuffer.size()));
    } else {
        m_text = QByteArrayView(start, stop - start);
    }
    m_pos = resume >= 0 ? resume : stop - data;
    if (!m_text.isEmpty()) {
        m_token = Token::Characters;
        return Step::Token;
    }
    return resume >= 0 || stop != start ? Step::Continue : Step::NeedMore;
}

XmlScanner::Step XmlScanner::skipUntil(QByteArrayView terminator)
{
    const char *data = m_buffer.constData();
    const char *p = data + m_pos;
    const char *end = data + m_end;
    const char *hit = findBytes(p, end, terminator);
    if (!hit) {
        // Keep what could be the start of the terminator.
        m_pos = std::max(m_pos, m_end - (terminator.size() - 1));
        return Step::NeedMore;
    }
    if (m_mode == Mode::Comment) {
        // "--" only ends a comment: "-->".
        if (hit + 2 == end) {
            m_pos = hit - data;
            return Step::NeedMore;
        }
        if (hit[2] != '>')
            return fail(hit, QStringLiteral("Expected '>', but got '%1'.").arg(shown(QByteArrayView(hit + 2, 1))));
        m_pos = hit + 3 - data;
    } else {
        m_pos = hit + terminator.size() - data;
    }
    m_mode = Mode::Content;
    return Step::Continue;
}

// ---- ScannedXmlEntry ------------------------------------------------------------------------

bool ScannedXmlEntry::open(ZipSource &zip, const QString &entry, QString *error)
{
    fileName = zip.fileName();
    entryName = entry;
    device = zip.openEntry(entry, error);
    if (!device)
        return false;
    xml = std::make_unique<XmlScanner>(device.get());
    return true;
}

bool ScannedXmlEntry::failed() const
{
    return (xml && xml->token() == XmlScanner::Token::Invalid) || (device && device->failed());
}

QString ScannedXmlEntry::failure(const QString &where) const
{
    // The device's own failure (a limit, damaged data) is the cause of whatever the parser saw.
    if (device && device->failed())
        return device->failure();
    if (xml && xml->hasDoctype())
        return QStringLiteral("%1: entry %2: has a document type declaration (DOCTYPE); refused, "
                              "since entity declarations can exhaust memory")
            .arg(fileName, entryName);
    const QString place = where.isEmpty() ? QStringLiteral("entry %1").arg(entryName) : where;
    if (xml && xml->hasError())
        return QStringLiteral("%1: %2: malformed XML at line %3, column %4: %5")
            .arg(fileName, place)
            .arg(xml->lineNumber())
            .arg(xml->columnNumber())
            .arg(xml->errorString());
    return QStringLiteral("%1: %2: the XML ends early").arg(fileName, place);
}

} // namespace oversight::import
