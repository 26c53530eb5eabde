#include "odsreader.h"

#include "xlsxreader.h"
#include "zipsource.h"

#include <QFileInfo>
#include <QMap>
#include <QSet>
#include <QXmlStreamReader>

#include <functional>

namespace oversight::import {

namespace {

using excel::a1;
using excel::utf8Length;

const QString officeNs = QStringLiteral("urn:oasis:names:tc:opendocument:xmlns:office:1.0");
const QString tableNs = QStringLiteral("urn:oasis:names:tc:opendocument:xmlns:table:1.0");
const QString textNs = QStringLiteral("urn:oasis:names:tc:opendocument:xmlns:text:1.0");
const QString styleNs = QStringLiteral("urn:oasis:names:tc:opendocument:xmlns:style:1.0");
const QString calcextNs =
    QStringLiteral("urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0");
const QString contentEntry = QStringLiteral("content.xml");

constexpr int rowsPerProgress = 1024;
constexpr qint64 maxRepeat = qint64(1) << 40; // far past any limit, far from overflow
constexpr int maxGroupNesting = 64;
// Cells handed over beyond those written out, from repeated rows and columns holding values:
// a few bytes of XML must not turn into hours of rows (empty repeats cost nothing and do not count).
constexpr qint64 maxRepeatedCells = 50'000'000;

bool isElement(const QXmlStreamReader &xml, const QString &ns, QStringView name)
{
    return xml.name() == name && xml.namespaceUri() == ns;
}

qint64 repeatCount(QStringView value)
{
    if (value.isEmpty())
        return 1;
    bool ok = false;
    const qint64 n = value.toLongLong(&ok);
    return ok && n >= 1 ? qMin(n, maxRepeat) : 1;
}

// ISO 8601 duration (PT12H30M15.5S, P1DT2H) -> days. False on anything else.
bool parseDuration(QStringView text, double *days)
{
    bool negative = false;
    if (text.startsWith(u'-')) {
        negative = true;
        text = text.mid(1);
    }
    if (!text.startsWith(u'P'))
        return false;
    double seconds = 0;
    bool inTime = false;
    qsizetype start = 1;
    for (qsizetype i = 1; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'T') {
            inTime = true;
            start = i + 1;
            continue;
        }
        if (c.isDigit() || c == u'.' || c == u',')
            continue;
        bool ok = false;
        const double value = text.mid(start, i - start).toString().replace(u',', u'.').toDouble(&ok);
        if (!ok)
            return false;
        switch (c.unicode()) {
        case u'D':
            seconds += value * 86400;
            break;
        case u'H':
            seconds += value * 3600;
            break;
        case u'M':
            if (!inTime) // months have no fixed length: not a time of day
                return false;
            seconds += value * 60;
            break;
        case u'S':
            seconds += value;
            break;
        default:
            return false;
        }
        start = i + 1;
    }
    if (start != text.size())
        return false;
    *days = (negative ? -seconds : seconds) / 86400.0;
    return true;
}

// A spanned (merged) cell whose value is carried into the covered cells of its range.
struct Span {
    qint64 firstRow = 0;
    qint64 lastRow = 0;
    qint64 firstColumn = 0;
    qint64 lastColumn = 0;
    Cell value;
};

class ContentParser {
public:
    QString fileName;
    QString sheetName;
    ReaderLimits limits;
    const RowHandler *onRow = nullptr;
    const Progress *progress = nullptr;

    // Streams the rows of the table element the reader stands on. False with *error set on
    // malformed content or cancellation; true when read or stopped by the handler.
    bool readTable(XmlEntry &entry, QString *error)
    {
        m_entry = &entry;
        readRowContainer();
        if (m_stopped)
            return true;
        if (!m_error.isEmpty()) {
            *error = m_error;
            return false;
        }
        if (entry.failed()) {
            *error = entry.failure(where());
            return false;
        }
        return true;
    }

private:
    QString where() const
    {
        if (m_row > 0)
            return QStringLiteral("sheet \"%1\", row %2").arg(sheetName).arg(m_row);
        return QStringLiteral("sheet \"%1\"").arg(sheetName);
    }

