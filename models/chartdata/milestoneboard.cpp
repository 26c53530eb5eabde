#include "milestoneboard.h"

#include "store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace oversight {

QStringList milestoneStatuses()
{
    return {QStringLiteral("delivered"), QStringLiteral("on track"), QStringLiteral("some delays"),
            QStringLiteral("not stated")};
}

QString milestoneStatusLabel(const QString &status)
{
    if (status.isEmpty())
        return status;
    return status.at(0).toUpper() + status.mid(1);
}

QList<MilestoneBoardData::Quarter> MilestoneBoardData::reportQuarters(const Store &store, QString *error)
{
    QList<Quarter> out;
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral("SELECT p.code, p.label, p.end_date FROM period p WHERE p.id IN "
                               "(SELECT DISTINCT reported_in_period_id FROM milestone) ORDER BY p.end_date DESC"))) {
        if (error)
            *error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), QDate::fromString(q.value(2).toString(), Qt::ISODate)});
    return out;
}

MilestoneBoardData MilestoneBoardData::load(const Store &store, const QString &quarterCode, QString *error)
{
    MilestoneBoardData data;
    const QList<Quarter> quarters = reportQuarters(store, error);
    if (quarters.isEmpty())
        return data;
    data.m_quarter = quarters.first();
    for (const Quarter &quarter : quarters) {
        if (quarter.code == quarterCode)
            data.m_quarter = quarter;
    }

    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral("SELECT DISTINCT status FROM milestone"))) {
        if (error)
            *error = q.lastError().text();
        return data;
    }
    QStringList held;
    while (q.next())
        held.append(q.value(0).toString());
    for (const QString &status : milestoneStatuses()) {
        if (held.contains(status))
            data.m_statuses.append(status);
    }
    for (const QString &status : held) {
        if (!data.m_statuses.contains(status))
            data.m_statuses.append(status);
    }

    q.prepare(QStringLiteral("SELECT m.ordinal, m.section, m.programme, m.text, m.status, m.commentary, p.label "
                             "FROM milestone m JOIN period p ON p.id = m.period_id JOIN period rp ON rp.id = m.reported_in_period_id "
                             "WHERE rp.code = ? ORDER BY m.ordinal"));
    q.addBindValue(data.m_quarter.code);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return data;
    }
    while (q.next()) {
        Milestone m;
        m.ordinal = q.value(0).toInt();
        m.section = q.value(1).toString();
        m.programme = q.value(2).toString();
        m.text = q.value(3).toString();
        m.status = q.value(4).toString();
        m.commentary = q.value(5).toString();
        m.dueQuarter = q.value(6).toString();
        // Sections in the report's order: a section that recurs after another joins its first run.
        qsizetype at = -1;
        for (qsizetype i = 0; i < data.m_sections.size(); ++i) {
            if (data.m_sections.at(i).name == m.section)
                at = i;
        }
        if (at < 0) {
            data.m_sections.append(Section{m.section, {}});
            at = data.m_sections.size() - 1;
        }
        data.m_sections[at].milestones.append(static_cast<int>(data.m_milestones.size()));
        data.m_milestones.append(m);
    }
    return data;
}

int MilestoneBoardData::count(const QString &status) const
{
    int n = 0;
    for (const Milestone &m : m_milestones) {
        if (m.status == status)
            ++n;
    }
    return n;
}

int MilestoneBoardData::count(const Section &section, const QString &status) const
{
    int n = 0;
    for (int i : section.milestones) {
        if (m_milestones.at(i).status == status)
            ++n;
    }
    return n;
}

} // namespace oversight
