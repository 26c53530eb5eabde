#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace oversight {

class Store;

// One place where the report states a value: what it prints there, the number when it is one,
// where (section, table, row and column) and in which words.
struct SourceStatement {
    QString printed;             // "£9.3m", as the report prints it
    std::optional<double> value; // 9.3; empty for a statement that is not a number ("FY 2013/14")
    QString place;
    QString words;               // the report's words; empty when the report prints no words for it
};

// Where the report states two (or more) different values for one thing. Both are kept: Oversight
// never picks one silently. The views of the measures and report tables it names note it.
struct SourceDisagreement {
    QString key;
    QString subject;
    QString period;      // period code ("Q1 2017/18", "R12 2017-06"), empty when none
    QString periodLabel; // as officers read it ("Q1 2017/18", "12 months to June 2017")
    QString unit;   // a measure unit, empty when the statements are not numbers
    QString description;
    QStringList measureKeys;
    QStringList tableIds;
    QList<SourceStatement> statements;
};

namespace disagreements {

// Every disagreement the store holds, in the order they were recorded. A store whose schema
// predates them holds none.
QList<SourceDisagreement> all(const Store &store, QString *error = nullptr);
// Those noted on a measure's views, or on an export-table ID's table.
QList<SourceDisagreement> forMeasure(const Store &store, const QString &measureKey);
QList<SourceDisagreement> forTable(const Store &store, const QString &tableId);

// The sentence a view shows under its table or chart: the subject, every printed value with its
// place, and the description. Views, the board pack and the exported tables all write this.
QString note(const SourceDisagreement &disagreement);
// Several notes, one per line.
QString notes(const QList<SourceDisagreement> &list);

} // namespace disagreements
} // namespace oversight
