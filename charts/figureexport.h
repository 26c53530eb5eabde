#pragma once

#include "safewrite.h"

#include <QImage>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QRectF>
#include <QSize>
#include <QString>

#include <optional>

class QPaintDevice;
class QPainter;

namespace oversight::charts {

class Figure;

// One chart or map written to a file: PDF (a page for board papers), SVG or PNG. Every format
// draws through Figure::paint, the drawing on screen.
//
// Scaling: figures lay out in logical pixels at 96 dpi, and their fonts are given in points,
// which a paint device turns into pixels at its own logical dpi. So every target is painted at
// a logical 96 dpi: the PDF writer's and the SVG generator's resolution is 96; a PNG is drawn
// with the image's resolution set to 96 dpi and the painter scaled by dpi/96 (so the layout is
// the 96-dpi layout, only finer), and the image is given its real dpi after drawing. Scaling
// the painter of a device at its own dpi instead would scale the text twice.

enum class ExportFormat { Pdf, Svg, Png };

constexpr int kFigureDpi = 96;     // the logical resolution figures lay out in
constexpr int kMinExportDpi = 72;  // PNG
constexpr int kMaxExportDpi = 1200;
constexpr int kMaxExportPixels = 16000; // a PNG's longer side at its dpi

struct ExportOptions {
    ExportFormat format = ExportFormat::Pdf;
    // PDF: the page; the figure fills the area inside the margins.
    QPageSize::PageSizeId pageSize = QPageSize::A4;
    QPageLayout::Orientation orientation = QPageLayout::Landscape;
    QMarginsF marginsMm{12.0, 12.0, 12.0, 12.0};
    // SVG and PNG: the figure's size in logical pixels at 96 dpi (as on screen).
    QSize size{1000, 650};
    // PNG: pixels per inch; the image is size × dpi / 96 pixels.
    int dpi = kFigureDpi;
    // Who may read the file: a document (0644) or private (0600), whatever the umask.
    files::Access access = files::Access::Document;
};

// The format a file name asks for by its suffix (.pdf, .svg, .png; any case), if any.
std::optional<ExportFormat> exportFormatFor(const QString &path);
QString exportFormatSuffix(ExportFormat format); // "pdf", "svg", "png"

// The page layout a PDF export uses for these options.
QPageLayout exportPageLayout(const ExportOptions &options);
// The figure's size in logical pixels (96 dpi) on that page: the area inside the margins.
QSizeF exportPageFigureSize(const ExportOptions &options);
// The pixel size of a PNG of logical size at dpi: 1000×650 at 300 dpi is 3125×2031.
QSize exportPixelSize(const QSize &logicalSize, int dpi);

// Empty when the options can be written; otherwise what is wrong ("DPI must be 72–1200").
QString validateExportOptions(const ExportOptions &options);

// The figure drawn at logicalSize into an image of exportPixelSize(logicalSize, dpi) pixels whose
// resolution says dpi (so a PNG carries it).
QImage renderFigureImage(Figure &figure, const QSize &logicalSize, int dpi = kFigureDpi);

// Draws the figure into target on a device whose logical resolution is 96 dpi (a QPdfWriter or
// QPrinter with setResolution(96), an SVG generator, an image at 96 dpi). Returns false, drawing
// nothing, when the device is at another resolution: its text would not match the layout.
bool paintFigureOnDevice(Figure &figure, QPaintDevice *device, const QRectF &target, QString *error = nullptr);
// The same on a painter already begun on such a device (print preview pages).
void paintFigure(Figure &figure, QPainter *painter, const QRectF &target);

// Writes the figure to path in options.format through files::writeAtomically (safewrite.h): the
// file is replaced only when all of it is on disk. On failure returns false with a message naming
// the file and the OS's reason, the old file untouched. The document's title is the figure's title; its creator "Oversight".
bool exportFigure(Figure &figure, const QString &path, const ExportOptions &options, QString *error = nullptr);

} // namespace oversight::charts
