#include "classification.h"
#include "sqlids.h"

#include "catalog.h"
#include "csv.h"
#include "period.h"

#include <QFile>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <map>

namespace oversight::classification {

namespace {

csv::Table resourceTable(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing embedded resource %s", qPrintable(path));
    QString error;
    csv::Table table = csv::parseTable(QString::fromUtf8(file.readAll()), &error);
    if (!error.isEmpty())
        qFatal("%s: %s", qPrintable(path), qPrintable(error));
    return table;
}

// A literal for SQL built from the embedded reference files (never from user input).
QString literal(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString pairKey(const QString &major, const QString &minor)
{
    return major + QChar(u'\x1f') + minor;
}

// The classifications of the measures (those that have one), with their measures.
std::map<qint64, QList<qint64>> measuresByClassification(QSqlDatabase db, const QList<qint64> &measureIds)
{
    std::map<qint64, QList<qint64>> out;
    if (measureIds.isEmpty())
        return out;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT id, classification_id FROM measure WHERE classification_id IS NOT NULL AND id IN (%1)")
               .arg(sqlIdList(measureIds)));
    while (q.next())
        out[q.value(1).toLongLong()].append(q.value(0).toLongLong());
    return out;
}

QHash<qint64, int> ranks(QSqlDatabase db)
{
    QHash<qint64, int> out;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT id, rank FROM classification"));
    while (q.next())
        out.insert(q.value(0).toLongLong(), q.value(1).toInt());
    return out;
}

// For each pair (older, newer) of the classifications given that hold figures for the same area and
// month: the first and last such month (ISO dates).
struct Overlap {
    qint64 older = 0;
    qint64 newer = 0;
    QString first;
    QString last;
    int months = 0;
};

QList<Overlap> overlaps(QSqlDatabase db, const QList<qint64> &classifications, const QString &from = {},
                        const QString &to = {})
{
    QList<Overlap> out;
    if (classifications.size() < 2)
        return out;
    const QHash<qint64, int> rank = ranks(db);
    QSqlQuery q(db);
    for (qint64 older : classifications) {
        for (qint64 newer : classifications) {
            if (rank.value(newer) <= rank.value(older))
                continue;
            q.prepare(QStringLiteral("SELECT min(p.start_date), max(p.start_date), count(DISTINCT p.id) "
                                     "FROM classification_presence a "
                                     "JOIN classification_presence b ON b.classification_id = ? AND b.area_id = a.area_id "
                                     "AND b.period_id = a.period_id "
                                     "JOIN period p ON p.id = a.period_id "
                                     "WHERE a.classification_id = ?%1")
                          .arg(from.isEmpty() ? QString() : QStringLiteral(" AND p.start_date >= ? AND p.start_date <= ?")));
            q.addBindValue(newer);
            q.addBindValue(older);
            if (!from.isEmpty()) {
                q.addBindValue(from);
                q.addBindValue(to);
            }
            if (q.exec() && q.next() && q.value(2).toInt() > 0)
                out.append({older, newer, q.value(0).toString(), q.value(1).toString(), q.value(2).toInt()});
        }
    }
    return out;
}

// The overlaps among the classifications of these measures (none when they are of one).
QList<Overlap> overlapsOf(QSqlDatabase db, const std::map<qint64, QList<qint64>> &byClassification)
{
    if (byClassification.size() < 2)
        return {};
    QList<qint64> classifications;
    for (const auto &entry : byClassification)
        classifications.append(entry.first);
    return overlaps(db, classifications);
}

QString schemeName(const QList<Scheme> &schemes, qint64 id, bool shortName)
{
    for (const Scheme &s : schemes) {
        if (s.id == id)
            return shortName ? s.shortName : s.name;
    }
    return {};
}

QString monthLabel(const QString &isoDate)
{
    const QDate d = QDate::fromString(isoDate, Qt::ISODate);
    return d.isValid() ? Period::month(d.year(), d.month()).label() : isoDate;
}

QString spanText(const Overlap &o)
{
    return o.first == o.last ? monthLabel(o.first)
                             : QStringLiteral("%1 to %2").arg(monthLabel(o.first), monthLabel(o.last));
}

} // namespace

QStringList classifyMeasuresSql()
{
    QStringList out;
    const csv::Table schemes = resourceTable(QStringLiteral(":/crime/classifications.csv"));
    for (const auto &row : schemes.rows) {
        const csv::Table categories = resourceTable(QStringLiteral(":/crime/") + row.value(QStringLiteral("categories")));
        QStringList keys;
        for (const auto &category : categories.rows) {
            if (!category.value(QStringLiteral("key")).isEmpty())
                keys.append(literal(category.value(QStringLiteral("key"))));
        }
        if (keys.isEmpty())
            continue;
        out.append(QStringLiteral("UPDATE measure SET classification_id = (SELECT id FROM classification WHERE key = %1) "
                                  "WHERE classification_id IS NULL AND key IN (%2)")
                       .arg(literal(row.value(QStringLiteral("key"))), keys.join(QLatin1Char(','))));
    }
    return out;
}

QStringList migrationStatements()
{
    QStringList out = {
        QStringLiteral(R"(CREATE TABLE classification (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            rank INTEGER NOT NULL UNIQUE,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            key_prefix TEXT NOT NULL,
            description TEXT))"),
        // The categories each classification publishes, word for word as the MPS writes them.
        QStringLiteral(R"(CREATE TABLE classification_category (
            classification_id INTEGER NOT NULL REFERENCES classification(id),
            major TEXT NOT NULL,
            minor TEXT NOT NULL,
            PRIMARY KEY (major, minor, classification_id)) WITHOUT ROWID)"),
        QStringLiteral("ALTER TABLE measure ADD COLUMN classification_id INTEGER REFERENCES classification(id)"),
        // Which classifications hold figures for each area and period: derived from the observations,
        // kept so that a sum knows what to leave out without scanning them.
        // Where a category of one classification goes on in another (its equivalent may be several
        // categories that add up to it); newer_key '' says it has none.
        QStringLiteral(R"(CREATE TABLE category_equivalent (
            older_key TEXT NOT NULL,
            newer_key TEXT NOT NULL,
            note TEXT,
            PRIMARY KEY (older_key, newer_key)) WITHOUT ROWID)"),
        QStringLiteral(R"(CREATE TABLE classification_presence (
            classification_id INTEGER NOT NULL,
            area_id INTEGER NOT NULL,
            period_id INTEGER NOT NULL,
            PRIMARY KEY (classification_id, area_id, period_id)) WITHOUT ROWID)"),
    };
    const csv::Table schemes = resourceTable(QStringLiteral(":/crime/classifications.csv"));
    int id = 0;
    for (const auto &row : schemes.rows) {
        ++id;
        out.append(QStringLiteral("INSERT INTO classification (id, key, rank, name, short_name, key_prefix, description) "
                                  "VALUES (%1, %2, %3, %4, %5, %6, %7)")
                       .arg(id)
                       .arg(literal(row.value(QStringLiteral("key"))))
                       .arg(row.value(QStringLiteral("rank")).toInt())
                       .arg(literal(row.value(QStringLiteral("name"))), literal(row.value(QStringLiteral("short_name"))),
                            literal(row.value(QStringLiteral("key_prefix"))), literal(row.value(QStringLiteral("description")))));
        const csv::Table categories = resourceTable(QStringLiteral(":/crime/") + row.value(QStringLiteral("categories")));
        for (const auto &category : categories.rows) {
            out.append(QStringLiteral("INSERT INTO classification_category (classification_id, major, minor) VALUES (%1, %2, %3)")
                           .arg(id)
                           .arg(literal(category.value(QStringLiteral("major"))), literal(category.value(QStringLiteral("minor")))));
        }
    }
    QHash<QString, QString> prefixes;
    for (const auto &row : schemes.rows)
        prefixes.insert(row.value(QStringLiteral("key")), row.value(QStringLiteral("key_prefix")));
    const csv::Table equivalents = resourceTable(QStringLiteral(":/crime/category_equivalents.csv"));
    auto keyOf = [&](const QString &scheme, const QString &major, const QString &minor) {
        return major.isEmpty() ? QString() : prefixes.value(scheme) + catalog::slug(major) + QLatin1Char('.') + catalog::slug(minor);
    };
    for (const auto &row : equivalents.rows) {
        out.append(QStringLiteral("INSERT INTO category_equivalent (older_key, newer_key, note) VALUES (%1, %2, %3)")
                       .arg(literal(keyOf(row.value(QStringLiteral("older")), row.value(QStringLiteral("older_major")),
                                          row.value(QStringLiteral("older_minor")))),
                            literal(keyOf(row.value(QStringLiteral("newer")), row.value(QStringLiteral("newer_major")),
                                          row.value(QStringLiteral("newer_minor")))),
                            row.value(QStringLiteral("note")).isEmpty() ? QStringLiteral("NULL")
                                                                        : literal(row.value(QStringLiteral("note")))));
    }
    out.append(classifyMeasuresSql());
    // Stores of earlier versions hold the open data already: their presence is derived once here.
    out.append(QStringLiteral("INSERT INTO classification_presence (classification_id, area_id, period_id) "
                              "SELECT DISTINCT m.classification_id, o.area_id, o.period_id FROM measure m "
                              "CROSS JOIN observation o ON o.measure_id = m.id "
                              "WHERE m.classification_id IS NOT NULL AND o.breakdown_id = 0"));
    return out;
}

