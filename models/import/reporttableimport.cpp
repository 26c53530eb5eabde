#include "reporttableimport.h"
#include "formatting.h"

#include "areamatcher.h"
#include "catalog.h"
#include "reportspec.h"
#include "reporttable.h"
#include "reporttablelayout.h"
#include "valueparser.h"

#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <cmath>

namespace oversight::import::reporttableimport {

namespace {

const QString kQuarter = QStringLiteral("Q[1-4] \\d{2}(?:\\d{2})?/\\d{2}");
const QString kYear = QStringLiteral("\\d{2}(?:\\d{2})?/\\d{2}");
const QString kMonthYear = QStringLiteral("[A-Za-z]+ \\d{2}(?:\\d{2})?");
const QString kRange = QStringLiteral("[A-Za-z]+ \\d{4} - [A-Za-z]+ \\d{4}");

// Each table's header row as its builder (models/reporttable.cpp) writes it, with the quarter,
// year and month labels that move on each quarter left open. The three business-group tables share
// one header: their title or file name says which a file is.
struct Signature {
    QStringList tableIds;
    QStringList columns;        // anchored, case-insensitive patterns
    bool trailingYears = false; // the reserves: any number of financial-year columns
};

QList<Signature> otherSignatures();

const QList<Signature> &signatures()
{
    static const QList<Signature> list = [] {
        QList<Signature> out = otherSignatures();
        // The finance line tables' headers from their one description; tables sharing a header share
        // a signature.
        for (const reportspec::LineTable &t : reportspec::lineTables()) {
            QStringList columns;
            for (const reportspec::Column &c : t.text + t.figures)
                columns.append(reportspec::headerPattern(c));
            bool shared = false;
            for (Signature &s : out) {
                if (s.columns == columns) {
                    s.tableIds.append(t.id);
                    shared = true;
                }
            }
            if (!shared)
                out.append({{t.id}, columns});
        }
        return out;
    }();
    return list;
}

QList<Signature> otherSignatures()
{
    return {
        {{QStringLiteral("recorded-crime-12m")},
         {QStringLiteral("Crime Category"), QStringLiteral("Police and Crime Plan Area"), kRange, kRange,
          QStringLiteral("Change"), QStringLiteral("% Change")}},
        {{QStringLiteral("local-priorities")},
         {QStringLiteral("Borough"), QStringLiteral("Priority 1 % change ") + kQuarter + QStringLiteral(" vs ") + kQuarter,
          QStringLiteral("Priority 2 % change ") + kQuarter + QStringLiteral(" vs ") + kQuarter, QStringLiteral("Chosen Priorities")}},
        {{QStringLiteral("satisfaction-gaps")},
         {QStringLiteral("Group"), QStringLiteral("Category"), QStringLiteral("Overall Satisfaction"), QStringLiteral("Good job"),
          QStringLiteral("Informed local"), QStringLiteral("Listen to concerns"), QStringLiteral("Fair treatment"),
          QStringLiteral("Dealing issues")}},
        {{QStringLiteral("dwo")},
         {QStringLiteral("Month"), kMonthYear + QStringLiteral(" Target DWOs"), QStringLiteral("Current DWOs at ") + kMonthYear,
          QStringLiteral("Diff")}},
        {{QStringLiteral("reserves")}, {QStringLiteral("Planned & Actual Position \\(£m\\)"), kYear}, true},
        {{QStringLiteral("lcpf")}, {QStringLiteral("Boroughs"), QStringLiteral("Total Allocation ") + kYear}},
        {{QStringLiteral("workforce")}, {QStringLiteral("Workforce"), QStringLiteral("As at end of ") + kQuarter}},
        {{QStringLiteral("milestones")},
         {QStringLiteral("Milestone"), QStringLiteral("Quarter"), QStringLiteral("Programme"), QStringLiteral("Status"),
          QStringLiteral("Status from"), QStringLiteral("Commentary")}},
    };
}

// The change since the previous quarter is Oversight's own calculation beside a table's figure
// (reporttables::build): it comes back with the table and is not the return's.
bool isOversightChange(const QString &header)
{
    static const QRegularExpression change(QStringLiteral("^Change since Q[1-4] \\d{2}/\\d{2}$"), QRegularExpression::CaseInsensitiveOption);
    return change.match(header.simplified()).hasMatch();
}

QStringList withoutOversightChanges(QStringList headers)
{
    headers.removeIf(isOversightChange);
    return headers;
}

bool matches(const Signature &signature, QStringList headers)
{
    headers = withoutOversightChanges(headers);
    auto cellMatches = [](const QString &pattern, const QString &text) {
        const QRegularExpression re(QLatin1Char('^') + pattern + QLatin1Char('$'), QRegularExpression::CaseInsensitiveOption);
        return re.match(text.simplified()).hasMatch();
    };
    if (signature.trailingYears) {
        if (headers.size() < 2 || !cellMatches(signature.columns.at(0), headers.at(0)))
            return false;
        for (int c = 1; c < headers.size(); ++c) {
            if (!cellMatches(signature.columns.at(1), headers.at(c)))
                return false;
        }
        return true;
    }
    if (headers.size() != signature.columns.size())
        return false;
    for (int c = 0; c < headers.size(); ++c) {
        if (!cellMatches(signature.columns.at(c), headers.at(c)))
            return false;
    }
    return true;
}

QStringList rowTexts(const QList<Cell> &cells)
{
    QStringList out;
    for (const Cell &cell : cells)
        out.append(cellText(cell).trimmed());
    while (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

// "17/18" or "2017/18" → the financial year starting in April 2017.
std::optional<Period> financialYearIn(const QString &text)
{
    static const QRegularExpression year(QStringLiteral("(?<!\\d)(\\d{2}|\\d{4})/(\\d{2})(?!\\d)"));
    const auto m = year.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    int start = m.captured(1).toInt();
    if (m.captured(1).size() == 2)
        start += 2000;
    if ((start + 1) % 100 != m.captured(2).toInt())
        return std::nullopt;
    return Period::financialYear(start);
}

// The first "Q2 17/18" in a text (a local priorities header names its quarter, then last year's).
std::optional<Period> firstQuarterIn(const QString &text)
{
    static const QRegularExpression quarter(QStringLiteral("Q([1-4]) (\\d{2}|\\d{4})/(\\d{2})"));
    const auto m = quarter.match(text);
    return m.hasMatch() ? Period::parse(m.captured()) : std::nullopt;
}

Period quarterContaining(const QDate &day)
{
    const int fy = day.month() >= 4 ? day.year() : day.year() - 1;
    return Period::quarter(fy, (day.month() + 8) % 12 / 3 + 1);
}

// "September 17", "Sep 17", "September 2017" → that month.
std::optional<Period> monthIn(const QString &text)
{
    static const QRegularExpression month(QStringLiteral("([A-Za-z]+) (\\d{2}|\\d{4})$"));
    const auto m = month.match(text.simplified());
    if (!m.hasMatch())
        return std::nullopt;
    const QString year = m.captured(2).size() == 2 ? QStringLiteral("20") + m.captured(2) : m.captured(2);
    const QLocale &english = formatting::enGB();
    for (int i = 1; i <= 12; ++i) {
        if (m.captured(1).compare(english.monthName(i), Qt::CaseInsensitive) == 0
            || m.captured(1).compare(english.monthName(i, QLocale::ShortFormat), Qt::CaseInsensitive) == 0)
            return Period::month(year.toInt(), i);
    }
    return std::nullopt;
}

// "October 2016 - September 2017" → the 12 months to September 2017.
std::optional<Period> rangeIn(const QString &text)
{
    const QStringList parts = text.split(QStringLiteral(" - "));
    if (parts.size() != 2)
        return std::nullopt;
    const auto first = monthIn(parts.at(0));
    const auto last = monthIn(parts.at(1));
    if (!first || !last)
        return std::nullopt;
    const Period r12 = Period::rolling12(last->end().year(), last->end().month());
    if (r12.start() != first->start())
        return std::nullopt;
    return r12;
}

// The period a table's header states, where its header states one.
std::optional<Period> headerPeriod(const QString &id, const QStringList &headers)
{
    if (id == QLatin1String("revenue"))
        return firstQuarterIn(headers.value(0));
    if (id == QLatin1String("workforce") || id == QLatin1String("local-priorities"))
        return firstQuarterIn(headers.value(1));
    if (id == QLatin1String("lcpf"))
        return financialYearIn(headers.value(1));
    if (id == QLatin1String("dwo")) {
        const QString current = headers.value(2).section(QStringLiteral(" at "), 1);
        if (const auto month = monthIn(current))
            return quarterContaining(month->end());
        return std::nullopt;
    }
    if (id == QLatin1String("recorded-crime-12m")) {
        if (const auto r12 = rangeIn(headers.value(3)))
            return quarterContaining(r12->end());
        return std::nullopt;
    }
    return std::nullopt;
}

QString normalisedId(const QString &text)
{
    QString out = text.toLower();
    out.replace(QLatin1Char('_'), QLatin1Char('-'));
    out.replace(QLatin1Char(' '), QLatin1Char('-'));
    return out;
}

} // namespace

std::optional<Recognition> recognise(Reader &reader, int sheetIndex, const QString &fileName, QString *why)
{
    why->clear();
    QList<QStringList> top;
    QList<qint64> numbers; // a spreadsheet reader skips blank rows: row numbers are the file's
    QString readError;
    reader.readRows(sheetIndex,
                    [&](qint64 number, const QList<Cell> &cells) {
                        top.append(rowTexts(cells));
                        numbers.append(number);
                        return number < 12;
                    },
                    &readError);
    for (int r = 0; r < top.size(); ++r) {
        const QStringList &headers = top.at(r);
        const Signature *found = nullptr;
        for (const Signature &s : signatures()) {
            if (matches(s, headers)) {
                found = &s;
                break;
            }
        }
        if (!found)
            continue;
        QStringList titles;
        for (int t = 0; t < r; ++t)
            titles.append(top.at(t).join(QLatin1Char(' ')));
        const QString baseName = QFileInfo(fileName).completeBaseName();

        Recognition out;
        out.headerRow = numbers.at(r);
        out.headers = headers;
        if (found->tableIds.size() == 1) {
            out.tableId = found->tableIds.first();
        } else {
            // Which of the tables sharing this header: the title the export writes, else the file name.
            for (const QString &id : found->tableIds) {
                const bool inTitle = titles.join(QLatin1Char('\n')).contains(reporttables::title(id), Qt::CaseInsensitive);
                const bool inName = normalisedId(baseName).contains(id);
                if (inTitle || inName) {
                    out.tableId = id;
                    break;
                }
            }
            if (out.tableId.isEmpty()) {
                QStringList names;
                for (const QString &id : found->tableIds)
                    names.append(QStringLiteral("%1 (%2)").arg(reporttables::title(id), id));
                *why = QStringLiteral("%1: the header is that of one of the report's tables %2, and neither its title "
                                      "nor its file name says which: name the file after the table (e.g. %3_Q2_2017-18.csv)")
                           .arg(fileName, names.join(QStringLiteral(", ")), found->tableIds.first());
                return std::nullopt;
            }
        }

        const auto fromHeader = headerPeriod(out.tableId, withoutOversightChanges(headers));
        const auto fromTitle = statedQuarter(titles);
        const auto fromName = statedQuarter({baseName});
        std::optional<Period> other = fromTitle ? fromTitle : fromName;
        const QString otherFrom = fromTitle ? QStringLiteral("its title") : QStringLiteral("its file name");
        if (out.tableId == QLatin1String("lcpf") && other)
            other = Period::financialYear(other->financialYearStart());
        if (fromHeader && other && *fromHeader != *other) {
            *why = QStringLiteral("%1: the header says %2 and %3 says %4: which period the table is for is not for "
                                  "Oversight to guess; correct one of them")
                       .arg(fileName, fromHeader->label(), otherFrom, other->label());
            return std::nullopt;
        }
        if (fromHeader) {
            out.period = *fromHeader;
            out.periodFrom = QStringLiteral("its header");
        } else if (other) {
            out.period = *other;
            out.periodFrom = otherFrom;
        } else {
            *why = QStringLiteral("%1: this is the report's table “%2”, but the file does not say which quarter it is for: "
                                  "name it in the file name (e.g. %3_Q2_2017-18%4) or in a title row (“position at Q2 2017/18”)")
                       .arg(fileName, reporttables::title(out.tableId), out.tableId, QLatin1Char('.') + QFileInfo(fileName).suffix());
            return std::nullopt;
        }
        return out;
    }
    return std::nullopt;
}

ImportPlan planFor(const Recognition &recognition, const QString &sheetName)
{
    ImportPlan plan;
    plan.layout = Layout::OversightTable;
    plan.sheetName = sheetName;
    plan.headerRow = recognition.headerRow;
    plan.headers = recognition.headers;
    plan.roles = QList<ColumnRole>(recognition.headers.size(), ColumnRole::Ignore);
    plan.columnPeriods.resize(recognition.headers.size());
    plan.reportTableId = recognition.tableId;
    plan.fixedPeriodCode = recognition.period.code();
    plan.reportPeriodFrom = recognition.periodFrom;
    return plan;
}

namespace {

struct TableRow {
    qint64 number = 0;
    QList<Cell> cells;
    QString text(int c) const { return c >= 0 && c < cells.size() ? cellText(cells.at(c)).trimmed() : QString(); }
};

// Writes one recognised table: rows are read whole first (a report table has tens of rows), then
// checked, then written, so that a row in error leaves nothing of the table behind.
class TableWriter {
public:
    TableWriter(QSqlDatabase db, const ImportPlan &plan, qint64 batchId, const ImportOptions &options, ImportResult &result,
                Written &written)
        : m_db(db), m_plan(plan), m_batch(batchId), m_options(options), m_result(result), m_written(written),
          m_period(*Period::parse(plan.fixedPeriodCode))
    {
    }

    bool run(const QList<TableRow> &rows, QString *fatal);

private:
    void error(const TableRow &row, int column, const QString &message)
    {
        ++m_result.errorCount;
        if (m_result.issues.size() < m_options.maxListedIssues)
            m_result.issues.append({ImportIssue::Severity::Error, m_result.fileName, m_plan.sheetName, row.number, column,
                                    row.text(column), message});
    }
    // A figure cell: a number, or empty (no figure). Text that is no number is an error.
    std::optional<QVariant> figure(const TableRow &row, int column)
    {
        if (column >= row.cells.size() || row.cells.at(column).isEmpty())
            return QVariant();
        const ParsedNumber n = parseNumber(row.cells.at(column));
        if (n.status == ParsedNumber::Status::Missing)
            return QVariant();
        if (n.status == ParsedNumber::Status::Invalid) {
            error(row, column, QStringLiteral("not a number (the column “%1” holds figures)").arg(m_plan.headers.value(column)));
            return std::nullopt;
        }
        return n.value;
    }
    // The decimals a figure was written with: the text of a CSV cell ("268", "27.0"); a spreadsheet's
    // number cell keeps none.
    int decimalsOf(const TableRow &row, int column) const
    {
        if (column >= row.cells.size() || row.cells.at(column).kind != Cell::Kind::Text)
            return -1;
        return catalog::writtenDecimals(row.cells.at(column).text.trimmed());
    }
    bool exec(QSqlQuery &q, QString *fatal)
    {
        if (q.exec())
            return true;
        *fatal = q.lastError().text();
        return false;
    }
    qint64 periodId(const Period &period, QString *fatal)
    {
        const qint64 id = catalog::periodId(m_db, period, fatal);
        if (id >= 0) {
            const QDate lastMonth(period.end().year(), period.end().month(), 1);
            if (!m_written.firstMonth.isValid() || period.start() < m_written.firstMonth)
                m_written.firstMonth = QDate(period.start().year(), period.start().month(), 1);
            if (!m_written.lastMonth.isValid() || lastMonth > m_written.lastMonth)
                m_written.lastMonth = lastMonth;
            if (!m_written.lastPeriodEnd.isValid() || period.end() > m_written.lastPeriodEnd)
                m_written.lastPeriodEnd = period.end();
        }
        return id;
    }
    // A row's kind as the store's earlier statements of the table give it for the same label, else
    // from its words: "Total …" and "Net …" close the lines above them.
    QString rowKind(const QString &table, const QString &column, const QString &label, const QString &extraCondition = {})
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT kind FROM %1 WHERE %2 = ? %3 ORDER BY period_id DESC LIMIT 1").arg(table, column, extraCondition));
        q.addBindValue(label);
        if (q.exec() && q.next())
            return q.value(0).toString();
        static const QRegularExpression total(QStringLiteral("^(grand )?total\\b|^net\\b"), QRegularExpression::CaseInsensitiveOption);
        return total.match(label).hasMatch() ? QStringLiteral("total") : QStringLiteral("line");
    }

    // The table the store holds for this period: compared with the file's rows as text, so an identical
    // re-import is "unchanged" and a different one a conflict.
    struct Held {
        qint64 batch = 0;
        QStringList rows;
    };
    Held held(const QString &sql, const QVariantList &binds, QString *fatal)
    {
        Held out;
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!exec(q, fatal))
            return out;
        while (q.next()) {
            QStringList fields;
            const int n = q.record().count();
            for (int i = 0; i < n - 1; ++i)
                fields.append(q.value(i).isNull() ? QString() : q.value(i).toString());
            out.rows.append(fields.join(QLatin1Char('\x1f')));
            out.batch = q.value(n - 1).toLongLong();
        }
        return out;
    }
    // Decides what to do with a table the store may hold for the period already. True: write it.
    bool decide(const Held &stored, const QStringList &incoming, int figures)
    {
        m_result.valuesRead += figures;
        if (stored.rows.isEmpty()) {
            m_result.added += figures;
            return true;
        }
        if (stored.rows == incoming) {
            m_result.unchanged += figures;
            return false;
        }
        if (m_options.policy == ConflictPolicy::Keep) {
            m_result.kept += figures;
            return false;
        }
        const QString what = QStringLiteral("the store already holds “%1” for %2 (batch %3) with other figures")
                                 .arg(reporttables::title(m_plan.reportTableId), m_period.label())
                                 .arg(stored.batch);
        if (m_options.policy == ConflictPolicy::Replace) {
            // Undo restores what an import replaced figure by figure; a table replaced whole could not
            // be given back, so a corrected return replaces the earlier one by undoing it first.
            error({}, -1, what + QStringLiteral(": undo that batch first (undo-import %1), then import this file").arg(stored.batch));
            return false;
        }
        ++m_result.errorCount;
        m_result.issues.append({ImportIssue::Severity::Error, m_result.fileName, m_plan.sheetName, 0, -1, QString(),
                                what + QStringLiteral(": undo batch %1 first if this file corrects it").arg(stored.batch)});
        return false;
    }

    bool lineTable(const QList<TableRow> &rows, QString *fatal);
    bool reserves(const QList<TableRow> &rows, QString *fatal);
    bool lcpf(const QList<TableRow> &rows, QString *fatal);
    bool localPriorities(const QList<TableRow> &rows, QString *fatal);
    bool milestones(const QList<TableRow> &rows, QString *fatal);
    bool facts(const QList<TableRow> &rows, QString *fatal);

    // One figure into the observation table, as every fact: an equal stored figure is unchanged, a
    // different one a conflict (replaced and kept for undo only with --replace).
    bool fact(const TableRow &row, int column, const QString &measureKey, const QString &areaCode, const Period &period,
              qint64 breakdown, double value, QString *fatal);

    QSqlDatabase m_db;
    const ImportPlan &m_plan;
    qint64 m_batch;
    const ImportOptions &m_options;
    ImportResult &m_result;
    Written &m_written;
    Period m_period;
};

bool TableWriter::run(const QList<TableRow> &rows, QString *fatal)
{
    const QString &id = m_plan.reportTableId;
    if (id == QLatin1String("reserves"))
        return reserves(rows, fatal);
    if (id == QLatin1String("lcpf"))
        return lcpf(rows, fatal);
    if (id == QLatin1String("local-priorities"))
        return localPriorities(rows, fatal);
    if (id == QLatin1String("milestones"))
        return milestones(rows, fatal);
    if (id == QLatin1String("recorded-crime-12m") || id == QLatin1String("satisfaction-gaps") || id == QLatin1String("dwo")
        || id == QLatin1String("workforce"))
        return facts(rows, fatal);
    return lineTable(rows, fatal);
}

bool TableWriter::lineTable(const QList<TableRow> &rows, QString *fatal)
{
    const QString &id = m_plan.reportTableId;
    const reportspec::LineTable *spec = reportspec::lineTable(id);
    if (!spec) {
        *fatal = QStringLiteral("no store for the table '%1'").arg(id);
        return false;
    }
    const qint64 period = periodId(m_period, fatal);
    if (period < 0)
        return false;
    const bool businessGroup = spec->shared;
    const QString tableCondition = businessGroup ? QStringLiteral("AND table_id = '%1'").arg(id) : QString();
    const bool capital = spec->keepsDecimals;
    struct Storage {
        QString storage;
        QStringList textColumns;
        QStringList figureColumns;
    } storage{spec->storage, {}, {}};
    for (const reportspec::Column &c : spec->text)
        storage.textColumns.append(c.storage);
    for (const reportspec::Column &c : spec->figures)
        storage.figureColumns.append(c.storage);
    const Storage *table = &storage;

    struct Line {
        QStringList texts;
        QString kind;
        QList<QVariant> figures;
        QList<int> decimals;
    };
    QList<Line> lines;
    QStringList incoming;
    int figures = 0;
    const int textCount = int(table->textColumns.size());
    for (const TableRow &row : rows) {
        Line line;
        for (int c = 0; c < textCount; ++c)
            line.texts.append(row.text(c));
        if (line.texts.first().isEmpty()) {
            error(row, 0, QStringLiteral("a row of the table with no %1").arg(m_plan.headers.value(0)));
            continue;
        }
        bool ok = true;
        for (int f = 0; f < table->figureColumns.size(); ++f) {
            const auto v = figure(row, textCount + f);
            if (!v) {
                ok = false;
                continue;
            }
            line.figures.append(*v);
            line.decimals.append(decimalsOf(row, textCount + f));
            figures += v->isValid() ? 1 : 0;
        }
        if (!ok)
            continue;
        line.kind = rowKind(table->storage, table->textColumns.first(), line.texts.first(), tableCondition);
        QStringList fields = line.texts;
        for (int c = 0; c < textCount; ++c) {
            if (fields.at(c).isEmpty())
                fields[c] = QString();
        }
        fields.append(line.kind);
        for (const QVariant &v : line.figures)
            fields.append(v.isValid() ? QString::number(v.toDouble()) : QString());
        incoming.append(fields.join(QLatin1Char('\x1f')));
        lines.append(line);
    }
    if (m_result.errorCount > 0)
        return true;

    QStringList storedColumns = table->textColumns;
    storedColumns.append(QStringLiteral("kind"));
    QStringList numeric;
    for (const QString &c : table->figureColumns)
        numeric.append(QStringLiteral("CASE WHEN %1 IS NULL THEN NULL ELSE CAST(%1 AS REAL) END").arg(c));
    const Held stored = held(QStringLiteral("SELECT %1, %2, batch_id FROM %3 WHERE period_id = ? %4 ORDER BY ordinal")
                                 .arg(storedColumns.join(QStringLiteral(", ")), numeric.join(QStringLiteral(", ")), table->storage,
                                      tableCondition),
                             {period}, fatal);
    if (!fatal->isEmpty())
        return false;
    // Held values come back as doubles printed by QVariant; compare in the same form.
    QStringList normalisedStored;
    for (const QString &r : stored.rows) {
        QStringList parts = r.split(QLatin1Char('\x1f'));
        for (int i = textCount + 1; i < parts.size(); ++i) {
            if (!parts.at(i).isEmpty())
                parts[i] = QString::number(parts.at(i).toDouble());
        }
        normalisedStored.append(parts.join(QLatin1Char('\x1f')));
    }
    if (!decide({stored.batch, normalisedStored}, incoming, figures))
        return true;

    QStringList columns = {QStringLiteral("period_id"), QStringLiteral("ordinal")};
    if (businessGroup)
        columns.append(QStringLiteral("table_id"));
    columns += table->textColumns;
    columns.append(QStringLiteral("kind"));
    columns += table->figureColumns;
    if (capital)
        columns.append(QStringLiteral("decimals"));
    columns.append(QStringLiteral("batch_id"));
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                       .arg(table->storage, columns.join(QStringLiteral(", ")),
                            QStringList(columns.size(), QStringLiteral("?")).join(QStringLiteral(", "))));
    int ordinal = 0;
    for (const Line &line : lines) {
        insert.addBindValue(period);
        insert.addBindValue(++ordinal);
        if (businessGroup)
            insert.addBindValue(id);
        for (const QString &text : line.texts)
            insert.addBindValue(text.isEmpty() && &text != &line.texts.first() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text));
        insert.addBindValue(line.kind);
        for (const QVariant &v : line.figures)
            insert.addBindValue(v.isValid() ? v : QVariant(QMetaType(QMetaType::Double)));
        if (capital) {
            QStringList d;
            for (int x : line.decimals)
                d.append(QString::number(x < 0 ? 1 : x));
            insert.addBindValue(d.join(QLatin1Char(',')));
        }
        insert.addBindValue(m_batch);
        if (!exec(insert, fatal))
            return false;
    }
    return true;
}

