#include "importchoices.h"

#include "areamatcher.h"
#include "catalog.h"
#include "period.h"
#include "reporttablelayout.h"
#include "returnlayout.h"

#include <algorithm>

namespace oversight::import {

namespace {

// How the command line names each choice: the plan says "(from --column)" beside what it chose.
constexpr auto sheetFlag = "--sheet";
constexpr auto headerRowFlag = "--header-row";
constexpr auto layoutFlag = "--layout";
constexpr auto columnFlag = "--column";
constexpr auto measureFlag = "--measure";
constexpr auto areaFlag = "--area";
constexpr auto periodFlag = "--period";
constexpr auto pivotFlag = "--two-digit-years";
constexpr auto skipRowFlag = "--skip-row";
constexpr auto confirmUnitFlag = "--confirm-unit";

// Names as officers type them: case, spaces and the separators between words do not matter.
QString folded(const QString &text)
{
    QString key = text.simplified().toLower();
    key.replace(QLatin1Char('-'), QLatin1Char('_')).replace(QLatin1Char(' '), QLatin1Char('_'));
    return key;
}

QString quotedList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &item : items)
        quoted.append(QStringLiteral("'%1'").arg(item));
    return quoted.join(QStringLiteral(", "));
}

// The choosable layouts by the name the command line takes: a report table is "report"; the
// report's own tables are recognised by their header, never chosen.
QString choiceName(Layout layout)
{
    return layout == Layout::ReportTable ? QStringLiteral("report") : layoutName(layout);
}

std::optional<Layout> layoutFromChoice(const QString &text)
{
    const QString key = folded(text);
    for (const Layout layout : layouts()) {
        if (layout != Layout::OversightTable && (key == choiceName(layout) || key == layoutName(layout)))
            return layout;
    }
    return std::nullopt;
}

// The words of a layout after its name ("Wide: one column per period" -> "one column per period").
QString layoutWords(Layout layout)
{
    const QString label = layoutLabel(layout);
    const qsizetype colon = label.indexOf(QStringLiteral(": "));
    return colon < 0 ? label : label.mid(colon + 2);
}

std::optional<ColumnRole> roleFromChoice(const QString &text)
{
    const QString key = folded(text);
    for (const ColumnRole role : columnRoles()) {
        if (key == roleName(role) || key == folded(roleLabel(role)))
            return role;
    }
    return std::nullopt;
}

QString roleList()
{
    QStringList roles;
    for (const ColumnRole role : columnRoles())
        roles.append(QStringLiteral("%1: %2").arg(roleName(role), roleLabel(role)));
    return roles.join(QStringLiteral("; "));
}

// Edit distance between two folded names: how the nearest measures and areas are found for a name
// that is in the catalogue under none of its spellings.
int distance(const QString &a, const QString &b)
{
    QList<int> previous(b.size() + 1);
    QList<int> current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j)
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a.at(i - 1) == b.at(j - 1) ? 0 : 1)});
        std::swap(previous, current);
    }
    return previous[b.size()];
}

// The few names nearest to what was typed ("Name (key)"): those that contain it first, then by
// edit distance.
QStringList nearest(const QString &typed, const QList<std::pair<QString, QString>> &namesAndKeys)
{
    const QString key = folded(typed);
    struct Candidate {
        int score;
        QString text;
    };
    QList<Candidate> candidates;
    for (const auto &[name, code] : namesAndKeys) {
        const QString folded_name = folded(name);
        // A misspelt word of a longer name ("Burglery" for "Total burglary") is near that name.
        int score = distance(key, folded_name);
        for (const QString &word : folded_name.split(QLatin1Char('_'), Qt::SkipEmptyParts))
            score = std::min(score, distance(key, word));
        if (folded_name.contains(key) || folded(code).contains(key))
            score = -1;
        candidates.append({score, QStringLiteral("%1 (%2)").arg(name, code)});
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) { return a.score < b.score; });
    QStringList out;
    for (qsizetype i = 0; i < candidates.size() && out.size() < 3; ++i)
        out.append(candidates.at(i).text);
    return out;
}

