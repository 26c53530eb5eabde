#include "dashboardview.h"

#include "copyabletableview.h"
#include "reporttablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QVBoxLayout>

namespace oversight {

DashboardView::DashboardView(const Store &store, const QString &tableId, QWidget *parent)
    : QWidget(parent), m_store(store), m_tableId(tableId), m_model(new ReportTableModel(this)),
      m_table(new CopyableTableView(this)), m_title(new QLabel(this)), m_subtitle(new QLabel(this)),
      m_note(new QLabel(this))
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
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    reload();
}

void DashboardView::reload()
{
    QString error;
    const auto table = reporttables::build(m_store, m_tableId, &error);
    m_title->setText(reporttables::title(m_tableId));
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
    m_table->resizeColumnsToContents();
}

} // namespace oversight
