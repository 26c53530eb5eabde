#include "boroughmapdata.h"
#include "sqlids.h"
#include "formatting.h"

#include "catalog.h"
#include "classification.h"
#include "crimetotals.h"
#include "period.h"
#include "store.h"

#include <QHash>
#include <QLocale>
#include <QSet>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <utility>

namespace oversight {

namespace {

const QString kCityOfLondon = QStringLiteral("E09000001");

using formatting::enGB;

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks.append(QStringLiteral("?"));
    return marks.join(QLatin1Char(','));
}

QString iso(const QDate &date)
{
    return date.toString(Qt::ISODate);
}

QDate monthStart(const QDate &date)
{
    return QDate(date.year(), date.month(), 1);
}

QDate monthEnd(const QDate &first)
{
    return first.addMonths(1).addDays(-1);
}

int monthsBetween(const QDate &first, const QDate &last)
{
    return (last.year() - first.year()) * 12 + last.month() - first.month() + 1;
}

// "June 2017" or "February 2023 to January 2024".
QString spanLabel(const QDate &first, const QDate &last)
{
    const QString a = Period::month(first.year(), first.month()).label();
    const QString b = Period::month(last.year(), last.month()).label();
    return first == last ? a : QStringLiteral("%1 to %2").arg(a, b);
}

// Every borough in the store, by code, without values yet.
QList<BoroughMapValue> boroughList(const Store &store)
{
    QList<BoroughMapValue> out;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT code, name FROM area WHERE kind = 'borough' ORDER BY code"));
    while (q.next()) {
        BoroughMapValue b;
        b.code = q.value(0).toString();
        b.name = q.value(1).toString();
        out.append(b);
    }
    return out;
}

// Batches' sources ("; "-joined, in id order) and the latest end of their periods.
void describeBatches(const Store &store, const QSet<qint64> &batchIds, BoroughMapData *data)
{
    if (batchIds.isEmpty())
        return;
    QList<qint64> ids(batchIds.cbegin(), batchIds.cend());
    std::sort(ids.begin(), ids.end());
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT source, last_period_end FROM import_batch WHERE id IN (%1) ORDER BY id").arg(sqlIdList(ids)));
    QStringList sources;
    while (q.next()) {
        const QString source = q.value(0).toString();
        if (!source.isEmpty() && !sources.contains(source))
            sources.append(source);
        const QDate end = QDate::fromString(q.value(1).toString(), Qt::ISODate);
        if (end.isValid() && (!data->asAt.isValid() || end > data->asAt))
            data->asAt = end;
    }
    data->source = sources.join(QStringLiteral("; "));
}

// The latest quarter the batches hold figures for: a quarterly report's own quarter.
std::optional<Period> reportQuarter(const Store &store, const QSet<qint64> &batchIds)
{
    if (batchIds.isEmpty())
        return std::nullopt;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT p.code FROM observation o JOIN period p ON p.id = o.period_id "
                          "WHERE o.batch_id IN (%1) AND p.kind = 'quarter' ORDER BY p.end_date DESC LIMIT 1")
               .arg(sqlIdList(QList<qint64>(batchIds.cbegin(), batchIds.cend()))));
    if (q.next())
        return Period::parse(q.value(0).toString());
    return std::nullopt;
}

// Why a borough has no value: the City of London is not policed by the MPS.
void explainMissing(BoroughMapData *data, const QString &otherwise)
{
    for (BoroughMapValue &b : data->boroughs) {
        if (b.value || !b.whyMissing.isEmpty())
            continue;
        b.whyMissing = b.code == kCityOfLondon
            ? QStringLiteral("No figure: the City of London is policed by the City of London Police, not the MPS")
            : otherwise;
    }
}

void rankValues(BoroughMapData *data)
{
    for (BoroughMapValue &b : data->boroughs) {
        b.rank = 0;
        if (!b.value)
            continue;
        const double mine = data->shown(*b.value);
        b.rank = 1;
        for (const BoroughMapValue &other : std::as_const(data->boroughs)) {
            if (other.value && data->shown(*other.value) > mine)
                ++b.rank;
        }
    }
}

void finish(BoroughMapData *data, const QString &whyMissing)
{
    explainMissing(data, whyMissing);
    rankValues(data);
    if (data->missing.isEmpty() && data->valueCount() == 0)
        data->missing = QStringLiteral("No borough has a figure for %1.").arg(data->periodLabel);
}

struct Sum {
    double total = 0.0;
    int months = 0;
};