// The roles that give a row its area.
const QList<ColumnRole> areaRoles = {ColumnRole::Area,     ColumnRole::AreaCode,      ColumnRole::Ward,
                                    ColumnRole::WardCode, ColumnRole::SmallAreaCode, ColumnRole::SmallArea};

// Drops detection's notes that a choice has made untrue ("no area column: the whole file is taken as
// the force's own area" once a column or --area gives the area).
void dropNotes(ImportPlan &plan, const QString &startingWith)
{
    plan.notes.erase(std::remove_if(plan.notes.begin(), plan.notes.end(),
                                    [&](const QString &note) { return note.startsWith(startingWith); }),
                     plan.notes.end());
}

// The columns the plan reads a role from, as "column B 'Borough'".
QStringList columnsWith(const ImportPlan &plan, const QList<ColumnRole> &roles)
{
    QStringList columns;
    for (qsizetype c = 0; c < plan.roles.size(); ++c) {
        if (roles.contains(plan.roles.at(c)))
            columns.append(QStringLiteral("column %1 '%2'").arg(columnName(int(c)), plan.headers.value(c)));
    }
    return columns;
}

// The header of the first such column, for the "--column \"HEADER=ignore\"" a refusal suggests.
QString firstHeaderWith(const ImportPlan &plan, const QList<ColumnRole> &roles)
{
    for (qsizetype c = 0; c < plan.roles.size(); ++c) {
        if (roles.contains(plan.roles.at(c)))
            return plan.headers.value(c);
    }
    return {};
}

qint64 rowCount(Reader &reader, int sheetIndex)
{
    qint64 last = 0;
    QString ignored;
    reader.readRows(sheetIndex,
                    [&](qint64 row, const QList<Cell> &) {
                        last = row;
                        return true;
                    },
                    &ignored);
    return last;
}

// The sheet given by its name (as written, then as typed) or 1-based number; -1 with a message
// listing the workbook's sheets where it has none such.
int sheetNamed(Reader &reader, const QString &given, const QString &fileName, QString *error)
{
    const QList<SheetInfo> sheets = reader.sheets();
    int index = -1;
    // A sheet's name first (a sheet may be named "2"), as written, then as typed; then its number.
    for (int s = 0; s < sheets.size() && index < 0; ++s) {
        if (sheets.at(s).name == given)
            index = s;
    }
    for (int s = 0; s < sheets.size() && index < 0; ++s) {
        if (folded(sheets.at(s).name) == folded(given))
            index = s;
    }
    bool isNumber = false;
    const int number = given.trimmed().toInt(&isNumber);
    if (index < 0 && isNumber && number >= 1 && number <= sheets.size())
        index = number - 1;
    if (index < 0) {
        QStringList names;
        for (int s = 0; s < sheets.size(); ++s)
            names.append(QStringLiteral("%1 '%2'%3").arg(s + 1).arg(sheets.at(s).name, sheets.at(s).hidden ? QStringLiteral(" (hidden)") : QString()));
        *error = QStringLiteral("%1 '%2': %3 has no such sheet; give the name or number of one of its sheets, or %4: %5")
                     .arg(QLatin1String(sheetFlag), given, fileName, allSheetsChoice(), names.join(QStringLiteral(", ")));
    }
    return index;
}

