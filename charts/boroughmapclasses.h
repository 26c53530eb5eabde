#pragma once

#include <QColor>
#include <QList>
#include <QString>

#include <functional>

namespace oversight::charts {

// The colour classes of a choropleth.
//
// Values are classified as shown (rounded to the map's decimals), so a tooltip's figure and the
// legend always agree. Bounds are inclusive on the upper side, towards zero:
//  - Sequential (volumes, money): bounds b0 < b1 < ... ; class 0 holds v <= b0, class i holds
//    b(i-1) < v <= b(i), the last class holds v > b(last). A value exactly at a bound belongs to the
//    lower class: with bounds 200,000 and 400,000, £200,000 is in "up to £200,000" and £200,001 in
//    "£200,001 to £400,000".
//  - Diverging (changes), centred on zero and symmetric: magnitudes m0 < m1 < ... ; the middle class
//    holds -m0 <= v <= +m0, and each side's classes hold m(i-1) < |v| <= m(i), then |v| > m(last).
//    A value exactly at a bound belongs to the class nearer zero on either side: with m0 = 5,
//    -5.0% and +5.0% are in the middle class, +5.1% and -5.1% are not.
class MapClasses {
public:
    enum class Kind { Sequential, Diverging };

    MapClasses() = default;
    // Fixed bounds (sorted, distinct). decimals: the precision values are shown and compared at.
    static MapClasses sequential(const QList<double> &bounds, int decimals);
    static MapClasses diverging(const QList<double> &magnitudes, int decimals);
    // Round bounds chosen for these values: up to five sequential classes from the quintiles, each
    // bound rounded as coarsely as keeps them apart (3,500, 640,000); for changes, seven classes
    // from a ladder of round magnitudes (±2/5/10, ±5/10/25, ±5/20/50, ...) picked so the outer
    // classes start near the largest changes.
    static MapClasses forValues(Kind kind, const QList<double> &values, int decimals);

    Kind kind() const { return m_kind; }
    const QList<double> &bounds() const { return m_bounds; }
    int count() const;
    // The class of a value (after rounding to decimals); -1 when there are no classes.
    int classOf(double value) const;
    // Colour-blind-safe ColorBrewer schemes that keep their order in greyscale: Blues (sequential),
    // PuOr (diverging: purple for falls, orange for rises, light grey for little change).
    QColor colour(int index) const;
    // "up to £200,000", "£200,001 to £400,000", "over £800,000"; "-5.0% to +5.0%", "+50.1% or more".
    // format writes a value as the map shows it.
    QString label(int index, const std::function<QString(double)> &format) const;
    int centre() const { return m_kind == Kind::Diverging ? int(m_bounds.size()) : -1; }

private:
    Kind m_kind = Kind::Sequential;
    QList<double> m_bounds; // sequential: bounds; diverging: magnitudes
    int m_decimals = 0;
    // Sequential classes chosen for values: the smallest and largest shown value, so an end class
    // that can hold one value only is labelled with it ("0" rather than "up to 0").
    bool m_hasRange = false;
    double m_min = 0.0;
    double m_max = 0.0;
    double round(double v) const;
};

// Black or white, whichever reads better on the fill.
QColor textColourOn(const QColor &fill);

} // namespace oversight::charts
