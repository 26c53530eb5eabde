#pragma once

#include "reader.h"

namespace oversight::import {

// Delimited text (RFC 4180) as one sheet named after the file. The encoding is UTF-8 (with or
// without a byte order mark), UTF-16 with a byte order mark, or Windows-1252 when the bytes are not
// valid UTF-8; the delimiter is a comma, semicolon or tab, whichever splits the first records into
// the most consistent field counts. The file is read in chunks and rows are handed over one at a
// time, so memory stays bounded by one chunk plus one cell whatever the file's size.
class CsvReader : public Reader {
public:
    enum class Encoding { Utf8, Utf16LE, Utf16BE, Windows1252 };

    QString formatName() const override;
    bool open(const QString &path, QString *error) override;
    QList<SheetInfo> sheets() const override;
    bool readRows(int sheetIndex, const RowHandler &onRow, QString *error) override;

    // What open() found; meaningful after it succeeded.
    QChar delimiter() const { return m_delimiter; }
    Encoding encoding() const { return m_encoding; }
    static QString encodingName(Encoding encoding);

    // Tests shrink the chunk to put every construct (a CRLF, a doubled quote, a multi-byte
    // character) across a chunk boundary.
    void setChunkBytes(qint64 bytes) { m_chunkBytes = qMax<qint64>(1, bytes); }

    // Comma, semicolon or tab: the one that gives the first records of the sample the same field
    // count most consistently, ignoring delimiters inside quoted fields. Comma when none splits.
    static QChar detectDelimiter(const QString &sample);

private:
    QString m_path;
    QString m_fileName;
    qint64 m_bomBytes = 0;
    Encoding m_encoding = Encoding::Utf8;
    QChar m_delimiter = QLatin1Char(',');
    qint64 m_chunkBytes = qint64(1) << 20;
    QList<SheetInfo> m_sheets;
};

} // namespace oversight::import
