#include "reporttablelayout.h"
#include "formatting.h"

#include "areamatcher.h"
#include "seedloader.h"
#include "valueparser.h"

#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace oversight::import {

namespace {

// A report table has tens of rows; a sheet with more is a data file, whatever its header says.
constexpr qint64 maxReportRows = 200;

// "Budget To Date (£m)" -> "Budget To Date": the unit is the measure's, not part of the figure.
QString withoutUnits(const QString &header)
{
    static const QRegularExpression units(
        QStringLiteral("\\(\\s*(£\\s*m|£\\s*000s?|£|%|per cent|number|no\\.?)\\s*\\)|£\\s*m\\b|£\\s*000s?\\b|£"),
        QRegularExpression::CaseInsensitiveOption);
    return QString(header).remove(units).simplified();
}

QStringList wordsOf(const QString &text)
{
    static const QRegularExpression nonWord(QStringLiteral("[^a-z0-9%]+"));
    return text.toLower().split(nonWord, Qt::SkipEmptyParts);
}

bool hasAnyWord(const QStringList &words, std::initializer_list<const char *> wanted)
{
    for (const char *w : wanted) {
        if (words.contains(QLatin1String(w)))
            return true;
    }
    return false;
}

bool isBudgetKind(const QString &kind)
{
    return hasAnyWord(wordsOf(kind), {"budget", "budgets", "plan", "planned", "allocation", "target"});
}

bool isForecastKind(const QString &kind)
{
    return hasAnyWord(wordsOf(kind), {"forecast", "projection", "projected"});
}

bool isActualKind(const QString &kind)
{
    return hasAnyWord(wordsOf(kind), {"actual", "actuals", "outturn", "spend", "spent"});
}

// Sentence case, as breakdown groups are written ("Budget to date"); acronyms stay as written.
QString sentenceCase(const QString &text)
{
    const bool allUpper = text == text.toUpper();
    QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (QString &word : words) {
        const bool acronym = !allUpper && word.size() > 1 && word == word.toUpper() && word != word.toLower();
        if (!acronym)
            word = word.toLower();
    }
    QString out = words.join(QLatin1Char(' '));
    if (!out.isEmpty())
        out[0] = out[0].toUpper();
    return out;
}

bool isTextCell(const Cell &cell)
{
    return cell.kind == Cell::Kind::Text && !cell.text.trimmed().isEmpty()
        && parseNumber(cell).status == ParsedNumber::Status::Invalid;
}

bool isAreaRole(ColumnRole role)
{
    return role == ColumnRole::Area || role == ColumnRole::AreaCode || role == ColumnRole::Ward || role == ColumnRole::WardCode;
}

// How far a written figure may be from the exact one: half its last decimal place. Whole numbers
// of a count are exact (offences are counted, not rounded); a spreadsheet's number cell states no
// decimals, so its shortest form stands for them.
double halfLastPlace(const Cell &cell, bool wholeNumbersExact)
{
    QString text = cell.kind == Cell::Kind::Text ? cell.text : QString::number(cell.number, 'g', 15);
    static const QRegularExpression decimals(QStringLiteral("\\.(\\d+)"));
    const QRegularExpressionMatch m = decimals.match(text);
    int places = m.hasMatch() ? int(m.captured(1).size()) : 0;
    if (places > 6) // binary noise from a spreadsheet's arithmetic, not decimals anyone wrote
        places = int(decimals.match(QString::number(cell.number, 'g', 12)).captured(1).size());
    if (places == 0 && wholeNumbersExact)
        return 0.0;
    return 0.5 * std::pow(10.0, -places);
}

int placesOf(double halfPlace)
{
    return halfPlace <= 0.0 ? 0 : std::max(0, int(std::lround(-std::log10(halfPlace * 2.0))));
}

QString enGB(double value, int places)
{
    return formatting::enGB().toString(value, 'f', places);
}

struct DerivedRule {
    int column = -1;
    bool percent = false; // (later - earlier) / earlier x 100
    int later = -1;       // the later period, or the actual or forecast
    int earlier = -1;     // the earlier period, or the budget
    QString formula;
};

QList<int> figureGroupBefore(const ImportPlan &plan, int column)
{
    QList<int> group;
    for (int c = column - 1; c >= 0; --c) {
        const ColumnRole role = plan.roles.value(c);
        if (role == ColumnRole::Derived) {
            // "Budget | Actual | Variance | Variance %": the second derives from the first's columns.
            if (group.isEmpty())
                return figureGroupBefore(plan, c);
            break;
        }
        if (role == ColumnRole::Figure)
            group.prepend(c);
    }
    return group;
}

std::optional<DerivedRule> derivedRule(const ImportPlan &plan, int column)
{
    if (plan.roles.value(column) != ColumnRole::Derived)
        return std::nullopt;
    const QString header = plan.headers.value(column);
    const QStringList words = wordsOf(header);
    DerivedRule rule;
    rule.column = column;
    rule.percent = header.contains(QLatin1Char('%')) || hasAnyWord(words, {"percent", "pct"})
        || header.contains(QLatin1String("per cent"), Qt::CaseInsensitive);
    const bool variance = hasAnyWord(words, {"variance", "variation", "var"});

    QList<int> periods;
    for (int c = 0; c < plan.roles.size(); ++c) {
        if (plan.roles.at(c) == ColumnRole::Value && plan.columnPeriods.value(c))
            periods.append(c);
    }
    QString laterName;
    QString earlierName;
    if (!variance && periods.size() == 2) {
        // Change between the table's two periods: the later less the earlier.
        const bool firstIsLater = plan.columnPeriods.at(periods.at(0))->end() > plan.columnPeriods.at(periods.at(1))->end();
        rule.later = periods.at(firstIsLater ? 0 : 1);
        rule.earlier = periods.at(firstIsLater ? 1 : 0);
        laterName = plan.columnPeriods.at(rule.later)->label();
        earlierName = plan.columnPeriods.at(rule.earlier)->label();
    } else {
        // Variance within its group of figures: the forecast (else the actual) less the budget.
        QList<int> budgets, forecasts, actuals;
        for (const int c : figureGroupBefore(plan, column)) {
            const QString kind = figureKind(plan.headers.value(c));
            if (isBudgetKind(kind))
                budgets.append(c);
            else if (isForecastKind(kind))
                forecasts.append(c);
            else if (isActualKind(kind))
                actuals.append(c);
        }
        if (budgets.size() != 1)
            return std::nullopt;
        if (forecasts.size() == 1)
            rule.later = forecasts.first();
        else if (forecasts.isEmpty() && actuals.size() == 1)
            rule.later = actuals.first();
        else
            return std::nullopt;
        rule.earlier = budgets.first();
        laterName = figureKind(plan.headers.value(rule.later));
        earlierName = figureKind(plan.headers.value(rule.earlier));
    }
    rule.formula = rule.percent ? QStringLiteral("(%1 - %2) / %2 x 100").arg(laterName, earlierName)
                                : QStringLiteral("%1 - %2").arg(laterName, earlierName);
    return rule;
}

// "Total Pay", "TOTAL RUNNING EXPENSES", "Total - MPS Savings 2017/18", "OVERALL MPS & MOPAC Total".
bool soundsLikeTotal(const QString &label)
{
    const QStringList words = wordsOf(label);
    return words.contains(QLatin1String("total")) || words.contains(QLatin1String("subtotal"));
}

bool soundsLikeNet(const QString &label)
{
    return wordsOf(label).value(0) == QLatin1String("net");
}

} // namespace

