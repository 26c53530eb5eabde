#pragma once

#include "importer.h"
#include "importplan.h"

#include <QList>
#include <QString>

namespace oversight::import {

// What puts a problem right, so the wizard can offer it beside the problem and the command line
// can say it. Views turn each into a button; this room only says which applies.
enum class ProblemFix {
    None,
    ChooseMeasure,     // name the file's measure: an existing one, or a new one with its unit
    ChoosePeriod,      // say the period of the whole file
    ChooseValueColumn, // say which column holds the figures
    ChooseLayout,      // the layout cannot read this file: choose another, or other roles
    SkipRows,          // leave these rows out, with this problem as the reason
    MapArea,           // say which area a name the store does not know is
    AreaColumn,        // the column is areas, not measures: read it as the area column
    ConfirmUnits,      // the figures do not look like the measure's unit: check and confirm
};

// The problems the plan itself has, found before any row is read, all at once: an officer fixes
// them together rather than one per round trip ("no measure…", then "no period…").
struct PlanProblem {
    QString message;
    ProblemFix fix = ProblemFix::None;
};
QList<PlanProblem> planProblems(const ImportPlan &plan);

// One kind of problem and every row it was found in: the unit of the wizard's "problems" list.
struct ProblemGroup {
    ImportIssue::Severity severity = ImportIssue::Severity::Error;
    QString message;          // the problem as said for all of them, each cell's own words left out
    ProblemFix fix = ProblemFix::None;
    int column = -1;          // the column all of them are in, else -1
    QList<ImportIssue> issues; // as listed by the importer (ImportOptions::maxListedIssues)
    QList<qint64> rows() const; // the rows, each once, in file order (0 = the file as a whole)
    QStringList texts() const;  // the cells' texts, each once, in file order
    // Whether leaving the rows out (with the problem as the reason) is offered beside the group's own
    // fix: for rows in error only. A warning's rows are read rightly (a region kept as an area of its
    // own, a total checked and not stored), and skipping them would lose figures.
    bool canSkipRows() const;
};
// Groups the errors and warnings of a check by what is wrong (notes are not problems), errors
// first, each group in file order. A group's issues share their message once quoted words are set
// aside ("'Kingston' is not a borough…" and "'Heathrow' is not…" are one kind).
QList<ProblemGroup> groupProblems(const QList<ImportIssue> &issues);

// The unit check: figures that cannot be in their measure's unit. A per cent measure takes no whole
// numbers above 100 (a count of 4,512 ASB calls going into "ASB calls classed as nuisance", %); a
// count measure takes no column of fractions between 0 and 1 alone (proportions, 0.56, going into a
// count). Said by the importer as a warning for each such measure, which the wizard asks the officer
// to confirm (ImportPlan::confirmedUnits) before anything is written; the command line prints it.
struct ValueShape {
    qint64 values = 0;
    qint64 wholeAbove100 = 0; // whole numbers larger than 100
    qint64 fractionsWithin1 = 0; // numbers strictly between -1 and 1, not zero
    double example = 0.0;     // the first figure that does not look like the unit
    qint64 exampleRow = 0;
    int exampleColumn = -1;
    void add(double value, qint64 row, int column);
};
// Why the figures do not look like the unit, or empty when they do.
QString unitMismatch(const QString &unit, const ValueShape &shape);

// Every figure of the file goes into this measure (one of the store's, or one of plan.newMeasures),
// over any the value columns' headers named; the plan's notes say so instead of the headers' guess.
void useMeasure(ImportPlan &plan, const QString &measureKey);

// Turns a layout that read a column of area names as measures (a report table of boroughs) into a
// long one with that column as the area and each other numeric column a measure named by its header.
void useAsAreaColumn(ImportPlan &plan, int column);

} // namespace oversight::import
