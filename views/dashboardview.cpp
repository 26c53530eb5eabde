#include "dashboardview.h"

#include "copyabletableview.h"
#include "reporttablemodel.h"
#include "tableexportdialog.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

namespace oversight {

namespace {
constexpr int maxTextColumnWidth = 420;
}

DashboardView::DashboardView(const Store &store, const QString &tableId, const std::optional<Period> &quarter, QWidget *parent)
    : QWidget(parent), m_store(store), m_tableId(tableId), m_quarter(quarter), m_model(new ReportTableModel(this)),
      m_table(new CopyableTableView(this)), m_title(new QLabel(this)), m_subtitle(new QLabel(this)),
      m_note(new QLabel(this)), m_detail(new QLabel(this)), m_exportButton(new QPushButton(QStringLiteral("Export table…"), this))
{
    auto *layout = new QVBoxLayout(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_subtitle->setStyleSheet(QStringLiteral("color: palette(window-text);"));
    m_subtitle->setWordWrap(true);
    m_note->setWordWrap(true);
    m_table->setModel(m_model);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setAccessibleName(QStringLiteral("Report table"));
    m_exportButton->setToolTip(m_table->exportAction()->toolTip());
    m_exportButton->setAccessibleName(QStringLiteral("Export table"));
    m_table->exportAction()->setVisible(true);
    connect(m_exportButton, &QPushButton::clicked, this, &DashboardView::exportTable);
    connect(m_table, &CopyableTableView::exportRequested, this, &DashboardView::exportTable);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_exportButton, 0, Qt::AlignBottom);
    layout->addLayout(titleRow);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_table, 1);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setFrameShape(QFrame::StyledPanel);
    m_detail->setMargin(6);
    m_detail->setVisible(false);
    layout->addWidget(m_detail);
    layout->addWidget(m_note);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        const QString detail = current.data(static_cast<int>(ReportTableModel::Role::Detail)).toString();
        m_detail->setText(detail);
        m_detail->setVisible(!detail.isEmpty());
    });
    reload();
}

void DashboardView::setQuarter(const std::optional<Period> &quarter)
{
    if (quarter == m_quarter)
        return;
    m_quarter = quarter;
    // The officer's place: the row by its label (rows of another quarter may be other rows), the
    // column by position, and how far down the table was scrolled.
    const QModelIndex current = m_table->currentIndex();
    const QString rowLabel = current.isValid() ? m_model->index(current.row(), 0).data().toString() : QString();
    const int column = current.isValid() ? current.column() : -1;
    const int scrolled = m_table->verticalScrollBar()->value();
    reload();
    if (!rowLabel.isEmpty()) {
        for (int r = 0; r < m_model->rowCount(); ++r) {
            if (m_model->index(r, 0).data().toString() == rowLabel) {
                m_table->setCurrentIndex(m_model->index(r, std::min(column, m_model->columnCount() - 1)));
                break;
            }
        }
    }
    m_table->verticalScrollBar()->setValue(scrolled);
}

void DashboardView::reload()
{
    QString error;
    const auto table = m_quarter ? reporttables::build(m_store, m_tableId, *m_quarter, &error)
                                 : reporttables::build(m_store, m_tableId, &error);
    m_title->setText(reporttables::title(m_tableId));
    const bool hasTable = table.has_value();
    m_exportButton->setEnabled(hasTable);
    m_table->exportAction()->setEnabled(hasTable);
    if (!table) {
        m_model->setTable({});
        m_subtitle->setText(QStringLiteral("No figures to show: %1.").arg(error));
        m_note->clear();
        return;
    }
    m_model->setTable(*table);
    m_subtitle->setText(table->subtitle);
    QStringList notes;
    if (!table->note.isEmpty())
        notes.append(table->note);
    notes.append(table->source);
    m_note->setText(notes.join(QStringLiteral("\n")));
    for (int c = 0; c < m_model->columnCount(); ++c)
        m_table->setColumnHidden(c, c < table->columns.size() && table->columns.at(c).inDetailPane);
    m_table->resizeColumnsToContents();
    // Long text (milestones, chosen priorities) wraps in a capped column so the figures and
    // statuses beside it stay on screen.
    bool wrapped = false;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (!m_table->isColumnHidden(c) && m_table->columnWidth(c) > maxTextColumnWidth) {
            m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Interactive);
            m_table->setColumnWidth(c, maxTextColumnWidth);
            wrapped = true;
        }
    }
    m_table->setWordWrap(wrapped);
    if (wrapped)
        m_table->resizeRowsToContents();
    if (m_model->rowCount() > 0 && !m_model->index(0, 0).data(static_cast<int>(ReportTableModel::Role::Detail)).toString().isEmpty())
        m_table->setCurrentIndex(m_model->index(0, 0));
}

tableexport::ExportTable DashboardView::exportData() const
{
    return tableexport::fromReportTable(m_model->table());
}

void DashboardView::exportTable()
{
    if (m_model->columnCount() == 0)
        return;
    exportTableWithDialog(this, exportData(), m_model->table().title.isEmpty() ? m_tableId : m_model->table().title);
}

} // namespace oversight
