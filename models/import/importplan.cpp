#include "importplan.h"

#include "catalog.h"

#include "reporttablelayout.h"
#include "reporttableimport.h"
#include "returnlayout.h"
#include "valueparser.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace oversight::import {

namespace {

// Every role a column can be given, in the order the wizard offers them: its name in profiles and on
// the command line (--column "Borough=area"), and the words the officer reads for it.
struct RoleNames {
    ColumnRole role;
    const char *name;
    const char *label;
};

constexpr RoleNames roleNames[] = {
    {ColumnRole::Ignore, "ignore", "Nothing to import"},
    {ColumnRole::Area, "area", "Area (borough or other area name)"},
    {ColumnRole::AreaCode, "area_code", "Area code (ONS)"},
    {ColumnRole::Ward, "ward", "Ward name"},
    {ColumnRole::WardCode, "ward_code", "Ward code (E05…)"},
    {ColumnRole::SmallAreaCode, "small_area_code", "LSOA or MSOA code (E01…, E02…)"},
    {ColumnRole::SmallArea, "small_area", "LSOA or MSOA name"},
    {ColumnRole::MeasureGroup, "measure_group", "Category group (e.g. MajorText)"},
    {ColumnRole::Measure, "measure", "Measure or category"},
    {ColumnRole::Period, "period", "Period"},
    {ColumnRole::Value, "value", "Value"},
    {ColumnRole::Breakdown, "breakdown", "Breakdown (survey group, sex, outcome…)"},
    {ColumnRole::Section, "section", "Section of the rows (report table)"},
    {ColumnRole::Figure, "figure", "Figure for the period (budget, actual, forecast…)"},
    {ColumnRole::Derived, "derived", "Derived (change, variance): checked, not stored"},
};

// The layouts an officer chooses between, with their words. The report's own tables
// (OversightTable) are recognised by their header, never chosen, so they come last.
struct LayoutNames {
    Layout layout;
    const char *name;
    const char *label;
};

constexpr LayoutNames layoutNames[] = {
    {Layout::Wide, "wide", "Wide: one column per period"},
    {Layout::Long, "long", "Long: one value per row"},
    {Layout::ReportTable, "report_table", "Report table: a row per category; columns of periods or figures"},
    {Layout::Records, "records", "Records: a row per crime or victim, counted"},
    {Layout::OversightTable, "oversight_table", "Oversight report table: one of the report's tables, for its quarter"},
};

QString headerKey(const QString &text)
{
    return text.simplified().toLower().remove(QLatin1Char(' ')).remove(QLatin1Char('_'));
}

// What a header's words say a column holds.
ColumnRole roleForHeader(const QString &header)
{
    const QString key = headerKey(header);
    static const QHash<QString, ColumnRole> known = {
        {QStringLiteral("majortext"), ColumnRole::MeasureGroup},
        {QStringLiteral("majorcategory"), ColumnRole::MeasureGroup},
        {QStringLiteral("offencegroup"), ColumnRole::MeasureGroup},
        {QStringLiteral("crimegroup"), ColumnRole::MeasureGroup},
        {QStringLiteral("minortext"), ColumnRole::Measure},
        {QStringLiteral("minorcategory"), ColumnRole::Measure},
        {QStringLiteral("offencesubgroup"), ColumnRole::Measure},
        {QStringLiteral("crimetype"), ColumnRole::Measure},
        {QStringLiteral("category"), ColumnRole::Measure},
        {QStringLiteral("measure"), ColumnRole::Measure},
        {QStringLiteral("crimecategory"), ColumnRole::Measure},
        {QStringLiteral("lookupboroughname"), ColumnRole::Area},
        {QStringLiteral("boroughname"), ColumnRole::Area},
        {QStringLiteral("borough"), ColumnRole::Area},
        {QStringLiteral("boroughs"), ColumnRole::Area},
        {QStringLiteral("area"), ColumnRole::Area},
        {QStringLiteral("areaname"), ColumnRole::Area},
        // MPS neighbourhoods ("Barking and Dagenham - Barking") are areas of their boroughs.
        {QStringLiteral("neighbourhood"), ColumnRole::Area},
        {QStringLiteral("neighbourhoodname"), ColumnRole::Area},
        {QStringLiteral("neighborhood"), ColumnRole::Area},
        {QStringLiteral("neighbourhoodcode"), ColumnRole::AreaCode},
        {QStringLiteral("localauthority"), ColumnRole::Area},
        {QStringLiteral("code"), ColumnRole::AreaCode},
        {QStringLiteral("areacode"), ColumnRole::AreaCode},
        {QStringLiteral("onscode"), ColumnRole::AreaCode},
        {QStringLiteral("gsscode"), ColumnRole::AreaCode},
        {QStringLiteral("boroughcode"), ColumnRole::AreaCode},
        {QStringLiteral("wardname"), ColumnRole::Ward},
        {QStringLiteral("ward"), ColumnRole::Ward},
        {QStringLiteral("wardcode"), ColumnRole::WardCode},
        {QStringLiteral("lsoacode"), ColumnRole::SmallAreaCode},
        {QStringLiteral("msoacode"), ColumnRole::SmallAreaCode},
        {QStringLiteral("lsoaname"), ColumnRole::SmallArea},
        {QStringLiteral("msoaname"), ColumnRole::SmallArea},
        {QStringLiteral("fallswithin"), ColumnRole::Area},
        {QStringLiteral("policeforce"), ColumnRole::Area},
        {QStringLiteral("forcename"), ColumnRole::Area},
        {QStringLiteral("month"), ColumnRole::Period},
        {QStringLiteral("period"), ColumnRole::Period},
        {QStringLiteral("date"), ColumnRole::Period},
        {QStringLiteral("quarter"), ColumnRole::Period},
        {QStringLiteral("year"), ColumnRole::Period},
        {QStringLiteral("financialyear"), ColumnRole::Period},
        {QStringLiteral("monthyear"), ColumnRole::Period},
        {QStringLiteral("recordeddate"), ColumnRole::Period},
        {QStringLiteral("value"), ColumnRole::Value},
        {QStringLiteral("count"), ColumnRole::Value},
        {QStringLiteral("offences"), ColumnRole::Value},
        {QStringLiteral("number"), ColumnRole::Value},
        {QStringLiteral("total"), ColumnRole::Value},
        {QStringLiteral("proportion"), ColumnRole::Value},
        {QStringLiteral("percentage"), ColumnRole::Value},
        {QStringLiteral("group"), ColumnRole::Breakdown},
        {QStringLiteral("ethnicity"), ColumnRole::Breakdown},
        {QStringLiteral("agegroup"), ColumnRole::Breakdown},
        {QStringLiteral("sex"), ColumnRole::Breakdown},
    };
    return known.value(key, ColumnRole::Ignore);
}

bool isTextCell(const Cell &cell)
{
    return cell.kind == Cell::Kind::Text && !cell.text.trimmed().isEmpty();
}

// How header-like a row is: text cells and period cells, at least three of them.
int headerScore(const QList<Cell> &cells)
{
    int score = 0;
    int numbers = 0;
    for (const Cell &cell : cells) {
        // A merged label (a title across the table, a group over its periods) names no column of
        // its own: only its first cell counts.
        if (cell.fromMerge)
            continue;
        if (parsePeriod(cell).has_value()) {
            score += 1;
            continue;
        }
        const ParsedNumber::Status status = parseNumber(cell).status;
        // A no-figure mark ("..", "n/a", "[x]") is a data row's cell, never a column's name: a row
        // of a force with no figures ("Cleveland .. .. ..") is no header.
        if (isTextCell(cell) && status == ParsedNumber::Status::Invalid)
            score += 1;
        else if (!cell.isEmpty())
            ++numbers;
    }
    return numbers > score ? 0 : score;
}

} // namespace

