// The project schema as a list of forward migrations; PRAGMA user_version holds the applied count.
#pragma once

#include <string_view>
#include <vector>

namespace mel::core {

class Database;

// Migration i (0-based) takes the schema from version i to version i + 1.
const std::vector<std::string_view>& schemaMigrations();

inline int latestSchemaVersion() { return static_cast<int>(schemaMigrations().size()); }

int schemaVersion(Database& db);

// Throws Error(Invalid) naming the file unless it is empty (a new project) or has the project tables: opening
// another application's SQLite database must not turn it into a project. Reads only.
void requireProjectFile(Database& db);

// Applies the migrations from the current version up to `target` (default: latest), each in its own transaction.
// Throws when the file has a newer version than this build knows.
void migrate(Database& db, int target = -1);

} // namespace mel::core
