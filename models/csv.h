#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

class QIODevice;

namespace oversight::csv {

// RFC 4180 parsing of a whole (small) text: quoted fields with commas, doubled quotes and line
// breaks; CRLF or LF; a UTF-8 BOM is skipped. Large imports use the streaming readers instead.
QList<QStringList> parse(const QString &text, QString *error = nullptr);

// Quotes a field only when it holds a comma, a quote or a line break.
QString field(const QString &value);
QString line(const QStringList &fields);

// A parsed file with its header: rows as name -> value maps, in file order.
struct Table {
    QStringList header;
    QList<QHash<QString, QString>> rows;
};
Table parseTable(const QString &text, QString *error = nullptr);

} // namespace oversight::csv
