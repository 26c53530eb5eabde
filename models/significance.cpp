#include "significance.h"
#include "formatting.h"

#include <QLocale>

#include <cmath>
#include <cstdlib>

namespace oversight {

long long pointsInTenths(double points)
{
    return std::llround(points * 10.0);
}

bool SignificanceRule::isSignificant(double points) const
{
    const long long magnitude = std::llabs(pointsInTenths(points));
    const long long threshold = pointsInTenths(thresholdPoints);
    return strict ? magnitude > threshold : magnitude >= threshold;
}

QString SignificanceRule::thresholdWords() const
{
    return formatting::enGB().toString(thresholdPoints, 'g', 6);
}

QString SignificanceRule::thresholdFigure() const
{
    return formatting::enGB().toString(thresholdPoints, 'f', 1);
}

QString SignificanceRule::extent() const
{
    return strict ? QStringLiteral("more than %1 points").arg(thresholdWords())
                  : QStringLiteral("%1 points or more").arg(thresholdWords());
}

QString SignificanceRule::note(const QString &referenceName) const
{
    return QStringLiteral("significant: %1 from %2").arg(extent(), referenceName.isEmpty() ? reference : referenceName);
}

QString SignificanceRule::comparator() const
{
    return strict ? QStringLiteral("> ") : QStringLiteral("≥ ");
}

const SignificanceRule &significanceRule(MeasureFamily family)
{
    // The report, above its inequalities table: "A positive or negative figure of above +/-5% is
    // considered significant." Above, not at: a gap of exactly 5.0 is not marked.
    static const SignificanceRule satisfactionGaps{
        MeasureFamily::SatisfactionGaps, 5.0, true, QStringLiteral("the MPS average"),
        QStringLiteral("A positive or negative figure of above +/-5% is considered significant.")};
    switch (family) {
    case MeasureFamily::SatisfactionGaps:
        return satisfactionGaps;
    }
    return satisfactionGaps;
}

} // namespace oversight
