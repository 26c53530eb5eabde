// Finance charts from the report's finance tables: revenue by line, business groups, savings,
// the capital programme, reserves and MOPAC commissioning.
#include "chartfigure.h"
#include "charttheme.h"
#include "chartregistry.h"

#include "financedata.h"
#include "period.h"
#include "reporttable.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QBarSeries>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QLineSeries>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <cmath>

namespace oversight::charts {

namespace {

struct Spec {
    QString id;
    QString title;
    QString table; // the report table it reads (empty: commissioning)
    QString needs; // for charts the report only pictured: the data they need
};

QList<Spec> specs()
{
    return {
        {QStringLiteral("finance.revenue"), QStringLiteral("Revenue: full-year budget and forecast by line"), QStringLiteral("revenue"), {}},
        {QStringLiteral("finance.revenue-variance"), QStringLiteral("Revenue: full-year forecast variance by line"), QStringLiteral("revenue"), {}},
        {QStringLiteral("finance.business-groups"), QStringLiteral("Pay and overtime by business group"), QStringLiteral("officer-pay"), {}},
        {QStringLiteral("finance.savings"), QStringLiteral("Savings by confidence of delivery"), QStringLiteral("savings"), {}},
        {QStringLiteral("finance.capital"), QStringLiteral("Capital programme: budget, actual to date and forecast"), QStringLiteral("capital"), {}},
        {QStringLiteral("finance.capital-trend"), QStringLiteral("Capital expenditure trend"), QString(),
         QStringLiteral("capital budget and actual expenditure by financial year and by quarter (the report's trend charts "
                        "state no figures in its text)")},
        {QStringLiteral("finance.capital-directorate"), QStringLiteral("Capital expenditure by directorate (share)"), QString(),
         QStringLiteral("capital expenditure by directorate and year (the report's chart states no figures in its text)")},
        {QStringLiteral("finance.reserves"), QStringLiteral("Reserves: opening balance, movement and closing balance"), QStringLiteral("reserves"), {}},
        {QStringLiteral("finance.commissioning"), QStringLiteral("MOPAC commissioning"), QString(), {}},
    };
}

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

double cellNumber(const ReportRow &row, int column)
{
    const QVariant v = row.cells.value(column);
    return v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Int ? v.toDouble() : kNoValue;
}

int columnIndex(const ReportTable &table, const QString &headerStart)
{
    for (int c = 0; c < table.columns.size(); ++c) {
        if (table.columns.at(c).header.startsWith(headerStart, Qt::CaseInsensitive))
            return c;
    }
    return -1;
}

// Category labels are kept short enough for the axis; tooltips carry the full text.
QString shortLabel(QString text)
{
    static const QList<std::pair<QString, QString>> savings = {
        {QStringLiteral("Savings that are forecast to be delivered in full"), QStringLiteral("Delivered in full (high confidence)")},
        {QStringLiteral("Savings with timing delivery problems"), QStringLiteral("Timing delivery problems")},
        {QStringLiteral("Savings with structural delivery problems"), QStringLiteral("Structural delivery problems")},
    };
    for (const auto &[from, to] : savings) {
        if (text.startsWith(from))
            return to;
    }
    text = text.simplified();
    return text.size() > 42 ? text.left(40).trimmed() + QStringLiteral("…") : text;
}

QValueAxis *moneyAxis(double minValue, double maxValue, const QString &title)
{
    auto *axis = new QValueAxis;
    setNiceRange(axis, minValue * 1.03, maxValue * 1.03);
    axis->setLabelFormat(QStringLiteral("%.0f"));
    axis->setTitleText(title);
    axis->setLabelsFont(bodyFont());
    axis->setTitleFont(bodyFont());
    return axis;
}

QBarSet *makeSet(const QString &name, const QColor &colour, Qt::BrushStyle style = Qt::SolidPattern)
{
    auto *set = new QBarSet(name);
    QBrush brush(colour, style);
    set->setBrush(brush);
    set->setPen(QPen(colour.darker(120), 0.8));
    set->setProperty("unit", QStringLiteral("gbp_m"));
    set->setLabelColor(QColor(0x22, 0x22, 0x22));
    return set;
}

class FinanceFigure : public ChartFigure {
public:
    FinanceFigure(const Store &store, Spec spec) : m_store(store), m_spec(std::move(spec)) {}

