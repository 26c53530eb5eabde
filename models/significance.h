#pragma once

#include <QString>

namespace oversight {

// The families of measures the report marks significance for. A family has one rule; a new family
// (another survey's gaps, with its own threshold) is one more entry in significanceRule().
enum class MeasureFamily {
    SatisfactionGaps, // the inequalities table: each survey group's result minus the average
};

// How the report decides a difference is significant, declared once per family: the report tables'
// colouring, the figures' marks, legends and reference lines, and the tables' notes all read it.
struct SignificanceRule {
    MeasureFamily family = MeasureFamily::SatisfactionGaps;
    double thresholdPoints = 0.0;
    // True when only a difference beyond the threshold counts ("above +/-5%"), so exactly the
    // threshold is not significant; false when reaching it is enough ("5 or more").
    bool strict = true;
    QString reference;   // what the difference is taken from: "the MPS average"
    QString reportWords; // the report's own sentence, quoted where the rule is explained

    // Compared in tenths of a point, the precision the figures are written in, so a figure and its
    // mark never disagree: with the report's rule 5.0 and -5.0 are not significant, 5.1 and -5.1
    // are, and a stored 5.04 (written +5.0) is not.
    bool isSignificant(double points) const;
    // The threshold as an officer writes it in a sentence ("5") and as the figures write gaps ("5.0").
    QString thresholdWords() const;
    QString thresholdFigure() const;
    // "more than 5 points" (strict) or "5 points or more".
    QString extent() const;
    // The line a table's note carries: "significant: more than 5 points from the MPS average".
    // referenceName replaces the rule's reference when the figure is for another area.
    QString note(const QString &referenceName = QString()) const;
    // "> " or "≥ " before a threshold in a legend or on a reference line.
    QString comparator() const;
};

// The rule for a family.
const SignificanceRule &significanceRule(MeasureFamily family);

// A difference in tenths of a point, rounded half away from zero (the figures carry one decimal).
long long pointsInTenths(double points);

} // namespace oversight
