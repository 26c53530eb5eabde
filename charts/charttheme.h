#pragma once

#include <QColor>
#include <QFont>
#include <QList>

class QChart;

namespace oversight::charts {

// One restrained palette for screen and print (distinct in greyscale too).
const QList<QColor> &palette();
QFont titleFont();
QFont bodyFont();
void applyTheme(QChart *chart);

} // namespace oversight::charts
