#pragma once

#include "disagreements.h"

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

// The quarter the store's report tables describe ("Q1 2017/18"): the latest quarter of the finance
// position. Empty when the store holds no report.
QString reportQuarter(const Store &store);

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
};

// Where in the report a stored figure is stated, from its source reference: the words before the
// quotation, without a table's row and column ("Executive Summary"; "A Safer London, Recorded crime
// 12 month average table"). Empty for an imported figure.
QString statedIn(const QString &sourceRef);

// The latest whole-area figure of each of a theme's measures (the report's own measures, not the
// open-data categories), in the measures' order.
QList<KeyFigure> keyFigures(const Store &store, const QString &theme);

} // namespace packdata
} // namespace oversight