// The figures of a set of measures over the months first..last: per borough, the sum and how many
// of the months hold a figure; per measure, which months hold one (any borough).
struct SpanFigures {
    QHash<QString, Sum> boroughs;
    QHash<qint64, QSet<qint64>> measureMonths;
};

SpanFigures spanFigures(const Store &store, const QList<qint64> &measures, const QDate &first, const QDate &last)
{
    SpanFigures out;
    // Categories of two MPS classifications: each borough's month from the newer only.
    const QString supersede = classification::supersededCondition(store.database(), measures);
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    // Driven from the boroughs (CROSS JOIN): each borough's run of each measure is looked up in the
    // clustered key, never a walk over the measures' ward and LSOA figures.
    q.prepare(QStringLiteral("SELECT a.code, o.measure_id, o.period_id, o.value FROM area a "
                             "CROSS JOIN observation o ON o.area_id = a.id "
                             "WHERE o.measure_id IN (%1) AND o.breakdown_id = 0 AND a.kind = 'borough' "
                             "AND o.period_id IN (SELECT id FROM period WHERE kind = 'month' AND start_date >= ? AND start_date <= ?)%2")
                  .arg(sqlIdList(measures), supersede.isEmpty() ? QString() : QStringLiteral(" AND ") + supersede));
    q.addBindValue(iso(first));
    q.addBindValue(iso(last));
    QHash<QString, QSet<qint64>> boroughMonths;
    if (q.exec()) {
        while (q.next()) {
            const QString code = q.value(0).toString();
            const qint64 period = q.value(2).toLongLong();
            out.boroughs[code].total += q.value(3).toDouble();
            boroughMonths[code].insert(period);
            out.measureMonths[q.value(1).toLongLong()].insert(period);
        }
    }
    for (auto it = boroughMonths.cbegin(); it != boroughMonths.cend(); ++it)
        out.boroughs[it.key()].months = int(it.value().size());
    return out;
}

struct PeriodRow {
    qint64 id = -1;
    QString label;
};

// The latest period of a table's rows (optionally starting on or before `to`).
PeriodRow latestPeriod(const Store &store, const QString &fromWhere, const QList<QVariant> &binds, const QDate &to)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT p.id, p.label FROM period p WHERE p.id IN (SELECT period_id FROM %1)%2 "
                             "ORDER BY p.end_date DESC, p.start_date ASC LIMIT 1")
                  .arg(fromWhere, to.isValid() ? QStringLiteral(" AND p.start_date <= ?") : QString()));
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (to.isValid())
        q.addBindValue(iso(to));
    PeriodRow out;
    if (q.exec() && q.next()) {
        out.id = q.value(0).toLongLong();
        out.label = q.value(1).toString();
    }
    return out;
}

BoroughMapData measureMap(const Store &store, const QStringList &keys, const QString &valueName, const QString &missing)
{
    BoroughMapData data;
    data.valueName = valueName;
    data.boroughs = boroughList(store);
    QSqlQuery q(store.database());
    // The first of the keys whose measure has borough figures.
    q.prepare(QStringLiteral("SELECT m.id, m.key, m.unit, m.source FROM measure m WHERE m.key IN (%1) AND EXISTS "
                             "(SELECT 1 FROM observation o JOIN area a ON a.id = o.area_id "
                             " WHERE o.measure_id = m.id AND o.breakdown_id = 0 AND a.kind = 'borough')")
                  .arg(placeholders(keys.size())));
    for (const QString &k : keys)
        q.addBindValue(k);
    qint64 measure = -1;
    QString unit;
    QString source;
    if (q.exec()) {
        int best = int(keys.size());
        while (q.next()) {
            const int order = int(keys.indexOf(q.value(1).toString()));
            if (order < best) {
                best = order;
                measure = q.value(0).toLongLong();
                unit = q.value(2).toString();
                source = q.value(3).toString();
            }
        }
    }
    if (measure < 0) {
        data.missing = missing;
        return data;
    }
    data.unit = unit == QLatin1String("gbp") ? BoroughMapData::Unit::Pounds : BoroughMapData::Unit::Count;
    const PeriodRow period = latestPeriod(
        store,
        QStringLiteral("observation o JOIN area a ON a.id = o.area_id WHERE o.measure_id = ? AND o.breakdown_id = 0 "
                       "AND a.kind = 'borough'"),
        {measure}, {});
    data.periodLabel = period.label;
    q.prepare(QStringLiteral("SELECT a.code, o.value, o.batch_id FROM observation o JOIN area a ON a.id = o.area_id "
                             "WHERE o.measure_id = ? AND o.period_id = ? AND o.breakdown_id = 0 AND a.kind = 'borough'"));
    q.addBindValue(measure);
    q.addBindValue(period.id);
    QSet<qint64> batches;
    if (q.exec()) {
        while (q.next()) {
            for (BoroughMapValue &b : data.boroughs) {
                if (b.code == q.value(0).toString())
                    b.value = q.value(1).toDouble();
            }
            batches.insert(q.value(2).toLongLong());
        }
    }
    describeBatches(store, batches, &data);
    if (!source.isEmpty())
        data.source = source;
    finish(&data, QStringLiteral("No figure stored for %1").arg(period.label));
    return data;
}

} // namespace

