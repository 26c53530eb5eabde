#pragma once

#include <QStandardItemModel>

namespace oversight {

class Store;

// The navigator: the report's tables first, then each Police and Crime Plan theme with its
// measures; the MPS open-data categories sit under "A safer London" by major category.
class NavigatorModel : public QStandardItemModel {
    Q_OBJECT
public:
    enum class NodeKind { Group, Table, Measure, Category, Chart };
    enum class Role {
        Kind = Qt::UserRole + 1, // int(NodeKind)
        Id,                      // table id, measure key or category name
        MeasureKeys,             // QStringList: the measures a chart sums
    };

    // A chart or map the navigator lists under "Charts and maps", grouped by report section.
    struct ChartEntry {
        QString id;
        QString title;
        QString group;
    };

    explicit NavigatorModel(const Store &store, QObject *parent = nullptr);
    // The charts come from the chart layer, which models must not depend on.
    NavigatorModel(const Store &store, const QList<ChartEntry> &charts, QObject *parent = nullptr);
    void reload();

    // Finds the node with this id ("table:revenue", "measure:crime.tno", "category:Burglary", "chart:map.lcpf").
    QModelIndex find(const QString &viewId) const;
    static QString viewId(const QModelIndex &index);

private:
    const Store &m_store;
    QList<ChartEntry> m_charts;
};

} // namespace oversight