bool TableWriter::reserves(const QList<TableRow> &rows, QString *fatal)
{
    // The return lists years across and the reserve lines down; the store keeps a row per year.
    static const QStringList lineKeys = {QStringLiteral("opening"), QStringLiteral("movement"), QStringLiteral("closing"),
                                         QStringLiteral("general_fund"), QStringLiteral("general_fund_pct"),
                                         QStringLiteral("earmarked"), QStringLiteral("earmarked_pct")};
    static const QStringList lineLabels = {QStringLiteral("opening reserve balance"), QStringLiteral("net reserve movement"),
                                           QStringLiteral("closing reserve balance"), QStringLiteral("general fund reserve"),
                                           QStringLiteral("general fund reserve % to net budget"),
                                           QStringLiteral("earmarked reserves"), QStringLiteral("earmarked reserve as % to net budget")};
    const qint64 reportedIn = periodId(m_period, fatal);
    if (reportedIn < 0)
        return false;
    struct Year {
        Period period;
        QString status;
        QList<QVariant> values;
        QList<int> decimals;
    };
    QList<Year> years;
    for (int c = 1; c < m_plan.headers.size(); ++c) {
        const auto year = Period::parse(m_plan.headers.at(c));
        if (!year || year->kind() != Period::Kind::FinancialYear) {
            error({m_plan.headerRow, {}}, c, QStringLiteral("not a financial year"));
            return true;
        }
        years.append({*year, QString(), QList<QVariant>(lineKeys.size()), QList<int>(lineKeys.size(), -1)});
    }
    for (const TableRow &row : rows) {
        const QString label = row.text(0).toLower();
        if (label == QLatin1String("status")) {
            for (int y = 0; y < years.size(); ++y) {
                const QString s = row.text(y + 1).toLower();
                const QString status = s.startsWith(QLatin1String("actual")) ? QStringLiteral("actual")
                    : s.startsWith(QLatin1String("forecast")) ? QStringLiteral("forecast")
                    : s.startsWith(QLatin1String("plan")) ? QStringLiteral("planned")
                                                          : QString();
                if (status.isEmpty())
                    error(row, y + 1, QStringLiteral("a year's status is Actual, Forecasted or Planned"));
                years[y].status = status;
            }
            continue;
        }
        int line = -1;
        for (int i = 0; i < lineLabels.size(); ++i) {
            if (label.startsWith(lineLabels.at(i)))
                line = i;
        }
        if (line < 0) {
            error(row, 0, QStringLiteral("not a line of the reserves table (%1, or Status)").arg(QStringLiteral("Opening Reserve Balance … Earmarked Reserve as %")));
            continue;
        }
        for (int y = 0; y < years.size(); ++y) {
            const auto v = figure(row, y + 1);
            if (!v)
                continue;
            years[y].values[line] = *v;
            years[y].decimals[line] = decimalsOf(row, y + 1);
        }
    }
    if (m_result.errorCount > 0)
        return true;
    int figures = 0;
    QStringList incoming;
    for (const Year &y : years) {
        QStringList fields = {y.period.code(), y.status};
        for (const QVariant &v : y.values) {
            fields.append(v.isValid() ? QString::number(v.toDouble()) : QString());
            figures += v.isValid() ? 1 : 0;
        }
        incoming.append(fields.join(QLatin1Char('\x1f')));
    }
    Held stored = held(QStringLiteral("SELECT p.code, r.status, r.opening, r.movement, r.closing, r.general_fund, r.general_fund_pct, "
                                      "r.earmarked, r.earmarked_pct, r.batch_id FROM reserve_year r JOIN period p ON p.id = r.period_id "
                                      "WHERE r.reported_in_period_id = ? ORDER BY p.start_date"),
                       {reportedIn}, fatal);
    if (!fatal->isEmpty())
        return false;
    for (QString &r : stored.rows) {
        QStringList parts = r.split(QLatin1Char('\x1f'));
        for (int i = 2; i < parts.size(); ++i) {
            if (!parts.at(i).isEmpty())
                parts[i] = QString::number(parts.at(i).toDouble());
        }
        r = parts.join(QLatin1Char('\x1f'));
    }
    if (!decide(stored, incoming, figures))
        return true;
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO reserve_year (period_id, reported_in_period_id, status, opening, movement, closing, "
                                  "general_fund, general_fund_pct, earmarked, earmarked_pct, decimals, batch_id) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const Year &y : years) {
        const qint64 year = periodId(y.period, fatal);
        if (year < 0)
            return false;
        insert.addBindValue(year);
        insert.addBindValue(reportedIn);
        insert.addBindValue(y.status);
        for (const QVariant &v : y.values)
            insert.addBindValue(v.isValid() ? v : QVariant(QMetaType(QMetaType::Double)));
        QStringList d;
        for (int i = 0; i < y.decimals.size(); ++i)
            d.append(QString::number(y.decimals.at(i) < 0 ? 1 : y.decimals.at(i)));
        insert.addBindValue(d.join(QLatin1Char(',')));
        insert.addBindValue(m_batch);
        if (!exec(insert, fatal))
            return false;
    }
    return true;
}

