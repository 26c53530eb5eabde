#pragma once

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

#include "significance.h"

namespace oversight {

class Store;

// A gap in tenths of a point, rounded half away from zero: survey gaps carry one decimal, so the
// significance rule and the figure's text both start from this one number.
long long gapTenths(double gapPoints);
// The report's significance rule for satisfaction gaps (significance.h), which the report tables,
// the figures and their notes all read.
const SignificanceRule &gapSignificance();
// Whether a gap is significant under that rule: "above +/-5%", so 5.0 and -5.0 are not, 5.1 and
// -5.1 are; compared in tenths, so a stored 5.04 (shown as +5.0) is not either.
bool isSignificantGap(double gapPoints);
// en-GB, one decimal, with its sign: "+3.0", "−6.2" (U+2212), "0.0".
QString gapText(double gapPoints);

// One of the six survey measures of the inequalities table.
struct SurveyMeasure {
    QString key;       // "pas.fair_treatment"; its gaps are stored under key + ".gap"
    QString shortName; // "Fair treatment", as the report's table heads it
    QString name;      // the store's full name ("Police treat everyone fairly")
};

// The six measures in the report's column order (names as the report's short column heads).
QList<SurveyMeasure> surveyMeasures();

// Satisfaction gaps by survey group for one area and period, read from the store: each group's
// result minus the area average, in percentage points, exactly as stored (a missing figure stays
// missing; it is never taken as zero).
class SurveyGapsData {
public:
    struct Group {
        QString category; // "Ethnicity"
        QString name;     // "Black"
        QList<std::optional<double>> gaps; // one per measure, in measures() order
    };

    // The latest period holding gaps for the area that starts on or before `to` (any period when
    // `to` is invalid). An empty areaCode means the force area. When the area holds no gaps the
    // force area is used and note() says so. Returns empty data (see isEmpty) when the store holds
    // none; error is set only for a failed query.
    static SurveyGapsData load(const Store &store, const QString &areaCode, const QDate &to, QString *error);

    bool isEmpty() const { return m_storedCells == 0; }
    const QList<SurveyMeasure> &measures() const { return m_measures; }
    const QList<Group> &groups() const { return m_groups; }
    // The area average of each measure (percent), as stored; empty when not stored.
    const QList<std::optional<double>> &averages() const { return m_averages; }
    int measureIndex(const QString &key) const;

    QString areaCode() const { return m_areaCode; }
    QString areaName() const { return m_areaName; }
    QString periodCode() const { return m_periodCode; }
    QString periodLabel() const { return m_periodLabel; }
    QDate periodEnd() const { return m_periodEnd; }
    QString note() const { return m_note; }

    // Stored gap figures drawn, in total and for one measure.
    int storedCells() const { return m_storedCells; }
    int storedCells(int measure) const;

private:
    QList<SurveyMeasure> m_measures;
    QList<Group> m_groups;
    QList<std::optional<double>> m_averages;
    QString m_areaCode;
    QString m_areaName;
    QString m_periodCode;
    QString m_periodLabel;
    QDate m_periodEnd;
    QString m_note;
    int m_storedCells = 0;
};

} // namespace oversight
