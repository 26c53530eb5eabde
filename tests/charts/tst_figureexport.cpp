// Single chart and map export: PDF pages of the asked size with vector drawing, embedded fonts and
// the figure's words; SVG of the asked size with paths for the series; PNG at a DPI with the 96-dpi
// layout. The PDF checks read the files back with poppler-utils (skipped when they are missing).
#include "chartfigure.h"
#include "chartregistry.h"
#include "figure.h"
#include "figureexport.h"

#include "store.h"

#include <QApplication>
#include <QCategoryAxis>
#include <QChart>
#include <QDateTime>
#include <QLegend>
#include <QLegendMarker>
#include <QValueAxis>
#include <QXYSeries>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>
#include <numeric>

using namespace oversight;
using namespace oversight::charts;

namespace {

// The output of a poppler tool, or a null string when it is not installed or fails.
QString poppler(const QString &tool, const QStringList &args, QString *problem)
{
    const QString exe = QStandardPaths::findExecutable(tool);
    if (exe.isEmpty()) {
        *problem = QStringLiteral("%1 is not installed (poppler-utils)").arg(tool);
        return {};
    }
    QProcess process;
    process.start(exe, args);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *problem = QStringLiteral("%1 failed: %2").arg(tool, QString::fromUtf8(process.readAllStandardError()));
        return {};
    }
    return QString::fromUtf8(process.readAllStandardOutput());
}

// Whitespace runs as one space; ligatures (the "ﬁ" of "notiﬁable", as pdftotext gives them) as letters.
QString simplified(const QString &text)
{
    return text.normalized(QString::NormalizationForm_KC).replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" ")).trimmed();
}

// A page size "841.89 x 595.276 pts" from pdfinfo, in millimetres.
QSizeF pageSizeMm(const QString &info)
{
    const QRegularExpression re(QStringLiteral("Page size:\\s+([0-9.]+) x ([0-9.]+) pts"));
    const auto m = re.match(info);
    if (!m.hasMatch())
        return {};
    return QSizeF(m.captured(1).toDouble(), m.captured(2).toDouble()) * (25.4 / 72.0);
}

QString infoField(const QString &info, const QString &field)
{
    const QRegularExpression re(QStringLiteral("^%1:\\s*(.*)$").arg(field), QRegularExpression::MultilineOption);
    return re.match(info).captured(1).trimmed();
}

// The mean difference in grey (0–255) between two images of one size.
double meanGreyDifference(const QImage &a, const QImage &b)
{
    const QImage ga = a.convertToFormat(QImage::Format_Grayscale8);
    const QImage gb = b.convertToFormat(QImage::Format_Grayscale8);
    if (ga.size() != gb.size() || ga.isNull())
        return 255.0;
    qint64 difference = 0;
    for (int y = 0; y < ga.height(); ++y) {
        const uchar *pa = ga.constScanLine(y);
        const uchar *pb = gb.constScanLine(y);
        for (int x = 0; x < ga.width(); ++x)
            difference += std::abs(int(pa[x]) - int(pb[x]));
    }
    return static_cast<double>(difference) / (ga.width() * ga.height());
}

// Dark pixels of a with nothing dark in b within three pixels: ink one drawing has and the other
// lacks (a line drawn past its plot area, hatching outside its shape), forgiving the few pixels
// by which two renderers place text and antialias edges.
int strayInk(const QImage &a, const QImage &b)
{
    const QImage ga = a.convertToFormat(QImage::Format_Grayscale8);
    const QImage gb = b.convertToFormat(QImage::Format_Grayscale8);
    if (ga.size() != gb.size())
        return ga.width() * ga.height();
    constexpr int kRadius = 3;
    int stray = 0;
    for (int y = 0; y < ga.height(); ++y) {
        const uchar *pa = ga.constScanLine(y);
        for (int x = 0; x < ga.width(); ++x) {
            if (pa[x] >= 128)
                continue;
            bool matched = false;
            for (int yy = std::max(0, y - kRadius); yy <= std::min(gb.height() - 1, y + kRadius) && !matched; ++yy) {
                const uchar *pb = gb.constScanLine(yy);
                for (int xx = std::max(0, x - kRadius); xx <= std::min(gb.width() - 1, x + kRadius) && !matched; ++xx)
                    matched = pb[xx] < 200;
            }
            stray += matched ? 0 : 1;
        }
    }
    return stray;
}