int BoroughMapData::valueCount() const
{
    return int(std::count_if(boroughs.cbegin(), boroughs.cend(), [](const BoroughMapValue &b) { return b.value.has_value(); }));
}

const BoroughMapValue *BoroughMapData::find(const QString &code) const
{
    for (const BoroughMapValue &b : boroughs) {
        if (b.code == code)
            return &b;
    }
    return nullptr;
}

double BoroughMapData::shown(double value) const
{
    const double scale = std::pow(10.0, decimals());
    const double r = std::round(value * scale) / scale;
    return r == 0.0 ? 0.0 : r; // no "-0.0"
}

QString BoroughMapData::format(double value) const
{
    const double v = shown(value);
    switch (unit) {
    case Unit::Count:
        return enGB().toString(v, 'f', 0);
    case Unit::Pounds:
        return v < 0 ? QStringLiteral("-£%1").arg(enGB().toString(-v, 'f', 0))
                     : QStringLiteral("£%1").arg(enGB().toString(v, 'f', 0));
    case Unit::PercentChange:
        return (v > 0 ? QStringLiteral("+") : QString()) + enGB().toString(v, 'f', 1) + QLatin1Char('%');
    }
    return {};
}

namespace boroughmaps {

QList<CrimeCategory> crimeCategories(const Store &store)
{
    QList<CrimeCategory> out;
    CrimeCategory all{QStringLiteral("all"), QStringLiteral("All recorded crime"), {}};
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT key, category FROM measure WHERE (key LIKE 'mps.%' OR classification_id IS NOT NULL) "
                          "AND category IS NOT NULL AND category <> '' ORDER BY category, key"));
    // A category's id is its name as a key (burglary, arson_and_criminal_damage), whichever
    // classifications its measures come from.
    while (q.next()) {
        const QString key = q.value(0).toString();
        const QString category = q.value(1).toString();
        all.measureKeys.append(key);
        if (out.isEmpty() || out.last().name != category)
            out.append({catalog::slug(category), category, {}});
        out.last().measureKeys.append(key);
    }
    if (!all.measureKeys.isEmpty())
        out.prepend(all);
    return out;
}

BoroughMapData localPriority(const Store &store, int rank, QDate to)
{
    BoroughMapData data;
    data.unit = BoroughMapData::Unit::PercentChange;
    data.valueName = QStringLiteral("change");
    data.boroughs = boroughList(store);
    const PeriodRow period = latestPeriod(store, QStringLiteral("local_priority WHERE rank = ?"), {rank}, to);
    if (period.id < 0) {
        data.missing = QStringLiteral(
            "The store holds no local volume priorities (priority %1 and its % change for each borough). They are "
            "loaded with the quarterly report's figures when a new store is created.")
                           .arg(rank);
        return data;
    }
    data.periodLabel = period.label;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT a.code, lp.category, lp.change_pct, lp.note, lp.batch_id FROM local_priority lp "
                             "JOIN area a ON a.id = lp.area_id WHERE lp.period_id = ? AND lp.rank = ? AND a.kind = 'borough'"));
    q.addBindValue(period.id);
    q.addBindValue(rank);
    QSet<qint64> batches;
    if (q.exec()) {
        while (q.next()) {
            for (BoroughMapValue &b : data.boroughs) {
                if (b.code != q.value(0).toString())
                    continue;
                b.label = q.value(1).toString();
                if (!q.value(2).isNull())
                    b.value = q.value(2).toDouble();
                else
                    b.whyMissing = QStringLiteral("The report states no change for this priority");
                b.detail = q.value(3).toString();
            }
            batches.insert(q.value(4).toLongLong());
        }
    }
    describeBatches(store, batches, &data);
    if (const auto quarter = reportQuarter(store, batches)) {
        data.scope = period.label;
        data.periodLabel = quarter->label();
        data.comparedWith = quarter->yearEarlier().label();
        data.asAt = quarter->end();
    }
    finish(&data, QStringLiteral("No local priorities stored for %1").arg(period.label));
    return data;
}