bool TableWriter::lcpf(const QList<TableRow> &rows, QString *fatal)
{
    const qint64 year = periodId(m_period, fatal);
    if (year < 0)
        return false;
    QSqlQuery areas(m_db);
    QHash<QString, qint64> boroughs;
    if (!areas.exec(QStringLiteral("SELECT id, name FROM area WHERE kind = 'borough'"))) {
        *fatal = areas.lastError().text();
        return false;
    }
    while (areas.next())
        boroughs.insert(AreaMatcher::normalise(areas.value(1).toString()), areas.value(0).toLongLong());
    QList<std::pair<qint64, double>> allocations;
    std::optional<double> grandTotal;
    const TableRow *totalRow = nullptr;
    QStringList incoming;
    for (const TableRow &row : rows) {
        const auto v = figure(row, 1);
        if (!v)
            continue;
        if (AreaMatcher::isTotalName(row.text(0))) {
            if (v->isValid())
                grandTotal = v->toDouble();
            totalRow = &row;
            continue;
        }
        const qint64 area = boroughs.value(AreaMatcher::normalise(row.text(0)), -1);
        if (area < 0) {
            error(row, 0, QStringLiteral("not a London borough"));
            continue;
        }
        if (!v->isValid()) {
            error(row, 1, QStringLiteral("no allocation for this borough"));
            continue;
        }
        allocations.append({area, v->toDouble()});
    }
    if (m_result.errorCount > 0)
        return true;
    std::sort(allocations.begin(), allocations.end());
    for (const auto &a : allocations)
        incoming.append(QStringLiteral("%1\x1f%2").arg(a.first).arg(QString::number(a.second)));
    Held stored = held(QStringLiteral("SELECT area_id, allocation_gbp, batch_id FROM lcpf_allocation WHERE period_id = ? ORDER BY area_id"),
                       {year}, fatal);
    if (!fatal->isEmpty())
        return false;
    for (QString &r : stored.rows)
        r = r.section(QLatin1Char('\x1f'), 0, 0) + QLatin1Char('\x1f') + QString::number(r.section(QLatin1Char('\x1f'), 1).toDouble());
    if (decide(stored, incoming, int(allocations.size()))) {
        QSqlQuery insert(m_db);
        insert.prepare(QStringLiteral("INSERT INTO lcpf_allocation (period_id, area_id, allocation_gbp, batch_id) VALUES (?, ?, ?, ?)"));
        for (const auto &a : allocations) {
            insert.addBindValue(year);
            insert.addBindValue(a.first);
            insert.addBindValue(a.second);
            insert.addBindValue(m_batch);
            if (!exec(insert, fatal))
                return false;
        }
    }
    // The Grand Total the return prints is its own figure (the report's can differ from the sum of
    // its boroughs): kept as stated, as the seeded year's is.
    if (grandTotal && totalRow) {
        QSqlQuery area(m_db);
        area.exec(QStringLiteral("SELECT code FROM area WHERE code = 'E12000007'"));
        if (area.next() && !fact(*totalRow, 1, QStringLiteral("lcpf.allocation_total"), QStringLiteral("E12000007"), m_period, 0,
                                 *grandTotal, fatal))
            return false;
    }
    return true;
}