QString figureKind(const QString &header)
{
    if (isDerivedHeader(header))
        return {};
    const QString stripped = withoutUnits(header);
    return stripped.isEmpty() ? QString() : sentenceCase(stripped);
}

bool isDerivedHeader(const QString &header)
{
    const QStringList words = wordsOf(header);
    return hasAnyWord(words, {"change", "changes", "variance", "variation", "difference", "diff", "var"})
        || header.contains(QLatin1String("+/-"));
}

std::optional<Period> statedQuarter(const QStringList &texts)
{
    static const QRegularExpression quarter(
        QStringLiteral("(?:^|[^a-z0-9])(?:q|qtr|quarter)[\\s_-]*([1-4])[\\s_,-]+(?:of\\s+)?(?:fy\\s*)?(\\d{4}|\\d{2})"
                       "\\s*[/_-]\\s*(\\d{2}|\\d{4})(?!\\d)"),
        QRegularExpression::CaseInsensitiveOption);
    std::optional<Period> found;
    for (const QString &text : texts) {
        auto it = quarter.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const auto period = Period::parse(QStringLiteral("Q%1 %2/%3").arg(m.captured(1), m.captured(2), m.captured(3)));
            if (!period)
                continue;
            if (found && *found != *period)
                return std::nullopt; // "Q1 17/18 vs Q1 16/17": which one is not for us to guess
            found = period;
        }
    }
    return found;
}

