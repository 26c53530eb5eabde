#include "packdata.h"

#include "catalog.h"
#include "period.h"
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

std::optional<EarlierCommentary> earlierCommentary(const Store &store, const Period &quarter, const QString &section)
{
    // Quarters are stored as written ("Q4 2016/17"), which do not sort as text: compare their periods.
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT quarter, body FROM pack_commentary WHERE section = ?"));
    q.addBindValue(section);
    std::optional<EarlierCommentary> out;
    std::optional<Period> outPeriod;
    if (!q.exec())
        return out;
    while (q.next()) {
        const auto period = Period::parse(q.value(0).toString());
        if (!period || period->kind() != Period::Kind::Quarter || !(period->end() < quarter.start()))
            continue;
        if (!outPeriod || outPeriod->end() < period->end()) {
            outPeriod = period;
            out = EarlierCommentary{period->label(), q.value(1).toString()};
        }
    }
    return out;
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

namespace {

// The quarter a batch's return reported: the latest quarter it brought figures for. A return states
// the year's budget and forecast at its quarter; none for a batch without a quarter's figures (the
// monthly open data).
std::optional<Period> batchQuarter(const Store &store, qint64 batchId, QHash<qint64, std::optional<Period>> *cache)
{
    if (const auto it = cache->constFind(batchId); it != cache->constEnd())
        return *it;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT p.code FROM period p WHERE p.kind = 'quarter' AND p.id IN "
                             "(SELECT DISTINCT period_id FROM observation WHERE batch_id = ?) ORDER BY p.end_date DESC LIMIT 1"));
    q.addBindValue(batchId);
    std::optional<Period> quarter;
    if (q.exec() && q.next())
        quarter = Period::parse(q.value(0).toString());
    cache->insert(batchId, quarter);
    return quarter;
}

// What a figure is compared with: the previous quarter, else the same quarter a year before; for a
// rolling 12 months, the 12 months to the previous quarter's end, else a year before. A month or a
// financial year (budgets and forecasts restated in-year) has no quarter to compare with.
QList<Period> comparisons(const Period &period)
{
    switch (period.kind()) {
    case Period::Kind::Quarter:
        return {period.yearEarlier().next().next().next(), period.yearEarlier()};
    case Period::Kind::Rolling12: {
        const QDate earlier = period.end().addMonths(-3);
        return {Period::rolling12(earlier.year(), earlier.month()), period.yearEarlier()};
    }
    case Period::Kind::Month:
    case Period::Kind::FinancialYear:
        break;
    }
    return {};
}

} // namespace

QList<KeyFigure> keyFigures(const Store &store, const QString &theme, const Period &quarter)
{
    QList<KeyFigure> out;
    QSqlQuery q(store.database());
    // Each measure of the theme (not the open-data categories), its whole-area figures for the MPS or
    // London, latest first; ties on the end date favour the longer period (a 12-month total over a
    // month).
    q.prepare(QStringLiteral(
        "SELECT m.id, m.name, p.code, o.value, m.unit, m.source, o.decimals, o.source_ref, m.key, p.id, o.area_id, o.batch_id "
        "FROM measure m JOIN theme t ON t.id = m.theme_id "
        "JOIN observation o ON o.measure_id = m.id JOIN area a ON a.id = o.area_id JOIN period p ON p.id = o.period_id "
        "WHERE t.name = ? AND (m.category IS NULL OR m.category = '') AND o.breakdown_id = 0 "
        "AND a.kind IN ('force', 'region') "
        "ORDER BY m.id, p.end_date DESC, p.start_date ASC"));
    q.addBindValue(theme);
    if (!q.exec())
        return out;
    QHash<qint64, std::optional<Period>> quarterOfBatch;
    QSqlQuery previous(store.database());
    previous.prepare(QStringLiteral("SELECT o.value, o.decimals FROM observation o JOIN period p ON p.id = o.period_id "
                                    "WHERE o.measure_id = ? AND o.area_id = ? AND o.breakdown_id = 0 AND p.code = ?"));
    qint64 measureDone = -1;  // the measure whose figure is chosen
    qint64 chosenPeriod = -1; // its period: further areas' rows of that period are shown too
    while (q.next()) {
        const qint64 measureId = q.value(0).toLongLong();
        const qint64 periodId = q.value(9).toLongLong();
        if (measureId == measureDone && periodId != chosenPeriod)
            continue;
        const auto period = Period::parse(q.value(2).toString());
        if (!period)
            continue;
        KeyFigure k{q.value(1).toString(), period->label(), q.value(3).toDouble(), q.value(4).toString(), q.value(5).toString(),
                    std::nullopt, statedIn(q.value(7).toString()), {}, period->end(), {}, {}, 0.0, std::nullopt};
        if (quarter.end() < period->end()) {
            // A period running past the quarter (the year's budget, its forecast): known at the quarter
            // only if a return of that quarter or an earlier one stated it.
            const auto stated = batchQuarter(store, q.value(11).toLongLong(), &quarterOfBatch);
            if (!stated || quarter.end() < stated->end())
                continue;
            // A target dated after the quarter (the DWOs due by December 2017) is the position of the
            // quarter whose return set it; a later quarter's pack does not restate it as its own.
            if (quarter.end() < period->start() && !(*stated == quarter))
                continue;
            k.asAt = stated->end();
            if (!(*stated == quarter))
                k.statedAtEarlierQuarter = stated->label();
        }
        measureDone = measureId;
        chosenPeriod = periodId;
        if (!q.value(6).isNull())
            k.decimals = q.value(6).toInt();
        k.disagreements = disagreements::forMeasure(store, q.value(8).toString());
        for (const Period &earlier : comparisons(*period)) {
            previous.bindValue(0, measureId);
            previous.bindValue(1, q.value(10));
            previous.bindValue(2, earlier.code());
            if (previous.exec() && previous.next()) {
                k.previousPeriod = earlier.label();
                k.previousValue = previous.value(0).toDouble();
                if (!previous.value(1).isNull())
                    k.previousDecimals = previous.value(1).toInt();
                break;
            }
        }
        out.append(k);
    }
    return out;
}

QString periodText(const KeyFigure &figure)
{
    if (figure.statedAtEarlierQuarter.isEmpty())
        return figure.period;
    return QStringLiteral("%1, stated at %2").arg(figure.period, figure.statedAtEarlierQuarter);
}

QString changeText(const KeyFigure &figure)
{
    if (figure.previousPeriod.isEmpty())
        return {};
    // To the finer of the two figures' stated decimals; a percentage's change is in points.
    const int decimals = std::max(figure.decimals.value_or(catalog::defaultDecimals(figure.unit)),
                                  figure.previousDecimals.value_or(catalog::defaultDecimals(figure.unit)));
    const double change = figure.value - figure.previousValue;
    const bool percent = figure.unit == QLatin1String("percent");
    QString text = catalog::formatValue(change, percent ? QStringLiteral("points") : figure.unit, decimals);
    if (!percent && change > 0)
        text.prepend(QLatin1Char('+'));
    return text;
}

QString previousText(const KeyFigure &figure)
{
    if (figure.previousPeriod.isEmpty())
        return {};
    return catalog::formatValue(figure.previousValue, figure.unit, figure.previousDecimals);
}

} // namespace oversight::packdata
