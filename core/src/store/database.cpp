// SQLite connection, statements and transactions.
#include "mel/core/store/database.h"

#include <mutex>

#include <sqlite3.h>

#include "mel/core/util/error.h"

namespace mel::core {

namespace {

// Before the first connection of the process (sqlite3_config is refused once SQLite is initialised). SQLite checks a
// CHECK (x IN ('a', 'b', 'c')) constraint (label.source and label_history.action have one) with a temporary index
// built for each statement that writes the table, and each such index got a page cache with an initial bulk block of
// 20 pages (87 KB), allocated and freed per statement. Where that block lay at the top of glibc's heap, every free
// gave the memory back to the system and the next statement faulted it in again: 10,000 labels set and undone in one
// transaction took 0.9-1.4 s each instead of 0.11-0.19 s (seen in two of three test programs; which layout a process
// gets is chance). Without the bulk block a cache takes its pages one at a time, as it does anyway once the block is
// used up. Labels_BulkChangesAllocateNoPageCacheBlockPerStatement checks it.
void configureSqliteOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0); });
}

// A file name as an SQLite URI ("file:" + path, with the characters a URI gives a meaning escaped).
std::string fileUri(const std::filesystem::path& file)
{
    std::string uri = "file:";
    for (const char c : std::filesystem::absolute(file).string()) {
        if (c == '%' || c == '?' || c == '#') {
            static const char* hex = "0123456789abcdef";
            uri += '%';
            uri += hex[static_cast<unsigned char>(c) >> 4];
            uri += hex[static_cast<unsigned char>(c) & 15];
        } else {
            uri += c;
        }
    }
    return uri;
}

// SQLite's "attempt to write a readonly database" does not say what to do about it.
std::string withAdvice(std::string message, int rc)
{
    if ((rc & 0xFF) == SQLITE_READONLY)
        message += " (the project can only be read here: a read-only file, folder or medium; copy it to a writable "
                   "folder to change it)";
    return message;
}

} // namespace

Database::Database(const std::filesystem::path& file, OpenMode mode)
    : m_path(file)
{
    configureSqliteOnce();
    open(mode);
}

void Database::open(OpenMode mode)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    std::string name = m_path.string();
    if (mode == OpenMode::ReadOnly) {
        flags = SQLITE_OPEN_READONLY;
    } else if (mode == OpenMode::Immutable) {
        flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
        name = fileUri(m_path) + "?immutable=1";
    }
    const int rc = sqlite3_open_v2(name.c_str(), &m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw Error(ErrorCode::Database, "cannot open project: " + message, {m_path.string(), {}, {}});
    }
    sqlite3_extended_result_codes(m_db, 1);
    // Another process (CLI import, second app window) may hold the write lock briefly: wait instead of failing.
    sqlite3_busy_timeout(m_db, 10000);
}

void Database::reopen(OpenMode mode)
{
    sqlite3_close_v2(m_db);
    m_db = nullptr;
    open(mode);
}

Database::~Database() { sqlite3_close_v2(m_db); }

bool Database::readOnly() const { return sqlite3_db_readonly(m_db, "main") == 1; }

bool Database::canRead()
{
    const int rc = sqlite3_exec(m_db, "PRAGMA user_version", nullptr, nullptr, nullptr);
    if ((rc & 0xFF) == SQLITE_CANTOPEN)
        return false;
    check(rc, "read");
    return true;
}

void Database::check(int rc, std::string_view what) const
{
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
        return;
    throw Error(ErrorCode::Database, withAdvice(std::string(what) + ": " + sqlite3_errmsg(m_db), rc),
                {m_path.string(), {}, {}});
}

void Database::exec(std::string_view sql)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(ErrorCode::Database, withAdvice(std::move(text), rc), {m_path.string(), {}, {}});
    }
}

std::int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }
bool Database::inTransaction() const { return !sqlite3_get_autocommit(m_db); }

Statement::Statement(Database& db, std::string_view sql)
    : m_db(&db)
{
    const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &m_stmt, nullptr);
    db.check(rc, "prepare");
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

Statement& Statement::bind(int index, std::int64_t value)
{
    m_db->check(sqlite3_bind_int64(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    m_db->check(sqlite3_bind_double(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    // An empty string_view may have a null data(); SQLite would bind that as NULL instead of ''.
    const char* data = value.data() ? value.data() : "";
    m_db->check(sqlite3_bind_text(m_stmt, index, data, static_cast<int>(value.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}

Statement& Statement::bindBlob(int index, std::string_view bytes)
{
    const char* data = bytes.data() ? bytes.data() : "";  // a null pointer would bind NULL, not an empty blob
    m_db->check(sqlite3_bind_blob(m_stmt, index, data, static_cast<int>(bytes.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}

Statement& Statement::bindNull(int index)
{
    m_db->check(sqlite3_bind_null(m_stmt, index), "bind");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    std::string message = withAdvice(sqlite3_errmsg(m_db->handle()), rc);
    sqlite3_reset(m_stmt);
    throw Error(ErrorCode::Database, std::move(message), {m_db->path().string(), {}, {}});
}

void Statement::exec()
{
    while (step()) {
    }
    reset();
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::real(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

std::string Statement::blob(int column) const
{
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

std::optional<std::string> Statement::optText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return text(column);
}

std::optional<std::int64_t> Statement::optInt64(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

Transaction::Transaction(Database& db)
    : m_db(db)
{
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) {
            // The transaction may already be gone (e.g. SQLite rolled it back on an I/O error).
        }
    }
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace mel::core
