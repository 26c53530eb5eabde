#include "sourcecomparison.h"

#include "catalog.h"
#include "packdata.h"
#include "period.h"
#include "store.h"

#include <QSqlQuery>
#include <QStringList>

#include <algorithm>

namespace oversight::sourcecomparison {

namespace {

// The report's measures that the open data also counts, each with the chart that draws the open
// data's figure. One declaration: the measure view and the pack both read it.
struct Pair {
    QString measureKey;
    QString chartId;      // empty: no chart of its own draws the open data's figure
    QString openCategory; // the MPS major category the open data counts it as; empty: every category
};

const QList<Pair> &pairs()
{
    static const QList<Pair> all = {
        // Total notifiable offences: the report's recorded crime table against every category of the
        // MPS open data, summed over its areas (what the crime.tno chart draws).
        {QStringLiteral("crime.tno"), QStringLiteral("crime.tno"), QString()},
        // The table's rows the open data counts under a major category of the same name. (Not Violence
        // Against the Person: the open data's category of that name counts some 46,000 fewer offences
        // for the same 12 months, so it is not the same measure, and pairing them would mislead.)
        {QStringLiteral("crime.burglary"), QString(), QStringLiteral("Burglary")},
        {QStringLiteral("crime.robbery"), QString(), QStringLiteral("Robbery")},
    };
    return all;
}

const QString kMps = QStringLiteral("E23000001");

struct OpenDataSum {
    double total = 0.0;
    double otherAreas = 0.0; // areas of the MPS that are not boroughs (the airports)
    QStringList otherNames;
    QString source;
};

// Every open-data category over every MPS area for the months of a period; none unless each month
// is there (a short sum is no 12 months).
std::optional<OpenDataSum> openDataSum(const Store &store, const Period &period, const QString &category)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral(
        "SELECT count(DISTINCT p.id), sum(o.value), sum(CASE WHEN a.kind = 'other' THEN o.value ELSE 0 END) "
        "FROM measure m JOIN observation o ON o.measure_id = m.id JOIN area a ON a.id = o.area_id "
        "JOIN period p ON p.id = o.period_id "
        "WHERE m.category IS NOT NULL AND m.category <> '' AND (coalesce(?, '') = '' OR m.category = ?) AND o.breakdown_id = 0 "
        "AND a.kind IN ('borough', 'other') AND p.kind = 'month' AND p.start_date >= ? AND p.end_date <= ?"));
    q.addBindValue(category);
    q.addBindValue(category);
    q.addBindValue(period.start().toString(Qt::ISODate));
    q.addBindValue(period.end().toString(Qt::ISODate));
    const int months = (period.end().year() - period.start().year()) * 12 + period.end().month() - period.start().month() + 1;
    if (!q.exec() || !q.next() || q.value(0).toInt() != months)
        return std::nullopt;
    OpenDataSum sum;
    sum.total = q.value(1).toDouble();
    sum.otherAreas = q.value(2).toDouble();
    q.prepare(QStringLiteral("SELECT DISTINCT a.name FROM area a WHERE a.kind = 'other' AND EXISTS "
                             "(SELECT 1 FROM observation o WHERE o.area_id = a.id) ORDER BY a.name"));
    if (q.exec()) {
        while (q.next())
            sum.otherNames.append(q.value(0).toString());
    }
    q.prepare(QStringLiteral("SELECT source FROM measure WHERE category IS NOT NULL AND category <> '' LIMIT 1"));
    if (q.exec() && q.next())
        sum.source = q.value(0).toString();
    return sum;
}

