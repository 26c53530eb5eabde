#include "annotations.h"
#include "formatting.h"

#include "store.h"

#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

namespace oversight {

namespace annotations {

namespace {

bool validate(const Annotation &a, QString *error)
{
    if (!a.date.isValid()) {
        *error = QStringLiteral("an annotation needs a valid date");
        return false;
    }
    if (a.label.trimmed().isEmpty()) {
        *error = QStringLiteral("an annotation needs a short label");
        return false;
    }
    if (a.label.trimmed().size() > 40) {
        *error = QStringLiteral("the label \"%1\" is longer than 40 characters; put the detail in the description")
                     .arg(a.label.trimmed());
        return false;
    }
    return true;
}

} // namespace

QList<Annotation> list(const Store &store, bool includeHidden)
{
    QList<Annotation> result;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT id, event_date, label, coalesce(description, ''), hidden FROM annotation %1 "
                          "ORDER BY event_date, id")
               .arg(includeHidden ? QString() : QStringLiteral("WHERE hidden = 0")));
    while (q.next()) {
        result.append({q.value(0).toLongLong(), QDate::fromString(q.value(1).toString(), Qt::ISODate),
                       q.value(2).toString(), q.value(3).toString(), q.value(4).toBool()});
    }
    return result;
}

qint64 add(Store &store, const Annotation &annotation, QString *error)
{
    if (!validate(annotation, error))
        return -1;
    qint64 id = -1;
    const bool ok = store.write([&](QString *err) {
        QSqlQuery q(store.database());
        q.prepare(QStringLiteral("INSERT INTO annotation (event_date, label, description, hidden) VALUES (?, ?, ?, ?)"));
        q.addBindValue(annotation.date.toString(Qt::ISODate));
        q.addBindValue(annotation.label.trimmed());
        q.addBindValue(annotation.description.trimmed());
        q.addBindValue(annotation.hidden ? 1 : 0);
        if (!q.exec()) {
            *err = store.describeError(QStringLiteral("adding the annotation"), q.lastError().text());
            return false;
        }
        id = q.lastInsertId().toLongLong();
        return true;
    }, error);
    return ok ? id : -1;
}

bool update(Store &store, const Annotation &annotation, QString *error)
{
    if (!validate(annotation, error))
        return false;
    return store.write([&](QString *err) {
        QSqlQuery q(store.database());
        q.prepare(QStringLiteral("UPDATE annotation SET event_date = ?, label = ?, description = ?, hidden = ? WHERE id = ?"));
        q.addBindValue(annotation.date.toString(Qt::ISODate));
        q.addBindValue(annotation.label.trimmed());
        q.addBindValue(annotation.description.trimmed());
        q.addBindValue(annotation.hidden ? 1 : 0);
        q.addBindValue(annotation.id);
        if (!q.exec()) {
            *err = store.describeError(QStringLiteral("saving the annotation"), q.lastError().text());
            return false;
        }
        if (q.numRowsAffected() != 1) {
            *err = QStringLiteral("annotation %1 is no longer in the store").arg(annotation.id);
            return false;
        }
        return true;
    }, error);
}

bool remove(Store &store, qint64 id, QString *error)
{
    return store.write([&](QString *err) {
        QSqlQuery q(store.database());
        q.prepare(QStringLiteral("DELETE FROM annotation WHERE id = ?"));
        q.addBindValue(id);
        if (!q.exec()) {
            *err = store.describeError(QStringLiteral("removing the annotation"), q.lastError().text());
            return false;
        }
        return true;
    }, error);
}

} // namespace annotations

AnnotationModel::AnnotationModel(Store &store, QObject *parent) : QAbstractTableModel(parent), m_store(store)
{
    reload();
}

void AnnotationModel::reload()
{
    beginResetModel();
    m_rows = annotations::list(m_store, true);
    endResetModel();
}

int AnnotationModel::addAnnotation(const Annotation &annotation)
{
    m_error.clear();
    const qint64 id = annotations::add(m_store, annotation, &m_error);
    if (id < 0)
        return -1;
    reload();
    Q_EMIT annotationsChanged();
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows.at(r).id == id)
            return r;
    }
    return -1;
}

bool AnnotationModel::removeAnnotation(int row)
{
    m_error.clear();
    if (row < 0 || row >= m_rows.size())
        return false;
    if (!annotations::remove(m_store, m_rows.at(row).id, &m_error))
        return false;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT annotationsChanged();
    return true;
}

int AnnotationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AnnotationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AnnotationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Annotation &a = m_rows.at(index.row());
    switch (index.column()) {
    case DateColumn:
        if (role == Qt::DisplayRole)
            return formatting::enGB().toString(a.date, QStringLiteral("d MMM yyyy"));
        if (role == Qt::EditRole)
            return a.date;
        return {};
    case LabelColumn:
        return role == Qt::DisplayRole || role == Qt::EditRole ? QVariant(a.label) : QVariant();
    case DescriptionColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole || role == Qt::ToolTipRole)
            return a.description;
        return {};
    case ShownColumn:
        if (role == Qt::CheckStateRole)
            return a.hidden ? Qt::Unchecked : Qt::Checked;
        return {};
    default:
        return {};
    }
}

bool AnnotationModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Annotation edited = m_rows.at(index.row());
    switch (index.column()) {
    case DateColumn:
        if (role != Qt::EditRole)
            return false;
        edited.date = value.toDate();
        break;
    case LabelColumn:
        if (role != Qt::EditRole)
            return false;
        edited.label = value.toString();
        break;
    case DescriptionColumn:
        if (role != Qt::EditRole)
            return false;
        edited.description = value.toString();
        break;
    case ShownColumn:
        if (role != Qt::CheckStateRole)
            return false;
        edited.hidden = value.toInt() != Qt::Checked;
        break;
    default:
        return false;
    }
    m_error.clear();
    if (!annotations::update(m_store, edited, &m_error))
        return false;
    m_rows[index.row()] = edited;
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT annotationsChanged();
    return true;
}

Qt::ItemFlags AnnotationModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.column() == ShownColumn)
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

QVariant AnnotationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DateColumn: return QStringLiteral("Date");
    case LabelColumn: return QStringLiteral("Label on charts");
    case DescriptionColumn: return QStringLiteral("Description");
    case ShownColumn: return QStringLiteral("Shown");
    default: return {};
    }
}

} // namespace oversight