bool proposeReportTable(Reader &reader, ImportPlan &plan, const QList<bool> &keptRoles, ReportTableProposal options)
{
    const int columns = int(plan.headers.size());
    // A plan read as long has dropped its header periods; a report table needs them back.
    QList<std::optional<Period>> periods = plan.columnPeriods;
    periods.resize(columns);
    for (int c = 0; c < columns; ++c) {
        if (!periods.at(c))
            periods[c] = parsePeriod(plan.headers.at(c));
    }
    bool areaColumn = false;
    bool reportColumns = false;
    for (int c = 0; c < columns; ++c) {
        areaColumn = areaColumn || isAreaRole(plan.roles.value(c));
        const auto &period = periods.at(c);
        const QString &header = plan.headers.at(c);
        const bool namesFigure = !isDerivedHeader(header) && (isBudgetKind(header) || isForecastKind(header) || isActualKind(header));
        reportColumns = reportColumns || (period && period->kind() != Period::Kind::Month) || namesFigure;
    }
    if (!options.force && (areaColumn || !reportColumns))
        return false;

    // A look at the rows: which columns hold text (labels) and which numbers, and the title rows.
    QStringList titles;
    QList<int> numbers(columns, 0);
    QList<int> texts(columns, 0);
    qint64 dataRows = 0;
    QString ignored;
    reader.readRows(plan.sheetIndex,
                    [&](qint64 row, const QList<Cell> &cells) {
                        if (row < plan.headerRow) {
                            for (const Cell &cell : cells) {
                                if (!cell.isEmpty())
                                    titles.append(cellText(cell));
                            }
                            return true;
                        }
                        if (row == plan.headerRow)
                            return true;
                        bool any = false;
                        for (int c = 0; c < columns && c < cells.size(); ++c) {
                            if (parseNumber(cells.at(c)).status == ParsedNumber::Status::Value)
                                ++numbers[c];
                            else if (isTextCell(cells.at(c)))
                                ++texts[c];
                            any = any || !cells.at(c).isEmpty();
                        }
                        dataRows += any ? 1 : 0;
                        return dataRows <= maxReportRows;
                    },
                    &ignored);
    if (!options.force && dataRows > maxReportRows)
        return false;

    QList<ColumnRole> roles(columns, ColumnRole::Ignore);
    QList<int> labels;
    int firstValue = columns;
    for (int c = 0; c < columns; ++c) {
        const QString &header = plan.headers.at(c);
        const bool textData = texts.at(c) > numbers.at(c);
        if (textData)
            labels.append(c);
        else if (numbers.at(c) == 0 && header.isEmpty())
            continue;
        else if (isDerivedHeader(header))
            roles[c] = ColumnRole::Derived;
        else if (periods.at(c))
            roles[c] = ColumnRole::Value;
        else if (!figureKind(header).isEmpty())
            roles[c] = ColumnRole::Figure;
        if (roles.at(c) == ColumnRole::Value || roles.at(c) == ColumnRole::Figure)
            firstValue = std::min(firstValue, c);
    }
    // The label is the column its header calls the category, else the last text column before
    // the figures; an earlier text column is the rows' section ("Police and Crime Plan Area").
    int label = -1;
    for (const int c : labels) {
        if (plan.roles.value(c) == ColumnRole::Measure) {
            label = c;
            break;
        }
    }
    if (label < 0) {
        for (const int c : labels) {
            if (c < firstValue)
                label = c;
        }
    }
    if (label < 0 && !labels.isEmpty())
        label = labels.first();
    if (label >= 0)
        roles[label] = ColumnRole::Measure;
    for (const int c : labels) {
        if (c != label && c < firstValue && !roles.contains(ColumnRole::Section))
            roles[c] = ColumnRole::Section;
    }
    if (!options.force && (label < 0 || firstValue == columns))
        return false;

    for (int c = 0; c < columns; ++c) {
        if (keptRoles.value(c) && c < plan.roles.size())
            roles[c] = plan.roles.at(c);
        // A label headed with its quarter ("Q1 17/18") is not a period column.
        if (roles.at(c) != ColumnRole::Value)
            periods[c].reset();
    }
    plan.roles = roles;
    plan.columnPeriods = periods;

    // The quarter the figure columns are for: the title rows or a header (the label's "Q1 17/18").
    QStringList statements = titles;
    for (int c = 0; c < columns; ++c) {
        if (roles.at(c) != ColumnRole::Value)
            statements.append(plan.headers.at(c));
    }
    if (const auto quarter = statedQuarter(statements))
        plan.fixedPeriodCode = quarter->code();

    if (!options.keepUnitAndTheme) {
        QString valueHeaders;
        for (int c = 0; c < columns; ++c) {
            if (roles.at(c) == ColumnRole::Value || roles.at(c) == ColumnRole::Figure)
                valueHeaders += plan.headers.at(c) + QLatin1Char('\n');
        }
        const QString money = titles.join(QLatin1Char('\n')) + QLatin1Char('\n') + valueHeaders;
        static const QRegularExpression millions(QStringLiteral("£\\s*(m\\b|million|bn\\b)"), QRegularExpression::CaseInsensitiveOption);
        if (millions.match(money).hasMatch())
            plan.newMeasureUnit = QStringLiteral("gbp_m");
        else if (money.contains(QChar(0x00A3)))
            plan.newMeasureUnit = QStringLiteral("gbp");
        else if (valueHeaders.contains(QLatin1Char('%')))
            plan.newMeasureUnit = QStringLiteral("percent");
        else
            plan.newMeasureUnit = QStringLiteral("count");
        const QString finance = QStringLiteral("Finance");
        if (plan.newMeasureUnit.startsWith(QLatin1String("gbp")) && SeedLoader::themes().contains(finance))
            plan.newMeasureTheme = finance;
    }
    plan.layout = Layout::ReportTable;
    return true;
}