QList<Scheme> schemes(QSqlDatabase db)
{
    QList<Scheme> out;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT id, key, rank, name, short_name, key_prefix, coalesce(description, '') "
                          "FROM classification ORDER BY rank"));
    while (q.next()) {
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toString(),
                    q.value(4).toString(), q.value(5).toString(), q.value(6).toString()});
    }
    return out;
}

QList<Held> held(QSqlDatabase db)
{
    QList<Held> out;
    QSqlQuery q(db);
    for (const Scheme &scheme : schemes(db)) {
        Held h;
        h.scheme = scheme;
        q.prepare(QStringLiteral("SELECT (SELECT count(*) FROM classification_category WHERE classification_id = ?), "
                                 "(SELECT count(*) FROM measure WHERE classification_id = ?), "
                                 "(SELECT min(p.start_date) FROM classification_presence cp JOIN period p ON p.id = cp.period_id "
                                 " WHERE cp.classification_id = ? AND p.kind = 'month'), "
                                 "(SELECT max(p.start_date) FROM classification_presence cp JOIN period p ON p.id = cp.period_id "
                                 " WHERE cp.classification_id = ? AND p.kind = 'month'), "
                                 "(SELECT count(DISTINCT area_id) FROM classification_presence WHERE classification_id = ?)"));
        for (int i = 0; i < 5; ++i)
            q.addBindValue(scheme.id);
        if (q.exec() && q.next()) {
            h.listedCategories = q.value(0).toInt();
            h.measures = q.value(1).toInt();
            h.firstMonth = q.value(2).toString();
            h.lastMonth = q.value(3).toString();
            h.areas = q.value(4).toInt();
        }
        out.append(h);
    }
    return out;
}

