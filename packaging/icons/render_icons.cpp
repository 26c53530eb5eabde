// Renders the Oversight icon set from the hand-written SVGs at build time (Qt Svg, no extra package):
//
//   render_icons LARGE.svg SMALL.svg OUT_DIR SIZE...
//
// writes OUT_DIR/SIZExSIZE/apps/uk.gov.london.mopac.Oversight.png for each size (from SMALL.svg, the
// simplified drawing, below 32 px) and OUT_DIR/oversight.ico (every size up to 256, PNG-compressed
// entries) for the Windows executable and installer.
#include <QBuffer>
#include <QByteArray>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgRenderer>
#include <QtEndian>

#include <cstdio>
#include <vector>

namespace {

constexpr int smallBelow = 32;
const char iconName[] = "uk.gov.london.mopac.Oversight.png";

QByteArray renderPng(QSvgRenderer &renderer, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    renderer.render(&painter, QRectF(0, 0, size, size));
    painter.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.convertToFormat(QImage::Format_ARGB32).save(&buffer, "PNG"))
        return {};
    return png;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        std::fprintf(stderr, "render_icons: cannot write %s\n", qPrintable(path));
        return false;
    }
    return true;
}

void appendLe16(QByteArray &out, quint16 value)
{
    const quint16 le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&le), sizeof le);
}

void appendLe32(QByteArray &out, quint32 value)
{
    const quint32 le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&le), sizeof le);
}

// ICONDIR, one ICONDIRENTRY per image, then the PNG streams (Windows Vista and later read these).
QByteArray icoFile(const std::vector<std::pair<int, QByteArray>> &images)
{
    QByteArray out;
    appendLe16(out, 0);
    appendLe16(out, 1);
    appendLe16(out, quint16(images.size()));
    quint32 offset = quint32(6 + 16 * images.size());
    for (const auto &[size, png] : images) {
        out.append(char(size >= 256 ? 0 : size));
        out.append(char(size >= 256 ? 0 : size));
        out.append(char(0));
        out.append(char(0));
        appendLe16(out, 1);
        appendLe16(out, 32);
        appendLe32(out, quint32(png.size()));
        appendLe32(out, offset);
        offset += quint32(png.size());
    }
    for (const auto &image : images)
        out.append(image.second);
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 5) {
        std::fputs("usage: render_icons LARGE.svg SMALL.svg OUT_DIR SIZE...\n", stderr);
        return 2;
    }
    std::vector<int> sizes;
    for (int i = 4; i < argc; ++i) {
        bool ok = false;
        const int size = QByteArray(argv[i]).toInt(&ok);
        if (!ok || size < 1 || size > 256) {
            std::fprintf(stderr, "render_icons: not a size from 1 to 256: %s\n", argv[i]);
            return 2;
        }
        sizes.push_back(size);
    }
    QSvgRenderer large(QString::fromLocal8Bit(argv[1]));
    QSvgRenderer small(QString::fromLocal8Bit(argv[2]));
    if (!large.isValid() || !small.isValid()) {
        std::fprintf(stderr, "render_icons: cannot read %s or %s\n", argv[1], argv[2]);
        return 1;
    }
    const QDir out(QString::fromLocal8Bit(argv[3]));
    std::vector<std::pair<int, QByteArray>> images;
    for (const int size : sizes) {
        const QByteArray png = renderPng(size < smallBelow ? small : large, size);
        const QString dir = QStringLiteral("%1x%1/apps").arg(size);
        if (png.isEmpty() || !out.mkpath(dir) || !writeFile(out.filePath(dir + QLatin1Char('/') + QLatin1String(iconName)), png))
            return 1;
        images.emplace_back(size, png);
    }
    return writeFile(out.filePath(QStringLiteral("oversight.ico")), icoFile(images)) ? 0 : 1;
}
