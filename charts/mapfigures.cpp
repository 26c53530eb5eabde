// The borough maps: choropleths of the 33 boroughs, or London Squared tiles (ChartRequest::style
// "tiles"). See boroughmapfigure.h.
#include "boroughmapfigure.h"
#include "chartregistry.h"

namespace oversight::charts {

namespace {

struct MapEntry {
    BoroughMapFigure::Map map;
    const char *title;
    const char *group; // the report section (theme) it belongs to
};

const MapEntry kMaps[] = {
    {BoroughMapFigure::Map::Crime, "Recorded crime by borough (map)", "A safer London"},
    {BoroughMapFigure::Map::LocalPriority, "Local volume priorities: % change by borough (map)", "A safer London"},
    {BoroughMapFigure::Map::AsbCalls, "Anti-social behaviour calls by borough (map)", "A safer London"},
    {BoroughMapFigure::Map::DwoRemaining, "Dedicated Ward Officers remaining to allocate by borough (map)",
     "A better police service"},
    {BoroughMapFigure::Map::Lcpf, "London Crime Prevention Fund allocation by borough (map)", "MOPAC finances"},
};

} // namespace

QList<ChartInfo> mapChartInfos()
{
    QList<ChartInfo> out;
    for (const MapEntry &entry : kMaps)
        out.append({BoroughMapFigure::idOf(entry.map), QString::fromUtf8(entry.title), QString::fromUtf8(entry.group)});
    return out;
}

std::unique_ptr<Figure> createMapFigure(const Store &store, const QString &id)
{
    for (const MapEntry &entry : kMaps) {
        if (BoroughMapFigure::idOf(entry.map) == id)
            return std::make_unique<BoroughMapFigure>(store, entry.map);
    }
    return nullptr;
}

} // namespace oversight::charts
