#include "milestoneboard.h"

#include "store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

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

QString milestoneStatusBasisProblem(const MilestoneStatusBasis &b)
{
    if (!milestoneStatuses().contains(b.status))
        return QStringLiteral("status '%1' is not one of %2").arg(b.status, milestoneStatuses().join(QStringLiteral(", ")));
    if (b.status == QLatin1String("not stated")) {
        if (!b.from.isEmpty() || !b.words.isEmpty())
            return QStringLiteral("a status not stated has no source or words (has '%1', '%2')").arg(b.from, b.words);
        return {};
    }
    if (b.from == QLatin1String(kStatusPrinted)) {
        if (b.icon.isEmpty())
            return QStringLiteral("a printed status needs the icon printed beside it");
        return {};
    }
    if (b.from == QLatin1String(kStatusInferred)) {
        // Quoted word for word, so the board never shows words the report does not hold.
        if (b.words.isEmpty())
            return QStringLiteral("an inferred status needs the commentary's words it was read from");
        if (!b.commentary.contains(b.words))
            return QStringLiteral("the words '%1' are not in the milestone's commentary").arg(b.words);
        return {};
    }
    return QStringLiteral("status '%1' needs a source: printed or inferred (has '%2')").arg(b.status, b.from);
}

QString milestoneIconDisagreement(const QList<MilestoneStatusBasis> &bases, const QStringList &labels)
{
    for (qsizetype i = 0; i < bases.size(); ++i) {
        if (bases.at(i).icon.isEmpty())
            continue;
        for (qsizetype j = i + 1; j < bases.size(); ++j) {
            if (bases.at(j).icon == bases.at(i).icon && bases.at(j).status != bases.at(i).status)
                return QStringLiteral("%1 and %2 carry the same icon (%3) but are '%4' and '%5'")
                    .arg(labels.value(i), labels.value(j), bases.at(i).icon, bases.at(i).status, bases.at(j).status);
        }
    }
    return {};
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

    q.prepare(QStringLiteral("SELECT m.ordinal, m.section, m.programme, m.text, m.status, m.commentary, p.label, "
                             "m.status_from, m.status_icon, m.status_words "
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
        m.statusFrom = q.value(7).toString();
        m.statusIcon = q.value(8).toString();
        m.statusWords = q.value(9).toString();
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

int MilestoneBoardData::inferredCount(const QString &status) const
{
    return static_cast<int>(std::count_if(m_milestones.cbegin(), m_milestones.cend(), [&](const Milestone &m) {
        return m.inferred() && (status.isEmpty() || m.status == status);
    }));
}

int MilestoneBoardData::printedCount() const
{
    return static_cast<int>(std::count_if(m_milestones.cbegin(), m_milestones.cend(), [](const Milestone &m) {
        return m.statusFrom == QLatin1String(kStatusPrinted);
    }));
}

} // namespace oversight
