#include "chartexportdialog.h"

#include "exportlocation.h"
#include "formatting.h"

#include "figure.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>

namespace oversight {

namespace {

QString filterFor(charts::ExportFormat format)
{
    switch (format) {
    case charts::ExportFormat::Pdf: return QStringLiteral("PDF document (*.pdf)");
    case charts::ExportFormat::Svg: return QStringLiteral("SVG drawing (*.svg)");
    case charts::ExportFormat::Png: return QStringLiteral("PNG image (*.png)");
    }
    return {};
}

QString withSuffix(const QString &path, charts::ExportFormat format)
{
    if (path.isEmpty())
        return path;
    const QFileInfo info(path);
    const QString base = charts::exportFormatFor(path) ? info.completeBaseName() : info.fileName();
    return QDir(info.path()).filePath(base + QLatin1Char('.') + charts::exportFormatSuffix(format));
}

} // namespace

ChartExportDialog::ChartExportDialog(charts::Figure *figure, const QSize &viewSize, QWidget *parent)
    : QDialog(parent), m_figure(figure)
{
    setWindowTitle(QStringLiteral("Export chart"));
    auto *form = new QFormLayout;

    m_format = new QComboBox(this);
    m_format->addItem(QStringLiteral("PDF: one page for board papers (lines and text)"), int(charts::ExportFormat::Pdf));
    m_format->addItem(QStringLiteral("SVG: a drawing to edit or place in a document"), int(charts::ExportFormat::Svg));
    m_format->addItem(QStringLiteral("PNG: an image"), int(charts::ExportFormat::Png));
    form->addRow(QStringLiteral("&Format:"), m_format);

    m_pageBox = new QWidget(this);
    auto *pageRow = new QHBoxLayout(m_pageBox);
    pageRow->setContentsMargins(0, 0, 0, 0);
    m_page = new QComboBox(m_pageBox);
    m_page->addItem(QStringLiteral("A4"), int(QPageSize::A4));
    m_page->addItem(QStringLiteral("A3"), int(QPageSize::A3));
    m_page->setAccessibleName(QStringLiteral("Page size"));
    m_landscape = new QRadioButton(QStringLiteral("&Landscape"), m_pageBox);
    m_portrait = new QRadioButton(QStringLiteral("Por&trait"), m_pageBox);
    m_landscape->setChecked(true);
    pageRow->addWidget(m_page);
    pageRow->addWidget(m_landscape);
    pageRow->addWidget(m_portrait);
    pageRow->addStretch(1);
    form->addRow(QStringLiteral("&Page:"), m_pageBox);

    m_sizeBox = new QWidget(this);
    auto *sizeRow = new QHBoxLayout(m_sizeBox);
    sizeRow->setContentsMargins(0, 0, 0, 0);
    m_width = new QSpinBox(m_sizeBox);
    m_height = new QSpinBox(m_sizeBox);
    m_width->setRange(200, charts::kMaxExportPixels);
    m_height->setRange(150, charts::kMaxExportPixels);
    m_width->setAccessibleName(QStringLiteral("Width in pixels"));
    m_height->setAccessibleName(QStringLiteral("Height in pixels"));
    const QSize initial = viewSize.isValid() && viewSize.width() >= 200 && viewSize.height() >= 150 ? viewSize : QSize(1000, 650);
    m_width->setValue(initial.width());
    m_height->setValue(initial.height());
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), m_sizeBox));
    sizeRow->addWidget(m_height);
    sizeRow->addWidget(new QLabel(QStringLiteral("pixels at 96 dpi (as on screen)"), m_sizeBox));
    sizeRow->addStretch(1);
    form->addRow(QStringLiteral("&Size:"), m_sizeBox);

    m_dpi = new QSpinBox(this);
    m_dpi->setRange(charts::kMinExportDpi, charts::kMaxExportDpi);
    m_dpi->setSingleStep(24);
    m_dpi->setValue(300);
    m_dpi->setSuffix(QStringLiteral(" dpi"));
    m_dpiLabel = new QLabel(QStringLiteral("&Resolution:"), this);
    m_dpiLabel->setBuddy(m_dpi);
    form->addRow(m_dpiLabel, m_dpi);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    form->addRow(QString(), m_summary);

    auto *fileRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setAccessibleName(QStringLiteral("File"));
    m_path->setMinimumWidth(360);
    auto *browse = new QPushButton(QStringLiteral("&Browse…"), this);
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);
    form->addRow(QStringLiteral("F&ile:"), fileRow);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("&Export"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    QString name = figure ? figure->id() : QStringLiteral("chart");
    name.replace(QLatin1Char('.'), QLatin1Char('-'));
    m_path->setText(QDir(exportlocation::proposedFolder()).filePath(name + QStringLiteral(".pdf")));

    connect(m_format, &QComboBox::currentIndexChanged, this, &ChartExportDialog::formatChanged);
    for (QSpinBox *spin : {m_width, m_height, m_dpi})
        connect(spin, &QSpinBox::valueChanged, this, &ChartExportDialog::updateSummary);
    connect(m_page, &QComboBox::currentIndexChanged, this, &ChartExportDialog::updateSummary);
    connect(m_portrait, &QRadioButton::toggled, this, &ChartExportDialog::updateSummary);
    connect(m_path, &QLineEdit::textChanged, this, [this] {
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_path->text().trimmed().isEmpty());
    });
    connect(browse, &QPushButton::clicked, this, &ChartExportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ChartExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ChartExportDialog::reject);
    formatChanged();
}

