// Placeholder until this family of figures lands.
#include "chartregistry.h"
#include "figure.h"

namespace oversight::charts {
QList<ChartInfo> milestoneChartInfos() { return {}; }
std::unique_ptr<Figure> createMilestoneFigure(const Store &, const QString &) { return nullptr; }
} // namespace oversight::charts
