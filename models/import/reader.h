#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace oversight::import {

// One cell as a spreadsheet or CSV file holds it. Readers never interpret numbers written as
// text ("1,234", "£640,000"): that is the parser's job, which knows the column's role.
struct Cell {
    enum class Kind { Empty, Text, Number, Boolean, DateTime, Error };
    Kind kind = Kind::Empty;
    QString text;          // the text as stored (Text, Error) or as the file shows it (CSV: always)
    double number = 0.0;   // Number; Boolean as 0/1; DateTime also as the Excel serial where known
    QDateTime dateTime;    // DateTime (dates from serials with the workbook's 1900 or 1904 system)
    bool fromFormula = false; // the cached value of a formula (may be stale)
    bool fromMerge = false;   // carried from the top-left cell of a merged range

    bool isEmpty() const { return kind == Kind::Empty || (kind == Kind::Text && text.trimmed().isEmpty()); }
};

struct SheetInfo {
    QString name;
    bool hidden = false;
    // Used range from the file's own dimension record where it has one (-1 when unknown).
    qint64 rowCountHint = -1;
    int columnCountHint = -1;
};

// Limits that keep a hostile file from exhausting memory or time. A reader refuses a file that
// breaks one with a message naming the file and the limit.
struct ReaderLimits {
    qint64 maxUncompressedBytes = qint64(4) * 1024 * 1024 * 1024; // all zip entries read, together
    double maxCompressionRatio = 1000.0;                          // per zip entry
    qint64 maxSharedStrings = 20'000'000;
    qint64 maxSharedStringBytes = qint64(1) * 1024 * 1024 * 1024;
    int maxColumns = 16384;                                       // XFD, Excel's last column
    qint64 maxRows = 1'048'576;                                   // Excel's last row
    qint64 maxCellTextBytes = 32767 * 4;                          // Excel's cell limit, in UTF-8
};

// Called with the bytes read so far and the total (-1 when unknown); return false to cancel.
using Progress = std::function<bool(qint64 done, qint64 total)>;
// Called for each row: its 1-based row number in the sheet and its cells from column A (index 0)
// to the last non-empty one (empty cells in between are Kind::Empty). Return false to stop early.
using RowHandler = std::function<bool(qint64 rowNumber, const QList<Cell> &cells)>;

// One reader per format behind one interface: sheet list, used range, streamed rows. Memory stays
// bounded whatever the file's size: rows are handed over one at a time, never collected.
class Reader {
public:
    virtual ~Reader() = default;

    // "CSV", "Excel workbook (xlsx)", "OpenDocument spreadsheet (ods)".
    virtual QString formatName() const = 0;
    // Reads the file's structure (sheet list, shared strings, ...). Errors name the file.
    virtual bool open(const QString &path, QString *error) = 0;
    virtual QList<SheetInfo> sheets() const = 0;
    // Streams the rows of one sheet. Returns false with a message naming the file, sheet, row and
    // cell on malformed content, or "cancelled" when progress returned false.
    virtual bool readRows(int sheetIndex, const RowHandler &onRow, QString *error) = 0;

    void setLimits(const ReaderLimits &limits) { m_limits = limits; }
    void setProgress(Progress progress) { m_progress = std::move(progress); }

protected:
    ReaderLimits m_limits;
    Progress m_progress;
};

// Picks the reader by content (a zip with xl/workbook.xml is xlsx, one whose mimetype is
// application/vnd.oasis.opendocument.spreadsheet is ods, text is CSV), not by the file's name.
// Returns nullptr with a message naming the file when no reader fits (e.g. a PDF renamed .xlsx).
std::unique_ptr<Reader> readerFor(const QString &path, QString *error);

// "A1" style reference for messages: column 0, row 1 -> "A1".
QString cellReference(int column, qint64 row);
QString columnName(int column);

} // namespace oversight::import