bool chooseSheetAndHeader(Reader &reader, const QString &fileName, ImportPlan &plan, const PlanChoices &choices, QString *error)
{
    const QList<SheetInfo> sheets = reader.sheets();
    if (!choices.sheets.isEmpty()) {
        const QString &given = choices.sheets.first();
        const int index = sheetNamed(reader, given, fileName, error);
        if (index < 0)
            return false;
        plan.chosenBy.sheet = QLatin1String(sheetFlag);
        if (index != plan.sheetIndex) {
            plan.sheetIndex = index;
            plan.sheetName = sheets.at(index).name;
            // Another sheet has its own header: found as detection finds it, unless the officer says.
            if (choices.headerRow <= 0) {
                const qint64 proposed = proposeHeaderRow(reader, index);
                if (proposed <= 0) {
                    *error = QStringLiteral("%1 '%2': sheet '%3' of %4 has no header row Oversight can find (a row of at least three "
                                            "column names within its first 30 rows); give it with %5")
                                 .arg(QLatin1String(sheetFlag), given, plan.sheetName, fileName, QLatin1String(headerRowFlag));
                    return false;
                }
                plan.notes.removeAll(rowsAboveHeaderNote(plan.headerRow));
                plan.headerRow = proposed;
            }
        }
    }
    const bool sheetChanged = !plan.chosenBy.sheet.isEmpty();
    if (choices.headerRow > 0) {
        plan.notes.removeAll(rowsAboveHeaderNote(plan.headerRow));
        plan.headerRow = choices.headerRow;
        plan.chosenBy.headerRow = QLatin1String(headerRowFlag);
    }
    if (!sheetChanged && choices.headerRow <= 0)
        return true;
    QString why;
    if (!describeHeader(reader, plan, &why)) {
        if (why.contains(QLatin1String("beyond the end"))) {
            *error = QStringLiteral("%1 %2: sheet '%3' of %4 has %5 rows")
                         .arg(QLatin1String(headerRowFlag))
                         .arg(plan.headerRow)
                         .arg(plan.sheetName, fileName)
                         .arg(rowCount(reader, plan.sheetIndex));
        } else {
            *error = why;
        }
        return false;
    }
    // The rows above the header are left out, and the plan says so, as detection's does.
    const QString above = rowsAboveHeaderNote(plan.headerRow);
    if (plan.headerRow > 1 && plan.layout != Layout::ReportTable && !plan.notes.contains(above))
        plan.notes.append(above);
    quarterFromFileName(plan, fileName);
    return true;
}

QString layoutRefusal(const QString &text)
{
    QStringList valid;
    for (const Layout layout : layouts()) {
        if (layout != Layout::OversightTable)
            valid.append(QStringLiteral("%1 (%2)").arg(choiceName(layout), layoutWords(layout)));
    }
    return QStringLiteral("%1 '%2' is not a layout; give one of: %3").arg(QLatin1String(layoutFlag), text, valid.join(QStringLiteral(", ")));
}

QString columnGiven(const QString &header, const QString &role)
{
    return QStringLiteral("%1 \"%2=%3\"").arg(QLatin1String(columnFlag), header, role);
}

QString roleRefusal(const QString &header, const QString &role)
{
    return QStringLiteral("%1: '%2' is not a column role; give one of: %3").arg(columnGiven(header, role), role, roleList());
}

QString periodRefusal(const QString &text)
{
    return QStringLiteral("%1 '%2' is not a period (e.g. \"Q2 2017/18\", 2017/18, \"June 2017\")").arg(QLatin1String(periodFlag), text);
}

bool chooseLayout(Reader &reader, ImportPlan &plan, const QString &text, QString *error)
{
    const auto chosen = layoutFromChoice(text);
    if (!chosen) {
        *error = layoutRefusal(text);
        return false;
    }
    plan.chosenBy.layout = QLatin1String(layoutFlag);
    if (*chosen == plan.layout)
        return true;
    // Wide files and report tables read their header's periods, which a long plan does not keep;
    // long files and records read none from it.
    if (*chosen == Layout::Wide || *chosen == Layout::ReportTable) {
        const auto periods = headerPeriods(reader, plan, error);
        if (!periods)
            return false;
        plan.columnPeriods = *periods;
        for (qsizetype c = 0; c < plan.roles.size() && c < plan.columnPeriods.size(); ++c) {
            if (plan.columnPeriods.at(c) && plan.roles.at(c) == ColumnRole::Ignore && *chosen == Layout::Wide)
                plan.roles[c] = ColumnRole::Value;
        }
    } else {
        // A period column's values were its header's period: now nothing until a role is given.
        for (qsizetype c = 0; c < plan.columnPeriods.size() && c < plan.roles.size(); ++c) {
            if (plan.columnPeriods.at(c) && plan.layout != Layout::Long && plan.roles.at(c) == ColumnRole::Value)
                plan.roles[c] = ColumnRole::Ignore;
            plan.columnPeriods[c].reset();
        }
    }
    // Records are counted under a measure named from the file; no other layout counts rows, and the
    // notes that said how they would be counted go with it.
    if (plan.layout == Layout::Records) {
        plan.recordMeasure.clear();
        dropNotes(plan, QStringLiteral("one row per record"));
    }
    // Choosing a report table proposes its roles afresh (label, sections, periods, figures, derived),
    // as the wizard's layout box does.
    if (*chosen == Layout::ReportTable && plan.layout != Layout::ReportTable)
        proposeReportTable(reader, plan, {}, {true, false});
    plan.layout = *chosen;
    return true;
}

