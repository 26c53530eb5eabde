// Time charts and quarterly bars over the measures: crime trends, high-harm crime, hate crime
// strands, public perception and satisfaction, workforce, criminal justice.
#include "chartfigure.h"
#include "charttheme.h"
#include "chartregistry.h"

#include "annotations.h"
#include "catalog.h"
#include "period.h"
#include "seriesmodel.h"
#include "store.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCategoryAxis>
#include <QDateTime>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>

namespace oversight::charts {

namespace {

const QString kMps = QStringLiteral("E23000001");

struct SeriesSpec {
    QString label;
    QStringList keys;
    bool rightAxis = false;
};

enum class Mode { Lines, Bars };

struct Spec {
    QString id;
    QString title;
    QString group;
    QString source;
    Mode mode = Mode::Lines;
    QList<SeriesSpec> series;      // empty for the dynamic charts below
    bool allCrime = false;         // one series: every MPS open-data category summed
    bool byCategory = false;       // variants: MPS major categories; the area against London
    bool rollingAndLastYear = false;
    std::optional<double> reference;
    QString referenceLabel;
    QString note;
    QString needs; // the data the chart needs, named when the store has none
    std::optional<Period::Kind> kind = std::nullopt; // one period kind for every series (never mixed)
};

QList<Spec> specs()
{
    QList<Spec> all;
    auto add = [&all](Spec s) { all.append(std::move(s)); };
    const QString crimeSource = QStringLiteral("Source: MPS recorded crime");
    // The charts summing the MPS open-data categories say so: the report's own crime figures (its
    // table's 790,473 offences) come from the same records at another time, and differ.
    const QString openCrimeSource = QStringLiteral("Source: MPS open data (recorded crime, London Datastore)");
    add({QStringLiteral("crime.tno"), QStringLiteral("Total notifiable offences"), QStringLiteral("A safer London"),
         openCrimeSource, Mode::Lines, {}, true, false, true, std::nullopt, {}, {},
         QStringLiteral("monthly recorded crime by category and borough (the MPS open-data files)")});
    all.last().kind = Period::Kind::Month;
    add({QStringLiteral("crime.high-harm"), QStringLiteral("High-harm crime"), QStringLiteral("A safer London"),
         crimeSource, Mode::Lines,
         {{QStringLiteral("Domestic abuse"), {QStringLiteral("crime.domestic_abuse")}},
          {QStringLiteral("Knife crime"), {QStringLiteral("crime.knife")}},
          {QStringLiteral("Gun crime"), {QStringLiteral("crime.gun")}},
          {QStringLiteral("Sexual offences"), {QStringLiteral("crime.sexual_offences")}},
          {QStringLiteral("Racist and religious hate crime"), {QStringLiteral("hate.racist_religious")}}},
         false, false, false, std::nullopt, {},
         QStringLiteral("A crime can count in more than one of these categories (e.g. domestic abuse with a knife)."),
         QStringLiteral("rolling 12-month counts of domestic abuse, knife, gun, sexual offences and hate crime")});
    all.last().kind = Period::Kind::Rolling12;
    add({QStringLiteral("crime.category"), QStringLiteral("Recorded crime by category: area and London"),
         QStringLiteral("A safer London"), openCrimeSource, Mode::Lines, {}, false, true, false, std::nullopt, {}, {},
         QStringLiteral("monthly recorded crime by category and borough (the MPS open-data files)")});
    all.last().kind = Period::Kind::Month;
    add({QStringLiteral("crime.gun"), QStringLiteral("Gun crime offences"), QStringLiteral("A safer London"),
         crimeSource, Mode::Bars, {{QStringLiteral("Gun crime offences"), {QStringLiteral("crime.gun")}}},
         false, false, false, std::nullopt, {},
         QStringLiteral("The report's quarterly chart was not kept; the store holds the periods shown."),
         QStringLiteral("quarterly gun crime offences")});
    add({QStringLiteral("crime.fraud"), QStringLiteral("Fraud and cybercrime reported to Action Fraud"),
         QStringLiteral("A safer London"), QStringLiteral("Source: Action Fraud"), Mode::Bars,
         {{QStringLiteral("Reports"), {QStringLiteral("fraud.action_fraud_reports")}}}, false, false, false,
         std::nullopt, {}, {}, QStringLiteral("quarterly Action Fraud reports for the MPS area")});
    add({QStringLiteral("cyp.knife-victims"), QStringLiteral("Knife crime victims under 25"),
         QStringLiteral("Keeping children and young people safe"), crimeSource, Mode::Bars,
         {{QStringLiteral("Victims under 25"), {QStringLiteral("cyp.knife_victims_u25")}}}, false, false, false,
         std::nullopt, {}, {}, QStringLiteral("quarterly counts of knife crime victims under 25 (measure cyp.knife_victims_u25)")});
    add({QStringLiteral("cyp.missing-children"), QStringLiteral("Missing and absent children reported"),
         QStringLiteral("Keeping children and young people safe"), QStringLiteral("Source: MPS"), Mode::Bars,
         {{QStringLiteral("Missing and absent children"), {QStringLiteral("cyp.missing_children")}}}, false, false,
         false, std::nullopt, {}, QStringLiteral("Totals missing and absent children."),
         QStringLiteral("quarterly counts of missing and absent children reported (measure cyp.missing_children)")});
    add({QStringLiteral("hate.strands"), QStringLiteral("Hate crime by strand"),
         QStringLiteral("Standing together against hatred and extremism"), crimeSource, Mode::Lines,
         {{QStringLiteral("Racist and religious"), {QStringLiteral("hate.racist_religious")}},
          {QStringLiteral("Faith: Islamophobic"), {QStringLiteral("hate.islamophobic")}},
          {QStringLiteral("Sexual orientation"), {QStringLiteral("hate.sexual_orientation")}},
          {QStringLiteral("Transgender"), {QStringLiteral("hate.transgender")}},
          {QStringLiteral("Disability"), {QStringLiteral("hate.disability")}}},
         false, false, false, std::nullopt, {},
         QStringLiteral("A crime can have more than one hate flag: the strands overlap and do not add up to a hate "
                        "crime total."),
         QStringLiteral("monthly hate crime counts by strand")});
    all.last().kind = Period::Kind::Month;
    add({QStringLiteral("ct.arrests"), QStringLiteral("Counter-terrorism arrests"),
         QStringLiteral("Standing together against hatred and extremism"),
         QStringLiteral("Source: MPS Counter Terrorism Command"), Mode::Bars,
         {{QStringLiteral("Arrests"), {QStringLiteral("ct.arrests")}}}, false, false, false, std::nullopt, {},
         QStringLiteral("Arrests by MPS Counter Terrorism Command officers, in London and outside it; data from Q4 2014/15."),
         QStringLiteral("quarterly counter-terrorism arrests from Q4 2014/15 (measure ct.arrests)")});
    add({QStringLiteral("survey.perception"), QStringLiteral("Public perception"),
         QStringLiteral("A better police service"), QStringLiteral("Source: Public Attitude Survey"), Mode::Lines,
         {{QStringLiteral("Good job"), {QStringLiteral("pas.good_job")}},
          {QStringLiteral("Informed local"), {QStringLiteral("pas.informed_local")}},
          {QStringLiteral("Listen to concerns"), {QStringLiteral("pas.listen_concerns")}},
          {QStringLiteral("Fair treatment"), {QStringLiteral("pas.fair_treatment")}},
          {QStringLiteral("Dealing issues"), {QStringLiteral("pas.dealing_issues")}}},
         false, false, false, std::nullopt, {}, {},
         QStringLiteral("Public Attitude Survey results by quarter (rolling 12 months)")});
    // One period kind: the survey's quarterly results (a rolling-12 figure such as "know how to
    // contact" would sit at a different point in time).
    all.last().kind = Period::Kind::Quarter;
    add({QStringLiteral("survey.satisfaction"), QStringLiteral("Victim satisfaction"),
         QStringLiteral("A better police service"), QStringLiteral("Source: User Satisfaction Survey"), Mode::Lines,
         {{QStringLiteral("Overall satisfaction"), {QStringLiteral("pas.overall_satisfaction")}}},
         false, false, false, std::nullopt, {}, {},
         QStringLiteral("rolling 12-month User Satisfaction Survey results")});
    add({QStringLiteral("workforce.strength"), QStringLiteral("Workforce strength"),
         QStringLiteral("A better police service"), QStringLiteral("Source: MPS HR"), Mode::Lines,
         {{QStringLiteral("Police officers"), {QStringLiteral("workforce.officers")}},
          {QStringLiteral("Police staff"), {QStringLiteral("workforce.staff")}},
          {QStringLiteral("PCSOs"), {QStringLiteral("workforce.pcsos")}},
          {QStringLiteral("Special constables"), {QStringLiteral("workforce.special_constables")}}},
         false, false, false, 32000.0, QStringLiteral("Mayor's ambition: 32,000 officers"), {},
         QStringLiteral("workforce numbers by quarter or month")});
    add({QStringLiteral("workforce.diversity"), QStringLiteral("Workforce diversity"),
         QStringLiteral("A better police service"), QStringLiteral("Source: MPS HR"), Mode::Lines,
         {{QStringLiteral("BAME share of officers"), {QStringLiteral("workforce.officers.bame_pct")}},
          {QStringLiteral("Female share of officers"), {QStringLiteral("workforce.officers.female_pct")}},
          {QStringLiteral("Female share of staff"), {QStringLiteral("workforce.staff.female_pct")}}},
         false, false, false, std::nullopt, {}, {},
         QStringLiteral("BAME and female shares of the workforce over time")});
    add({QStringLiteral("cj.victims"), QStringLiteral("Victims kept informed"),
         QStringLiteral("A better criminal justice service"),
         QStringLiteral("Source: MPS crime records (VCOP compliance)"), Mode::Lines,
         {{QStringLiteral("Victims updated"), {QStringLiteral("cj.victims_updated")}},
          {QStringLiteral("Informed of arrest"), {QStringLiteral("cj.informed_arrest")}},
          {QStringLiteral("VCOP applicable offences (right axis)"), {QStringLiteral("cj.vcop_offences")}, true}},
         false, false, false, std::nullopt, {}, {},
         QStringLiteral("monthly VCOP compliance: victims updated, informed of arrest and release, applicable offences")});
    return all;
}



QDate msToDate(double ms)
{
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms), Qt::UTC).date();
}

