#include "factwriter.h"

#include <sqlite3.h>

#include <algorithm>
#include <limits>

namespace oversight::import {

namespace {

// Values per INSERT statement: enough that a statement's own cost vanishes, few enough that the
// reading thread, which takes the connection between two statements, waits a few milliseconds at most.
constexpr int rowsPerStatement = 4096;

// The chunk being written is read by SQLite through an eponymous virtual table: one INSERT … SELECT
// takes thousands of values with no binding per value, which costs less than the insert itself.
constexpr char chunkModuleName[] = "oversight_import_chunk";

struct ChunkTable {
    sqlite3_vtab base;
    const FactSlice *slice;
};

struct ChunkCursor {
    sqlite3_vtab_cursor base;
    const FactSlice *slice;
    int index;
};

int chunkConnect(sqlite3 *db, void *slice, int, const char *const *, sqlite3_vtab **table, char **)
{
    const int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(measure_id INTEGER, area_id INTEGER, period_id INTEGER, "
                                            "breakdown_id INTEGER, value REAL)");
    if (rc != SQLITE_OK)
        return rc;
    auto *created = static_cast<ChunkTable *>(sqlite3_malloc(sizeof(ChunkTable)));
    if (!created)
        return SQLITE_NOMEM;
    *created = {};
    created->slice = static_cast<const FactSlice *>(slice);
    *table = &created->base;
    return SQLITE_OK;
}

int chunkBestIndex(sqlite3_vtab *, sqlite3_index_info *info)
{
    info->estimatedCost = double(rowsPerStatement);
    info->estimatedRows = rowsPerStatement;
    return SQLITE_OK;
}

int chunkDisconnect(sqlite3_vtab *table)
{
    sqlite3_free(table);
    return SQLITE_OK;
}

int chunkOpen(sqlite3_vtab *table, sqlite3_vtab_cursor **cursor)
{
    auto *opened = static_cast<ChunkCursor *>(sqlite3_malloc(sizeof(ChunkCursor)));
    if (!opened)
        return SQLITE_NOMEM;
    *opened = {};
    opened->slice = reinterpret_cast<ChunkTable *>(table)->slice;
    *cursor = &opened->base;
    return SQLITE_OK;
}

int chunkClose(sqlite3_vtab_cursor *cursor)
{
    sqlite3_free(cursor);
    return SQLITE_OK;
}

int chunkFilter(sqlite3_vtab_cursor *cursor, int, const char *, int, sqlite3_value **)
{
    reinterpret_cast<ChunkCursor *>(cursor)->index = 0;
    return SQLITE_OK;
}

int chunkNext(sqlite3_vtab_cursor *cursor)
{
    ++reinterpret_cast<ChunkCursor *>(cursor)->index;
    return SQLITE_OK;
}

int chunkEof(sqlite3_vtab_cursor *cursor)
{
    const auto *c = reinterpret_cast<ChunkCursor *>(cursor);
    return c->index >= c->slice->count;
}

int chunkColumn(sqlite3_vtab_cursor *cursor, sqlite3_context *context, int column)
{
    const auto *c = reinterpret_cast<ChunkCursor *>(cursor);
    const PendingFact &fact = c->slice->facts[c->index];
    switch (column) {
    case 0:
        sqlite3_result_int64(context, fact.measure);
        break;
    case 1:
        sqlite3_result_int64(context, fact.area);
        break;
    case 2:
        sqlite3_result_int64(context, fact.period);
        break;
    case 3:
        sqlite3_result_int64(context, fact.breakdown);
        break;
    default:
        sqlite3_result_double(context, fact.value);
        break;
    }
    return SQLITE_OK;
}

int chunkRowid(sqlite3_vtab_cursor *cursor, sqlite3_int64 *rowid)
{
    *rowid = reinterpret_cast<ChunkCursor *>(cursor)->index;
    return SQLITE_OK;
}

sqlite3_module chunkModule()
{
    sqlite3_module module{};
    module.xCreate = nullptr; // eponymous only: usable by name, never created in a schema
    module.xConnect = chunkConnect;
    module.xBestIndex = chunkBestIndex;
    module.xDisconnect = chunkDisconnect;
    module.xOpen = chunkOpen;
    module.xClose = chunkClose;
    module.xFilter = chunkFilter;
    module.xNext = chunkNext;
    module.xEof = chunkEof;
    module.xColumn = chunkColumn;
    module.xRowid = chunkRowid;
    return module;
}

const sqlite3_module &chunkModuleDefinition()
{
    static const sqlite3_module module = chunkModule();
    return module;
}

struct KeyLess {
    bool operator()(const PendingFact &a, const PendingFact &b) const
    {
        if (a.measure != b.measure)
            return a.measure < b.measure;
        if (a.area != b.area)
            return a.area < b.area;
        if (a.period != b.period)
            return a.period < b.period;
        return a.breakdown < b.breakdown;
    }
};

// Puts a chunk in key order. Files list a measure's values area by area in rows, and an area's
// values period by period, so after a stable bucketing by measure most buckets are in order
// already: they are only checked, and sorted when not.
void sortByKey(std::vector<PendingFact> &chunk, std::vector<PendingFact> &bucketed)
{
    qint64 lowest = std::numeric_limits<qint64>::max();
    qint64 highest = std::numeric_limits<qint64>::min();
    for (const PendingFact &fact : chunk) {
        lowest = std::min(lowest, qint64(fact.measure));
        highest = std::max(highest, qint64(fact.measure));
    }
    if (chunk.empty() || highest - lowest >= qint64(chunk.size())) {
        std::sort(chunk.begin(), chunk.end(), KeyLess());
        return;
    }
    std::vector<std::size_t> start(std::size_t(highest - lowest) + 2, 0);
    for (const PendingFact &fact : chunk)
        ++start[std::size_t(fact.measure - lowest) + 1];
    for (std::size_t i = 1; i < start.size(); ++i)
        start[i] += start[i - 1];
    bucketed.resize(chunk.size());
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (const PendingFact &fact : chunk)
        bucketed[next[std::size_t(fact.measure - lowest)]++] = fact;
    for (std::size_t b = 0; b + 1 < start.size(); ++b) {
        const auto first = bucketed.begin() + std::ptrdiff_t(start[b]);
        const auto last = bucketed.begin() + std::ptrdiff_t(start[b + 1]);
        if (!std::is_sorted(first, last, KeyLess()))
            std::sort(first, last, KeyLess());
    }
    chunk.swap(bucketed);
}

} // namespace

FactWriter::FactWriter(sqlite3 *db, qint64 batchId, ConflictPolicy policy, int maxListedConflicts, std::size_t chunkValues)
    : m_db(db), m_batchId(batchId), m_policy(policy), m_maxListedConflicts(maxListedConflicts),
      m_chunkValues(std::max<std::size_t>(chunkValues, 1))
{
}

FactWriter::~FactWriter()
{
    abort();
    for (sqlite3_stmt *statement : {m_insertChunk, m_storedValue, m_saveReplaced, m_update})
        sqlite3_finalize(statement);
    if (m_moduleRegistered)
        sqlite3_create_module_v2(m_db, chunkModuleName, nullptr, nullptr, nullptr); // drops it
}

bool FactWriter::start(QString *error)
{
    auto prepare = [&](const QByteArray &sql, sqlite3_stmt **statement) {
        if (sqlite3_prepare_v2(m_db, sql.constData(), -1, statement, nullptr) == SQLITE_OK)
            return true;
        *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    };
    if (sqlite3_create_module_v2(m_db, chunkModuleName, &chunkModuleDefinition(), &m_slice, nullptr) != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }
    m_moduleRegistered = true;
    // WHERE true: an upsert after INSERT … SELECT needs it to parse. A value stored before is left
    // alone here and sorted out by resolveStored().
    if (!prepare(QByteArray("INSERT INTO observation (measure_id, area_id, period_id, breakdown_id, value, batch_id) "
                            "SELECT measure_id, area_id, period_id, breakdown_id, value, ?1 FROM ")
                     + chunkModuleName + " WHERE true ON CONFLICT DO NOTHING",
                 &m_insertChunk)
        || !prepare("SELECT value, batch_id, source_ref, decimals FROM observation WHERE measure_id = ? AND area_id = ? "
                    "AND period_id = ? AND breakdown_id = ?",
                    &m_storedValue)
        || !prepare("INSERT INTO observation_replaced (batch_id, measure_id, area_id, period_id, breakdown_id, old_value, "
                    "old_batch_id, old_source_ref, old_decimals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    &m_saveReplaced)
        || !prepare(// The new value was not stated with the old one's decimals: NULL = as the unit's default.
                    "UPDATE observation SET value = ?, batch_id = ?, source_ref = NULL, decimals = NULL WHERE measure_id = ? AND "
                    "area_id = ? AND period_id = ? AND breakdown_id = ?",
                    &m_update))
        return false;
    m_thread = std::thread([this] { run(); });
    return true;
}

void FactWriter::queueChunk()
{
    std::unique_lock lock(m_queueMutex);
    m_queueChanged.wait(lock, [this] { return (m_queue.empty() && !m_writing) || m_failed || m_aborted; });
    if (m_failed || m_aborted) {
        m_filling.clear(); // nobody will write it; the reader stops at its next row
        return;
    }
    m_queue.push_back(std::move(m_filling));
    m_filling = {};
    m_queueChanged.notify_all();
}

std::unique_lock<std::mutex> FactWriter::useDatabase()
{
    ++m_readerWaiting;
    std::unique_lock lock(m_databaseMutex);
    --m_readerWaiting;
    return lock;
}

bool FactWriter::finish()
{
    {
        std::lock_guard lock(m_queueMutex);
        if (!m_filling.empty())
            m_queue.push_back(std::move(m_filling));
        m_filling = {};
        m_closing = true;
        m_queueChanged.notify_all();
    }
    if (m_thread.joinable())
        m_thread.join();
    return !m_failed;
}

void FactWriter::abort()
{
    {
        std::lock_guard lock(m_queueMutex);
        m_aborted = true;
        m_queue.clear();
        m_queueChanged.notify_all();
    }
    if (m_thread.joinable())
        m_thread.join();
}

bool FactWriter::failed() const
{
    std::lock_guard lock(m_queueMutex);
    return m_failed;
}

void FactWriter::run()
{
    for (;;) {
        std::vector<PendingFact> chunk;
        {
            std::unique_lock lock(m_queueMutex);
            m_queueChanged.wait(lock, [this] { return !m_queue.empty() || m_closing || m_aborted; });
            if (m_aborted || m_queue.empty())
                return;
            chunk = std::move(m_queue.front());
            m_queue.pop_front();
            m_writing = true;
        }
        const bool written = writeChunk(chunk);
        chunk = {}; // freed before the next chunk is handed over
        {
            std::lock_guard lock(m_queueMutex);
            m_writing = false;
            m_queueChanged.notify_all();
        }
        if (!written) {
            std::lock_guard lock(m_queueMutex);
            m_failed = true;
            m_queue.clear();
            m_queueChanged.notify_all();
            return;
        }
    }
}

bool FactWriter::writeChunk(std::vector<PendingFact> &chunk)
{
    sortByKey(chunk, m_sortSpace);
    const int total = static_cast<int>(chunk.size());
    for (int first = 0; first < total; first += rowsPerStatement) {
        {
            std::lock_guard lock(m_queueMutex);
            if (m_aborted)
                return true;
        }
        const int count = std::min(rowsPerStatement, total - first);
        // The reading thread takes the connection between two statements when it needs it (a new
        // measure, area or period); a mutex alone would let this loop take it back first.
        while (m_readerWaiting.load() > 0)
            std::this_thread::yield();
        std::lock_guard databaseLock(m_databaseMutex);
        int inserted = 0;
        if (!insertRows(chunk.data() + first, count, &inserted))
            return false;
        if (inserted == count) {
            m_added += count;
            continue;
        }
        for (int i = first; i < first + count; ++i) {
            if (!resolveStored(chunk[std::size_t(i)]))
                return false;
        }
    }
    return true;
}

bool FactWriter::insertRows(const PendingFact *facts, int count, int *inserted)
{
    m_slice.facts = facts;
    m_slice.count = count;
    sqlite3_bind_int64(m_insertChunk, 1, m_batchId);
    const int rc = sqlite3_step(m_insertChunk);
    sqlite3_reset(m_insertChunk);
    m_slice = {};
    if (rc != SQLITE_DONE)
        return fail("store values");
    *inserted = sqlite3_changes(m_db);
    return true;
}

// After a statement skipped some values: one inserted now carries this batch; any other was stored
// before and is unchanged, kept, replaced or a conflict.
bool FactWriter::resolveStored(const PendingFact &fact)
{
    sqlite3_bind_int64(m_storedValue, 1, fact.measure);
    sqlite3_bind_int64(m_storedValue, 2, fact.area);
    sqlite3_bind_int64(m_storedValue, 3, fact.period);
    sqlite3_bind_int64(m_storedValue, 4, fact.breakdown);
    if (sqlite3_step(m_storedValue) != SQLITE_ROW) {
        sqlite3_reset(m_storedValue);
        return fail("compare with the stored value");
    }
    const double stored = sqlite3_column_double(m_storedValue, 0);
    const qint64 storedBatch = sqlite3_column_int64(m_storedValue, 1);
    QByteArray storedSource;
    const bool hasSource = sqlite3_column_type(m_storedValue, 2) != SQLITE_NULL;
    if (hasSource)
        storedSource = QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(m_storedValue, 2)));
    const bool hasDecimals = sqlite3_column_type(m_storedValue, 3) != SQLITE_NULL;
    const int storedDecimals = sqlite3_column_int(m_storedValue, 3);
    sqlite3_reset(m_storedValue);