QString roleName(ColumnRole role)
{
    for (const RoleNames &r : roleNames) {
        if (r.role == role)
            return QString::fromLatin1(r.name);
    }
    return {};
}

QString roleLabel(ColumnRole role)
{
    for (const RoleNames &r : roleNames) {
        if (r.role == role)
            return QString::fromUtf8(r.label);
    }
    return {};
}

const QList<ColumnRole> &columnRoles()
{
    static const QList<ColumnRole> roles = [] {
        QList<ColumnRole> all;
        for (const RoleNames &r : roleNames)
            all.append(r.role);
        return all;
    }();
    return roles;
}

std::optional<ColumnRole> roleFromName(const QString &name)
{
    for (const RoleNames &r : roleNames) {
        if (name == QLatin1String(r.name))
            return r.role;
    }
    return std::nullopt;
}

QString layoutName(Layout layout)
{
    for (const LayoutNames &l : layoutNames) {
        if (l.layout == layout)
            return QString::fromLatin1(l.name);
    }
    return {};
}

QString layoutLabel(Layout layout)
{
    for (const LayoutNames &l : layoutNames) {
        if (l.layout == layout)
            return QString::fromUtf8(l.label);
    }
    return {};
}

std::optional<Layout> layoutFromName(const QString &name)
{
    for (const LayoutNames &l : layoutNames) {
        if (name == QLatin1String(l.name))
            return l.layout;
    }
    return std::nullopt;
}

const QList<Layout> &layouts()
{
    static const QList<Layout> all = [] {
        QList<Layout> list;
        for (const LayoutNames &l : layoutNames)
            list.append(l.layout);
        return list;
    }();
    return all;
}

namespace {

// Columns that hold one period each: their headers change every quarter.
bool isPeriodColumn(const ImportPlan &plan, qsizetype c)
{
    if (plan.layout == Layout::Long)
        return false;
    if (c < plan.columnPeriods.size() && plan.columnPeriods.at(c).has_value())
        return true;
    // A report table's label column may be headed with its quarter ("Q1 17/18") too.
    return plan.layout == Layout::ReportTable && parsePeriod(plan.headers.at(c)).has_value();
}

} // namespace

QString NewMeasure::key() const
{
    return QStringLiteral("import.%1").arg(catalog::slug(name));
}

int ImportPlan::columnOf(ColumnRole role) const
{
    const qsizetype at = roles.indexOf(role);
    return at < 0 ? -1 : static_cast<int>(at);
}

QString ImportPlan::shapeSignature() const
{
    // The sheet's name is left out: a CSV's one sheet is named after the file, which changes.
    QStringList parts = {layoutName(layout)};
    for (qsizetype c = 0; c < headers.size(); ++c) {
        // Period columns change every quarter; what stays is that they are periods.
        if (isPeriodColumn(*this, c)) {
            if (parts.last() != QLatin1String("<period>"))
                parts.append(QStringLiteral("<period>"));
        } else {
            parts.append(headerKey(headers.at(c)));
        }
    }
    return parts.join(QLatin1Char('|'));
}

