// Placeholder until this family of figures lands.
#include "chartregistry.h"
#include "figure.h"

namespace oversight::charts {
QList<ChartInfo> seriesChartInfos() { return {}; }
std::unique_ptr<Figure> createSeriesFigure(const Store &, const QString &) { return nullptr; }
} // namespace oversight::charts