Vocabulary::Vocabulary(QSqlDatabase db) : m_schemes(classification::schemes(db))
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT classification_id, major, minor FROM classification_category"));
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        const QString major = q.value(1).toString();
        const QString minor = q.value(2).toString();
        QList<qint64> &exact = m_exact[pairKey(major, minor)];
        if (!exact.contains(id))
            exact.append(id);
        QList<qint64> &folded = m_folded[pairKey(major.toLower(), minor.toLower())];
        if (!folded.contains(id))
            folded.append(id);
    }
}

QList<qint64> Vocabulary::exactMatches(const QString &major, const QString &minor) const
{
    return m_exact.value(pairKey(major, minor));
}

QList<qint64> Vocabulary::caseInsensitiveMatches(const QString &major, const QString &minor) const
{
    return m_folded.value(pairKey(major.toLower(), minor.toLower()));
}

const Scheme *Vocabulary::scheme(qint64 id) const
{
    for (const Scheme &s : m_schemes) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

bool refreshPresence(QSqlDatabase db, QString *error)
{
    QSqlQuery q(db);
    const QStringList statements = {
        QStringLiteral("DELETE FROM classification_presence"),
        // CROSS JOIN: each classified measure's run of the clustered key, read in order.
        QStringLiteral("INSERT INTO classification_presence (classification_id, area_id, period_id) "
                       "SELECT DISTINCT m.classification_id, o.area_id, o.period_id FROM measure m "
                       "CROSS JOIN observation o ON o.measure_id = m.id "
                       "WHERE m.classification_id IS NOT NULL AND o.breakdown_id = 0"),
    };
    for (const QString &sql : statements) {
        if (!q.exec(sql)) {
            *error = QStringLiteral("classification presence: %1").arg(q.lastError().text());
            return false;
        }
    }
    return true;
}

QString supersededCondition(QSqlDatabase db, const QList<qint64> &measureIds)
{
    const auto byClassification = measuresByClassification(db, measureIds);
    const QList<Overlap> found = overlapsOf(db, byClassification);
    if (found.isEmpty())
        return {};
    // Each older classification's figures give way where a newer one of these measures holds the
    // same area and month.
    std::map<qint64, QList<qint64>> newerOf;
    for (const Overlap &o : found)
        newerOf[o.older].append(o.newer);
    QStringList conditions;
    for (const auto &[older, newer] : newerOf) {
        conditions.append(QStringLiteral("NOT (o.measure_id IN (%1) AND EXISTS (SELECT 1 FROM classification_presence cp "
                                         "WHERE cp.classification_id IN (%2) AND cp.area_id = o.area_id "
                                         "AND cp.period_id = o.period_id))")
                              .arg(sqlIdList(byClassification.at(older)), sqlIdList(newer)));
    }
    return conditions.join(QStringLiteral(" AND "));
}

QString overlapNote(QSqlDatabase db, const QList<qint64> &measureIds)
{
    const QList<Overlap> found = overlapsOf(db, measuresByClassification(db, measureIds));
    if (found.isEmpty())
        return {};
    const QList<Scheme> all = schemes(db);
    auto nameOf = [&](qint64 id) { return schemeName(all, id, true); };
    QStringList parts;
    for (const Overlap &o : found) {
        parts.append(QStringLiteral("%1 %2 held in both the %3 and the %4: the newer are used, the older not added")
                         .arg(spanText(o), o.months == 1 ? QStringLiteral("is") : QStringLiteral("are"), nameOf(o.older),
                              nameOf(o.newer)));
    }
    return QStringLiteral("Change of MPS classification: %1.").arg(parts.join(QStringLiteral("; ")));
}

Continued withEquivalents(QSqlDatabase db, const QList<qint64> &measureIds)
{
    Continued out{measureIds, {}};
    if (measuresByClassification(db, measureIds).size() != 1)
        return out;
    const QString ids = sqlIdList(measureIds);
    QSqlQuery q(db);
    QStringList continuedBy;
    QStringList notes;
    // Forward: the newer categories this one continues as, where the store holds them.
    q.exec(QStringLiteral("SELECT n.id, n.name, e.note, e.newer_key FROM measure m JOIN category_equivalent e ON e.older_key = m.key "
                          "LEFT JOIN measure n ON n.key = e.newer_key WHERE m.id IN (%1) ORDER BY lower(n.name)").arg(ids));
    bool noEquivalent = false;
    while (q.next()) {
        if (q.value(3).toString().isEmpty()) {
            noEquivalent = true;
            if (!q.value(2).toString().isEmpty() && !notes.contains(q.value(2).toString()))
                notes.append(q.value(2).toString());
            continue;
        }
        if (q.value(0).isNull())
            continue; // the newer classification is not in the store
        const qint64 id = q.value(0).toLongLong();
        if (!out.measureIds.contains(id)) {
            out.measureIds.append(id);
            continuedBy.append(q.value(1).toString());
        }
        if (!q.value(2).toString().isEmpty() && !notes.contains(q.value(2).toString()))
            notes.append(q.value(2).toString());
    }
    // Backward: an older category that goes on as exactly this one.
    q.exec(QStringLiteral("SELECT o.id, o.name FROM measure m JOIN category_equivalent e ON e.newer_key = m.key "
                          "JOIN measure o ON o.key = e.older_key WHERE m.id IN (%1) "
                          "AND (SELECT count(*) FROM category_equivalent e2 WHERE e2.older_key = e.older_key) = 1")
               .arg(ids));
    QStringList continues;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        if (!out.measureIds.contains(id)) {
            out.measureIds.append(id);
            continues.append(q.value(1).toString());
        }
    }
    QStringList parts;
    if (!continuedBy.isEmpty())
        parts.append(QStringLiteral("Across the change of MPS classification the series goes on as %1.")
                         .arg(continuedBy.join(QStringLiteral(" + "))));
    if (!continues.isEmpty())
        parts.append(QStringLiteral("Before the change of MPS classification the series is %1.").arg(continues.join(QStringLiteral(" + "))));
    const bool newerHeld = q.exec(QStringLiteral("SELECT 1 FROM classification_presence cp JOIN classification c ON c.id = cp.classification_id "
                                                 "WHERE c.rank > (SELECT max(c2.rank) FROM measure m JOIN classification c2 "
                                                 "ON c2.id = m.classification_id WHERE m.id IN (%1)) LIMIT 1").arg(ids))
                           && q.next();
    if (noEquivalent && newerHeld)
        parts.append(notes.join(QLatin1Char(' ')));
    else if (!continuedBy.isEmpty())
        parts.append(notes.join(QLatin1Char(' ')));
    parts.removeAll(QString());
    out.note = parts.join(QLatin1Char(' '));
    return out;
}