QJsonObject ImportPlan::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("format"), QStringLiteral("oversight-import-profile"));
    json.insert(QStringLiteral("version"), 1);
    json.insert(QStringLiteral("name"), profileName);
    json.insert(QStringLiteral("sheet"), sheetName);
    json.insert(QStringLiteral("header_row"), headerRow);
    json.insert(QStringLiteral("layout"), layoutName(layout));
    json.insert(QStringLiteral("shape"), shapeSignature());
    QJsonArray columns;
    for (qsizetype c = 0; c < headers.size(); ++c) {
        QJsonObject column;
        column.insert(QStringLiteral("header"), headers.at(c));
        const bool isPeriod = layout != Layout::Long && c < columnPeriods.size() && columnPeriods.at(c).has_value();
        column.insert(QStringLiteral("role"), isPeriod ? QStringLiteral("value") : roleName(roles.value(c)));
        if (!columnMeasures.value(c).isEmpty())
            column.insert(QStringLiteral("measure"), columnMeasures.at(c));
        columns.append(column);
    }
    json.insert(QStringLiteral("columns"), columns);
    if (!fixedMeasureKey.isEmpty())
        json.insert(QStringLiteral("measure"), fixedMeasureKey);
    // A measure created with this file's import is created again for next quarter's if it is not
    // there (the first import undone or cancelled); skipRows and confirmedUnits are this file's own.
    QJsonArray created;
    for (const NewMeasure &m : newMeasures)
        created.append(QJsonObject{{QStringLiteral("name"), m.name}, {QStringLiteral("theme"), m.theme}, {QStringLiteral("unit"), m.unit}});
    if (!created.isEmpty())
        json.insert(QStringLiteral("new_measures"), created);
    if (!fixedAreaCode.isEmpty())
        json.insert(QStringLiteral("area"), fixedAreaCode);
    // A report table's period is the quarter each file reports: read from the next file (its title
    // or name) or chosen again, never carried over from this one.
    if (!fixedPeriodCode.isEmpty() && layout != Layout::ReportTable && layout != Layout::OversightTable)
        json.insert(QStringLiteral("period"), fixedPeriodCode);
    if (!reportTableId.isEmpty())
        json.insert(QStringLiteral("report_table"), reportTableId);
    if (!columnMeasureCategory.isEmpty())
        json.insert(QStringLiteral("column_measure_category"), columnMeasureCategory);
    if (!recordMeasure.isEmpty())
        json.insert(QStringLiteral("record_measure"), recordMeasure);
    if (bareYearMonth != 0)
        json.insert(QStringLiteral("bare_year_month"), bareYearMonth);
    if (decimalComma)
        json.insert(QStringLiteral("decimal_comma"), true);
    if (valueScale != 1.0)
        json.insert(QStringLiteral("value_scale"), valueScale);
    if (twoDigitYears.pivot != TwoDigitYears::kDefaultPivot)
        json.insert(QStringLiteral("two_digit_year_pivot"), twoDigitYears.pivot);
    if (!notes.isEmpty())
        json.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    json.insert(QStringLiteral("new_measure_unit"), newMeasureUnit);
    json.insert(QStringLiteral("new_measure_theme"), newMeasureTheme);
    if (!newMeasureSource.isEmpty())
        json.insert(QStringLiteral("new_measure_source"), newMeasureSource);
    QJsonObject areas;
    for (auto it = areaMappings.cbegin(); it != areaMappings.cend(); ++it)
        areas.insert(it.key(), it.value());
    json.insert(QStringLiteral("area_mappings"), areas);
    QJsonObject measures;
    for (auto it = measureMappings.cbegin(); it != measureMappings.cend(); ++it)
        measures.insert(it.key(), it.value());
    json.insert(QStringLiteral("measure_mappings"), measures);
    if (!expectedQuarter.isEmpty())
        json.insert(QStringLiteral("expected_quarter"), expectedQuarter);
    return json;
}

