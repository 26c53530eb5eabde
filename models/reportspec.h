#pragma once

#include "period.h"
#include "reporttable.h"

#include <QList>
#include <QString>

namespace oversight::reportspec {

// The finance returns' line tables (revenue, the three business-group tables, savings, capital),
// each described once: its header, the store's columns behind it, its seed file, its subtitle. The
// seed loader, the report-table builder, the import of a returned table and undo all read this, so
// a column added here is added everywhere.
struct Column {
    // As the report heads the column; "{quarter}" is the quarter shown ("Q2 17/18").
    QString header;
    QString storage;
    ValueFormat format = ValueFormat::Text;
    bool signedChange = false;
};

struct LineTable {
    QString id;
    QString storage;  // the store's table, a row per line per quarter
    QString seedFile; // resources/seed/<file>.csv, its columns the storage's
    // The store's table holds several report tables, told apart by its table_id column.
    bool shared = false;
    QList<Column> text;    // the leading text columns: what names a line
    QList<Column> figures; // then its figures
    // The figures' written decimals are kept (the capital table prints "268" beside "27.0").
    bool keepsDecimals = false;
    // "%1": the quarter ("Q2 2017/18"); "%2": its financial year ("2017/18").
    QString subtitle;
    QString source;
    // The figure whose change since the previous quarter is shown beside it (a column index).
    int compared = -1;
};

const QList<LineTable> &lineTables();
const LineTable *lineTable(const QString &id);

// The header as a quarter's table writes it, and as a pattern that any quarter's matches.
QString header(const Column &column, const Period &quarter);
QString headerPattern(const Column &column);

// "Q1 2017/18" -> "Q1 17/18", as the report heads its finance tables.
QString shortQuarter(const Period &quarter);

} // namespace oversight::reportspec
