#pragma once

#include "period.h"
#include "reader.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace oversight::import {

enum class Layout {
    Long, // one value per row: area, measure, period and value columns
    Wide, // one column per period, like the MPS files (MajorText, MinorText, BoroughName, 201004, …)
    // The report's own tables as officers receive them: one row per category, columns of periods
    // (July 2015 - June 2016, 2017/18) or of figures for one period (Budget to date, Forecast), and
    // derived columns (Change, Variance) that are checked, never stored. See reporttablelayout.h.
    ReportTable,
    // One of Oversight's own report tables as export-table writes it, moved on to another quarter:
    // written to that table's store for its quarter (reporttableimport.h), never read as new measures.
    OversightTable,
    // One row per record (a crime, a victim): rows are counted by month, area and category, a count
    // column ("Count of Victims") summed where there is one, each breakdown column counted on its own.
    Records,
};

enum class ColumnRole {
    Ignore,
    Area,         // area name or code (boroughs and other MPS areas)
    AreaCode,     // an ONS code column beside the name
    Ward,         // ward name (wards are matched by their code)
    WardCode,     // ward code (E05…): the area of a ward-level file
    MeasureGroup, // MPS major category ("MajorText")
    Measure,      // measure or minor category ("MinorText")
    Period,       // long layout: the period of the row
    Value,        // long layout: the value; wide layout: each period column
    Breakdown,    // survey group
    Section,      // report table: the section a row belongs to ("Police and Crime Plan Area")
    Figure,       // report table: a figure for the plan's fixed period (Budget to date, Forecast…)
    Derived,      // report table: change, % change or variance: checked against its columns, never stored
    SmallAreaCode, // LSOA (E01…) or MSOA (E02…) code: an area within a borough
    SmallArea,     // the LSOA or MSOA name ("Camden 028B"), which names its borough
};

// A role's name in profiles and on the command line ("area_code"), and the words the officer reads
// for it ("Area code (ONS)"); every role, in the order the wizard offers them.
QString roleName(ColumnRole role);
QString roleLabel(ColumnRole role);
const QList<ColumnRole> &columnRoles();
std::optional<ColumnRole> roleFromName(const QString &name);
// A layout's name in profiles ("report_table") and its words; every layout, in the wizard's order.
QString layoutName(Layout layout);
QString layoutLabel(Layout layout);
const QList<Layout> &layouts();
std::optional<Layout> layoutFromName(const QString &name);

// A measure the officer creates while importing (the wizard's "New measure…"): written with the
// batch, in the same transaction, so a cancelled or failed import leaves no measure behind.
struct NewMeasure {
    QString name;
    QString theme; // one of the store's themes
    QString unit;  // count, percent, gbp_m, gbp, points or ratio (the measure table's CHECK)
    // The key the store gives it, as every measure created from a file's words: import.<slug>.
    QString key() const;
};

// The choices that turn one sheet into facts: detected, confirmed by the user, saved as a profile.
struct ImportPlan {
    QString profileName;
    int sheetIndex = 0;
    QString sheetName;
    // The sheet whose header the roles, measures and notes were proposed for (describeHeader); -1 where
    // not known (a profile as loaded). Another sheet with a header of the same words ("Sep-18 | Mar-19
    // | …" on every table of a workbook) is another table: its measure comes from its own title.
    // Not saved in profiles.
    int describedSheet = -1;
    qint64 headerRow = 1; // 1-based; rows above it (titles, blanks) are skipped
    Layout layout = Layout::Wide;
    QStringList headers;  // the header row's text, which also identifies the file's shape
    QList<ColumnRole> roles;
    // Wide and report-table layouts: the period of each value column (empty where the column is not
    // a period).
    QList<std::optional<Period>> columnPeriods;
    // The measure each value column names where the file's columns are measures rather than a
    // measure column: a value column's own header ("Police Officer Strength"), or the label of a
    // two-row header's group over its period ("Burglary" over 1999-00 … 2016-17). Empty elsewhere.
    QStringList columnMeasures;
    // The category measures from columnMeasures are created in, where the file says one (a two-row
    // header's sheet name, "Recorded Offences"); empty for none.
    QString columnMeasureCategory;
    // Records layout: the measure counted where no column names one ("Homicide victims", from the
    // file's name and its count column).
    QString recordMeasure;
    // A period cell holding a bare year ("1999") is read as this month of that year (6: a
    // mid-year estimate, as at 30 June); 0 where a bare year is not a period.
    int bareYearMonth = 0;
    // Numbers written with decimal commas throughout ("0,56"): read as 0.56.
    bool decimalComma = false;
    // Every value is multiplied by this: 100 where a "proportion" column holds 0.56 for 56%.
    double valueScale = 1.0;
    // How two-digit years ("FY99/00", "Dec-99") are read; a profile keeps a changed pivot.
    TwoDigitYears twoDigitYears;

    // Where the file has no such column, every value takes these. A report table's figure columns
    // are for fixedPeriodCode; its area, when it has no area column, is fixedAreaCode or else the
    // store's force area.
    QString fixedMeasureKey;
    QString fixedAreaCode;
    QString fixedPeriodCode;