class SeriesFigure : public ChartFigure {
public:
    SeriesFigure(const Store &store, Spec spec) : m_store(store), m_spec(std::move(spec))
    {
        for (const AreaInfo &a : catalog::areas(store)) {
            if (a.kind == QLatin1String("borough"))
                ++m_boroughCount;
        }
        if (m_spec.byCategory) {
            QStringList categories;
            for (const MeasureInfo &m : catalog::measures(store)) {
                if (!m.category.isEmpty() && !categories.contains(m.category))
                    categories.append(m.category);
            }
            std::sort(categories.begin(), categories.end());
            for (const QString &c : categories)
                m_variants.append({c, c});
        }
    }

    QString id() const override { return m_spec.id; }
    bool zoomable() const override { return m_spec.mode == Mode::Lines; }
    QList<FigureVariant> variants() const override { return m_variants; }
    QString variantLabel() const override { return QStringLiteral("Category"); }

    void setRequest(const ChartRequest &request) override
    {
        m_request = request;
        const QString area = request.areaCode.isEmpty() ? kMps : request.areaCode;
        m_models.clear();
        m_labels.clear();
        m_right.clear();
        m_title = m_spec.title;
        auto addModel = [&](const QString &label, const QStringList &keys, const QString &areaCode, bool right) {
            auto model = std::make_unique<SeriesModel>(m_store);
            model->setSeries(keys, areaCode, request.from, request.to, m_spec.kind);
            m_models.push_back(std::move(model));
            m_labels.append(label);
            m_right.append(right);
        };
        if (m_spec.allCrime) {
            addModel(QStringLiteral("Offences"), allCrimeKeys(), area, false);
        } else if (m_spec.byCategory) {
            const QString category = variantOrDefault();
            const QStringList keys = catalog::categoryMeasures(m_store, category);
            m_title = QStringLiteral("%1: area and London").arg(category);
            addModel(QString(), keys, area, false);
            m_labels.last() = m_models.back()->areaName().isEmpty() ? area : m_models.back()->areaName();
            if (area != kMps && area != QLatin1String("E12000007")) {
                addModel(QStringLiteral("London borough average"), keys, kMps, false);
                m_londonAverage = true;
            } else {
                m_londonAverage = false;
            }
        } else {
            for (const SeriesSpec &s : m_spec.series)
                addModel(s.label, s.keys, area, s.rightAxis);
        }
        m_annotations = annotations::list(m_store);
        Q_EMIT changed();
    }

