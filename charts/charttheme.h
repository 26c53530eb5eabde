#pragma once

#include <QColor>
#include <QFont>
#include <QList>

class QChart;

namespace oversight::charts {

// One restrained palette for screen and print (distinct in greyscale too).
const QList<QColor> &palette();
// DejaVu Sans without ligatures (see plainFont in charttheme.cpp); every figure font derives from it.
QFont plainFont();
QFont titleFont();
QFont bodyFont();
void applyTheme(QChart *chart);

} // namespace oversight::charts
