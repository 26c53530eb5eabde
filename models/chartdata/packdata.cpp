#include "packdata.h"

#include "catalog.h"
#include "period.h"
#include "reporttable.h"
#include "store.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace oversight::packdata {

QHash<QString, QString> commentary(const Store &store, const QString &quarter)
{
    QHash<QString, QString> out;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT section, body FROM pack_commentary WHERE quarter = ?"));
    q.addBindValue(quarter);
    if (q.exec()) {
        while (q.next())
            out.insert(q.value(0).toString(), q.value(1).toString());
    }
    return out;
}

bool setCommentary(Store &store, const QString &quarter, const QString &section, const QString &text, QString *error)
{
    return store.write([&](QString *err) {
        QSqlQuery q(store.database());
        if (text.trimmed().isEmpty()) {
            q.prepare(QStringLiteral("DELETE FROM pack_commentary WHERE quarter = ? AND section = ?"));
            q.addBindValue(quarter);
            q.addBindValue(section);
        } else {
            q.prepare(QStringLiteral("INSERT INTO pack_commentary (quarter, section, body, updated_at, updated_by) "
                                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (quarter, section) DO UPDATE SET "
                                     "body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by"));
            q.addBindValue(quarter);
            q.addBindValue(section);
            q.addBindValue(text.trimmed());
            q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
            q.addBindValue(qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")));
        }
        if (!q.exec()) {
            *err = store.describeError(QStringLiteral("saving the commentary"), q.lastError().text());
            return false;
        }
        return true;
    }, error);
}

QString reportQuarter(const Store &store)
{
    QString error;
    const auto revenue = reporttables::build(store, QStringLiteral("revenue"), &error);
    if (!revenue)
        return {};
    return reporttables::quarterOf(*revenue);
}

QString statedIn(const QString &sourceRef)
{
    // The reference quotes the report after a colon ('Executive Summary: "against a revised budget
    // of £2,504m"'); what comes before says where. Quoted table names lose their quotes; a table's
    // row and column are the measure and period the pack prints beside it.
    QString where = sourceRef.section(QStringLiteral(": \""), 0, 0);
    where.remove(QLatin1Char('"'));
    static const QRegularExpression rowOrColumn(QStringLiteral(",\\s+(row|column)\\s.*$"));
    where.remove(rowOrColumn);
    // After a table's name come its row and column labels (the group, the question): not where.
    static const QRegularExpression afterTable(QStringLiteral("(\\btable\\b[^,]*),.*$"));
    where.replace(afterTable, QStringLiteral("\\1"));
    return where.trimmed();
}

QList<KeyFigure> keyFigures(const Store &store, const QString &theme)
{
    QList<KeyFigure> out;
    QSqlQuery q(store.database());
    // For each measure of the theme (not the open-data categories), its latest whole-area figure for
    // the MPS or London; ties on the end date favour the longer period (a 12-month total over a month).
    q.prepare(QStringLiteral(
        "SELECT m.name, p.code, o.value, m.unit, m.source, o.decimals, o.source_ref, m.key FROM measure m JOIN theme t ON t.id = m.theme_id "
        "JOIN observation o ON o.measure_id = m.id JOIN area a ON a.id = o.area_id JOIN period p ON p.id = o.period_id "
        "WHERE t.name = ? AND (m.category IS NULL OR m.category = '') AND o.breakdown_id = 0 "
        "AND a.kind IN ('force', 'region') "
        "AND p.id = (SELECT p2.id FROM observation o2 JOIN period p2 ON p2.id = o2.period_id JOIN area a2 ON a2.id = o2.area_id "
        "            WHERE o2.measure_id = m.id AND o2.breakdown_id = 0 AND a2.kind IN ('force', 'region') "
        "            ORDER BY p2.end_date DESC, p2.start_date ASC LIMIT 1) "
        "ORDER BY m.id"));
    q.addBindValue(theme);
    if (!q.exec())
        return out;
    while (q.next()) {
        const auto period = Period::parse(q.value(1).toString());
        KeyFigure k{q.value(0).toString(), period ? period->label() : q.value(1).toString(), q.value(2).toDouble(),
                    q.value(3).toString(), q.value(4).toString(), std::nullopt, statedIn(q.value(6).toString()),
                    disagreements::forMeasure(store, q.value(7).toString())};
        if (!q.value(5).isNull())
            k.decimals = q.value(5).toInt();
        out.append(k);
    }
    return out;
}

} // namespace oversight::packdata