    bool refuse(const QString &what)
    {
        m_error = QStringLiteral("%1: %2: %3").arg(fileName, where(), what);
        return false;
    }

    bool refuseCell(qint64 column, const QString &what)
    {
        m_error = QStringLiteral("%1: sheet \"%2\", cell %3: %4")
                      .arg(fileName, sheetName,
                           a1(int(qMin<qint64>(column, limits.maxColumns)), m_row + 1), what);
        return false;
    }

    // Rows sit in the table directly or in header-row, row-group and rows containers.
    bool readRowContainer(int nesting = 0)
    {
        if (nesting > maxGroupNesting) // the recursion below must not exhaust the stack
            return refuse(QStringLiteral("row groups nested more than %1 deep").arg(maxGroupNesting));
        QXmlStreamReader &xml = m_entry->xml;
        while (!xml.atEnd()) {
            switch (xml.readNext()) {
            case QXmlStreamReader::StartElement:
                if (xml.namespaceUri() != tableNs) {
                    xml.skipCurrentElement();
                } else if (xml.name() == u"table-row") {
                    if (!readRow())
                        return false;
                } else if (xml.name() == u"table-header-rows" || xml.name() == u"table-row-group"
                           || xml.name() == u"table-rows") {
                    if (!readRowContainer(nesting + 1))
                        return false;
                } else {
                    xml.skipCurrentElement();
                }
                break;
            case QXmlStreamReader::EndElement:
                return true;
            default:
                break;
            }
        }
        return false;
    }

    bool readRow()
    {
        QXmlStreamReader &xml = m_entry->xml;
        const QXmlStreamAttributes attributes = xml.attributes();
        const qint64 repeat = repeatCount(attributes.value(tableNs, QStringLiteral("number-rows-repeated")));
        // m_row is the last row number used; this row is m_row + 1.
        m_cells.clear();
        qint64 column = 0;
        while (!xml.atEnd()) {
            const QXmlStreamReader::TokenType token = xml.readNext();
            if (token == QXmlStreamReader::StartElement) {
                const bool covered = isElement(xml, tableNs, u"covered-table-cell");
                if (covered || isElement(xml, tableNs, u"table-cell")) {
                    if (!readCell(covered, &column))
                        return false;
                } else {
                    xml.skipCurrentElement();
                }
            } else if (token == QXmlStreamReader::EndElement) {
                break;
            }
        }
        if (xml.hasError())
            return false;

        while (!m_cells.isEmpty() && m_cells.constLast().isEmpty())
            m_cells.removeLast();
        const qint64 first = m_row + 1;
        m_row = qMin(m_row + repeat, qint64(1) << 62); // saturates: hostile repeats cannot overflow
        if (!m_cells.isEmpty()) {
            if (m_row > limits.maxRows) {
                m_row = qMin(first, limits.maxRows + 1);
                return refuse(QStringLiteral("more than %1 rows (the limit)").arg(limits.maxRows));
            }
            // A repeated row with values is handed over once per row it stands for.
            if (!chargeRepeats((m_row - first) * m_cells.size()))
                return false;
            for (qint64 row = first; row <= m_row; ++row) {
                if (!(*onRow)(row, m_cells)) {
                    m_stopped = true;
                    return false;
                }
            }
        }
        if (*progress && ++m_rowsSinceProgress >= rowsPerProgress) {
            m_rowsSinceProgress = 0;
            if (!(*progress)(m_entry->device->bytesDelivered(), m_entry->device->uncompressedSize())) {
                m_error = QStringLiteral("cancelled");
                return false;
            }
        }
        return true;
    }

    bool chargeRepeats(qint64 cells)
    {
        m_repeatedCells += cells;
        if (m_repeatedCells > maxRepeatedCells)
            return refuse(QStringLiteral("repeated rows and cells expand to more than %1 cells (the "
                                         "limit)")
                              .arg(maxRepeatedCells));
        return true;
    }

