#include "tableexport.h"
#include "formatting.h"

#include "safewrite.h"

#include "csv.h"
#include "xlsxwriterlibrary.h"

#include <QAbstractItemModel>
#include <QFile>
#include <QFileInfo>
#include <QFont>
#include <QLocale>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace oversight::tableexport {

namespace {

bool isEmptyCell(const QVariant &value)
{
    return !value.isValid() || value.isNull() || (value.typeId() == QMetaType::QString && value.toString().isEmpty());
}

bool isText(const QVariant &value)
{
    return value.typeId() == QMetaType::QString;
}

int decimalsOf(const NumberStyle &style)
{
    if (style.shownDecimals >= 0 && style.format != ValueFormat::Text)
        return style.shownDecimals;
    if (style.decimals >= 0)
        return style.decimals;
    switch (style.format) {
    case ValueFormat::Count:
    case ValueFormat::Pounds:
        return 0;
    case ValueFormat::Millions:
    case ValueFormat::Percent:
    case ValueFormat::Points:
        return 1;
    case ValueFormat::Text:
        break;
    }
    return -1;
}

QString plainNumber(double value, const NumberStyle &style)
{
    if (style.decimals < 0 || style.format == ValueFormat::Text)
        return reporttables::plainNumber(value, style.format);
    QString text = QString::number(value, 'f', style.decimals);
    if (text.startsWith(QLatin1Char('-')) && text.mid(1).toDouble() == 0.0)
        text.remove(0, 1); // "-0.00" -> "0.00", as reporttables::plainNumber does
    return text;
}

// What a cell shows in Excel, near enough to size its column.
QString shownText(const QVariant &value, const NumberStyle &style)
{
    if (isEmptyCell(value))
        return {};
    if (isText(value) || style.format == ValueFormat::Text)
        return value.toString();
    const QLocale &enGB = formatting::enGB();
    const double v = value.toDouble();
    QString text = enGB.toString(v, 'f', std::max(0, decimalsOf(style)));
    switch (style.format) {
    case ValueFormat::Pounds:
        text.prepend(QStringLiteral("£"));
        break;
    case ValueFormat::Millions:
        text = QStringLiteral("£") + text + QLatin1Char('m');
        break;
    case ValueFormat::Percent:
        text.append(QLatin1Char('%'));
        break;
    default:
        break;
    }
    if (v > 0 && (style.signedChange || style.format == ValueFormat::Points))
        text.prepend(QLatin1Char('+'));
    return text;
}

// Which cell a message is about: "row 3, column \"Variance (£m)\"".
QString cellName(const ExportTable &table, qsizetype row, qsizetype column)
{
    return QStringLiteral("row %1, column \"%2\"").arg(row + 1).arg(table.headers.value(column));
}

// A table is written only when every number is finite: "nan" in a board paper is worse than no paper.
bool checkTable(const ExportTable &table, QString *error)
{
    for (qsizetype r = 0; r < table.rows.size(); ++r) {
        const ExportRow &row = table.rows.at(r);
        for (qsizetype c = 0; c < row.cells.size(); ++c) {
            const QVariant &v = row.cells.at(c);
            if (isEmptyCell(v) || isText(v))
                continue;
            bool ok = false;
            const double number = v.toDouble(&ok);
            if (!ok || !std::isfinite(number)) {
                *error = QStringLiteral("%1 holds %2, not a number").arg(cellName(table, r, c), v.toString());
                return false;
            }
        }
    }
    return true;
}

bool saveBytes(const QString &path, const QByteArray &bytes, files::Access access, QString *error)
{
    QString why;
    if (!files::writeAtomically(path, bytes, access, &why)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, why);
        return false;
    }
    return true;
}

// OOXML stores characters XML cannot carry as _xHHHH_ (libxlsxwriter does so for control
// characters), so a reader decodes any such sequence; text that holds one literally has its
// underscore escaped (_x005F_) to come back as written.
QString escapeOoxml(const QString &text)
{
    if (!text.contains(QLatin1String("_x")))
        return text;
    static const QRegularExpression escape(QStringLiteral("_(x[0-9A-Fa-f]{4}_)"));
    QString out = text;
    out.replace(escape, QStringLiteral("_x005F_\\1"));
    return out;
}

