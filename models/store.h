#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace oversight {

// One Oversight store: a SQLite file with a versioned schema. Opening never changes a file it
// refuses (newer schema, not SQLite, not an Oversight store, read-only): the checks run before
// anything is written.
class Store {
public:
    enum class Content {
        Default, // a new store gets the report's quarter and the MPS open data
        Empty,   // a new store gets the schema and the reference dimensions only
    };
    struct Options {
        Content content = Content::Default;
        int busyTimeoutMs = 3000;
        // How long the quick check of an existing store may read pages before the store opens
        // anyway (with a note: openNotes); negative: no bound. About 200 MB are checked in 5 s.
        int checkBudgetMs = 5000;
    };

    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Opens the store at path, creating it (owner read/write only) when it does not exist.
    // Returns nullptr and a message naming the file on failure.
    static std::unique_ptr<Store> open(const QString &path, QString *error);
    static std::unique_ptr<Store> open(const QString &path, const Options &options, QString *error);

    QString path() const { return m_path; }
    // What the officer should know about how the store was opened (a check that ran out of time).
    QStringList openNotes() const { return m_openNotes; }
    QSqlDatabase database() const;
    int schemaVersion() const;

    // Runs work inside one transaction (BEGIN IMMEDIATE): commit when it returns true, roll
    // back when it returns false or a statement fails. The message names the store when busy.
    bool write(const std::function<bool(QString *error)> &work, QString *error);

    // One consistent state of the store for a read of many queries (the board pack, an export, a
    // view's refresh): from the first query to the end of the scope every query sees the store as
    // it was then, whatever other processes commit meanwhile (a WAL read transaction: BEGIN and a
    // first read pin the snapshot). Nested scopes share the outermost one. Not for writing inside:
    // write() starts its own transaction.
    class ReadSnapshot {
    public:
        explicit ReadSnapshot(const Store &store);
        ~ReadSnapshot();
        ReadSnapshot(const ReadSnapshot &) = delete;
        ReadSnapshot &operator=(const ReadSnapshot &) = delete;

    private:
        const Store &m_store;
        bool m_began = false;
    };

    // Turns a SQL error into the message officers see ("store is busy" for lock contention).
    QString describeError(const QString &what, const QString &sqlError) const;

    // Upgrades an open database from its user_version to the latest. Exposed for tests.
    static bool migrate(QSqlDatabase db, int fromVersion, int toVersion, QString *error);

private:
    explicit Store(QString path, QString connectionName);
    bool configure(int busyTimeoutMs, QString *error);

    QString m_path;
    QString m_connection;
    mutable int m_snapshotDepth = 0;
    QStringList m_openNotes;
    // Opened after a check of every page (or one skipped because the file is as Oversight left it):
    // only such a store is remembered as sound when it closes.
    bool m_checkedWhole = true;
};

} // namespace oversight