    // Spans are keyed by their first column. Every span still in force includes the current row
    // and valid spans never overlap, so the nearest one starting at or left of the column is the
    // only candidate; spans that ended above are dropped on the way, so the map stays small.
    const Span *spanCovering(qint64 row, qint64 column)
    {
        auto it = m_spans.upperBound(column);
        while (it != m_spans.begin()) {
            --it;
            if (it->lastRow >= row)
                return column <= it->lastColumn ? &*it : nullptr;
            it = m_spans.erase(it);
        }
        return nullptr;
    }

    bool readCell(bool covered, qint64 *column)
    {
        QXmlStreamReader &xml = m_entry->xml;
        const QXmlStreamAttributes attributes = xml.attributes();
        const qint64 repeat =
            repeatCount(attributes.value(tableNs, QStringLiteral("number-columns-repeated")));
        const qint64 row = m_row + 1;
        const qint64 firstColumn = *column;
        // Saturates like the row count: empty repeats are never bounded by the column limit, and
        // 2^23 hostile cells repeated 2^40 times each would overflow. Past the limit either way.
        *column = qMin(firstColumn + repeat, qint64(1) << 62);

        Cell cell;
        const Span *span = covered ? spanCovering(row, firstColumn) : nullptr;
        if (span) {
            xml.skipCurrentElement(); // what a merge hides is not shown, so not read
            cell = span->value;
            cell.fromMerge = true;
        } else if (!readValue(attributes, firstColumn, &cell)) {
            return false;
        }
        if (cell.isEmpty())
            return true; // repeated empties are never materialised

        if (*column > limits.maxColumns)
            return refuseCell(firstColumn, QStringLiteral("a value past the %1-column limit")
                                               .arg(limits.maxColumns));
        if (!covered) {
            const qint64 columnsSpanned =
                repeatCount(attributes.value(tableNs, QStringLiteral("number-columns-spanned")));
            const qint64 rowsSpanned =
                repeatCount(attributes.value(tableNs, QStringLiteral("number-rows-spanned")));
            if (columnsSpanned > 1 || rowsSpanned > 1)
                m_spans.insert(firstColumn, {row, row + rowsSpanned - 1, firstColumn,
                                             qMin(firstColumn + columnsSpanned, qint64(limits.maxColumns)) - 1, cell});
        }
        if (!chargeRepeats(repeat - 1))
            return false;
        if (*column > m_cells.size())
            m_cells.resize(*column);
        for (qint64 c = firstColumn; c < *column; ++c)
            m_cells[c] = cell;
        return true;
    }