    FigureText text() const override
    {
        FigureText t;
        t.title = m_title;
        QDate first, last;
        QString firstLabel, lastLabel;
        QString area;
        for (const auto &m : m_models) {
            if (area.isEmpty())
                area = m->areaName();
            for (const auto &p : m->points()) {
                if (!first.isValid() || p.period.start() < first) {
                    first = p.period.start();
                    firstLabel = p.period.label();
                }
                if (!last.isValid() || p.period.end() > last) {
                    last = p.period.end();
                    lastLabel = p.period.label();
                }
            }
        }
        t.subtitle = area;
        if (first.isValid())
            t.subtitle += firstLabel == lastLabel ? QStringLiteral(", %1").arg(firstLabel)
                                                  : QStringLiteral(", %1 to %2").arg(firstLabel, lastLabel);
        t.source = m_spec.source;
        t.asAt = asAtText(last);
        QStringList notes;
        if (!m_models.empty() && m_models.front()->rowCount() > 0 && !m_models.front()->note().isEmpty())
            notes.append(m_models.front()->note().endsWith(QLatin1Char('.')) ? m_models.front()->note()
                                                                              : m_models.front()->note() + QLatin1Char('.'));
        if (m_londonAverage)
            notes.append(QStringLiteral("London borough average: the MPS total divided by the %1 boroughs.").arg(m_boroughCount));
        if (!m_spec.note.isEmpty())
            notes.append(m_spec.note);
        if (missingData().isEmpty() && !joined())
            notes.append(QStringLiteral("These are the figures the report states; the full series arrives with an import."));
        // Where the report states two values for a measure drawn here, the figure says so too.
        for (const auto &m : m_models) {
            for (const QString &line : m->disagreementNote().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                if (!notes.contains(line))
                    notes.append(line);
            }
        }
        t.note = notes.join(QLatin1Char(' '));
        return t;
    }