// An SVG drawn by Qt's renderer at its own size.
QImage renderSvg(QSvgRenderer &renderer)
{
    QImage image(renderer.defaultSize(), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter);
    return image;
}

// A figure whose every word is one imported name (a category, as an officer's spreadsheet spells it):
// title, area and period, note, and text drawn in its body.
class NamedFigure : public Figure {
public:
    explicit NamedFigure(QString name) : m_name(std::move(name)) {}
    QString id() const override { return QStringLiteral("test.named"); }
    void setRequest(const ChartRequest &) override {}
    FigureText text() const override
    {
        return {m_name, QStringLiteral("Westminster, %1").arg(m_name), QStringLiteral("Source: an import"),
                QStringLiteral("Data as at 30 June 2017"), m_name};
    }
    void paintBody(QPainter *painter, const QRectF &body) override { painter->drawText(body, Qt::AlignCenter, m_name); }
    QWidget *createBodyView(QWidget *) override { return nullptr; }
    QList<int> pointCounts() const override { return {}; }
    QString missingData() const override { return {}; }

private:
    QString m_name;
};

} // namespace

class TestFigureExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void formatsBySuffix();
    void pixelSizes();
    void badOptionsAreRefused();
    void unwritablePathNamesTheFile();
    void pdf_data();
    void pdf();
    void svg_data();
    void svg();
    void png_data();
    void png();
    void pngKeepsTheLayoutAtAnyDpi();
    void zoomAndHiddenSeriesAreExported();
    void interactiveViewKeepsItsState();
    void importedTextIsEscaped_data();
    void importedTextIsEscaped();

private:
    std::unique_ptr<Figure> figure(const QString &id, const QString &style = {}, const QString &variant = {});
    void addFigureRows();
    QString outPath(const QString &name) const;
    QTemporaryDir m_dir;
    QString m_out; // where the exports go: OVERSIGHT_EXPORT_DIR (kept, to look at) or the temporary folder
    std::unique_ptr<Store> m_store;
};

void TestFigureExport::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("export.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
    m_out = qEnvironmentVariable("OVERSIGHT_EXPORT_DIR");
    if (m_out.isEmpty())
        m_out = m_dir.path();
    QVERIFY(QDir().mkpath(m_out));
}

QString TestFigureExport::outPath(const QString &name) const
{
    return QDir(m_out).filePath(name);
}

std::unique_ptr<Figure> TestFigureExport::figure(const QString &id, const QString &style, const QString &variant)
{
    auto f = createFigure(*m_store, id);
    if (!f)
        return f;
    ChartRequest request;
    request.style = style;
    request.variant = variant;
    f->setRequest(request);
    return f;
}

void TestFigureExport::formatsBySuffix()
{
    QCOMPARE(exportFormatFor(QStringLiteral("a/b/chart.pdf")), ExportFormat::Pdf);
    QCOMPARE(exportFormatFor(QStringLiteral("CHART.PDF")), ExportFormat::Pdf);
    QCOMPARE(exportFormatFor(QStringLiteral("chart.svg")), ExportFormat::Svg);
    QCOMPARE(exportFormatFor(QStringLiteral("chart.Png")), ExportFormat::Png);
    QVERIFY(!exportFormatFor(QStringLiteral("chart.jpg")));
    QVERIFY(!exportFormatFor(QStringLiteral("chart")));
    QVERIFY(!exportFormatFor(QStringLiteral("pdf")));
    for (ExportFormat f : {ExportFormat::Pdf, ExportFormat::Svg, ExportFormat::Png})
        QCOMPARE(exportFormatFor(QStringLiteral("x.") + exportFormatSuffix(f)), f);
}

