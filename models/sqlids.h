#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace oversight {

// Row ids as the list of an SQL "IN (…)": "3,17,42". Only ever integers the store itself gave, so
// the text cannot carry anything but digits and commas.
inline QString sqlIdList(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1Char(','));
}

} // namespace oversight