    // New measures created from the file's text get this unit and theme.
    QString newMeasureUnit = QStringLiteral("count");
    QString newMeasureTheme = QStringLiteral("A safer London");
    QString newMeasureSource;

    // User-confirmed name mappings: file text -> area code / measure key.
    QHash<QString, QString> areaMappings;
    QHash<QString, QString> measureMappings;

    // OversightTable: which of the report's tables the file is, and where it states its period
    // (fixedPeriodCode: the quarter, or the financial year of the LCPF allocations).
    QString reportTableId;
    QString reportPeriodFrom;
    // Optional: values for periods outside this quarter are flagged.
    QString expectedQuarter;

    // What detection guessed and the officer should know before anything is written (the area of a
    // file with no area column, headers read as measures, a header on two rows): printed with the
    // plan and recorded with the batch as notes.
    QStringList notes;

    // Measures to create with the batch (see NewMeasure); fixedMeasureKey may name one of them.
    QList<NewMeasure> newMeasures;

    // Rows of this file the officer chose to leave out, each with the reason shown when it was
    // skipped (a notes line, a row in error). Not saved in a profile: they are this file's rows,
    // and next quarter's file has its own. The importer counts them and records them with the batch.
    QMap<qint64, QString> skipRows;

    // Measures whose figures the officer confirmed are in the measure's unit although they do not
    // look it (unitMismatch: counts going into a per cent measure). Not saved in a profile either:
    // the confirmation is of this file's figures.
    QStringList confirmedUnits;

    // Which choices the officer made over what detection proposed, and how ("--column"): the plan
    // says so beside each. Not saved with a profile (a profile's choices are its own); the names are
    // the catalogue's, for the plan to print beside the key or code.
    struct ChosenBy {
        QString sheet;
        QString headerRow;
        QString layout;
        QHash<int, QString> columns; // by column index
        QString measure;
        QString measureName;
        QString area;
        QString areaName;
        QString period;
        QString twoDigitYears;
        QString skipRows;
        QString confirmedUnits;
    } chosenBy;

    int columnOf(ColumnRole role) const;
    // A signature of the file's shape (layout and header texts, periods generalised) used to
    // match a saved profile to next quarter's file.
    QString shapeSignature() const;

    QJsonObject toJson() const;
    static std::optional<ImportPlan> fromJson(const QJsonObject &json, QString *error);
};

// Proposes sheet, header row, layout and column roles for a file; the user confirms or changes them.
// Reads at most the first rows of each sheet.
std::optional<ImportPlan> detectPlan(Reader &reader, const QString &fileName, QString *error);
// The plan detection proposes for one given sheet, found as detectPlan finds its own: the sheet's
// header row, layout and shape, with nothing carried over from another sheet.
std::optional<ImportPlan> detectSheetPlan(Reader &reader, int sheetIndex, const QString &fileName, QString *error);
// The sheets detection reads as data, in the workbook's order: visible, not about the workbook
// (Index, Cover, Notes…: isAboutSheet), with a header whose labels cover its figures. Why each of the
// others is left out is appended to passedOver.
QList<int> dataSheets(Reader &reader, QStringList *passedOver);
// The header row detection proposes for one sheet (the first row with the most labels among its
// first 30); 0 when it finds none.
qint64 proposeHeaderRow(Reader &reader, int sheetIndex);
// The note that the rows above the header are left out, as the plan says it.
QString rowsAboveHeaderNote(qint64 headerRow);
// A report table's quarter from its file's name ("revenue_Q2_2017-18.xlsx") where nothing else gave it.
void quarterFromFileName(ImportPlan &plan, const QString &fileName);
// The period each column of the plan's header row names (month headers, financial years…), whatever
// the layout; nullopt with the reason when the row is not in the sheet.
std::optional<QList<std::optional<Period>>> headerPeriods(Reader &reader, const ImportPlan &plan, QString *error);
// Re-derives headers, layout, roles and column periods for a plan whose sheet or header row
// changed. A plan that was a report table stays one.
bool describeHeader(Reader &reader, ImportPlan &plan, QString *error);
// The plan as the officer reads it before anything is written: sheet, header rows, layout, each
// column's role (and measure or period) and the whole-file choices. Its notes are the import's own
// first notes (ImportResult::issues), so each is said once.
QStringList describePlan(const ImportPlan &plan);
// Header cells of a wide plan written as months that are no month ("000000", "202313", "2024-00"):
// errors naming the cell, never columns silently left out.
QList<int> impossiblePeriodColumns(const ImportPlan &plan);
// A two-digit year read as something other than this century up to next year ("99" as 1999):
// said in the plan, with an example, so the pivot is never a silent guess.
bool isSurprisingYear(const Period &period);
QString twoDigitYearNote(const TwoDigitYears &years, const QString &example);
// How every such note begins, for a choice that changes the pivot to take the old one back.
QString twoDigitYearNotePrefix();

} // namespace oversight::import
