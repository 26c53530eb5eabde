#include "surveygaps.h"

#include "store.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cmath>
#include <cstdlib>

namespace oversight {

long long gapTenths(double gapPoints)
{
    return pointsInTenths(gapPoints);
}

const SignificanceRule &gapSignificance()
{
    return significanceRule(MeasureFamily::SatisfactionGaps);
}

bool isSignificantGap(double gapPoints)
{
    return gapSignificance().isSignificant(gapPoints);
}

QString gapText(double gapPoints)
{
    const long long tenths = gapTenths(gapPoints);
    const long long magnitude = std::llabs(tenths);
    const QString digits = QStringLiteral("%1.%2").arg(magnitude / 10).arg(magnitude % 10);
    if (tenths > 0)
        return QLatin1Char('+') + digits;
    if (tenths < 0)
        return QChar(0x2212) + digits;
    return digits;
}

QList<SurveyMeasure> surveyMeasures()
{
    return {
        {QStringLiteral("pas.overall_satisfaction"), QStringLiteral("Overall satisfaction"), QString()},
        {QStringLiteral("pas.good_job"), QStringLiteral("Good job"), QString()},
        {QStringLiteral("pas.informed_local"), QStringLiteral("Informed local"), QString()},
        {QStringLiteral("pas.listen_concerns"), QStringLiteral("Listen to concerns"), QString()},
        {QStringLiteral("pas.fair_treatment"), QStringLiteral("Fair treatment"), QString()},
        {QStringLiteral("pas.dealing_issues"), QStringLiteral("Dealing issues"), QString()},
    };
}

namespace {

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks.append(QStringLiteral("?"));
    return marks.join(QLatin1Char(','));
}

bool run(QSqlQuery &q, const QString &sql, const QVariantList &binds, QString *error)
{
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

struct AreaRow {
    qint64 id = -1;
    QString code;
    QString name;
};

std::optional<AreaRow> findArea(const Store &store, const QString &code, QString *error)
{
    QSqlQuery q(store.database());
    const bool ok = code.isEmpty()
        ? run(q, QStringLiteral("SELECT id, code, name FROM area WHERE kind = 'force' ORDER BY id LIMIT 1"), {}, error)
        : run(q, QStringLiteral("SELECT id, code, name FROM area WHERE code = ?"), {code}, error);
    if (!ok || !q.next())
        return std::nullopt;
    return AreaRow{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()};
}

struct PeriodRow {
    qint64 id = -1;
    QString code;
    QString label;
    QDate end;
};

// The latest period holding a gap for the area (starting on or before `to` when it is valid).
std::optional<PeriodRow> latestGapPeriod(const Store &store, const QStringList &gapKeys, qint64 areaId, const QDate &to,
                                         QString *error)
{
    QSqlQuery q(store.database());
    QVariantList binds;
    for (const QString &key : gapKeys)
        binds.append(key);
    binds.append(areaId);
    QString sql = QStringLiteral("SELECT p.id, p.code, p.label, p.end_date FROM period p WHERE p.id IN ("
                                 "SELECT o.period_id FROM observation o JOIN measure m ON m.id = o.measure_id "
                                 "WHERE m.key IN (%1) AND o.area_id = ? AND o.breakdown_id <> 0)")
                      .arg(placeholders(gapKeys.size()));
    if (to.isValid()) {
        sql += QStringLiteral(" AND p.start_date <= ?");
        binds.append(to.toString(Qt::ISODate));
    }
    sql += QStringLiteral(" ORDER BY p.end_date DESC, p.start_date DESC LIMIT 1");
    if (!run(q, sql, binds, error) || !q.next())
        return std::nullopt;
    return PeriodRow{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                     QDate::fromString(q.value(3).toString(), Qt::ISODate)};
}

} // namespace

int SurveyGapsData::measureIndex(const QString &key) const
{
    for (int i = 0; i < m_measures.size(); ++i) {
        if (m_measures.at(i).key == key)
            return i;
    }
    return -1;
}

int SurveyGapsData::storedCells(int measure) const
{
    int n = 0;
    for (const Group &g : m_groups) {
        if (g.gaps.value(measure).has_value())
            ++n;
    }
    return n;
}

SurveyGapsData SurveyGapsData::load(const Store &store, const QString &areaCode, const QDate &to, QString *error)
{
    SurveyGapsData data;
    data.m_measures = surveyMeasures();
    QStringList keys;
    QStringList gapKeys;
    for (const SurveyMeasure &m : data.m_measures) {
        keys.append(m.key);
        gapKeys.append(m.key + QStringLiteral(".gap"));
    }
    QSqlQuery q(store.database());

    // Full names as the store holds them (for tooltips and the bar chart's title).
    {
        QVariantList binds;
        for (const QString &k : keys)
            binds.append(k);
        if (!run(q, QStringLiteral("SELECT key, name FROM measure WHERE key IN (%1)").arg(placeholders(keys.size())), binds,
                 error))
            return data;
        while (q.next()) {
            const int i = data.measureIndex(q.value(0).toString());
            if (i >= 0)
                data.m_measures[i].name = q.value(1).toString();
        }
        for (SurveyMeasure &m : data.m_measures) {
            if (m.name.isEmpty())
                m.name = m.shortName;
        }
    }

    // The area asked for, or the force area when it holds no gaps.
    std::optional<AreaRow> area = findArea(store, areaCode, error);
    std::optional<PeriodRow> period;
    if (area)
        period = latestGapPeriod(store, gapKeys, area->id, to, error);
    if (!period && !areaCode.isEmpty()) {
        const std::optional<AreaRow> force = findArea(store, QString(), error);
        if (force && (!area || force->id != area->id)) {
            period = latestGapPeriod(store, gapKeys, force->id, to, error);
            if (period) {
                data.m_note = QStringLiteral("No survey gaps are stored for %1; the figure shows %2.")
                                  .arg(area ? area->name : areaCode, force->name);
                area = force;
            }
        }
    }
    if (!area || !period)
        return data;
    data.m_areaCode = area->code;
    data.m_areaName = area->name;
    data.m_periodCode = period->code;
    data.m_periodLabel = period->label;
    data.m_periodEnd = period->end;

    // Every stored gap for the area and period: (breakdown id, measure index) -> value.
    QHash<qint64, QList<std::optional<double>>> values;
    {
        QVariantList binds;
        for (const QString &k : gapKeys)
            binds.append(k);
        binds << area->id << period->id;
        if (!run(q, QStringLiteral("SELECT m.key, o.breakdown_id, o.value FROM observation o JOIN measure m ON m.id = o.measure_id "
                                   "WHERE m.key IN (%1) AND o.area_id = ? AND o.period_id = ? AND o.breakdown_id <> 0")
                        .arg(placeholders(gapKeys.size())),
                 binds, error))
            return data;
        while (q.next()) {
            const QString key = q.value(0).toString();
            const int i = data.measureIndex(key.left(key.size() - 4)); // without ".gap"
            if (i < 0)
                continue;
            auto &row = values[q.value(1).toLongLong()];
            if (row.isEmpty())
                row.resize(data.m_measures.size());
            row[i] = q.value(2).toDouble();
        }
    }

    // Rows: the report's layout first, in its order, then any other group holding gaps (an import
    // may add one), after the last row of its category.
    QList<qint64> groupIds;
    if (!run(q, QStringLiteral("SELECT r.label, r.group_label, b.id FROM report_row r "
                               "LEFT JOIN breakdown b ON b.category = r.group_label AND b.grp = r.label "
                               "WHERE r.table_id = 'satisfaction-gaps' ORDER BY r.ordinal"),
             {}, error))
        return data;
    while (q.next()) {
        data.m_groups.append(Group{q.value(1).toString(), q.value(0).toString(), {}});
        groupIds.append(q.value(2).isNull() ? qint64(-1) : q.value(2).toLongLong());
    }
    QVariantList extraIds;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!groupIds.contains(it.key()))
            extraIds.append(it.key());
    }
    if (!extraIds.isEmpty()) {
        if (!run(q, QStringLiteral("SELECT id, category, grp FROM breakdown WHERE id IN (%1) ORDER BY category, ordinal, grp")
                        .arg(placeholders(extraIds.size())),
                 extraIds, error))
            return data;
        while (q.next()) {
            const QString category = q.value(1).toString();
            qsizetype at = data.m_groups.size();
            for (qsizetype i = data.m_groups.size() - 1; i >= 0; --i) {
                if (data.m_groups.at(i).category == category) {
                    at = i + 1;
                    break;
                }
            }
            data.m_groups.insert(at, Group{category, q.value(2).toString(), {}});
            groupIds.insert(at, q.value(0).toLongLong());
        }
    }
    for (qsizetype i = 0; i < data.m_groups.size(); ++i) {
        Group &g = data.m_groups[i];
        g.gaps = values.value(groupIds.at(i));
        g.gaps.resize(data.m_measures.size());
        for (const auto &v : g.gaps) {
            if (v)
                ++data.m_storedCells;
        }
    }

    // The area averages (percent), for tooltips.
    data.m_averages.resize(data.m_measures.size());
    {
        QVariantList binds;
        for (const QString &k : keys)
            binds.append(k);
        binds << area->id << period->id;
        if (!run(q, QStringLiteral("SELECT m.key, o.value FROM observation o JOIN measure m ON m.id = o.measure_id "
                                   "WHERE m.key IN (%1) AND o.area_id = ? AND o.period_id = ? AND o.breakdown_id = 0")
                        .arg(placeholders(keys.size())),
                 binds, error))
            return data;
        while (q.next()) {
            const int i = data.measureIndex(q.value(0).toString());
            if (i >= 0)
                data.m_averages[i] = q.value(1).toDouble();
        }
    }
    return data;
}

} // namespace oversight
