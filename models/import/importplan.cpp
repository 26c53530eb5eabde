#include "importplan.h"

#include "reporttablelayout.h"
#include "reporttableimport.h"
#include "valueparser.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

namespace oversight::import {

namespace {

struct RoleNames {
    ColumnRole role;
    const char *name;
};

constexpr RoleNames roleNames[] = {
    {ColumnRole::Ignore, "ignore"},   {ColumnRole::Area, "area"},        {ColumnRole::AreaCode, "area_code"},
    {ColumnRole::Ward, "ward"},       {ColumnRole::WardCode, "ward_code"}, {ColumnRole::MeasureGroup, "measure_group"},
    {ColumnRole::Measure, "measure"}, {ColumnRole::Period, "period"},    {ColumnRole::Value, "value"},
    {ColumnRole::Breakdown, "breakdown"}, {ColumnRole::Section, "section"}, {ColumnRole::Figure, "figure"},
    {ColumnRole::Derived, "derived"},
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
        {QStringLiteral("localauthority"), ColumnRole::Area},
        {QStringLiteral("code"), ColumnRole::AreaCode},
        {QStringLiteral("areacode"), ColumnRole::AreaCode},
        {QStringLiteral("onscode"), ColumnRole::AreaCode},
        {QStringLiteral("gsscode"), ColumnRole::AreaCode},
        {QStringLiteral("boroughcode"), ColumnRole::AreaCode},
        {QStringLiteral("wardname"), ColumnRole::Ward},
        {QStringLiteral("ward"), ColumnRole::Ward},
        {QStringLiteral("wardcode"), ColumnRole::WardCode},
        {QStringLiteral("month"), ColumnRole::Period},
        {QStringLiteral("period"), ColumnRole::Period},
        {QStringLiteral("date"), ColumnRole::Period},
        {QStringLiteral("quarter"), ColumnRole::Period},
        {QStringLiteral("year"), ColumnRole::Period},
        {QStringLiteral("financialyear"), ColumnRole::Period},
        {QStringLiteral("monthyear"), ColumnRole::Period},
        {QStringLiteral("value"), ColumnRole::Value},
        {QStringLiteral("count"), ColumnRole::Value},
        {QStringLiteral("offences"), ColumnRole::Value},
        {QStringLiteral("number"), ColumnRole::Value},
        {QStringLiteral("total"), ColumnRole::Value},
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
        if (parsePeriod(cell).has_value())
            score += 1;
        else if (isTextCell(cell) && parseNumber(cell).status != ParsedNumber::Status::Value)
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
    switch (layout) {
    case Layout::Long:
        return QStringLiteral("long");
    case Layout::Wide:
        return QStringLiteral("wide");
    case Layout::ReportTable:
        return QStringLiteral("report_table");
    case Layout::OversightTable:
        return QStringLiteral("oversight_table");
    }
    return {};
}

namespace {

std::optional<Layout> layoutFromName(const QString &name)
{
    for (const Layout layout : {Layout::Long, Layout::Wide, Layout::ReportTable, Layout::OversightTable}) {
        if (layoutName(layout) == name)
            return layout;
    }
    return std::nullopt;
}

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
        columns.append(column);
    }
    json.insert(QStringLiteral("columns"), columns);
    if (!fixedMeasureKey.isEmpty())
        json.insert(QStringLiteral("measure"), fixedMeasureKey);
    if (!fixedAreaCode.isEmpty())
        json.insert(QStringLiteral("area"), fixedAreaCode);
    // A report table's period is the quarter each file reports: read from the next file (its title
    // or name) or chosen again, never carried over from this one.
    if (!fixedPeriodCode.isEmpty() && layout != Layout::ReportTable && layout != Layout::OversightTable)
        json.insert(QStringLiteral("period"), fixedPeriodCode);
    if (!reportTableId.isEmpty())
        json.insert(QStringLiteral("report_table"), reportTableId);
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
    }
    plan.fixedMeasureKey = json.value(QStringLiteral("measure")).toString();
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

bool describeHeader(Reader &reader, ImportPlan &plan, QString *error)
{
    QList<Cell> header;
    bool found = false;
    const bool ok = reader.readRows(plan.sheetIndex,
                                    [&](qint64 row, const QList<Cell> &cells) {
                                        if (row < plan.headerRow)
                                            return true;
                                        if (row == plan.headerRow) {
                                            header = cells;
                                            found = true;
                                        }
                                        return false;
                                    },
                                    error);
    if (!ok)
        return false;
    if (!found) {
        *error = QStringLiteral("row %1 is beyond the end of the sheet").arg(plan.headerRow);
        return false;
    }
    const QList<ColumnRole> previous = plan.roles;
    const QStringList previousHeaders = plan.headers;
    const bool wasReportTable = plan.layout == Layout::ReportTable;
    plan.headers.clear();
    plan.roles.clear();
    plan.columnPeriods.clear();
    int periodColumns = 0;
    for (const Cell &cell : header) {
        plan.headers.append(cellText(cell).simplified());
        // Excel writes month headers as dates; a header row of whole-number serials is months too.
        plan.columnPeriods.append(parsePeriod(cell, cell.kind == Cell::Kind::Number && cell.number > 20000));
        if (plan.columnPeriods.last())
            ++periodColumns;
    }
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
    plan.layout = wide ? Layout::Wide : Layout::Long;
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
    return true;
}

std::optional<ImportPlan> detectPlan(Reader &reader, const QString &fileName, QString *error)
{
    const QList<SheetInfo> sheets = reader.sheets();
    if (sheets.isEmpty()) {
        *error = QStringLiteral("%1: the workbook has no sheets").arg(fileName);
        return std::nullopt;
    }
    // One of the report's own tables, exported and moved on a quarter, is that table for its quarter.
    for (int s = 0; s < sheets.size(); ++s) {
        QString why;
        if (const auto table = reporttableimport::recognise(reader, s, fileName, &why)) {
            ImportPlan plan = reporttableimport::planFor(*table, sheets.at(s).name);
            plan.sheetIndex = s;
            return plan;
        }
        if (!why.isEmpty()) {
            *error = why;
            return std::nullopt;
        }
    }
    // The first visible sheet with a usable header wins; hidden sheets are only a fall-back.
    int bestSheet = -1;
    qint64 bestRow = 0;
    int bestScore = 0;
    for (int pass = 0; pass < 2 && bestSheet < 0; ++pass) {
        for (int s = 0; s < sheets.size(); ++s) {
            if (sheets.at(s).hidden != (pass == 1))
                continue;
            qint64 headerRow = 0;
            int headerScoreSeen = 0;
            QString readError;
            reader.readRows(s,
                            [&](qint64 row, const QList<Cell> &cells) {
                                const int score = headerScore(cells);
                                // The header is the first row with the most labels among the top rows.
                                if (score >= 3 && score > headerScoreSeen) {
                                    headerScoreSeen = score;
                                    headerRow = row;
                                }
                                return row < 30;
                            },
                            &readError);
            if (headerRow > 0 && headerScoreSeen > bestScore) {
                bestSheet = s;
                bestRow = headerRow;
                bestScore = headerScoreSeen;
            }
            if (bestSheet >= 0)
                break;
        }
    }
    if (bestSheet < 0) {
        *error = QStringLiteral("%1: no header row found (a row of at least three column names within the "
                                "first 30 rows of a sheet)").arg(fileName);
        return std::nullopt;
    }
    ImportPlan plan;
    plan.sheetIndex = bestSheet;
    plan.headerRow = bestRow;
    if (!describeHeader(reader, plan, error))
        return std::nullopt;
    // A report table's title states its quarter, or else the file's name may ("revenue Q2 2017-18.xlsx").
    if (plan.layout == Layout::ReportTable && plan.fixedPeriodCode.isEmpty()) {
        if (const auto quarter = statedQuarter({QFileInfo(fileName).completeBaseName()}))
            plan.fixedPeriodCode = quarter->code();
    }
    return plan;
}

} // namespace oversight::import