std::optional<ImportPlan> ImportPlan::fromJson(const QJsonObject &json, QString *error)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String("oversight-import-profile")) {
        *error = QStringLiteral("not an Oversight import profile");
        return std::nullopt;
    }
    ImportPlan plan;
    plan.profileName = json.value(QStringLiteral("name")).toString();
    plan.sheetName = json.value(QStringLiteral("sheet")).toString();
    plan.headerRow = json.value(QStringLiteral("header_row")).toInteger(1);
    const QString layout = json.value(QStringLiteral("layout")).toString();
    const auto knownLayout = layoutFromName(layout);
    if (!knownLayout) {
        *error = QStringLiteral("unknown layout '%1'").arg(layout);
        return std::nullopt;
    }
    plan.layout = *knownLayout;
    for (const QJsonValue &value : json.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject column = value.toObject();
        const auto role = roleFromName(column.value(QStringLiteral("role")).toString());
        if (!role) {
            *error = QStringLiteral("unknown column role '%1'").arg(column.value(QStringLiteral("role")).toString());
            return std::nullopt;
        }
        plan.headers.append(column.value(QStringLiteral("header")).toString());
        plan.roles.append(*role);
        // In a wide or report-table profile the value columns were period columns when it was saved.
        std::optional<Period> period;
        if (plan.layout != Layout::Long && *role == ColumnRole::Value)
            period = Period::parse(plan.headers.last());
        plan.columnPeriods.append(period);
        plan.columnMeasures.append(column.value(QStringLiteral("measure")).toString());
    }
    plan.columnMeasureCategory = json.value(QStringLiteral("column_measure_category")).toString();
    plan.recordMeasure = json.value(QStringLiteral("record_measure")).toString();
    plan.bareYearMonth = json.value(QStringLiteral("bare_year_month")).toInt();
    plan.decimalComma = json.value(QStringLiteral("decimal_comma")).toBool();
    plan.valueScale = json.value(QStringLiteral("value_scale")).toDouble(1.0);
    plan.twoDigitYears.pivot = json.value(QStringLiteral("two_digit_year_pivot")).toInt(TwoDigitYears::kDefaultPivot);
    if (!plan.twoDigitYears.isValid()) {
        *error = QStringLiteral("two_digit_year_pivot must be from 0 to 100, not %1").arg(plan.twoDigitYears.pivot);
        return std::nullopt;
    }
    for (const QJsonValue &note : json.value(QStringLiteral("notes")).toArray())
        plan.notes.append(note.toString());
    plan.fixedMeasureKey = json.value(QStringLiteral("measure")).toString();
    for (const QJsonValue &value : json.value(QStringLiteral("new_measures")).toArray()) {
        const QJsonObject m = value.toObject();
        plan.newMeasures.append({m.value(QStringLiteral("name")).toString(), m.value(QStringLiteral("theme")).toString(),
                                 m.value(QStringLiteral("unit")).toString()});
    }
    plan.reportTableId = json.value(QStringLiteral("report_table")).toString();
    plan.fixedAreaCode = json.value(QStringLiteral("area")).toString();
    plan.fixedPeriodCode = json.value(QStringLiteral("period")).toString();
    plan.newMeasureUnit = json.value(QStringLiteral("new_measure_unit")).toString(QStringLiteral("count"));
    plan.newMeasureTheme = json.value(QStringLiteral("new_measure_theme")).toString(QStringLiteral("A safer London"));
    plan.newMeasureSource = json.value(QStringLiteral("new_measure_source")).toString();
    const QJsonObject areas = json.value(QStringLiteral("area_mappings")).toObject();
    for (auto it = areas.begin(); it != areas.end(); ++it)
        plan.areaMappings.insert(it.key(), it.value().toString());
    const QJsonObject measures = json.value(QStringLiteral("measure_mappings")).toObject();
    for (auto it = measures.begin(); it != measures.end(); ++it)
        plan.measureMappings.insert(it.key(), it.value().toString());
    plan.expectedQuarter = json.value(QStringLiteral("expected_quarter")).toString();
    return plan;
}

namespace {

// The cells of a sheet's header row; false with the reason when the row is not in the sheet.
bool readHeaderRow(Reader &reader, int sheetIndex, qint64 headerRow, QList<Cell> *header, QString *error)
{
    bool found = false;
    const bool ok = reader.readRows(sheetIndex,
                                    [&](qint64 row, const QList<Cell> &cells) {
                                        if (row < headerRow)
                                            return true;
                                        if (row == headerRow) {
                                            *header = cells;
                                            found = true;
                                        }
                                        return false;
                                    },
                                    error);
    if (!ok)
        return false;
    if (!found) {
        *error = QStringLiteral("row %1 is beyond the end of the sheet").arg(headerRow);
        return false;
    }
    return true;
}

// The period each header cell names, and the header's texts.
// *surprisingYear, where given, says the first header whose two-digit year is read as other than
// this century (isSurprisingYear), for the plan's note.
QList<std::optional<Period>> periodsOf(const QList<Cell> &header, QStringList *texts, TwoDigitYears years = {},
                                       QString *surprisingYear = nullptr)
{
    QList<std::optional<Period>> periods;
    texts->clear();
    for (const Cell &cell : header) {
        texts->append(cellText(cell).simplified());
        // Excel writes month headers as dates; a header row of whole-number serials is months too.
        bool twoDigit = false;
        periods.append(parsePeriod(cell, cell.kind == Cell::Kind::Number && cell.number > 20000, years, &twoDigit));
        if (twoDigit && periods.last() && surprisingYear && surprisingYear->isEmpty() && isSurprisingYear(*periods.last()))
            *surprisingYear = QStringLiteral("'%1' (column %2) is %3").arg(texts->last(), columnName(int(texts->size() - 1)), periods.last()->label());
    }
    // "1999-00", "2000-01" … "2016-17": where one header of the form cannot be a month (00, or 13
    // and above), the run is of financial years, and "2000-01" is 2000/01, never January 2000.
    static const QRegularExpression yearPair(QStringLiteral("^(\\d{4})-(\\d{2})$"));
    bool financialYears = false;
    for (const QString &text : std::as_const(*texts)) {
        const auto m = yearPair.match(text);
        const int second = m.captured(2).toInt();
        financialYears = financialYears || (m.hasMatch() && (second == 0 || second > 12) && second == (m.captured(1).toInt() + 1) % 100);
    }
    if (financialYears) {
        for (qsizetype c = 0; c < texts->size(); ++c) {
            const auto m = yearPair.match(texts->at(c));
            if (m.hasMatch() && m.captured(2).toInt() == (m.captured(1).toInt() + 1) % 100)
                periods[c] = Period::financialYear(m.captured(1).toInt());
        }
    }
    return periods;
}

} // namespace

