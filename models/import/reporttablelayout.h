#pragma once

#include "importer.h"
#include "importplan.h"
#include "reader.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace oversight::import {

// The report-table layout: the tables of MOPAC's quarterly report as officers receive them,
//
//   Q2 2017/18 revenue return                       <- title rows: the quarter, the unit
//   Line        | Budget to date (£m) | Actual to date (£m) | Variance (£m) | …
//   Police Officer Pay | 452.1 | 445.0 | -7.1 | …   <- a line: one fact per value cell
//   Total Pay   | 583.0 | …                          <- a total: checked against the lines, not stored
//
// A row is a category (a measure); a column is a period ("July 2016 - June 2017", "2017/18"), a
// figure for the plan's fixed period ("Budget to date": stored under the breakdown
// "Figure: Budget to date") or a derived figure (Change, % Change, Variance) that is checked
// against the columns it comes from and never stored. The import itself goes through Importer's
// one fact path, so conflicts, replace/keep, dry runs and undo are those of every layout.

// "Budget To Date (£m)" -> "Budget to date": the figure a column holds, as its breakdown group
// names it; empty when the header names no figure (or names a derived one).
QString figureKind(const QString &header);
// Change, % change, Variance, Variation, Difference: a figure the file derives from its others.
bool isDerivedHeader(const QString &header);
// The one quarter that texts (title rows, a header, a file name) state: "Q2 2017/18", "Q2 17/18",
// "Quarter 2 2017/18", "revenue_Q2_2017-18". None when they state none or more than one.
std::optional<Period> statedQuarter(const QStringList &texts);

struct ReportTableProposal {
    bool force = false;            // propose roles even when the sheet does not look like a report table
    bool keepUnitAndTheme = false; // the plan's unit and theme for new measures were chosen already
};
// Proposes the report-table layout for a plan whose header describeHeader has read: the role of
// each column (keeping those marked in keptRoles), the unit and theme of new measures, and the
// period of figure columns when the title rows state it. Returns false, leaving the plan as it
// was, when the sheet is not a report table: an area column, no period of a kind reports use
// (rolling 12 months, financial year, quarter) and no figure column, or more than a report's rows.
bool proposeReportTable(Reader &reader, ImportPlan &plan, const QList<bool> &keptRoles, ReportTableProposal options = {});

// What a derived column is checked against ("Actual to date - Budget to date"); empty when it is
// not clear which columns it derives from, and then it is not checked.
QString derivedFormula(const ImportPlan &plan, int column);

// Reads a report table's rows in order: tells lines (stored) from totals (checked against the
// lines above, not stored) and from headings and notes (skipped), and checks derived cells.
class ReportTableRows {
public:
    enum class Kind {
        Skip,  // a heading, a note or a row in error: nothing is stored
        Line,  // a category: each value cell is one fact
        Total, // checked against the rows above; never stored
    };
    struct Row {
        Kind kind = Kind::Skip;
        QString label;
        QString section;
    };
    using IssueSink = std::function<void(ImportIssue::Severity severity, qint64 row, int column, const QString &cellText,
                                         const QString &message)>;
    // Whether a label names a stored measure (then "Total Robbery" is a category, not a total).
    using KnownMeasure = std::function<bool(const QString &label, const QString &section)>;

    ReportTableRows(const ImportPlan &plan, IssueSink issue, KnownMeasure known);
    ~ReportTableRows();
    ReportTableRows(const ReportTableRows &) = delete;
    ReportTableRows &operator=(const ReportTableRows &) = delete;

    // The columns whose cells are facts: period columns and figure columns, in the file's order.
    const QList<int> &valueColumns() const;
    Row read(qint64 rowNumber, const QList<Cell> &cells);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace oversight::import
