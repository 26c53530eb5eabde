#pragma once

#include "importer.h"
#include "importplan.h"
#include "profiles.h"

#include <QWizard>

#include <memory>

namespace oversight {

class Store;

namespace import {
class Reader;
class PreviewModel;
class IssuesModel;
class ConflictsModel;
}

// Next quarter's spreadsheet in: file -> sheet and header (live preview) -> layout and column
// roles -> validation report -> conflicts -> summary and commit (progress, Cancel). The engine
// does the reading and checking; the pages only drive it.
class ImportWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { FilePage, SheetPage, LayoutPage, ValidationPage, ConflictsPage, SummaryPage };

    ImportWizard(Store &store, const QString &path = {}, QWidget *parent = nullptr);
    ~ImportWizard() override;

    // Shared state the pages work on.
    Store &store() { return m_store; }
    QString path() const { return m_path; }
    bool openFile(const QString &path, QString *error);
    import::Reader *reader() const { return m_reader.get(); }
    import::ImportPlan &plan() { return m_plan; }
    import::PreviewModel *preview() const { return m_preview; }
    import::ProfileStore &profiles() { return m_profiles; }
    QString matchedProfile() const { return m_matchedProfile; }
    // The profile saved under this name was new: it is recorded with the import and goes with its undo.
    void profileCreated(const QString &name) { m_createdProfile = name; }
    bool reloadPreview(QString *error);

    // Dry run with the current plan; returns the result (conflicts, issues, counts).
    const import::ImportResult &check();
    const import::ImportResult &lastCheck() const { return m_lastCheck; }
    import::ConflictPolicy policy = import::ConflictPolicy::Report;
    // The officer asked for the choices to be saved as a profile: saved again as the import is
    // written, so what was put right on the validation page is in it too.
    bool saveProfile = false;
    const import::ImportResult &commitResult() const { return m_commit; }
    // Commits; progress is reported to the summary page. False when cancelled or failed.
    bool commit(const import::Progress &progress);
    qint64 committedBatch() const { return m_commit.committed ? m_commit.batchId : -1; }

    int nextId() const override;

Q_SIGNALS:
    void imported(qint64 batchId);

private:
    Store &m_store;
    QString m_path;
    std::unique_ptr<import::Reader> m_reader;
    import::ImportPlan m_plan;
    import::PreviewModel *m_preview;
    import::ProfileStore m_profiles;
    QString m_matchedProfile;
    QString m_createdProfile;
    import::ImportResult m_lastCheck;
    import::ImportResult m_commit;
};

} // namespace oversight