std::optional<QList<std::optional<Period>>> headerPeriods(Reader &reader, const ImportPlan &plan, QString *error)
{
    QList<Cell> header;
    if (!readHeaderRow(reader, plan.sheetIndex, plan.headerRow, &header, error))
        return std::nullopt;
    QStringList texts;
    return periodsOf(header, &texts, plan.twoDigitYears);
}

bool describeHeader(Reader &reader, ImportPlan &plan, QString *error)
{
    QList<Cell> header;
    if (!readHeaderRow(reader, plan.sheetIndex, plan.headerRow, &header, error))
        return false;
    // One of the report's own tables whose sheet and header row stand as recognised stays that table:
    // its columns are the table's, not roles to propose again.
    if (plan.layout == Layout::OversightTable) {
        QStringList texts;
        for (const Cell &cell : header)
            texts.append(cellText(cell).trimmed());
        while (!texts.isEmpty() && texts.last().isEmpty())
            texts.removeLast();
        if (texts == plan.headers)
            return true;
        plan.layout = Layout::ReportTable; // another row or sheet: read afresh as a report table
        plan.reportTableId.clear();
        plan.fixedPeriodCode.clear();
    }
    // Roles, measures and notes proposed for another sheet are not this one's, whatever its header says.
    const bool sameSheet = plan.describedSheet < 0 || plan.describedSheet == plan.sheetIndex;
    const QList<ColumnRole> previous = sameSheet ? plan.roles : QList<ColumnRole>();
    const QStringList previousHeaders = sameSheet ? plan.headers : QStringList();
    const bool wasReportTable = plan.layout == Layout::ReportTable;
    plan.roles.clear();
    QString surprisingYear; // the first header whose two-digit year the officer should see read
    plan.columnPeriods = periodsOf(header, &plan.headers, plan.twoDigitYears, &surprisingYear);
    const int periodColumns = int(std::count_if(plan.columnPeriods.cbegin(), plan.columnPeriods.cend(),
                                                [](const std::optional<Period> &p) { return p.has_value(); }));
    // One column per period makes a wide file; a single period column is wide too unless the
    // file names its own period and value columns (a long file whose header happens to hold a date).
    bool namesLongColumns = false;
    for (qsizetype c = 0; c < plan.headers.size(); ++c) {
        const ColumnRole named = roleForHeader(plan.headers.at(c));
        namesLongColumns = namesLongColumns || (!plan.columnPeriods.at(c) && (named == ColumnRole::Period || named == ColumnRole::Value));
    }
    const bool wide = periodColumns >= 2 || (periodColumns == 1 && !namesLongColumns);
    QList<bool> keptRoles;
    for (qsizetype c = 0; c < plan.headers.size(); ++c) {
        // A profile's roles survive where the header text is the same.
        const qsizetype before = previousHeaders.indexOf(plan.headers.at(c));
        keptRoles.append(before >= 0 && before < previous.size() && !plan.columnPeriods.at(c));
        if (keptRoles.last())
            plan.roles.append(previous.at(before));
        else if (plan.columnPeriods.at(c) && wide)
            plan.roles.append(ColumnRole::Value);
        else
            plan.roles.append(roleForHeader(plan.headers.at(c)));
    }
    // The same header read again (the wizard's sheet page, a profile) keeps what was proposed for it;
    // another header (another sheet or row) has the return's layout proposed afresh below.
    const bool sameHeader = sameSheet && previousHeaders == plan.headers;
    const bool wasRecords = plan.layout == Layout::Records;
    plan.layout = wide ? Layout::Wide : Layout::Long;
    if (sameHeader && wasRecords)
        plan.layout = Layout::Records;
    // A report table is recognised by its header and a look at its rows; Wide and Long stand otherwise.
    // A plan that was a report table (a profile, the officer's choice) stays one, with its unit and theme.
    if (proposeReportTable(reader, plan, keptRoles, {wasReportTable, wasReportTable}))
        plan.layout = Layout::ReportTable;
    if (plan.layout == Layout::Long) {
        for (auto &period : plan.columnPeriods)
            period.reset();
    }
    const QList<SheetInfo> sheets = reader.sheets();
    if (plan.sheetIndex >= 0 && plan.sheetIndex < sheets.size())
        plan.sheetName = sheets.at(plan.sheetIndex).name;
    if (!sameHeader && (!sameSheet || !previousHeaders.isEmpty()) && plan.layout != Layout::ReportTable) {
        plan.columnMeasures.clear();
        plan.columnMeasureCategory.clear();
        plan.recordMeasure.clear();
        plan.bareYearMonth = 0;
        plan.decimalComma = false;
        plan.valueScale = 1.0;
        plan.notes.clear();
        proposeReturnLayout(reader, plan, plan.sheetName);
    }
    plan.describedSheet = plan.sheetIndex;
    // Said once, however often the header is read again (the wizard's pages, a profile).
    if (const QString note = twoDigitYearNote(plan.twoDigitYears, surprisingYear); !surprisingYear.isEmpty() && !plan.notes.contains(note))
        plan.notes.append(note);
    return true;
}

