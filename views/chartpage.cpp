#include "chartpage.h"

#include "chartfigure.h"
#include "chartregistry.h"
#include "figure.h"
#include "paintedfigure.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace oversight {

ChartPage::ChartPage(const Store &store, const QString &chartId, QWidget *parent)
    : QWidget(parent), m_id(chartId), m_figure(charts::createFigure(store, chartId))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (!m_figure) {
        layout->addWidget(new QLabel(QStringLiteral("There is no chart '%1'.").arg(chartId), this));
        return;
    }
    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(8, 4, 8, 0);
    const auto variants = m_figure->variants();
    if (!variants.isEmpty()) {
        auto *label = new QLabel(m_figure->variantLabel() + QLatin1Char(':'), this);
        m_variant = new QComboBox(this);
        m_variant->setAccessibleName(m_figure->variantLabel());
        for (const charts::FigureVariant &v : variants)
            m_variant->addItem(v.label, v.id);
        m_variant->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        label->setBuddy(m_variant);
        controls->addWidget(label);
        controls->addWidget(m_variant);
        connect(m_variant, &QComboBox::currentIndexChanged, this, &ChartPage::apply);
    }
    if (isMap()) {
        m_style = new QButtonGroup(this);
        auto *shapes = new QRadioButton(QStringLiteral("&Borough shapes"), this);
        auto *tiles = new QRadioButton(QStringLiteral("&Tile map"), this);
        shapes->setToolTip(QStringLiteral("The boroughs' boundaries"));
        tiles->setToolTip(QStringLiteral("London Squared: one equal square per borough, so small boroughs are as visible as large ones"));
        shapes->setChecked(true);
        m_style->addButton(shapes, 0);
        m_style->addButton(tiles, 1);
        controls->addSpacing(12);
        controls->addWidget(shapes);
        controls->addWidget(tiles);
        connect(m_style, &QButtonGroup::idClicked, this, &ChartPage::apply);
    }
    controls->addStretch(1);
    if (isTimeChart()) {
        auto *hint = new QLabel(QStringLiteral("Wheel or drag to zoom, arrows to pan, Esc to reset"), this);
        hint->setStyleSheet(QStringLiteral("color: palette(mid)"));
        controls->addWidget(hint);
        auto *reset = new QPushButton(QStringLiteral("&Reset zoom"), this);
        controls->addWidget(reset);
        connect(reset, &QPushButton::clicked, this, [this] { refresh(); });
        auto *events = new QPushButton(QStringLiteral("&Events…"), this);
        events->setToolTip(QStringLiteral("Add, edit or hide the event markers drawn on time charts"));
        controls->addWidget(events);
        connect(events, &QPushButton::clicked, this, &ChartPage::editAnnotationsRequested);
    }
    layout->addLayout(controls);
    m_view = new charts::FigureView(m_figure.get(), this);
    layout->addWidget(m_view, 1);
    connect(m_figure.get(), &charts::Figure::areaActivated, this, &ChartPage::areaActivated);
}

ChartPage::~ChartPage()
{
    // The view's children hold the figure: they go first.
    delete m_view;
}

bool ChartPage::isTimeChart() const
{
    const auto *chart = dynamic_cast<const charts::ChartFigure *>(m_figure.get());
    return chart && chart->zoomable();
}

bool ChartPage::isMap() const
{
    return m_id.startsWith(QLatin1String("map."));
}

void ChartPage::setFilter(const QString &areaCode, QDate from, QDate to)
{
    m_area = areaCode;
    m_from = from;
    m_to = to;
    apply();
}

void ChartPage::refresh()
{
    apply();
}

void ChartPage::apply()
{
    if (!m_figure)
        return;
    charts::ChartRequest request;
    request.areaCode = m_area;
    request.from = m_from;
    request.to = m_to;
    if (m_variant)
        request.variant = m_variant->currentData().toString();
    if (m_style && m_style->checkedId() == 1)
        request.style = QStringLiteral("tiles");
    m_figure->setRequest(request);
}

} // namespace oversight