void TestFigureExport::pixelSizes()
{
    QCOMPARE(exportPixelSize(QSize(1000, 650), 96), QSize(1000, 650));
    QCOMPARE(exportPixelSize(QSize(1000, 650), 300), QSize(3125, 2031));
    QCOMPARE(exportPixelSize(QSize(1000, 650), 192), QSize(2000, 1300));
    QCOMPARE(exportPixelSize(QSize(1000, 650), 72), QSize(750, 488));
    // A4 landscape with 12 mm margins: 273 × 186 mm at 96 dpi.
    ExportOptions a4;
    const QSizeF page = exportPageFigureSize(a4);
    QVERIFY(std::abs(page.width() - 273 / 25.4 * 96) < 0.01);
    QVERIFY(std::abs(page.height() - 186 / 25.4 * 96) < 0.01);
    ExportOptions a3 = a4;
    a3.pageSize = QPageSize::A3;
    a3.orientation = QPageLayout::Portrait;
    QVERIFY(std::abs(exportPageFigureSize(a3).width() - 273 / 25.4 * 96) < 0.01);
    QVERIFY(std::abs(exportPageFigureSize(a3).height() - 396 / 25.4 * 96) < 0.01);
}

void TestFigureExport::badOptionsAreRefused()
{
    ExportOptions png;
    png.format = ExportFormat::Png;
    QVERIFY(validateExportOptions(png).isEmpty());
    png.dpi = 50;
    QVERIFY(validateExportOptions(png).contains(QLatin1String("dpi")));
    png.dpi = 5000;
    QVERIFY(!validateExportOptions(png).isEmpty());
    png.dpi = 1200;
    png.size = QSize(20000, 650); // 250,000 pixels wide
    QVERIFY(validateExportOptions(png).contains(QLatin1String("too large")));
    png.size = QSize(100, 100);
    png.dpi = 96;
    QVERIFY(!validateExportOptions(png).isEmpty());
    ExportOptions pdf;
    pdf.marginsMm = QMarginsF(100, 100, 100, 100);
    QVERIFY(!validateExportOptions(pdf).isEmpty());
    // Nothing is written for refused options.
    auto f = figure(QStringLiteral("crime.tno"));
    const QString path = m_dir.filePath(QStringLiteral("refused.png"));
    png.size = QSize(1000, 650);
    png.dpi = 10;
    QString error;
    QVERIFY(!exportFigure(*f, path, png, &error));
    QVERIFY2(error.contains(QLatin1String("refused.png")), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestFigureExport::unwritablePathNamesTheFile()
{
    auto f = figure(QStringLiteral("finance.capital"));
    const QString path = m_dir.filePath(QStringLiteral("no/such/folder/capital.pdf"));
    QString error;
    QVERIFY(!exportFigure(*f, path, ExportOptions{}, &error));
    QVERIFY2(error.contains(QLatin1String("capital.pdf")), qPrintable(error));
}

void TestFigureExport::addFigureRows()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("style");
    QTest::addColumn<QStringList>("figures"); // words the export must contain beyond the title
    QTest::newRow("crime.tno") << QStringLiteral("crime.tno") << QString() << QStringList{QStringLiteral("Source: MPS")};
    QTest::newRow("finance.capital") << QStringLiteral("finance.capital") << QString() << QStringList{QStringLiteral("Source:")};
    QTest::newRow("map.lcpf shapes") << QStringLiteral("map.lcpf") << QString() << QStringList{QStringLiteral("Source: MOPAC")};
    QTest::newRow("map.lcpf tiles") << QStringLiteral("map.lcpf") << QStringLiteral("tiles")
                                    << QStringList{QStringLiteral("£640,000"), QStringLiteral("Source: MOPAC")};
    QTest::newRow("survey.gaps-heatmap") << QStringLiteral("survey.gaps-heatmap") << QString() << QStringList{QStringLiteral("Source:")};
    // Hatched bars (the forecast year): lines, not a pattern image or mask.
    QTest::newRow("finance.reserves") << QStringLiteral("finance.reserves") << QString()
                                      << QStringList{QStringLiteral("2017/18 (F)"), QStringLiteral("hatched = forecast")};
}

void TestFigureExport::pdf_data()
{
    addFigureRows();
}

void TestFigureExport::pdf()
{
    QFETCH(QString, id);
    QFETCH(QString, style);
    QFETCH(QStringList, figures);
    auto f = figure(id, style);
    QVERIFY(f);
    QVERIFY2(f->missingData().isEmpty(), qPrintable(f->missingData()));
    const QString path = outPath(QStringLiteral("%1%2.pdf").arg(id, style));
    QString error;
    QVERIFY2(exportFigure(*f, path, ExportOptions{}, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");

    QString problem;
    const QString info = poppler(QStringLiteral("pdfinfo"), {path}, &problem);
    if (info.isNull())
        QSKIP(qPrintable(problem));
    QCOMPARE(infoField(info, QStringLiteral("Pages")), QStringLiteral("1"));
    const QSizeF mm = pageSizeMm(info);
    QVERIFY2(std::abs(mm.width() - 297) <= 1 && std::abs(mm.height() - 210) <= 1, qPrintable(info));
    const FigureText words = f->text();
    QCOMPARE(infoField(info, QStringLiteral("Title")), words.title);
    QCOMPARE(infoField(info, QStringLiteral("Creator")), QStringLiteral("Oversight"));

    // Vector only: no image anywhere (a cached pixmap or a pattern would show up here).
    const QString images = poppler(QStringLiteral("pdfimages"), {QStringLiteral("-list"), path}, &problem);
    if (images.isNull())
        QSKIP(qPrintable(problem));
    QVERIFY2(images.trimmed().split(QLatin1Char('\n')).size() == 2, qPrintable(images)); // header lines only

    // Every font embedded.
    const QString fonts = poppler(QStringLiteral("pdffonts"), {path}, &problem);
    if (fonts.isNull())
        QSKIP(qPrintable(problem));
    const QStringList fontLines = fonts.trimmed().split(QLatin1Char('\n')).mid(2);
    QVERIFY2(!fontLines.isEmpty(), qPrintable(fonts));
    for (const QString &line : fontLines) {
        const QStringList cells = line.simplified().split(QLatin1Char(' '));
        QVERIFY2(cells.size() >= 6 && cells.at(cells.size() - 5) == QLatin1String("yes"), qPrintable(line));
        QVERIFY2(line.contains(QLatin1String("DejaVu")), qPrintable(line));
    }

    // The words as text: title, filters, source and the key figures.
    const QString text = poppler(QStringLiteral("pdftotext"), {path, QStringLiteral("-")}, &problem);
    if (text.isNull())
        QSKIP(qPrintable(problem));
    const QString flat = simplified(text);
    QStringList expected = figures;
    expected << words.title << words.asAt;
    if (!words.subtitle.isEmpty())
        expected << words.subtitle;
    for (const QString &word : expected)
        QVERIFY2(flat.contains(simplified(word)), qPrintable(QStringLiteral("'%1' not in: %2").arg(word, flat.left(600))));
}

void TestFigureExport::svg_data()
{
    addFigureRows();
}

void TestFigureExport::svg()
{
    QFETCH(QString, id);
    QFETCH(QString, style);
    auto f = figure(id, style);
    QVERIFY(f);
    const QString path = outPath(QStringLiteral("%1%2.svg").arg(id, style));
    ExportOptions options;
    options.format = ExportFormat::Svg;
    options.size = QSize(900, 600);
    QString error;
    QVERIFY2(exportFigure(*f, path, options, &error), qPrintable(error));

    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.defaultSize(), options.size);
    QCOMPARE(renderer.viewBoxF(), QRectF(0, 0, 900, 600));
    // Drawn, it is the PNG's picture: nothing lost, nothing spilling out of its box (SVG has no
    // clipping in Qt 6.4's generator, so whatever relies on a clip would show here).
    const QImage drawn = renderSvg(renderer);
    const QImage png = renderFigureImage(*f, options.size);
    const double difference = meanGreyDifference(drawn, png);
    QVERIFY2(difference < 6.0, qPrintable(QStringLiteral("mean grey difference %1").arg(difference)));
    const int stray = strayInk(drawn, png);
    QVERIFY2(stray < 50, qPrintable(QStringLiteral("%1 pixels of ink the PNG does not have").arg(stray)));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray xml = file.readAll();
    // The root element's declared size, title and description.
    QXmlStreamReader reader(xml);
    QXmlStreamAttributes root;
    QString title;
    QString desc;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (reader.name() == QLatin1String("svg") && root.isEmpty())
            root = reader.attributes();
        else if (reader.name() == QLatin1String("title") && title.isEmpty())
            title = reader.readElementText();
        else if (reader.name() == QLatin1String("desc") && desc.isEmpty())
            desc = reader.readElementText();
    }
    QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
    // The declared size is the requested size in pixels (1 px = 1/96 inch in SVG).
    QCOMPARE(root.value(QStringLiteral("width")).toString(), QStringLiteral("900"));
    QCOMPARE(root.value(QStringLiteral("height")).toString(), QStringLiteral("600"));
    QCOMPARE(root.value(QStringLiteral("viewBox")).toString().simplified(), QStringLiteral("0 0 900 600"));
    QCOMPARE(title, f->text().title);
    QVERIFY2(desc.contains(f->text().source), qPrintable(desc));
    // Vector drawing: a shape element for every bar, cell or borough drawn, and a path or
    // polyline for every series of a time chart; no images, and no bitmap masks (pattern brushes).
    const int paths = xml.count("<path");
    const int lines = paths + xml.count("<polyline");
    const int shapes = lines + xml.count("<polygon") + xml.count("<rect");
    const QList<int> counts = f->pointCounts();
    const bool timeChart = id == QLatin1String("crime.tno");
    const bool shapeMap = id == QLatin1String("map.lcpf") && style.isEmpty();
    if (timeChart || shapeMap)
        QVERIFY2(paths > 0, "no <path> elements");
    if (timeChart)
        QVERIFY2(lines >= counts.size(), qPrintable(QStringLiteral("%1 paths for %2 series").arg(lines).arg(counts.size())));
    else
        QVERIFY2(shapes >= std::accumulate(counts.begin(), counts.end(), 0), qPrintable(QString::number(shapes)));
    if (shapeMap)
        QVERIFY2(paths >= 33, qPrintable(QString::number(paths))); // every borough's shape
    QCOMPARE(xml.count("<image"), 0);
    QCOMPARE(xml.count("<mask"), 0);
    // The words are text.
    QVERIFY(xml.contains(f->text().title.toHtmlEscaped().toUtf8()) || xml.contains(f->text().title.toUtf8()));
}

// An imported name is text in every export, never markup or a command: the SVG stays well-formed
// (xmllint) with the name as its title's text, and no element comes from it; control characters,
// which XML cannot hold, and a PDF's title show as \x1b-style escapes.
void TestFigureExport::importedTextIsEscaped_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("shown"); // the text a reader of the file gets back
    QTest::newRow("script element") << QStringLiteral("<script>alert(document.domain)</script>")
                                    << QStringLiteral("<script>alert(document.domain)</script>");
    QTest::newRow("CDATA end, desc tag, entities") << QStringLiteral("a ]]> <desc>b</desc> & \"c\" 'd' &amp;")
                                                   << QStringLiteral("a ]]> <desc>b</desc> & \"c\" 'd' &amp;");
    QTest::newRow("terminal controls") << QStringLiteral("\x1b]0;PWNED\x07\x1b[2J Burglary")
                                       << QStringLiteral("\\x1b]0;PWNED\\x07\\x1b[2J Burglary");
}

