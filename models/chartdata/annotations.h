#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QList>
#include <QString>

namespace oversight {

class Store;

// An event drawn as a vertical marker on time charts ("EU referendum", 23 June 2016).
struct Annotation {
    qint64 id = 0;
    QDate date;
    QString label;       // short: drawn on the chart
    QString description; // longer: the marker's tooltip
    bool hidden = false;
};

namespace annotations {

// Every annotation in date order; hidden ones only when asked for.
QList<Annotation> list(const Store &store, bool includeHidden = false);
// Adds one (returns its id, or -1 with a message naming what is wrong).
qint64 add(Store &store, const Annotation &annotation, QString *error);
// Saves date, label, description and hidden for annotation.id.
bool update(Store &store, const Annotation &annotation, QString *error);
bool remove(Store &store, qint64 id, QString *error);

} // namespace annotations

// The annotations as an editable table (date, label, description, shown): the editor dialog's
// model. Every edit is written to the store at once, in its own transaction.
class AnnotationModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { DateColumn, LabelColumn, DescriptionColumn, ShownColumn, ColumnCount };

    explicit AnnotationModel(Store &store, QObject *parent = nullptr);
    void reload();
    const Annotation &annotationAt(int row) const { return m_rows.at(row); }
    // The last write's error (empty after a successful edit).
    QString lastError() const { return m_error; }

    // Adds an annotation and returns its row (-1 on error, see lastError()).
    int addAnnotation(const Annotation &annotation);
    bool removeAnnotation(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // An annotation was added, edited, hidden, shown or removed: charts redraw.
    void annotationsChanged();

private:
    Store &m_store;
    QList<Annotation> m_rows;
    QString m_error;
};

} // namespace oversight