    QString missingData() const override
    {
        for (const auto &m : m_models) {
            if (m->rowCount() > 0)
                return {};
        }
        return QStringLiteral("The store holds no figures for %1%2. This chart needs %3: import them with "
                              "File → Import a spreadsheet.")
            .arg(m_title, m_request.from.isValid() || m_request.to.isValid() ? QStringLiteral(" in the chosen period") : QString(),
                 m_spec.needs);
    }

    void fill(QChart *chart) const override
    {
        if (m_spec.mode == Mode::Bars)
            fillBars(chart);
        else
            fillLines(chart);
    }

private:
    QString variantOrDefault() const
    {
        if (!m_request.variant.isEmpty())
            return m_request.variant;
        for (const FigureVariant &v : m_variants) {
            if (v.id.compare(QLatin1String("Burglary"), Qt::CaseInsensitive) == 0)
                return v.id;
        }
        return m_variants.isEmpty() ? QString() : m_variants.first().id;
    }

    QStringList allCrimeKeys() const
    {
        QStringList keys;
        for (const MeasureInfo &m : catalog::measures(m_store)) {
            if (!m.category.isEmpty())
                keys.append(m.key);
        }
        return keys;
    }

    // Whether any series is drawn as a line (enough consecutive figures).
    bool joined() const
    {
        for (const auto &m : m_models) {
            if (m->rowCount() >= 3 && m->consecutive())
                return true;
        }
        return false;
    }

