#pragma once

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace oversight {
class Store;
}

// The MPS has published its recorded crime in several classifications: the borough files to 2018
// (Theft and Handling…), the CRIS-era files (April 2010 – January 2024, Domestic Burglary…) and,
// from January 2024, the CONNECT-era files in capitals (RES BURGLARY OF A HOME…). A category belongs
// to one classification; figures of two classifications count the same offences differently and are
// never added together. Where the store holds two classifications for the same area and month, sums
// (a major category, a borough's total, the MPS total, rolling 12 months) take that month from the
// newer one only; the older figures stay stored and are shown on their own.
//
// The classifications and their category lists are reference data (resources/crime/
// classifications.csv), put in the store by the schema's migration. Which classifications hold
// figures for each (area, month) is kept in classification_presence (a few thousand rows), refreshed
// in the same transaction by every import and undo, so a sum needs no scan to know what to leave out.
namespace oversight::classification {

struct Scheme {
    qint64 id = 0;
    QString key;       // mps-cris
    int rank = 0;      // newer classifications rank higher
    QString name;      // MPS borough crime categories, April 2010 – January 2024 (CRIS)
    QString shortName; // MPS categories to January 2024
    QString keyPrefix; // the measure keys of its categories: mps.
    QString description;
};

// The migration's statements: the tables, the reference classifications and their categories (read
// from the embedded resources), and the classification of the stored measures that are among them.
QStringList migrationStatements();
// Gives the measures of the embedded category lists that carry measure keys (the open data's
// mps_categories.csv) their classification. Run by the migration and after the seed's categories load.
QStringList classifyMeasuresSql();

QList<Scheme> schemes(QSqlDatabase db);

// What the store holds of each classification: for `oversight list classifications`.
struct Held {
    Scheme scheme;
    int listedCategories = 0; // in its reference list
    int measures = 0;         // crime measures of the store in it
    QString firstMonth;       // ISO dates of the first and last month it holds figures for; empty when none
    QString lastMonth;
    int areas = 0;
};
QList<Held> held(QSqlDatabase db);

// A file's crime categories, matched to classifications: word for word (the MPS's own spelling and
// case tell its files apart: "Arson" of 2019, "ARSON" of 2024), else ignoring case. A pair may be in
// more than one list ("Sexual Offences", "Rape" is in the files to 2018 and in the CRIS ones).
class Vocabulary {
public:
    explicit Vocabulary(QSqlDatabase db);
    bool isEmpty() const { return m_schemes.isEmpty(); }
    QList<qint64> exactMatches(const QString &major, const QString &minor) const;
    QList<qint64> caseInsensitiveMatches(const QString &major, const QString &minor) const;
    const Scheme *scheme(qint64 id) const;
    const QList<Scheme> &schemes() const { return m_schemes; }

private:
    QList<Scheme> m_schemes;
    QHash<QString, QList<qint64>> m_exact;  // "major\x1fminor" -> classifications
    QHash<QString, QList<qint64>> m_folded; // the same in lower case
};

// Recomputes classification_presence from the classified measures' figures. Part of the caller's
// transaction (an import, an undo, the seed).
bool refreshPresence(QSqlDatabase db, QString *error);

// For a sum over several measures: the SQL condition (to AND into a WHERE over observation alias
// `o`) that leaves out a figure where a newer classification among these measures holds the same
// area and month; an empty string when the measures are of one classification or theirs never
// overlap (the common case costs nothing).
QString supersededCondition(QSqlDatabase db, const QList<qint64> &measureIds);

// What a chart or table of these measures says about the change of classification: empty when
// they never overlap; else which months two classifications both hold and that the newer is used.
QString overlapNote(QSqlDatabase db, const QList<qint64> &measureIds);

// A category's series across a change of classification: where the store holds the category's
// equivalent in another classification (resources/crime/category_equivalents.csv: Domestic Burglary
// continues as RES BURGLARY OF A HOME + RES BURGLARY OF UNCONNECTED BUILDING…), its measures join the
// set, so a long trend runs on (with a marked break) rather than stopping. Only a set of one
// classification is extended; the note says what continues it, or that nothing does.
struct Continued {
    QList<qint64> measureIds;
    QString note;
};
Continued withEquivalents(QSqlDatabase db, const QList<qint64> &measureIds);

// The first month (yyyy-MM-01) of each classification the measures' figures change to, in order:
// where a long trend crosses a change of classification, and so where a chart marks the break.
struct Break {
    QString month; // ISO date of the first month of the newer classification
    QString label; // "MPS categories from January 2024"
};
QList<Break> breaks(QSqlDatabase db, const QList<qint64> &measureIds);

// For an import: the months within [firstMonth, lastMonth] that the classifications the file was
// read in share with other classifications in the store, as a sentence for the import's plan
// (figures of another classification are a change of definition, not a revision, and not a
// conflict), or empty when there is no overlap.
QString overlapMessage(QSqlDatabase db, const QList<qint64> &classificationIds, const QString &firstMonth,
                       const QString &lastMonth);

} // namespace oversight::classification