bool chooseColumn(ImportPlan &plan, const QString &header, const QString &roleText, QString *error)
{
    const QString given = columnGiven(header, roleText);
    QList<int> matches;
    for (qsizetype c = 0; c < plan.headers.size(); ++c) {
        if (plan.headers.at(c).simplified().compare(header.simplified(), Qt::CaseInsensitive) == 0)
            matches.append(int(c));
    }
    if (matches.isEmpty()) {
        QStringList headers;
        for (const QString &h : std::as_const(plan.headers)) {
            if (!h.isEmpty())
                headers.append(h);
        }
        *error = QStringLiteral("%1: row %2 of sheet '%3' has no header '%4'; its headers are %5")
                     .arg(given)
                     .arg(plan.headerRow)
                     .arg(plan.sheetName, header, quotedList(headers));
        return false;
    }
    if (matches.size() > 1) {
        QStringList columns;
        for (const int c : std::as_const(matches))
            columns.append(columnName(c));
        *error = QStringLiteral("%1: '%2' heads columns %3 of sheet '%4', so it does not say which; rename one, or choose in the "
                                "import wizard")
                     .arg(given, header, columns.join(QStringLiteral(", ")), plan.sheetName);
        return false;
    }
    const auto role = roleFromChoice(roleText);
    if (!role) {
        *error = roleRefusal(header, roleText);
        return false;
    }
    const int c = matches.first();
    plan.roles[c] = *role;
    if (areaRoles.contains(*role))
        dropNotes(plan, QStringLiteral("no area column"));
    if (*role == ColumnRole::Measure)
        dropNotes(plan, QStringLiteral("no measure column"));
    plan.chosenBy.columns.insert(c, QLatin1String(columnFlag));
    // A period column of a wide file or report table holds values for its period; any other role
    // reads the column for what it now says, and a column no longer a value names no measure.
    if (plan.layout != Layout::Long && *role != ColumnRole::Value && c < plan.columnPeriods.size())
        plan.columnPeriods[c].reset();
    if (*role != ColumnRole::Value) {
        // Detection's note lists the value columns it read as measures; the plan's lines now say which are.
        if (!plan.columnMeasures.value(c).isEmpty()) {
            plan.columnMeasures[c].clear();
            dropNotes(plan, QStringLiteral("no measure column"));
        }
    } else if (plan.layout == Layout::Long && plan.columnOf(ColumnRole::Measure) < 0
               && std::any_of(plan.columnMeasures.cbegin(), plan.columnMeasures.cend(), [](const QString &m) { return !m.isEmpty(); })) {
        // The file's value columns are its measures: this one is the measure its header names, as theirs are.
        plan.columnMeasures.resize(plan.headers.size());
        if (plan.columnMeasures.at(c).isEmpty())
            plan.columnMeasures[c] = plan.headers.at(c).simplified();
    }
    return true;
}