    void fillLines(QChart *chart) const
    {
        double xMin = 0, xMax = 0, leftMax = 0, rightMax = 0;
        bool any = false;
        QString leftUnit, rightUnit;
        QList<QXYSeries *> left, right;
        const bool single = m_models.size() == 1;
        for (size_t i = 0; i < m_models.size(); ++i) {
            const SeriesModel &model = *m_models[i];
            if (model.rowCount() == 0)
                continue;
            const double scale = (m_londonAverage && i == 1 && m_boroughCount > 0) ? 1.0 / m_boroughCount : 1.0;
            // Figures with gaps between them are points: a line would claim the months between.
            const bool fewPoints = model.rowCount() < 3 || !model.consecutive();
            QXYSeries *series = fewPoints ? static_cast<QXYSeries *>(new QScatterSeries) : new QLineSeries;
            series->setName(m_labels.at(static_cast<int>(i)));
            QStringList labels;
            QVariantList decimals; // each point's stated precision, for its tooltip
            const QColor colour = palette().at(static_cast<int>(i) % palette().size());
            for (const auto &p : model.points()) {
                const double x = SeriesModel::chartPosition(p.period);
                const double y = p.value * scale;
                series->append(x, y);
                labels.append(p.period.label());
                decimals.append(p.decimals);
                xMin = any ? std::min(xMin, x) : x;
                xMax = any ? std::max(xMax, x) : x;
                any = true;
                (m_right.at(static_cast<int>(i)) ? rightMax : leftMax) =
                    std::max(m_right.at(static_cast<int>(i)) ? rightMax : leftMax, y);
            }
            series->setProperty("unit", model.unit());
            series->setProperty("labels", labels);
            if (scale == 1.0) // an average over the boroughs is calculated: the unit's default decimals
                series->setProperty("decimals", decimals);
            if (auto *scatter = qobject_cast<QScatterSeries *>(series)) {
                scatter->setMarkerSize(9.0);
                scatter->setColor(colour);
                scatter->setBorderColor(colour.darker(130));
                // Distinct marker shapes keep several point series apart in greyscale.
                scatter->setMarkerShape(i % 2 == 0 ? QScatterSeries::MarkerShapeCircle : QScatterSeries::MarkerShapeRectangle);
            } else {
                QPen pen(colour);
                pen.setWidthF(2.0);
                if (i == 1 && m_londonAverage)
                    pen.setStyle(Qt::DashLine);
                series->setPen(pen);
                series->setPointsVisible(model.rowCount() <= 16);
            }
            chart->addSeries(series);
            (m_right.at(static_cast<int>(i)) ? right : left).append(series);
            (m_right.at(static_cast<int>(i)) ? rightUnit : leftUnit) = model.unit();
        }
        QLineSeries *rolling = nullptr;
        QLineSeries *lastYear = nullptr;
        if (single && m_spec.rollingAndLastYear && m_models.front()->rowCount() >= 3) {
            const SeriesModel &model = *m_models.front();
            if (model.hasLastYear()) {
                lastYear = new QLineSeries;
                lastYear->setName(QStringLiteral("Same month last year"));
                QPen pen(palette().at(2));
                pen.setWidthF(1.5);
                pen.setStyle(Qt::DashLine);
                lastYear->setPen(pen);
                QStringList labels;
                QVariantList decimals;
                for (const auto &p : model.points()) {
                    if (p.lastYear) {
                        lastYear->append(SeriesModel::chartPosition(p.period), *p.lastYear);
                        labels.append(p.period.yearEarlier().label());
                        decimals.append(p.lastYearDecimals);
                        leftMax = std::max(leftMax, *p.lastYear);
                    }
                }
                lastYear->setProperty("unit", model.unit());
                lastYear->setProperty("labels", labels);
                lastYear->setProperty("decimals", decimals);
                chart->addSeries(lastYear);
                left.append(lastYear);
            }
            if (model.hasRolling()) {
                rolling = new QLineSeries;
                rolling->setName(QStringLiteral("Rolling 12-month total (right axis)"));
                QPen pen(palette().at(1));
                pen.setWidthF(2.0);
                rolling->setPen(pen);
                QStringList labels;
                QVariantList decimals;
                for (const auto &p : model.points()) {
                    if (p.rolling12) {
                        rolling->append(SeriesModel::chartPosition(p.period), *p.rolling12);
                        labels.append(QStringLiteral("12 months to %1 (calculated)").arg(p.period.label()));
                        decimals.append(p.rollingDecimals);
                        rightMax = std::max(rightMax, *p.rolling12);
                    }
                }
                rolling->setProperty("unit", model.unit());
                rolling->setProperty("labels", labels);
                rolling->setProperty("decimals", decimals);
                chart->addSeries(rolling);
                right.append(rolling);
                rightUnit = model.unit();
            }
        }
        if (!any)
            return;
        if (m_spec.reference)
            leftMax = std::max(leftMax, *m_spec.reference);

        const double span = xMax - xMin;
        const double day = 86400000.0;
        const double pad = span < day ? day * 200 : std::max(span * 0.03, day * 20);
        QCategoryAxis *xAxis = timeAxis(xMin - pad, xMax + pad);
        chart->addAxis(xAxis, Qt::AlignBottom);

        auto *yAxis = new QValueAxis;
        const bool percent = leftUnit == QLatin1String("percent");
        yAxis->setRange(0, percent ? 100.0 : niceCeiling(leftMax * 1.08));
        yAxis->setLabelFormat(QStringLiteral("%.0f"));
        yAxis->setTitleText(catalog::unitLabel(leftUnit));
        yAxis->setLabelsFont(bodyFont());
        yAxis->setTitleFont(bodyFont());
        yAxis->setTickCount(6);
        if (!percent)
            yAxis->applyNiceNumbers();
        chart->addAxis(yAxis, Qt::AlignLeft);
        for (QXYSeries *s : left) {
            s->attachAxis(xAxis);
            s->attachAxis(yAxis);
        }
        if (!right.isEmpty()) {
            auto *rightAxis = new QValueAxis;
            rightAxis->setRange(0, niceCeiling(rightMax * 1.08));
            rightAxis->setLabelFormat(QStringLiteral("%.0f"));
            rightAxis->setTitleText(rolling ? QStringLiteral("Rolling 12-month total") : catalog::unitLabel(rightUnit));
            rightAxis->setLabelsFont(bodyFont());
            rightAxis->setTitleFont(bodyFont());
            rightAxis->setTickCount(6);
            rightAxis->applyNiceNumbers();
            rightAxis->setGridLineVisible(false); // the left axis's grid is the one to read
            chart->addAxis(rightAxis, Qt::AlignRight);
            for (QXYSeries *s : right) {
                s->attachAxis(xAxis);
                s->attachAxis(rightAxis);
            }
        }
        if (m_spec.reference) {
            addReferenceLine(chart, xAxis, yAxis, xMin - pad, xMax + pad, *m_spec.reference, m_spec.referenceLabel);
        }
        // Events in the charted span (a single-figure chart has no span to mark).
        if (span >= day * 60) {
            const QDate from = msToDate(xMin - pad / 2);
            const QDate to = msToDate(xMax + pad / 2);
            for (const Annotation &a : m_annotations) {
                if (a.date < from || a.date > to)
                    continue;
                const double x = static_cast<double>(a.date.startOfDay(Qt::UTC).toMSecsSinceEpoch());
                addEventMarker(chart, xAxis, yAxis, x, yAxis->min(), yAxis->max(), a.label, a.description);
            }
        }
        // Where the series changes MPS classification, inside the charted span.
        for (const auto &m : m_models) {
            for (const SeriesModel::Break &b : m->breaks()) {
                const double x = static_cast<double>(b.month.startOfDay(Qt::UTC).toMSecsSinceEpoch());
                if (x > xMin && x <= xMax)
                    addClassificationBreak(chart, xAxis, yAxis, x, yAxis->min(), yAxis->max(), b.label);
            }
            break; // the first series decides; the others share its categories
        }
        chart->legend()->setVisible(true);
    }

