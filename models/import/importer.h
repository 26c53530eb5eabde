#pragma once

#include "importplan.h"
#include "reader.h"

#include <QList>
#include <QString>

#include <cstddef>

namespace oversight {
class Store;
}

namespace oversight::import {

class ProfileStore;

// One finding of validation, naming where it is: "file.xlsx:Sheet1!D12: message".
struct ImportIssue {
    // A note is what the importer decided for the file (e.g. which MPS classification its categories
    // are read in): shown in the plan, neither an error nor a warning.
    enum class Severity { Error, Warning, Note };
    Severity severity = Severity::Error;
    QString file;
    QString sheet;
    qint64 row = 0;  // 1-based; 0 = the file as a whole
    int column = -1; // 0-based; -1 = the row as a whole
    QString cellText;
    QString message;

    QString location() const;
    QString toString() const;
};

// A value in the file that differs from the stored one.
struct ValueConflict {
    QString measureKey;
    QString measureName;
    QString areaCode;
    QString areaName;
    QString periodLabel;
    QString breakdown;
    double storedValue = 0.0;
    double fileValue = 0.0;
    qint64 storedBatch = 0;
    qint64 row = 0;
    int column = -1;
    QString sheet; // the sheet of row and column
};

enum class ConflictPolicy {
    Report,  // list conflicts and write nothing
    Replace, // the file's values win; the replaced ones are kept for undo
    Keep,    // the stored values win
};

struct ImportOptions {
    ConflictPolicy policy = ConflictPolicy::Report;
    bool dryRun = false;
    bool allowDuplicateFile = false; // import a file whose contents were imported before
    Progress progress;               // bytes read; return false to cancel
    int maxListedIssues = 1000;      // the rest are counted
    int maxListedConflicts = 1000;
    // Values sorted and written together (see FactWriter); smaller only to test chunking.
    std::size_t valuesPerWriteChunk = std::size_t(1) << 20;
};

struct ImportResult {
    bool ok = false;        // no errors, no unresolved conflicts and no unconfirmed units
    bool committed = false; // the store was changed
    bool cancelled = false;
    qint64 batchId = -1;
    qint64 duplicateOfBatch = -1;
    qint64 rowsRead = 0;
    qint64 valuesRead = 0;
    qint64 added = 0;
    qint64 replaced = 0;
    qint64 unchanged = 0;
    qint64 kept = 0;
    qint64 skipped = 0;      // cells with no figure ("-", "n/a", blank)
    qint64 totalRows = 0;    // total rows checked and not stored
    qint64 errorCount = 0;
    qint64 warningCount = 0;
    qint64 conflictCount = 0;
    qint64 skippedRows = 0;  // rows the officer left out (ImportPlan::skipRows)
    QStringList newMeasures;
    // Measures whose figures do not look like their unit and were not confirmed (unitMismatch):
    // each is a warning the wizard asks the officer to confirm before importing.
    QStringList unconfirmedUnits;
    QStringList newAreas;
    QList<ImportIssue> issues;
    QList<ValueConflict> conflicts;
    QString fileName;
    QString sha256;

    QString summary() const;
};

struct BatchInfo {
    qint64 id = 0;
    QString source;
    QString fileName;
    QString sha256;
    qint64 fileSize = 0;
    QString importedAt;
    QString importedBy;
    QString profile;
    qint64 rowCount = 0;
    qint64 added = 0;
    qint64 replaced = 0;
    qint64 unchanged = 0;
};

// What undoing a batch took out of the store: its figures, what it had replaced put back, and the
// measures, areas and breakdowns it created and its profile, each unless something still uses it.
struct UndoSummary {
    qint64 batchId = 0;
    QString fileName;
    qint64 figures = 0;  // the batch's own figures removed
    qint64 restored = 0; // figures it had replaced, put back
    qint64 tableLines = 0; // lines of the report's finance, reserves, LCPF, priority and milestone tables
    QStringList measures;   // names of the measures it created, removed
    QStringList areas;      // names of the areas it created, removed
    QStringList breakdowns; // "Sex: Female": the groups it created, removed
    // What it created and is kept, and why ("ASB calls: batch 9 uses it").
    QStringList kept;
    QString profile;     // the profile it saved, removed with it
    QString profileNote; // why its profile stays, or why removing the file failed

    // "Undid batch 7 (asb.csv): 1,204 figures; 2 measures it created (ASB calls, …); its profile 'asb-return'."
    QString message() const;
};

// Imports one or several sheets of one file into the store in one transaction, as one batch:
// everything or nothing.
class Importer {
public:
    explicit Importer(Store &store);

    ImportResult run(const QString &path, Reader &reader, const ImportPlan &plan, const ImportOptions &options);
    // Several sheets of one workbook, one plan each, read in the order given. A figure (measure,
    // area, period and breakdown) two sheets both give is stored once when they agree and is an
    // error naming both cells when they do not. One of Oversight's own tables is imported alone.
    ImportResult run(const QString &path, Reader &reader, const QList<ImportPlan> &plans, const ImportOptions &options);

    // Removes exactly that batch's figures, restores anything it replaced, and removes the measures,
    // areas and breakdowns it created that nothing else uses, in one transaction; then its profile's
    // file, where the batch made it and no later batch used it. Profiles in profiles' folder (the
    // default one when null) and in that profile's folder keep the measures and areas they name.
    static bool undo(Store &store, qint64 batchId, QString *error, UndoSummary *summary = nullptr,
                     const ProfileStore *profiles = nullptr);
    // Records that the batch's choices were saved as a new profile, in file: undoing the batch removes it.
    static bool recordSavedProfile(Store &store, qint64 batchId, const QString &name, const QString &file, QString *error);
    static QList<BatchInfo> batches(const Store &store);
    static qint64 batchWithHash(const Store &store, const QString &sha256);
    static QString fileSha256(const QString &path, qint64 *size, QString *error);

private:
    Store &m_store;
};

} // namespace oversight::import
