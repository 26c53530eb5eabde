#pragma once

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

namespace oversight {

class Store;

// Two sources for one measure: the report's stated figure and the MPS open data's, for the same
// period, side by side. The report's recorded crime table gives total notifiable offences for the 12
// months to June 2017 as 790,473; the open data, summed over its categories and areas, gives 791,297.
// Both are right for what they count; a reader seeing one above a chart of the other needs both,
// labelled, with the difference and why. The measure view and the board pack read this.
namespace sourcecomparison {

struct SourceFigure {
    QString source;  // "MOPAC report: recorded crime table"
    QString detail;  // what was counted, how
    double value = 0.0;
    int decimals = 0;
    bool calculated = false; // Oversight added it up
};

struct Comparison {
    QString measureKey; // the report's measure ("crime.tno")
    QString chartId;    // the open-data chart drawn for it ("crime.tno"); empty when none
    QString title;      // "Total notifiable offences"
    QString period;     // "12 months to June 2017"
    QString unit;
    SourceFigure report;
    SourceFigure openData;
    double difference = 0.0; // open data minus report: calculated
    QString reason;          // one line: why they differ, where known
};

// The comparison for a measure or for a chart (matched on either id), for the latest period the
// report states and the open data covers, ending by upTo where given (a quarter's pack: its end);
// none when the store holds only one of the two.
std::optional<Comparison> forMeasure(const Store &store, const QString &measureKey, const QDate &upTo = {});
std::optional<Comparison> forChart(const Store &store, const QString &chartId, const QDate &upTo = {});

// A figure of the comparison as printed ("790,473", "+824" for the difference).
QString text(const Comparison &c, const SourceFigure &figure);
QString differenceText(const Comparison &c);

} // namespace sourcecomparison
} // namespace oversight
