#pragma once

#include "tableexport.h"

#include <QString>

class QWidget;

namespace oversight {

// "Export table…" for every table view: a save dialog offering CSV (UTF-8), CSV for Excel (UTF-8
// with BOM) and Excel workbook (.xlsx), then the engine (models/export/tableexport.h) writes the
// file. The last folder and choice are remembered. Returns the file written, or an empty string when
// cancelled or on failure (a message box names the file and says why).
QString exportTableWithDialog(QWidget *parent, const tableexport::ExportTable &table, const QString &baseName);

// The same without the dialog: writes path in format, a message box on failure.
bool exportTableTo(QWidget *parent, const tableexport::ExportTable &table, const QString &path, tableexport::FileFormat format);

// The save dialog's name filters, in its order: CSV (UTF-8), CSV for Excel, Excel workbook.
QStringList exportNameFilters();

} // namespace oversight
