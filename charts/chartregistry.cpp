#include "chartregistry.h"
#include "formatting.h"

#include "figure.h"

#include "reporttable.h"

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

std::optional<Period> reportQuarterFor(const Store &store, const QDate &to)
{
    const QList<Period> held = reporttables::quartersHeld(store);
    for (auto it = held.crbegin(); it != held.crend(); ++it) {
        if (!to.isValid() || it->end() <= to)
            return *it;
    }
    return std::nullopt;
}

QString asAtText(const QDate &date)
{
    if (!date.isValid())
        return {};
    return QStringLiteral("Data as at %1")
        .arg(formatting::enGB().toString(date, QStringLiteral("d MMMM yyyy")));
}

QDate asAtDate(const QString &text)
{
    static const QString prefix = QStringLiteral("Data as at ");
    if (!text.startsWith(prefix))
        return {};
    return formatting::enGB().toDate(text.mid(prefix.size()), QStringLiteral("d MMMM yyyy"));
}

} // namespace oversight::charts