QString derivedFormula(const ImportPlan &plan, int column)
{
    const auto rule = derivedRule(plan, column);
    return rule ? rule->formula : QString();
}

struct ReportTableRows::Private {
    const ImportPlan &plan;
    IssueSink issue;
    KnownMeasure known;
    QList<int> values;
    QList<DerivedRule> rules;
    int labelColumn = -1;
    int sectionColumn = -1;
    bool areaRows = false; // rows are areas: their totals ("London") are the importer's to check
    bool wholeNumbersExact = false;
    QString section;

    // The lines and totals since the table began, with totals standing for the rows they add up.
    struct Item {
        QList<double> value; // per value column; NaN where the cell is empty
        QList<double> half;  // half the last decimal place written
        bool line = true;
    };
    QList<Item> items;

    Private(const ImportPlan &p, IssueSink i, KnownMeasure k) : plan(p), issue(std::move(i)), known(std::move(k)) {}

    Item itemOf(const QList<Cell> &cells) const
    {
        Item item;
        for (const int c : values) {
            const Cell cell = cells.value(c);
            const ParsedNumber n = parseNumber(cell);
            const bool has = n.status == ParsedNumber::Status::Value;
            item.value.append(has ? n.value : std::numeric_limits<double>::quiet_NaN());
            item.half.append(has ? halfLastPlace(cell, wholeNumbersExact) : 0.0);
        }
        return item;
    }

    // How many of the last items add up to the total in every column it fills; 0 when none do.
    qsizetype matchingSpan(const Item &total) const
    {
        qsizetype best = 0;
        for (qsizetype k = 1; k <= items.size(); ++k) {
            if (agrees(total, k, nullptr))
                best = k;
        }
        return best;
    }