namespace {

// The header of one sheet: the first row with the most labels (at least three) among its first 30,
// which are kept in top (blank rows as empty lists). 0 when there is none.
qint64 scanForHeader(Reader &reader, int sheetIndex, QList<QList<Cell>> *top, int *score)
{
    qint64 headerRow = 0;
    qint64 twoLabelRow = 0;
    *score = 0;
    QString readError;
    reader.readRows(sheetIndex,
                    [&](qint64 row, const QList<Cell> &cells) {
                        const int rowScore = headerScore(cells);
                        // The header is the first row with the most labels among the top rows.
                        if (rowScore >= 3 && rowScore > *score) {
                            *score = rowScore;
                            headerRow = row;
                        }
                        if (rowScore == 2 && twoLabelRow == 0)
                            twoLabelRow = row;
                        while (top->size() < row - 1)
                            top->append(QList<Cell>());
                        top->append(cells);
                        return row < 30;
                    },
                    &readError);
    // A return of two columns (Borough, ASB calls) has a header of two labels: taken where no row
    // has three and the row under it holds a figure, so a title is never the header.
    if (headerRow <= 0 && twoLabelRow > 0 && twoLabelRow < top->size()) {
        for (const Cell &cell : top->at(twoLabelRow))
            headerRow = parseNumber(cell).status == ParsedNumber::Status::Value ? twoLabelRow : headerRow;
        if (headerRow > 0)
            *score = 2;
    }
    return headerRow;
}

} // namespace

qint64 proposeHeaderRow(Reader &reader, int sheetIndex)
{
    QList<QList<Cell>> top;
    int score = 0;
    return scanForHeader(reader, sheetIndex, &top, &score);
}

QString rowsAboveHeaderNote(qint64 headerRow)
{
    return QStringLiteral("rows above row %1 (titles, blanks) are not imported").arg(headerRow);
}

void quarterFromFileName(ImportPlan &plan, const QString &fileName)
{
    if (plan.layout != Layout::ReportTable || !plan.fixedPeriodCode.isEmpty() || fileName.isEmpty())
        return;
    if (const auto quarter = statedQuarter({QFileInfo(fileName).completeBaseName()}))
        plan.fixedPeriodCode = quarter->code();
}

namespace {

// Columns inside the header's span with figures below and nothing above: a header whose labels do
// not line up with its data.
QList<int> headlessColumns(const QList<QList<Cell>> &top, qint64 headerRow)
{
    const QList<Cell> header = top.value(headerRow - 1);
    int lastLabel = -1;
    for (int c = 0; c < header.size(); ++c) {
        if (!header.at(c).isEmpty())
            lastLabel = c;
    }
    QList<int> headless;
    for (int c = 0; c < lastLabel; ++c) {
        if (!header.at(c).isEmpty())
            continue;
        for (qsizetype r = headerRow; r < top.size(); ++r) {
            if (parseNumber(top.at(r).value(c)).status == ParsedNumber::Status::Value) {
                headless.append(c);
                break;
            }
        }
    }
    return headless;
}

QString headlessNote(const QString &sheetName, const QList<int> &headless, qint64 headerRow)
{
    return QStringLiteral("sheet '%1' is not imported: columns %2-%3 hold figures under no header in row %4, so its labels "
                          "do not line up with its data")
        .arg(sheetName, columnName(headless.first()), columnName(headless.last()))
        .arg(headerRow);
}

// One of the report's own tables, exported and moved on a quarter, is that table for its quarter:
// its plan, else nullopt (with why set where the sheet is such a table and cannot be read).
std::optional<ImportPlan> oversightTablePlan(Reader &reader, int sheetIndex, const QString &fileName, QString *why)
{
    const auto table = reporttableimport::recognise(reader, sheetIndex, fileName, why);
    if (!table)
        return std::nullopt;
    ImportPlan plan = reporttableimport::planFor(*table, reader.sheets().at(sheetIndex).name);
    plan.sheetIndex = sheetIndex;
    return plan;
}

// The plan for a sheet whose header row is found: the header described, then the notes given
// (sheets passed over to reach it), the rows above the header and the return's shape.
std::optional<ImportPlan> planForSheet(Reader &reader, int sheetIndex, qint64 headerRow, const QString &fileName,
                                       const QStringList &notes, QString *error)
{
    ImportPlan plan;
    plan.sheetIndex = sheetIndex;
    plan.headerRow = headerRow;
    if (!describeHeader(reader, plan, error))
        return std::nullopt;
    plan.notes.append(notes);
    // A report table's title rows are read (for its quarter); other layouts' are left out, and said so.
    if (headerRow > 1 && plan.layout != Layout::ReportTable)
        plan.notes.append(rowsAboveHeaderNote(headerRow));
    proposeReturnLayout(reader, plan, fileName);
    // A report table's title states its quarter, or else the file's name may ("revenue Q2 2017-18.xlsx").
    quarterFromFileName(plan, fileName);
    return plan;
}

} // namespace