bool chooseMeasure(const Store &store, ImportPlan &plan, const QString &text, QString *error)
{
    const QString given = QStringLiteral("%1 '%2'").arg(QLatin1String(measureFlag), text);
    if (plan.layout == Layout::OversightTable || plan.layout == Layout::ReportTable) {
        *error = QStringLiteral("%1: this is a report table, whose rows are its measures; --measure is for a file of one measure")
                     .arg(given);
        return false;
    }
    const QStringList measureColumns = columnsWith(plan, {ColumnRole::Measure, ColumnRole::MeasureGroup});
    if (!measureColumns.isEmpty()) {
        *error = QStringLiteral("%1: %2 names each row's measure; to give every value one measure, add %3 \"%4=ignore\"")
                     .arg(given, measureColumns.join(QStringLiteral(" and ")), QLatin1String(columnFlag),
                          firstHeaderWith(plan, {ColumnRole::Measure, ColumnRole::MeasureGroup}));
        return false;
    }
    // One measure for a long file takes one value column: any other would not be read at all.
    const QStringList valueColumns = columnsWith(plan, {ColumnRole::Value});
    if (plan.layout == Layout::Long && valueColumns.size() > 1) {
        *error = QStringLiteral("%1: %2 all hold values, and one measure takes one value column; mark the others %3 \"HEADER=ignore\"")
                     .arg(given, valueColumns.join(QStringLiteral(", ")), QLatin1String(columnFlag));
        return false;
    }
    const QList<MeasureInfo> measures = catalog::measures(store);
    const MeasureInfo *found = nullptr;
    for (const MeasureInfo &m : measures) {
        if (m.key == text.trimmed())
            found = &m;
    }
    for (qsizetype i = 0; i < measures.size() && !found; ++i) {
        if (measures.at(i).name.simplified().compare(text.simplified(), Qt::CaseInsensitive) == 0)
            found = &measures.at(i);
    }
    if (!found) {
        QList<std::pair<QString, QString>> names;
        for (const MeasureInfo &m : measures)
            names.append({m.name, m.key});
        *error = QStringLiteral("%1 is not in the catalogue by key or name (nearest: %2; 'oversight list measures' lists them all). "
                                "A new measure is made from the file's own words: leave out --measure and mark the column "
                                "that names it %3 \"HEADER=measure\", or a value column's header names it")
                     .arg(given, nearest(text, names).join(QStringLiteral(", ")), QLatin1String(columnFlag));
        return false;
    }
    plan.fixedMeasureKey = found->key;
    plan.chosenBy.measure = QLatin1String(measureFlag);
    plan.chosenBy.measureName = found->name;
    // Every value is this measure: the value columns' headers and a records file's name no longer
    // name one, and detection's note saying they did goes with them.
    plan.columnMeasures.fill(QString());
    plan.recordMeasure.clear();
    dropNotes(plan, QStringLiteral("no measure column"));
    return true;
}

bool chooseArea(const Store &store, ImportPlan &plan, const QString &text, QString *error)
{
    const QString given = QStringLiteral("%1 '%2'").arg(QLatin1String(areaFlag), text);
    if (plan.layout == Layout::OversightTable) {
        *error = QStringLiteral("%1: this file is one of the report's own tables, which know their areas").arg(given);
        return false;
    }
    const QStringList areaColumns = columnsWith(plan, areaRoles);
    if (!areaColumns.isEmpty()) {
        *error = QStringLiteral("%1: %2 gives each row's area; to read the whole file as one area, add %3 \"%4=ignore\"")
                     .arg(given, areaColumns.join(QStringLiteral(" and ")), QLatin1String(columnFlag), firstHeaderWith(plan, areaRoles));
        return false;
    }
    const QList<AreaInfo> areas = catalog::areas(store);
    const AreaInfo *found = nullptr;
    for (qsizetype i = 0; i < areas.size() && !found; ++i) {
        if (areas.at(i).code.compare(text.trimmed(), Qt::CaseInsensitive) == 0
            || areas.at(i).name.simplified().compare(text.simplified(), Qt::CaseInsensitive) == 0)
            found = &areas.at(i);
    }
    if (!found) {
        // The spellings spreadsheets use ("City of Westminster", "Kingston", "&" for "and").
        const AreaMatcher::Match match = AreaMatcher(store).match(text);
        for (qsizetype i = 0; i < areas.size() && !found && match.kind == AreaMatcher::Kind::Area; ++i) {
            if (areas.at(i).code.compare(match.code, Qt::CaseInsensitive) == 0)
                found = &areas.at(i);
        }
    }
    if (!found) {
        QList<std::pair<QString, QString>> names;
        for (const AreaInfo &a : areas) {
            if (a.kind != QLatin1String("ward"))
                names.append({a.name, a.code});
        }
        *error = QStringLiteral("%1 is not an area in the store by ONS code or name (nearest: %2)")
                     .arg(given, nearest(text, names).join(QStringLiteral(", ")));
        return false;
    }
    plan.fixedAreaCode = found->code;
    plan.chosenBy.area = QLatin1String(areaFlag);
    plan.chosenBy.areaName = found->name;
    // Detection's note that the whole file is the force's own area is what this choice replaces.
    dropNotes(plan, QStringLiteral("no area column"));
    return true;
}