std::optional<Comparison> build(const Store &store, const Pair &pair, const QDate &upTo)
{
    const auto info = catalog::measure(store, pair.measureKey);
    if (!info)
        return std::nullopt;
    QSqlQuery q(store.database());
    // The report's rolling 12-month figures for the MPS, latest first: the first the open data covers.
    q.prepare(QStringLiteral(
        "SELECT p.code, o.value, o.decimals, o.source_ref FROM observation o JOIN measure m ON m.id = o.measure_id "
        "JOIN area a ON a.id = o.area_id JOIN period p ON p.id = o.period_id "
        "WHERE m.key = ? AND a.code = ? AND o.breakdown_id = 0 AND p.kind = 'rolling_12_months' ORDER BY p.end_date DESC"));
    q.addBindValue(pair.measureKey);
    q.addBindValue(kMps);
    if (!q.exec())
        return std::nullopt;
    while (q.next()) {
        const auto period = Period::parse(q.value(0).toString());
        if (!period || (upTo.isValid() && upTo < period->end()))
            continue;
        const auto open = openDataSum(store, *period, pair.openCategory);
        if (!open)
            continue;
        Comparison c;
        c.measureKey = pair.measureKey;
        c.chartId = pair.chartId;
        c.title = info->name;
        c.period = period->label();
        c.unit = info->unit;
        const QString where = packdata::statedIn(q.value(3).toString());
        c.report = {QStringLiteral("MOPAC report"),
                    where.isEmpty() ? info->source : QStringLiteral("%1 (%2)").arg(where, info->source),
                    q.value(1).toDouble(),
                    q.value(2).isNull() ? catalog::defaultDecimals(info->unit) : q.value(2).toInt(), false};
        const QString areas = open->otherNames.isEmpty()
            ? QStringLiteral("the boroughs")
            : QStringLiteral("the boroughs and %1").arg(open->otherNames.join(QStringLiteral(", ")));
        c.openData = {QStringLiteral("MPS open data"),
                      QStringLiteral("%1: %2 in %3, summed over the 12 months")
                          .arg(open->source.isEmpty() ? QStringLiteral("MPS recorded crime") : open->source,
                               pair.openCategory.isEmpty() ? QStringLiteral("every offence category")
                                                           : QStringLiteral("its %1 category").arg(pair.openCategory),
                               areas),
                      open->total, catalog::defaultDecimals(info->unit), true};
        c.difference = c.openData.value - c.report.value;
        // What is known of why: what the open data counts besides the boroughs, and that it is a later
        // extract of the MPS's records (resources/crime/PROVENANCE.md), revised since the report.
        QStringList why;
        if (open->otherAreas != 0.0)
            why.append(QStringLiteral("includes %1 (%2 offences in these 12 months, calculated)")
                           .arg(open->otherNames.join(QStringLiteral(", ")),
                                catalog::formatValue(open->otherAreas, info->unit, 0)));
        why.append(QStringLiteral("is a later extract of the MPS's records, with the revisions made since the report"));
        c.reason = QStringLiteral("The open data %1.").arg(why.join(QStringLiteral(" and ")));
        return c;
    }
    return std::nullopt;
}

} // namespace

std::optional<Comparison> forMeasure(const Store &store, const QString &measureKey, const QDate &upTo)
{
    for (const Pair &p : pairs()) {
        if (p.measureKey == measureKey)
            return build(store, p, upTo);
    }
    return std::nullopt;
}

std::optional<Comparison> forChart(const Store &store, const QString &chartId, const QDate &upTo)
{
    for (const Pair &p : pairs()) {
        if (!p.chartId.isEmpty() && p.chartId == chartId)
            return build(store, p, upTo);
    }
    return std::nullopt;
}

QString text(const Comparison &c, const SourceFigure &figure)
{
    return catalog::formatValue(figure.value, c.unit, figure.decimals);
}

QString differenceText(const Comparison &c)
{
    // Signed: which way the open data differs from the report.
    const QString magnitude = catalog::formatValue(c.difference, c.unit, std::min(c.report.decimals, c.openData.decimals));
    return c.difference > 0 && !magnitude.startsWith(QLatin1Char('+')) ? QStringLiteral("+") + magnitude : magnitude;
}

} // namespace oversight::sourcecomparison