QList<Break> breaks(QSqlDatabase db, const QList<qint64> &measureIds)
{
    QList<Break> out;
    const auto byClassification = measuresByClassification(db, measureIds);
    if (byClassification.size() < 2)
        return out;
    // A classification's figures are used from the first month it holds; the oldest has no break.
    QList<std::pair<QString, qint64>> starts;
    QSqlQuery q(db);
    for (const auto &entry : byClassification) {
        q.prepare(QStringLiteral("SELECT min(p.start_date) FROM classification_presence cp JOIN period p ON p.id = cp.period_id "
                                 "WHERE cp.classification_id = ? AND p.kind = 'month'"));
        q.addBindValue(entry.first);
        if (q.exec() && q.next() && !q.value(0).isNull())
            starts.append({q.value(0).toString(), entry.first});
    }
    std::sort(starts.begin(), starts.end());
    const QList<Scheme> all = schemes(db);
    for (qsizetype i = 1; i < starts.size(); ++i)
        out.append({starts.at(i).first, schemeName(all, starts.at(i).second, true)});
    return out;
}

QString overlapMessage(QSqlDatabase db, const QList<qint64> &classificationIds, const QString &firstMonth,
                       const QString &lastMonth)
{
    if (classificationIds.isEmpty() || firstMonth.isEmpty())
        return {};
    const QList<Scheme> known = schemes(db);
    QList<qint64> all;
    for (const Scheme &s : known)
        all.append(s.id);
    auto nameOf = [&](qint64 id) { return schemeName(known, id, false); };
    QStringList parts;
    for (const Overlap &o : overlaps(db, all, firstMonth, lastMonth)) {
        const bool fileIsNewer = classificationIds.contains(o.newer);
        const bool fileIsOlder = classificationIds.contains(o.older);
        if (!fileIsNewer && !fileIsOlder)
            continue;
        const qint64 mine = fileIsNewer ? o.newer : o.older;
        const qint64 other = fileIsNewer ? o.older : o.newer;
        parts.append(QStringLiteral("%1 %2 held both in this file's %3 and in the store's %4. The two classifications "
                                    "count offences differently, so these figures are not conflicts: both stay stored, "
                                    "and totals take %5 from the newer (%6).")
                         .arg(spanText(o), o.months == 1 ? QStringLiteral("is") : QStringLiteral("are"), nameOf(mine),
                              nameOf(other), o.months == 1 ? QStringLiteral("that month") : QStringLiteral("those months"),
                              fileIsNewer ? QStringLiteral("this file's") : QStringLiteral("the store's")));
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace oversight::classification