class XlsxBuilder {
public:
    XlsxBuilder(const XlsxWriterLibrary &lib, lxw_workbook *workbook) : m_lib(lib), m_workbook(workbook) {}

    lxw_format *format(const QString &code, bool bold, bool wrap, bool top)
    {
        const auto key = std::make_tuple(code, bold, wrap, top);
        if (const auto it = m_formats.find(key); it != m_formats.end())
            return it->second;
        lxw_format *f = m_lib.addFormat(m_workbook);
        if (!code.isEmpty())
            m_lib.setNumFormat(f, code.toUtf8().constData());
        if (bold)
            m_lib.setBold(f);
        if (wrap)
            m_lib.setTextWrap(f);
        if (top)
            m_lib.setAlign(f, LXW_ALIGN_VERTICAL_TOP);
        m_formats.emplace(key, f);
        return f;
    }

    // First failure wins; later writes are skipped.
    bool check(lxw_error result, const QString &what)
    {
        if (result != LXW_NO_ERROR && m_error.isEmpty())
            m_error = QStringLiteral("%1: %2").arg(what, QString::fromUtf8(m_lib.strError(result)));
        return m_error.isEmpty();
    }

    void text(lxw_worksheet *sheet, int row, int column, const QString &text, lxw_format *f, const QString &what)
    {
        if (text.isEmpty() || !m_error.isEmpty())
            return;
        // Always a string cell: worksheet_write_string never makes a formula, whatever the text.
        check(m_lib.writeString(sheet, lxw_row_t(row), lxw_col_t(column), escapeOoxml(text).toUtf8().constData(), f), what);
    }

    void number(lxw_worksheet *sheet, int row, int column, double value, lxw_format *f, const QString &what)
    {
        if (m_error.isEmpty())
            check(m_lib.writeNumber(sheet, lxw_row_t(row), lxw_col_t(column), value, f), what);
    }

    QString error() const { return m_error; }

private:
    const XlsxWriterLibrary &m_lib;
    lxw_workbook *m_workbook;
    std::map<std::tuple<QString, bool, bool, bool>, lxw_format *> m_formats;
    QString m_error;
};

constexpr int minColumnWidth = 8;
constexpr int maxColumnWidth = 60;
constexpr int headerWrapWidth = 24;

