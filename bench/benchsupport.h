#pragma once

// What every benchmark does alike: run offscreen unless told otherwise, and report medians (the
// machines are noisy: a median of several runs, never one run).

#include <QByteArray>
#include <QList>
#include <QtGlobal>

#include <algorithm>

namespace oversight::bench {

// Offscreen unless QT_QPA_PLATFORM says another platform: a benchmark needs no display.
inline void offscreenUnlessSet()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

// The middle value (the upper middle of an even count); values must not be empty.
inline double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

} // namespace oversight::bench