QHash<QString, qint64> boroughIds(QSqlDatabase db, QString *fatal)
{
    QHash<QString, qint64> out;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT id, name FROM area WHERE kind = 'borough'"))) {
        *fatal = q.lastError().text();
        return out;
    }
    while (q.next())
        out.insert(AreaMatcher::normalise(q.value(1).toString()), q.value(0).toLongLong());
    return out;
}

bool TableWriter::localPriorities(const QList<TableRow> &rows, QString *fatal)
{
    const qint64 quarter = periodId(m_period, fatal);
    if (quarter < 0)
        return false;
    const QHash<QString, qint64> boroughs = boroughIds(m_db, fatal);
    if (!fatal->isEmpty())
        return false;
    // "1) Burglary 2) Robbery (a note)": the two priorities a borough chose, as the table writes them.
    static const QRegularExpression chosen(QStringLiteral("^1\\)\\s*(.+?)\\s+2\\)\\s*(.+?)(?:\\s+\\((.*)\\))?$"));
    struct Priority {
        qint64 area;
        int rank;
        QString category;
        QVariant change;
        QString note;
    };
    QList<Priority> priorities;
    for (const TableRow &row : rows) {
        const qint64 area = boroughs.value(AreaMatcher::normalise(row.text(0)), -1);
        if (area < 0) {
            error(row, 0, QStringLiteral("not a London borough"));
            continue;
        }
        const auto first = figure(row, 1);
        const auto second = figure(row, 2);
        const auto m = chosen.match(row.text(3));
        if (!m.hasMatch()) {
            error(row, 3, QStringLiteral("the chosen priorities are written “1) first 2) second”, a note in brackets after them"));
            continue;
        }
        if (!first || !second)
            continue;
        priorities.append({area, 1, m.captured(1), *first, QString()});
        priorities.append({area, 2, m.captured(2), *second, m.captured(3)});
    }
    if (m_result.errorCount > 0)
        return true;
    std::sort(priorities.begin(), priorities.end(),
              [](const Priority &a, const Priority &b) { return std::tie(a.area, a.rank) < std::tie(b.area, b.rank); });
    QStringList incoming;
    int figures = 0;
    for (const Priority &p : priorities) {
        incoming.append(QStringList{QString::number(p.area), QString::number(p.rank), p.category,
                                    p.change.isValid() ? QString::number(p.change.toDouble()) : QString(), p.note}
                            .join(QLatin1Char('\x1f')));
        figures += p.change.isValid() ? 1 : 0;
    }
    Held stored = held(QStringLiteral("SELECT area_id, rank, category, change_pct, COALESCE(note, ''), batch_id FROM local_priority "
                                      "WHERE period_id = ? ORDER BY area_id, rank"),
                       {quarter}, fatal);
    if (!fatal->isEmpty())
        return false;
    for (QString &r : stored.rows) {
        QStringList parts = r.split(QLatin1Char('\x1f'));
        if (parts.size() > 3 && !parts.at(3).isEmpty())
            parts[3] = QString::number(parts.at(3).toDouble());
        r = parts.join(QLatin1Char('\x1f'));
    }
    if (!decide(stored, incoming, figures))
        return true;
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO local_priority (area_id, period_id, rank, category, change_pct, note, batch_id) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const Priority &p : priorities) {
        insert.addBindValue(p.area);
        insert.addBindValue(quarter);
        insert.addBindValue(p.rank);
        insert.addBindValue(p.category);
        insert.addBindValue(p.change.isValid() ? p.change : QVariant(QMetaType(QMetaType::Double)));
        insert.addBindValue(p.note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(p.note));
        insert.addBindValue(m_batch);
        if (!exec(insert, fatal))
            return false;
    }
    return true;
}

