#include "chartpage.h"

#include "chartexportdialog.h"
#include "chartfigure.h"
#include "chartregistry.h"
#include "figure.h"
#include "figureexport.h"
#include "paintedfigure.h"

#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
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
        controls->addSpacing(12);
    }
    auto *exportButton = new QPushButton(QStringLiteral("E&xport…"), this);
    exportButton->setToolTip(QStringLiteral("Save the chart as it is shown: PDF for board papers, SVG or PNG"));
    auto *copyButton = new QPushButton(QStringLiteral("&Copy"), this);
    copyButton->setToolTip(QStringLiteral("Copy the chart as an image, to paste into a document or an e-mail"));
    auto *printButton = new QPushButton(QStringLiteral("&Print…"), this);
    printButton->setToolTip(QStringLiteral("Print the chart on one page, with a preview"));
    controls->addWidget(exportButton);
    controls->addWidget(copyButton);
    controls->addWidget(printButton);
    connect(exportButton, &QPushButton::clicked, this, &ChartPage::exportChart);
    connect(copyButton, &QPushButton::clicked, this, &ChartPage::copyChart);
    connect(printButton, &QPushButton::clicked, this, &ChartPage::printChart);
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

void ChartPage::setFilter(const QString &areaCode, QDate from, QDate to, const std::optional<Period> &quarter)
{
    m_area = areaCode;
    m_from = from;
    m_to = to;
    if (quarter != m_quarter && quarter && m_variant) {
        const int index = m_variant->findData(quarter->code());
        if (index >= 0) {
            const QSignalBlocker block(m_variant);
            m_variant->setCurrentIndex(index);
        }
    }
    m_quarter = quarter;
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
    request.quarter = m_quarter;
    if (m_variant)
        request.variant = m_variant->currentData().toString();
    if (m_style && m_style->checkedId() == 1)
        request.style = QStringLiteral("tiles");
    m_figure->setRequest(request);
}

void ChartPage::exportChart()
{
    if (!m_figure)
        return;
    ChartExportDialog dialog(m_figure.get(), m_view ? m_view->size() : QSize(), this);
    dialog.exec();
}

QImage ChartPage::clipboardImage() const
{
    if (!m_figure)
        return {};
    const QSize size = m_view && m_view->width() >= 200 && m_view->height() >= 150 ? m_view->size() : QSize(1000, 650);
    return charts::renderFigureImage(*m_figure, size, 2 * charts::kFigureDpi);
}

void ChartPage::copyChart()
{
    const QImage image = clipboardImage();
    if (!image.isNull())
        QApplication::clipboard()->setImage(image);
}

void ChartPage::printChart()
{
    if (!m_figure)
        return;
    QPrinter printer;
    printer.setResolution(charts::kFigureDpi); // see paintOnPrinter
    printer.setDocName(m_figure->text().title);
    printer.setCreator(QStringLiteral("Oversight"));
    const charts::ExportOptions page; // A4 landscape, 12 mm margins, as the PDF export
    printer.setPageLayout(charts::exportPageLayout(page));
    QPrintPreviewDialog preview(&printer, this);
    preview.setWindowTitle(QStringLiteral("Print %1").arg(m_figure->text().title));
    connect(&preview, &QPrintPreviewDialog::paintRequested, this, &ChartPage::paintOnPrinter);
    preview.exec();
}

void ChartPage::paintOnPrinter(QPrinter *printer)
{
    // The figure lays out at 96 dpi, like the PDF export; a printer at another resolution would
    // draw its point-size text at that resolution and then scale it again.
    printer->setResolution(charts::kFigureDpi);
    const QRectF target(QPointF(0, 0), printer->pageLayout().paintRect(QPageLayout::Millimeter).size() * (charts::kFigureDpi / 25.4));
    QString error;
    if (charts::paintFigureOnDevice(*m_figure, printer, target, &error))
        return;
    if (printer->logicalDpiY() == charts::kFigureDpi) {
        QMessageBox::warning(this, QStringLiteral("Print"), QStringLiteral("The chart could not be printed: %1.").arg(error));
        return;
    }
    // A printer that keeps its own resolution gets the figure as a fine image (600 dpi at most)
    // fitted to the page: the same drawing, though not as lines and text.
    const QSize logical = target.size().toSize();
    const int dpi = std::min(600, printer->logicalDpiY());
    const QImage image = charts::renderFigureImage(*m_figure, logical, dpi);
    QPainter painter;
    if (!painter.begin(printer)) {
        QMessageBox::warning(this, QStringLiteral("Print"), QStringLiteral("The chart could not be printed: the printer did not start."));
        return;
    }
    painter.drawImage(QRectF(0, 0, printer->width(), printer->height()), image);
}

} // namespace oversight
