#include "seriesmodel.h"
#include "sqlids.h"
#include "formatting.h"

#include "reporttable.h"

#include "disagreements.h"

#include "catalog.h"
#include "classification.h"
#include "crimetotals.h"

#include "store.h"

#include <QLocale>
#include <QSqlQuery>

#include <algorithm>
#include <map>

namespace oversight {

namespace {

using formatting::enGB;

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks.append(QStringLiteral("?"));
    return marks.join(QLatin1Char(','));
}

QList<qint64> measureIds(const Store &store, const QStringList &keys, QString *unit)
{
    QList<qint64> ids;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT id, unit FROM measure WHERE key IN (%1)").arg(placeholders(keys.size())));
    for (const QString &k : keys)
        q.addBindValue(k);
    if (q.exec()) {
        while (q.next()) {
            ids.append(q.value(0).toLongLong());
            *unit = q.value(1).toString();
        }
    }
    return ids;
}

} // namespace

SeriesModel::SeriesModel(const Store &store, QObject *parent) : QAbstractTableModel(parent), m_store(store) {}

void SeriesModel::setSeries(const QStringList &measureKeys, const QString &areaCode, QDate from, QDate to,
                            std::optional<Period::Kind> wantedKind)
{
    beginResetModel();
    m_points.clear();
    m_breaks.clear();
    m_kind.reset();
    m_note.clear();
    m_areaName.clear();
    m_unit.clear();
    if (measureKeys != m_disagreementKeys) {
        // Read once per set of measures, not on every change of area or months.
        m_disagreementKeys = measureKeys;
        QList<SourceDisagreement> found;
        QStringList seen;
        for (const QString &key : measureKeys) {
            for (const SourceDisagreement &d : disagreements::forMeasure(m_store, key)) {
                if (!seen.contains(d.key)) {
                    seen.append(d.key);
                    found.append(d);
                }
            }
        }
        m_disagreementNote = disagreements::notes(found);
    }

    // A category of one MPS classification runs on in its equivalent of the next.
    const classification::Continued continued =
        classification::withEquivalents(m_store.database(), measureIds(m_store, measureKeys, &m_unit));
    const QList<qint64> &measures = continued.measureIds;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT id, name, kind FROM area WHERE code = ?"));
    q.addBindValue(areaCode);
    if (measures.isEmpty() || !q.exec() || !q.next()) {
        endResetModel();
        return;
    }
    const qint64 areaId = q.value(0).toLongLong();
    m_areaName = q.value(1).toString();
    const QString areaKind = q.value(2).toString();
    const QString measureSql = sqlIdList(measures);

    // Which areas make up the selection: the area itself where it has figures, otherwise its parts
    // (all boroughs and other MPS areas for the force or London, member boroughs for a BCU).
    QString areaSql = QString::number(areaId);
    q.exec(QStringLiteral("SELECT count(*) FROM observation WHERE measure_id IN (%1) AND area_id = %2 AND breakdown_id = 0")
               .arg(measureSql, areaSql));
    bool direct = q.next() && q.value(0).toInt() > 0;
    if (!direct && (areaKind == QLatin1String("force") || areaKind == QLatin1String("region"))) {
        // MOPAC's London-wide figures (e.g. the LCPF) and the MPS's force-wide ones answer for each
        // other when only one is stored; the subtitle names the area the figure is stated for.
        // Driven from the few force and region areas (CROSS JOIN), so each is a look-up in the
        // clustered key rather than a walk over every figure of the measures.
        q.exec(QStringLiteral("SELECT a.id, a.name FROM area a CROSS JOIN observation o ON o.area_id = a.id "
                              "WHERE o.measure_id IN (%1) AND a.kind IN ('force','region') AND o.breakdown_id = 0 "
                              "ORDER BY o.measure_id, a.id LIMIT 1")
                   .arg(measureSql));
        if (q.next()) {
            areaSql = q.value(0).toString();
            m_areaName = q.value(1).toString();
            direct = true;
        }
    }
    bool allAreas = false;
    if (!direct) {
        if (areaKind == QLatin1String("force") || areaKind == QLatin1String("region")) {
            areaSql = QStringLiteral("SELECT id FROM area WHERE kind IN (%1)").arg(crimetotals::summedAreaKinds());
            allAreas = true;
            m_note = QStringLiteral("Sum of the boroughs and other MPS areas");
        } else if (areaKind == QLatin1String("bcu")) {
            areaSql = QStringLiteral("SELECT member_id FROM area_member WHERE group_id = %1").arg(areaId);
            m_note = QStringLiteral("Sum of the BCU's boroughs");
        }
    }

    // A sum over categories of two MPS classifications takes each area's month from the newer only.
    const QString supersede = classification::supersededCondition(m_store.database(), measures);
    const QString keep = supersede.isEmpty() ? QString() : QStringLiteral(" AND ") + supersede;
    for (const QString &note : {continued.note, classification::overlapNote(m_store.database(), measures)}) {
        if (note.isEmpty())
            continue;
        m_note = m_note.isEmpty() ? note : m_note + (m_note.endsWith(QLatin1Char('.')) ? QStringLiteral(" ") : QStringLiteral(". ")) + note;
    }
    for (const classification::Break &b : classification::breaks(m_store.database(), measures))
        m_breaks.append({QDate::fromString(b.month, Qt::ISODate), b.label});
    m_quarterEnds.clear();
    for (const Period &quarter : reporttables::quartersHeld(m_store))
        m_quarterEnds.append(quarter.end());

    // The period kind asked for, else the one with the most figures (ties favour months). CROSS JOIN
    // keeps SQLite reading each (measure, area) run of the clustered key in order, rather than probing
    // the key once per period: half the time for the MPS total of every category.
    // The sum over all the MPS's areas of crime categories is pre-summed (crimetotals.h): the same
    // rows, figures and counts, read from some thousand sums rather than every figure of the
    // measures; a superseded part is left out as `keep` leaves out its figures.
    const bool presummed = allAreas && crimetotals::covers(m_store.database(), measures);
    const QString totals = QStringLiteral("crime_total s CROSS JOIN period p ON p.id = s.period_id "
                                          "WHERE s.measure_id IN (%1) AND s.parts > 0 AND (s.superseded_by & %2) = 0")
                               .arg(measureSql)
                               .arg(presummed ? crimetotals::classificationMask(m_store.database(), measures) : 0);
    QString kind;
    if (wantedKind) {
        kind = Period::kindName(*wantedKind);
    } else {
        if (presummed)
            q.exec(QStringLiteral("SELECT p.kind, sum(s.parts) AS n FROM %1 "
                                  "GROUP BY p.kind ORDER BY n DESC, p.kind = 'month' DESC LIMIT 1").arg(totals));
        else
            q.exec(QStringLiteral("SELECT p.kind, count(*) AS n FROM observation o CROSS JOIN period p ON p.id = o.period_id "
                                  "WHERE o.measure_id IN (%1) AND o.area_id IN (%2) AND o.breakdown_id = 0%3 "
                                  "GROUP BY p.kind ORDER BY n DESC, p.kind = 'month' DESC LIMIT 1").arg(measureSql, areaSql, keep));
        if (!q.next()) {
            endResetModel();
            return;
        }
        kind = q.value(0).toString();
    }

    // With each sum, how many figures went into it and the decimals they were stated with: a
    // figure stated as "£2,504m" prints so, and a sum prints to its least precise part (NULL, an
    // imported figure, counts as its unit's default).
    if (presummed)
        q.exec(QStringLiteral("SELECT p.code, SUM(s.value), sum(s.parts), min(s.min_decimals), sum(s.decimals_count) "
                              "FROM %1 AND p.kind = '%2' "
                              "GROUP BY p.id, p.code, p.start_date ORDER BY p.start_date").arg(totals, kind));
    else
        q.exec(QStringLiteral("SELECT p.code, SUM(o.value), count(*), min(o.decimals), count(o.decimals) "
                              "FROM observation o CROSS JOIN period p ON p.id = o.period_id "
                              "WHERE o.measure_id IN (%1) AND o.area_id IN (%2) AND o.breakdown_id = 0 AND p.kind = '%3'%4 "
                              "GROUP BY p.id, p.code, p.start_date ORDER BY p.start_date").arg(measureSql, areaSql, kind, keep));
    const int unitDecimals = catalog::defaultDecimals(m_unit);
    std::map<QDate, Point> byStart;
    QList<Point> all;
    while (q.next()) {
        const auto period = Period::parse(q.value(0).toString());
        if (!period)
            continue;
        const qint64 parts = q.value(2).toLongLong();
        const qint64 withDecimals = q.value(4).toLongLong();
        int decimals = withDecimals > 0 ? q.value(3).toInt() : unitDecimals;
        if (withDecimals > 0 && withDecimals < parts)
            decimals = std::min(decimals, unitDecimals);
        Point p{*period, q.value(1).toDouble(), std::nullopt, std::nullopt};
        p.decimals = decimals;
        p.calculated = parts > 1;
        all.append(p);
        byStart.emplace(period->start(), p);
    }
    if (!all.isEmpty())
        m_kind = all.first().period.kind();

    for (Point &p : all) {
        const auto earlier = byStart.find(p.period.start().addYears(-1));
        if (earlier != byStart.end() && earlier->second.period.kind() == p.period.kind()) {
            p.lastYear = earlier->second.value;
            p.lastYearDecimals = earlier->second.decimals;
            p.lastYearCalculated = earlier->second.calculated;
        }
        if (p.period.kind() == Period::Kind::Month) {
            double sum = 0.0;
            int decimals = p.decimals;
            bool complete = true;
            for (int back = 0; back < 12 && complete; ++back) {
                const auto it = byStart.find(p.period.start().addMonths(-back));
                if (it == byStart.end()) {
                    complete = false;
                } else {
                    sum += it->second.value;
                    decimals = std::min(decimals, it->second.decimals);
                }
            }
            if (complete) {
                p.rolling12 = sum;
                p.rollingDecimals = decimals;
            }
        }
        // Counted periods (months, 12 months) shown end by the range's last month: the 12 months to
        // September 2017 begin in October 2016 but hold figures a June 2017 range (a Q1 pack) must not
        // show. A year's plan or budget, stated once the year has begun, is shown from its start.
        const QDate lastDay = to.isValid() ? QDate(to.year(), to.month(), to.daysInMonth()) : QDate();
        const bool counted = p.period.kind() == Period::Kind::Month || p.period.kind() == Period::Kind::Rolling12;
        const bool beforeEnd = !to.isValid() || (counted ? p.period.end() <= lastDay : p.period.start() <= to);
        if ((!from.isValid() || p.period.end() >= from) && beforeEnd)
            m_points.append(p);
    }
    endResetModel();
}

