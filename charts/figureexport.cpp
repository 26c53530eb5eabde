#include "figureexport.h"

#include "figure.h"
#include "textescape.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QPaintDevice>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QStringList>
#include <QSvgGenerator>

#include <cmath>

namespace oversight::charts {

namespace {

constexpr double kInchesPerMetre = 1.0 / 0.0254;
constexpr double kMmPerInch = 25.4;

int dotsPerMetre(int dpi)
{
    return static_cast<int>(std::lround(dpi * kInchesPerMetre));
}

void setDpi(QImage *image, int dpi)
{
    image->setDotsPerMeterX(dotsPerMetre(dpi));
    image->setDotsPerMeterY(dotsPerMetre(dpi));
}

// What a document says about itself beyond its title: the filters in force, source and date.
QString describe(const FigureText &text)
{
    QStringList lines;
    for (const QString &line : {text.subtitle, text.note, text.source, text.asAt}) {
        if (!line.isEmpty())
            lines.append(line);
    }
    return lines.join(QLatin1Char('\n'));
}

bool writePdf(Figure &figure, QIODevice *device, const ExportOptions &options, QString *why)
{
    QPdfWriter writer(device);
    // 96 dpi: the painter's units are the figure's logical pixels and a 9 pt font is 12 px, as
    // on screen. The PDF itself is vector, so this costs no sharpness.
    writer.setResolution(kFigureDpi);
    if (!writer.setPageLayout(exportPageLayout(options))) {
        *why = QStringLiteral("the page does not fit its margins");
        return false;
    }
    const FigureText text = figure.text();
    writer.setTitle(oversight::text::metadataEscaped(text.title));
    writer.setCreator(QStringLiteral("Oversight"));
    const QRectF target(QPointF(0, 0), exportPageFigureSize(options));
    return paintFigureOnDevice(figure, &writer, target, why);
}

// QSvgGenerator declares the size in millimetres (238.125mm for 900 px at 96 dpi), which
// renderers read at 90 or 96 dpi; the root element says it in pixels instead, as asked.
QByteArray withPixelSize(QByteArray svg, const QSize &size)
{
    const qsizetype start = svg.indexOf("<svg");
    const qsizetype end = start < 0 ? -1 : svg.indexOf('>', start);
    if (end < 0)
        return svg;
    QString root = QString::fromUtf8(svg.mid(start, end - start));
    root.replace(QRegularExpression(QStringLiteral("\\bwidth=\"[^\"]*\"")), QStringLiteral("width=\"%1\"").arg(size.width()));
    root.replace(QRegularExpression(QStringLiteral("\\bheight=\"[^\"]*\"")), QStringLiteral("height=\"%1\"").arg(size.height()));
    return svg.replace(start, end - start, root.toUtf8());
}

// The document's title and description, escaped for XML. QSvgGenerator (Qt 6.4) writes
// setTitle()/setDescription() as they are, so a category named "<script>…</script>" became a script
// element and "]]>" or "<desc>" broke the document. It is given placeholders with nothing to escape
// (and without them writes "Qt SVG Document"), which are replaced here through the one XML helper,
// whatever a later Qt escapes itself.
constexpr char kTitlePlaceholder[] = "oversight-title-placeholder";
constexpr char kDescriptionPlaceholder[] = "oversight-description-placeholder";

QByteArray withTitle(QByteArray svg, const FigureText &text)
{
    svg.replace(QByteArray("<title>") + kTitlePlaceholder + "</title>",
                QStringLiteral("<title>%1</title>").arg(oversight::text::xmlEscaped(text.title)).toUtf8());
    svg.replace(QByteArray("<desc>") + kDescriptionPlaceholder + "</desc>",
                QStringLiteral("<desc>%1</desc>").arg(oversight::text::xmlEscaped(describe(text))).toUtf8());
    return svg;
}

bool writeSvg(Figure &figure, QIODevice *device, const ExportOptions &options, QString *why)
{
    QBuffer buffer;
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setResolution(kFigureDpi);
    generator.setSize(options.size);
    generator.setViewBox(QRect(QPoint(0, 0), options.size));
    const FigureText text = figure.text();
    generator.setTitle(QString::fromLatin1(kTitlePlaceholder));
    generator.setDescription(QString::fromLatin1(kDescriptionPlaceholder));
    if (!paintFigureOnDevice(figure, &generator, QRectF(QPointF(0, 0), QSizeF(options.size)), why))
        return false;
    // The text Qt draws it escapes for markup but not for control characters, which XML cannot
    // hold: an imported name with ESC or BEL would leave the SVG not well-formed.
    const QByteArray svg = withTitle(withPixelSize(oversight::text::xmlWithoutForbiddenCharacters(buffer.data()), options.size), text);
    if (device->write(svg) != svg.size()) {
        *why = device->errorString();
        return false;
    }
    return true;
}

bool writePng(Figure &figure, QIODevice *device, const ExportOptions &options, QString *why)
{
    QImage image = renderFigureImage(figure, options.size, options.dpi);
    if (image.isNull()) {
        *why = QStringLiteral("not enough memory for a %1×%2 image").arg(options.size.width()).arg(options.size.height());
        return false;
    }
    const FigureText text = figure.text();
    image.setText(QStringLiteral("Title"), text.title);
    image.setText(QStringLiteral("Description"), describe(text));
    image.setText(QStringLiteral("Software"), QStringLiteral("Oversight"));
    QImageWriter writer(device, "png");
    if (!writer.write(image)) {
        *why = writer.errorString();
        return false;
    }
    return true;
}

} // namespace

std::optional<ExportFormat> exportFormatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("pdf"))
        return ExportFormat::Pdf;
    if (suffix == QLatin1String("svg"))
        return ExportFormat::Svg;
    if (suffix == QLatin1String("png"))
        return ExportFormat::Png;
    return std::nullopt;
}