    QString id() const override { return m_spec.id; }

    QList<FigureVariant> variants() const override
    {
        if (m_spec.id == QLatin1String("finance.business-groups"))
            return {{QStringLiteral("officer-pay"), QStringLiteral("Police officer pay")},
                    {QStringLiteral("staff-pay"), QStringLiteral("Police staff pay")},
                    {QStringLiteral("officer-overtime"), QStringLiteral("Police overtime")}};
        if (m_spec.id == QLatin1String("finance.capital"))
            return {{QStringLiteral("portfolio"), QStringLiteral("By portfolio")},
                    {QStringLiteral("programme"), QStringLiteral("By programme")}};
        return {};
    }
    QString variantLabel() const override { return QStringLiteral("Show"); }
    bool usesFilter() const override { return false; }

    void setRequest(const ChartRequest &request) override
    {
        m_request = request;
        m_table.reset();
        m_error.clear();
        // The finance position of the latest quarter held by the range's end (a quarter's pack ends
        // its range at the quarter's end).
        m_quarter = request.quarter ? request.quarter : reportQuarterFor(m_store, request.to);
        QString tableId = m_spec.table;
        if (m_spec.id == QLatin1String("finance.business-groups") && !request.variant.isEmpty())
            tableId = request.variant;
        if (!tableId.isEmpty()) {
            if (m_quarter)
                m_table = reporttables::build(m_store, tableId, *m_quarter, &m_error);
            else
                m_error = request.to.isValid()
                    ? QStringLiteral("the store holds no quarter's report figures up to %1").arg(Period::month(request.to.year(), request.to.month()).label())
                    : QStringLiteral("the store holds no quarter's report figures");
        }
        if (m_spec.id == QLatin1String("finance.commissioning"))
            m_commissioning = financedata::commissioning(m_store);
        Q_EMIT changed();
    }

    FigureText text() const override
    {
        FigureText t;
        t.title = m_spec.title;
        // The savings are the year's: its title names the financial year of the quarter shown.
        if (m_spec.id == QLatin1String("finance.savings") && m_quarter)
            t.title = QStringLiteral("Savings %1 by confidence of delivery").arg(Period::financialYearLabel(m_quarter->financialYearStart()));
        if (m_table) {
            if (m_spec.id == QLatin1String("finance.business-groups"))
                t.title = m_table->title;
            t.subtitle = m_table->subtitle;
            t.source = m_table->source.isEmpty() ? QStringLiteral("Source: MPS/MOPAC finance report") : m_table->source;
            if (!t.source.startsWith(QLatin1String("Source")))
                t.source.prepend(QStringLiteral("Source: "));
            if (const auto period = Period::parse(reporttables::quarterOf(*m_table)))
                t.asAt = asAtText(period->end());
        } else if (m_spec.id == QLatin1String("finance.commissioning")) {
            t.subtitle = QStringLiteral("Budgets and allocations by financial year, £m");
            t.source = QStringLiteral("Source: MOPAC");
            // The figures are as reported at the quarter shown, not at the end of the last year they
            // describe (2018/19 is an allocation made in advance).
            if (m_quarter && !m_commissioning.isEmpty())
                t.asAt = asAtText(m_quarter->end());
            t.note = QStringLiteral("The report's split of the £42.3m by Police and Crime Plan area was a picture without "
                                    "figures; it arrives through an import.");
        } else {
            t.source = QStringLiteral("Source: MPS/MOPAC finance report");
        }
        if (m_spec.id == QLatin1String("finance.savings"))
            t.note = QStringLiteral("Savings are drawn as positive amounts; the savings table prints them as negative figures.");
        if (m_spec.id == QLatin1String("finance.revenue-variance"))
            t.note = QStringLiteral("Negative: forecast below budget (underspend). Income lines are negative budgets.");
        if (m_spec.id == QLatin1String("finance.reserves"))
            t.note = QStringLiteral("Closing balance: solid = actual, hatched = forecast, outline = planned.");
        return t;
    }