double SeriesModel::chartPosition(const Period &period)
{
    const QDate at = period.kind() == Period::Kind::Rolling12
        ? period.end()
        : period.start().addDays(period.start().daysTo(period.end()) / 2);
    return static_cast<double>(at.startOfDay(Qt::UTC).toMSecsSinceEpoch());
}

bool SeriesModel::consecutive() const
{
    for (qsizetype i = 1; i < m_points.size(); ++i) {
        const Period &before = m_points.at(i - 1).period;
        const Period &p = m_points.at(i).period;
        // A rolling 12 months follows the one ending a month earlier; other kinds follow on the next day.
        const QDate expected = p.kind() == Period::Kind::Rolling12 ? before.end().addDays(1).addMonths(1).addDays(-1)
                                                                   : before.end().addDays(1);
        const QDate actual = p.kind() == Period::Kind::Rolling12 ? p.end() : p.start();
        if (actual != expected)
            return false;
    }
    return true;
}

bool SeriesModel::hasRolling() const
{
    for (const Point &p : m_points) {
        if (p.rolling12)
            return true;
    }
    return false;
}

bool SeriesModel::hasLastYear() const
{
    for (const Point &p : m_points) {
        if (p.lastYear)
            return true;
    }
    return false;
}

int SeriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_points.size());
}

int SeriesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<SeriesModel::Figure> SeriesModel::figure(int row, int column) const
{
    if (row < 0 || row >= m_points.size())
        return std::nullopt;
    const Point &p = m_points.at(row);
    switch (column) {
    case ValueColumn:
        return Figure{p.value, p.decimals, p.calculated};
    case Rolling12Column:
        if (p.rolling12)
            return Figure{*p.rolling12, p.rollingDecimals, true};
        return std::nullopt;
    case LastYearColumn:
        if (p.lastYear)
            return Figure{*p.lastYear, p.lastYearDecimals, p.lastYearCalculated};
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

QVariant SeriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Point &p = m_points.at(index.row());
    switch (index.column()) {
    case PeriodColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return p.period.label();
        if (role == static_cast<int>(Role::Value))
            return p.period.code();
        return {};
    case XColumn:
        // The chart's x: the middle of the period, in ms since the epoch (what QDateTimeAxis reads).
        if (role == Qt::DisplayRole || role == static_cast<int>(Role::Value))
            return chartPosition(p.period);
        return {};
    case ValueColumn:
    case Rolling12Column:
    case LastYearColumn:
        break;
    default:
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const auto f = figure(index.row(), index.column());
    if (!f)
        return {};
    const QString text = catalog::formatValue(f->value, m_unit, f->decimals);
    if (role == Qt::DisplayRole)
        return text;
    if (role == Qt::ToolTipRole) {
        // A figure Oversight added up says so: it is no figure the source stated.
        if (!f->calculated)
            return text;
        return index.column() == Rolling12Column
            ? QStringLiteral("%1 (calculated: the sum of 12 months)").arg(text)
            : QStringLiteral("%1 (calculated: %2)")
                  .arg(text, m_note.isEmpty() ? QStringLiteral("a sum of stored figures")
                                              : m_note.left(1).toLower() + m_note.mid(1)); // "MPS" stays capital
    }
    if (role == static_cast<int>(Role::Value))
        return f->value;
    if (role == static_cast<int>(Role::Decimals))
        return f->decimals;
    return {};
}

QVariant SeriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PeriodColumn: return QStringLiteral("Period");
    case XColumn: return QStringLiteral("Chart position");
    case ValueColumn: return QStringLiteral("Value");
    case Rolling12Column: return QStringLiteral("Rolling 12 months (calculated)");
    case LastYearColumn: return QStringLiteral("Same period last year");
    default: return {};
    }
}