bool TableWriter::milestones(const QList<TableRow> &rows, QString *fatal)
{
    const qint64 reportedIn = periodId(m_period, fatal);
    if (reportedIn < 0)
        return false;
    static const QStringList statuses = {QStringLiteral("delivered"), QStringLiteral("on track"), QStringLiteral("some delays"),
                                         QStringLiteral("not stated")};
    struct Milestone {
        qint64 due;
        QString text, programme, status, from, commentary, section;
    };
    QList<Milestone> milestones;
    for (const TableRow &row : rows) {
        Milestone m;
        m.text = row.text(0);
        const auto due = Period::parse(row.text(1));
        m.programme = row.text(2);
        m.status = row.text(3).toLower();
        m.from = row.text(4).toLower();
        m.commentary = row.text(5);
        if (m.text.isEmpty()) {
            error(row, 0, QStringLiteral("a milestone with no text"));
            continue;
        }
        if (!due || due->kind() != Period::Kind::Quarter) {
            error(row, 1, QStringLiteral("the quarter a milestone is due is written like “Q2 2017/18”"));
            continue;
        }
        if (!statuses.contains(m.status)) {
            error(row, 3, QStringLiteral("a milestone's status is one of: %1").arg(statuses.join(QStringLiteral(", "))));
            continue;
        }
        if (m.from != QLatin1String("printed") && m.from != QLatin1String("inferred") && !m.from.isEmpty()) {
            error(row, 4, QStringLiteral("“Status from” is printed, inferred or empty (not stated)"));
            continue;
        }
        if ((m.status == QLatin1String("not stated")) != m.from.isEmpty()) {
            error(row, 4, QStringLiteral("a status that is stated says where it is from (printed or inferred); “not stated” says nothing"));
            continue;
        }
        m.due = periodId(*due, fatal);
        if (m.due < 0)
            return false;
        // The section is not in the table; a milestone keeps the section an earlier quarter gave it.
        QSqlQuery section(m_db);
        section.prepare(QStringLiteral("SELECT section FROM milestone WHERE text = ? ORDER BY reported_in_period_id DESC LIMIT 1"));
        section.addBindValue(m.text);
        if (section.exec() && section.next())
            m.section = section.value(0).toString();
        milestones.append(m);
    }
    if (m_result.errorCount > 0)
        return true;
    QStringList incoming;
    for (const Milestone &m : milestones)
        incoming.append(QStringList{QString::number(m.due), m.text, m.programme, m.status, m.from, m.commentary}.join(QLatin1Char('\x1f')));
    const Held stored = held(QStringLiteral("SELECT period_id, text, COALESCE(programme, ''), status, status_from, COALESCE(commentary, ''), "
                                            "batch_id FROM milestone WHERE reported_in_period_id = ? ORDER BY ordinal"),
                             {reportedIn}, fatal);
    if (!fatal->isEmpty())
        return false;
    if (!decide(stored, incoming, int(milestones.size())))
        return true;
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO milestone (period_id, reported_in_period_id, ordinal, section, programme, text, status, "
                                  "commentary, status_from, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    int ordinal = 0;
    for (const Milestone &m : milestones) {
        insert.addBindValue(m.due);
        insert.addBindValue(reportedIn);
        insert.addBindValue(++ordinal);
        insert.addBindValue(m.section.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(m.section));
        insert.addBindValue(m.programme.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(m.programme));
        insert.addBindValue(m.text);
        insert.addBindValue(m.status);
        insert.addBindValue(m.commentary.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(m.commentary));
        insert.addBindValue(m.from.isEmpty() ? QStringLiteral("") : m.from); // NOT NULL: '' is "not stated"
        insert.addBindValue(m_batch);
        if (!exec(insert, fatal))
            return false;
    }
    return true;
}

bool TableWriter::fact(const TableRow &row, int column, const QString &measureKey, const QString &areaCode, const Period &period,
                       qint64 breakdown, double value, QString *fatal)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT m.id, a.id, m.name, a.name FROM measure m, area a WHERE m.key = ? AND a.code = ?"));
    q.addBindValue(measureKey);
    q.addBindValue(areaCode);
    if (!exec(q, fatal))
        return false;
    if (!q.next()) {
        error(row, column, QStringLiteral("the store has no measure '%1' for this table's figures").arg(measureKey));
        return true;
    }
    const qint64 measure = q.value(0).toLongLong();
    const qint64 area = q.value(1).toLongLong();
    m_written.measures.insert(measure);
    const QString measureName = q.value(2).toString();
    const QString areaName = q.value(3).toString();
    const qint64 periodRow = periodId(period, fatal);
    if (periodRow < 0)
        return false;
    const int decimals = decimalsOf(row, column);
    const QVariant decimalsValue = decimals < 0 ? QVariant(QMetaType(QMetaType::Int)) : QVariant(decimals);
    const QString ref = QStringLiteral("%1, row %2").arg(m_result.fileName).arg(row.number);
    q.prepare(QStringLiteral("SELECT value, batch_id FROM observation WHERE measure_id = ? AND area_id = ? AND period_id = ? "
                             "AND breakdown_id = ?"));
    for (const QVariant &b : {QVariant(measure), QVariant(area), QVariant(periodRow), QVariant(breakdown)})
        q.addBindValue(b);
    if (!exec(q, fatal))
        return false;
    ++m_result.valuesRead;
    if (!q.next()) {
        q.prepare(QStringLiteral("INSERT INTO observation (measure_id, area_id, period_id, breakdown_id, value, batch_id, source_ref, "
                                 "decimals) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant &b : {QVariant(measure), QVariant(area), QVariant(periodRow), QVariant(breakdown), QVariant(value),
                                  QVariant(m_batch), QVariant(ref), decimalsValue})
            q.addBindValue(b);
        if (!exec(q, fatal))
            return false;
        ++m_result.added;
        return true;
    }
    const double stored = q.value(0).toDouble();
    const qint64 storedBatch = q.value(1).toLongLong();
    if (stored == value) {
        ++m_result.unchanged;
        return true;
    }
    if (m_options.policy == ConflictPolicy::Keep) {
        ++m_result.kept;
        return true;
    }
    if (m_options.policy == ConflictPolicy::Report) {
        ++m_result.conflictCount;
        if (m_result.conflicts.size() < m_options.maxListedConflicts)
            m_result.conflicts.append({measureKey, measureName, areaCode, areaName, period.label(),
                                       breakdown == 0 ? QString() : QString::number(breakdown), stored, value, storedBatch,
                                       row.number, column, m_plan.sheetName});
        return true;
    }
    q.prepare(QStringLiteral("INSERT INTO observation_replaced (batch_id, measure_id, area_id, period_id, breakdown_id, old_value, "
                             "old_batch_id, old_source_ref, old_decimals) SELECT ?, measure_id, area_id, period_id, breakdown_id, value, "
                             "batch_id, source_ref, decimals FROM observation WHERE measure_id = ? AND area_id = ? AND period_id = ? "
                             "AND breakdown_id = ?"));
    for (const QVariant &b : {QVariant(m_batch), QVariant(measure), QVariant(area), QVariant(periodRow), QVariant(breakdown)})
        q.addBindValue(b);
    if (!exec(q, fatal))
        return false;
    q.prepare(QStringLiteral("UPDATE observation SET value = ?, batch_id = ?, source_ref = ?, decimals = ? WHERE measure_id = ? "
                             "AND area_id = ? AND period_id = ? AND breakdown_id = ?"));
    for (const QVariant &b : {QVariant(value), QVariant(m_batch), QVariant(ref), decimalsValue, QVariant(measure), QVariant(area),
                              QVariant(periodRow), QVariant(breakdown)})
        q.addBindValue(b);
    if (!exec(q, fatal))
        return false;
    ++m_result.replaced;
    return true;
}

