#pragma once

#include "disagreements.h"
#include "period.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace oversight {

class Store;

// What the board pack reads besides the report tables and figures: the officers' commentary per
// section (saved with its quarter) and the key figures each section states.
namespace packdata {

// Section id → commentary for a quarter ("Q1 2017/18").
QHash<QString, QString> commentary(const Store &store, const QString &quarter);
// Saves (or, for empty text, removes) one section's commentary, in its own transaction.
bool setCommentary(Store &store, const QString &quarter, const QString &section, const QString &text, QString *error);

// The commentary an earlier quarter holds for a section: what the board pack dialog offers to start
// from when the quarter has none.
struct EarlierCommentary {
    QString quarter; // "Q1 2017/18"
    QString text;
};
// The latest quarter before `quarter` with commentary for the section; none when no earlier quarter has.
std::optional<EarlierCommentary> earlierCommentary(const Store &store, const Period &quarter, const QString &section);

struct KeyFigure {
    QString measure;   // "Domestic abuse offences"
    QString period;    // "12 months to June 2017"
    double value = 0.0;
    QString unit;      // "count", "percent", "gbp_m"…
    QString source;
    std::optional<int> decimals; // as stated ("£2,504m": 0); none = the unit's default
    QString statedIn;  // where the report states it: "Executive Summary", "… Inequalities table (Q1 17-18)"
    // Where the report states two values about this measure (disagreements.h); else empty.
    QList<SourceDisagreement> disagreements;
    // When the figure was known: its period's end, or for a figure of a period running past the
    // quarter (the year's budget, its forecast) the end of the quarter that stated it.
    QDate asAt;
    // A figure of a period running past the quarter that an earlier quarter's return stated (the
    // Q1 forecast for the year, shown in the Q2 pack): that quarter ("Q1 2017/18"); else empty.
    QString statedAtEarlierQuarter;
    // The same measure's figure for the previous quarter (else the same quarter a year before),
    // where the store holds it: the change is value minus previousValue.
    QString previousPeriod; // "Q1 2017/18"; empty: no comparison held
    double previousValue = 0.0;
    std::optional<int> previousDecimals;
};

// Where in the report a stored figure is stated, from its source reference: the words before the
// quotation, without a table's row and column ("Executive Summary"; "A Safer London, Recorded crime
// 12 month average table"). Empty for an imported figure.
QString statedIn(const QString &sourceRef);

// The latest whole-area figure known at the quarter's end of each of a theme's measures (the
// report's own measures, not the open-data categories), in the measures' order. Known: of a period
// ended by the quarter's end, or running past it (the year's budget, a forecast) and stated by a
// return of that quarter or an earlier one; a target dated after the quarter only by that quarter's
// own return. Nothing a later quarter's return brought.
QList<KeyFigure> keyFigures(const Store &store, const QString &theme, const Period &quarter);

// The period the pack prints beside a key figure: its label, and for a figure an earlier quarter
// stated, which ("2017/18, stated at Q1 2017/18").
QString periodText(const KeyFigure &figure);
// The change on the comparison period's figure, in the figure's unit (percentage points for a
// percentage): "+231", "-1.1 pts"; and that earlier figure as stated: "30,719". The pack prints
// "+231 on 30,719 (Q1 2017/18)". Empty when no comparison is held.
QString changeText(const KeyFigure &figure);
QString previousText(const KeyFigure &figure);

} // namespace packdata
} // namespace oversight
