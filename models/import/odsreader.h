#pragma once

#include "reader.h"

#include <memory>

namespace oversight::import {

class ZipSource;

// Reads OpenDocument spreadsheets (.ods) by streaming content.xml out of the zip. Repeated rows
// and cells are expanded only when they hold a value: the thousands of repeated empty cells and
// rows that fill a sheet to its edge cost nothing. Rows without any value are not handed over.
// Merged (spanned) cells are carried like xlsx merges: covered cells take the spanning cell's
// value, marked fromMerge. A sheet is hidden when its table style says display="false".
class OdsReader : public Reader {
public:
    OdsReader();
    ~OdsReader() override;

    QString formatName() const override;
    bool open(const QString &path, QString *error) override;
    QList<SheetInfo> sheets() const override;
    bool readRows(int sheetIndex, const RowHandler &onRow, QString *error) override;

private:
    bool fail(QString *error, const QString &message);

    std::unique_ptr<ZipSource> m_zip;
    QString m_fileName;
    QList<SheetInfo> m_sheets;
};

} // namespace oversight::import
