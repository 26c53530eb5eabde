#include "seriesmodel.h"

#include "disagreements.h"

#include "catalog.h"

#include "store.h"

#include <QLocale>
#include <QSqlQuery>

#include <map>

namespace oversight {

namespace {

const QLocale &enGB()
{
    static const QLocale locale(QLocale::English, QLocale::UnitedKingdom);
    return locale;
}

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

QString idList(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1Char(','));
}

} // namespace

SeriesModel::SeriesModel(const Store &store, QObject *parent) : QAbstractTableModel(parent), m_store(store) {}

void SeriesModel::setSeries(const QStringList &measureKeys, const QString &areaCode, QDate from, QDate to,
                            std::optional<Period::Kind> wantedKind)
{
    beginResetModel();
    m_points.clear();
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

    const QList<qint64> measures = measureIds(m_store, measureKeys, &m_unit);
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
    const QString measureSql = idList(measures);

    // Which areas make up the selection: the area itself where it has figures, otherwise its parts
    // (all boroughs and other MPS areas for the force or London, member boroughs for a BCU).
    QString areaSql = QString::number(areaId);
    q.exec(QStringLiteral("SELECT count(*) FROM observation WHERE measure_id IN (%1) AND area_id = %2 AND breakdown_id = 0")
               .arg(measureSql, areaSql));
    bool direct = q.next() && q.value(0).toInt() > 0;
    if (!direct && (areaKind == QLatin1String("force") || areaKind == QLatin1String("region"))) {
        // MOPAC's London-wide figures (e.g. the LCPF) and the MPS's force-wide ones answer for each
        // other when only one is stored; the subtitle names the area the figure is stated for.
        q.exec(QStringLiteral("SELECT a.id, a.name FROM observation o JOIN area a ON a.id = o.area_id "
                              "WHERE o.measure_id IN (%1) AND a.kind IN ('force','region') AND o.breakdown_id = 0 LIMIT 1")
                   .arg(measureSql));
        if (q.next()) {
            areaSql = q.value(0).toString();
            m_areaName = q.value(1).toString();
            direct = true;
        }
    }
    if (!direct) {
        if (areaKind == QLatin1String("force") || areaKind == QLatin1String("region")) {
            areaSql = QStringLiteral("SELECT id FROM area WHERE kind IN ('borough','other')");
            m_note = QStringLiteral("Sum of the boroughs and other MPS areas");
        } else if (areaKind == QLatin1String("bcu")) {
            areaSql = QStringLiteral("SELECT member_id FROM area_member WHERE group_id = %1").arg(areaId);
            m_note = QStringLiteral("Sum of the BCU's boroughs");
        }
    }

    // The period kind asked for, else the one with the most figures (ties favour months). CROSS JOIN
    // keeps SQLite reading each (measure, area) run of the clustered key in order, rather than probing
    // the key once per period: half the time for the MPS total of every category.
    QString kind;
    if (wantedKind) {
        kind = Period::kindName(*wantedKind);
    } else {
        q.exec(QStringLiteral("SELECT p.kind, count(*) AS n FROM observation o CROSS JOIN period p ON p.id = o.period_id "
                              "WHERE o.measure_id IN (%1) AND o.area_id IN (%2) AND o.breakdown_id = 0 "
                              "GROUP BY p.kind ORDER BY n DESC, p.kind = 'month' DESC LIMIT 1").arg(measureSql, areaSql));
        if (!q.next()) {
            endResetModel();
            return;
        }
        kind = q.value(0).toString();
    }

    q.exec(QStringLiteral("SELECT p.code, SUM(o.value) FROM observation o CROSS JOIN period p ON p.id = o.period_id "
                          "WHERE o.measure_id IN (%1) AND o.area_id IN (%2) AND o.breakdown_id = 0 AND p.kind = '%3' "
                          "GROUP BY p.id, p.code, p.start_date ORDER BY p.start_date").arg(measureSql, areaSql, kind));
    std::map<QDate, Point> byStart;
    QList<Point> all;
    while (q.next()) {
        const auto period = Period::parse(q.value(0).toString());
        if (!period)
            continue;
        Point p{*period, q.value(1).toDouble(), std::nullopt, std::nullopt};
        all.append(p);
        byStart.emplace(period->start(), p);
    }
    if (!all.isEmpty())
        m_kind = all.first().period.kind();

    for (Point &p : all) {
        const auto earlier = byStart.find(p.period.start().addYears(-1));
        if (earlier != byStart.end() && earlier->second.period.kind() == p.period.kind())
            p.lastYear = earlier->second.value;
        if (p.period.kind() == Period::Kind::Month) {
            double sum = 0.0;
            bool complete = true;
            for (int back = 0; back < 12 && complete; ++back) {
                const auto it = byStart.find(p.period.start().addMonths(-back));
                if (it == byStart.end())
                    complete = false;
                else
                    sum += it->second.value;
            }
            if (complete)
                p.rolling12 = sum;
        }
        if ((!from.isValid() || p.period.end() >= from) && (!to.isValid() || p.period.start() <= to))
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

QString SeriesModel::format(double value) const
{
    return catalog::formatValue(value, m_unit);
}

QVariant SeriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Point &p = m_points.at(index.row());
    std::optional<double> value;
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
        value = p.value;
        break;
    case Rolling12Column:
        value = p.rolling12;
        break;
    case LastYearColumn:
        value = p.lastYear;
        break;
    default:
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (!value)
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return format(*value);
    if (role == static_cast<int>(Role::Value))
        return *value;
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
    case Rolling12Column: return QStringLiteral("Rolling 12 months");
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
    QString unit;
    const QList<qint64> measures = measureIds(m_store, measureKeys, &unit);
    if (!measures.isEmpty()) {
        QSqlQuery q(m_store.database());
        q.prepare(QStringLiteral("SELECT a.name, a.code, SUM(o.value) FROM observation o JOIN area a ON a.id = o.area_id "
                                 "JOIN period p ON p.id = o.period_id WHERE o.measure_id IN (%1) AND a.kind = 'borough' "
                                 "AND p.kind = 'month' AND p.start_date >= ? AND p.end_date <= ? AND o.breakdown_id = 0 "
                                 "GROUP BY a.id, a.name, a.code ORDER BY a.name").arg(idList(measures)));
        q.addBindValue(from.toString(Qt::ISODate));
        q.addBindValue(to.toString(Qt::ISODate));
        if (q.exec()) {
            while (q.next())
                m_rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toDouble()});
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
