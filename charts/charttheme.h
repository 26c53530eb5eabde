#pragma once

#include <QColor>
#include <QFont>
#include <QList>

class QChart;

namespace oversight::charts {

// One restrained palette for screen and print (distinct in greyscale too).
const QList<QColor> &palette();
// The inks every painted figure and the board pack write with: text, secondary text (sources,
// notes), the accent of headings (the palette's first colour) and hairline rules.
QColor ink();      // #1A1A1A: near-black, softer than pure black on white
QColor mutedInk(); // #555555: 7.5:1 on white, above WCAG AA's 4.5:1 for small text
QColor accent();   // #004C97
QColor ruleInk();  // #BBBBBB: lines only, never text
// DejaVu Sans without ligatures (see plainFont in charttheme.cpp); every figure font derives from it.
QFont plainFont();
QFont titleFont();
QFont bodyFont();
void applyTheme(QChart *chart);

} // namespace oversight::charts
