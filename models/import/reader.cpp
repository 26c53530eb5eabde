#include "reader.h"

#include "csvreader.h"
#include "odsreader.h"
#include "xlsxreader.h"

#include <QFile>
#include <QFileInfo>

#include <limits>

#include <quazip/quazip.h>
#include <quazip/quazipfile.h>

namespace oversight::import {

QString columnName(int column)
{
    QString name;
    for (int c = column + 1; c > 0; c = (c - 1) / 26)
        name.prepend(QChar(u'A' + (c - 1) % 26));
    return name;
}

QString cellReference(int column, qint64 row)
{
    return columnName(column) + QString::number(row);
}

namespace {

enum class ZipKind { NotZip, Xlsx, Ods, OtherZip };

ZipKind zipKind(const QString &path)
{
    QuaZip zip(path);
    if (!zip.open(QuaZip::mdUnzip))
        return ZipKind::NotZip;
    const QStringList names = zip.getFileNameList();
    // Some writers store Windows paths ("xl\\workbook.xml"); the xlsx reader accepts both.
    for (const QString &entry : names) {
        if (entry.compare(QLatin1String("xl/workbook.xml"), Qt::CaseInsensitive) == 0
            || entry.compare(QLatin1String("xl\\workbook.xml"), Qt::CaseInsensitive) == 0)
            return ZipKind::Xlsx;
    }
    if (names.contains(QStringLiteral("mimetype")) && zip.setCurrentFile(QStringLiteral("mimetype"))) {
        QuaZipFile entry(&zip);
        if (entry.open(QIODevice::ReadOnly)) {
            const QByteArray mime = entry.read(128).trimmed();
            if (mime == "application/vnd.oasis.opendocument.spreadsheet")
                return ZipKind::Ods;
        }
    }
    return ZipKind::OtherZip;
}

} // namespace

std::unique_ptr<Reader> readerFor(const QString &path, QString *error)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot be read (%2)").arg(name, file.errorString());
        return nullptr;
    }
    if (file.size() == 0) {
        *error = QStringLiteral("%1: the file is empty").arg(name);
        return nullptr;
    }
    const QByteArray head = file.read(8);
    file.close();
    if (head.startsWith("PK\x03\x04") || head.startsWith("PK\x05\x06")) {
        switch (zipKind(path)) {
        case ZipKind::Xlsx:
            return std::make_unique<XlsxReader>();
        case ZipKind::Ods:
            return std::make_unique<OdsReader>();
        case ZipKind::OtherZip:
            *error = QStringLiteral("%1: a zip archive but neither an Excel workbook (.xlsx) nor an "
                                    "OpenDocument spreadsheet (.ods)").arg(name);
            return nullptr;
        case ZipKind::NotZip:
            *error = QStringLiteral("%1: looks like a zip archive (.xlsx or .ods) but cannot be opened; "
                                    "it may be truncated or damaged").arg(name);
            return nullptr;
        }
    }
    if (head.startsWith("\xD0\xCF\x11\xE0")) {
        *error = QStringLiteral("%1: an old Excel 97-2003 workbook (.xls); save it as .xlsx or .csv and "
                                "import that").arg(name);
        return nullptr;
    }
    if (head.startsWith("%PDF")) {
        *error = QStringLiteral("%1: a PDF document, not a spreadsheet").arg(name);
        return nullptr;
    }
    // Anything else is read as delimited text; the CSV reader refuses binary content. Excel's row
    // limit does not bind a CSV file: the LSOA-level MPS files are longer.
    auto csv = std::make_unique<CsvReader>();
    ReaderLimits limits;
    limits.maxRows = std::numeric_limits<qint64>::max();
    csv->setLimits(limits);
    return csv;
}

} // namespace oversight::import
