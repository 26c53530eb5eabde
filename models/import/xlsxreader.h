#pragma once

#include "reader.h"

#include <QByteArrayView>
#include <QHash>
#include <QStringList>
#include <QStringView>

#include <memory>

namespace oversight::import {

class ZipSource;

// Excel's conventions, shared by the xlsx and ods readers.
namespace excel {
// Excel serial -> date-time (UTC, i.e. the wall time as written, free of time-zone shifts).
// 1900 system: serial 1 is 1900-01-01, serial 60 is Excel's fictitious 29 February 1900 (given as
// 28 February) and serials from 61 on count from 1899-12-30. Invalid below 0 or past 9999-12-31.
QDateTime dateTimeFromSerial(double serial, bool date1904);
// The inverse, in the 1900 system (what Cell::number holds for dates read from ods).
double serialFromDateTime(const QDateTime &dateTime);
// "A1" reference for messages: reader.h's cellReference, under Excel's name for it.
QString a1(int column, qint64 row);
// Parses "B12" or "$B$12" (row part optional when row is null). False on anything else.
bool parseA1(QStringView reference, int *column, qint64 *row);
// parseA1 on bytes, the row optional: "B", "B12", "$B$12" -> column 1.
bool parseColumnReference(QByteArrayView reference, int *column);
// UTF-8 size of UTF-16 text without converting it, for the byte limits.
qint64 utf8Length(QStringView text);
// A number format code that shows a date or time: d, m, y, h or s outside quoted text,
// [bracketed] sections and escapes. Elapsed-time codes ([h]:mm) are durations, not dates.
bool isDateFormatCode(QStringView code);
bool isBuiltInDateFormat(int numFmtId);
} // namespace excel

// Reads Office Open XML workbooks (.xlsx, .xlsm) by streaming their XML out of the zip: the
// workbook, relationships, styles and shared strings are read by open(); a sheet's rows are parsed
// and handed over one at a time by readRows(), so memory stays bounded by the shared strings and
// one row. Rows without any value (formatting only) are not handed over. Merged ranges are carried:
// the top-left value is repeated, marked fromMerge, into the other cells of each range in rows the
// sheet has.
class XlsxReader : public Reader {
public:
    XlsxReader();
    ~XlsxReader() override;

    QString formatName() const override;
    bool open(const QString &path, QString *error) override;
    QList<SheetInfo> sheets() const override;
    bool readRows(int sheetIndex, const RowHandler &onRow, QString *error) override;

    bool usesDate1904() const { return m_date1904; }

    // A merged range from a sheet's <mergeCells>: rows 1-based, columns 0-based.
    struct MergeRange {
        qint64 firstRow = 0;
        qint64 lastRow = 0;
        int firstColumn = 0;
        int lastColumn = 0;
    };

private:
    struct Sheet {
        SheetInfo info;
        QString part; // zip entry of the worksheet; empty when its relationship is missing
        bool hasRelationship = false; // false: r:id empty, a sheet listed without content
    };

    bool fail(QString *error, const QString &message);
    bool readRelationships(const QString &relsPart, const QString &sourceDir,
                           QHash<QString, QString> *idToTarget,
                           QList<std::pair<QString, QString>> *typeToTarget, QString *error);
    bool readWorkbook(const QString &workbookPart, QString *error);
    bool readSheetList(const QString &workbookPart, const QHash<QString, QString> &ids,
                       QString *error);
    bool readSharedStrings(const QString &part, QString *error);
    bool readStyles(const QString &part, QString *error);
    bool readDimension(Sheet *sheet, QString *error);
    bool readMergeRanges(int sheetIndex, qint64 progressTotal, QString *error);

    std::unique_ptr<ZipSource> m_zip;
    QString m_fileName;
    QList<Sheet> m_sheets;
    QStringList m_sharedStrings;
    qint64 m_longestSharedString = 0; // UTF-8 bytes, before _xHHHH_ escapes are decoded
    QList<bool> m_dateStyles; // by cellXfs index (a cell's s attribute)
    bool m_date1904 = false;
    // The merged ranges of the sheet read last. They follow the rows in the file, so finding them
    // costs a pass over the whole sheet before its first row; detecting the layout and then
    // importing read the same sheet several times, and pay for that pass once.
    int m_mergeSheet = -1;
    QList<MergeRange> m_mergeRanges;
};

} // namespace oversight::import
