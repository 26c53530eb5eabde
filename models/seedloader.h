#pragma once

#include <QHash>
#include <QString>

namespace oversight {

class Store;
class Period;
namespace csv {
struct Table;
}

// Loads the embedded default quarter into a new store: the reference dimensions (themes, areas,
// periods, measures), the report's figures as one batch and the MPS open data as another.
class SeedLoader {
public:
    explicit SeedLoader(Store &store);

    bool loadReference(QString *error);
    bool loadDefault(QString *error);

    // The themes of the Police and Crime Plan, in the report's order.
    static QStringList themes();

private:
    bool insertReference(QString *error);
    bool insertReportBatch(QString *error);
    bool insertOpenDataBatch(QString *error);
    bool insertDisagreements(const csv::Table &disagreements, const csv::Table &statements, qint64 batch,
                             qint64 *rowCount, QString *error);

    qint64 periodId(const Period &period, QString *error);
    qint64 periodId(const QString &code, const QString &context, QString *error);
    qint64 areaId(const QString &code, const QString &context, QString *error);
    qint64 measureId(const QString &key, const QString &context, QString *error);
    qint64 breakdownId(const QString &text, const QString &context, QString *error);
    qint64 createBatch(const QString &source, const QByteArray &content, const QString &description,
                       QString *error);
    bool finishBatch(qint64 batchId, qint64 rowCount, QString *error);

    Store &m_store;
    QHash<QString, qint64> m_periods;
    QHash<QString, qint64> m_areas;
    QHash<QString, qint64> m_measures;
    QHash<QString, qint64> m_breakdowns;
};

} // namespace oversight