bool writeXlsx(const ExportTable &table, const QString &path, files::Access access, QString *error)
{
    QString loadError;
    const XlsxWriterLibrary *lib = XlsxWriterLibrary::instance(&loadError);
    if (!lib) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, loadError);
        return false;
    }
    // libxlsxwriter writes to a file name: a private directory, then one atomic write of the bytes.
    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        *error = QStringLiteral("cannot write %1: no temporary directory (%2)").arg(path, scratch.errorString());
        return false;
    }
    const QByteArray scratchDir = QFile::encodeName(scratch.path());
    const QString scratchFile = scratch.filePath(QStringLiteral("table.xlsx"));
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = const_cast<char *>(scratchDir.constData());
    options.use_zip64 = LXW_FALSE;
    lxw_workbook *workbook = lib->workbookNewOpt(QFile::encodeName(scratchFile).constData(), &options);
    if (!workbook) {
        *error = QStringLiteral("cannot write %1: libxlsxwriter could not start a workbook").arg(path);
        return false;
    }
    XlsxBuilder b(*lib, workbook);

    const QByteArray titleUtf8 = table.title.toUtf8();
    const QByteArray subjectUtf8 = table.subtitle.toUtf8();
    const QByteArray commentsUtf8 = table.source.toUtf8();
    auto field = [](const QByteArray &text) { return text.isEmpty() ? nullptr : const_cast<char *>(text.constData()); };
    lxw_doc_properties properties{};
    properties.title = field(titleUtf8);
    properties.subject = field(subjectUtf8);
    properties.comments = field(commentsUtf8);
    b.check(lib->setProperties(workbook, &properties), QStringLiteral("document properties"));

    const QString name = sheetName(table.title);
    lxw_worksheet *sheet = lib->addWorksheet(workbook, name.toUtf8().constData());
    if (!sheet) {
        lib->close(workbook);
        *error = QStringLiteral("cannot write %1: libxlsxwriter refused the sheet name \"%2\"").arg(path, name);
        return false;
    }

    // Column widths from the header and the cells, in characters; long text wraps in a capped column.
    const qsizetype columns = table.headers.size();
    QList<int> widths(columns, minColumnWidth);
    QList<bool> wraps(columns, false);
    for (qsizetype c = 0; c < columns; ++c) {
        const QString header = table.headers.at(c);
        int longestWord = 0;
        for (const QString &word : header.split(QLatin1Char(' ')))
            longestWord = std::max(longestWord, int(word.size()));
        int width = std::max<int>(longestWord, std::min<int>(header.size(), headerWrapWidth));
        for (const ExportRow &row : table.rows)
            width = std::max<int>(width, shownText(row.cells.value(c), row.styles.value(c)).size());
        wraps[c] = width + 2 > maxColumnWidth;
        widths[c] = std::clamp(width + 2, minColumnWidth, maxColumnWidth);
    }
    const bool anyWrap = std::any_of(wraps.begin(), wraps.end(), [](bool w) { return w; });

    lxw_format *titleFormat = lib->addFormat(workbook);
    lib->setBold(titleFormat);
    lib->setFontSize(titleFormat, 14);
    lxw_format *headerFormat = lib->addFormat(workbook);
    lib->setBold(headerFormat);
    lib->setTextWrap(headerFormat);
    lib->setAlign(headerFormat, LXW_ALIGN_VERTICAL_BOTTOM);
    lib->setBottom(headerFormat, LXW_BORDER_THIN);

    int r = 0;
    b.text(sheet, r++, 0, table.title, titleFormat, QStringLiteral("the title"));
    if (!table.subtitle.isEmpty())
        b.text(sheet, r++, 0, table.subtitle, nullptr, QStringLiteral("the subtitle"));
    ++r; // a blank row before the table
    const int headerRow = r++;
    for (qsizetype c = 0; c < columns; ++c)
        b.text(sheet, headerRow, int(c), table.headers.at(c), headerFormat, QStringLiteral("the header"));
    for (qsizetype i = 0; i < table.rows.size(); ++i, ++r) {
        const ExportRow &row = table.rows.at(i);
        for (qsizetype c = 0; c < columns; ++c) {
            const QVariant value = row.cells.value(c);
            if (isEmptyCell(value))
                continue;
            const NumberStyle style = row.styles.value(c);
            const QString what = cellName(table, i, c);
            if (isText(value)) {
                b.text(sheet, r, int(c), value.toString(), b.format(QString(), row.emphasised, wraps.at(c), anyWrap), what);
            } else {
                b.number(sheet, r, int(c), value.toDouble(), b.format(numberFormatCode(style), row.emphasised, false, anyWrap),
                         what);
            }
        }
    }
    ++r; // a blank row after the table
    if (!table.note.isEmpty()) {
        for (const QString &line : table.note.split(QLatin1Char('\n')))
            b.text(sheet, r++, 0, line, nullptr, QStringLiteral("the note"));
    }
    if (!table.source.isEmpty())
        b.text(sheet, r++, 0, table.source, nullptr, QStringLiteral("the source"));

    for (qsizetype c = 0; c < columns; ++c)
        b.check(lib->setColumn(sheet, lxw_col_t(c), lxw_col_t(c), widths.at(c), nullptr), QStringLiteral("column widths"));
    lib->freezePanes(sheet, lxw_row_t(headerRow + 1), 0);
    b.check(lib->repeatRows(sheet, lxw_row_t(headerRow), lxw_row_t(headerRow)), QStringLiteral("print titles"));
    lib->setLandscape(sheet);
    lib->fitToPages(sheet, 1, 0);

    const lxw_error closed = lib->close(workbook); // frees the workbook whatever happens
    if (!b.error().isEmpty()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, b.error());
        return false;
    }
    if (closed != LXW_NO_ERROR) {
        *error = QStringLiteral("cannot write %1: libxlsxwriter: %2").arg(path, QString::fromUtf8(lib->strError(closed)));
        return false;
    }
    QFile written(scratchFile);
    if (!written.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot write %1: the workbook could not be read back (%2)").arg(path, written.errorString());
        return false;
    }
    return saveBytes(path, written.readAll(), access, error);
}

} // namespace

