#include "disagreements.h"

#include "store.h"

#include <QSqlError>
#include <QSqlQuery>

namespace oversight::disagreements {

namespace {

// Reads the disagreements matching `where` (SQL over disagreement d, with one bound value).
QList<SourceDisagreement> read(const Store &store, const QString &where, const QVariant &bind, QString *error)
{
    QList<SourceDisagreement> result;
    QSqlDatabase db = store.database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT d.id, d.key, d.subject, p.code, p.label, d.unit, d.description FROM disagreement d "
                             "LEFT JOIN period p ON p.id = d.period_id %1 ORDER BY d.id")
                  .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where));
    if (bind.isValid())
        q.addBindValue(bind);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return {};
    }
    QList<qint64> ids;
    while (q.next()) {
        ids.append(q.value(0).toLongLong());
        result.append({q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                       q.value(5).toString(), q.value(6).toString(), {}, {}, {}});
    }
    QSqlQuery statements(db);
    statements.prepare(QStringLiteral("SELECT printed, value, place, words FROM disagreement_statement "
                                      "WHERE disagreement_id = ? ORDER BY ordinal"));
    QSqlQuery links(db);
    links.prepare(QStringLiteral("SELECT m.key, l.table_id FROM disagreement_link l LEFT JOIN measure m ON m.id = l.measure_id "
                                 "WHERE l.disagreement_id = ? ORDER BY l.rowid"));
    for (qsizetype i = 0; i < ids.size(); ++i) {
        SourceDisagreement &d = result[i];
        statements.addBindValue(ids.at(i));
        if (!statements.exec()) {
            if (error)
                *error = statements.lastError().text();
            return {};
        }
        while (statements.next()) {
            SourceStatement s;
            s.printed = statements.value(0).toString();
            if (!statements.value(1).isNull())
                s.value = statements.value(1).toDouble();
            s.place = statements.value(2).toString();
            s.words = statements.value(3).toString();
            d.statements.append(s);
        }
        links.addBindValue(ids.at(i));
        if (!links.exec()) {
            if (error)
                *error = links.lastError().text();
            return {};
        }
        while (links.next()) {
            if (!links.value(0).isNull())
                d.measureKeys.append(links.value(0).toString());
            else
                d.tableIds.append(links.value(1).toString());
        }
    }
    return result;
}

bool hasTables(const Store &store)
{
    // A store opened read-only at an older schema cannot have been migrated; it simply holds none.
    QSqlQuery q(store.database());
    return q.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'disagreement'")) && q.next();
}

} // namespace

QList<SourceDisagreement> all(const Store &store, QString *error)
{
    if (!hasTables(store))
        return {};
    return read(store, {}, {}, error);
}

QList<SourceDisagreement> forMeasure(const Store &store, const QString &measureKey)
{
    if (!hasTables(store))
        return {};
    return read(store,
                QStringLiteral("d.id IN (SELECT l.disagreement_id FROM disagreement_link l JOIN measure m ON m.id = l.measure_id "
                               "WHERE m.key = ?)"),
                measureKey, nullptr);
}

QList<SourceDisagreement> forTable(const Store &store, const QString &tableId)
{
    if (!hasTables(store))
        return {};
    return read(store, QStringLiteral("d.id IN (SELECT disagreement_id FROM disagreement_link WHERE table_id = ?)"), tableId,
                nullptr);
}

QString note(const SourceDisagreement &disagreement)
{
    QStringList stated;
    for (const SourceStatement &s : disagreement.statements)
        stated.append(QStringLiteral("%1 (%2)").arg(s.printed, s.place));
    QString subject = disagreement.subject;
    if (!disagreement.periodLabel.isEmpty())
        subject += QStringLiteral(" (%1)").arg(disagreement.periodLabel);
    return QStringLiteral("Disagreement in the report: %1 is printed as %2. %3")
        .arg(subject, stated.join(QStringLiteral("; ")), disagreement.description);
}

QString notes(const QList<SourceDisagreement> &list)
{
    QStringList lines;
    for (const SourceDisagreement &d : list)
        lines.append(note(d));
    return lines.join(QLatin1Char('\n'));
}

} // namespace oversight::disagreements