    bool agrees(const Item &total, qsizetype span, QList<double> *sums) const
    {
        bool all = true;
        for (qsizetype j = 0; j < total.value.size(); ++j) {
            double sum = 0.0;
            double slack = total.half.at(j);
            for (qsizetype i = items.size() - span; i < items.size(); ++i) {
                if (!std::isnan(items.at(i).value.at(j))) {
                    sum += items.at(i).value.at(j);
                    slack += items.at(i).half.at(j);
                }
            }
            if (sums)
                sums->append(sum);
            if (!std::isnan(total.value.at(j)) && std::abs(sum - total.value.at(j)) > slack + 1e-9 * std::max(1.0, std::abs(sum)))
                all = false;
        }
        return all;
    }

    void checkTotal(qint64 rowNumber, const QList<Cell> &cells, const QString &label, const Item &total, qsizetype span)
    {
        Item absorbed = total;
        absorbed.line = false;
        if (span == 0) {
            // Disagrees: compare with the lines since the last total (else everything above).
            qsizetype lines = 0;
            while (lines < items.size() && items.at(items.size() - 1 - lines).line)
                ++lines;
            span = lines > 0 ? lines : items.size();
            QList<double> sums;
            agrees(total, span, &sums);
            for (qsizetype j = 0; j < total.value.size(); ++j) {
                double slack = total.half.at(j);
                for (qsizetype i = items.size() - span; i < items.size(); ++i)
                    slack += std::isnan(items.at(i).value.at(j)) ? 0.0 : items.at(i).half.at(j);
                if (std::isnan(total.value.at(j)) || std::abs(sums.at(j) - total.value.at(j)) <= slack + 1e-9 * std::max(1.0, std::abs(sums.at(j))))
                    continue;
                // Totals further down are checked against the lines, not against this one's mistake.
                absorbed.value[j] = sums.at(j);
                absorbed.half[j] = slack - total.half.at(j);
                const int column = values.at(j);
                const int places = placesOf(total.half.at(j));
                issue(ImportIssue::Severity::Warning, rowNumber, column, cellText(cells.value(column)),
                      QStringLiteral("the '%1' row says %2 but the rows above add up to %3; the total is not stored")
                          .arg(label, enGB(total.value.at(j), places), enGB(sums.at(j), places)));
            }
        }
        items.remove(items.size() - span, span);
        items.append(absorbed);
    }

    // A total is checked against the rows above as it is read; a line joins them.
    Kind lineOrTotal(qint64 rowNumber, const QList<Cell> &cells, const QString &label, const QString &rowSection)
    {
        const Item item = itemOf(cells);
        if (AreaMatcher::isTotalName(label) || (soundsLikeTotal(label) && !known(label, rowSection))) {
            checkTotal(rowNumber, cells, label, item, matchingSpan(item));
            return Kind::Total;
        }
        // "Net expenditure" is a total where it is the sum of the rows above, a line otherwise.
        if (soundsLikeNet(label) && !known(label, rowSection)) {
            if (const qsizetype span = matchingSpan(item); span > 0) {
                checkTotal(rowNumber, cells, label, item, span);
                return Kind::Total;
            }
        }
        items.append(item);
        return Kind::Line;
    }

