#include "reporttable.h"
#include "formatting.h"

#include "milestoneboard.h"

#include "csv.h"
#include "disagreements.h"
#include "period.h"
#include "reportspec.h"
#include "store.h"

#include <QLocale>
#include <QSqlError>
#include <QRegularExpression>
#include <QSqlQuery>

#include <cmath>

namespace oversight::reporttables {

namespace {

struct TableInfo {
    QString id;
    QString title;
};

const QList<TableInfo> &tableInfos()
{
    static const QList<TableInfo> infos = {
        {QStringLiteral("recorded-crime-12m"), QStringLiteral("Recorded crime, rolling 12 months")},
        {QStringLiteral("local-priorities"), QStringLiteral("Local volume priorities")},
        {QStringLiteral("satisfaction-gaps"), QStringLiteral("Satisfaction and public voice: inequalities")},
        {QStringLiteral("dwo"), QStringLiteral("Dedicated ward officers")},
        {QStringLiteral("revenue"), QStringLiteral("Revenue position")},
        {QStringLiteral("officer-pay"), QStringLiteral("Police officer pay by business group")},
        {QStringLiteral("officer-overtime"), QStringLiteral("Police overtime by business group")},
        {QStringLiteral("staff-pay"), QStringLiteral("Police staff pay by business group")},
        {QStringLiteral("savings"), QStringLiteral("Achievement against savings target")},
        {QStringLiteral("capital"), QStringLiteral("Capital position by portfolio and programme")},
        {QStringLiteral("reserves"), QStringLiteral("Reserves: planned and actual position")},
        {QStringLiteral("lcpf"), QStringLiteral("London Crime Prevention Fund by borough")},
        {QStringLiteral("workforce"), QStringLiteral("Workforce")},
        {QStringLiteral("milestones"), QStringLiteral("Annex A: business plan milestones")},
    };
    return infos;
}

QVariant numberOrEmpty(const QVariant &v)
{
    if (v.isNull() || !v.isValid())
        return {};
    return v.toDouble();
}

RowKind rowKind(const QString &kind)
{
    if (kind == QLatin1String("total"))
        return RowKind::Total;
    if (kind == QLatin1String("subtotal"))
        return RowKind::Subtotal;
    return RowKind::Line;
}

bool select(QSqlQuery &q, const QString &sql, const QVariantList &binds, QString *error)
{
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (q.exec())
        return true;
    *error = q.lastError().text();
    return false;
}

// The quarter's row in the period table, as (id, code), where a finance table holds rows for it.
std::optional<std::pair<qint64, QString>> quarterIn(const Store &store, const QString &table, const Period &quarter,
                                                    QString *error)
{
    QSqlQuery q(store.database());
    if (!select(q, QStringLiteral("SELECT p.id, p.code FROM period p WHERE p.code = ? AND p.id IN (SELECT DISTINCT period_id FROM %1)")
                       .arg(table), {quarter.code()}, error))
        return std::nullopt;
    if (!q.next()) {
        *error = QStringLiteral("the store holds no figures of this table for %1; import that quarter's return (list quarters shows the quarters held)").arg(quarter.label());
        return std::nullopt;
    }
    return std::make_pair(q.value(0).toLongLong(), q.value(1).toString());
}

QString rangeLabel(const QString &startIso, const QString &endIso)
{
    const QLocale &english = formatting::enGB();
    const QDate start = QDate::fromString(startIso, Qt::ISODate);
    const QDate end = QDate::fromString(endIso, Qt::ISODate);
    return QStringLiteral("%1 %2 - %3 %4")
        .arg(english.monthName(start.month())).arg(start.year())
        .arg(english.monthName(end.month())).arg(end.year());
}

// "1,1,0,1" (capital_line.decimals, reserve_year.decimals) as numbers; empty for NULL.
QList<int> decimalList(const QVariant &text)
{
    QList<int> out;
    if (text.isNull())
        return out;
    for (const QString &part : text.toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
        out.append(part.trimmed().toInt());
    return out;
}

double roundTo(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

std::optional<ReportTable> recordedCrime(const Store &store, const Period &quarter, QString *error)
{
    ReportTable t;
    QSqlQuery q(store.database());
    // The latest rolling 12 months with figures for the table's measures, and the year before.
    if (!select(q, QStringLiteral(
            "SELECT p.id, p.start_date, p.end_date, p.code FROM observation o JOIN period p ON p.id = o.period_id "
            "WHERE p.kind = 'rolling_12_months' AND p.end_date = ? AND o.measure_id IN "
            "(SELECT measure_id FROM report_row WHERE table_id = 'recorded-crime-12m') "
            "LIMIT 1"), {quarter.end().toString(Qt::ISODate)}, error))
        return std::nullopt;
    if (!q.next()) {
        *error = QStringLiteral("the store holds no rolling 12-month crime figures for the 12 months to %1")
                     .arg(formatting::enGB().toString(quarter.end(), QStringLiteral("MMMM yyyy")));
        return std::nullopt;
    }
    const qint64 currentId = q.value(0).toLongLong();
    const QString currentLabel = rangeLabel(q.value(1).toString(), q.value(2).toString());
    const Period current = *Period::parse(q.value(3).toString());
    const Period previous = current.yearEarlier();
    if (!select(q, QStringLiteral("SELECT id FROM period WHERE code = ?"), {previous.code()}, error))
        return std::nullopt;
    const qint64 previousId = q.next() ? q.value(0).toLongLong() : -1;
    const QString previousLabel = rangeLabel(previous.start().toString(Qt::ISODate), previous.end().toString(Qt::ISODate));

    t.columns = {
        {QStringLiteral("Crime Category"), ValueFormat::Text, false},
        {QStringLiteral("Police and Crime Plan Area"), ValueFormat::Text, false},
        {previousLabel, ValueFormat::Count, false},
        {currentLabel, ValueFormat::Count, false},
        {QStringLiteral("Change"), ValueFormat::Count, true},
        {QStringLiteral("% Change"), ValueFormat::Percent, true},
    };
    t.subtitle = QStringLiteral("Metropolitan Police Service, %1 compared with the previous 12 months").arg(current.label());
    t.source = QStringLiteral("Source: MPS recorded crime");
    t.note = QStringLiteral("A single crime can be counted in more than one category (e.g. domestic abuse with a knife). "
                            "Change and % change are calculated from the two periods' figures (% change to one decimal).");
    if (!select(q, QStringLiteral(
            "SELECT r.label, r.group_label, "
            "(SELECT value FROM observation WHERE measure_id = r.measure_id AND period_id = ? AND breakdown_id = 0 "
            " AND area_id = (SELECT id FROM area WHERE code = 'E23000001')), "
            "(SELECT value FROM observation WHERE measure_id = r.measure_id AND period_id = ? AND breakdown_id = 0 "
            " AND area_id = (SELECT id FROM area WHERE code = 'E23000001')) "
            "FROM report_row r WHERE r.table_id = 'recorded-crime-12m' ORDER BY r.ordinal"),
            {previousId, currentId}, error))
        return std::nullopt;
    while (q.next()) {
        ReportRow row;
        const QVariant before = numberOrEmpty(q.value(2));
        const QVariant after = numberOrEmpty(q.value(3));
        row.cells = {q.value(0).toString(), q.value(1).toString(), before, after, QVariant(), QVariant()};
        if (before.isValid() && after.isValid()) {
            const double change = after.toDouble() - before.toDouble();
            row.cells[4] = change;
            if (before.toDouble() != 0.0)
                row.cells[5] = roundTo(change / before.toDouble() * 100.0, 1);
        }
        t.rows.append(row);
    }
    return t;
}

std::optional<ReportTable> localPriorities(const Store &store, const Period &quarter, QString *error)
{
    ReportTable t;
    t.columns = {
        {QStringLiteral("Borough"), ValueFormat::Text, false},
        // The report states these changes in whole per cent ("75%"), and so they are printed.
        {QStringLiteral("Priority 1 % change %1 vs %2").arg(reportspec::shortQuarter(quarter), reportspec::shortQuarter(quarter.yearEarlier())),
         ValueFormat::Percent, true, 0},
        {QStringLiteral("Priority 2 % change %1 vs %2").arg(reportspec::shortQuarter(quarter), reportspec::shortQuarter(quarter.yearEarlier())),
         ValueFormat::Percent, true, 0},
        {QStringLiteral("Chosen Priorities"), ValueFormat::Text, false},
    };
    t.source = QStringLiteral("Source: MPS recorded crime; priorities agreed by MOPAC, the MPS and each borough");
    QSqlQuery q(store.database());
    // Each quarter's return states the changes for that quarter. The priorities seeded from the
    // Q1 2017/18 report are held under their year (the year's priorities, Q1's changes): they are
    // that year's Q1 statement, and no other quarter's.
    Period heldIn = quarter;
    if (!select(q, QStringLiteral("SELECT count(*) FROM local_priority lp JOIN period p ON p.id = lp.period_id WHERE p.code = ?"),
                {quarter.code()}, error))
        return std::nullopt;
    if (q.next() && q.value(0).toInt() == 0 && quarter.start().month() == 4)
        heldIn = Period::financialYear(quarter.financialYearStart());
    if (!select(q, QStringLiteral(
            "SELECT a.name, p1.change_pct, p2.change_pct, p1.category, p2.category, p2.note, per.label "
            "FROM local_priority p1 JOIN local_priority p2 ON p2.area_id = p1.area_id AND p2.period_id = p1.period_id AND p2.rank = 2 "
            "JOIN area a ON a.id = p1.area_id JOIN period per ON per.id = p1.period_id "
            "WHERE p1.rank = 1 AND per.code = ? "
            "ORDER BY a.name"), {heldIn.code()}, error))
        return std::nullopt;
    while (q.next()) {
        ReportRow row;
        QString chosen = QStringLiteral("1) %1 2) %2").arg(q.value(3).toString(), q.value(4).toString());
        if (!q.value(5).toString().isEmpty())
            chosen += QStringLiteral(" (%1)").arg(q.value(5).toString());
        row.cells = {q.value(0).toString(), numberOrEmpty(q.value(1)), numberOrEmpty(q.value(2)), chosen};
        t.subtitle = QStringLiteral("Borough priorities for %1; change %2 vs %3")
                         .arg(Period::financialYear(quarter.financialYearStart()).label(), quarter.label(), quarter.yearEarlier().label());
        t.rows.append(row);
    }
    if (t.rows.isEmpty()) {
        *error = QStringLiteral("the store holds no local priorities for %1").arg(quarter.label());
        return std::nullopt;
    }
    return t;
}

std::optional<ReportTable> satisfactionGaps(const Store &store, const Period &quarter, QString *error)
{
    ReportTable t;
    struct Measure { QString key; QString header; };
    const QList<Measure> measures = {
        {QStringLiteral("pas.overall_satisfaction"), QStringLiteral("Overall Satisfaction")},
        {QStringLiteral("pas.good_job"), QStringLiteral("Good job")},
        {QStringLiteral("pas.informed_local"), QStringLiteral("Informed local")},
        {QStringLiteral("pas.listen_concerns"), QStringLiteral("Listen to concerns")},
        {QStringLiteral("pas.fair_treatment"), QStringLiteral("Fair treatment")},
        {QStringLiteral("pas.dealing_issues"), QStringLiteral("Dealing issues")},
    };
    t.columns = {{QStringLiteral("Group"), ValueFormat::Text, false}, {QStringLiteral("Category"), ValueFormat::Text, false}};
    for (const Measure &m : measures)
        t.columns.append({m.header, ValueFormat::Points, true});
    t.significance = significanceRule(MeasureFamily::SatisfactionGaps);
    t.source = QStringLiteral("Source: Public Attitude Survey and User Satisfaction Survey");
    // The rule in the note is the one the colouring uses, so the two cannot drift apart.
    t.note = QStringLiteral("Group result minus the MPS average, in percentage points; %1 (the report: “%2”).")
                 .arg(t.significance->note(), t.significance->reportWords);

    QSqlQuery q(store.database());
    // Latest period with MPS averages.
    if (!select(q, QStringLiteral("SELECT o.period_id, p.label FROM observation o JOIN measure m ON m.id = o.measure_id "
                                  "JOIN period p ON p.id = o.period_id WHERE m.key = ? AND o.breakdown_id = 0 AND p.code = ? "
                                  "LIMIT 1"), {measures.first().key, quarter.code()}, error))
        return std::nullopt;
    if (!q.next()) {
        *error = QStringLiteral("the store holds no survey results for %1").arg(quarter.label());
        return std::nullopt;
    }
    const qint64 periodId = q.value(0).toLongLong();
    t.subtitle = QStringLiteral("Metropolitan Police Service, %1").arg(q.value(1).toString());

    auto value = [&](const QString &key, const QVariant &breakdownId) -> QVariant {
        QSqlQuery v(store.database());
        if (breakdownId.isValid()) {
            v.prepare(QStringLiteral("SELECT o.value FROM observation o JOIN measure m ON m.id = o.measure_id "
                                     "WHERE m.key = ? AND o.period_id = ? AND o.breakdown_id = ?"));
            v.addBindValue(key);
            v.addBindValue(periodId);
            v.addBindValue(breakdownId);
        } else {
            v.prepare(QStringLiteral("SELECT o.value FROM observation o JOIN measure m ON m.id = o.measure_id "
                                     "WHERE m.key = ? AND o.period_id = ? AND o.breakdown_id = 0"));
            v.addBindValue(key);
            v.addBindValue(periodId);
        }
        if (v.exec() && v.next())
            return v.value(0).toDouble();
        return {};
    };

    ReportRow average;
    average.cells = {QStringLiteral("MPS Average"), QString()};
    average.kind = RowKind::Total;
    for (const Measure &m : measures)
        average.cells.append(value(m.key, QVariant()));
    t.rows.append(average);

    // MPS average cells are percentages, not gaps: the model and CSV format them per row.
    if (!select(q, QStringLiteral("SELECT r.label, r.group_label, b.id FROM report_row r "
                                  "LEFT JOIN breakdown b ON b.category = r.group_label AND b.grp = r.label "
                                  "WHERE r.table_id = 'satisfaction-gaps' ORDER BY r.ordinal"), {}, error))
        return std::nullopt;
    while (q.next()) {
        ReportRow row;
        row.cells = {q.value(0).toString(), q.value(1).toString()};
        for (const Measure &m : measures)
            row.cells.append(q.value(2).isNull() ? QVariant() : value(m.key + QStringLiteral(".gap"), q.value(2)));
        t.rows.append(row);
    }
    return t;
}

std::optional<ReportTable> dwo(const Store &store, const Period &quarter, QString *error)
{
    ReportTable t;
    QSqlQuery q(store.database());
    auto latest = [&](const QString &key, const QString &condition) -> std::optional<std::pair<double, QString>> {
        if (!select(q, QStringLiteral("SELECT o.value, p.label, p.code FROM observation o JOIN measure m ON m.id = o.measure_id "
                                      "JOIN period p ON p.id = o.period_id WHERE m.key = ? AND %1 ORDER BY p.end_date DESC LIMIT 1")
                           .arg(condition),
                    {key, Period::month(quarter.end().year(), quarter.end().month()).code()},
                    error) || !q.next())
            return std::nullopt;
        return std::make_pair(q.value(0).toDouble(), q.value(2).toString());
    };
    // The current figure is the quarter's last month; the target the one stated with it (a later month).
    const auto current = latest(QStringLiteral("dwo.current"), QStringLiteral("p.code = ?"));
    const auto target = latest(QStringLiteral("dwo.target"), QStringLiteral("p.code >= ?"));
    if (!target || !current) {
        if (error->isEmpty())
            *error = QStringLiteral("the store holds no dedicated ward officer figures for %1").arg(quarter.label());
        return std::nullopt;
    }
    const Period targetPeriod = *Period::parse(target->second);
    const Period currentPeriod = *Period::parse(current->second);
    const QLocale &english = formatting::enGB();
    const QString targetHeader = QStringLiteral("%1 %2 Target DWOs")
                                     .arg(english.monthName(targetPeriod.start().month(), QLocale::ShortFormat))
                                     .arg(targetPeriod.start().year() % 100);
    const QString currentHeader = QStringLiteral("Current DWOs at %1 %2")
                                      .arg(english.monthName(currentPeriod.start().month()))
                                      .arg(currentPeriod.start().year() % 100);
    t.columns = {
        {QStringLiteral("Month"), ValueFormat::Text, false},
        {targetHeader, ValueFormat::Count, false},
        {currentHeader, ValueFormat::Count, false},
        {QStringLiteral("Diff"), ValueFormat::Count, true},
    };
    t.source = QStringLiteral("Source: MPS");
    t.note = QStringLiteral("Diff is calculated: current DWOs minus the target.");
    t.subtitle = QStringLiteral("Metropolitan Police Service, %1").arg(currentPeriod.label());
    ReportRow row;
    row.cells = {currentPeriod.label(), target->first, current->first, current->first - target->first};
    t.rows.append(row);
    return t;
}

// A finance line table as its description (reportspec.h) gives it, for the quarter.
std::optional<ReportTable> lineTable(const Store &store, const reportspec::LineTable &spec, const Period &quarter, QString *error)
{
    const auto held = quarterIn(store, spec.storage, quarter, error);
    if (!held)
        return std::nullopt;
    ReportTable t;
    QStringList columns;
    for (const reportspec::Column &c : spec.text + spec.figures) {
        t.columns.append({reportspec::header(c, quarter), c.format, c.signedChange});
        columns.append(c.storage);
    }
    t.subtitle = spec.subtitle;
    t.subtitle.replace(QStringLiteral("%1"), held->second)
        .replace(QStringLiteral("%2"), Period::financialYear(quarter.financialYearStart()).label());
    t.source = spec.source;
    QSqlQuery q(store.database());
    if (!select(q, QStringLiteral("SELECT kind, %1, %2 FROM %3 WHERE period_id = ? %4 ORDER BY ordinal")
                       .arg(columns.join(QStringLiteral(", ")),
                            spec.keepsDecimals ? QStringLiteral("decimals") : QStringLiteral("NULL"), spec.storage,
                            spec.shared ? QStringLiteral("AND table_id = ?") : QString()),
                spec.shared ? QVariantList{held->first, spec.id} : QVariantList{held->first}, error))
        return std::nullopt;
    const int textCount = int(spec.text.size());
    while (q.next()) {
        ReportRow row;
        row.kind = rowKind(q.value(0).toString());
        for (int c = 0; c < columns.size(); ++c)
            row.cells.append(c < textCount ? QVariant(q.value(1 + c).toString()) : numberOrEmpty(q.value(1 + c)));
        if (spec.keepsDecimals) {
            // As the report prints each figure: "268" whole, "27.0" with its decimal.
            const QList<int> written = decimalList(q.value(1 + int(columns.size())));
            row.decimals = QList<int>(textCount, -1);
            for (int c = 0; c < spec.figures.size(); ++c)
                row.decimals.append(written.value(c, -1));
        }
        t.rows.append(row);
    }
    return t;
}

std::optional<ReportTable> reserves(const Store &store, const Period &quarter, QString *error)
{
    QSqlQuery q(store.database());
    if (!select(q, QStringLiteral("SELECT p.code, r.status, r.opening, r.movement, r.closing, r.general_fund, r.general_fund_pct, "
                                  "r.earmarked, r.earmarked_pct, rp.code, r.decimals FROM reserve_year r JOIN period p ON p.id = r.period_id "
                                  "JOIN period rp ON rp.id = r.reported_in_period_id "
                                  "WHERE rp.code = ? ORDER BY p.start_date"), {quarter.code()}, error))
        return std::nullopt;
    struct Year { QString code; QString status; QList<QVariant> values; QList<int> decimals; };
    QList<Year> years;
    QString reportedIn;
    while (q.next()) {
        Year y{q.value(0).toString(), q.value(1).toString(), {}, decimalList(q.value(10))};
        for (int c = 2; c <= 8; ++c)
            y.values.append(numberOrEmpty(q.value(c)));
        reportedIn = q.value(9).toString();
        years.append(y);
    }
    if (years.isEmpty()) {
        *error = QStringLiteral("the store holds no reserves figures reported at %1").arg(quarter.label());
        return std::nullopt;
    }
    ReportTable t;
    t.columns = {{QStringLiteral("Planned & Actual Position (£m)"), ValueFormat::Text, false}};
    for (const Year &y : years)
        t.columns.append({y.code, ValueFormat::Millions, false});
    t.subtitle = QStringLiteral("MPS reserves, as reported at %1").arg(reportedIn);
    t.source = QStringLiteral("Source: MPS finance");
    ReportRow status;
    status.cells = {QStringLiteral("Status")};
    for (const Year &y : years) {
        const QString s = y.status == QLatin1String("actual") ? QStringLiteral("Actual")
                          : y.status == QLatin1String("forecast") ? QStringLiteral("Forecasted")
                                                                   : QStringLiteral("Planned");
        status.cells.append(s);
    }
    t.rows.append(status);
    const QStringList labels = {
        QStringLiteral("Opening Reserve Balance"),
        QStringLiteral("Net Reserve Movement"),
        QStringLiteral("Closing reserve Balance"),
        QStringLiteral("General Fund Reserve"),
        QStringLiteral("General Fund Reserve % to Net Budget (Ex Grant funding & Precept)"),
        QStringLiteral("Earmarked Reserves"),
        QStringLiteral("Earmarked Reserve as % to Net Budget (Ex Grant funding & Precept)"),
    };
    for (int i = 0; i < labels.size(); ++i) {
        ReportRow row;
        row.cells = {labels.at(i)};
        row.decimals = {-1};
        for (const Year &y : years) {
            row.cells.append(y.values.at(i));
            row.decimals.append(y.decimals.value(i, -1)); // the report's "2%", its "46.6"
        }
        if (i == 2)
            row.kind = RowKind::Subtotal;
        if (i == 4 || i == 6)
            row.format = ValueFormat::Percent;
        t.rows.append(row);
    }
    return t;
}

std::optional<ReportTable> lcpf(const Store &store, const Period &quarter, QString *error)
{
    QSqlQuery q(store.database());
    if (!select(q, QStringLiteral("SELECT a.name, l.allocation_gbp, p.code FROM lcpf_allocation l JOIN area a ON a.id = l.area_id "
                                  "JOIN period p ON p.id = l.period_id WHERE p.code = ? ORDER BY a.name"),
                {Period::financialYear(quarter.financialYearStart()).code()}, error))
        return std::nullopt;
    ReportTable t;
    QString year;
    double sum = 0.0;
    while (q.next()) {
        ReportRow row;
        row.cells = {q.value(0).toString(), q.value(1).toDouble()};
        sum += q.value(1).toDouble();
        year = q.value(2).toString();
        t.rows.append(row);
    }
    if (t.rows.isEmpty()) {
        *error = QStringLiteral("the store holds no London Crime Prevention Fund allocations for %1")
                     .arg(Period::financialYear(quarter.financialYearStart()).label());
        return std::nullopt;
    }
    const QString shortYear = year.mid(2);
    t.columns = {
        {QStringLiteral("Boroughs"), ValueFormat::Text, false},
        {QStringLiteral("Total Allocation %1").arg(shortYear), ValueFormat::Pounds, false},
    };
    t.subtitle = QStringLiteral("Fund allocation across boroughs, %1").arg(year);
    t.source = QStringLiteral("Source: MOPAC");
    // The report prints its own Grand Total; show that figure, and say so where the boroughs' sum differs.
    if (!select(q, QStringLiteral("SELECT o.value FROM observation o JOIN measure m ON m.id = o.measure_id "
                                  "JOIN period p ON p.id = o.period_id WHERE p.code = ? AND m.key = 'lcpf.allocation_total'"),
                {year}, error))
        return std::nullopt;
    ReportRow total;
    total.kind = RowKind::Total;
    if (q.next()) {
        const double printed = q.value(0).toDouble();
        total.cells = {QStringLiteral("Grand Total"), printed};
        // A disagreement recorded from the report (disagreements.csv) says the same with its places,
        // and build() adds it; this check is for years imported without one.
        bool recorded = false;
        for (const SourceDisagreement &d : disagreements::forTable(store, QStringLiteral("lcpf"))) {
            for (const SourceStatement &s : d.statements)
                recorded = recorded || (d.period == year && s.value == sum);
        }
        if (printed != sum && !recorded)
            t.note = QStringLiteral("The report prints a Grand Total of £%1; its borough allocations add up to £%2.")
                         .arg(formatting::enGB().toString(printed, 'f', 0),
                              formatting::enGB().toString(sum, 'f', 0));
    } else {
        total.cells = {QStringLiteral("Grand Total"), sum};
    }
    t.rows.append(total);
    return t;
}

std::optional<ReportTable> workforce(const Store &store, const Period &quarter, QString *error)
{
    struct Line { QString key; QString label; };
    const QList<Line> lines = {
        {QStringLiteral("workforce.officers"), QStringLiteral("Officers")},
        {QStringLiteral("workforce.special_constables"), QStringLiteral("Special Constables")},
        {QStringLiteral("workforce.pcsos"), QStringLiteral("PCSOs")},
        {QStringLiteral("workforce.staff"), QStringLiteral("Staff")},
    };
    QSqlQuery q(store.database());
    if (!select(q, QStringLiteral("SELECT p.id, p.code FROM observation o JOIN measure m ON m.id = o.measure_id "
                                  "JOIN period p ON p.id = o.period_id WHERE m.key = 'workforce.officers' AND p.code = ? "
                                  "LIMIT 1"), {quarter.code()}, error))
        return std::nullopt;
    if (!q.next()) {
        *error = QStringLiteral("the store holds no workforce figures for %1").arg(quarter.label());
        return std::nullopt;
    }
    const qint64 periodId = q.value(0).toLongLong();
    const QString periodCode = q.value(1).toString();
    ReportTable t;
    t.columns = {
        {QStringLiteral("Workforce"), ValueFormat::Text, false},
        {QStringLiteral("As at end of %1").arg(periodCode), ValueFormat::Count, false},
    };
    t.subtitle = QStringLiteral("The Met workforce as at the end of %1").arg(periodCode);
    t.source = QStringLiteral("Source: MPS");
    for (const Line &line : lines) {
        if (!select(q, QStringLiteral("SELECT o.value FROM observation o JOIN measure m ON m.id = o.measure_id "
                                      "WHERE m.key = ? AND o.period_id = ? AND o.breakdown_id = 0"),
                    {line.key, periodId}, error))
            return std::nullopt;
        ReportRow row;
        row.cells = {line.label, q.next() ? QVariant(q.value(0).toDouble()) : QVariant()};
        t.rows.append(row);
    }
    return t;
}

std::optional<ReportTable> milestones(const Store &store, const Period &quarter, QString *error)
{
    QSqlQuery q(store.database());
    if (!select(q, QStringLiteral("SELECT m.text, p.code, m.programme, m.status, rp.code, m.commentary, m.section, "
                                  "m.status_from, m.status_icon, m.status_words FROM milestone m "
                                  "JOIN period p ON p.id = m.period_id JOIN period rp ON rp.id = m.reported_in_period_id "
                                  "WHERE rp.code = ? ORDER BY m.ordinal"), {quarter.code()}, error))
        return std::nullopt;
    ReportTable t;
    t.columns = {
        {QStringLiteral("Milestone"), ValueFormat::Text, false},
        {QStringLiteral("Quarter"), ValueFormat::Text, false},
        {QStringLiteral("Programme"), ValueFormat::Text, false},
        {QStringLiteral("Status"), ValueFormat::Text, false},
        // Whether the report printed the status or it was read from the commentary: a status the
        // report only implies must never pass for one it states.
        {QStringLiteral("Status from"), ValueFormat::Text, false},
        // The quarter's commentary is a fact of its quarter as much as the status: exported with it,
        // so that next quarter's return can carry its own.
        {QStringLiteral("Commentary"), ValueFormat::Text, false, -1, false, true},
    };
    t.source = QStringLiteral("Source: MPS Business Plan 2017-18, quarterly update");
    int printed = 0;
    int inferred = 0;
    int notStated = 0;
    while (q.next()) {
        const QString status = q.value(3).toString();
        const QString from = q.value(7).toString();
        const QString icon = q.value(8).toString();
        const QString words = q.value(9).toString();
        ReportRow row;
        row.cells = {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), status, from, q.value(5).toString()};
        QString basis;
        if (from == QLatin1String(kStatusPrinted)) {
            ++printed;
            basis = QStringLiteral("Status: %1, printed in the report (%2).").arg(status, icon);
        } else if (from == QLatin1String(kStatusInferred)) {
            ++inferred;
            basis = words.isEmpty()
                ? QStringLiteral("Status: %1, inferred from the commentary (the words were not recorded).").arg(status)
                : QStringLiteral("Status: %1, inferred from the commentary: “%2”.").arg(status, words);
            if (!icon.isEmpty())
                basis += QStringLiteral(" The report's text keeps an icon beside it (%1) whose meaning it does not give.").arg(icon);
        } else {
            ++notStated;
            basis = QStringLiteral("Status: not stated in the report.");
        }
        row.detail = q.value(6).toString() + QStringLiteral(" — ") + q.value(0).toString() + QStringLiteral("\n\n") + basis
            + QStringLiteral("\n\n")
            + (q.value(5).toString().isEmpty() ? QStringLiteral("The report gives no commentary for this milestone.")
                                                : q.value(5).toString());
        t.subtitle = QStringLiteral("Met Business Plan milestones, as reported at %1").arg(q.value(4).toString());
        t.rows.append(row);
    }
    if (t.rows.isEmpty()) {
        *error = QStringLiteral("the store holds no milestones reported at %1").arg(quarter.label());
        return std::nullopt;
    }
    t.note = QStringLiteral("Status from: %1 of the %2 statuses are printed in the report (its status icon survives "
                            "in the text); %3 are inferred from the commentary's words (“inferred”), not printed; %4 "
                            "%5 not stated.")
                 .arg(printed)
                 .arg(t.rows.size())
                 .arg(inferred)
                 .arg(notStated)
                 .arg(notStated == 1 ? QStringLiteral("is") : QStringLiteral("are"));
    return t;
}

} // namespace

QList<Period> quartersHeld(const Store &store, QString *error)
{
    // A quarter is held when a quarterly return holds figures for it: the finance tables, reserves and
    // milestones as reported at it, or the survey and workforce figures of it. Monthly crime and the
    // LCPF's financial years alone make no quarter: they have no report of their own.
    QSqlQuery q(store.database());
    QString ignored;
    if (!select(q, QStringLiteral(
            "SELECT code FROM period WHERE kind = 'quarter' AND ("
            " id IN (SELECT period_id FROM revenue_line) OR id IN (SELECT period_id FROM business_group_line)"
            " OR id IN (SELECT period_id FROM savings_line) OR id IN (SELECT period_id FROM capital_line)"
            " OR id IN (SELECT reported_in_period_id FROM reserve_year) OR id IN (SELECT reported_in_period_id FROM milestone)"
            " OR id IN (SELECT period_id FROM local_priority)"
            " OR id IN (SELECT o.period_id FROM observation o JOIN measure m ON m.id = o.measure_id"
            "           WHERE m.key IN ('workforce.officers', 'pas.overall_satisfaction'))) "
            "ORDER BY end_date"), {}, error ? error : &ignored))
        return {};
    QList<Period> out;
    while (q.next()) {
        if (const auto period = Period::parse(q.value(0).toString()))
            out.append(*period);
    }
    return out;
}

std::optional<Period> latestQuarterHeld(const Store &store)
{
    const QList<Period> held = quartersHeld(store);
    if (held.isEmpty())
        return std::nullopt;
    return held.last();
}

QList<QuarterHeld> quarterSummaries(const Store &store)
{
    QList<QuarterHeld> out;
    for (const Period &quarter : quartersHeld(store)) {
        QuarterHeld held{quarter, {}, 0, {}};
        for (const QString &id : ids()) {
            QString error;
            const auto table = build(store, id, quarter, &error);
            if (!table)
                continue;
            held.tables.append(id);
            for (const ReportRow &row : table->rows) {
                for (int c = 0; c < row.cells.size() && c < table->columns.size(); ++c) {
                    const QVariant &v = row.cells.at(c);
                    if (v.isValid() && !v.isNull() && v.typeId() != QMetaType::QString && !table->columns.at(c).derived)
                        ++held.figures;
                }
            }
        }
        // The rows and figures of the quarter's tables, wherever they are kept.
        QSqlQuery q(store.database());
        const Period year = Period::financialYear(quarter.financialYearStart());
        const QString r12 = Period::rolling12(quarter.end().year(), quarter.end().month()).code();
        const QString lastMonth = Period::month(quarter.end().year(), quarter.end().month()).code();
        QString error;
        if (select(q, QStringLiteral(
                "SELECT DISTINCT batch_id FROM ("
                " SELECT batch_id, period_id FROM revenue_line UNION ALL SELECT batch_id, period_id FROM business_group_line"
                " UNION ALL SELECT batch_id, period_id FROM savings_line UNION ALL SELECT batch_id, period_id FROM capital_line"
                " UNION ALL SELECT batch_id, reported_in_period_id FROM reserve_year"
                " UNION ALL SELECT batch_id, reported_in_period_id FROM milestone"
                " UNION ALL SELECT batch_id, period_id FROM local_priority"
                " UNION ALL SELECT batch_id, period_id FROM lcpf_allocation"
                " UNION ALL SELECT o.batch_id, o.period_id FROM observation o JOIN measure m ON m.id = o.measure_id"
                "  WHERE m.key LIKE 'workforce.%' OR m.key LIKE 'pas.%' OR m.key LIKE 'dwo.%'"
                "  OR o.measure_id IN (SELECT measure_id FROM report_row WHERE table_id = 'recorded-crime-12m')"
                ") x JOIN period p ON p.id = x.period_id WHERE p.code IN (?, ?, ?, ?) ORDER BY batch_id"),
                {quarter.code(), year.code(), r12, lastMonth}, &error)) {
            while (q.next())
                held.batches.append(q.value(0).toLongLong());
        }
        out.append(held);
    }
    return out;
}

QStringList ids()
{
    QStringList out;
    for (const TableInfo &info : tableInfos())
        out.append(info.id);
    return out;
}

QString title(const QString &id)
{
    for (const TableInfo &info : tableInfos()) {
        if (info.id == id)
            return info.title;
    }
    return {};
}

std::optional<ReportTable> build(const Store &store, const QString &id, QString *error)
{
    const auto quarter = latestQuarterHeld(store);
    if (!quarter) {
        *error = QStringLiteral("the store holds no report figures for any quarter yet; import a quarter's returns");
        return std::nullopt;
    }
    return build(store, id, *quarter, error);
}

namespace {

std::optional<ReportTable> buildStated(const Store &store, const QString &id, const Period &quarter, QString *error);

// The quarter before, or none where the comparison would cross a financial year: a full-year
// forecast at Q1 2018/19 is for another year than Q4 2017/18's.
std::optional<Period> previousQuarter(const Period &quarter, bool withinYear)
{
    const int q = (quarter.start().month() + 8) % 12 / 3 + 1;
    if (q > 1)
        return Period::quarter(quarter.financialYearStart(), q - 1);
    if (withinYear)
        return std::nullopt;
    return Period::quarter(quarter.financialYearStart() - 1, 4);
}

// Tables that show the change since the previous quarter beside their main figure: the column
// compared and how many leading text columns name a row.
struct Comparison {
    QString id;
    int column;
    int keyColumns;
    bool withinYear;
};

const QList<Comparison> &comparisons()
{
    static const QList<Comparison> list = [] {
        QList<Comparison> out;
        for (const reportspec::LineTable &t : reportspec::lineTables())
            out.append({t.id, t.compared, int(t.text.size()), true});
        out.append({QStringLiteral("workforce"), 1, 1, false});
        return out;
    }();
    return list;
}

void addComparison(const Store &store, ReportTable &table, const Period &quarter)
{
    for (const Comparison &c : comparisons()) {
        if (c.id != table.id || c.column >= table.columns.size())
            continue;
        const auto previous = previousQuarter(quarter, c.withinYear);
        if (!previous)
            return;
        QString ignored;
        const auto before = buildStated(store, table.id, *previous, &ignored);
        if (!before)
            return;
        auto key = [&](const ReportRow &row) {
            QStringList parts;
            for (int k = 0; k < c.keyColumns; ++k)
                parts.append(row.cells.value(k).toString().simplified().toLower());
            return parts.join(QLatin1Char('\x1f'));
        };
        QHash<QString, QVariant> earlier;
        for (const ReportRow &row : before->rows)
            earlier.insert(key(row), row.cells.value(c.column));
        ReportColumn change = table.columns.at(c.column);
        change.header = QStringLiteral("Change since %1").arg(reportspec::shortQuarter(*previous));
        change.signedChange = true;
        change.derived = true;
        // Beside the figure it compares, as the board reads a movement.
        const int at = c.column + 1;
        table.columns.insert(at, change);
        int unmatched = 0;
        for (ReportRow &row : table.rows) {
            const QVariant now = row.cells.value(c.column);
            const QVariant then = earlier.value(key(row));
            QVariant difference;
            if (now.isValid() && !now.isNull() && then.isValid() && !then.isNull()) {
                const double places = change.format == ValueFormat::Millions ? 10.0 : 1.0;
                difference = std::round((now.toDouble() - then.toDouble()) * places) / places;
            } else if (now.isValid() && !now.isNull()) {
                ++unmatched;
            }
            while (row.cells.size() < table.columns.size() - 1)
                row.cells.append(QVariant());
            row.cells.insert(at, difference);
            if (!row.decimals.isEmpty()) {
                while (row.decimals.size() < table.columns.size() - 1)
                    row.decimals.append(-1);
                row.decimals.insert(at, -1);
            }
        }
        QString note = QStringLiteral("“%1” is calculated by Oversight: %2 at %3 minus the same line at %4.")
                           .arg(change.header, table.columns.at(c.column).header, quarter.label(), previous->label());
        if (unmatched > 0)
            note += QStringLiteral(" %1 %2 no line of that name at %3 (new, or renamed): no change is shown for %4.")
                        .arg(unmatched)
                        .arg(unmatched == 1 ? QStringLiteral("line has") : QStringLiteral("lines have"), previous->label(),
                             unmatched == 1 ? QStringLiteral("it") : QStringLiteral("them"));
        table.note = table.note.isEmpty() ? note : table.note + QLatin1Char('\n') + note;
        return;
    }
}

} // namespace

std::optional<ReportTable> build(const Store &store, const QString &id, const Period &quarter, QString *error)
{
    auto table = buildStated(store, id, quarter, error);
    if (table)
        addComparison(store, *table, quarter);
    return table;
}

namespace {

std::optional<ReportTable> buildStated(const Store &store, const QString &id, const Period &quarter, QString *error)
{
    if (quarter.kind() != Period::Kind::Quarter) {
        *error = QStringLiteral("'%1' is not a quarter (write it as \"Q2 2017/18\")").arg(quarter.label());
        return std::nullopt;
    }
    std::optional<ReportTable> table;
    if (id == QLatin1String("recorded-crime-12m"))
        table = recordedCrime(store, quarter, error);
    else if (id == QLatin1String("local-priorities"))
        table = localPriorities(store, quarter, error);
    else if (id == QLatin1String("satisfaction-gaps"))
        table = satisfactionGaps(store, quarter, error);
    else if (id == QLatin1String("dwo"))
        table = dwo(store, quarter, error);
    else if (const reportspec::LineTable *spec = reportspec::lineTable(id))
        table = lineTable(store, *spec, quarter, error);
    else if (id == QLatin1String("reserves"))
        table = reserves(store, quarter, error);
    else if (id == QLatin1String("lcpf"))
        table = lcpf(store, quarter, error);
    else if (id == QLatin1String("workforce"))
        table = workforce(store, quarter, error);
    else if (id == QLatin1String("milestones"))
        table = milestones(store, quarter, error);
    else {
        *error = QStringLiteral("unknown table '%1'; the tables are: %2").arg(id, ids().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    if (table) {
        table->id = id;
        table->title = title(id);
        // Where the report disagrees with itself about what this table shows, the table says so.
        static const QRegularExpression year(QStringLiteral("\\b\\d{4}/\\d{2}\\b"));
        QString shown = quarterOf(*table);
        if (shown.isEmpty())
            shown = year.match(table->subtitle).captured();
        QStringList notes;
        if (!table->note.isEmpty())
            notes.append(table->note);
        for (const SourceDisagreement &d : disagreements::forTable(store, id)) {
            if (d.period.isEmpty() || d.period == shown)
                notes.append(disagreements::note(d));
        }
        table->note = notes.join(QLatin1Char('\n'));
    }
    return table;
}

} // namespace

QString quarterOf(const ReportTable &table)
{
    static const QRegularExpression quarter(QStringLiteral("Q[1-4] \\d{4}/\\d{2}"));
    const auto match = quarter.match(table.subtitle);
    return match.hasMatch() ? match.captured() : QString();
}

QString plainNumber(double value, ValueFormat format)
{
    switch (format) {
    case ValueFormat::Count:
    case ValueFormat::Pounds:
        return QString::number(std::llround(value));
    case ValueFormat::Millions:
    case ValueFormat::Percent:
    case ValueFormat::Points: {
        QString text = QString::number(value, 'f', 1);
        if (text == QLatin1String("-0.0"))
            text = QStringLiteral("0.0");
        return text;
    }
    case ValueFormat::Text:
        break;
    }
    return QString::number(value);
}

namespace {

ValueFormat cellFormat(const ReportTable &table, const ReportRow &row, int column)
{
    return effectiveColumn(table, row, column).format;
}

} // namespace

QString toCsv(const ReportTable &table)
{
    QStringList headers;
    for (const ReportColumn &c : table.columns)
        headers.append(c.header);
    QString out = csv::line(headers) + QLatin1Char('\n');
    for (const ReportRow &row : table.rows) {
        QStringList fields;
        for (int c = 0; c < table.columns.size(); ++c) {
            const QVariant v = row.cells.value(c);
            if (!v.isValid() || v.isNull())
                fields.append(QString());
            else if (v.typeId() == QMetaType::QString)
                fields.append(v.toString());
            else
                fields.append(plainNumber(v.toDouble(), cellFormat(table, row, c)));
        }
        out += csv::line(fields) + QLatin1Char('\n');
    }
    return out;
}

ReportTable withoutColumns(ReportTable table, const std::function<bool(const ReportColumn &)> &leaveOut)
{
    for (int c = int(table.columns.size()) - 1; c >= 0; --c) {
        if (!leaveOut(table.columns.at(c)))
            continue;
        table.columns.removeAt(c);
        for (ReportRow &row : table.rows) {
            if (c < row.cells.size())
                row.cells.removeAt(c);
            if (c < row.decimals.size())
                row.decimals.removeAt(c);
        }
    }
    return table;
}

ReportColumn effectiveColumn(const ReportTable &table, const ReportRow &row, int column)
{
    ReportColumn effective = table.columns.at(column);
    if (row.format && effective.format != ValueFormat::Text)
        effective.format = *row.format;
    if (row.decimals.value(column, -1) >= 0)
        effective.decimals = row.decimals.at(column);
    // The MPS average row of the satisfaction table holds percentages, not gaps.
    if (effective.format == ValueFormat::Points && row.kind == RowKind::Total) {
        effective.format = ValueFormat::Percent;
        effective.signedChange = false;
    }
    return effective;
}

QString displayText(const QVariant &value, const ReportColumn &column)
{
    if (!value.isValid() || value.isNull())
        return QString();
    if (value.typeId() == QMetaType::QString)
        return value.toString();
    const QLocale &enGB = formatting::enGB();
    const double v = value.toDouble();
    // £m, % and points: one decimal unless the report states the figure otherwise; never so few that
    // a stored digit would be rounded away (a stated precision hides no figure).
    int places = column.decimals >= 0 ? column.decimals : 1;
    while (column.decimals >= 0 && places < 6 && std::abs(v - roundTo(v, places)) > 1e-9)
        ++places;
    switch (column.format) {
    case ValueFormat::Count:
        return (column.signedChange && v > 0 ? QStringLiteral("+") : QString()) + enGB.toString(v, 'f', 0);
    case ValueFormat::Pounds:
        return (v < 0 ? QStringLiteral("-£") : QStringLiteral("£")) + enGB.toString(std::abs(v), 'f', 0);
    case ValueFormat::Millions: {
        const QString text = enGB.toString(v, 'f', places);
        if (text.startsWith(QLatin1Char('-')) && enGB.toDouble(text) == 0.0)
            return text.mid(1);
        // Oversight's change since last quarter says its direction; the report's variances print as stated.
        return column.derived && enGB.toDouble(text) > 0.0 ? QLatin1Char('+') + text : text;
    }
    case ValueFormat::Percent:
        return (column.signedChange && v > 0 ? QStringLiteral("+") : QString()) + enGB.toString(v, 'f', places)
            + QLatin1Char('%');
    case ValueFormat::Points:
        return (v > 0 ? QStringLiteral("+") : QString()) + enGB.toString(v, 'f', places);
    case ValueFormat::Text:
        break;
    }
    return value.toString();
}

} // namespace oversight::reporttables
