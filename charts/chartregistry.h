#pragma once

#include "period.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QDate;
class QObject;

namespace oversight {
class Store;
}

namespace oversight::charts {

class Figure;

struct ChartInfo {
    QString id;    // stable: "crime.tno", "map.lcpf"; what export-chart and the navigator use
    QString title;
    QString group; // the report section it belongs to
};

// Every chart and map, in the report's order (what `oversight list charts` prints).
QList<ChartInfo> chartCatalogue();
// A new figure for id, not yet given a request (call setRequest); nullptr for an unknown id.
std::unique_ptr<Figure> createFigure(const Store &store, const QString &id);

// Each family of figures registers here; create returns nullptr for an id that is not its own.
QList<ChartInfo> seriesChartInfos();
std::unique_ptr<Figure> createSeriesFigure(const Store &store, const QString &id);
QList<ChartInfo> financeChartInfos();
std::unique_ptr<Figure> createFinanceFigure(const Store &store, const QString &id);
QList<ChartInfo> surveyChartInfos();  // satisfaction-gap heatmap and diverging bars
std::unique_ptr<Figure> createSurveyFigure(const Store &store, const QString &id);
QList<ChartInfo> milestoneChartInfos(); // the milestone status board
std::unique_ptr<Figure> createMilestoneFigure(const Store &store, const QString &id);
QList<ChartInfo> mapChartInfos();
std::unique_ptr<Figure> createMapFigure(const Store &store, const QString &id);

// The quarter whose report a figure of the report's tables shows for a range ending at `to`: the
// latest quarter the store holds report figures for that has ended by then (a quarter's board pack
// ends its range at the quarter's end); with no end chosen, the latest held.
std::optional<Period> reportQuarterFor(const Store &store, const QDate &to);

// "Data as at 30 June 2017" (empty for an invalid date).
QString asAtText(const QDate &date);
// The day an asAtText names; invalid for any other text.
QDate asAtDate(const QString &text);

} // namespace oversight::charts
