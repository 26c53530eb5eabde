#include "zipsource.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipnewinfo.h>

namespace oversight::import {

namespace {

// Below this many declared bytes a high compression ratio cannot exhaust anything, and tiny
// entries (empty parts, one-line XML) legitimately compress far beyond any sane ratio.
constexpr qint64 ratioCheckFloor = 1024 * 1024;

QString zipErrorText(int code)
{
    switch (code) {
    case UNZ_CRCERROR:
        return QStringLiteral("checksum mismatch (the data is damaged)");
    case UNZ_BADZIPFILE:
        return QStringLiteral("damaged or unsupported zip structure");
    case UNZ_ERRNO:
        return QStringLiteral("read error (the archive may be truncated)");
    default:
        return QStringLiteral("zip error %1 (the archive may be damaged or truncated)").arg(code);
    }
}

} // namespace

// ---- ZipEntryDevice -------------------------------------------------------------------------

ZipEntryDevice::ZipEntryDevice(ZipSource *source, std::unique_ptr<QuaZipFile> file,
                               const ZipEntry &entry)
    : m_source(source)
    , m_file(std::move(file))
    , m_fileName(source->fileName())
    , m_entryName(entry.name)
    , m_declaredSize(entry.uncompressedSize)
    , m_compressedSize(entry.compressedSize)
{
}

ZipEntryDevice::~ZipEntryDevice()
{
    close();
}

void ZipEntryDevice::close()
{
    if (m_file && m_file->isOpen())
        m_file->close();
    if (m_source && m_source->m_current == this)
        m_source->m_current = nullptr;
    QIODevice::close();
}

void ZipEntryDevice::fail(const QString &why)
{
    if (m_failure.isEmpty()) {
        m_failure = QStringLiteral("%1: entry %2: %3").arg(m_fileName, m_entryName, why);
        setErrorString(m_failure);
    }
}

void ZipEntryDevice::detach(const QString &why)
{
    fail(why);
    if (m_file && m_file->isOpen())
        m_file->close();
    m_file.reset();
    m_source = nullptr;
}

qint64 ZipEntryDevice::readData(char *data, qint64 maxSize)
{
    if (m_finished)
        return 0;
    if (failed() || !m_file || !m_source)
        return -1;
    const qint64 got = m_file->read(data, maxSize);
    if (got < 0) {
        fail(zipErrorText(m_file->getZipError()));
        return -1;
    }
    if (got == 0 && maxSize > 0) {
        // End of entry: closing verifies the CRC, which catches data damaged in transit.
        m_file->close();
        if (m_file->getZipError() != UNZ_OK) {
            fail(zipErrorText(m_file->getZipError()));
            return -1;
        }
        if (m_delivered != m_declaredSize) {
            fail(QStringLiteral("ends after %1 of its declared %2 bytes (damaged or truncated)")
                     .arg(m_delivered)
                     .arg(m_declaredSize));
            return -1;
        }
        m_finished = true;
        return 0;
    }
    m_delivered += got;
    m_source->m_bytesRead += got;
    const ReaderLimits &limits = m_source->m_limits;
    // Declared sizes can lie: the count of bytes actually inflated is what is trusted.
    if (m_delivered > m_declaredSize) {
        fail(QStringLiteral("inflates to more than its declared %1 bytes; refused as damaged or "
                            "hostile").arg(m_declaredSize));
        return -1;
    }
    if (m_delivered > ratioCheckFloor
        && double(m_delivered) > limits.maxCompressionRatio * double(qMax<qint64>(m_compressedSize, 1))) {
        fail(QStringLiteral("expands more than %1 times; refused as a possible zip bomb")
                 .arg(limits.maxCompressionRatio));
        return -1;
    }
    if (m_source->m_bytesRead > limits.maxUncompressedBytes) {
        fail(QStringLiteral("the archive inflates to more than %1 bytes (the limit); refused")
                 .arg(limits.maxUncompressedBytes));
        return -1;
    }
    return got;
}

// ---- ZipSource ------------------------------------------------------------------------------

ZipSource::ZipSource() = default;

ZipSource::~ZipSource()
{
    close();
}

bool ZipSource::isOpen() const
{
    return m_zip && m_zip->isOpen();
}

void ZipSource::close()
{
    if (m_current) {
        m_current->detach(QStringLiteral("the archive was closed"));
        m_current = nullptr;
    }
    if (m_zip && m_zip->isOpen())
        m_zip->close();
    m_zip.reset();
    m_entries.clear();
    m_bytesRead = 0;
}

bool ZipSource::open(const QString &path, const ReaderLimits &limits, QString *error)
{
    close();
    m_path = path;
    m_fileName = QFileInfo(path).fileName();
    m_limits = limits;
    auto setError = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(m_fileName, why);
        close();
        return false;
    };

    const QFileInfo info(path);
    if (!info.exists() || !info.isFile())
        return setError(QStringLiteral("file not found"));
    if (info.size() == 0)
        return setError(QStringLiteral("the file is empty"));