    QString missingData() const override
    {
        if (!m_spec.needs.isEmpty())
            return QStringLiteral("The store holds no figures for %1. This chart needs %2: import them with File → Import a "
                                  "spreadsheet.").arg(m_spec.title.toLower(), m_spec.needs);
        if (m_spec.id == QLatin1String("finance.commissioning"))
            return m_commissioning.isEmpty() ? QStringLiteral("The store holds no MOPAC commissioning figures.") : QString();
        if (!m_table || m_table->rows.isEmpty())
            return QStringLiteral("The store holds no figures for %1%2.")
                .arg(m_spec.title.toLower(), m_error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_error));
        return {};
    }

    void fill(QChart *chart) const override
    {
        const QString &id = m_spec.id;
        if (id == QLatin1String("finance.revenue"))
            fillRevenue(chart, false);
        else if (id == QLatin1String("finance.revenue-variance"))
            fillRevenue(chart, true);
        else if (id == QLatin1String("finance.business-groups"))
            fillBusinessGroups(chart);
        else if (id == QLatin1String("finance.savings"))
            fillSavings(chart);
        else if (id == QLatin1String("finance.capital"))
            fillCapital(chart);
        else if (id == QLatin1String("finance.reserves"))
            fillReserves(chart);
        else if (id == QLatin1String("finance.commissioning"))
            fillCommissioning(chart);
    }

private:
    // Horizontal bars: categories top to bottom in the table's order.
    void horizontalBars(QChart *chart, QAbstractBarSeries *series, QStringList labels, QStringList fullLabels,
                        double minValue, double maxValue, const QString &axisTitle) const
    {
        // Qt draws the first category at the bottom; reverse so the table's order reads downwards.
        std::reverse(labels.begin(), labels.end());
        std::reverse(fullLabels.begin(), fullLabels.end());
        for (QBarSet *set : series->barSets()) {
            QList<qreal> values;
            for (int i = static_cast<int>(set->count()) - 1; i >= 0; --i)
                values.append(set->at(i));
            set->remove(0, static_cast<int>(set->count()));
            set->append(values);
        }
        series->setProperty("labels", fullLabels);
        series->setProperty("unit", QStringLiteral("gbp_m"));
        chart->addSeries(series);
        auto *yAxis = new QBarCategoryAxis;
        yAxis->append(uniqueLabels(labels));
        yAxis->setLabelsFont(bodyFont());
        chart->addAxis(yAxis, Qt::AlignLeft);
        series->attachAxis(yAxis);
        QValueAxis *xAxis = moneyAxis(minValue, maxValue, axisTitle);
        chart->addAxis(xAxis, Qt::AlignBottom);
        series->attachAxis(xAxis);
        chart->legend()->setVisible(series->count() > 1);
    }