    void checkDerived(qint64 rowNumber, const QList<Cell> &cells)
    {
        for (const DerivedRule &rule : std::as_const(rules)) {
            const Cell stated = cells.value(rule.column);
            const ParsedNumber said = parseNumber(stated);
            if (said.status == ParsedNumber::Status::Missing)
                continue;
            if (said.status == ParsedNumber::Status::Invalid) {
                issue(ImportIssue::Severity::Warning, rowNumber, rule.column, cellText(stated),
                      QStringLiteral("not a number; '%1' is derived, so it is checked, not stored").arg(plan.headers.value(rule.column)));
                continue;
            }
            const Cell laterCell = cells.value(rule.later);
            const Cell earlierCell = cells.value(rule.earlier);
            const ParsedNumber later = parseNumber(laterCell);
            const ParsedNumber earlier = parseNumber(earlierCell);
            if (later.status != ParsedNumber::Status::Value || earlier.status != ParsedNumber::Status::Value)
                continue;
            const double hl = halfLastPlace(laterCell, wholeNumbersExact);
            const double he = halfLastPlace(earlierCell, wholeNumbersExact);
            const double hs = halfLastPlace(stated, wholeNumbersExact && !rule.percent);
            double computed = later.value - earlier.value;
            double low = computed - hl - he;
            double high = computed + hl + he;
            if (rule.percent) {
                if (earlier.value == 0.0 || std::abs(earlier.value) <= he)
                    continue; // a change from nothing has no percentage
                computed = computed / earlier.value * 100.0;
                // The written operands stand for any figure within half a place of them.
                low = std::numeric_limits<double>::max();
                high = std::numeric_limits<double>::lowest();
                for (const double l : {later.value - hl, later.value + hl}) {
                    for (const double e : {earlier.value - he, earlier.value + he}) {
                        const double p = (l - e) / e * 100.0;
                        low = std::min(low, p);
                        high = std::max(high, p);
                    }
                }
            }
            const double epsilon = 1e-9 * std::max(1.0, std::abs(computed));
            if (said.value >= low - hs - epsilon && said.value <= high + hs + epsilon)
                continue;
            issue(ImportIssue::Severity::Warning, rowNumber, rule.column, cellText(stated),
                  QStringLiteral("'%1' says %2 but %3 is %4; derived figures are checked, not stored")
                      .arg(plan.headers.value(rule.column), enGB(said.value, placesOf(hs)), rule.formula,
                           enGB(computed, placesOf(hs))));
        }
    }
};

ReportTableRows::ReportTableRows(const ImportPlan &plan, IssueSink issue, KnownMeasure known)
    : d(std::make_unique<Private>(plan, std::move(issue), std::move(known)))
{
    for (int c = 0; c < plan.roles.size(); ++c) {
        const ColumnRole role = plan.roles.at(c);
        if ((role == ColumnRole::Value && plan.columnPeriods.value(c)) || role == ColumnRole::Figure)
            d->values.append(c);
        if (const auto rule = derivedRule(plan, c))
            d->rules.append(*rule);
        d->areaRows = d->areaRows || isAreaRole(role);
    }
    d->labelColumn = plan.columnOf(ColumnRole::Measure);
    if (d->labelColumn < 0)
        d->labelColumn = plan.columnOf(ColumnRole::Area);
    d->sectionColumn = plan.columnOf(ColumnRole::Section);
    d->wholeNumbersExact = plan.newMeasureUnit == QLatin1String("count");
}

ReportTableRows::~ReportTableRows() = default;

const QList<int> &ReportTableRows::valueColumns() const
{
    return d->values;
}

ReportTableRows::Row ReportTableRows::read(qint64 rowNumber, const QList<Cell> &cells)
{
    Row row;
    const QString sectionText = d->sectionColumn >= 0 ? cellText(cells.value(d->sectionColumn)).simplified() : QString();
    if (!sectionText.isEmpty())
        d->section = sectionText;
    row.label = d->labelColumn >= 0 ? cellText(cells.value(d->labelColumn)).simplified() : QString();

    bool hasFigures = false;
    for (int c = 0; c < d->plan.roles.size() && !hasFigures; ++c) {
        const ColumnRole role = d->plan.roles.at(c);
        if ((role == ColumnRole::Value || role == ColumnRole::Figure || role == ColumnRole::Derived) && !cells.value(c).isEmpty())
            hasFigures = true;
    }
    if (!hasFigures) {
        // A heading names the section of the rows below it; a note or a source line is skipped.
        if (d->sectionColumn < 0 && !row.label.isEmpty())
            d->section = row.label;
        return row;
    }
    // The report puts its grand total's label in the section column ("Total Capital Expenditure").
    if (row.label.isEmpty() && !sectionText.isEmpty() && soundsLikeTotal(sectionText))
        row.label = sectionText;
    row.section = d->section;
    if (row.label.isEmpty()) {
        d->issue(ImportIssue::Severity::Error, rowNumber, std::max(0, d->labelColumn), QString(),
                 QStringLiteral("a row of figures with no category: name it, or clear its figures"));
        return row;
    }
    row.kind = d->areaRows ? Kind::Line : d->lineOrTotal(rowNumber, cells, row.label, row.section);
    d->checkDerived(rowNumber, cells);
    return row;
}

} // namespace oversight::import
