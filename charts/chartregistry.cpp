#include "chartregistry.h"

#include "figure.h"

#include <QDate>
#include <QLocale>

namespace oversight::charts {

QList<ChartInfo> chartCatalogue()
{
    QList<ChartInfo> all;
    all += seriesChartInfos();
    all += surveyChartInfos();
    all += financeChartInfos();
    all += milestoneChartInfos();
    all += mapChartInfos();
    return all;
}

std::unique_ptr<Figure> createFigure(const Store &store, const QString &id)
{
    using Factory = std::unique_ptr<Figure> (*)(const Store &, const QString &);
    for (Factory factory : {&createSeriesFigure, &createSurveyFigure, &createFinanceFigure, &createMilestoneFigure,
                            &createMapFigure}) {
        if (auto figure = factory(store, id))
            return figure;
    }
    return nullptr;
}

QString asAtText(const QDate &date)
{
    if (!date.isValid())
        return {};
    return QStringLiteral("Data as at %1")
        .arg(QLocale(QLocale::English, QLocale::UnitedKingdom).toString(date, QStringLiteral("d MMMM yyyy")));
}

} // namespace oversight::charts