    void fillRevenue(QChart *chart, bool variance) const
    {
        const ReportTable &t = *m_table;
        const int budget = columnIndex(t, QStringLiteral("Full Year Budget"));
        const int forecast = columnIndex(t, QStringLiteral("Full Year Forecast"));
        const int var = static_cast<int>(t.columns.size()) - 1;
        QStringList labels, full;
        double lo = 0, hi = 0;
        if (variance) {
            auto *series = new QHorizontalStackedBarSeries;
            QBarSet *under = makeSet(QStringLiteral("Underspend (forecast below budget)"), palette().at(0));
            QBarSet *over = makeSet(QStringLiteral("Overspend (forecast above budget)"), palette().at(1));
            for (const ReportRow &row : t.rows) {
                if (row.kind != RowKind::Line)
                    continue;
                const double v = cellNumber(row, var);
                if (std::isnan(v))
                    continue;
                labels.append(shortLabel(row.cells.value(0).toString()));
                full.append(row.cells.value(0).toString());
                *under << (v < 0 ? v : 0.0);
                *over << (v > 0 ? v : 0.0);
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            series->append(under);
            series->append(over);
            horizontalBars(chart, series, labels, full, lo, hi, QStringLiteral("Full-year variance, £m"));
            return;
        }
        auto *series = new QHorizontalBarSeries;
        QBarSet *b = makeSet(QStringLiteral("Full-year budget"), palette().at(0));
        QBarSet *f = makeSet(QStringLiteral("Full-year forecast"), palette().at(1));
        for (const ReportRow &row : t.rows) {
            if (row.kind != RowKind::Line)
                continue;
            const double vb = cellNumber(row, budget);
            const double vf = cellNumber(row, forecast);
            if (std::isnan(vb) || std::isnan(vf))
                continue;
            labels.append(shortLabel(row.cells.value(0).toString()));
            full.append(row.cells.value(0).toString());
            *b << vb;
            *f << vf;
            lo = std::min({lo, vb, vf});
            hi = std::max({hi, vb, vf});
        }
        series->append(b);
        series->append(f);
        series->setBarWidth(0.8);
        horizontalBars(chart, series, labels, full, lo, hi, QStringLiteral("£m"));
    }

    void fillBusinessGroups(QChart *chart) const
    {
        const ReportTable &t = *m_table;
        const int budget = columnIndex(t, QStringLiteral("Current Full Year Budget"));
        const int forecast = columnIndex(t, QStringLiteral("Annual Forecast"));
        const int actual = columnIndex(t, QStringLiteral("Year To Date Actual"));
        auto *series = new QHorizontalBarSeries;
        QBarSet *b = makeSet(QStringLiteral("Full-year budget"), palette().at(0));
        QBarSet *f = makeSet(QStringLiteral("Annual forecast"), palette().at(1));
        QBarSet *a = makeSet(QStringLiteral("Actual to date"), palette().at(2));
        QStringList labels, full;
        double lo = 0, hi = 0;
        for (const ReportRow &row : t.rows) {
            if (row.kind != RowKind::Line)
                continue;
            labels.append(shortLabel(row.cells.value(0).toString()));
            full.append(row.cells.value(0).toString());
            for (auto [set, col] : {std::pair{b, budget}, std::pair{f, forecast}, std::pair{a, actual}}) {
                const double v = cellNumber(row, col);
                *set << (std::isnan(v) ? 0.0 : v);
                if (!std::isnan(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            }
        }
        series->append(b);
        series->append(f);
        series->append(a);
        series->setBarWidth(0.85);
        horizontalBars(chart, series, labels, full, lo, hi, QStringLiteral("£m"));
    }

    void fillSavings(QChart *chart) const
    {
        const ReportTable &t = *m_table;
        auto *series = new QHorizontalBarSeries;
        QBarSet *planned = makeSet(QStringLiteral("Planned saving"), palette().at(0));
        QBarSet *forecast = makeSet(QStringLiteral("Forecast saving"), palette().at(1));
        QStringList labels, full;
        double hi = 0;
        for (const ReportRow &row : t.rows) {
            if (row.kind != RowKind::Line)
                continue;
            labels.append(shortLabel(row.cells.value(0).toString()));
            full.append(row.cells.value(0).toString());
            const double p = std::abs(cellNumber(row, 1));
            const double f = std::abs(cellNumber(row, 2));
            *planned << p;
            *forecast << f;
            hi = std::max({hi, p, f});
        }
        series->append(planned);
        series->append(forecast);
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        series->setLabelsFormat(QStringLiteral("@value"));
        series->setLabelsPrecision(3);
        horizontalBars(chart, series, labels, full, 0, hi * 1.1, QStringLiteral("Savings, £m"));
    }

    void fillCapital(QChart *chart) const
    {
        const ReportTable &t = *m_table;
        const bool byProgramme = m_request.variant == QLatin1String("programme");
        auto *series = new QHorizontalBarSeries;
        QBarSet *budget = makeSet(QStringLiteral("Full-year budget"), palette().at(0));
        QBarSet *actual = makeSet(QStringLiteral("Actual to date"), palette().at(2));
        QBarSet *forecast = makeSet(QStringLiteral("Full-year forecast"), palette().at(1));
        QStringList labels, full;
        double lo = 0, hi = 0;
        // By programme: every line. By portfolio: each portfolio's total row, or its only line where
        // the table prints no total (NCTPHQ has a single programme and no total row).
        QList<const ReportRow *> rows;
        for (qsizetype i = 0; i < t.rows.size(); ++i) {
            const ReportRow &row = t.rows.at(i);
            if (byProgramme) {
                if (row.kind == RowKind::Line)
                    rows.append(&row);
                continue;
            }
            if (row.kind == RowKind::Subtotal) {
                rows.append(&row);
            } else if (row.kind == RowKind::Line) {
                const QString portfolio = row.cells.value(0).toString();
                bool hasTotal = false;
                int lines = 0;
                for (const ReportRow &other : t.rows) {
                    if (other.cells.value(0).toString() != portfolio)
                        continue;
                    hasTotal = hasTotal || other.kind == RowKind::Subtotal;
                    lines += other.kind == RowKind::Line ? 1 : 0;
                }
                if (!hasTotal && lines == 1)
                    rows.append(&row);
            }
        }
        for (const ReportRow *row : rows) {
            const QString portfolio = row->cells.value(0).toString();
            QString name = row->cells.value(1).toString();
            if (!byProgramme)
                name = portfolio;
            // A programme name used by two portfolios (CT Policing Change Portfolio) says whose it is.
            const bool shared = byProgramme && std::count_if(rows.begin(), rows.end(), [&](const ReportRow *other) {
                                    return other->cells.value(1).toString() == name;
                                }) > 1;
            labels.append(shared ? QStringLiteral("%1 (%2)").arg(shortLabel(name), portfolio) : shortLabel(name));
            full.append(byProgramme ? QStringLiteral("%1: %2").arg(portfolio, name) : name);
            int c = 2;
            for (QBarSet *set : {budget, actual, forecast}) {
                const double v = cellNumber(*row, c++);
                *set << (std::isnan(v) ? 0.0 : v);
                if (!std::isnan(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            }
        }
        series->append(budget);
        series->append(actual);
        series->append(forecast);
        series->setBarWidth(0.85);
        horizontalBars(chart, series, labels, full, lo, hi, QStringLiteral("£m"));
    }

    void fillReserves(QChart *chart) const
    {
        const ReportTable &t = *m_table;
        QStringList years;
        for (int c = 1; c < t.columns.size(); ++c)
            years.append(t.columns.at(c).header);
        const ReportRow *status = nullptr, *opening = nullptr, *movement = nullptr, *closing = nullptr;
        for (const ReportRow &row : t.rows) {
            const QString name = row.cells.value(0).toString();
            if (name.startsWith(QLatin1String("Status")))
                status = &row;
            else if (name.startsWith(QLatin1String("Opening")))
                opening = &row;
            else if (name.startsWith(QLatin1String("Net Reserve Movement")))
                movement = &row;
            else if (name.startsWith(QLatin1String("Closing")))
                closing = &row;
        }
        if (!status || !closing)
            return;
        // One stacked series: each year's closing balance sits in the set of its status, so actual,
        // forecast and planned years are drawn differently; the other sets are empty that year.
        auto *bars = new QStackedBarSeries;
        QBarSet *actual = makeSet(QStringLiteral("Closing balance (actual)"), palette().at(0));
        QBarSet *forecast = makeSet(QStringLiteral("Closing balance (forecast)"), palette().at(0), Qt::BDiagPattern);
        QBarSet *planned = makeSet(QStringLiteral("Closing balance (planned)"), Qt::white);
        planned->setPen(QPen(palette().at(0), 1.5));
        QStringList labels;
        double lo = 0, hi = 0;
        for (int i = 0; i < years.size(); ++i) {
            const QString s = status->cells.value(i + 1).toString().toLower();
            const double v = cellNumber(*closing, i + 1);
            *actual << (s.startsWith(QLatin1String("actual")) ? v : 0.0);
            *forecast << (s.startsWith(QLatin1String("forecast")) ? v : 0.0);
            *planned << (s.startsWith(QLatin1String("planned")) ? v : 0.0);
            labels.append(QStringLiteral("%1 %2").arg(years.at(i), s.startsWith(QLatin1String("forecast")) ? QStringLiteral("(F)")
                                                                   : s.startsWith(QLatin1String("planned")) ? QStringLiteral("(P)")
                                                                                                             : QStringLiteral("(A)")));
            hi = std::max(hi, v);
        }
        bars->append(actual);
        bars->append(forecast);
        bars->append(planned);
        bars->setBarWidth(0.55);
        bars->setProperty("labels", years);
        bars->setProperty("unit", QStringLiteral("gbp_m"));
        chart->addSeries(bars);
        auto *xAxis = new QBarCategoryAxis;
        xAxis->append(labels);
        xAxis->setLabelsFont(bodyFont());
        chart->addAxis(xAxis, Qt::AlignBottom);
        bars->attachAxis(xAxis);
        // Opening balances as markers and the net movement as a line, on the same £m axis.
        QScatterSeries *open = nullptr;
        if (opening) {
            open = new QScatterSeries;
            open->setName(QStringLiteral("Opening balance"));
            open->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
            open->setMarkerSize(9);
            open->setColor(palette().at(1));
            open->setBorderColor(palette().at(1).darker(140));
            for (int i = 0; i < years.size(); ++i) {
                const double v = cellNumber(*opening, i + 1);
                if (!std::isnan(v)) {
                    open->append(i, v);
                    hi = std::max(hi, v);
                }
            }
            open->setProperty("labels", years);
            open->setProperty("unit", QStringLiteral("gbp_m"));
            chart->addSeries(open);
        }
        QLineSeries *move = nullptr;
        if (movement) {
            move = new QLineSeries;
            move->setName(QStringLiteral("Net reserve movement"));
            QPen pen(palette().at(3));
            pen.setWidthF(2.0);
            move->setPen(pen);
            move->setPointsVisible(true);
            for (int i = 0; i < years.size(); ++i) {
                const double v = cellNumber(*movement, i + 1);
                if (!std::isnan(v)) {
                    move->append(i, v);
                    lo = std::min(lo, v);
                }
            }
            move->setProperty("labels", years);
            move->setProperty("unit", QStringLiteral("gbp_m"));
            chart->addSeries(move);
        }
        QValueAxis *yAxis = moneyAxis(lo, hi, QStringLiteral("£m"));
        chart->addAxis(yAxis, Qt::AlignLeft);
        bars->attachAxis(yAxis);
        for (QXYSeries *s : {static_cast<QXYSeries *>(open), static_cast<QXYSeries *>(move)}) {
            if (!s)
                continue;
            s->attachAxis(xAxis);
            s->attachAxis(yAxis);
        }
        chart->legend()->setVisible(true);
    }

    void fillCommissioning(QChart *chart) const
    {
        QStringList years, items;
        for (const CommissioningItem &c : m_commissioning) {
            if (!years.contains(c.year))
                years.append(c.year);
            if (!items.contains(c.item))
                items.append(c.item);
        }
        auto *series = new QBarSeries;
        double hi = 0;
        for (int i = 0; i < items.size(); ++i) {
            QBarSet *set = makeSet(items.at(i), palette().at(i % palette().size()));
            for (const QString &year : years) {
                double v = 0.0;
                for (const CommissioningItem &c : m_commissioning) {
                    if (c.year == year && c.item == items.at(i))
                        v = c.amountGbpM;
                }
                *set << v;
                hi = std::max(hi, v);
            }
            series->append(set);
        }
        // No value labels: a year an item has no figure for would be labelled £0m. Tooltips give values.
        series->setProperty("labels", years);
        series->setProperty("unit", QStringLiteral("gbp_m"));
        chart->addSeries(series);
        auto *xAxis = new QBarCategoryAxis;
        xAxis->append(years);
        xAxis->setLabelsFont(bodyFont());
        chart->addAxis(xAxis, Qt::AlignBottom);
        series->attachAxis(xAxis);
        QValueAxis *yAxis = moneyAxis(0, hi * 1.1, QStringLiteral("£m"));
        chart->addAxis(yAxis, Qt::AlignLeft);
        series->attachAxis(yAxis);
        chart->legend()->setVisible(true);
    }

    const Store &m_store;
    Spec m_spec;
    ChartRequest m_request;
    std::optional<ReportTable> m_table;
    QString m_error;
    QList<CommissioningItem> m_commissioning;
    std::optional<Period> m_quarter;
};

} // namespace

QList<ChartInfo> financeChartInfos()
{
    QList<ChartInfo> infos;
    for (const Spec &s : specs())
        infos.append({s.id, s.title, QStringLiteral("Finance")});
    return infos;
}

std::unique_ptr<Figure> createFinanceFigure(const Store &store, const QString &id)
{
    for (const Spec &s : specs()) {
        if (s.id == id)
            return std::make_unique<FinanceFigure>(store, s);
    }
    return nullptr;
}

} // namespace oversight::charts
