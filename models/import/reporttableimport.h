#pragma once

#include "importer.h"
#include "importplan.h"
#include "reader.h"

#include <QDate>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace oversight::import::reporttableimport {

// Oversight's own report tables as `export-table` writes them (CSV or xlsx), moved on to the next
// quarter by an officer: "Q1 17/18" became "Q2 17/18", the figures changed. Such a file is the
// table of its quarter, not a set of new measures: it is recognised by its header row (the one
// the table's builder writes, quarter, year and month labels generalised) and written to the
// table's own store for its quarter, beside every other quarter's statement of it. Figures a
// report restates each quarter (forecasts, reserves, a milestone's status) therefore never land on
// another quarter's, and tables that share row labels (officer pay, overtime, staff pay) never on
// each other's.
struct Recognition {
    QString tableId;
    Period period = Period::quarter(2017, 1); // the quarter (a financial year for the LCPF allocations)
    QString periodFrom;    // where the file states it: "the header", "the file name", "the title"
    qint64 headerRow = 1;  // 1-based
    QStringList headers;
};

// Reads the first rows of a sheet. Returns nullopt, with *why empty, when the sheet is not one of
// the report's tables; with *why set when it is one but cannot be read as one (its quarter not
// stated, or stated twice differently), so the caller says so rather than guessing a layout.
std::optional<Recognition> recognise(Reader &reader, int sheetIndex, const QString &fileName, QString *why);

// Builds the plan for a recognised table (layout Layout::OversightTable).
ImportPlan planFor(const Recognition &recognition, const QString &sheetName);

// Within the importer's open transaction: reads the sheet and writes the table for its quarter
// under batchId. Issues (naming file, sheet, row and cell) and counts go into result; a table the
// store already holds for that quarter with other figures is a conflict, listed, never merged.
struct Written {
    QDate firstMonth;
    QDate lastMonth;
    QDate lastPeriodEnd;
    QSet<qint64> measures; // every measure given a figure: whose crime totals the import sums again
};
bool write(QSqlDatabase db, Reader &reader, const ImportPlan &plan, qint64 batchId, const ImportOptions &options,
           ImportResult &result, Written *written, QString *fatal);

} // namespace oversight::import::reporttableimport