    // Reads a table-cell's value from its attributes and, for text, its paragraphs.
    bool readValue(const QXmlStreamAttributes &attributes, qint64 column, Cell *cell)
    {
        QXmlStreamReader &xml = m_entry->xml;
        const QStringView valueType = attributes.value(officeNs, QStringLiteral("value-type"));
        const bool isError = attributes.value(calcextNs, QStringLiteral("value-type")) == u"error";
        cell->fromFormula = attributes.hasAttribute(tableNs, QStringLiteral("formula"));

        if (!isError && (valueType == u"float" || valueType == u"percentage" || valueType == u"currency")) {
            xml.skipCurrentElement(); // the paragraphs only show the number formatted
            const QStringView value = attributes.value(officeNs, QStringLiteral("value"));
            bool ok = false;
            cell->number = value.trimmed().toDouble(&ok);
            if (!ok)
                return refuseCell(column, QStringLiteral("invalid number \"%1\"").arg(value.left(40)));
            cell->kind = Cell::Kind::Number;
            return true;
        }
        if (!isError && valueType == u"date") {
            xml.skipCurrentElement();
            const QString value = attributes.value(officeNs, QStringLiteral("date-value")).trimmed().toString();
            QDateTime dateTime;
            if (value.contains(u'T'))
                dateTime = QDateTime::fromString(value, Qt::ISODateWithMs);
            else
                dateTime = QDateTime(QDate::fromString(value, Qt::ISODate), QTime(0, 0), Qt::UTC);
            if (!dateTime.isValid())
                return refuseCell(column, QStringLiteral("invalid date \"%1\"").arg(value.left(40)));
            dateTime.setTimeSpec(Qt::UTC); // the wall time as written, free of time-zone shifts
            cell->kind = Cell::Kind::DateTime;
            cell->dateTime = dateTime;
            cell->number = excel::serialFromDateTime(dateTime);
            return true;
        }
        if (!isError && valueType == u"time") {
            xml.skipCurrentElement();
            const QStringView value = attributes.value(officeNs, QStringLiteral("time-value")).trimmed();
            double days = 0;
            if (!parseDuration(value, &days))
                return refuseCell(column, QStringLiteral("invalid time \"%1\"").arg(value.left(40)));
            cell->number = days;
            cell->dateTime = excel::dateTimeFromSerial(days, false);
            cell->kind = cell->dateTime.isValid() ? Cell::Kind::DateTime : Cell::Kind::Number;
            return true;
        }
        if (!isError && valueType == u"boolean") {
            xml.skipCurrentElement();
            const QStringView value = attributes.value(officeNs, QStringLiteral("boolean-value")).trimmed();
            cell->kind = Cell::Kind::Boolean;
            if (value == u"true" || value == u"1")
                cell->number = 1;
            else if (value == u"false" || value == u"0")
                cell->number = 0;
            else
                return refuseCell(column, QStringLiteral("invalid boolean \"%1\"").arg(value.left(20)));
            return true;
        }

        // Text (or an error, or a cell without a type): the paragraphs hold it, unless the
        // string-value attribute does.
        QString text;
        if (!readParagraphs(column, &text))
            return false;
        if (attributes.hasAttribute(officeNs, QStringLiteral("string-value")) && !isError)
            text = attributes.value(officeNs, QStringLiteral("string-value")).toString();
        if (utf8Length(text) > limits.maxCellTextBytes)
            return refuseCell(column, QStringLiteral("text longer than %1 bytes (the limit)")
                                          .arg(limits.maxCellTextBytes));
        if (isError) {
            cell->kind = Cell::Kind::Error;
        } else if (!text.isEmpty() || valueType == u"string") {
            cell->kind = Cell::Kind::Text;
        }
        cell->text = text;
        return true;
    }

    // Paragraphs (text:p, text:h) joined by line breaks. ODF collapses runs of white space
    // into one space and drops it at paragraph edges; text:s, text:tab and text:line-break
    // stand for the characters that would otherwise be collapsed.
    bool readParagraphs(qint64 column, QString *text)
    {
        QXmlStreamReader &xml = m_entry->xml;
        bool firstParagraph = true;
        while (!xml.atEnd()) {
            const QXmlStreamReader::TokenType token = xml.readNext();
            if (token == QXmlStreamReader::EndElement)
                return true;
            if (token != QXmlStreamReader::StartElement)
                continue;
            if (isElement(xml, textNs, u"p") || isElement(xml, textNs, u"h")) {
                if (!firstParagraph)
                    text->append(u'\n');
                firstParagraph = false;
                if (!readParagraph(column, text))
                    return false;
            } else {
                xml.skipCurrentElement(); // annotations, drawings: not the cell's value
            }
        }
        return false;
    }

