#pragma once

#include "importplan.h"

#include <QList>
#include <QString>

#include <optional>

namespace oversight::import {

// Saved import profiles: readable JSON files, one per profile, in the app data folder, so next
// quarter's file of the same shape imports in one step.
class ProfileStore {
public:
    // folder empty = <app data>/profiles
    explicit ProfileStore(QString folder = {});

    QString folder() const { return m_folder; }
    // created: whether the file is new (a profile of that name did not exist before).
    bool save(const ImportPlan &plan, QString *error, bool *created = nullptr);
    // A profile of several sheets of one workbook, imported together: each sheet's plan, found by
    // its sheet's name next time; named by the first plan's profileName.
    bool save(const QList<ImportPlan> &plans, QString *error, bool *created = nullptr);
    // The file a profile of this name is saved as.
    QString pathFor(const QString &name) const;
    // A profile by name (in the folder) or by path to a .json file: the plan of each sheet it reads.
    std::optional<QList<ImportPlan>> loadSheets(const QString &nameOrPath, QString *error) const;
    // A profile of one sheet; one of several is refused, naming how many.
    std::optional<ImportPlan> load(const QString &nameOrPath, QString *error) const;
    // The profiles of one sheet each (those of several are used by name only).
    QList<ImportPlan> all() const;
    // The saved profile of one sheet for a file of this shape (same sheet name and headers), if any.
    std::optional<ImportPlan> match(const ImportPlan &detected) const;

private:
    QString m_folder;
};

// Applies a saved profile to a new file: sheet by name, header row, column roles by header text,
// period columns re-read from the new header. A report table's quarter is the new file's own, from
// its title rows or else its name (fileName), never the profile's.
bool applyProfile(Reader &reader, const ImportPlan &profile, ImportPlan *plan, QString *error, const QString &fileName = {});

} // namespace oversight::import