std::optional<ImportPlan> detectPlan(Reader &reader, const QString &fileName, QString *error)
{
    const QList<SheetInfo> sheets = reader.sheets();
    if (sheets.isEmpty()) {
        *error = QStringLiteral("%1: the workbook has no sheets").arg(fileName);
        return std::nullopt;
    }
    for (int s = 0; s < sheets.size(); ++s) {
        QString why;
        if (auto plan = oversightTablePlan(reader, s, fileName, &why))
            return plan;
        if (!why.isEmpty()) {
            *error = why;
            return std::nullopt;
        }
    }
    // The first visible sheet with a usable header wins; hidden sheets are only a fall-back. A sheet
    // whose header leaves figures under blank header cells (its labels do not line up with its
    // data) is passed over for a later one whose header covers its figures, and the plan says why.
    int bestSheet = -1;
    qint64 bestRow = 0;
    int fallbackSheet = -1;
    qint64 fallbackRow = 0;
    QStringList passedOver;
    // Pass 0: visible data sheets; 1: visible sheets about the workbook (Index, Metadata…); 2: hidden.
    for (int pass = 0; pass < 3 && bestSheet < 0 && fallbackSheet < 0; ++pass) {
        for (int s = 0; s < sheets.size(); ++s) {
            const bool about = isAboutSheet(sheets.at(s).name);
            if (sheets.at(s).hidden != (pass == 2) || (pass < 2 && about != (pass == 1)))
                continue;
            QList<QList<Cell>> top;
            int headerScoreSeen = 0;
            const qint64 headerRow = scanForHeader(reader, s, &top, &headerScoreSeen);
            if (headerRow <= 0)
                continue;
            const QList<int> headless = headlessColumns(top, headerRow);
            if (headless.isEmpty()) {
                bestSheet = s;
                bestRow = headerRow;
                break;
            }
            passedOver.append(headlessNote(sheets.at(s).name, headless, headerRow));
            if (fallbackSheet < 0) {
                fallbackSheet = s;
                fallbackRow = headerRow;
            }
        }
    }
    if (bestSheet < 0 && fallbackSheet >= 0) {
        // Nothing better: the sheet is proposed, and its notes say what is wrong with it.
        bestSheet = fallbackSheet;
        bestRow = fallbackRow;
        passedOver.clear();
    }
    if (bestSheet < 0) {
        *error = QStringLiteral("%1: no header row found (a row of at least three column names, or two above a row "
                                "of figures, within the first 30 rows of a sheet)").arg(fileName);
        return std::nullopt;
    }
    QStringList notes;
    for (int s = 0; s < bestSheet; ++s) {
        if (isAboutSheet(sheets.at(s).name) && !sheets.at(s).hidden)
            notes.append(QStringLiteral("sheet '%1' describes the workbook and is not imported").arg(sheets.at(s).name));
    }
    notes.append(passedOver);
    return planForSheet(reader, bestSheet, bestRow, fileName, notes, error);
}

std::optional<ImportPlan> detectSheetPlan(Reader &reader, int sheetIndex, const QString &fileName, QString *error)
{
    const QList<SheetInfo> sheets = reader.sheets();
    if (sheetIndex < 0 || sheetIndex >= sheets.size()) {
        *error = QStringLiteral("%1 has no sheet %2").arg(fileName).arg(sheetIndex + 1);
        return std::nullopt;
    }
    QString why;
    if (auto plan = oversightTablePlan(reader, sheetIndex, fileName, &why))
        return plan;
    if (!why.isEmpty()) {
        *error = why;
        return std::nullopt;
    }
    const qint64 headerRow = proposeHeaderRow(reader, sheetIndex);
    if (headerRow <= 0) {
        *error = QStringLiteral("sheet '%1' of %2 has no header row Oversight can find (a row of at least three column names "
                                "within its first 30 rows)")
                     .arg(sheets.at(sheetIndex).name, fileName);
        return std::nullopt;
    }
    return planForSheet(reader, sheetIndex, headerRow, fileName, {}, error);
}

QList<int> dataSheets(Reader &reader, QStringList *passedOver)
{
    QList<int> data;
    const QList<SheetInfo> sheets = reader.sheets();
    for (int s = 0; s < sheets.size(); ++s) {
        const QString &name = sheets.at(s).name;
        if (sheets.at(s).hidden) {
            passedOver->append(QStringLiteral("sheet '%1' is hidden and is not imported").arg(name));
            continue;
        }
        if (isAboutSheet(name)) {
            passedOver->append(QStringLiteral("sheet '%1' describes the workbook and is not imported").arg(name));
            continue;
        }
        QList<QList<Cell>> top;
        int score = 0;
        const qint64 headerRow = scanForHeader(reader, s, &top, &score);
        if (headerRow <= 0) {
            passedOver->append(QStringLiteral("sheet '%1' has no header row and is not imported").arg(name));
            continue;
        }
        if (const QList<int> headless = headlessColumns(top, headerRow); !headless.isEmpty()) {
            passedOver->append(headlessNote(name, headless, headerRow));
            continue;
        }
        data.append(s);
    }
    return data;
}

QString twoDigitYearNotePrefix()
{
    return QStringLiteral("two-digit years read by the pivot");
}

QString twoDigitYearNote(const TwoDigitYears &years, const QString &example)
{
    return QStringLiteral("%1 (%2): %3").arg(twoDigitYearNotePrefix(), years.describe(), example);
}

bool isSurprisingYear(const Period &period)
{
    // Years of this century up to next year are what officers mean; any other reading of a
    // two-digit year (1999, 2069) is said in the plan.
    const int year = period.start().year();
    return year < 2000 || year > QDate::currentDate().year() + 1;
}