BoroughMapData crime(const Store &store, const QStringList &measureKeys, QDate from, QDate to, bool change)
{
    BoroughMapData data;
    data.unit = change ? BoroughMapData::Unit::PercentChange : BoroughMapData::Unit::Count;
    data.valueName = change ? QStringLiteral("change") : QStringLiteral("offences");
    data.boroughs = boroughList(store);

    QList<qint64> measures;
    QHash<qint64, QString> measureNames;
    QStringList sources;
    QSqlQuery q(store.database());
    if (!measureKeys.isEmpty()) {
        q.prepare(QStringLiteral("SELECT id, source, name FROM measure WHERE key IN (%1) ORDER BY id").arg(placeholders(measureKeys.size())));
        for (const QString &k : measureKeys)
            q.addBindValue(k);
        if (q.exec()) {
            while (q.next()) {
                measures.append(q.value(0).toLongLong());
                measureNames.insert(q.value(0).toLongLong(), q.value(2).toString());
                const QString source = q.value(1).toString();
                if (!source.isEmpty() && !sources.contains(source))
                    sources.append(source);
            }
        }
    }
    if (measures.isEmpty()) {
        data.missing = QStringLiteral("The store holds no MPS recorded-crime measure %1. Import the MPS borough-level "
                                      "crime file through File → Import.")
                           .arg(measureKeys.join(QStringLiteral(", ")));
        return data;
    }
    data.source = sources.join(QStringLiteral("; "));

    // The months stored for these measures, at any area: from their sums (crimetotals.h), which
    // keep a row for every period a measure holds a whole-area figure for, where they cover them.
    if (crimetotals::covers(store.database(), measures))
        q.prepare(QStringLiteral("SELECT min(p.start_date), max(p.start_date) FROM crime_total s JOIN period p ON p.id = s.period_id "
                                 "WHERE s.measure_id IN (%1) AND p.kind = 'month'")
                      .arg(sqlIdList(measures)));
    else
        q.prepare(QStringLiteral("SELECT min(p.start_date), max(p.start_date) FROM observation o JOIN period p ON p.id = o.period_id "
                                 "WHERE o.measure_id IN (%1) AND o.breakdown_id = 0 AND p.kind = 'month'")
                      .arg(sqlIdList(measures)));
    QDate stored0, stored1;
    if (q.exec() && q.next()) {
        stored0 = QDate::fromString(q.value(0).toString(), Qt::ISODate);
        stored1 = QDate::fromString(q.value(1).toString(), Qt::ISODate);
    }
    if (!stored0.isValid() || !stored1.isValid()) {
        data.missing = QStringLiteral("The store holds no monthly borough figures for this crime measure. Import the MPS "
                                      "borough-level crime file through File → Import.");
        return data;
    }
    data.asAt = monthEnd(stored1);

    QDate first, last;
    if (from.isValid() && to.isValid()) {
        first = monthStart(from);
        last = monthStart(to);
    } else if (to.isValid()) {
        last = monthStart(to);
        first = last.addMonths(-11);
    } else if (from.isValid()) {
        first = monthStart(from);
        last = stored1;
    } else {
        last = stored1;
        first = last.addMonths(-11);
    }
    if (first > last) {
        data.missing = QStringLiteral("The period starts (%1) after it ends (%2).")
                           .arg(Period::month(first.year(), first.month()).label(), Period::month(last.year(), last.month()).label());
        return data;
    }
    const QDate wanted0 = first, wanted1 = last;
    first = std::max(first, stored0);
    last = std::min(last, stored1);
    if (first > last) {
        data.missing = QStringLiteral("The store holds no figures for %1: it holds %2.")
                           .arg(spanLabel(wanted0, wanted1), spanLabel(stored0, stored1));
        return data;
    }
    if (first != wanted0 || last != wanted1)
        data.note = QStringLiteral("Figures are stored for %1 only: the map shows %2.").arg(spanLabel(stored0, stored1), spanLabel(first, last));
    data.periodLabel = spanLabel(first, last);
    // "Data as at" is the end of what the map shows, not of what the store holds.
    data.asAt = monthEnd(last);
    const int months = monthsBetween(first, last);

    const SpanFigures nowFigures = spanFigures(store, measures, first, last);
    const QHash<QString, Sum> &now = nowFigures.boroughs;
    SpanFigures beforeFigures;
    QDate before0, before1;
    if (change) {
        before0 = first.addYears(-1);
        before1 = last.addYears(-1);
        data.comparedWith = spanLabel(before0, before1);
        if (before0 < stored0) {
            data.missing = QStringLiteral("A change compares %1 with the same months a year earlier (%2), but figures are "
                                          "stored from %3 only. Choose a later period.")
                               .arg(data.periodLabel, data.comparedWith, Period::month(stored0.year(), stored0.month()).label());
            return data;
        }
        beforeFigures = spanFigures(store, measures, before0, before1);
    }
    const QHash<QString, Sum> &before = beforeFigures.boroughs;

    // Categories that do not cover the whole span (the MPS dropped or added one), or, for a change,
    // have figures in one span and not the other: the total is then not like for like, and says so.
    QStringList partial;
    QStringList oneSided;
    for (qint64 measure : std::as_const(measures)) {
        const int nowMonths = int(nowFigures.measureMonths.value(measure).size());
        const int beforeMonths = int(beforeFigures.measureMonths.value(measure).size());
        if (change && (nowMonths == 0) != (beforeMonths == 0))
            oneSided.append(QStringLiteral("%1 (%2 only)").arg(measureNames.value(measure), nowMonths ? data.periodLabel : data.comparedWith));
        else if ((nowMonths > 0 && nowMonths < months) || (change && beforeMonths > 0 && beforeMonths < months))
            partial.append(measureNames.value(measure));
    }
    QStringList caveats;
    if (!oneSided.isEmpty())
        caveats.append(QStringLiteral("Not like for like: figures for %1.").arg(oneSided.join(QStringLiteral("; "))));
    if (!partial.isEmpty())
        caveats.append(QStringLiteral("Figures for part of the period only: %1.").arg(partial.join(QStringLiteral(", "))));
    const QString classificationNote = classification::overlapNote(store.database(), measures);
    if (!classificationNote.isEmpty())
        caveats.append(classificationNote);
    if (!caveats.isEmpty())
        data.note = (data.note.isEmpty() ? QString() : data.note + QLatin1Char(' ')) + caveats.join(QLatin1Char(' '));

    for (BoroughMapValue &b : data.boroughs) {
        const auto current = now.constFind(b.code);
        if (current == now.constEnd())
            continue; // explained below
        if (current->months < months) {
            b.whyMissing = QStringLiteral("Figures stored for %1 of the %2 months only").arg(current->months).arg(months);
            continue;
        }
        if (!change) {
            b.value = current->total;
            continue;
        }
        const auto earlier = before.constFind(b.code);
        if (earlier == before.constEnd() || earlier->months < monthsBetween(before0, before1)) {
            b.whyMissing = QStringLiteral("Figures for %1 are not all stored").arg(data.comparedWith);
            continue;
        }
        if (earlier->total == 0.0) {
            b.whyMissing = QStringLiteral("No offences in %1: a % change is not defined").arg(data.comparedWith);
            continue;
        }
        b.value = (current->total - earlier->total) / earlier->total * 100.0;
        b.detail = QStringLiteral("%1 offences, against %2 in %3")
                       .arg(enGB().toString(current->total, 'f', 0), enGB().toString(earlier->total, 'f', 0), data.comparedWith);
    }
    finish(&data, QStringLiteral("No figures stored for %1 (the MPS open data leaves out a borough's category when it "
                                 "recorded no offences over the file's span)")
                      .arg(data.periodLabel));
    if (!data.find(kCityOfLondon) || !data.find(kCityOfLondon)->value) {
        const QString city = QStringLiteral("City of London: no figures (policed by the City of London Police).");
        data.note = data.note.isEmpty() ? city : data.note + QLatin1Char(' ') + city;
    }
    return data;
}

