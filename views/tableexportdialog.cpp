#include "tableexportdialog.h"

#include "exportlocation.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>

namespace oversight {

namespace {

struct Choice {
    QString filter;
    QString suffix;
    tableexport::FileFormat format;
};

const QList<Choice> &choices()
{
    static const QList<Choice> list = {
        {QStringLiteral("CSV (UTF-8) (*.csv)"), QStringLiteral("csv"), tableexport::FileFormat::Csv},
        {QStringLiteral("CSV for Excel (UTF-8 with BOM) (*.csv)"), QStringLiteral("csv"), tableexport::FileFormat::CsvWithBom},
        {QStringLiteral("Excel workbook (*.xlsx)"), QStringLiteral("xlsx"), tableexport::FileFormat::Xlsx},
    };
    return list;
}

// A file name from a title: letters, digits, spaces, hyphens and brackets.
QString safeBaseName(const QString &name)
{
    QString out;
    for (const QChar ch : name)
        out.append(ch.isLetterOrNumber() || ch == QLatin1Char(' ') || ch == QLatin1Char('-') || ch == QLatin1Char('(')
                           || ch == QLatin1Char(')')
                       ? ch
                       : QLatin1Char(' '));
    out = out.simplified();
    return out.isEmpty() ? QStringLiteral("table") : out;
}

} // namespace

QStringList exportNameFilters()
{
    QStringList filters;
    for (const Choice &c : choices())
        filters.append(c.filter);
    return filters;
}

bool exportTableTo(QWidget *parent, const tableexport::ExportTable &table, const QString &path, tableexport::FileFormat format)
{
    QString error;
    if (tableexport::write(table, path, format, &error))
        return true;
    QMessageBox::warning(parent, QStringLiteral("Export table"),
                         QStringLiteral("The table was not exported to %1.\n\n%2").arg(QDir::toNativeSeparators(path), error));
    return false;
}

QString exportTableWithDialog(QWidget *parent, const tableexport::ExportTable &table, const QString &baseName)
{
    QSettings settings;
    const QString folder = exportlocation::proposedFolder();
    int chosen = settings.value(QStringLiteral("export/choice"), 2).toInt();
    if (chosen < 0 || chosen >= choices().size())
        chosen = 2;

    QFileDialog dialog(parent, QStringLiteral("Export table"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setNameFilters(exportNameFilters());
    dialog.selectNameFilter(choices().at(chosen).filter);
    dialog.setDefaultSuffix(choices().at(chosen).suffix);
    dialog.setDirectory(folder);
    dialog.selectFile(safeBaseName(baseName) + QLatin1Char('.') + choices().at(chosen).suffix);
    QObject::connect(&dialog, &QFileDialog::filterSelected, &dialog, [&dialog](const QString &filter) {
        for (const Choice &c : choices()) {
            if (c.filter == filter)
                dialog.setDefaultSuffix(c.suffix);
        }
    });
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return {};
    const QString path = dialog.selectedFiles().constFirst();
    const qsizetype filterIndex = exportNameFilters().indexOf(dialog.selectedNameFilter());
    const Choice &choice = choices().at(filterIndex < 0 ? chosen : int(filterIndex));
    // The extension typed wins over the filter for CSV or Excel; the filter says whether a CSV has a BOM.
    const auto format = tableexport::formatForPath(path, choice.format == tableexport::FileFormat::CsvWithBom);
    if (!format) {
        QMessageBox::warning(parent, QStringLiteral("Export table"),
                             QStringLiteral("The table was not exported to %1: give a file name ending in .csv or .xlsx.")
                                 .arg(QDir::toNativeSeparators(path)));
        return {};
    }
    settings.setValue(QStringLiteral("export/choice"), filterIndex < 0 ? chosen : int(filterIndex));
    if (!exportTableTo(parent, table, path, *format))
        return {};
    exportlocation::remember(path);
    return path;
}

} // namespace oversight
