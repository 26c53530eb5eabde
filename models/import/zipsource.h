#pragma once

#include "reader.h"

#include <QByteArrayView>
#include <QIODevice>
#include <QList>
#include <QString>
#include <QXmlStreamReader>

#include <memory>

class QuaZip;
class QuaZipFile;

namespace oversight::import {

class ZipSource;

struct ZipEntry {
    QString name;       // with '/' separators, whatever the archive used
    QString storedName; // as the archive spells it (some writers use '\\')
    qint64 compressedSize = 0;   // as the central directory declares it
    qint64 uncompressedSize = 0; // likewise: may lie, so reads are counted too
};

// One entry being read. Reads fail (return -1, failed() true, failure() saying why and naming
// the file and entry) as soon as the bytes actually inflated pass the declared size or the
// archive-wide byte budget, so a parser on top of it stops wherever it is.
class ZipEntryDevice : public QIODevice {
public:
    ~ZipEntryDevice() override;

    bool isSequential() const override { return true; }
    void close() override;

    QString entryName() const { return m_entryName; }
    qint64 uncompressedSize() const { return m_declaredSize; }
    qint64 bytesDelivered() const { return m_delivered; }
    bool failed() const { return !m_failure.isEmpty(); }
    QString failure() const { return m_failure; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    friend class ZipSource;
    ZipEntryDevice(ZipSource *source, std::unique_ptr<QuaZipFile> file, const ZipEntry &entry);
    void fail(const QString &why);
    // Called by the source when another entry is opened or the source goes away.
    void detach(const QString &why);

    ZipSource *m_source = nullptr;
    std::unique_ptr<QuaZipFile> m_file;
    QString m_fileName;
    QString m_entryName;
    bool m_finished = false; // the whole entry was read and its checksum verified
    qint64 m_declaredSize = 0;
    qint64 m_compressedSize = 0;
    qint64 m_delivered = 0;
    QString m_failure;
};

// Read access to a zip archive (xlsx, ods) that enforces ReaderLimits: entries are listed with
// their declared sizes and opened as streams, never extracted whole. One entry is open at a time
// (minizip keeps a single cursor per archive): opening another entry, or closing the source,
// makes the previous device fail its reads rather than touch a cursor it no longer owns.
class ZipSource {
public:
    ZipSource();
    ~ZipSource();
    ZipSource(const ZipSource &) = delete;
    ZipSource &operator=(const ZipSource &) = delete;

    // Fails, naming the file, on a missing file, a non-zip or a damaged (e.g. truncated) zip.
    bool open(const QString &path, const ReaderLimits &limits, QString *error);
    void close();
    bool isOpen() const;

    QString path() const { return m_path; }
    QString fileName() const { return m_fileName; } // the name messages use
    const QList<ZipEntry> &entries() const { return m_entries; }
    // Exact match first, then case-insensitive (OPC part names are case-insensitive).
    const ZipEntry *entry(const QString &name) const;

    // Refuses (nullptr, message naming file and entry) an absent entry, an encrypted one, an
    // unsupported compression method, or one whose declared sizes break the ratio or byte limits.
    std::unique_ptr<ZipEntryDevice> openEntry(const QString &name, QString *error);
    // Whole small entry (e.g. "mimetype"); refuses entries declaring more than maxBytes.
    bool readEntry(const QString &name, qint64 maxBytes, QByteArray *data, QString *error);

    // Uncompressed bytes inflated so far from all entries, counted against maxUncompressedBytes.
    qint64 bytesRead() const { return m_bytesRead; }

private:
    std::unique_ptr<QuaZip> m_zip;
    QString m_path;
    QString m_fileName;
    QList<ZipEntry> m_entries;
    ReaderLimits m_limits;
    qint64 m_bytesRead = 0;
    ZipEntryDevice *m_current = nullptr; // the open entry, closed when another is opened
    friend class ZipEntryDevice;
};

// An XML entry of an archive being parsed, with the checks every entry gets: limits through its
// device, and a DOCTYPE refused outright (an internal entity expansion bomb needs one, and no
// OOXML or ODF part has one).
struct XmlEntry {
    std::unique_ptr<ZipEntryDevice> device;
    QXmlStreamReader xml;
    QString fileName;
    QString entryName;
    bool hasDoctype = false;

    bool open(ZipSource &zip, const QString &entry, QString *error);
    // Next token at document level: false at the end, on an error or on a DOCTYPE.
    bool next();
    bool failed() const;
    // Why parsing stopped, naming the file; where says what was read ("sheet \"Data\", row 12"),
    // the entry's name is used when it is empty.
    QString failure(const QString &where) const;
};

// Writes a zip archive entry by entry, streaming. The tests build hand-made xlsx/ods fixtures
// and hostile archives (bombs, huge sheets) with it; it keeps QuaZip out of their include path.
class ZipWriter {
public:
    explicit ZipWriter(const QString &path);
    ~ZipWriter();
    ZipWriter(const ZipWriter &) = delete;
    ZipWriter &operator=(const ZipWriter &) = delete;

    bool open();
    // compressed = false stores the entry (ODF wants "mimetype" first and stored).
    bool beginEntry(const QString &name, bool compressed = true);
    bool write(QByteArrayView data);
    bool endEntry();
    bool addEntry(const QString &name, QByteArrayView data, bool compressed = true);
    bool close();
    QString errorString() const { return m_error; }

private:
    bool fail(const QString &why);

    QString m_path;
    std::unique_ptr<QuaZip> m_zip;
    std::unique_ptr<QuaZipFile> m_entry;
    QString m_error;
};

} // namespace oversight::import
