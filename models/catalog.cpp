#include "catalog.h"
#include "formatting.h"

#include "period.h"
#include "store.h"

#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

#include <algorithm>
#include <cmath>

namespace oversight::catalog {

namespace {

using formatting::enGB;

MeasureInfo measureFrom(const QSqlQuery &q)
{
    MeasureInfo m;
    m.key = q.value(0).toString();
    m.name = q.value(1).toString();
    m.theme = q.value(2).toString();
    m.category = q.value(3).toString();
    m.unit = q.value(4).toString();
    m.source = q.value(5).toString();
    m.notes = q.value(6).toString();
    m.hasAreaFigures = q.value(7).toBool();
    if (q.record().count() > 8)
        m.observationCount = q.value(8).toInt();
    return m;
}

// EXISTS stops at the first figure, so listing measures stays cheap however many figures there are.
const char *measureSelect =
    "SELECT m.key, m.name, t.name, m.category, m.unit, m.source, m.notes, "
    "EXISTS (SELECT 1 FROM observation o WHERE o.measure_id = m.id AND o.breakdown_id = 0) ";
const char *measureTables = "FROM measure m JOIN theme t ON t.id = m.theme_id ";
const char *countColumn = ", (SELECT count(*) FROM observation o WHERE o.measure_id = m.id) ";

} // namespace

QList<MeasureInfo> measures(const Store &store, bool withCounts)
{
    QList<MeasureInfo> out;
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    q.exec(QString::fromLatin1(measureSelect) + QString::fromLatin1(withCounts ? countColumn : "")
           + QString::fromLatin1(measureTables) + QStringLiteral("ORDER BY t.ordinal, m.category IS NOT NULL, m.category, m.id"));
    while (q.next())
        out.append(measureFrom(q));
    return out;
}

std::optional<MeasureInfo> measure(const Store &store, const QString &key)
{
    QSqlQuery q(store.database());
    q.prepare(QString::fromLatin1(measureSelect) + QString::fromLatin1(measureTables) + QStringLiteral("WHERE m.key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return measureFrom(q);
    return std::nullopt;
}

QList<AreaInfo> areas(const Store &store)
{
    QList<AreaInfo> out;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT code, name, kind FROM area ORDER BY CASE kind WHEN 'force' THEN 0 WHEN 'region' THEN 1 "
                          "WHEN 'bcu' THEN 2 WHEN 'borough' THEN 3 ELSE 4 END, name"));
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return out;
}

QString slug(const QString &text)
{
    QString out;
    bool underscore = false;
    for (const QChar c : text.toLower()) {
        if (c.isLetterOrNumber() && c.unicode() < 128) {
            out.append(c);
            underscore = false;
        } else if (!underscore && !out.isEmpty()) {
            out.append(QLatin1Char('_'));
            underscore = true;
        }
    }
    while (out.endsWith(QLatin1Char('_')))
        out.chop(1);
    return out;
}

QStringList categoryMeasures(const Store &store, const QString &category)
{
    QStringList out;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT key FROM measure WHERE category = ? ORDER BY name"));
    q.addBindValue(category);
    if (q.exec()) {
        while (q.next())
            out.append(q.value(0).toString());
    }
    return out;
}

QDate dataAsAt(const Store &store)
{
    QSqlQuery q(store.database());
    // Each batch records the span of its periods, so this reads a few rows, not every figure.
    q.exec(QStringLiteral("SELECT max(last_period_end) FROM import_batch"));
    if (q.next())
        return QDate::fromString(q.value(0).toString(), Qt::ISODate);
    return {};
}

std::pair<QDate, QDate> monthRange(const Store &store)
{
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT min(first_month), max(last_month) FROM import_batch"));
    if (q.next())
        return {QDate::fromString(q.value(0).toString(), Qt::ISODate), QDate::fromString(q.value(1).toString(), Qt::ISODate)};
    return {};
}

int defaultDecimals(const QString &unit)
{
    if (unit == QLatin1String("percent") || unit == QLatin1String("points") || unit == QLatin1String("gbp_m"))
        return 1;
    if (unit == QLatin1String("ratio"))
        return 2;
    return 0;
}

QString formatValue(double value, const QString &unit, std::optional<int> decimals)
{
    // Stated precision wins; it is clamped so a corrupt store cannot ask for 300 digits.
    const int places = std::clamp(decimals.value_or(defaultDecimals(unit)), 0, 6);
    if (unit == QLatin1String("percent"))
        return enGB().toString(value, 'f', places) + QLatin1Char('%');
    if (unit == QLatin1String("points"))
        return (value > 0 ? QStringLiteral("+") : QString()) + enGB().toString(value, 'f', places) + QStringLiteral(" pts");
    if (unit == QLatin1String("gbp_m")) {
        const QString text = QStringLiteral("£") + enGB().toString(std::abs(value), 'f', places) + QLatin1Char('m');
        return value < 0 ? QStringLiteral("-") + text : text;
    }
    if (unit == QLatin1String("gbp")) {
        const QString text = QStringLiteral("£") + enGB().toString(std::abs(value), 'f', places);
        return value < 0 ? QStringLiteral("-") + text : text;
    }
    return enGB().toString(value, 'f', places);
}

int writtenDecimals(QStringView text)
{
    text = text.trimmed();
    // An exponent ("1e3") says nothing about decimals; such a figure is not how the report writes one.
    if (text.contains(QLatin1Char('e'), Qt::CaseInsensitive))
        return 0;
    const qsizetype point = text.indexOf(QLatin1Char('.'));
    return point < 0 ? 0 : static_cast<int>(text.size() - point - 1);
}

QString unitLabel(const QString &unit)
{
    if (unit == QLatin1String("count"))
        return QStringLiteral("Number");
    if (unit == QLatin1String("percent"))
        return QStringLiteral("Per cent");
    if (unit == QLatin1String("points"))
        return QStringLiteral("Percentage points");
    if (unit == QLatin1String("gbp_m"))
        return QStringLiteral("£m");
    if (unit == QLatin1String("gbp"))
        return QStringLiteral("£");
    if (unit == QLatin1String("ratio"))
        return QStringLiteral("Ratio");
    return unit;
}

qint64 periodId(QSqlDatabase db, const Period &period, QString *error)
{
    const QString code = period.code();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM period WHERE code = ?"));
    q.addBindValue(code);
    if (q.exec() && q.next())
        return q.value(0).toLongLong();
    q.prepare(QStringLiteral("INSERT INTO period (code, kind, start_date, end_date, label) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(code);
    q.addBindValue(Period::kindName(period.kind()));
    q.addBindValue(period.start().toString(Qt::ISODate));
    q.addBindValue(period.end().toString(Qt::ISODate));
    q.addBindValue(period.label());
    if (!q.exec()) {
        *error = QStringLiteral("period %1: %2").arg(code, q.lastError().text());
        return -1;
    }
    return q.lastInsertId().toLongLong();
}

qint64 breakdownId(QSqlDatabase db, const QString &category, const QString &group, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM breakdown WHERE category = ? AND grp = ?"));
    q.addBindValue(category);
    q.addBindValue(group);
    if (q.exec() && q.next())
        return q.value(0).toLongLong();
    // New groups are listed after the existing ones.
    q.prepare(QStringLiteral("INSERT INTO breakdown (category, grp, ordinal) "
                             "VALUES (?, ?, (SELECT coalesce(max(ordinal) + 1, 0) FROM breakdown))"));
    q.addBindValue(category);
    q.addBindValue(group);
    if (!q.exec()) {
        *error = QStringLiteral("group %1: %2: %3").arg(category, group, q.lastError().text());
        return -1;
    }
    return q.lastInsertId().toLongLong();
}

} // namespace oversight::catalog