bool TableWriter::facts(const QList<TableRow> &rows, QString *fatal)
{
    // These tables are views over facts (observations), as the seed holds them: their figures go back
    // to the same measures, areas, periods and survey groups.
    const QString &id = m_plan.reportTableId;
    const QString mps = QStringLiteral("E23000001");
    struct Pending {
        const TableRow *row;
        int column;
        QString key;
        Period period;
        qint64 breakdown;
        double value;
    };
    QList<Pending> pending;
    auto take = [&](const TableRow &row, int column, const QString &key, const Period &period, qint64 breakdown) {
        const auto v = figure(row, column);
        if (v && v->isValid())
            pending.append({&row, column, key, period, breakdown, v->toDouble()});
        return v ? *v : QVariant();
    };
    auto checkDerived = [&](const TableRow &row, int column, const QVariant &expected, int decimals) {
        const auto stated = figure(row, column);
        if (!stated || !stated->isValid() || !expected.isValid())
            return;
        const double scale = std::pow(10.0, decimals);
        if (std::abs(std::round(expected.toDouble() * scale) - std::round(stated->toDouble() * scale)) > 0.5) {
            ++m_result.warningCount;
            m_result.issues.append({ImportIssue::Severity::Warning, m_result.fileName, m_plan.sheetName, row.number, column,
                                    row.text(column),
                                    QStringLiteral("“%1” is calculated from the row's figures (%2 here); it is checked, never stored")
                                        .arg(m_plan.headers.value(column))
                                        .arg(expected.toDouble(), 0, 'f', decimals)});
        }
    };
    if (id == QLatin1String("workforce")) {
        static const QHash<QString, QString> keys = {
            {QStringLiteral("officers"), QStringLiteral("workforce.officers")},
            {QStringLiteral("special constables"), QStringLiteral("workforce.special_constables")},
            {QStringLiteral("pcsos"), QStringLiteral("workforce.pcsos")},
            {QStringLiteral("staff"), QStringLiteral("workforce.staff")},
        };
        for (const TableRow &row : rows) {
            const QString key = keys.value(row.text(0).toLower());
            if (key.isEmpty()) {
                error(row, 0, QStringLiteral("not a line of the workforce table (Officers, Special Constables, PCSOs, Staff)"));
                continue;
            }
            take(row, 1, key, m_period, 0);
        }
    } else if (id == QLatin1String("dwo")) {
        const auto target = monthIn(m_plan.headers.value(1).section(QStringLiteral(" Target"), 0, 0));
        const auto current = monthIn(m_plan.headers.value(2).section(QStringLiteral(" at "), 1));
        if (!target || !current) {
            error({m_plan.headerRow, {}}, !target ? 1 : 2, QStringLiteral("the month is written like “Dec 17” or “September 17”"));
            return true;
        }
        for (const TableRow &row : rows) {
            const QVariant t = take(row, 1, QStringLiteral("dwo.target"), *target, 0);
            const QVariant c = take(row, 2, QStringLiteral("dwo.current"), *current, 0);
            if (t.isValid() && c.isValid())
                checkDerived(row, 3, c.toDouble() - t.toDouble(), 0);
        }
    } else if (id == QLatin1String("satisfaction-gaps")) {
        static const QStringList measures = {QStringLiteral("pas.overall_satisfaction"), QStringLiteral("pas.good_job"),
                                             QStringLiteral("pas.informed_local"), QStringLiteral("pas.listen_concerns"),
                                             QStringLiteral("pas.fair_treatment"), QStringLiteral("pas.dealing_issues")};
        for (const TableRow &row : rows) {
            const bool average = row.text(1).isEmpty();
            qint64 breakdown = 0;
            if (!average) {
                breakdown = catalog::breakdownId(m_db, row.text(1), row.text(0), fatal);
                if (breakdown < 0)
                    return false;
            }
            for (int m = 0; m < measures.size(); ++m)
                take(row, 2 + m, average ? measures.at(m) : measures.at(m) + QStringLiteral(".gap"), m_period, breakdown);
        }
    } else if (id == QLatin1String("recorded-crime-12m")) {
        const auto before = rangeIn(m_plan.headers.value(2));
        const auto after = rangeIn(m_plan.headers.value(3));
        if (!before || !after) {
            error({m_plan.headerRow, {}}, !before ? 2 : 3, QStringLiteral("12 months are written like “October 2016 - September 2017”"));
            return true;
        }
        for (const TableRow &row : rows) {
            QSqlQuery q(m_db);
            q.prepare(QStringLiteral("SELECT m.key FROM report_row r JOIN measure m ON m.id = r.measure_id "
                                     "WHERE r.table_id = 'recorded-crime-12m' AND r.label = ?"));
            q.addBindValue(row.text(0));
            if (!exec(q, fatal))
                return false;
            if (!q.next()) {
                error(row, 0, QStringLiteral("not a category of the recorded crime table"));
                continue;
            }
            const QString key = q.value(0).toString();
            const QVariant b = take(row, 2, key, *before, 0);
            const QVariant a = take(row, 3, key, *after, 0);
            if (a.isValid() && b.isValid()) {
                checkDerived(row, 4, a.toDouble() - b.toDouble(), 0);
                if (b.toDouble() != 0.0)
                    checkDerived(row, 5, (a.toDouble() - b.toDouble()) / b.toDouble() * 100.0, 1);
            }
        }
    }
    if (m_result.errorCount > 0)
        return true;
    for (const Pending &p : pending) {
        if (!fact(*p.row, p.column, p.key, mps, p.period, p.breakdown, p.value, fatal))
            return false;
    }
    return true;
}

} // namespace

