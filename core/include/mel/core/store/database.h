// A thin RAII wrapper over the SQLite C API: connection, prepared statements, transactions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace mel::core {

class Database;

// A prepared statement. Parameters are 1-based, columns 0-based, as in SQLite.
class Statement
{
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bindNull(int index);
    // Binds bytes as a BLOB (bind(string_view) binds TEXT).
    Statement& bindBlob(int index, std::string_view bytes);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Advances to the next row; false when done. Throws on error.
    bool step();
    // Runs a statement that returns no rows, then resets it for reuse.
    void exec();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    int int32(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const;
    std::optional<std::string> optText(int column) const;
    std::optional<std::int64_t> optInt64(int column) const;

private:
    Database* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

// How a connection opens its file. Immutable is for a project on read-only media: SQLite can neither create the
// -shm file WAL needs there nor take locks, so it reads the file as it is (nothing can change it there).
enum class OpenMode
{
    ReadWrite,  // creates the file if needed; falls back to read-only where the file cannot be written
    ReadOnly,
    Immutable,
};

// One connection. Not thread-safe: use one Database per thread.
class Database
{
public:
    explicit Database(const std::filesystem::path& file, OpenMode mode = OpenMode::ReadWrite);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    std::int64_t lastInsertId() const;
    int changes() const;
    // Whether a transaction is open on this connection.
    bool inTransaction() const;
    // Whether writes are refused (opened read-only, or read-write on a file the system lets us only read).
    bool readOnly() const;
    // Whether a first read works; false when SQLite cannot open what reading needs (the -shm file of a WAL project
    // on read-only media: SQLITE_CANTOPEN). Other errors throw.
    bool canRead();
    // Closes the connection and opens the same file again in `mode`.
    void reopen(OpenMode mode);
    sqlite3* handle() const { return m_db; }
    const std::filesystem::path& path() const { return m_path; }
    // Throws Error(Database) naming the file and SQLite's message when rc is not OK/ROW/DONE.
    void check(int rc, std::string_view what) const;

private:
    void open(OpenMode mode);

    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
};

// BEGIN IMMEDIATE on construction; rolls back unless commit() was called.
class Transaction
{
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace mel::core
