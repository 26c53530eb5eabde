#include "annotationsdialog.h"

#include "annotations.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace oversight {

AnnotationsDialog::AnnotationsDialog(AnnotationModel *model, QWidget *parent)
    : QDialog(parent), m_model(model), m_table(new QTableView(this))
{
    setWindowTitle(QStringLiteral("Events on time charts"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(QStringLiteral("Events are drawn as dotted vertical lines with their label on every time chart "
                                            "whose span includes them. Untick \"Shown\" to hide one; double-click a cell to edit it."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table->setModel(model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_table->horizontalHeader()->setSectionResizeMode(AnnotationModel::DescriptionColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(AnnotationModel::DateColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(AnnotationModel::LabelColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(AnnotationModel::ShownColumn, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *add = buttons->addButton(QStringLiteral("&Add event"), QDialogButtonBox::ActionRole);
    QPushButton *remove = buttons->addButton(QStringLiteral("&Remove"), QDialogButtonBox::ActionRole);
    connect(add, &QPushButton::clicked, this, &AnnotationsDialog::addEvent);
    connect(remove, &QPushButton::clicked, this, &AnnotationsDialog::removeSelected);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    layout->addWidget(buttons);
    // A rejected edit (empty label, label too long) is reported rather than silently dropped.
    connect(m_table->itemDelegate(), &QAbstractItemDelegate::closeEditor, this, [this] {
        if (!m_model->lastError().isEmpty())
            showError();
    });
    resize(820, 420);
}

void AnnotationsDialog::addEvent()
{
    Annotation a;
    a.date = QDate::currentDate();
    a.label = QStringLiteral("New event");
    const int row = m_model->addAnnotation(a);
    if (row < 0)
        return showError();
    const QModelIndex label = m_model->index(row, AnnotationModel::DateColumn);
    m_table->setCurrentIndex(label);
    m_table->edit(label);
}

void AnnotationsDialog::removeSelected()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    const Annotation &a = m_model->annotationAt(current.row());
    if (QMessageBox::question(this, windowTitle(), QStringLiteral("Remove the event \"%1\"? Hiding it keeps it for later.").arg(a.label))
        != QMessageBox::Yes)
        return;
    if (!m_model->removeAnnotation(current.row()))
        showError();
}

void AnnotationsDialog::showError()
{
    QMessageBox::warning(this, windowTitle(), QStringLiteral("The event was not saved: %1.").arg(m_model->lastError()));
}

} // namespace oversight
