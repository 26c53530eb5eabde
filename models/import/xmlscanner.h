#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringDecoder>
#include <memory>
#include <string>
#include <utility>
#include <vector>

class QIODevice;

namespace oversight::import {

class ZipEntryDevice;
class ZipSource;

// A streaming XML tokenizer over bytes, for the large parts of a workbook (worksheets, shared
// strings) where QXmlStreamReader's per-character UTF-16 work costs more than everything else.
// It reads its device in chunks into one buffer (bounded: a single tag may not pass
// maxTokenBytes; text, comments and CDATA stream through in pieces), and hands out views of UTF-8
// bytes that stay valid until the next call to next().
//
// It checks what QXmlStreamReader checks that matters for trusting the content: nesting and
// matching end tags, attribute syntax and duplicates, declared namespace prefixes, the five
// predefined entities and character references (any other entity is an error), UTF-8 validity and
// XML's character range, "]]>" in text, one root element. A document type declaration stops it
// with hasDoctype(): entity declarations are how entity-expansion bombs work, and no OOXML part
// has one. Line ends in text are normalised (\r\n and \r to \n) and attribute values have
// whitespace normalised, as XML requires. Comments and processing instructions are skipped.
// Documents declared (or marked by a byte-order mark) in another encoding than UTF-8 are
// transcoded to UTF-8 as they are read.
class XmlScanner {
public:
    enum class Token { StartElement, EndElement, Characters, EndDocument, Invalid };

    // Bounds on what a hostile document can make the scanner hold; real parts stay far below.
    static constexpr qsizetype maxTokenBytes = 4 * 1024 * 1024; // one tag, with its attributes
    static constexpr int maxDepth = 4096;                       // nested elements
    static constexpr qsizetype maxNameBytes = 1024;             // an element's or attribute's name
    static constexpr qsizetype maxAttributes = 1024;            // in one tag
    static constexpr qsizetype maxNamespaces = 4096;            // prefixes declared and in scope

    explicit XmlScanner(QIODevice *device);
    ~XmlScanner();
    XmlScanner(const XmlScanner &) = delete;
    XmlScanner &operator=(const XmlScanner &) = delete;

    Token next();
    Token token() const { return m_token; }

    // StartElement, EndElement: the local name (any prefix dropped, as QXmlStreamReader::name()).
    QByteArrayView name() const { return m_name; }
    // StartElement: its attributes, by index or by local name (the last one of that name).
    qsizetype attributeCount() const { return qsizetype(m_attributes.size()); }
    QByteArrayView attributeName(qsizetype i) const;
    QByteArrayView attributeValue(qsizetype i) const;
    QByteArrayView attribute(QByteArrayView localName) const;
    // Characters: a piece of text, entities resolved. Long text arrives in several pieces; text
    // between elements is handed over too, whitespace included.
    QByteArrayView text() const { return m_text; }
    // Open elements, the one just started included and the one just ended not.
    int depth() const { return int(m_open.size()) - (m_popPending ? 1 : 0); }

    // After a StartElement: reads to its end. False when the document fails first.
    bool skipCurrentElement();

    // Shortcuts for the shapes that make up most of a worksheet, each worth several calls to
    // next(). Each reads its construct only when it is all in the buffer and plain (no prefix,
    // attribute, whitespace in the tag, reference, line end or non-ASCII text); otherwise it reads
    // nothing and returns false, and the caller goes on with next(), which handles every case.
    // <name>text</name> as the next thing in the open element: *text is valid until the next call
    // to the scanner.
    bool readPlainElement(QByteArrayView name, QByteArrayView *text);
    // </name> of the open element: afterwards the state is as after next() returned EndElement.
    bool readEndElement();
    // Stops reading with an error where the last token ended, as if the XML were malformed
    // (what QXmlStreamReader::raiseError does): for content the caller finds out of place.
    void raiseError(const QString &message);

    bool hasError() const { return m_token == Token::Invalid && !m_doctype; }
    bool hasDoctype() const { return m_doctype; }
    // Why parsing stopped (for hasError()); the device's own failure is the caller's to report.
    QString errorString() const { return m_errorString; }
    bool prematureEnd() const { return m_prematureEnd; }
    // Where it stopped: 1-based line, and column in bytes.
    qint64 lineNumber() const { return m_errorLine; }
    qint64 columnNumber() const { return m_errorColumn; }

private:
    enum class Step { Token, Continue, NeedMore, Failed };
    enum class Mode { Content, Comment, ProcessingInstruction, CData };