BoroughMapData lcpf(const Store &store, QDate to)
{
    BoroughMapData data;
    data.unit = BoroughMapData::Unit::Pounds;
    data.valueName = QStringLiteral("allocation");
    data.boroughs = boroughList(store);
    const PeriodRow period = latestPeriod(store, QStringLiteral("lcpf_allocation"), {}, to);
    if (period.id < 0) {
        data.missing = QStringLiteral("The store holds no London Crime Prevention Fund (LCPF) allocations by borough. They "
                                      "are loaded with the quarterly report's figures when a new store is created.");
        return data;
    }
    data.periodLabel = period.label;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT a.code, l.allocation_gbp, l.batch_id FROM lcpf_allocation l JOIN area a ON a.id = l.area_id "
                             "WHERE l.period_id = ? AND a.kind = 'borough'"));
    q.addBindValue(period.id);
    QSet<qint64> batches;
    if (q.exec()) {
        while (q.next()) {
            for (BoroughMapValue &b : data.boroughs) {
                if (b.code == q.value(0).toString())
                    b.value = q.value(1).toDouble();
            }
            batches.insert(q.value(2).toLongLong());
        }
    }
    describeBatches(store, batches, &data);
    if (const auto quarter = reportQuarter(store, batches))
        data.asAt = quarter->end();
    finish(&data, QStringLiteral("No allocation stored for %1").arg(period.label));
    return data;
}