BoroughValuesModel::BoroughValuesModel(const Store &store, QObject *parent)
    : QAbstractTableModel(parent), m_store(store)
{
}

void BoroughValuesModel::setValues(const QStringList &measureKeys, QDate from, QDate to)
{
    beginResetModel();
    m_rows.clear();
    m_note.clear();
    QString unit;
    const classification::Continued continued =
        classification::withEquivalents(m_store.database(), measureIds(m_store, measureKeys, &unit));
    const QList<qint64> &measures = continued.measureIds;
    if (!measures.isEmpty()) {
        const QString supersede = classification::supersededCondition(m_store.database(), measures);
        QStringList notes{continued.note, classification::overlapNote(m_store.database(), measures)};
        notes.removeAll(QString());
        m_note = notes.join(QLatin1Char(' '));
        QSqlQuery q(m_store.database());
        // Driven from the boroughs (CROSS JOIN): a look-up of each borough's run of each measure in
        // the clustered key, never a walk over the measures' ward and LSOA figures.
        q.prepare(QStringLiteral("SELECT a.name, a.code, coalesce(a.abbreviation, ''), SUM(o.value) FROM area a "
                                 "CROSS JOIN observation o ON o.area_id = a.id "
                                 "JOIN period p ON p.id = o.period_id WHERE o.measure_id IN (%1) AND a.kind = 'borough' "
                                 "AND p.kind = 'month' AND p.start_date >= ? AND p.end_date <= ? AND o.breakdown_id = 0%2 "
                                 "GROUP BY a.id, a.name, a.code ORDER BY a.name")
                      .arg(sqlIdList(measures), supersede.isEmpty() ? QString() : QStringLiteral(" AND ") + supersede));
        q.addBindValue(from.toString(Qt::ISODate));
        q.addBindValue(to.toString(Qt::ISODate));
        if (q.exec()) {
            while (q.next())
                m_rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toDouble()});
        }
    }
    const Period first = Period::month(from.year(), from.month());
    const Period last = Period::month(to.year(), to.month());
    m_span = first == last ? first.label() : QStringLiteral("%1 to %2").arg(first.label(), last.label());
    endResetModel();
}

int BoroughValuesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int BoroughValuesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BoroughValuesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (index.column()) {
    case BoroughColumn:
        if (role == AbbreviationRole)
            return row.abbreviation.isEmpty() ? row.code : row.abbreviation;
        return role == Qt::DisplayRole ? QVariant(row.name) : QVariant();
    case CodeColumn:
        return role == Qt::DisplayRole ? QVariant(row.code) : QVariant();
    case ValueColumn:
        if (role == Qt::DisplayRole)
            return enGB().toString(row.value, 'f', 0);
        if (role == Qt::EditRole || role == Qt::UserRole + 1)
            return row.value;
        if (role == Qt::TextAlignmentRole)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant BoroughValuesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case BoroughColumn: return QStringLiteral("Borough");
    case CodeColumn: return QStringLiteral("ONS code");
    case ValueColumn: return QStringLiteral("Offences");
    default: return {};
    }
}

} // namespace oversight
