#include "csv.h"

namespace oversight::csv {

QList<QStringList> parse(const QString &input, QString *error)
{
    QList<QStringList> rows;
    QStringList row;
    QString fieldText;
    bool inQuotes = false;
    bool fieldStarted = false;
    int lineNumber = 1;
    int quoteOpenedAt = 0;
    QStringView text(input);
    if (text.startsWith(QChar(0xFEFF)))
        text = text.mid(1);

    auto endField = [&] {
        row.append(fieldText);
        fieldText.clear();
        fieldStarted = false;
    };
    auto endRow = [&] {
        endField();
        // A blank line is no row.
        if (!(row.size() == 1 && row.first().isEmpty()))
            rows.append(row);
        row.clear();
    };

    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    fieldText.append(QLatin1Char('"'));
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++lineNumber;
                fieldText.append(c);
            }
            continue;
        }
        if (c == QLatin1Char('"') && !fieldStarted) {
            inQuotes = true;
            fieldStarted = true;
            quoteOpenedAt = lineNumber;
        } else if (c == QLatin1Char(',')) {
            endField();
        } else if (c == QLatin1Char('\r')) {
            if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endRow();
            ++lineNumber;
        } else if (c == QLatin1Char('\n')) {
            endRow();
            ++lineNumber;
        } else {
            fieldText.append(c);
            fieldStarted = true;
        }
    }
    if (inQuotes && error)
        *error = QStringLiteral("line %1: a quoted field is never closed").arg(quoteOpenedAt);
    if (fieldStarted || !row.isEmpty() || !fieldText.isEmpty())
        endRow();
    return rows;
}

QString field(const QString &value)
{
    if (value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"'))
        || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'))) {
        QString quoted = value;
        quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
        return QLatin1Char('"') + quoted + QLatin1Char('"');
    }
    return value;
}

QString line(const QStringList &fields)
{
    QStringList out;
    out.reserve(fields.size());
    for (const QString &f : fields)
        out.append(field(f));
    return out.join(QLatin1Char(','));
}

Table parseTable(const QString &text, QString *error)
{
    Table table;
    QString parseError;
    const QList<QStringList> rows = parse(text, &parseError);
    if (!parseError.isEmpty()) {
        if (error)
            *error = parseError;
        return table;
    }
    if (rows.isEmpty())
        return table;
    table.header = rows.first();
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList &cells = rows.at(r);
        if (cells.size() != table.header.size()) {
            if (error)
                *error = QStringLiteral("row %1 has %2 fields; the header has %3")
                             .arg(r + 1).arg(cells.size()).arg(table.header.size());
            return {};
        }
        QHash<QString, QString> map;
        for (qsizetype c = 0; c < cells.size(); ++c)
            map.insert(table.header.at(c), cells.at(c));
        table.rows.append(map);
    }
    return table;
}

} // namespace oversight::csv