QString exportFormatSuffix(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Pdf: return QStringLiteral("pdf");
    case ExportFormat::Svg: return QStringLiteral("svg");
    case ExportFormat::Png: return QStringLiteral("png");
    }
    return {};
}

QPageLayout exportPageLayout(const ExportOptions &options)
{
    return QPageLayout(QPageSize(options.pageSize), options.orientation, options.marginsMm, QPageLayout::Millimeter);
}

QSizeF exportPageFigureSize(const ExportOptions &options)
{
    const QRectF mm = exportPageLayout(options).paintRect(QPageLayout::Millimeter);
    return mm.size() * (kFigureDpi / kMmPerInch);
}

QSize exportPixelSize(const QSize &logicalSize, int dpi)
{
    const double scale = static_cast<double>(dpi) / kFigureDpi;
    return QSize(static_cast<int>(std::lround(logicalSize.width() * scale)),
                 static_cast<int>(std::lround(logicalSize.height() * scale)));
}

QString validateExportOptions(const ExportOptions &options)
{
    switch (options.format) {
    case ExportFormat::Pdf: {
        const QSizeF size = exportPageFigureSize(options);
        if (options.marginsMm.left() < 0 || options.marginsMm.top() < 0 || options.marginsMm.right() < 0
            || options.marginsMm.bottom() < 0 || size.width() < 200 || size.height() < 150)
            return QStringLiteral("the margins leave too little of the page for the chart");
        return {};
    }
    case ExportFormat::Svg:
    case ExportFormat::Png:
        if (options.size.width() < 200 || options.size.height() < 150)
            return QStringLiteral("the chart must be at least 200×150 pixels");
        if (options.format == ExportFormat::Png) {
            if (options.dpi < kMinExportDpi || options.dpi > kMaxExportDpi)
                return QStringLiteral("the resolution must be %1–%2 dpi").arg(kMinExportDpi).arg(kMaxExportDpi);
            const QSize pixels = exportPixelSize(options.size, options.dpi);
            if (pixels.width() > kMaxExportPixels || pixels.height() > kMaxExportPixels)
                return QStringLiteral("%1×%2 pixels is too large (at most %3 on a side): lower the size or the resolution")
                    .arg(pixels.width())
                    .arg(pixels.height())
                    .arg(kMaxExportPixels);
        } else if (options.size.width() > kMaxExportPixels || options.size.height() > kMaxExportPixels) {
            return QStringLiteral("the chart must be at most %1 pixels on a side").arg(kMaxExportPixels);
        }
        return {};
    }
    return QStringLiteral("unknown format");
}

void paintFigure(Figure &figure, QPainter *painter, const QRectF &target)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    figure.paint(painter, target);
    painter->restore();
}

bool paintFigureOnDevice(Figure &figure, QPaintDevice *device, const QRectF &target, QString *error)
{
    if (device->logicalDpiX() != kFigureDpi || device->logicalDpiY() != kFigureDpi) {
        if (error)
            *error = QStringLiteral("the device draws at %1 dpi, not %2").arg(device->logicalDpiY()).arg(kFigureDpi);
        return false;
    }
    QPainter painter;
    if (!painter.begin(device)) {
        if (error)
            *error = QStringLiteral("the drawing could not be started");
        return false;
    }
    paintFigure(figure, &painter, target);
    if (!painter.end()) {
        if (error)
            *error = QStringLiteral("the drawing could not be finished");
        return false;
    }
    return true;
}

QImage renderFigureImage(Figure &figure, const QSize &logicalSize, int dpi)
{
    QImage image(exportPixelSize(logicalSize, dpi), QImage::Format_RGB32);
    if (image.isNull())
        return image;
    // Drawn at 96 dpi, so point sizes become the layout's pixels, and scaled to the resolution;
    // then the image says its real dpi.
    setDpi(&image, kFigureDpi);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        const qreal scale = static_cast<qreal>(dpi) / kFigureDpi;
        painter.scale(scale, scale);
        paintFigure(figure, &painter, QRectF(QPointF(0, 0), QSizeF(logicalSize)));
    }
    setDpi(&image, dpi);
    return image;
}

bool exportFigure(Figure &figure, const QString &path, const ExportOptions &options, QString *error)
{
    const auto failWith = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2.").arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    if (const QString problem = validateExportOptions(options); !problem.isEmpty())
        return failWith(problem);
    QString why;
    const bool written = files::writeAtomically(
        path, options.access,
        [&](QIODevice *file, QString *reason) {
            bool ok = false;
            switch (options.format) {
            case ExportFormat::Pdf: ok = writePdf(figure, file, options, reason); break;
            case ExportFormat::Svg: ok = writeSvg(figure, file, options, reason); break;
            case ExportFormat::Png: ok = writePng(figure, file, options, reason); break;
            }
            if (!ok && reason->isEmpty())
                *reason = QStringLiteral("the drawing failed");
            return ok;
        },
        &why);
    return written || failWith(why);
}

} // namespace oversight::charts
