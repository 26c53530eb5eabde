#include "importproblems.h"
#include "formatting.h"

#include "returnlayout.h"

#include <QHash>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace oversight::import {

namespace {

// The plan's own problems, said once here and recognised by groupProblems by the same words.
const QString noMeasure = QStringLiteral("no measure column and no measure chosen for the whole file");
const QString noPeriod = QStringLiteral("no period column and no period chosen for the whole file");
const QString noValue = QStringLiteral("no value column: say which column holds the figures");
const QString noPeriodColumns = QStringLiteral("the wide layout needs period columns (e.g. 201706 or Jun-17)");
const QString noRecordPeriod = QStringLiteral("records are counted by month: the file needs a period column");

bool hasMeasure(const ImportPlan &plan)
{
    if (plan.columnOf(ColumnRole::Measure) >= 0 || !plan.fixedMeasureKey.isEmpty() || !plan.recordMeasure.isEmpty())
        return true;
    for (qsizetype c = 0; c < plan.columnMeasures.size() && c < plan.roles.size(); ++c) {
        if (!plan.columnMeasures.at(c).trimmed().isEmpty() && plan.roles.at(c) == ColumnRole::Value)
            return true;
    }
    return false;
}

// What a message says with the words of its cell, its area or its measure set aside.
QString kindOf(const QString &message)
{
    static const QRegularExpression quoted(QStringLiteral("'[^']*'"));
    static const QRegularExpression number(QStringLiteral("-?\\d[\\d,.]*"));
    return QString(message).replace(quoted, QStringLiteral("'…'")).replace(number, QStringLiteral("#"));
}

ProblemFix fixOf(const ImportIssue &issue)
{
    if (issue.message == noMeasure)
        return ProblemFix::ChooseMeasure;
    if (issue.message == noPeriod)
        return ProblemFix::ChoosePeriod;
    if (issue.message == noValue)
        return ProblemFix::ChooseValueColumn;
    if (issue.message == noPeriodColumns || issue.message == noRecordPeriod)
        return ProblemFix::ChooseLayout;
    if (issue.message.contains(QLatin1String("of your row labels are boroughs")))
        return ProblemFix::AreaColumn;
    if (issue.message.contains(QLatin1String("do not look like")))
        return ProblemFix::ConfirmUnits;
    if (issue.message.startsWith(QLatin1String("unknown area")))
        return ProblemFix::MapArea;
    // A row in error with no other fix is left out (canSkipRows); a warning's row needs none.
    return issue.row > 0 && issue.severity == ImportIssue::Severity::Error ? ProblemFix::SkipRows : ProblemFix::None;
}

} // namespace

QList<PlanProblem> planProblems(const ImportPlan &plan)
{
    QList<PlanProblem> problems;
    // One of the report's own tables knows its measures, areas and periods.
    if (plan.layout == Layout::OversightTable)
        return problems;
    if (!hasMeasure(plan))
        problems.append({noMeasure, ProblemFix::ChooseMeasure});
    const bool periodColumn = plan.columnOf(ColumnRole::Period) >= 0;
    switch (plan.layout) {
    case Layout::Long:
        if (plan.columnOf(ColumnRole::Value) < 0)
            problems.append({noValue, ProblemFix::ChooseValueColumn});
        if (!periodColumn && plan.fixedPeriodCode.isEmpty())
            problems.append({noPeriod, ProblemFix::ChoosePeriod});
        break;
    case Layout::Wide:
        if (std::none_of(plan.columnPeriods.cbegin(), plan.columnPeriods.cend(), [](const auto &p) { return p.has_value(); }))
            problems.append({noPeriodColumns, ProblemFix::ChooseLayout});
        break;
    case Layout::Records:
        if (!periodColumn)
            problems.append({noRecordPeriod, ProblemFix::ChooseLayout});
        break;
    case Layout::ReportTable:
    case Layout::OversightTable:
        break;
    }
    return problems;
}

bool ProblemGroup::canSkipRows() const
{
    if (severity != ImportIssue::Severity::Error || fix == ProblemFix::ConfirmUnits || fix == ProblemFix::AreaColumn)
        return false;
    const QList<qint64> inRows = rows();
    return std::any_of(inRows.cbegin(), inRows.cend(), [](qint64 row) { return row > 0; });
}

QList<qint64> ProblemGroup::rows() const
{
    QList<qint64> out;
    for (const ImportIssue &issue : issues) {
        if (!out.contains(issue.row))
            out.append(issue.row);
    }
    return out;
}

