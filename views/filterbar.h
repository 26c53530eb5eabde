#pragma once

#include "period.h"

#include <QDate>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;

namespace oversight {

class Store;

// The report quarter, area and period range shared by every view. The range ends with the quarter's
// last month until the officer moves its end; choosing a quarter brings the end back to it.
class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(const Store &store, QWidget *parent = nullptr);

    // The quarter chosen among those the store holds report figures for; none when it holds none.
    std::optional<Period> quarter() const;
    QString areaCode() const;
    QDate from() const;
    QDate to() const;
    // False when the quarter is not held (the choice stays as it was).
    bool setQuarter(const Period &quarter);
    void setAreaCode(const QString &code);
    void setRange(QDate from, QDate to);
    // Area and months apply to measures, time charts and maps; report tables and finance charts show
    // the quarter only. The quarter stays enabled whenever the store holds one.
    void setAreaAndMonthsEnabled(bool enabled, const QString &whyNot = {});
    bool areaAndMonthsEnabled() const;
    QComboBox *quarterBox() const { return m_quarter; }
    // Refills quarters, areas and months after an import or undo, keeping the choices where they
    // still exist (the latest quarter where the chosen one is gone).
    void reload();

Q_SIGNALS:
    void changed();

private:
    void moveEndToQuarter();

    const Store &m_store;
    QComboBox *m_quarter;
    QComboBox *m_area;
    QComboBox *m_from;
    QComboBox *m_to;
    QList<QWidget *> m_areaAndMonths;
    // The range's end is the quarter's last month, not one the officer chose.
    bool m_endFollowsQuarter = true;
};

} // namespace oversight