bool write(QSqlDatabase db, Reader &reader, const ImportPlan &plan, qint64 batchId, const ImportOptions &options,
           ImportResult &result, Written *written, QString *fatal)
{
    // A report table ends at its first blank row: the export writes its note and source under it.
    QList<TableRow> rows;
    qint64 previous = plan.headerRow;
    QString readError;
    const bool read = reader.readRows(plan.sheetIndex,
                                      [&](qint64 number, const QList<Cell> &cells) {
                                          if (number <= plan.headerRow)
                                              return true;
                                          // A blank row ends the table; spreadsheet readers skip blank
                                          // rows, so a gap in the row numbers is one.
                                          bool blank = !rows.isEmpty() && number > previous + 1;
                                          previous = number;
                                          bool empty = true;
                                          for (const Cell &c : cells)
                                              empty = empty && c.isEmpty();
                                          if (blank || (empty && !rows.isEmpty())) {
                                              return false;
                                          }
                                          if (empty)
                                              return true;
                                          rows.append({number, cells});
                                          ++result.rowsRead;
                                          return rows.size() <= 10000;
                                      },
                                      &readError);
    if (!read) {
        *fatal = readError;
        return false;
    }
    if (rows.size() > 10000) {
        *fatal = QStringLiteral("%1: more than 10,000 rows under the header of the report's table “%2”: not one of its tables")
                     .arg(result.fileName, reporttables::title(plan.reportTableId));
        return false;
    }
    if (rows.isEmpty()) {
        ++result.errorCount;
        result.issues.append({ImportIssue::Severity::Error, result.fileName, plan.sheetName, plan.headerRow, -1, QString(),
                              QStringLiteral("the table has a header and no rows: nothing to import")});
        return true;
    }
    // Oversight's own change columns are left out: the table is read as the return states it.
    QList<int> changes;
    for (int c = 0; c < plan.headers.size(); ++c) {
        if (isOversightChange(plan.headers.at(c)))
            changes.prepend(c);
    }
    ImportPlan stated = plan;
    for (int c : changes) {
        stated.headers.removeAt(c);
        for (TableRow &row : rows) {
            if (c < row.cells.size())
                row.cells.removeAt(c);
        }
    }
    const auto period = Period::parse(plan.fixedPeriodCode);
    result.issues.append({ImportIssue::Severity::Note, result.fileName, plan.sheetName, 0, -1, QString(),
                          QStringLiteral("Read as the report's table “%1” for %2 (the period from %3); it is stored beside the "
                                         "other quarters' statements of that table.")
                              .arg(reporttables::title(plan.reportTableId), period ? period->label() : plan.fixedPeriodCode,
                                   plan.reportPeriodFrom.isEmpty() ? QStringLiteral("the plan") : plan.reportPeriodFrom)});
    TableWriter writer(db, stated, batchId, options, result, *written);
    return writer.run(rows, fatal);
}

} // namespace oversight::import::reporttableimport
