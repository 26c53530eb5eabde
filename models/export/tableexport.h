#pragma once

#include "reporttable.h"
#include "safewrite.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

class QAbstractItemModel;

namespace oversight::tableexport {

// Table export for board papers: a report table, or any table model with a description of its
// columns, written to CSV (UTF-8, optionally with a BOM for Excel) or to an Excel workbook (xlsx,
// through libxlsxwriter; see xlsxwriterlibrary.h). GUI-less: the views and the CLI call write().
//
// The contract:
// - CSV: header row, then the rows in order; numbers plain (reporttables::plainNumber: no
//   separators, no £ or %, £m and percentages with one decimal); RFC 4180 quoting (only fields with
//   a comma, a quote or a line break; quotes doubled); "\n" line ends. Without a BOM a report table's
//   CSV is exactly reporttables::toCsv (tests/expected/*.csv).
//   Formula injection: a text field starting with =, +, -, @, tab or CR gets a leading apostrophe
//   (OWASP's advice), so Excel, LibreOffice or Google Sheets opening the CSV show it as text rather
//   than evaluating it. Numbers are never prefixed (a negative figure stays -74.0).
// - xlsx: one sheet named after the title (see sheetName); title, subtitle, a blank row, the bold
//   header row, the rows (subtotals and totals bold), a blank row, the note and the source. Numbers
//   are numeric cells holding the table's own number, shown with an Excel number format per style
//   (numberFormatCode); text is always a string cell, never a formula, whatever it starts with, and
//   keeps its text exactly (no apostrophe). Panes frozen under the header, the header repeated on
//   printed pages, landscape, one page wide; columns as wide as their contents (long text wraps).
// - Both write atomically (safewrite.h): the target is replaced only when the whole file is on
//   disk. Errors name the file and the OS's reason.

enum class FileFormat {
    Csv,        // UTF-8, no BOM
    CsvWithBom, // UTF-8 with a byte order mark: Excel then reads £ and accents correctly
    Xlsx,
};

// How one cell's number is written.
struct NumberStyle {
    ValueFormat format = ValueFormat::Text;
    bool signedChange = false; // "+" before positive counts and percentages, as the screen shows them
    int decimals = -1;         // -1: the format's own (counts and pounds 0, the others 1); ratios 2
    // The decimals the workbook shows the figure with where the report prints it otherwise than its
    // column (the capital table's "268"): the xlsx number format only; the CSV keeps its contract.
    int shownDecimals = -1;

    bool operator==(const NumberStyle &) const = default;
};

struct ExportRow {
    QList<QVariant> cells;     // QString text, double number, invalid or null for an empty cell
    QList<NumberStyle> styles; // one per cell: a row may differ from its column (reserves' percentages)
    bool emphasised = false;   // a subtotal or total: bold
};

struct ExportTable {
    QString title;
    QString subtitle; // area and period
    QString source;
    QString note;
    QStringList headers;
    QList<ExportRow> rows;
};

// A report table as the dashboard shows it: each cell's format as reporttables::effectiveColumn gives it.
ExportTable fromReportTable(const ReportTable &table);

// One column of a table model: its header is the model's; text columns are read from Qt::DisplayRole,
// number columns from valueRole (a double, or text, or invalid for an empty cell).
struct ModelColumn {
    int column = 0;
    NumberStyle style;
};
struct ModelTable {
    QString title;
    QString subtitle;
    QString source;
    QString note;
    QList<ModelColumn> columns; // in the order to write, hidden columns left out
    int valueRole = Qt::UserRole + 1;
    // A role giving a number cell's own decimals (an int: the precision its figure was stated with,
    // e.g. SeriesModel::Role::Decimals), so "£2,504m" is not exported as 2504.0; -1 = the column's.
    int decimalsRole = -1;
};
// Rows whose Qt::FontRole is bold are emphasised.
ExportTable fromModel(const QAbstractItemModel &model, const ModelTable &description);

// A measure's unit (measure.unit: count, percent, points, gbp_m, gbp, ratio) as a number style.
NumberStyle styleForUnit(const QString &unit);

// .csv -> Csv (CsvWithBom when bom), .xlsx -> Xlsx, case-insensitive; nothing for anything else.
std::optional<FileFormat> formatForPath(const QString &path, bool bom = false);

// The CSV text of a field: text guarded against formula injection (see above).
QString csvText(const QString &text);
QByteArray toCsv(const ExportTable &table, bool bom = false);

// The Excel number format of a style, e.g. #,##0 or "£"#,##0.0"m"; empty for text (General).
QString numberFormatCode(const NumberStyle &style);
// A valid sheet name: []:*?/\ removed, at most 31 characters (cut at a word where it can be, and not
// after "by", "and", "of", … or a comma), no leading or trailing apostrophe, not "History" (Excel
// reserves it); "Table" when nothing is left. The full title is the sheet's first row.
QString sheetName(const QString &title);

// Writes the table to path in the format given, through files::writeAtomically (safewrite.h):
// False with a message naming the file and the OS's reason on failure; the file at path is then
// untouched. A document is 0644, a private one 0600, whatever the umask.
bool write(const ExportTable &table, const QString &path, FileFormat format, QString *error,
           files::Access access = files::Access::Document);

} // namespace oversight::tableexport