    m_zip = std::make_unique<QuaZip>(path);
    if (!m_zip->open(QuaZip::mdUnzip)) {
        // Encrypted Office files and old .xls files are OLE compound files, not zips: say so,
        // since that is the usual reason a ".xlsx" does not open.
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.read(4) == QByteArrayLiteral("\xD0\xCF\x11\xE0"))
            return setError(QStringLiteral("a password-protected workbook or an old Excel 97-2003 "
                                           "(.xls) file, not a zip-based workbook; remove the "
                                           "password or save it as .xlsx"));
        return setError(QStringLiteral("not a zip archive, or a damaged or truncated one"));
    }
    for (bool more = m_zip->goToFirstFile(); more; more = m_zip->goToNextFile()) {
        QuaZipFileInfo64 fileInfo;
        if (!m_zip->getCurrentFileInfo(&fileInfo))
            return setError(QStringLiteral("damaged zip directory (%1)")
                                .arg(zipErrorText(m_zip->getZipError())));
        ZipEntry entry;
        entry.storedName = fileInfo.name;
        entry.name = QString(fileInfo.name).replace(u'\\', u'/');
        // Sizes past qint64 are nonsense from a damaged directory; clamp so comparisons hold.
        entry.compressedSize = qint64(qMin<quint64>(fileInfo.compressedSize, quint64(1) << 62));
        entry.uncompressedSize = qint64(qMin<quint64>(fileInfo.uncompressedSize, quint64(1) << 62));
        m_entries.append(entry);
    }
    if (m_zip->getZipError() != UNZ_OK)
        return setError(QStringLiteral("damaged zip directory (%1)")
                            .arg(zipErrorText(m_zip->getZipError())));
    // Two entries of one name make the archive ambiguous: readers could disagree on which one
    // is the document, which is how malicious files smuggle content past scanners.
    QSet<QString> names;
    names.reserve(m_entries.size());
    for (const ZipEntry &entry : std::as_const(m_entries)) {
        if (names.contains(entry.name))
            return setError(QStringLiteral("the archive holds two entries named %1; refused as "
                                           "damaged or hostile")
                                .arg(entry.name));
        names.insert(entry.name);
    }
    return true;
}

const ZipEntry *ZipSource::entry(const QString &name) const
{
    for (const ZipEntry &candidate : m_entries) {
        if (candidate.name == name)
            return &candidate;
    }
    for (const ZipEntry &candidate : m_entries) {
        if (candidate.name.compare(name, Qt::CaseInsensitive) == 0)
            return &candidate;
    }
    return nullptr;
}

std::unique_ptr<ZipEntryDevice> ZipSource::openEntry(const QString &name, QString *error)
{
    auto refuse = [&](const QString &why) -> std::unique_ptr<ZipEntryDevice> {
        if (error)
            *error = QStringLiteral("%1: entry %2: %3").arg(m_fileName, name, why);
        return nullptr;
    };
    if (!isOpen())
        return refuse(QStringLiteral("the archive is not open"));
    const ZipEntry *found = entry(name);
    if (!found)
        return refuse(QStringLiteral("missing from the archive"));
    const ZipEntry entryInfo = *found;
    if (entryInfo.uncompressedSize > ratioCheckFloor
        && double(entryInfo.uncompressedSize)
               > m_limits.maxCompressionRatio * double(qMax<qint64>(entryInfo.compressedSize, 1))) {
        return refuse(QStringLiteral("declares %1 bytes compressed into %2 (more than %3 times); "
                                     "refused as a possible zip bomb")
                          .arg(entryInfo.uncompressedSize)
                          .arg(entryInfo.compressedSize)
                          .arg(m_limits.maxCompressionRatio));
    }
    if (entryInfo.uncompressedSize > m_limits.maxUncompressedBytes - m_bytesRead) {
        return refuse(QStringLiteral("declares %1 bytes, past the limit of %2 bytes read from one "
                                     "archive")
                          .arg(entryInfo.uncompressedSize)
                          .arg(m_limits.maxUncompressedBytes));
    }

    if (m_current) {
        m_current->detach(QStringLiteral("another entry of the archive was opened"));
        m_current = nullptr;
    }
    if (!m_zip->setCurrentFile(entryInfo.storedName, QuaZip::csSensitive))
        return refuse(QStringLiteral("cannot be located (%1)").arg(zipErrorText(m_zip->getZipError())));
    QuaZipFileInfo64 fileInfo;
    if (m_zip->getCurrentFileInfo(&fileInfo)) {
        if (fileInfo.flags & 0x1)
            return refuse(QStringLiteral("is encrypted"));
        if (fileInfo.method != 0 && fileInfo.method != Z_DEFLATED)
            return refuse(QStringLiteral("uses unsupported compression method %1").arg(fileInfo.method));
    }
    auto file = std::make_unique<QuaZipFile>(m_zip.get());
    if (!file->open(QIODevice::ReadOnly))
        return refuse(QStringLiteral("cannot be opened (%1)").arg(zipErrorText(file->getZipError())));

    std::unique_ptr<ZipEntryDevice> device(new ZipEntryDevice(this, std::move(file), entryInfo));
    // Unbuffered: the device's own count must match what the parser consumed, for progress.
    device->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    m_current = device.get();
    return device;
}