void TestFigureExport::importedTextIsEscaped()
{
    QFETCH(QString, name);
    QFETCH(QString, shown);
    NamedFigure f(name);
    const QString svgPath = outPath(QStringLiteral("named-%1.svg").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
    ExportOptions svg;
    svg.format = ExportFormat::Svg;
    QString error;
    QVERIFY2(exportFigure(f, svgPath, svg, &error), qPrintable(error));
    QFile file(svgPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray xml = file.readAll();
    QXmlStreamReader reader(xml);
    QStringList elements;
    QStringList titles;
    QString desc;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement)
            continue;
        elements.append(reader.name().toString());
        if (reader.name() == QLatin1String("title"))
            titles.append(reader.readElementText());
        else if (reader.name() == QLatin1String("desc"))
            desc = reader.readElementText();
    }
    QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
    QCOMPARE(titles, QStringList{shown});
    QVERIFY2(desc.contains(shown), qPrintable(desc));
    QCOMPARE(elements.count(QStringLiteral("script")), 0);
    QCOMPARE(elements.count(QStringLiteral("desc")), 1);
    QVERIFY2(!xml.contains("<script"), xml.constData());

    // The PDF's title, as pdfinfo prints it: the name, its control characters escaped.
    const QString pdfPath = QString(svgPath).replace(QStringLiteral(".svg"), QStringLiteral(".pdf"));
    QVERIFY2(exportFigure(f, pdfPath, ExportOptions{}, &error), qPrintable(error));
    QString problem;
    const QString info = poppler(QStringLiteral("pdfinfo"), {pdfPath}, &problem);
    if (!info.isNull())
        QCOMPARE(infoField(info, QStringLiteral("Title")), shown.trimmed());

    // The same check as a browser or Inkscape would make, by the tool named in the issue.
    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    if (xmllint.isEmpty())
        QSKIP("xmllint is not installed (libxml2-utils): the SVG's well-formedness was checked by Qt's reader only");
    QProcess lint;
    lint.start(xmllint, {QStringLiteral("--noout"), svgPath});
    QVERIFY(lint.waitForFinished(60000));
    QVERIFY2(lint.exitStatus() == QProcess::NormalExit && lint.exitCode() == 0, lint.readAllStandardError().constData());
    if (info.isNull())
        QSKIP(qPrintable(problem));
}