charts::ExportOptions ChartExportDialog::options() const
{
    charts::ExportOptions o;
    o.format = static_cast<charts::ExportFormat>(m_format->currentData().toInt());
    o.pageSize = static_cast<QPageSize::PageSizeId>(m_page->currentData().toInt());
    o.orientation = m_portrait->isChecked() ? QPageLayout::Portrait : QPageLayout::Landscape;
    o.size = QSize(m_width->value(), m_height->value());
    o.dpi = o.format == charts::ExportFormat::Png ? m_dpi->value() : charts::kFigureDpi;
    return o;
}

QString ChartExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ChartExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

void ChartExportDialog::setFormat(charts::ExportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

void ChartExportDialog::formatChanged()
{
    const auto format = static_cast<charts::ExportFormat>(m_format->currentData().toInt());
    const bool pdf = format == charts::ExportFormat::Pdf;
    m_pageBox->setEnabled(pdf);
    m_sizeBox->setEnabled(!pdf);
    m_dpi->setEnabled(format == charts::ExportFormat::Png);
    m_dpiLabel->setEnabled(format == charts::ExportFormat::Png);
    m_path->setText(withSuffix(path(), format));
    updateSummary();
}

void ChartExportDialog::updateSummary()
{
    const charts::ExportOptions o = options();
    const QLocale &locale = formatting::enGB();
    QString text;
    switch (o.format) {
    case charts::ExportFormat::Pdf: {
        const QSizeF page = charts::exportPageLayout(o).fullRect(QPageLayout::Millimeter).size();
        const QSizeF chart = charts::exportPageFigureSize(o) * (25.4 / charts::kFigureDpi);
        text = QStringLiteral("One page, %1 × %2 mm; the chart fills %3 × %4 mm inside %5 mm margins, with its title, "
                              "area and period, source and date.")
                   .arg(qRound(page.width()))
                   .arg(qRound(page.height()))
                   .arg(qRound(chart.width()))
                   .arg(qRound(chart.height()))
                   .arg(o.marginsMm.left());
        break;
    }
    case charts::ExportFormat::Svg:
        text = QStringLiteral("Lines and text, %1 × %2 pixels (%3 × %4 mm).")
                   .arg(o.size.width())
                   .arg(o.size.height())
                   .arg(locale.toString(o.size.width() * 25.4 / charts::kFigureDpi, 'f', 0))
                   .arg(locale.toString(o.size.height() * 25.4 / charts::kFigureDpi, 'f', 0));
        break;
    case charts::ExportFormat::Png: {
        const QSize pixels = charts::exportPixelSize(o.size, o.dpi);
        text = QStringLiteral("%1 × %2 pixels: %3 × %4 cm at %5 dpi.")
                   .arg(locale.toString(pixels.width()), locale.toString(pixels.height()))
                   .arg(locale.toString(o.size.width() * 2.54 / charts::kFigureDpi, 'f', 1))
                   .arg(locale.toString(o.size.height() * 2.54 / charts::kFigureDpi, 'f', 1))
                   .arg(o.dpi);
        break;
    }
    }
    const QString problem = charts::validateExportOptions(o);
    if (!problem.isEmpty())
        text = QStringLiteral("Cannot export: %1.").arg(problem);
    m_summary->setText(text);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty() && !path().isEmpty());
}

void ChartExportDialog::browse()
{
    const charts::ExportFormat format = options().format;
    const QString chosen = QFileDialog::getSaveFileName(this, QStringLiteral("Export chart"), path(), filterFor(format));
    if (chosen.isEmpty())
        return;
    m_path->setText(charts::exportFormatFor(chosen) == format ? chosen : withSuffix(chosen, format));
    m_confirmed = path(); // the file chooser asked before replacing it
}

bool ChartExportDialog::exportNow()
{
    const charts::ExportOptions o = options();
    QString file = path();
    if (charts::exportFormatFor(file) != o.format)
        file = withSuffix(file, o.format);
    QString error;
    if (!m_figure || !charts::exportFigure(*m_figure, file, o, &error)) {
        QMessageBox::warning(this, windowTitle(), error.isEmpty() ? QStringLiteral("Cannot write %1.").arg(QDir::toNativeSeparators(file)) : error);
        return false;
    }
    m_path->setText(file);
    exportlocation::remember(file);
    return true;
}

void ChartExportDialog::accept()
{
    // A file typed over an existing one is replaced only when the officer says so (the file
    // chooser has already asked for one chosen there).
    QString file = path();
    if (charts::exportFormatFor(file) != options().format)
        file = withSuffix(file, options().format);
    if (QFileInfo::exists(file) && isVisible() && file != m_confirmed
        && QMessageBox::question(this, windowTitle(), QStringLiteral("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(file)))
               != QMessageBox::Yes)
        return;
    if (exportNow())
        QDialog::accept();
}

} // namespace oversight