bool ZipSource::readEntry(const QString &name, qint64 maxBytes, QByteArray *data, QString *error)
{
    const ZipEntry *found = entry(name);
    if (found && found->uncompressedSize > maxBytes) {
        if (error)
            *error = QStringLiteral("%1: entry %2: larger than expected (%3 bytes)")
                         .arg(m_fileName, name)
                         .arg(found->uncompressedSize);
        return false;
    }
    std::unique_ptr<ZipEntryDevice> device = openEntry(name, error);
    if (!device)
        return false;
    QByteArray bytes;
    char buffer[16 * 1024];
    for (;;) {
        const qint64 got = device->read(buffer, sizeof buffer);
        if (got < 0) {
            if (error)
                *error = device->failure();
            return false;
        }
        if (got == 0)
            break;
        bytes.append(buffer, got);
    }
    *data = bytes;
    return true;
}

// ---- XmlEntry -------------------------------------------------------------------------------

bool XmlEntry::open(ZipSource &zip, const QString &entry, QString *error)
{
    fileName = zip.fileName();
    entryName = entry;
    device = zip.openEntry(entry, error);
    if (!device)
        return false;
    xml.setDevice(device.get());
    return true;
}

bool XmlEntry::next()
{
    const QXmlStreamReader::TokenType token = xml.readNext();
    if (token == QXmlStreamReader::DTD) {
        hasDoctype = true;
        return false;
    }
    return token != QXmlStreamReader::EndDocument && token != QXmlStreamReader::Invalid;
}

bool XmlEntry::failed() const
{
    return hasDoctype || xml.hasError() || (device && device->failed());
}

QString XmlEntry::failure(const QString &where) const
{
    // The device's own failure (a limit, damaged data) is the cause of whatever the parser saw.
    if (device && device->failed())
        return device->failure();
    if (hasDoctype)
        return QStringLiteral("%1: entry %2: has a document type declaration (DOCTYPE); refused, "
                              "since entity declarations can exhaust memory")
            .arg(fileName, entryName);
    const QString place = where.isEmpty() ? QStringLiteral("entry %1").arg(entryName) : where;
    if (xml.hasError())
        return QStringLiteral("%1: %2: malformed XML at line %3, column %4: %5")
            .arg(fileName, place)
            .arg(xml.lineNumber())
            .arg(xml.columnNumber())
            .arg(xml.errorString());
    return QStringLiteral("%1: %2: the XML ends early").arg(fileName, place);
}

// ---- ZipWriter ------------------------------------------------------------------------------

ZipWriter::ZipWriter(const QString &path)
    : m_path(path)
{
}

ZipWriter::~ZipWriter()
{
    close();
}

bool ZipWriter::fail(const QString &why)
{
    m_error = QStringLiteral("%1: %2").arg(QFileInfo(m_path).fileName(), why);
    return false;
}

bool ZipWriter::open()
{
    m_zip = std::make_unique<QuaZip>(m_path);
    // Sizes go in the local headers (the file is seekable), as ODF asks for its mimetype entry.
    m_zip->setDataDescriptorWritingEnabled(false);
    if (!m_zip->open(QuaZip::mdCreate))
        return fail(QStringLiteral("cannot create the archive (%1)").arg(m_zip->getZipError()));
    return true;
}

bool ZipWriter::beginEntry(const QString &name, bool compressed)
{
    if (!m_zip || !m_zip->isOpen())
        return fail(QStringLiteral("the archive is not open"));
    if (m_entry && !endEntry())
        return false;
    m_entry = std::make_unique<QuaZipFile>(m_zip.get());
    const int method = compressed ? Z_DEFLATED : 0;
    const int level = compressed ? Z_DEFAULT_COMPRESSION : 0;
    if (!m_entry->open(QIODevice::WriteOnly, QuaZipNewInfo(name), nullptr, 0, method, level))
        return fail(QStringLiteral("cannot add entry %1 (%2)").arg(name).arg(m_entry->getZipError()));
    return true;
}

bool ZipWriter::write(QByteArrayView data)
{
    if (!m_entry)
        return fail(QStringLiteral("no entry is open"));
    if (m_entry->write(data.data(), data.size()) != data.size())
        return fail(QStringLiteral("write failed (%1)").arg(m_entry->getZipError()));
    return true;
}

bool ZipWriter::endEntry()
{
    if (!m_entry)
        return true;
    m_entry->close();
    const int code = m_entry->getZipError();
    m_entry.reset();
    if (code != ZIP_OK)
        return fail(QStringLiteral("cannot finish an entry (%1)").arg(code));
    return true;
}

bool ZipWriter::addEntry(const QString &name, QByteArrayView data, bool compressed)
{
    return beginEntry(name, compressed) && write(data) && endEntry();
}

bool ZipWriter::close()
{
    if (!m_zip)
        return m_error.isEmpty();
    bool ok = endEntry();
    m_zip->close();
    if (m_zip->getZipError() != ZIP_OK)
        ok = fail(QStringLiteral("cannot finish the archive (%1)").arg(m_zip->getZipError()));
    m_zip.reset();
    return ok && m_error.isEmpty();
}

} // namespace oversight::import