ExportTable fromReportTable(const ReportTable &table)
{
    ExportTable out;
    out.title = table.title;
    out.subtitle = table.subtitle;
    out.source = table.source;
    out.note = table.note;
    for (const ReportColumn &c : table.columns)
        out.headers.append(c.header);
    for (const ReportRow &row : table.rows) {
        ExportRow r;
        r.emphasised = row.kind != RowKind::Line;
        for (int c = 0; c < table.columns.size(); ++c) {
            const ReportColumn column = reporttables::effectiveColumn(table, row, c);
            r.cells.append(row.cells.value(c));
            // The workbook shows each figure as the report prints it (effectiveColumn's decimals).
            r.styles.append({column.format, column.signedChange, -1, column.decimals});
        }
        out.rows.append(r);
    }
    return out;
}

ExportTable fromModel(const QAbstractItemModel &model, const ModelTable &description)
{
    ExportTable out;
    out.title = description.title;
    out.subtitle = description.subtitle;
    out.source = description.source;
    out.note = description.note;
    for (const ModelColumn &c : description.columns)
        out.headers.append(model.headerData(c.column, Qt::Horizontal, Qt::DisplayRole).toString());
    for (int r = 0; r < model.rowCount(); ++r) {
        ExportRow row;
        for (const ModelColumn &c : description.columns) {
            const QModelIndex index = model.index(r, c.column);
            QVariant value;
            if (c.style.format == ValueFormat::Text) {
                value = index.data(Qt::DisplayRole);
                if (!isEmptyCell(value))
                    value = value.toString();
            } else {
                value = index.data(description.valueRole);
                if (!isEmptyCell(value) && !isText(value))
                    value = value.toDouble();
            }
            row.cells.append(value);
            NumberStyle style = c.style;
            if (description.decimalsRole >= 0 && style.format != ValueFormat::Text) {
                const QVariant decimals = index.data(description.decimalsRole);
                if (decimals.isValid() && !decimals.isNull())
                    style.decimals = decimals.toInt();
            }
            row.styles.append(style);
            const QVariant font = index.data(Qt::FontRole);
            if (font.isValid() && qvariant_cast<QFont>(font).bold())
                row.emphasised = true;
        }
        out.rows.append(row);
    }
    return out;
}

NumberStyle styleForUnit(const QString &unit)
{
    if (unit == QLatin1String("percent"))
        return {ValueFormat::Percent, false, -1};
    if (unit == QLatin1String("points"))
        return {ValueFormat::Points, true, -1};
    if (unit == QLatin1String("gbp_m"))
        return {ValueFormat::Millions, false, -1};
    if (unit == QLatin1String("gbp"))
        return {ValueFormat::Pounds, false, -1};
    if (unit == QLatin1String("ratio"))
        return {ValueFormat::Count, false, 2};
    return {ValueFormat::Count, false, -1};
}

std::optional<FileFormat> formatForPath(const QString &path, bool bom)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return bom ? FileFormat::CsvWithBom : FileFormat::Csv;
    if (suffix == QLatin1String("xlsx"))
        return FileFormat::Xlsx;
    return std::nullopt;
}

QString csvText(const QString &text)
{
    if (text.isEmpty())
        return text;
    switch (text.at(0).unicode()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return QLatin1Char('\'') + text;
    default:
        return text;
    }
}

QByteArray toCsv(const ExportTable &table, bool bom)
{
    QStringList headers;
    for (const QString &h : table.headers)
        headers.append(csvText(h));
    QString out = csv::line(headers) + QLatin1Char('\n');
    for (const ExportRow &row : table.rows) {
        QStringList fields;
        for (qsizetype c = 0; c < table.headers.size(); ++c) {
            const QVariant v = row.cells.value(c);
            if (isEmptyCell(v))
                fields.append(QString());
            else if (isText(v))
                fields.append(csvText(v.toString()));
            else
                fields.append(plainNumber(v.toDouble(), row.styles.value(c)));
        }
        out += csv::line(fields) + QLatin1Char('\n');
    }
    QByteArray bytes = out.toUtf8();
    if (bom)
        bytes.prepend("\xEF\xBB\xBF");
    return bytes;
}