void TestFigureExport::png_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("style");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("dpi");
    QTest::addColumn<QSize>("pixels");
    QTest::newRow("crime.tno 96 dpi") << QStringLiteral("crime.tno") << QString() << QSize(1000, 650) << 96 << QSize(1000, 650);
    QTest::newRow("crime.tno 300 dpi") << QStringLiteral("crime.tno") << QString() << QSize(1000, 650) << 300 << QSize(3125, 2031);
    QTest::newRow("finance.capital 150 dpi") << QStringLiteral("finance.capital") << QString() << QSize(800, 500) << 150 << QSize(1250, 781);
    QTest::newRow("map.lcpf tiles 300 dpi") << QStringLiteral("map.lcpf") << QStringLiteral("tiles") << QSize(1000, 650) << 300 << QSize(3125, 2031);
    QTest::newRow("survey.gaps-heatmap 72 dpi") << QStringLiteral("survey.gaps-heatmap") << QString() << QSize(1000, 650) << 72 << QSize(750, 488);
}

void TestFigureExport::png()
{
    QFETCH(QString, id);
    QFETCH(QString, style);
    QFETCH(QSize, size);
    QFETCH(int, dpi);
    QFETCH(QSize, pixels);
    auto f = figure(id, style);
    QVERIFY(f);
    const QString path = outPath(QStringLiteral("%1%2-%3.png").arg(id, style).arg(dpi));
    ExportOptions options;
    options.format = ExportFormat::Png;
    options.size = size;
    options.dpi = dpi;
    QString error;
    QVERIFY2(exportFigure(*f, path, options, &error), qPrintable(error));
    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage image = reader.read();
    QCOMPARE(image.size(), pixels);
    // The PNG carries its resolution (pHYs).
    const int dpm = static_cast<int>(std::lround(dpi / 0.0254));
    QCOMPARE(image.dotsPerMeterX(), dpm);
    QCOMPARE(image.dotsPerMeterY(), dpm);
    QCOMPARE(image.text(QStringLiteral("Title")), f->text().title);
}

