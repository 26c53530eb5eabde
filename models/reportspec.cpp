#include "reportspec.h"

#include <QRegularExpression>

namespace oversight::reportspec {

namespace {

Column text(const QString &header, const QString &storage)
{
    return {header, storage, ValueFormat::Text, false};
}

Column millions(const QString &header, const QString &storage, bool signedChange = false)
{
    return {header, storage, ValueFormat::Millions, signedChange};
}

const QString kSource = QStringLiteral("Source: MPS finance");

LineTable businessGroup(const QString &id)
{
    return {id,
            QStringLiteral("business_group_line"),
            QStringLiteral("business_groups"),
            true,
            {text(QStringLiteral("Business Group"), QStringLiteral("business_group"))},
            {millions(QStringLiteral("Year To Date Actual £m"), QStringLiteral("ytd_actual")),
             millions(QStringLiteral("Current Full Year Budget £m"), QStringLiteral("full_year_budget")),
             millions(QStringLiteral("Annual Forecast £m"), QStringLiteral("annual_forecast")),
             millions(QStringLiteral("Annual Variance £m"), QStringLiteral("annual_variance"), true)},
            false,
            QStringLiteral("By business group, position at %1"),
            kSource,
            3};
}

} // namespace

const QList<LineTable> &lineTables()
{
    static const QList<LineTable> tables = {
        {QStringLiteral("revenue"),
         QStringLiteral("revenue_line"),
         QStringLiteral("revenue"),
         false,
         {text(QStringLiteral("{quarter}"), QStringLiteral("line"))},
         {millions(QStringLiteral("Budget To Date (£m)"), QStringLiteral("budget_to_date")),
          millions(QStringLiteral("Actual to Date (£m)"), QStringLiteral("actual_to_date")),
          millions(QStringLiteral("Variance to Date (£m)"), QStringLiteral("variance_to_date"), true),
          millions(QStringLiteral("Full Year Budget (£m)"), QStringLiteral("full_year_budget")),
          millions(QStringLiteral("Full Year Forecast (£m)"), QStringLiteral("full_year_forecast")),
          millions(QStringLiteral("Variance (£m)"), QStringLiteral("full_year_variance"), true)},
         false,
         QStringLiteral("MPS and MOPAC, position at %1"),
         kSource,
         5},
        businessGroup(QStringLiteral("officer-pay")),
        businessGroup(QStringLiteral("officer-overtime")),
        businessGroup(QStringLiteral("staff-pay")),
        {QStringLiteral("savings"),
         QStringLiteral("savings_line"),
         QStringLiteral("savings"),
         false,
         {text(QStringLiteral("Savings"), QStringLiteral("category"))},
         {millions(QStringLiteral("Planned Saving £m"), QStringLiteral("planned")),
          millions(QStringLiteral("Forecast Saving £m"), QStringLiteral("forecast")),
          millions(QStringLiteral("Variation £m"), QStringLiteral("variation"), true)},
         false,
         QStringLiteral("MPS savings %2, position at %1"),
         kSource,
         2},
        {QStringLiteral("capital"),
         QStringLiteral("capital_line"),
         QStringLiteral("capital"),
         false,
         {text(QStringLiteral("Portfolio"), QStringLiteral("portfolio")), text(QStringLiteral("Programme"), QStringLiteral("programme"))},
         {millions(QStringLiteral("Full Year Budget (£m)"), QStringLiteral("full_year_budget")),
          millions(QStringLiteral("Actual to Date (£m)"), QStringLiteral("actual_to_date")),
          millions(QStringLiteral("Full Year Forecast (£m)"), QStringLiteral("full_year_forecast")),
          millions(QStringLiteral("Variance (£m)"), QStringLiteral("variance"), true)},
         true,
         QStringLiteral("MPS capital programme, full year projection at %1"),
         kSource,
         4},
    };
    return tables;
}

const LineTable *lineTable(const QString &id)
{
    for (const LineTable &t : lineTables()) {
        if (t.id == id)
            return &t;
    }
    return nullptr;
}

QString shortQuarter(const Period &quarter)
{
    const int fy = quarter.financialYearStart();
    return quarter.code().left(3)
        + QStringLiteral("%1/%2").arg(fy % 100, 2, 10, QLatin1Char('0')).arg((fy + 1) % 100, 2, 10, QLatin1Char('0'));
}

QString header(const Column &column, const Period &quarter)
{
    QString out = column.header;
    return out.replace(QStringLiteral("{quarter}"), shortQuarter(quarter));
}

QString headerPattern(const Column &column)
{
    QString pattern = QRegularExpression::escape(column.header);
    return pattern.replace(QRegularExpression::escape(QStringLiteral("{quarter}")), QStringLiteral("Q[1-4] \\d{2}(?:\\d{2})?/\\d{2}"));
}

} // namespace oversight::reportspec