    void fillBars(QChart *chart) const
    {
        // One bar per stored period, in date order, labelled as officers read periods.
        std::map<QDate, QString> periods;
        for (const auto &m : m_models) {
            for (const auto &p : m->points())
                periods.emplace(p.period.start(), p.period.label());
        }
        if (periods.empty())
            return;
        QStringList categories;
        for (const auto &[start, label] : periods)
            categories.append(label);
        auto *series = new QBarSeries;
        double maxValue = 0.0;
        QString unit;
        for (size_t i = 0; i < m_models.size(); ++i) {
            const SeriesModel &model = *m_models[i];
            if (model.rowCount() == 0)
                continue;
            auto *set = new QBarSet(m_labels.at(static_cast<int>(i)));
            set->setLabelColor(QColor(0x22, 0x22, 0x22));
            const QColor colour = palette().at(static_cast<int>(i) % palette().size());
            set->setColor(colour);
            set->setBorderColor(colour);
            std::map<QDate, std::pair<double, int>> values; // value and stated decimals
            for (const auto &p : model.points())
                values[p.period.start()] = {p.value, p.decimals};
            QVariantList decimals;
            for (const auto &[start, label] : periods) {
                const auto it = values.find(start);
                // A period this series does not have stays empty (0 height, no label), never a figure.
                *set << (it == values.end() ? 0.0 : it->second.first);
                decimals.append(it == values.end() ? QVariant() : QVariant(it->second.second));
                if (it != values.end())
                    maxValue = std::max(maxValue, it->second.first);
            }
            set->setProperty("unit", model.unit());
            set->setProperty("decimals", decimals);
            unit = model.unit();
            series->append(set);
        }
        series->setProperty("unit", unit);
        series->setProperty("labels", categories);
        series->setBarWidth(categories.size() <= 2 ? 0.4 : 0.75);
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        series->setLabelsFormat(QStringLiteral("@value"));
        chart->addSeries(series);
        auto *xAxis = new QBarCategoryAxis;
        xAxis->append(uniqueLabels(categories));
        xAxis->setLabelsFont(bodyFont());
        chart->addAxis(xAxis, Qt::AlignBottom);
        series->attachAxis(xAxis);
        auto *yAxis = new QValueAxis;
        yAxis->setRange(0, niceCeiling(maxValue * 1.15));
        yAxis->setLabelFormat(QStringLiteral("%.0f"));
        yAxis->setTitleText(catalog::unitLabel(unit));
        yAxis->setLabelsFont(bodyFont());
        yAxis->setTitleFont(bodyFont());
        yAxis->setTickCount(6);
        yAxis->applyNiceNumbers();
        chart->addAxis(yAxis, Qt::AlignLeft);
        series->attachAxis(yAxis);
        chart->legend()->setVisible(m_models.size() > 1);
    }

    const Store &m_store;
    Spec m_spec;
    ChartRequest m_request;
    QList<FigureVariant> m_variants;
    std::vector<std::unique_ptr<SeriesModel>> m_models;
    QStringList m_labels;
    QList<bool> m_right;
    QString m_title;
    bool m_londonAverage = false;
    int m_boroughCount = 0;
    QList<Annotation> m_annotations;
};

} // namespace

QList<ChartInfo> seriesChartInfos()
{
    QList<ChartInfo> infos;
    for (const Spec &s : specs())
        infos.append({s.id, s.title, s.group});
    return infos;
}

std::unique_ptr<Figure> createSeriesFigure(const Store &store, const QString &id)
{
    for (const Spec &s : specs()) {
        if (s.id == id)
            return std::make_unique<SeriesFigure>(store, s);
    }
    return nullptr;
}

} // namespace oversight::charts