    if (storedBatch == m_batchId) {
        ++m_added;
        return true;
    }
    if (stored == fact.value) {
        ++m_unchanged;
        return true;
    }
    switch (m_policy) {
    case ConflictPolicy::Keep:
        ++m_kept;
        return true;
    case ConflictPolicy::Replace: {
        sqlite3_bind_int64(m_saveReplaced, 1, m_batchId);
        sqlite3_bind_int64(m_saveReplaced, 2, fact.measure);
        sqlite3_bind_int64(m_saveReplaced, 3, fact.area);
        sqlite3_bind_int64(m_saveReplaced, 4, fact.period);
        sqlite3_bind_int64(m_saveReplaced, 5, fact.breakdown);
        sqlite3_bind_double(m_saveReplaced, 6, stored);
        sqlite3_bind_int64(m_saveReplaced, 7, storedBatch);
        if (hasSource)
            sqlite3_bind_text(m_saveReplaced, 8, storedSource.constData(), int(storedSource.size()), SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(m_saveReplaced, 8);
        if (hasDecimals)
            sqlite3_bind_int(m_saveReplaced, 9, storedDecimals);
        else
            sqlite3_bind_null(m_saveReplaced, 9);
        const int saved = sqlite3_step(m_saveReplaced);
        sqlite3_reset(m_saveReplaced);
        if (saved != SQLITE_DONE)
            return fail("keep the replaced value");
        sqlite3_bind_double(m_update, 1, fact.value);
        sqlite3_bind_int64(m_update, 2, m_batchId);
        sqlite3_bind_int64(m_update, 3, fact.measure);
        sqlite3_bind_int64(m_update, 4, fact.area);
        sqlite3_bind_int64(m_update, 5, fact.period);
        sqlite3_bind_int64(m_update, 6, fact.breakdown);
        const int updated = sqlite3_step(m_update);
        sqlite3_reset(m_update);
        if (updated != SQLITE_DONE)
            return fail("replace a value");
        ++m_replaced;
        return true;
    }
    case ConflictPolicy::Report:
        break;
    }
    ++m_conflictCount;
    if (static_cast<int>(m_conflicts.size()) < m_maxListedConflicts)
        m_conflicts.push_back({fact, stored, storedBatch});
    return true;
}

bool FactWriter::fail(const char *what)
{
    m_errorAction = QString::fromLatin1(what);
    m_errorText = QString::fromUtf8(sqlite3_errmsg(m_db));
    return false;
}

} // namespace oversight::import
