#include "crimetotals.h"
#include "sqlids.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace oversight::crimetotals {

namespace {

// Sums the whole-area figures of the crime category measures (only those in `measures` when it is
// not empty) by measure, period and the newer classifications that hold each figure's area and
// month. CROSS JOIN: each measure's run of the clustered key is read in order, as refreshPresence
// reads it. A figure's superseded_by has a bit (1 << id) for each classification ranked above its
// measure's that holds its area and month (classification_presence); a measure of no classification
// is never superseded. parts, min_decimals and decimals_count are the count(*), min(decimals) and
// count(decimals) of SeriesModel's query; fractional_parts counts the parts that are not whole
// numbers (a sum of whole numbers is the same in any order; other sums are read from the figures);
// held counts the figures at any area, so a (measure, period) held by wards alone still has a row
// (with no parts) and the months a measure is stored for are read here.
QString sumSql(const QString &measures)
{
    return QStringLiteral(
               "INSERT INTO crime_total (measure_id, period_id, superseded_by, value, parts, min_decimals, decimals_count, "
               "fractional_parts, held) "
               "SELECT measure_id, period_id, superseded_by, coalesce(sum(CASE WHEN summed THEN value END), 0.0), "
               "sum(summed), min(CASE WHEN summed THEN decimals END), count(CASE WHEN summed THEN decimals END), "
               "sum(summed AND value <> CAST(value AS INTEGER)), count(*) "
               "FROM (SELECT o.measure_id, o.period_id, o.value, o.decimals, a.kind IN (%1) AS summed, "
               "CASE WHEN m.classification_id IS NULL THEN 0 ELSE "
               "(SELECT coalesce(sum(1 << c.id), 0) FROM classification c CROSS JOIN classification_presence cp "
               "ON cp.classification_id = c.id AND cp.area_id = o.area_id AND cp.period_id = o.period_id "
               "WHERE c.rank > (SELECT rank FROM classification WHERE id = m.classification_id)) END AS superseded_by "
               "FROM measure m CROSS JOIN observation o ON o.measure_id = m.id JOIN area a ON a.id = o.area_id "
               "WHERE m.category IS NOT NULL AND m.category <> '' AND o.breakdown_id = 0%2) "
               "GROUP BY measure_id, period_id, superseded_by")
        .arg(summedAreaKinds(), measures.isEmpty() ? QString() : QStringLiteral(" AND m.id IN (%1)").arg(measures));
}

bool run(QSqlDatabase db, const QStringList &statements, QString *error)
{
    QSqlQuery q(db);
    for (const QString &sql : statements) {
        if (!q.exec(sql)) {
            if (error)
                *error = QStringLiteral("crime totals: %1").arg(q.lastError().text());
            return false;
        }
    }
    return true;
}

} // namespace

QString summedAreaKinds()
{
    return QStringLiteral("'borough','other'");
}

QStringList migrationStatements()
{
    return {
        // Derived from the observations like classification_presence: no foreign keys, so undoing a
        // batch may remove a measure before its sums are taken again in the same transaction.
        QStringLiteral(R"(CREATE TABLE crime_total (
            measure_id INTEGER NOT NULL,
            period_id INTEGER NOT NULL,
            superseded_by INTEGER NOT NULL,
            value REAL NOT NULL,
            parts INTEGER NOT NULL,
            min_decimals INTEGER,
            decimals_count INTEGER NOT NULL,
            fractional_parts INTEGER NOT NULL,
            held INTEGER NOT NULL,
            PRIMARY KEY (measure_id, period_id, superseded_by)) WITHOUT ROWID)"),
        // Stores of earlier versions hold their figures already: summed once here.
        sumSql(QString()),
    };
}

bool refresh(QSqlDatabase db, const QSet<qint64> &measureIds, QString *error)
{
    if (measureIds.isEmpty())
        return true;
    QList<qint64> ids(measureIds.cbegin(), measureIds.cend());
    std::sort(ids.begin(), ids.end());
    const QString list = sqlIdList(ids);
    return run(db, {QStringLiteral("DELETE FROM crime_total WHERE measure_id IN (%1)").arg(list), sumSql(list)}, error);
}

bool refreshAll(QSqlDatabase db, QString *error)
{
    return run(db, {QStringLiteral("DELETE FROM crime_total"), sumSql(QString())}, error);
}

namespace {

// The measures of the classifications ranked below the highest rank the query topRank gives.
QSet<qint64> measuresRankedBelow(QSqlDatabase db, const QString &topRank)
{
    QSet<qint64> out;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT m.id FROM measure m JOIN classification c ON c.id = m.classification_id WHERE c.rank < (%1)")
               .arg(topRank));
    while (q.next())
        out.insert(q.value(0).toLongLong());
    return out;
}

} // namespace

QSet<qint64> olderClassificationMeasures(QSqlDatabase db, const QList<qint64> &classificationIds)
{
    if (classificationIds.isEmpty())
        return {};
    return measuresRankedBelow(db, QStringLiteral("SELECT max(rank) FROM classification WHERE id IN (%1)").arg(sqlIdList(classificationIds)));
}

QSet<qint64> olderThanTheirs(QSqlDatabase db, const QSet<qint64> &measureIds)
{
    if (measureIds.isEmpty())
        return {};
    return measuresRankedBelow(db, QStringLiteral("SELECT max(c2.rank) FROM measure m2 JOIN classification c2 ON c2.id = m2.classification_id "
                                                  "WHERE m2.id IN (%1)")
                                       .arg(sqlIdList(QList<qint64>(measureIds.cbegin(), measureIds.cend()))));
}

bool covers(QSqlDatabase db, const QList<qint64> &measureIds)
{
    if (measureIds.isEmpty())
        return false;
    const QString list = sqlIdList(measureIds);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM measure WHERE id IN (%1) AND category IS NOT NULL AND category <> ''").arg(list))
        || !q.next() || q.value(0).toLongLong() != QSet<qint64>(measureIds.cbegin(), measureIds.cend()).size())
        return false;
    // A part that is not a whole number: its sums are read from the figures, in their order.
    return q.exec(QStringLiteral("SELECT 1 FROM crime_total WHERE measure_id IN (%1) AND fractional_parts > 0 LIMIT 1").arg(list))
        && !q.next();
}

qint64 classificationMask(QSqlDatabase db, const QList<qint64> &measureIds)
{
    qint64 mask = 0;
    if (measureIds.isEmpty())
        return mask;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT DISTINCT classification_id FROM measure WHERE classification_id IS NOT NULL AND id IN (%1)")
               .arg(sqlIdList(measureIds)));
    while (q.next())
        mask |= qint64(1) << q.value(0).toLongLong();
    return mask;
}

} // namespace oversight::crimetotals
