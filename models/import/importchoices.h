#pragma once

#include "importplan.h"
#include "reader.h"

#include <QList>
#include <QMap>
#include <QString>

#include <utility>

namespace oversight {
class Store;
}

namespace oversight::import {

// The choices an officer makes over what detection (or a profile) proposed, as typed: on the
// command line --sheet, --header-row, --layout, --column "HEADER=ROLE", --measure, --area,
// --period and --two-digit-years. Empty (or 0) leaves that part of the plan as it is.
struct PlanChoices {
    // The sheets to read, each by name or 1-based number, or allSheetsChoice() alone for every data
    // sheet; several make several plans (applySheetChoices).
    QStringList sheets;
    qint64 headerRow = 0; // 1-based
    QString layout;      // wide, long, report or records
    QList<std::pair<QString, QString>> columns; // a header's text and the role's name or words
    QString measure;     // a measure's key or name in the catalogue: every value's measure
    QString area;        // an area's ONS code or name: the whole file is this area
    QString period;      // as officers write it (Q2 2017/18, 2017/18, June 2017): every value's period
    int twoDigitYearPivot = -1; // 0–100: two-digit years below it are 20yy, the rest 19yy; -1 leaves the plan's
    // Rows left out (1-based, as the sheet numbers them), each with the officer's reason, recorded in
    // the batch: the wizard's "Skip these rows". One sheet's rows: refused with several sheets.
    QMap<qint64, QString> skipRows;
    // Measures (key or name) whose figures the officer has checked and confirms are in the measure's
    // unit although they do not look it (a count going into a % measure): the wizard's "Confirm units".
    QStringList confirmUnits;

    bool isEmpty() const;
};

// Refuses the choices that are wrong whatever the file (an unknown layout or role, a period that is
// not one), as applyChoices would, so they are said before any file is read.
bool checkChoices(const PlanChoices &choices, QString *error);

// The layout names a choice takes (wide, long, report, records), for help and messages.
QStringList layoutChoiceNames();

// What --sheet takes for every sheet detection reads as data (dataSheets): "all".
QString allSheetsChoice();

// Applies the choices to a plan in the order the wizard makes them: the sheet, then the header row
// (the header read again, as the wizard's sheet page does), then the layout, then each column's
// role, then the whole file's measure, area and period. Each choice is recorded in plan.chosenBy
// so the plan says where it came from. Returns false, with a message naming what was given and what
// would be valid, at the first choice that cannot be made; the plan is then not to be used.
// One sheet at most: several are applySheetChoices's.
bool applyChoices(Reader &reader, const Store &store, const QString &fileName, ImportPlan &plan, const PlanChoices &choices,
                  QString *error);

// The plans of the sheets the choices name, in the order named (all: the data sheets in the
// workbook's order, the others' reasons in the first plan's notes). plans holds what was proposed
// for the file (detection's plan, or a profile's, one per sheet) and becomes the chosen sheets'
// plans: a sheet the proposal reads keeps its plan, any other has its own detection
// (detectSheetPlan). With one sheet this is applyChoices. With several, --header-row, --layout and
// --column (one sheet's shape) are refused, and the whole file's choices apply to each sheet.
bool applySheetChoices(Reader &reader, const Store &store, const QString &fileName, QList<ImportPlan> &plans,
                       const PlanChoices &choices, QString *error);

} // namespace oversight::import