bool choosePeriod(ImportPlan &plan, const QString &text, QString *error)
{
    const QString given = QStringLiteral("%1 '%2'").arg(QLatin1String(periodFlag), text);
    const auto period = Period::parse(text.trimmed());
    if (!period) {
        *error = periodRefusal(text);
        return false;
    }
    // A report table's figure columns are for one period; elsewhere the period is the whole file's,
    // which a period column or a wide file's period columns would override row by row.
    if (plan.layout != Layout::ReportTable && plan.layout != Layout::OversightTable) {
        QStringList periodColumns = columnsWith(plan, {ColumnRole::Period});
        if (plan.layout == Layout::Wide && std::any_of(plan.columnPeriods.cbegin(), plan.columnPeriods.cend(),
                                                       [](const std::optional<Period> &p) { return p.has_value(); }))
            periodColumns.append(QStringLiteral("the period columns of this wide file"));
        if (!periodColumns.isEmpty()) {
            *error = QStringLiteral("%1: %2 gives each value's period; --period is for a file that states none")
                         .arg(given, periodColumns.join(QStringLiteral(" and ")));
            return false;
        }
    }
    plan.fixedPeriodCode = period->code();
    plan.chosenBy.period = QLatin1String(periodFlag);
    return true;
}

} // namespace

// A measure the officer confirms the units of: the catalogue's key, found by key or name; a key the
// store does not hold yet is taken as given (a measure this import creates, as its warning names it).
static QString confirmedKey(const Store &store, const QString &text)
{
    const QString given = text.trimmed();
    const QList<MeasureInfo> measures = catalog::measures(store);
    for (const MeasureInfo &m : measures) {
        if (m.key == given)
            return m.key;
    }
    for (const MeasureInfo &m : measures) {
        if (m.name.simplified().compare(given.simplified(), Qt::CaseInsensitive) == 0)
            return m.key;
    }
    return given;
}

bool PlanChoices::isEmpty() const
{
    return sheets.isEmpty() && headerRow <= 0 && layout.isEmpty() && columns.isEmpty() && measure.isEmpty() && area.isEmpty()
           && period.isEmpty() && twoDigitYearPivot < 0 && skipRows.isEmpty() && confirmUnits.isEmpty();
}

bool checkChoices(const PlanChoices &choices, QString *error)
{
    if (!choices.layout.isEmpty() && !layoutFromChoice(choices.layout)) {
        *error = layoutRefusal(choices.layout);
        return false;
    }
    for (const auto &[header, role] : choices.columns) {
        if (!roleFromChoice(role)) {
            *error = roleRefusal(header, role);
            return false;
        }
    }
    if (!choices.period.isEmpty() && !Period::parse(choices.period.trimmed())) {
        *error = periodRefusal(choices.period);
        return false;
    }
    for (auto it = choices.skipRows.cbegin(); it != choices.skipRows.cend(); ++it) {
        if (it.key() < 1 || it.value().trimmed().isEmpty()) {
            *error = QStringLiteral("%1 takes a row number from 1 and the reason it is left out, \"N=REASON\" (e.g. \"41=notes "
                                    "under the table\"): the reason is kept in the batch's record")
                         .arg(QLatin1String(skipRowFlag));
            return false;
        }
    }
    for (const QString &measure : choices.confirmUnits) {
        if (measure.trimmed().isEmpty()) {
            *error = QStringLiteral("%1 takes a measure's key or name, as the import's warning names it").arg(QLatin1String(confirmUnitFlag));
            return false;
        }
    }
    if (choices.twoDigitYearPivot >= 0 && !TwoDigitYears{choices.twoDigitYearPivot}.isValid()) {
        *error = QStringLiteral("%1 takes a pivot from 0 to 100 (e.g. 50: 00–49 are 2000–2049, 50–99 are 1950–1999), not '%2'")
                     .arg(QLatin1String(pivotFlag))
                     .arg(choices.twoDigitYearPivot);
        return false;
    }
    return true;
}

