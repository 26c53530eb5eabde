#pragma once

#include <QDate>
#include <QSqlDatabase>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace oversight {

class Store;
class Period;

struct MeasureInfo {
    QString key;
    QString name;
    QString theme;
    QString category; // MPS major category for open-data measures, empty otherwise
    QString unit;
    QString source;
    QString notes;
    int observationCount = -1; // counted only when asked for (it reads every figure)
    // Whether any figure is for a whole area (no survey breakdown): what a time chart can draw.
    bool hasAreaFigures = false;
};

struct AreaInfo {
    QString code;
    QString name;
    QString kind;
};

// Read-only look-ups the views need, so no view runs SQL.
namespace catalog {

QList<MeasureInfo> measures(const Store &store, bool withCounts = false);
std::optional<MeasureInfo> measure(const Store &store, const QString &key);
QList<AreaInfo> areas(const Store &store);
// The keys of an MPS major category's minor categories.
QStringList categoryMeasures(const Store &store, const QString &category);
// The last day of the latest period that holds an observation ("data as at").
QDate dataAsAt(const Store &store);
// The span of months that hold observations.
std::pair<QDate, QDate> monthRange(const Store &store);
QString unitLabel(const QString &unit);
// A name as a key part: lower case ASCII letters and digits, other runs as one '_' ("Domestic
// Burglary" -> domestic_burglary). Measure keys of MPS categories are built from it.
QString slug(const QString &text);
// The decimals a unit's figures are written with when nothing else says: a figure imported without
// its written form, or one Oversight calculates. percent, points and £m 1; ratio 2; count and £ 0.
int defaultDecimals(const QString &unit);
// A value the way officers write it for a measure unit: "790,473", "75.3%", "+3.0 pts", "-£2.1m",
// "£640,000". Tables, tooltips, exports and the board pack all format through this. `decimals` is the
// precision the figure was stated with (the report's "£2,504m" is 2504 with 0, its table's 2,503.5 has
// 1), so a figure is never printed with a decimal it never had; without it, the unit's default.
QString formatValue(double value, const QString &unit, std::optional<int> decimals = std::nullopt);
// How many decimals a number is written with: "2503.5" → 1, "75" → 0, "5.0" → 1, "-0.25" → 2.
// What the seed loader records as a figure's stated precision.
int writtenDecimals(QStringView text);

// The id of a period in the store, adding it when it is new (inside the caller's transaction).
// Returns -1 with the SQL error when it cannot be added.
qint64 periodId(QSqlDatabase db, const Period &period, QString *error);
// The id of a survey group ("Ethnicity: Black"), adding it when it is new.
qint64 breakdownId(QSqlDatabase db, const QString &category, const QString &group, QString *error);

} // namespace catalog
} // namespace oversight