    bool readParagraph(qint64 column, QString *text)
    {
        QXmlStreamReader &xml = m_entry->xml;
        const qsizetype paragraphStart = text->size();
        bool pendingSpace = false;
        int depth = 0;
        auto flushSpace = [&] {
            if (pendingSpace && text->size() > paragraphStart)
                text->append(u' ');
            pendingSpace = false;
        };
        auto tooLong = [&](qint64 adding) {
            // UTF-16 units never outnumber UTF-8 bytes, so this bound is safe before converting.
            return qint64(text->size()) + adding > limits.maxCellTextBytes;
        };
        while (!xml.atEnd()) {
            switch (xml.readNext()) {
            case QXmlStreamReader::Characters: {
                const QStringView characters = xml.text();
                if (tooLong(characters.size()))
                    return refuseCell(column, QStringLiteral("text longer than %1 bytes (the limit)")
                                                  .arg(limits.maxCellTextBytes));
                for (const QChar c : characters) {
                    if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r') {
                        pendingSpace = true;
                    } else {
                        flushSpace();
                        text->append(c);
                    }
                }
                break;
            }
            case QXmlStreamReader::StartElement:
                if (isElement(xml, textNs, u"s")) {
                    const QXmlStreamAttributes attributes = xml.attributes();
                    const qint64 count = repeatCount(attributes.value(textNs, QStringLiteral("c")));
                    if (tooLong(count))
                        return refuseCell(column, QStringLiteral("text longer than %1 bytes (the limit)")
                                                      .arg(limits.maxCellTextBytes));
                    flushSpace();
                    text->append(QString(count, u' '));
                    xml.skipCurrentElement();
                } else if (isElement(xml, textNs, u"tab")) {
                    flushSpace();
                    text->append(u'\t');
                    xml.skipCurrentElement();
                } else if (isElement(xml, textNs, u"line-break")) {
                    pendingSpace = false;
                    text->append(u'\n');
                    xml.skipCurrentElement();
                } else if (isElement(xml, officeNs, u"annotation") || isElement(xml, textNs, u"note")
                           || isElement(xml, textNs, u"ruby-text")) {
                    xml.skipCurrentElement();
                } else {
                    ++depth; // spans, links, fields: their text is the paragraph's
                }
                break;
            case QXmlStreamReader::EndElement:
                if (depth == 0)
                    return true;
                --depth;
                break;
            default:
                break;
            }
        }
        return false;
    }

    XmlEntry *m_entry = nullptr;
    QList<Cell> m_cells;
    qint64 m_row = 0; // the last row number used so far
    QMap<qint64, Span> m_spans; // by first column
    int m_rowsSinceProgress = 0;
    qint64 m_repeatedCells = 0;
    bool m_stopped = false;
    QString m_error;
};

// Walks content.xml, calling onTable for each table:table of the document body (tables nested
// in cells or shapes are part of their table). onTable returns true once it has consumed the
// table's element; false lets the walk skip it. The walk stops when stop() says so.
struct TableWalk {
    QSet<QString> hiddenTableStyles;

    bool run(XmlEntry &entry, const std::function<bool(const QXmlStreamAttributes &)> &onTable,
             const std::function<bool()> &stop)
    {
        QXmlStreamReader &xml = entry.xml;
        QString styleName;
        while (entry.next()) {
            if (!xml.isStartElement())
                continue;
            if (isElement(xml, tableNs, u"table")) {
                const QXmlStreamAttributes attributes = xml.attributes();
                if (!onTable(attributes))
                    xml.skipCurrentElement();
                if (stop())
                    return true;
            } else if (isElement(xml, styleNs, u"style")) {
                const QXmlStreamAttributes attributes = xml.attributes();
                styleName = attributes.value(styleNs, QStringLiteral("family")) == u"table"
                    ? attributes.value(styleNs, QStringLiteral("name")).toString()
                    : QString();
            } else if (isElement(xml, styleNs, u"table-properties")) {
                const QXmlStreamAttributes attributes = xml.attributes();
                if (!styleName.isEmpty()
                    && attributes.value(tableNs, QStringLiteral("display")) == u"false")
                    hiddenTableStyles.insert(styleName);
            } else if (isElement(xml, officeNs, u"font-face-decls")
                       || isElement(xml, officeNs, u"scripts")) {
                xml.skipCurrentElement();
            }
        }
        return !entry.failed();
    }
};

} // namespace

OdsReader::OdsReader() = default;
OdsReader::~OdsReader() = default;