    struct Attribute {
        qsizetype nameStart = 0;  // qualified name in m_buffer
        qsizetype nameLength = 0;
        qsizetype prefixLength = 0; // 0 without a prefix, else the prefix's length (colon excluded)
        qsizetype valueStart = 0;   // in m_buffer, or in m_values when decoded
        qsizetype valueLength = 0;
        bool decoded = false;
    };

    struct OpenElement {
        qsizetype nameStart = 0; // qualified name in m_names
        qsizetype nameLength = 0;
        qsizetype localOffset = 0; // where the local name starts inside the qualified name
        int namespaceCount = 0;    // prefixes this element declared (in m_prefixes)
    };

    bool fill();
    void popClosedElement();
    bool atPlainContent() const;
    bool detectEncoding();
    bool readDeclaration(const char *p, const char *end, qsizetype *length);
    qint64 readDecoded(char *data, qint64 maxSize);

    Step scanMarkup();
    Step scanStartTag(const char *p, const char *end);
    Step scanEndTag(const char *p, const char *end);
    Step scanText(bool cdata);
    Step skipUntil(QByteArrayView terminator);
    Step outsideRoot();
    bool decodeAttributeValue(const char *begin, const char *end, Attribute *attribute);
    // Resolves the reference at p (at '&') into out; returns the bytes read, 0 when the reference
    // is not complete in [p, end), -1 on an error.
    qsizetype readReference(const char *p, const char *end, std::string *out);
    bool prefixDeclared(QByteArrayView prefix) const;

    Step fail(const char *at, const QString &why);
    Step failPrematureEnd();
    void locate(const char *at);

    QIODevice *m_device = nullptr;
    QByteArray m_buffer;
    qsizetype m_pos = 0; // next unread byte in m_buffer
    qsizetype m_end = 0; // end of the bytes read into m_buffer
    bool m_eof = false;
    bool m_started = false;

    // Transcoding of documents in other encodings than UTF-8.
    std::unique_ptr<QStringDecoder> m_decoder;
    QByteArray m_raw;

    Token m_token = Token::Invalid;
    Mode m_mode = Mode::Content;
    QByteArrayView m_name;
    QByteArrayView m_text;
    // Scratch storage is std:: containers: they keep their capacity when cleared and append
    // inline, which matters at several elements per cell.
    std::vector<Attribute> m_attributes;
    std::string m_values; // decoded attribute values of the current tag
    std::string m_textBuffer;

    std::string m_names; // qualified names of the open elements, back to back
    std::vector<OpenElement> m_open;
    std::string m_prefixNames; // declared prefixes, back to back
    std::vector<std::pair<qsizetype, qsizetype>> m_prefixes; // start, length in m_prefixNames
    std::vector<std::pair<qsizetype, qsizetype>> m_declared; // the current tag's xmlns:p, in m_buffer
    bool m_pendingEnd = false; // a self-closing tag's end comes next
    bool m_popPending = false; // the element that just ended leaves the stack at the next call
    bool m_rootSeen = false;
    bool m_rootClosed = false;

    // Lines and columns of the bytes already dropped from m_buffer, for messages.
    qint64 m_droppedLines = 0;
    qint64 m_droppedColumn = 0;

    bool m_doctype = false;
    bool m_prematureEnd = false;
    QString m_errorString;
    qint64 m_errorLine = 0;
    qint64 m_errorColumn = 0;
};

// An archive entry read with XmlScanner, with what every entry gets: limits through its device,
// the DOCTYPE refusal, and messages naming the file, like XmlEntry's.
struct ScannedXmlEntry {
    std::unique_ptr<ZipEntryDevice> device;
    std::unique_ptr<XmlScanner> xml;
    QString fileName;
    QString entryName;

    bool open(ZipSource &zip, const QString &entry, QString *error);
    bool failed() const;
    // Why parsing stopped, naming the file; where says what was read ("sheet \"Data\", row 12"),
    // the entry's name is used when it is empty.
    QString failure(const QString &where) const;
};

} // namespace oversight::import