QStringList asbCallsKeys()
{
    return {QStringLiteral("asb.calls"), QStringLiteral("import.asb_calls")};
}

QStringList dwoRemainingKeys()
{
    return {QStringLiteral("dwo.remaining"), QStringLiteral("import.dwos_remaining_to_allocate")};
}

BoroughMapData asbCalls(const Store &store)
{
    return measureMap(store, asbCallsKeys(), QStringLiteral("calls"),
                      QStringLiteral("The store holds no anti-social behaviour (ASB) calls by borough: the report gives "
                                     "London-wide ASB figures only. This map needs the number of ASB calls to the Met in each "
                                     "borough for a period (a measure named \u201cASB calls\u201d, one value per borough), "
                                     "imported through File \u2192 Import."));
}

BoroughMapData dwoRemaining(const Store &store)
{
    return measureMap(store, dwoRemainingKeys(), QStringLiteral("DWOs"),
                      QStringLiteral("The store holds no Dedicated Ward Officer (DWO) figures by borough: the report states "
                                     "London-wide figures only (DWOs in post, the target, and in how many boroughs every ward "
                                     "has two DWOs). This map needs the number of DWOs remaining to allocate in each borough "
                                     "(a measure named \u201cDWOs remaining to allocate\u201d, one value per borough), "
                                     "imported through File \u2192 Import."));
}

} // namespace boroughmaps

BoroughMapModel::BoroughMapModel(QObject *parent) : QAbstractTableModel(parent) {}

void BoroughMapModel::setData(const BoroughMapData &data)
{
    beginResetModel();
    m_data = data;
    endResetModel();
}

int BoroughMapModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_data.boroughs.size());
}

int BoroughMapModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BoroughMapModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BoroughMapValue &b = m_data.boroughs.at(index.row());
    if (role == Qt::ToolTipRole) {
        QStringList words;
        if (!b.label.isEmpty())
            words.append(b.label);
        if (!b.detail.isEmpty())
            words.append(b.detail);
        if (!b.whyMissing.isEmpty())
            words.append(b.whyMissing);
        return words.isEmpty() ? QVariant() : QVariant(words.join(QLatin1Char('\n')));
    }
    switch (index.column()) {
    case BoroughColumn:
        return role == Qt::DisplayRole ? QVariant(b.name) : QVariant();
    case CodeColumn:
        return role == Qt::DisplayRole ? QVariant(b.code) : QVariant();
    case ValueColumn:
        if (role == Qt::DisplayRole)
            return b.value ? m_data.format(*b.value) : QStringLiteral("no data");
        if (role == Qt::EditRole)
            return b.value ? QVariant(*b.value) : QVariant();
        if (role == Qt::TextAlignmentRole)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case RankColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return b.rank > 0 ? QVariant(b.rank) : QVariant();
        if (role == Qt::TextAlignmentRole)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant BoroughMapModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case BoroughColumn: return QStringLiteral("Borough");
    case CodeColumn: return QStringLiteral("ONS code");
    case ValueColumn:
        switch (m_data.unit) {
        case BoroughMapData::Unit::Count: return m_data.valueName.isEmpty() ? QStringLiteral("Value") : m_data.valueName.left(1).toUpper() + m_data.valueName.mid(1);
        case BoroughMapData::Unit::Pounds: return QStringLiteral("£");
        case BoroughMapData::Unit::PercentChange: return QStringLiteral("% change");
        }
        return {};
    case RankColumn: return QStringLiteral("Rank");
    default: return {};
    }
}

} // namespace oversight