QStringList ProblemGroup::texts() const
{
    QStringList out;
    for (const ImportIssue &issue : issues) {
        if (!issue.cellText.isEmpty() && !out.contains(issue.cellText))
            out.append(issue.cellText);
    }
    return out;
}

QList<ProblemGroup> groupProblems(const QList<ImportIssue> &issues)
{
    QList<ProblemGroup> groups;
    QHash<QString, qsizetype> byKind;
    for (const ImportIssue &issue : issues) {
        if (issue.severity == ImportIssue::Severity::Note)
            continue;
        const QString kind = QString::number(int(issue.severity)) + QLatin1Char('\n') + kindOf(issue.message);
        auto at = byKind.constFind(kind);
        if (at == byKind.constEnd()) {
            ProblemGroup group;
            group.severity = issue.severity;
            group.message = issue.message;
            group.fix = fixOf(issue);
            group.column = issue.column;
            at = byKind.insert(kind, groups.size());
            groups.append(group);
        }
        ProblemGroup &group = groups[at.value()];
        if (group.column != issue.column)
            group.column = -1;
        group.issues.append(issue);
    }
    // Errors stop the import: they come first; the order within each severity is the file's.
    std::stable_sort(groups.begin(), groups.end(), [](const ProblemGroup &a, const ProblemGroup &b) {
        return (a.severity == ImportIssue::Severity::Error) > (b.severity == ImportIssue::Severity::Error);
    });
    return groups;
}

void ValueShape::add(double value, qint64 row, int column)
{
    ++values;
    const bool whole = std::abs(value - std::round(value)) < 1e-9;
    const bool looksOdd = (whole && value > 100.0) || (value != 0.0 && std::abs(value) < 1.0);
    if (whole && value > 100.0)
        ++wholeAbove100;
    if (value != 0.0 && std::abs(value) < 1.0)
        ++fractionsWithin1;
    if (looksOdd && exampleRow == 0) {
        example = value;
        exampleRow = row;
        exampleColumn = column;
    }
}

QString unitMismatch(const QString &unit, const ValueShape &shape)
{
    if (shape.values == 0)
        return {};
    if (unit == QLatin1String("percent") && shape.wholeAbove100 > 0)
        return QStringLiteral("%1 of its %2 figures are whole numbers above 100 (%3 in row %4): they look like counts, not percentages")
            .arg(shape.wholeAbove100)
            .arg(shape.values)
            .arg(formatting::enGB().toString(shape.example, 'f', 0))
            .arg(shape.exampleRow);
    if (unit == QLatin1String("count") && shape.fractionsWithin1 == shape.values)
        return QStringLiteral("all of its %1 figures are fractions between 0 and 1 (%2 in row %3): they look like proportions, not counts")
            .arg(shape.values)
            .arg(shape.example)
            .arg(shape.exampleRow);
    return {};
}

void useMeasure(ImportPlan &plan, const QString &measureKey)
{
    plan.fixedMeasureKey = measureKey;
    for (QString &named : plan.columnMeasures)
        named.clear();
    // proposeReturnLayout's guess that the headers name the measures no longer stands.
    plan.notes.removeIf([](const QString &note) {
        return note.startsWith(QLatin1String("no measure column:")) || note.startsWith(QLatin1String("every figure goes into the measure"));
    });
    plan.notes.append(QStringLiteral("every figure goes into the measure %1, as the officer chose").arg(measureKey));
}

void useAsAreaColumn(ImportPlan &plan, int column)
{
    if (column < 0 || column >= plan.roles.size())
        return;
    plan.layout = Layout::Long;
    plan.reportTableId.clear();
    for (qsizetype c = 0; c < plan.roles.size(); ++c) {
        ColumnRole &role = plan.roles[c];
        if (c == column) {
            role = ColumnRole::Area;
        } else if (role == ColumnRole::Figure || role == ColumnRole::Value) {
            // Each figure column is a measure of its own, named by its header, as in a return with
            // measures as columns.
            role = ColumnRole::Value;
            while (plan.columnMeasures.size() <= c)
                plan.columnMeasures.append(QString());
            plan.columnMeasures[c] = measureNameFromHeader(plan.headers.value(c));
        } else if (role == ColumnRole::Measure || role == ColumnRole::Section || role == ColumnRole::Derived) {
            role = ColumnRole::Ignore;
        }
    }
    for (auto &period : plan.columnPeriods)
        period.reset();
    plan.notes.append(QStringLiteral("column %1 ('%2') is read as the area of each row, as the officer chose")
                          .arg(columnName(column), plan.headers.value(column)));
}

} // namespace oversight::import
