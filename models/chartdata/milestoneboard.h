#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace oversight {

class Store;

// The statuses the schema allows, in the board's order (best first, then "not stated": where the
// report's status icon was lost in transcription).
QStringList milestoneStatuses();
// "Delivered", "On track", "Some delays", "Not stated".
QString milestoneStatusLabel(const QString &status);

// Annex A as reported at one quarter: every milestone, grouped by the report's sections.
class MilestoneBoardData {
public:
    struct Milestone {
        int ordinal = 0;
        QString section;
        QString programme;  // as transcribed; empty where the report gives none
        QString text;
        QString status;
        QString commentary;
        QString dueQuarter; // the milestone's own quarter ("Q2 2017/18")
    };
    struct Section {
        QString name;
        QList<int> milestones; // indexes into milestones(), in the report's order
    };
    struct Quarter {
        QString code;  // "Q1 2017/18"
        QString label;
        QDate end;
    };

    // The quarters at which milestones were reported, latest first.
    static QList<Quarter> reportQuarters(const Store &store, QString *error);
    // The milestones reported at quarterCode (empty: the latest). Empty data when there are none;
    // error is set only for a failed query.
    static MilestoneBoardData load(const Store &store, const QString &quarterCode, QString *error);

    bool isEmpty() const { return m_milestones.isEmpty(); }
    const Quarter &quarter() const { return m_quarter; }
    const QList<Milestone> &milestones() const { return m_milestones; }
    const QList<Section> &sections() const { return m_sections; }
    // The statuses the board shows: those the store holds (any quarter), in milestoneStatuses() order.
    const QStringList &statuses() const { return m_statuses; }

    int count(const QString &status) const;
    int count(const Section &section, const QString &status) const;

private:
    Quarter m_quarter;
    QList<Milestone> m_milestones;
    QList<Section> m_sections;
    QStringList m_statuses;
};

} // namespace oversight