QStringList layoutChoiceNames()
{
    QStringList names;
    for (const Layout layout : layouts()) {
        if (layout != Layout::OversightTable)
            names.append(choiceName(layout));
    }
    return names;
}

QString allSheetsChoice()
{
    return QStringLiteral("all");
}

bool applyChoices(Reader &reader, const Store &store, const QString &fileName, ImportPlan &plan, const PlanChoices &choices,
                  QString *error)
{
    if (!checkChoices(choices, error))
        return false;
    if (choices.sheets.size() > 1 || (choices.sheets.size() == 1 && folded(choices.sheets.first()) == allSheetsChoice())) {
        *error = QStringLiteral("%1 '%2' names several sheets, which make several plans (applySheetChoices)")
                     .arg(QLatin1String(sheetFlag), choices.sheets.join(QStringLiteral("', '")));
        return false;
    }
    // The pivot comes first: the header's periods ("FY99/00") are read by it.
    const bool pivotChanged = choices.twoDigitYearPivot >= 0 && choices.twoDigitYearPivot != plan.twoDigitYears.pivot;
    if (choices.twoDigitYearPivot >= 0) {
        plan.twoDigitYears.pivot = choices.twoDigitYearPivot;
        plan.chosenBy.twoDigitYears = QLatin1String(pivotFlag);
        dropNotes(plan, twoDigitYearNotePrefix());
    }
    if (!chooseSheetAndHeader(reader, fileName, plan, choices, error))
        return false;
    // The same sheet and header row read again by the chosen pivot, where nothing above re-read them.
    if (pivotChanged && choices.sheets.isEmpty() && choices.headerRow <= 0 && !describeHeader(reader, plan, error))
        return false;
    if (!choices.layout.isEmpty() && !chooseLayout(reader, plan, choices.layout, error))
        return false;
    for (const auto &[header, role] : choices.columns) {
        if (!chooseColumn(plan, header, role, error))
            return false;
    }
    if (!choices.measure.isEmpty() && !chooseMeasure(store, plan, choices.measure, error))
        return false;
    if (!choices.area.isEmpty() && !chooseArea(store, plan, choices.area, error))
        return false;
    if (!choices.period.isEmpty() && !choosePeriod(plan, choices.period, error))
        return false;
    for (auto it = choices.skipRows.cbegin(); it != choices.skipRows.cend(); ++it) {
        if (it.key() <= plan.headerRow) {
            *error = QStringLiteral("%1 \"%2=%3\": row %2 is at or above the header (row %4); rows above the header are never read")
                         .arg(QLatin1String(skipRowFlag))
                         .arg(it.key())
                         .arg(it.value())
                         .arg(plan.headerRow);
            return false;
        }
        plan.skipRows.insert(it.key(), it.value().trimmed());
        plan.chosenBy.skipRows = QLatin1String(skipRowFlag);
    }
    for (const QString &measure : choices.confirmUnits) {
        const QString key = confirmedKey(store, measure);
        if (!plan.confirmedUnits.contains(key))
            plan.confirmedUnits.append(key);
        plan.chosenBy.confirmedUnits = QLatin1String(confirmUnitFlag);
    }
    return true;
}