QList<int> impossiblePeriodColumns(const ImportPlan &plan)
{
    QList<int> columns;
    if (plan.layout != Layout::Wide)
        return columns;
    static const QRegularExpression monthShaped(QStringLiteral("^(\\d{4})-?(\\d{2})$"));
    for (qsizetype c = 0; c < plan.headers.size(); ++c) {
        if (plan.columnPeriods.value(c))
            continue;
        const auto m = monthShaped.match(plan.headers.at(c));
        if (!m.hasMatch())
            continue;
        const int month = m.captured(2).toInt();
        const int year = m.captured(1).toInt();
        // "2012-13" beside "2011-12" is a financial year, read as one above; left here it is not a
        // month, and a year 0000 or a month 00 or 13 is no period at all.
        if (month < 1 || month > 12 || year < 1900)
            columns.append(int(c));
    }
    return columns;
}

QStringList describePlan(const ImportPlan &plan)
{
    QStringList lines;
    // A choice made over detection says where it came from: "(from --column)".
    const auto from = [](const QString &by) { return by.isEmpty() ? QString() : QStringLiteral(" (from %1)").arg(by); };
    const ImportPlan::ChosenBy &chosen = plan.chosenBy;
    lines.append(QStringLiteral("plan: sheet '%1'%2, header row %3%4, %5 layout%6")
                     .arg(plan.sheetName, from(chosen.sheet))
                     .arg(plan.headerRow)
                     .arg(from(chosen.headerRow), layoutName(plan.layout), from(chosen.layout)));
    // One of the report's own tables: its columns are that table's, as its description gives them.
    if (plan.layout == Layout::OversightTable) {
        const auto period = Period::parse(plan.fixedPeriodCode);
        lines.append(QStringLiteral("  the report's table '%1' for %2 (the period from %3); its %4 columns read as that table's")
                         .arg(plan.reportTableId, period ? period->label() : plan.fixedPeriodCode,
                              plan.reportPeriodFrom.isEmpty() ? QStringLiteral("the plan") : plan.reportPeriodFrom)
                         .arg(plan.headers.size()));
        return lines;
    }
    QStringList periods;
    QString firstPeriod;
    const QList<int> impossible = impossiblePeriodColumns(plan);
    for (qsizetype c = 0; c < plan.headers.size(); ++c) {
        const ColumnRole role = plan.roles.value(c);
        const std::optional<Period> period = plan.columnPeriods.value(c);
        if (role == ColumnRole::Ignore && plan.headers.at(c).isEmpty())
            continue;
        QString what = period && plan.layout != Layout::Long ? QStringLiteral("value for %1").arg(period->label()) : roleName(role);
        if (impossible.contains(int(c)))
            what = QStringLiteral("written as a month (yyyymm) but no month: an error");
        if (!plan.columnMeasures.value(c).isEmpty())
            what += QStringLiteral(", measure '%1'").arg(plan.columnMeasures.at(c));
        // Wide files have hundreds of period columns: one line for each run of the same measure.
        if (period && plan.layout != Layout::Long) {
            const bool continues = c + 1 < plan.headers.size() && plan.columnPeriods.value(c + 1)
                                && plan.columnMeasures.value(c + 1) == plan.columnMeasures.value(c);
            if (periods.isEmpty())
                firstPeriod = period->label();
            periods.append(columnName(int(c)));
            if (continues)
                continue;
            lines.append(QStringLiteral("  columns %1-%2: values for %3 to %4 (%5 periods)%6")
                             .arg(periods.first(), periods.last(), firstPeriod, period->label())
                             .arg(periods.size())
                             .arg(plan.columnMeasures.value(c).isEmpty() ? QString()
                                                                         : QStringLiteral(", measure '%1'").arg(plan.columnMeasures.at(c))));
            periods.clear();
            continue;
        }
        lines.append(QStringLiteral("  column %1 '%2': %3%4").arg(columnName(int(c)), plan.headers.at(c), what, from(chosen.columns.value(int(c)))));
    }
    const auto named = [](const QString &key, const QString &name) { return name.isEmpty() ? key : QStringLiteral("%1, %2").arg(key, name); };
    if (!plan.fixedAreaCode.isEmpty())
        lines.append(QStringLiteral("  every value's area: %1%2").arg(named(plan.fixedAreaCode, chosen.areaName), from(chosen.area)));
    if (!plan.fixedMeasureKey.isEmpty())
        lines.append(QStringLiteral("  every value's measure: %1%2").arg(named(plan.fixedMeasureKey, chosen.measureName), from(chosen.measure)));
    if (!plan.recordMeasure.isEmpty())
        lines.append(QStringLiteral("  the records counted: '%1'").arg(plan.recordMeasure));
    if (!plan.fixedPeriodCode.isEmpty())
        lines.append(QStringLiteral("  every value's period: %1%2").arg(plan.fixedPeriodCode, from(chosen.period)));
    if (plan.twoDigitYears.pivot != TwoDigitYears::kDefaultPivot || !chosen.twoDigitYears.isEmpty())
        lines.append(QStringLiteral("  two-digit years: %1%2").arg(plan.twoDigitYears.describe(), from(chosen.twoDigitYears)));
    for (auto it = plan.skipRows.cbegin(); it != plan.skipRows.cend(); ++it)
        lines.append(QStringLiteral("  row %1 left out: %2%3").arg(it.key()).arg(it.value(), from(chosen.skipRows)));
    if (!plan.confirmedUnits.isEmpty())
        lines.append(QStringLiteral("  units confirmed by the officer for: %1%2")
                         .arg(plan.confirmedUnits.join(QStringLiteral(", ")), from(chosen.confirmedUnits)));
    return lines;
}

} // namespace oversight::import
