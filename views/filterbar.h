#pragma once

#include <QDate>
#include <QWidget>

class QComboBox;

namespace oversight {

class Store;

// Area and period range shared by every view.
class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(const Store &store, QWidget *parent = nullptr);

    QString areaCode() const;
    QDate from() const;
    QDate to() const;
    void setAreaCode(const QString &code);
    void setRange(QDate from, QDate to);
    // Refills areas and months after an import or undo, keeping the choices where they still exist.
    void reload();

Q_SIGNALS:
    void changed();

private:
    const Store &m_store;
    QComboBox *m_area;
    QComboBox *m_from;
    QComboBox *m_to;
};

} // namespace oversight
