#include "copyabletableview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QKeyEvent>

#include <map>

namespace oversight {

CopyableTableView::CopyableTableView(QWidget *parent)
    : QTableView(parent), m_exportAction(new QAction(QStringLiteral("Export table…"), this))
{
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    // Compact rows, as in a spreadsheet.
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setHighlightSections(false);
    auto *copy = new QAction(QStringLiteral("Copy"), this);
    connect(copy, &QAction::triggered, this, [this] { QApplication::clipboard()->setText(selectionAsTsv()); });
    m_exportAction->setToolTip(QStringLiteral("Save this table as CSV or as an Excel workbook"));
    m_exportAction->setVisible(false);
    connect(m_exportAction, &QAction::triggered, this, &CopyableTableView::exportRequested);
    addAction(copy);
    addAction(m_exportAction);
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

QString CopyableTableView::selectionAsTsv() const
{
    const QModelIndexList indexes = selectionModel() ? selectionModel()->selectedIndexes() : QModelIndexList{};
    if (indexes.isEmpty())
        return {};
    std::map<int, std::map<int, QString>> cells;
    int minColumn = INT_MAX;
    int maxColumn = 0;
    for (const QModelIndex &index : indexes) {
        if (isColumnHidden(index.column()))
            continue;
        cells[index.row()][index.column()] = index.data(Qt::DisplayRole).toString();
        minColumn = std::min(minColumn, index.column());
        maxColumn = std::max(maxColumn, index.column());
    }
    QStringList lines;
    QStringList header;
    for (int c = minColumn; c <= maxColumn; ++c) {
        if (!isColumnHidden(c))
            header.append(model()->headerData(c, Qt::Horizontal).toString());
    }
    if (cells.size() > 1)
        lines.append(header.join(QLatin1Char('\t')));
    for (const auto &[row, columns] : cells) {
        QStringList fields;
        for (int c = minColumn; c <= maxColumn; ++c) {
            if (isColumnHidden(c))
                continue;
            const auto it = columns.find(c);
            QString text = it == columns.end() ? QString() : it->second;
            text.replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
            fields.append(text);
        }
        lines.append(fields.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void CopyableTableView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        QApplication::clipboard()->setText(selectionAsTsv());
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

} // namespace oversight