QString numberFormatCode(const NumberStyle &style)
{
    const int decimals = decimalsOf(style);
    if (decimals < 0)
        return {};
    const QString number = QStringLiteral("#,##0") + (decimals > 0 ? QLatin1Char('.') + QString(decimals, QLatin1Char('0')) : QString());
    const QString zero = QStringLiteral("0") + (decimals > 0 ? QLatin1Char('.') + QString(decimals, QLatin1Char('0')) : QString());
    switch (style.format) {
    case ValueFormat::Count:
        return style.signedChange ? QStringLiteral("+%1;-%1;%2").arg(number, zero) : number;
    case ValueFormat::Pounds:
        return QStringLiteral("\"£\"") + number;
    case ValueFormat::Millions:
        return QStringLiteral("\"£\"%1\"m\"").arg(number);
    case ValueFormat::Percent:
        // The table holds percentages as numbers of per cent (5.6 for 5.6%): the sign is a quoted
        // literal, so Excel shows 5.6% without multiplying by 100 and the cell keeps 5.6.
        return style.signedChange ? QStringLiteral("+%1\"%\";-%1\"%\";%2\"%\"").arg(number, zero)
                                  : number + QStringLiteral("\"%\"");
    case ValueFormat::Points:
        return QStringLiteral("+%1;-%1;%2").arg(number, zero);
    case ValueFormat::Text:
        break;
    }
    return {};
}

QString sheetName(const QString &title)
{
    QString name;
    for (const QChar ch : title) {
        if (QStringLiteral("[]:*?/\\").contains(ch) || ch.category() == QChar::Other_Control)
            name.append(QLatin1Char(' '));
        else
            name.append(ch);
    }
    name = name.simplified();
    while (name.startsWith(QLatin1Char('\'')) || name.endsWith(QLatin1Char('\'')))
        name = name.startsWith(QLatin1Char('\'')) ? name.mid(1).trimmed() : name.chopped(1).trimmed();
    constexpr int maxLength = 31;
    if (name.size() > maxLength) {
        const int space = int(name.left(maxLength + 1).lastIndexOf(QLatin1Char(' ')));
        name = (space >= maxLength / 2 ? name.left(space) : name.left(maxLength)).trimmed();
        if (name.size() > maxLength || name.at(name.size() - 1).isHighSurrogate())
            name.chop(1);
        // Not "London Crime Prevention Fund by": a cut title ends on a word that carries meaning.
        static const QStringList joiners = {QStringLiteral("a"), QStringLiteral("an"), QStringLiteral("and"), QStringLiteral("at"),
                                            QStringLiteral("by"), QStringLiteral("for"), QStringLiteral("in"), QStringLiteral("of"),
                                            QStringLiteral("on"), QStringLiteral("the"), QStringLiteral("to"), QStringLiteral("vs"),
                                            QStringLiteral("with"), QStringLiteral("&")};
        for (bool trimmed = true; trimmed;) {
            trimmed = false;
            const qsizetype space = name.lastIndexOf(QLatin1Char(' '));
            if (space > 0 && joiners.contains(name.mid(space + 1), Qt::CaseInsensitive)) {
                name.truncate(space);
                trimmed = true;
            }
            while (!name.isEmpty() && QStringLiteral(",;-'").contains(name.back())) {
                name = name.chopped(1).trimmed();
                trimmed = true;
            }
        }
    }
    if (name.compare(QLatin1String("History"), Qt::CaseInsensitive) == 0)
        name += QStringLiteral(" table");
    return name.isEmpty() ? QStringLiteral("Table") : name;
}

bool write(const ExportTable &table, const QString &path, FileFormat format, QString *error, files::Access access)
{
    QString problem;
    if (!checkTable(table, &problem)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, problem);
        return false;
    }
    switch (format) {
    case FileFormat::Csv:
    case FileFormat::CsvWithBom:
        return saveBytes(path, toCsv(table, format == FileFormat::CsvWithBom), access, error);
    case FileFormat::Xlsx:
        return writeXlsx(table, path, access, error);
    }
    return false;
}

} // namespace oversight::tableexport