QString OdsReader::formatName() const
{
    return QStringLiteral("OpenDocument spreadsheet (ods)");
}

QList<SheetInfo> OdsReader::sheets() const
{
    return m_sheets;
}

bool OdsReader::fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    m_sheets.clear();
    m_zip.reset();
    return false;
}

bool OdsReader::open(const QString &path, QString *error)
{
    m_fileName = QFileInfo(path).fileName();
    m_sheets.clear();
    m_zip = std::make_unique<ZipSource>();
    QString why;
    if (!m_zip->open(path, m_limits, &why))
        return fail(error, why);

    if (m_zip->entry(QStringLiteral("mimetype"))) {
        QByteArray mimeType;
        if (!m_zip->readEntry(QStringLiteral("mimetype"), 1024, &mimeType, &why))
            return fail(error, why);
        mimeType = mimeType.trimmed();
        if (mimeType != "application/vnd.oasis.opendocument.spreadsheet")
            return fail(error, QStringLiteral("%1: an OpenDocument file but not a spreadsheet "
                                              "(its type is \"%2\")")
                                   .arg(m_fileName, QString::fromUtf8(mimeType.left(100))));
    }
    if (!m_zip->entry(contentEntry))
        return fail(error, QStringLiteral("%1: not an OpenDocument spreadsheet (the archive has no "
                                          "content.xml)")
                               .arg(m_fileName));

    // Listing the sheets means a pass over content.xml, skipping each table's content.
    XmlEntry entry;
    if (!entry.open(*m_zip, contentEntry, &why))
        return fail(error, why);
    TableWalk walk;
    QList<QString> tableStyles;
    const bool walked = walk.run(
        entry,
        [&](const QXmlStreamAttributes &attributes) {
            SheetInfo sheet;
            sheet.name = attributes.value(tableNs, QStringLiteral("name")).toString();
            if (sheet.name.isEmpty())
                sheet.name = QStringLiteral("Sheet%1").arg(m_sheets.size() + 1);
            m_sheets.append(sheet);
            tableStyles.append(attributes.value(tableNs, QStringLiteral("style-name")).toString());
            return false;
        },
        [] { return false; });
    if (!walked)
        return fail(error, entry.failure(QString()));
    for (qsizetype i = 0; i < m_sheets.size(); ++i)
        m_sheets[i].hidden = walk.hiddenTableStyles.contains(tableStyles[i]);
    return true;
}

bool OdsReader::readRows(int sheetIndex, const RowHandler &onRow, QString *error)
{
    if (!m_zip || !m_zip->isOpen()) {
        if (error)
            *error = QStringLiteral("%1: the spreadsheet is not open").arg(m_fileName);
        return false;
    }
    if (sheetIndex < 0 || sheetIndex >= m_sheets.size()) {
        if (error)
            *error = QStringLiteral("%1: there is no sheet %2").arg(m_fileName).arg(sheetIndex + 1);
        return false;
    }
    QString why;
    XmlEntry entry;
    if (!entry.open(*m_zip, contentEntry, &why)) {
        if (error)
            *error = why;
        return false;
    }
    ContentParser parser;
    parser.fileName = m_fileName;
    parser.sheetName = m_sheets.at(sheetIndex).name;
    parser.limits = m_limits;
    parser.onRow = &onRow;
    parser.progress = &m_progress;

    int tableIndex = -1;
    bool done = false;
    bool ok = true;
    TableWalk walk;
    const bool walked = walk.run(
        entry,
        [&](const QXmlStreamAttributes &) {
            if (++tableIndex != sheetIndex)
                return false;
            ok = parser.readTable(entry, &why);
            done = true;
            return true;
        },
        [&] { return done; });
    if (done) {
        if (!ok && error)
            *error = why;
        return ok;
    }
    if (error)
        *error = walked ? QStringLiteral("%1: sheet \"%2\" is missing from content.xml")
                              .arg(m_fileName, m_sheets.at(sheetIndex).name)
                        : entry.failure(QString());
    return false;
}

} // namespace oversight::import
