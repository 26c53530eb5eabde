#include "boroughmapclasses.h"
#include "charttheme.h"

#include <algorithm>
#include <cmath>

namespace oversight::charts {

namespace {

// ColorBrewer Blues for 1..5 classes (light to dark).
const QList<QList<QColor>> &blues()
{
    static const QList<QList<QColor>> schemes = {
        {QColor(0x6B, 0xAE, 0xD6)},
        {QColor(0xBD, 0xD7, 0xE7), QColor(0x31, 0x82, 0xBD)},
        {QColor(0xDE, 0xEB, 0xF7), QColor(0x9E, 0xCA, 0xE1), QColor(0x31, 0x82, 0xBD)},
        {QColor(0xEF, 0xF3, 0xFF), QColor(0xBD, 0xD7, 0xE7), QColor(0x6B, 0xAE, 0xD6), QColor(0x21, 0x71, 0xB5)},
        {QColor(0xEF, 0xF3, 0xFF), QColor(0xBD, 0xD7, 0xE7), QColor(0x6B, 0xAE, 0xD6), QColor(0x31, 0x82, 0xBD),
         QColor(0x08, 0x51, 0x9C)},
    };
    return schemes;
}

// ColorBrewer PuOr, one side of it from the centre outwards (1..3 classes a side).
const QList<QList<QColor>> &purples()
{
    static const QList<QList<QColor>> sides = {
        {QColor(0x99, 0x8E, 0xC3)},
        {QColor(0xD8, 0xDA, 0xEB), QColor(0x99, 0x8E, 0xC3)},
        {QColor(0xD8, 0xDA, 0xEB), QColor(0x99, 0x8E, 0xC3), QColor(0x54, 0x27, 0x88)},
    };
    return sides;
}

const QList<QList<QColor>> &oranges()
{
    static const QList<QList<QColor>> sides = {
        {QColor(0xF1, 0xA3, 0x40)},
        {QColor(0xFE, 0xE0, 0xB6), QColor(0xF1, 0xA3, 0x40)},
        {QColor(0xFE, 0xE0, 0xB6), QColor(0xF1, 0xA3, 0x40), QColor(0xB3, 0x58, 0x06)},
    };
    return sides;
}

const QColor kCentre(0xF7, 0xF7, 0xF7);

double roundTo(double v, double unit)
{
    return std::round(v / unit) * unit;
}

// The value at fraction q of the sorted values (linear between neighbours).
double quantile(const QList<double> &sorted, double q)
{
    if (sorted.isEmpty())
        return 0.0;
    const double pos = q * double(sorted.size() - 1);
    const auto i = qsizetype(std::floor(pos));
    const double frac = pos - double(i);
    if (i + 1 >= sorted.size())
        return sorted.last();
    return sorted.at(i) + frac * (sorted.at(i + 1) - sorted.at(i));
}

QList<double> distinctSorted(QList<double> v)
{
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

} // namespace

MapClasses MapClasses::sequential(const QList<double> &bounds, int decimals)
{
    MapClasses c;
    c.m_kind = Kind::Sequential;
    c.m_decimals = decimals;
    c.m_bounds = distinctSorted(bounds);
    return c;
}

MapClasses MapClasses::diverging(const QList<double> &magnitudes, int decimals)
{
    MapClasses c;
    c.m_kind = Kind::Diverging;
    c.m_decimals = decimals;
    QList<double> m;
    for (double v : magnitudes) {
        if (v > 0)
            m.append(v);
    }
    c.m_bounds = distinctSorted(m);
    return c;
}

MapClasses MapClasses::forValues(Kind kind, const QList<double> &values, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    QList<double> shown;
    for (double v : values)
        shown.append(std::round(v * scale) / scale);
    std::sort(shown.begin(), shown.end());

    if (kind == Kind::Diverging) {
        static const QList<QList<double>> ladders = {
            {1, 2, 5}, {2, 5, 10}, {5, 10, 25}, {5, 20, 50}, {10, 50, 100}, {25, 100, 250}, {50, 200, 500}, {100, 500, 1000},
        };
        QList<double> magnitudes;
        for (double v : shown)
            magnitudes.append(std::abs(v));
        std::sort(magnitudes.begin(), magnitudes.end());
        const double reach = quantile(magnitudes, 0.8);
        for (const QList<double> &ladder : ladders) {
            if (ladder.last() >= reach)
                return diverging(ladder, decimals);
        }
        return diverging(ladders.last(), decimals);
    }

    if (shown.isEmpty())
        return sequential({}, decimals);
    // Quintile bounds (4 bounds, 5 classes), rounded as coarsely as keeps them distinct.
    QList<double> raw;
    for (double q : {0.2, 0.4, 0.6, 0.8})
        raw.append(quantile(shown, q));
    const double top = std::max(std::abs(raw.first()), std::abs(raw.last()));
    const double smallest = 1.0 / scale;
    QList<double> best;
    if (top > 0) {
        const double magnitude = std::pow(10.0, std::floor(std::log10(top)));
        for (double unit : {magnitude, magnitude / 2, magnitude / 4, magnitude / 10, magnitude / 20, magnitude / 40,
                            magnitude / 100, magnitude / 200, magnitude / 1000}) {
            if (unit < smallest)
                break;
            QList<double> rounded;
            for (double r : raw)
                rounded.append(roundTo(r, unit));
            rounded = distinctSorted(rounded);
            if (rounded.size() > best.size())
                best = rounded;
            if (rounded.size() == raw.size())
                break;
        }
    }
    if (best.isEmpty()) {
        for (double r : raw)
            best.append(std::round(r * scale) / scale);
        best = distinctSorted(best);
    }
    // A bound at or above the largest value would leave the top class empty: keep the classes
    // that hold values (a single value gets one class).
    while (best.size() > 1 && best.last() >= shown.last())
        best.removeLast();
    MapClasses c = sequential(best, decimals);
    c.m_hasRange = true;
    c.m_min = shown.first();
    c.m_max = shown.last();
    return c;
}

double MapClasses::round(double v) const
{
    const double scale = std::pow(10.0, m_decimals);
    const double r = std::round(v * scale) / scale;
    return r == 0.0 ? 0.0 : r;
}

int MapClasses::count() const
{
    if (m_kind == Kind::Diverging)
        return int(m_bounds.size()) * 2 + 1;
    return int(m_bounds.size()) + 1;
}

int MapClasses::classOf(double value) const
{
    const double v = round(value);
    if (m_kind == Kind::Sequential) {
        // The first bound the value does not exceed.
        for (qsizetype i = 0; i < m_bounds.size(); ++i) {
            if (v <= m_bounds.at(i))
                return int(i);
        }
        return int(m_bounds.size());
    }
    const double magnitude = std::abs(v);
    int step = int(m_bounds.size()); // beyond the last magnitude
    for (qsizetype i = 0; i < m_bounds.size(); ++i) {
        if (magnitude <= m_bounds.at(i)) {
            step = int(i);
            break;
        }
    }
    const int centreIndex = centre();
    if (step == 0)
        return centreIndex;
    return v > 0 ? centreIndex + step : centreIndex - step;
}

QColor MapClasses::colour(int index) const
{
    if (index < 0 || index >= count())
        return Qt::white;
    if (m_kind == Kind::Sequential) {
        const auto &scheme = blues().at(std::min<qsizetype>(count(), blues().size()) - 1);
        return scheme.at(std::min<qsizetype>(index, scheme.size() - 1));
    }
    const int c = centre();
    if (index == c)
        return kCentre;
    const qsizetype sides = std::min<qsizetype>(m_bounds.size(), purples().size());
    const int step = std::abs(index - c) - 1;
    const auto &side = index < c ? purples().at(sides - 1) : oranges().at(sides - 1);
    return side.at(std::min<qsizetype>(step, side.size() - 1));
}

QString MapClasses::label(int index, const std::function<QString(double)> &format) const
{
    if (index < 0 || index >= count())
        return {};
    const double step = 1.0 / std::pow(10.0, m_decimals);
    if (m_kind == Kind::Sequential) {
        if (m_bounds.isEmpty())
            return QStringLiteral("All values");
        if (index == 0)
            return m_hasRange && m_min == m_bounds.first() ? format(m_min) : QStringLiteral("up to %1").arg(format(m_bounds.first()));
        if (index == int(m_bounds.size()))
            return m_hasRange && m_max == m_bounds.last() + step ? format(m_max) : QStringLiteral("over %1").arg(format(m_bounds.last()));
        const double low = m_bounds.at(index - 1) + step;
        const double high = m_bounds.at(index);
        return low >= high ? format(high) : QStringLiteral("%1 to %2").arg(format(low), format(high));
    }
    const int c = centre();
    if (index == c)
        return m_bounds.isEmpty() ? format(0.0) : QStringLiteral("%1 to %2").arg(format(-m_bounds.first()), format(m_bounds.first()));
    const int s = std::abs(index - c); // 1.. on either side
    const double sign = index > c ? 1.0 : -1.0;
    if (s == int(m_bounds.size()))
        return (index > c ? QStringLiteral("%1 or more") : QStringLiteral("%1 or less")).arg(format(sign * (m_bounds.last() + step)));
    const double inner = m_bounds.at(s - 1) + step;
    const double outer = m_bounds.at(s);
    return index > c ? QStringLiteral("%1 to %2").arg(format(inner), format(outer))
                     : QStringLiteral("%1 to %2").arg(format(-outer), format(-inner));
}

QColor textColourOn(const QColor &fill)
{
    // Relative luminance (sRGB), and the darker/lighter text with the better contrast.
    auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const double l = 0.2126 * channel(fill.redF()) + 0.7152 * channel(fill.greenF()) + 0.0722 * channel(fill.blueF());
    const double againstBlack = (l + 0.05) / 0.05;
    const double againstWhite = 1.05 / (l + 0.05);
    return againstBlack >= againstWhite ? ink() : Qt::white;
}

} // namespace oversight::charts
