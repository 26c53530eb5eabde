#include "importhistoryview.h"

#include "importer.h"
#include "importmodels.h"

#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace oversight {

ImportHistoryView::ImportHistoryView(Store &store, QWidget *parent)
    : QWidget(parent), m_store(store), m_model(new import::BatchesModel(store, this)), m_table(new QTableView(this)),
      m_undo(new QPushButton(QStringLiteral("&Undo this import…"), this)), m_message(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(QStringLiteral("Import history"), this);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    title->setFont(font);
    layout->addWidget(title);
    auto *subtitle = new QLabel(QStringLiteral("Every figure in the store names the batch it came from. Undoing a batch "
                                               "removes exactly its figures, restores any it replaced, and removes the measures, areas, breakdowns "
                                               "and profile it created where nothing else uses them."),
                                this);
    subtitle->setWordWrap(true);
    layout->addWidget(subtitle);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAccessibleName(QStringLiteral("Import batches"));
    layout->addWidget(m_table, 1);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    layout->addWidget(m_undo, 0, Qt::AlignLeft);
    m_undo->setEnabled(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { m_undo->setEnabled(current.isValid()); });
    connect(m_undo, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid())
            undoBatch(m_model->data(current, static_cast<int>(import::BatchesModel::Role::BatchId)).toLongLong(), true);
    });
    reload();
}

void ImportHistoryView::reload()
{
    m_model->reload();
    m_table->resizeColumnsToContents();
}

bool ImportHistoryView::undoBatch(qint64 batchId, bool confirm)
{
    if (confirm
        && QMessageBox::question(this, QStringLiteral("Undo import"),
                                 QStringLiteral("Remove every figure of batch %1, restore what it replaced, and remove what it created "
                                                "that nothing else uses?").arg(batchId))
               != QMessageBox::Yes)
        return false;
    QString error;
    import::UndoSummary summary;
    if (!import::Importer::undo(m_store, batchId, &error, &summary)) {
        m_message->setText(QStringLiteral("Batch %1 was not undone: %2").arg(batchId).arg(error));
        return false;
    }
    m_message->setText(summary.message());
    reload();
    Q_EMIT storeChanged();
    return true;
}

} // namespace oversight
