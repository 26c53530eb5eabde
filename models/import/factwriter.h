#pragma once

#include "importer.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace oversight::import {

// One value of the file on its way into the observation table.
// 32 bytes, so a chunk of a million values is 32 MB: store ids are checked to fit 32 bits before
// they get here (Run::queueFact), and the readers' limits keep rows below 2^31.
struct PendingFact {
    double value;
    qint32 measure;
    qint32 area;
    qint32 period;
    qint32 breakdown;
    qint32 row;
    qint32 column;
};
static_assert(sizeof(PendingFact) == 32);

// The values one INSERT statement reads (through a virtual table).
struct FactSlice {
    const PendingFact *facts = nullptr;
    int count = 0;
};

// A value the store held before this import and the file gives differently (Report policy).
struct StoredConflict {
    PendingFact fact;
    double storedValue;
    qint64 storedBatch;
};

// Writes an import's values into the observation table on a second thread while the first reads
// and checks the file: on two cores the reading and SQLite's b-tree work overlap instead of adding
// up. Values are collected in chunks and each chunk is written in key order, which turns scattered
// inserts (a file row per category and area) into appends along the clustered key.
//
// The connection is shared with the reading thread, which still creates measures, areas and
// periods inside the same transaction: it holds useDatabase() while it does.
class FactWriter {
public:
    FactWriter(sqlite3 *db, qint64 batchId, ConflictPolicy policy, int maxListedConflicts,
               std::size_t chunkValues = defaultChunkValues);
    ~FactWriter();
    FactWriter(const FactWriter &) = delete;
    FactWriter &operator=(const FactWriter &) = delete;

    bool start(QString *error);
    // Queues one value. A full chunk is handed over once the writer has finished the one before:
    // at most two chunks (and the writer's sorting space) are in memory.
    void add(const PendingFact &fact)
    {
        m_filling.push_back(fact);
        if (m_filling.size() >= m_chunkValues)
            queueChunk();
    }
    // Writes what is queued and waits for the thread. False on failure (errorAction, errorText).
    bool finish();
    // Stops without writing what is still queued (the caller rolls the transaction back).
    void abort();
    // True once a write failed; the reader stops early.
    bool failed() const;

    // Held by the reading thread while it uses the connection; the writer gives way between two
    // statements, so the reader never waits for a whole chunk.
    std::unique_lock<std::mutex> useDatabase();
    QString errorAction() const { return m_errorAction; }
    QString errorText() const { return m_errorText; }

    qint64 added() const { return m_added; }
    qint64 unchanged() const { return m_unchanged; }
    qint64 kept() const { return m_kept; }
    qint64 replaced() const { return m_replaced; }
    qint64 conflictCount() const { return m_conflictCount; }
    const std::vector<StoredConflict> &conflicts() const { return m_conflicts; }

    // Sorting a whole file's values before the first insert turns every insert of a new series
    // into an append at the end of the b-tree, which SQLite does without a search from the root:
    // half the cost of an insert in the middle. A chunk of a million values (32 MB) holds a
    // ward-level file; larger files are written a chunk at a time.
    static constexpr std::size_t defaultChunkValues = std::size_t(1) << 20;

private:
    void queueChunk();
    void run();
    bool writeChunk(std::vector<PendingFact> &chunk);
    bool insertRows(const PendingFact *facts, int count, int *inserted);
    bool resolveStored(const PendingFact &fact);
    bool fail(const char *what);

    sqlite3 *m_db;
    qint64 m_batchId;
    ConflictPolicy m_policy;
    int m_maxListedConflicts;
    std::size_t m_chunkValues;

    FactSlice m_slice; // what the insert statement reads through the virtual table
    bool m_moduleRegistered = false;
    sqlite3_stmt *m_insertChunk = nullptr;
    sqlite3_stmt *m_storedValue = nullptr;
    sqlite3_stmt *m_saveReplaced = nullptr;
    sqlite3_stmt *m_update = nullptr;

    std::mutex m_databaseMutex;
    std::atomic<int> m_readerWaiting{0};
    mutable std::mutex m_queueMutex;
    std::condition_variable m_queueChanged;
    std::deque<std::vector<PendingFact>> m_queue;
    std::vector<PendingFact> m_filling;
    bool m_closing = false;
    bool m_writing = false;
    std::vector<PendingFact> m_sortSpace; // reused from chunk to chunk
    bool m_aborted = false;
    bool m_failed = false;
    QString m_errorAction; // "store values"
    QString m_errorText;   // SQLite's message
    std::thread m_thread;

    // Written by the writer thread only; read after finish().
    qint64 m_added = 0;
    qint64 m_unchanged = 0;
    qint64 m_kept = 0;
    qint64 m_replaced = 0;
    qint64 m_conflictCount = 0;
    std::vector<StoredConflict> m_conflicts;
};

} // namespace oversight::import