bool applySheetChoices(Reader &reader, const Store &store, const QString &fileName, QList<ImportPlan> &plans,
                       const PlanChoices &choices, QString *error)
{
    if (!checkChoices(choices, error))
        return false;
    const bool all = std::any_of(choices.sheets.cbegin(), choices.sheets.cend(),
                                 [](const QString &given) { return folded(given) == allSheetsChoice(); });
    if (all && choices.sheets.size() > 1) {
        *error = QStringLiteral("%1 %2 takes every data sheet; it goes alone, not with other sheets named")
                     .arg(QLatin1String(sheetFlag), allSheetsChoice());
        return false;
    }
    // One sheet, as ever: the plan proposed for the file with the choices made on it.
    if (!all && choices.sheets.size() <= 1 && plans.size() == 1)
        return applyChoices(reader, store, fileName, plans.first(), choices, error);

    QStringList passedOver;
    QList<int> indexes;
    if (all) {
        indexes = dataSheets(reader, &passedOver);
        if (indexes.isEmpty()) {
            *error = QStringLiteral("%1 %2: %3 has no sheet Oversight reads as data (%4)")
                         .arg(QLatin1String(sheetFlag), allSheetsChoice(), fileName, passedOver.join(QStringLiteral("; ")));
            return false;
        }
    } else if (choices.sheets.isEmpty()) {
        for (const ImportPlan &plan : std::as_const(plans))
            indexes.append(plan.sheetIndex); // a profile's several sheets
    } else {
        for (const QString &given : choices.sheets) {
            const int index = sheetNamed(reader, given, fileName, error);
            if (index < 0)
                return false;
            if (indexes.contains(index)) {
                *error = QStringLiteral("%1 '%2': sheet '%3' is named twice")
                             .arg(QLatin1String(sheetFlag), given, reader.sheets().at(index).name);
                return false;
            }
            indexes.append(index);
        }
    }
    // Each sheet's plan is the profile's for it where the profile reads it, else its own detection.
    QList<ImportPlan> chosen;
    for (const int index : std::as_const(indexes)) {
        const auto proposed = std::find_if(plans.cbegin(), plans.cend(), [&](const ImportPlan &p) { return p.sheetIndex == index; });
        if (proposed != plans.cend()) {
            chosen.append(*proposed);
            continue;
        }
        const auto detected = detectSheetPlan(reader, index, fileName, error);
        if (!detected) {
            *error = QStringLiteral("%1: %2").arg(QLatin1String(sheetFlag), *error);
            return false;
        }
        chosen.append(*detected);
    }
    // The header row, the layout and the columns are one sheet's: with several, each sheet's are
    // its own detection's (or profile's), never one sheet's choices laid over another's.
    // Said of the flags given, so the officer sees which to drop or give on a sheet's own.
    QStringList oneSheets;
    if (choices.headerRow > 0)
        oneSheets.append(QLatin1String(headerRowFlag));
    if (!choices.layout.isEmpty())
        oneSheets.append(QLatin1String(layoutFlag));
    if (!choices.columns.isEmpty())
        oneSheets.append(QLatin1String(columnFlag));
    if (!choices.skipRows.isEmpty())
        oneSheets.append(QLatin1String(skipRowFlag));
    if (chosen.size() > 1 && !oneSheets.isEmpty()) {
        QStringList names;
        for (const ImportPlan &plan : std::as_const(chosen))
            names.append(QStringLiteral("'%1'").arg(plan.sheetName));
        const QString flags = oneSheets.size() == 1 ? oneSheets.first()
                                                    : QStringLiteral("%1 and %2").arg(oneSheets.mid(0, oneSheets.size() - 1).join(QStringLiteral(", ")),
                                                                                     oneSheets.last());
        *error = QStringLiteral("%1 %2 one sheet, and %3 sheets are chosen (%4): import a sheet on its own to give %5, or save a "
                                "profile for it with --save-profile")
                     .arg(flags, oneSheets.size() == 1 ? QStringLiteral("describes") : QStringLiteral("describe"))
                     .arg(chosen.size())
                     .arg(names.join(QStringLiteral(", ")), oneSheets.size() == 1 ? QStringLiteral("it") : QStringLiteral("them"));
        return false;
    }
    // What is the whole file's (its measure, area, period, two-digit years) is each sheet's.
    PlanChoices rest = choices;
    rest.sheets.clear();
    for (ImportPlan &plan : chosen) {
        if (!applyChoices(reader, store, fileName, plan, rest, error)) {
            *error = QStringLiteral("sheet '%1': %2").arg(plan.sheetName, *error);
            return false;
        }
        if (!choices.sheets.isEmpty())
            plan.chosenBy.sheet = QLatin1String(sheetFlag);
    }
    // Why the other sheets are left out, said once (detection's plan may have said it of a cover).
    for (const QString &note : std::as_const(passedOver)) {
        if (!chosen.first().notes.contains(note))
            chosen.first().notes.append(note);
    }
    plans = chosen;
    return true;
}

} // namespace oversight::import
