#pragma once

#include <QString>

class QChart;

namespace oversight {
class SeriesModel;
class BoroughValuesModel;
}

namespace oversight::charts {

// A time chart of a SeriesModel: the values, the rolling 12-month total (on its own axis) and
// the same period last year. Rebuilt whenever the model resets. A single figure is drawn as a point.
QChart *createTimeChart(SeriesModel *model, const QString &title, const QString &source);
void fillTimeChart(QChart *chart, const SeriesModel &model, const QString &title, const QString &source);

// A bar per borough from a BoroughValuesModel.
QChart *createBoroughChart(BoroughValuesModel *model, const QString &title, const QString &source);
void fillBoroughChart(QChart *chart, const BoroughValuesModel &model, const QString &title, const QString &source);

} // namespace oversight::charts
