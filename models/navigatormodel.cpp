#include "navigatormodel.h"

#include "catalog.h"
#include "reporttable.h"
#include "seedloader.h"
#include "store.h"

#include <QHash>

namespace oversight {

namespace {

QStandardItem *node(const QString &text, NavigatorModel::NodeKind kind, const QString &id, const QStringList &keys = {})
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(static_cast<int>(kind), static_cast<int>(NavigatorModel::Role::Kind));
    item->setData(id, static_cast<int>(NavigatorModel::Role::Id));
    if (!keys.isEmpty())
        item->setData(keys, static_cast<int>(NavigatorModel::Role::MeasureKeys));
    if (kind == NavigatorModel::NodeKind::Group)
        item->setSelectable(false);
    return item;
}

} // namespace

NavigatorModel::NavigatorModel(const Store &store, QObject *parent) : NavigatorModel(store, {}, parent) {}

NavigatorModel::NavigatorModel(const Store &store, const QList<ChartEntry> &charts, QObject *parent)
    : QStandardItemModel(parent), m_store(store), m_charts(charts)
{
    reload();
}

void NavigatorModel::reload()
{
    clear();
    setHorizontalHeaderLabels({QStringLiteral("Navigator")});
    QStandardItem *root = invisibleRootItem();

    QStandardItem *tables = node(QStringLiteral("Report tables"), NodeKind::Group, QStringLiteral("tables"));
    for (const QString &id : reporttables::ids())
        tables->appendRow(node(reporttables::title(id), NodeKind::Table, id));
    root->appendRow(tables);

    if (!m_charts.isEmpty()) {
        QStandardItem *charts = node(QStringLiteral("Charts and maps"), NodeKind::Group, QStringLiteral("charts"));
        QHash<QString, QStandardItem *> sections;
        for (const ChartEntry &c : m_charts) {
            QStandardItem *section = sections.value(c.group);
            if (!section) {
                section = node(c.group, NodeKind::Group, QStringLiteral("charts/") + c.group);
                sections.insert(c.group, section);
                charts->appendRow(section);
            }
            QStandardItem *chart = node(c.title, NodeKind::Chart, c.id);
            chart->setToolTip(QStringLiteral("%1 (%2)").arg(c.title, c.id));
            section->appendRow(chart);
        }
        root->appendRow(charts);
    }

    QHash<QString, QStandardItem *> themes;
    for (const QString &theme : SeedLoader::themes()) {
        QStandardItem *item = node(theme, NodeKind::Group, theme);
        themes.insert(theme, item);
        root->appendRow(item);
    }
    QHash<QString, QStandardItem *> categories;
    QStandardItem *openData = nullptr;
    for (const MeasureInfo &m : catalog::measures(m_store)) {
        // A measure without whole-area figures has nothing to chart; survey gaps by group live in
        // the inequalities table under Report tables.
        if (!m.hasAreaFigures)
            continue;
        QStandardItem *parent = themes.value(m.theme);
        if (!parent)
            continue;
        if (!m.category.isEmpty()) {
            if (!openData) {
                openData = node(QStringLiteral("MPS recorded crime by category"), NodeKind::Group, QStringLiteral("mps"));
                parent->appendRow(openData);
            }
            QStandardItem *category = categories.value(m.category);
            if (!category) {
                category = node(m.category, NodeKind::Category, m.category);
                categories.insert(m.category, category);
                openData->appendRow(category);
            }
            category->appendRow(node(m.name, NodeKind::Measure, m.key, {m.key}));
            QStringList keys = category->data(static_cast<int>(Role::MeasureKeys)).toStringList();
            keys.append(m.key);
            category->setData(keys, static_cast<int>(Role::MeasureKeys));
            continue;
        }
        QStandardItem *item = node(m.name, NodeKind::Measure, m.key, {m.key});
        item->setToolTip(m.notes.isEmpty() ? m.name : m.notes);
        parent->appendRow(item);
    }
    // Themes with nothing to show yet stay out of the way.
    for (int r = root->rowCount() - 1; r >= 0; --r) {
        if (root->child(r)->rowCount() == 0)
            root->removeRow(r);
    }
    if (openData)
        openData->sortChildren(0);
}

QString NavigatorModel::viewId(const QModelIndex &index)
{
    if (!index.isValid())
        return {};
    const auto kind = static_cast<NodeKind>(index.data(static_cast<int>(Role::Kind)).toInt());
    const QString id = index.data(static_cast<int>(Role::Id)).toString();
    switch (kind) {
    case NodeKind::Table: return QStringLiteral("table:") + id;
    case NodeKind::Measure: return QStringLiteral("measure:") + id;
    case NodeKind::Category: return QStringLiteral("category:") + id;
    case NodeKind::Chart: return QStringLiteral("chart:") + id;
    case NodeKind::Group: return {};
    }
    return {};
}

QModelIndex NavigatorModel::find(const QString &wanted) const
{
    QList<QModelIndex> stack;
    for (int r = 0; r < rowCount(); ++r)
        stack.append(index(r, 0));
    while (!stack.isEmpty()) {
        const QModelIndex idx = stack.takeFirst();
        if (viewId(idx) == wanted)
            return idx;
        for (int r = 0; r < rowCount(idx); ++r)
            stack.append(index(r, 0, idx));
    }
    return {};
}

} // namespace oversight
