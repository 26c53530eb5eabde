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

// Where a milestone's status comes from, as the store records it (milestone.status_from):
// "printed" — the report's own status icon survives beside the milestone in its text;
// "inferred" — read from the commentary's words, which are kept (status_words);
// empty — no status ("not stated").
inline constexpr auto kStatusPrinted = "printed";
inline constexpr auto kStatusInferred = "inferred";

// One milestone's status and its basis, as the seed or an import gives it.
struct MilestoneStatusBasis {
    QString status;     // one of milestoneStatuses()
    QString from;       // kStatusPrinted, kStatusInferred or empty
    QString icon;       // the status icon beside the milestone in the report's text, if one survives
    QString words;      // for an inferred status: the commentary's words it was read from
    QString commentary;
};

// Why a status's basis does not hold together, or empty when it does: a stated status is printed
// (with its icon) or inferred (with words found in the commentary, word for word); "not stated"
// has neither source nor words.
QString milestoneStatusBasisProblem(const MilestoneStatusBasis &basis);
// Milestones bearing the same printed icon must carry the same status: empty when they do, else
// the first disagreement, naming the two milestones by their labels (same order as bases).
QString milestoneIconDisagreement(const QList<MilestoneStatusBasis> &bases, const QStringList &labels);

// Annex A as reported at one quarter: every milestone, grouped by the report's sections.
class MilestoneBoardData {
public:
    struct Milestone {
        int ordinal = 0;
        QString section;
        QString programme;  // as transcribed; empty where the report gives none
        QString text;
        QString status;
        QString statusFrom;  // kStatusPrinted, kStatusInferred or empty (not stated)
        QString statusIcon;  // as it survives in the report's text
        QString statusWords; // the words an inferred status was read from (empty in a store migrated
                             // from before these were kept)
        QString commentary;
        bool inferred() const { return statusFrom == QLatin1String(kStatusInferred); }
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
    // Statuses inferred from commentary (all, or of one status), and those printed.
    int inferredCount(const QString &status = QString()) const;
    int printedCount() const;
    int count(const Section &section, const QString &status) const;

private:
    Quarter m_quarter;
    QList<Milestone> m_milestones;
    QList<Section> m_sections;
    QStringList m_statuses;
};

} // namespace oversight