// The 300-dpi image is the 96-dpi drawing, finer: scaled back down it matches the 96-dpi image
// (text scaled twice, or a layout at another size, would not).
void TestFigureExport::pngKeepsTheLayoutAtAnyDpi()
{
    for (const char *id : {"crime.tno", "map.lcpf", "finance.capital"}) {
        auto f = figure(QString::fromLatin1(id));
        const QImage at96 = renderFigureImage(*f, QSize(1000, 650), 96).convertToFormat(QImage::Format_Grayscale8);
        const QImage at300 = renderFigureImage(*f, QSize(1000, 650), 300)
                                 .scaled(QSize(1000, 650), Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                                 .convertToFormat(QImage::Format_Grayscale8);
        const double mean = meanGreyDifference(at96, at300);
        QVERIFY2(mean < 6.0, qPrintable(QStringLiteral("%1: mean grey difference %2").arg(QString::fromLatin1(id)).arg(mean)));
    }
}

// A zoomed time chart with a series hidden from the legend is exported as seen: the x range and
// the hidden series carry over, and the lines stop at the plot area (in SVG too, which has no clip).
void TestFigureExport::zoomAndHiddenSeriesAreExported()
{
    auto f = figure(QStringLiteral("crime.tno"));
    auto *chartFigure = dynamic_cast<ChartFigure *>(f.get());
    QVERIFY(chartFigure);
    const QImage whole = renderFigureImage(*f, QSize(900, 600));
    const auto ms = [](int year) { return double(QDate(year, 1, 1).startOfDay(Qt::UTC).toMSecsSinceEpoch()); };
    ChartViewState state;
    state.zoomed = true;
    state.xMin = ms(2015);
    state.xMax = ms(2017);
    state.hidden = {QStringLiteral("Same month last year")};
    chartFigure->setViewState(state);

    std::unique_ptr<QChart> chart(chartFigure->buildChart(QSizeF(900, 500)));
    auto *x = qobject_cast<QValueAxis *>(chart->axes(Qt::Horizontal).value(0));
    QVERIFY(x);
    QCOMPARE(x->min(), state.xMin);
    QCOMPARE(x->max(), state.xMax);
    bool sawHidden = false;
    for (QAbstractSeries *series : chart->series()) {
        if (series->name() == QLatin1String("Same month last year")) {
            QVERIFY(!series->isVisible());
            sawHidden = true;
        } else if (series->name() == QLatin1String("Offences")) {
            QVERIFY(series->isVisible());
        }
    }
    QVERIFY(sawHidden);
    // Point counts stay the store's: the state changes what is drawn, not the data.
    chartFigure->setViewState({});
    const QList<int> counts = f->pointCounts();
    chartFigure->setViewState(state);
    QCOMPARE(f->pointCounts(), counts);

    const QImage zoomed = renderFigureImage(*f, QSize(900, 600));
    QVERIFY2(meanGreyDifference(whole, zoomed) > 3.0, "the zoomed export looks like the whole period");
    ExportOptions options;
    options.format = ExportFormat::Svg;
    options.size = QSize(900, 600);
    const QString path = outPath(QStringLiteral("crime.tno-zoomed.svg"));
    QString error;
    QVERIFY2(exportFigure(*f, path, options, &error), qPrintable(error));
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    const QImage drawn = renderSvg(renderer);
    const double difference = meanGreyDifference(drawn, zoomed);
    QVERIFY2(difference < 6.0, qPrintable(QStringLiteral("the SVG differs from the PNG by %1").arg(difference)));
    const int stray = strayInk(drawn, zoomed);
    QVERIFY2(stray < 50, qPrintable(QStringLiteral("the SVG has %1 pixels of ink the PNG does not").arg(stray)));
}

// The interactive view tells its figure what was zoomed or hidden, and forgets it on a new request.
void TestFigureExport::interactiveViewKeepsItsState()
{
    auto f = figure(QStringLiteral("crime.tno"));
    auto *chartFigure = dynamic_cast<ChartFigure *>(f.get());
    QVERIFY(chartFigure);
    InteractiveChartView view(chartFigure, nullptr);
    view.resize(900, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(chartFigure->viewState().isEmpty());
    const QRectF plot = view.chart()->plotArea();
    view.chart()->zoomIn(QRectF(plot.left() + plot.width() / 4, plot.top(), plot.width() / 2, plot.height()));
    QVERIFY(chartFigure->viewState().zoomed);
    QVERIFY(chartFigure->viewState().xMin < chartFigure->viewState().xMax);
    // Once the zoom is done the time axis is labelled for the span shown (years here), with no
    // labels of later years piled at its end.
    auto *x = qobject_cast<QCategoryAxis *>(view.chart()->axes(Qt::Horizontal).value(0));
    QVERIFY(x);
    QTRY_VERIFY(!x->categoriesLabels().contains(QStringLiteral("2024")));
    for (const QString &label : x->categoriesLabels())
        QVERIFY2(x->endValue(label) > x->min() && x->endValue(label) < x->max(), qPrintable(label));
    for (QLegendMarker *marker : view.chart()->legend()->markers()) {
        if (marker->label() == QLatin1String("Offences"))
            Q_EMIT marker->clicked();
    }
    QCOMPARE(chartFigure->viewState().hidden, QStringList{QStringLiteral("Offences")});
    view.chart()->zoomReset();
    QVERIFY(!chartFigure->viewState().zoomed);
    QCOMPARE(chartFigure->viewState().hidden, QStringList{QStringLiteral("Offences")});
    f->setRequest({});
    QVERIFY(chartFigure->viewState().isEmpty());
}

QTEST_MAIN(TestFigureExport)
#include "tst_figureexport.moc"
