// The project store: typed access to the SQLite schema, label history and undo.
#include "mel/core/store/store.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <sqlite3.h>
#include <thread>

#include "mel/core/store/schema.h"
#include "mel/core/util/error.h"
#include "mel/core/util/process.h"
#include "mel/core/util/utf8.h"

namespace mel::core {

const char* toString(LabelSource source)
{
    switch (source) {
    case LabelSource::Dataset:
        return "dataset";
    case LabelSource::Human:
        return "human";
    case LabelSource::Model:
        return "model";
    }
    return "dataset";
}

bool isQid(std::string_view value)
{
    return value.size() >= 2 && value[0] == 'Q' && value[1] != '0' &&
           value.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

LabelSource labelSourceFromString(const std::string& text)
{
    if (text == "human")
        return LabelSource::Human;
    if (text == "model")
        return LabelSource::Model;
    if (text == "dataset")
        return LabelSource::Dataset;
    throw Error(ErrorCode::Invalid, "unknown label source '" + text + "'");
}

std::string nowIso8601()
{
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buffer;
}

namespace {

// Switching a file that is not yet in WAL mode (a new project) reads its header and then upgrades to a write lock;
// SQLite does not call the busy handler for an upgrade from a read (it could deadlock), so a second process creating
// the same project at that moment gets "database is locked" at once. Retry for as long as the busy timeout would wait.
std::string switchToWal(Database& db)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (auto pause = std::chrono::milliseconds(1);; pause = std::min(pause * 2, std::chrono::milliseconds(50))) {
        sqlite3_stmt* journal = nullptr;
        int rc = sqlite3_prepare_v2(db.handle(), "PRAGMA journal_mode = WAL", -1, &journal, nullptr);
        std::string mode;
        if (rc == SQLITE_OK && (rc = sqlite3_step(journal)) == SQLITE_ROW)
            mode = reinterpret_cast<const char*>(sqlite3_column_text(journal, 0));
        sqlite3_finalize(journal);
        if (rc == SQLITE_ROW)
            return mode;
        if ((rc & 0xFF) != SQLITE_BUSY || std::chrono::steady_clock::now() + pause > deadline)
            throw Error(ErrorCode::Database,
                        std::string("cannot switch the project to WAL mode: ") + sqlite3_errstr(rc),
                        {db.path().string(), {}, {}});
        std::this_thread::sleep_for(pause);
    }
}

} // namespace

Store::Store(const std::filesystem::path& file, int schemaVersion)
    : m_db(file)
{
    if (m_db.readOnly()) {
        openReadOnly(file, schemaVersion);
        return;
    }
    requireProjectFile(m_db);  // before anything writes to the file (the journal mode is written to its header)
    // WAL lets the GUI read while a worker or another process writes; NORMAL sync is durable in WAL mode
    // against application crashes (a power loss may lose the last transactions, never corrupt the file).
    if (switchToWal(m_db) != "wal")
        throw Error(ErrorCode::Database, "cannot switch the project to WAL mode", {file.string(), {}, {}});
    m_db.exec("PRAGMA foreign_keys = ON");
    m_db.exec("PRAGMA synchronous = NORMAL");
    migrate(m_db, schemaVersion);
}

// A project the system lets us only read (a read-only file, folder or medium) is opened to look at: no journal
// mode switch and no migration, which would write. On read-only media SQLite cannot create the -shm file a WAL
// project needs even for reading ("unable to open database file", also for stats and search); the file is then read
// as immutable, unless its -wal holds commits that reading it so would skip.
void Store::openReadOnly(const std::filesystem::path& file, int schemaVersion)
{
    if (!m_db.canRead()) {
        std::error_code ec;
        const auto wal = std::filesystem::file_size(file.string() + "-wal", ec);
        if (!ec && wal > 0)
            throw Error(ErrorCode::Database,
                        "the project is read-only and its last changes are still in its -wal file; open it once "
                        "where it can be written (or copy it there) to fold them in",
                        {file.string(), {}, {}});
        m_db.reopen(OpenMode::Immutable);
    }
    requireProjectFile(m_db);
    const int version = mel::core::schemaVersion(m_db);
    const int wanted = schemaVersion < 0 ? latestSchemaVersion() : schemaVersion;
    if (version != wanted)
        throw Error(ErrorCode::Database,
                    "the project is read-only and has schema version " + std::to_string(version) + ", not " +
                        std::to_string(wanted) + " as this build needs; copy it where it can be written to open it",
                    {file.string(), {}, {}});
    m_db.exec("PRAGMA foreign_keys = ON");
}

Store::~Store() = default;

int Store::schemaVersion() { return mel::core::schemaVersion(m_db); }

Statement& Store::cached(std::string_view sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end())
        it = m_statements.emplace(std::string(sql), std::make_unique<Statement>(m_db, sql)).first;
    it->second->reset();
    return *it->second;
}

// --- datasets ------------------------------------------------------------------------------------

namespace {

constexpr const char* kDatasetColumns = "id, name, format, root_dir, source_path, imported_at, meta_json";

Dataset readDataset(Statement& st)
{
    return Dataset{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)};
}

constexpr const char* kSampleColumns =
    "id, dataset_id, source_id, split, text, image_path, image_status, image_sha1, ordinal";

Sample readSample(Statement& st)
{
    Sample s;
    s.id = st.int64(0);
    s.datasetId = st.int64(1);
    s.sourceId = st.text(2);
    s.split = st.text(3);
    s.text = st.text(4);
    s.imagePath = st.text(5);
    s.imageStatus = static_cast<ImageStatus>(st.int32(6));
    s.imageSha1 = st.text(7);
    s.ordinal = st.int32(8);
    return s;
}

constexpr const char* kMentionColumns =
    "id, sample_id, ordinal, surface, char_begin, char_end, bbox_x, bbox_y, bbox_w, bbox_h, gold_qid, gold_name";

Mention readMention(Statement& st)
{
    Mention m;
    m.id = st.int64(0);
    m.sampleId = st.int64(1);
    m.ordinal = st.int32(2);
    m.surface = st.text(3);
    if (!st.isNull(4))
        m.begin = st.int32(4);
    if (!st.isNull(5))
        m.end = st.int32(5);
    if (!st.isNull(6))
        m.box = BoundingBox{st.real(6), st.real(7), st.real(8), st.real(9)};
    m.goldQid = st.text(10);
    m.goldName = st.text(11);
    return m;
}

constexpr const char* kEntityColumns = "id, qid, name, description, attributes_json, image_path";

Entity readEntity(Statement& st)
{
    return Entity{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)};
}

// Reads at most one row and resets the statement, so no read transaction stays open on this connection
// (an open one would hide other connections' writes and block COMMIT).
template <typename Read>
auto readOne(Statement& st, Read read) -> std::optional<decltype(read(st))>
{
    if (!st.step())
        return std::nullopt;
    auto value = read(st);
    st.reset();
    return value;
}

std::string sql(std::initializer_list<std::string_view> parts)
{
    std::string out;
    for (auto p : parts)
        out += p;
    return out;
}

} // namespace

std::optional<Dataset> Store::dataset(std::string_view name)
{
    auto& st = cached(sql({"SELECT ", kDatasetColumns, " FROM dataset WHERE name = ?"}));
    st.bind(1, name);
    return readOne(st, readDataset);
}

std::optional<Dataset> Store::dataset(RowId id)
{
    auto& st = cached(sql({"SELECT ", kDatasetColumns, " FROM dataset WHERE id = ?"}));
    st.bind(1, id);
    return readOne(st, readDataset);
}

std::vector<Dataset> Store::datasets()
{
    auto& st = cached(sql({"SELECT ", kDatasetColumns, " FROM dataset ORDER BY id"}));
    std::vector<Dataset> out;
    while (st.step())
        out.push_back(readDataset(st));
    return out;
}

RowId Store::insertDataset(const Dataset& d)
{
    auto& st = cached("INSERT INTO dataset(name, format, root_dir, source_path, imported_at, meta_json) "
                      "VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, d.name).bind(2, d.format).bind(3, d.rootDir).bind(4, d.sourcePath);
    st.bind(5, d.importedAt.empty() ? nowIso8601() : d.importedAt).bind(6, d.metaJson.empty() ? "{}" : d.metaJson);
    st.exec();
    return m_db.lastInsertId();
}

void Store::deleteDataset(RowId id)
{
    inTransaction([&] {
        // label_history is append-only for edits, but deleting a whole dataset removes its history with it.
        auto& st = cached("DELETE FROM dataset WHERE id = ?");
        st.bind(1, id);
        st.exec();
    });
}

// --- samples and mentions ------------------------------------------------------------------------

RowId Store::insertSample(const Sample& s)
{
    auto& st = cached("INSERT INTO sample(dataset_id, source_id, split, text, image_path, image_status, image_sha1, "
                      "ordinal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, s.datasetId).bind(2, s.sourceId).bind(3, s.split).bind(4, s.text).bind(5, s.imagePath);
    st.bind(6, static_cast<int>(s.imageStatus)).bind(7, s.imageSha1).bind(8, s.ordinal);
    st.exec();
    return m_db.lastInsertId();
}

std::optional<Sample> Store::sample(RowId id)
{
    auto& st = cached(sql({"SELECT ", kSampleColumns, " FROM sample WHERE id = ?"}));
    st.bind(1, id);
    return readOne(st, readSample);
}

std::optional<Sample> Store::sampleBySource(RowId datasetId, std::string_view sourceId)
{
    auto& st = cached(sql({"SELECT ", kSampleColumns, " FROM sample WHERE dataset_id = ? AND source_id = ?"}));
    st.bind(1, datasetId).bind(2, sourceId);
    return readOne(st, readSample);
}

std::vector<Sample> Store::samples(RowId datasetId, std::string_view split)
{
    auto& st = cached(sql({"SELECT ", kSampleColumns,
                           " FROM sample WHERE dataset_id = ?1 AND (?2 = '' OR split = ?2) ORDER BY ordinal, id"}));
    st.bind(1, datasetId).bind(2, split);
    std::vector<Sample> out;
    while (st.step())
        out.push_back(readSample(st));
    return out;
}

RowId Store::insertMention(const Mention& m)
{
    // A new id continues from the highest ever given (schema 8), so a deleted mention's id never names another.
    auto& st = cached("INSERT INTO mention(sample_id, ordinal, surface, char_begin, char_end, bbox_x, bbox_y, bbox_w, "
                      "bbox_h, gold_qid, gold_name, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?12, "
                      "(SELECT last_id + 1 FROM id_high_water WHERE name = 'mention')))");
    st.bind(1, m.sampleId).bind(2, m.ordinal).bind(3, m.surface).bind(4, m.begin).bind(5, m.end);
    if (m.box)
        st.bind(6, m.box->x).bind(7, m.box->y).bind(8, m.box->w).bind(9, m.box->h);
    else
        st.bindNull(6).bindNull(7).bindNull(8).bindNull(9);
    st.bind(10, m.goldQid).bind(11, m.goldName);
    if (m.id > 0)
        st.bind(12, m.id);
    else
        st.bindNull(12);
    st.exec();
    return m_db.lastInsertId();
}

std::optional<Mention> Store::mention(RowId id)
{
    auto& st = cached(sql({"SELECT ", kMentionColumns, " FROM mention WHERE id = ?"}));
    st.bind(1, id);
    return readOne(st, readMention);
}

std::vector<Mention> Store::mentionsOf(RowId sampleId)
{
    auto& st = cached(sql({"SELECT ", kMentionColumns, " FROM mention WHERE sample_id = ? ORDER BY ordinal"}));
    st.bind(1, sampleId);
    std::vector<Mention> out;
    while (st.step())
        out.push_back(readMention(st));
    return out;
}

void Store::setMentionBox(RowId mentionId, const std::optional<BoundingBox>& box)
{
    auto& st = cached("UPDATE mention SET bbox_x = ?, bbox_y = ?, bbox_w = ?, bbox_h = ? WHERE id = ?");
    if (box)
        st.bind(1, box->x).bind(2, box->y).bind(3, box->w).bind(4, box->h);
    else
        st.bindNull(1).bindNull(2).bindNull(3).bindNull(4);
    st.bind(5, mentionId);
    st.exec();
    if (m_db.changes() == 0)
        throw Error(ErrorCode::NotFound, "no mention with id " + std::to_string(mentionId));
}

// --- knowledge base ------------------------------------------------------------------------------

RowId Store::upsertEntity(const Entity& e)
{
    // An update that brings no description or image (a KG re-import whose abstracts leave the entity out; the KG
    // files carry no images) keeps the stored ones instead of blanking them.
    auto& st =
        cached("INSERT INTO entity(qid, name, description, attributes_json, image_path) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT(qid) DO UPDATE SET name = excluded.name, "
               "description = iif(excluded.description = '', entity.description, excluded.description), "
               "attributes_json = iif(excluded.description = '' AND excluded.attributes_json = '{}', "
               "entity.attributes_json, excluded.attributes_json), "
               "image_path = iif(excluded.image_path = '', entity.image_path, excluded.image_path) RETURNING id");
    st.bind(1, e.qid).bind(2, e.name).bind(3, e.description);
    st.bind(4, e.attributesJson.empty() ? "{}" : e.attributesJson).bind(5, e.imagePath);
    st.step();
    const RowId id = st.int64(0);
    st.reset();
    return id;
}

void Store::addAlias(RowId entityId, std::string_view alias)
{
    auto& st = cached("INSERT OR IGNORE INTO alias(entity_id, text) VALUES (?, ?)");
    st.bind(1, entityId).bind(2, alias);
    st.exec();
}

std::optional<Entity> Store::entity(std::string_view qid)
{
    auto& st = cached(sql({"SELECT ", kEntityColumns, " FROM entity WHERE qid = ?"}));
    st.bind(1, qid);
    return readOne(st, readEntity);
}

std::vector<std::string> Store::aliases(RowId entityId)
{
    auto& st = cached("SELECT text FROM alias WHERE entity_id = ? ORDER BY text");
    st.bind(1, entityId);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

std::vector<Entity> Store::entities()
{
    auto& st = cached(sql({"SELECT ", kEntityColumns, " FROM entity ORDER BY id"}));
    std::vector<Entity> out;
    while (st.step())
        out.push_back(readEntity(st));
    return out;
}

std::vector<std::pair<RowId, std::string>> Store::entityNames()
{
    auto& st = cached("SELECT id, name FROM entity UNION ALL SELECT entity_id, text FROM alias ORDER BY 1, 2");
    std::vector<std::pair<RowId, std::string>> out;
    while (st.step())
        out.emplace_back(st.int64(0), st.text(1));
    return out;
}

void Store::rebuildSearchIndex()
{
    inTransaction([&] {
        m_db.exec("DELETE FROM entity_fts");
        m_db.exec("INSERT INTO entity_fts(rowid, qid, name, aliases, description) "
                  "SELECT e.id, e.qid, e.name, coalesce((SELECT group_concat(a.text, ' | ') FROM alias a "
                  "WHERE a.entity_id = e.id), ''), e.description FROM entity e");
    });
}

namespace {

// Spaces and punctuation beyond ASCII that separate words the way FTS5's unicode61 tokenizer does: a no-break
// space or an en dash pasted with a name must not glue two words into one quoted phrase.
bool separatesWords(char32_t c)
{
    if (c < 0x80)
        return !std::isalnum(static_cast<unsigned char>(c));
    return c == 0xA0 || c == 0xA1 || c == 0xA7 || c == 0xAB || c == 0xB6 || c == 0xB7 || c == 0xBB || c == 0xBF ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x2E00 && c <= 0x2E7F) ||
           (c >= 0x3000 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F) ||
           (c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE4F) || c == 0xFEFF ||
           (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
           (c >= 0xFF5B && c <= 0xFF65);
}

// Turns free text into an FTS5 query where every word must match (as a prefix when `prefix`). Quoting each word
// keeps FTS5 operators typed by the user (AND, NEAR, quotes, parentheses) from being interpreted.
std::string ftsWordsQuery(std::string_view query, bool prefix)
{
    std::string out;
    std::u32string word;
    auto flush = [&] {
        if (word.empty())
            return;
        if (!out.empty())
            out += ' ';
        out += '"' + utf8::encode(word) + (prefix ? "\"*" : "\"");
        word.clear();
    };
    for (char32_t c : utf8::decode(query)) {
        if (separatesWords(c))
            flush();
        else
            word += c;
    }
    flush();
    return out;
}

} // namespace

std::vector<EntitySearchHit> Store::searchEntities(std::string_view query, int limit)
{
    std::vector<EntitySearchHit> out;
    const std::string match = ftsWordsQuery(query, true);
    if (match.empty())
        return out;
    // What an annotator looks for first: the name typed in full, then names or aliases holding every word whole
    // ("hollande" -> François Hollande before Audrey Hollander), then those starting with them, then description
    // matches. Within a tier, entities this project's labels use most, then bm25 (names weigh most, then aliases,
    // then descriptions; the qid column is unindexed). bm25 alone put a short-described namesake first: it divides
    // by the length of the whole row, descriptions included.
    auto& st = cached("SELECT e.id, e.qid, e.name, e.description, e.attributes_json, e.image_path, "
                      "bm25(entity_fts, 0.0, 10.0, 5.0, 1.0) AS r, CASE WHEN e.name = ?3 COLLATE NOCASE THEN 0 "
                      "WHEN entity_fts.rowid IN (SELECT rowid FROM entity_fts WHERE entity_fts MATCH ?4) THEN 1 "
                      "WHEN entity_fts.rowid IN (SELECT rowid FROM entity_fts WHERE entity_fts MATCH ?5) THEN 2 "
                      "ELSE 3 END AS tier, (SELECT count(*) FROM label l WHERE l.value = e.qid) AS uses "
                      "FROM entity_fts JOIN entity e ON e.id = entity_fts.rowid WHERE entity_fts MATCH ?1 "
                      "ORDER BY tier, uses DESC, r, e.id LIMIT ?2");
    const auto trimmed = [](std::string_view text) {
        const auto first = text.find_first_not_of(" \t\r\n");
        return first == std::string_view::npos ? std::string_view{}
                                               : text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
    };
    st.bind(1, match).bind(2, limit).bind(3, trimmed(query));
    st.bind(4, "{name aliases} : (" + ftsWordsQuery(query, false) + ")").bind(5, "{name aliases} : (" + match + ")");
    while (st.step())
        out.push_back({readEntity(st), st.real(6)});
    return out;
}

// --- labels --------------------------------------------------------------------------------------

std::optional<Label> Store::label(RowId mentionId)
{
    auto& st = cached("SELECT mention_id, value, source, annotator, updated_at FROM label WHERE mention_id = ?");
    st.bind(1, mentionId);
    return readOne(st, [](Statement& row) {
        return Label{row.int64(0), row.text(1), labelSourceFromString(row.text(2)), row.text(3), row.text(4)};
    });
}

namespace {

void appendHistory(Store& store, RowId mentionId, const std::optional<Label>& before, const std::optional<std::string>& newValue,
                   std::string_view newSource, std::string_view annotator, std::string_view when,
                   std::string_view action, std::optional<RowId> reverts)
{
    auto& st = store.cached("INSERT INTO label_history(mention_id, old_value, new_value, old_source, new_source, "
                            "annotator, changed_at, action, reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, mentionId);
    if (before)
        st.bind(2, before->value).bind(4, toString(before->source));
    else
        st.bindNull(2).bind(4, "");
    st.bind(3, newValue).bind(5, newSource).bind(6, annotator).bind(7, when).bind(8, action).bind(9, reverts);
    st.exec();
}

void validateLabelValue(std::string_view value)
{
    if (value == kNil || value == kAmbiguous)
        return;
    if (!isQid(value))
        throw Error(ErrorCode::Invalid, "label value '" + std::string(value) + "' is neither a QID, NIL nor AMBIGUOUS");
}

} // namespace

void Store::setLabel(RowId mentionId, std::string_view value, LabelSource source, std::string_view annotator,
                     std::string_view action)
{
    validateLabelValue(value);
    inTransaction([&] {
        const auto before = label(mentionId);
        const std::string when = nowIso8601();
        auto& st = cached("INSERT INTO label(mention_id, value, source, annotator, updated_at) VALUES (?, ?, ?, ?, ?) "
                          "ON CONFLICT(mention_id) DO UPDATE SET value = excluded.value, source = excluded.source, "
                          "annotator = excluded.annotator, updated_at = excluded.updated_at");
        st.bind(1, mentionId).bind(2, value).bind(3, toString(source)).bind(4, annotator).bind(5, when);
        st.exec();
        appendHistory(*this, mentionId, before, std::string(value), toString(source), annotator, when, action,
                      std::nullopt);
    });
}

void Store::clearLabel(RowId mentionId, std::string_view annotator)
{
    inTransaction([&] {
        const auto before = label(mentionId);
        if (!before)
            return;
        auto& st = cached("DELETE FROM label WHERE mention_id = ?");
        st.bind(1, mentionId);
        st.exec();
        appendHistory(*this, mentionId, before, std::nullopt, "", annotator, nowIso8601(), "set", std::nullopt);
    });
}

std::vector<LabelChange> Store::history(RowId mentionId)
{
    auto& st = cached("SELECT id, mention_id, old_value, new_value, old_source, new_source, annotator, changed_at, "
                      "action, reverts FROM label_history WHERE mention_id = ? ORDER BY id");
    st.bind(1, mentionId);
    std::vector<LabelChange> out;
    while (st.step()) {
        LabelChange c;
        c.id = st.int64(0);
        c.mentionId = st.int64(1);
        c.oldValue = st.optText(2);
        c.newValue = st.optText(3);
        c.oldSource = st.text(4);
        c.newSource = st.text(5);
        c.annotator = st.text(6);
        c.changedAt = st.text(7);
        c.action = st.text(8);
        c.reverts = st.optInt64(9);
        out.push_back(std::move(c));
    }
    return out;
}

bool Store::undoLastChange(RowId mentionId, std::string_view annotator)
{
    bool undone = false;
    inTransaction([&] {
        // The latest "set" that no "undo" row points at; imports are the baseline and are never undone.
        auto& find = cached("SELECT id, old_value, old_source FROM label_history h WHERE mention_id = ?1 AND "
                            "action = 'set' AND NOT EXISTS (SELECT 1 FROM label_history u WHERE u.reverts = h.id) "
                            "ORDER BY id DESC LIMIT 1");
        find.bind(1, mentionId);
        if (!find.step())
            return;
        const RowId changeId = find.int64(0);
        const std::optional<std::string> oldValue = find.optText(1);
        const std::string oldSource = find.text(2);
        find.reset();

        const auto before = label(mentionId);
        const std::string when = nowIso8601();
        if (oldValue) {
            // The label comes back as it was: with the annotator and time of the import or change that made it
            // (the undoer and the time of the undo are the history row's), not attributed to whoever undid.
            std::string restoredBy, restoredAt = when;
            auto& made = cached("SELECT annotator, changed_at FROM label_history WHERE mention_id = ?1 AND id < ?2 "
                                "AND action IN ('import', 'set') AND new_value = ?3 AND new_source = ?4 "
                                "ORDER BY id DESC LIMIT 1");
            made.bind(1, mentionId).bind(2, changeId).bind(3, *oldValue).bind(4, oldSource);
            if (made.step()) {
                restoredBy = made.text(0);
                restoredAt = made.text(1);
            }
            made.reset();
            auto& st = cached("INSERT INTO label(mention_id, value, source, annotator, updated_at) VALUES (?, ?, ?, ?, ?) "
                              "ON CONFLICT(mention_id) DO UPDATE SET value = excluded.value, source = excluded.source, "
                              "annotator = excluded.annotator, updated_at = excluded.updated_at");
            st.bind(1, mentionId).bind(2, *oldValue).bind(3, oldSource).bind(4, restoredBy).bind(5, restoredAt);
            st.exec();
        } else {
            auto& st = cached("DELETE FROM label WHERE mention_id = ?");
            st.bind(1, mentionId);
            st.exec();
        }
        appendHistory(*this, mentionId, before, oldValue, oldValue ? oldSource : "", annotator, when, "undo", changeId);
        undone = true;
    });
    return undone;
}

// --- model runs ----------------------------------------------------------------------------------

RowId Store::createRun(const ModelRun& run)
{
    // The id continues from the highest ever given (schema 7; its trigger keeps that up to date on every insert), so
    // a deleted run's id never names a newer run.
    auto& st = cached("INSERT INTO model_run(id, linker, dataset_name, split, config_json, checkpoint_path, "
                      "started_at, status, owner) VALUES ((SELECT last_id + 1 FROM id_high_water WHERE name = "
                      "'model_run'), ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, run.linker).bind(2, run.datasetName).bind(3, run.split).bind(4, run.configJson);
    st.bind(5, run.checkpointPath).bind(6, run.startedAt.empty() ? nowIso8601() : run.startedAt);
    st.bind(7, run.status.empty() ? "running" : run.status).bind(8, currentProcessOwner());
    st.exec();
    return m_db.lastInsertId();
}

void Store::setRunMetrics(RowId runId, std::string_view metricsJson)
{
    auto& st = cached("UPDATE model_run SET metrics_json = ? WHERE id = ?");
    st.bind(1, metricsJson).bind(2, runId);
    st.exec();
}

std::int64_t Store::deleteRuns(const std::vector<RowId>& runIds)
{
    std::vector<RowId> ids = runIds;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());  // "--delete 5 5" deletes run 5
    std::int64_t predictions = 0;
    inTransaction([&] {
        for (RowId id : ids) {
            const auto run = this->run(id);
            if (!run)
                throw Error(ErrorCode::NotFound, "no model run " + std::to_string(id), {path().string(), {}, {}});
            if (runInProgress(*run))
                throw Error(ErrorCode::Invalid,
                            "model run " + std::to_string(id) + " is still " + run->status +
                                "; cancel it (or, if its process was killed, open the project again) first",
                            {path().string(), {}, {}});
            auto& count = cached("SELECT count(*) FROM prediction WHERE run_id = ?");
            count.bind(1, id);
            count.step();
            predictions += count.int64(0);
            count.reset();
            auto& drop = cached("DELETE FROM model_run WHERE id = ?");  // predictions go with it (ON DELETE CASCADE)
            drop.bind(1, id);
            drop.exec();
        }
    });
    // Give the pages back (a run over a split holds 100 predictions per mention). Best effort: the runs are gone
    // whatever happens here, and a busy file or a disk too full for the rewrite must not report them as kept.
    if (predictions > 0 && !m_db.inTransaction()) {
        try {
            m_db.exec("VACUUM");
        } catch (const Error&) {
        }
    }
    return predictions;
}

bool runInProgress(const ModelRun& run)
{
    const bool unfinished = run.status == "running" || run.status == "training";
    return unfinished && !run.owner.empty() && !processOwnerEnded(run.owner);
}

int Store::markInterruptedRuns()
{
    std::vector<RowId> ended;
    {
        auto& st = cached("SELECT id, owner FROM model_run WHERE status IN ('running', 'training')");
        while (st.step())
            if (processOwnerEnded(st.text(1)))
                ended.push_back(st.int64(0));
    }
    if (ended.empty())
        return 0;  // no write lock taken: opening a project another process is writing must not wait on it
    inTransaction([&] {
        auto& st = cached("UPDATE model_run SET status = 'interrupted' WHERE id = ? AND status IN ('running', "
                          "'training')");
        for (RowId id : ended) {
            st.bind(1, id);
            st.exec();
        }
    });
    return static_cast<int>(ended.size());
}

void Store::finishRun(RowId runId, std::string_view status, std::string_view metricsJson)
{
    auto& st = cached("UPDATE model_run SET status = ?, metrics_json = ?, finished_at = ? WHERE id = ?");
    st.bind(1, status).bind(2, metricsJson).bind(3, nowIso8601()).bind(4, runId);
    st.exec();
}

namespace {

constexpr const char* kRunColumns = "id, linker, dataset_name, split, config_json, checkpoint_path, started_at, "
                                    "finished_at, metrics_json, status, owner";

ModelRun readRun(Statement& st)
{
    return ModelRun{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5),
                    st.text(6),  st.text(7), st.text(8), st.text(9), st.text(10)};
}

} // namespace

std::optional<ModelRun> Store::run(RowId runId)
{
    auto& st = cached(sql({"SELECT ", kRunColumns, " FROM model_run WHERE id = ?"}));
    st.bind(1, runId);
    return readOne(st, readRun);
}

std::vector<ModelRun> Store::runs()
{
    auto& st = cached(sql({"SELECT ", kRunColumns, " FROM model_run ORDER BY id"}));
    std::vector<ModelRun> out;
    while (st.step())
        out.push_back(readRun(st));
    return out;
}

void Store::insertPredictions(RowId runId, const std::vector<Prediction>& predictions)
{
    inTransaction([&] {
        auto& st = cached("INSERT OR REPLACE INTO prediction(run_id, mention_id, rank, entity_qid, score) "
                          "VALUES (?, ?, ?, ?, ?)");
        for (const auto& p : predictions) {
            st.bind(1, runId).bind(2, p.mentionId).bind(3, p.rank).bind(4, p.qid).bind(5, p.score);
            st.exec();
        }
    });
}

std::vector<Prediction> Store::predictions(RowId runId, RowId mentionId)
{
    auto& st = cached("SELECT mention_id, rank, entity_qid, score FROM prediction WHERE run_id = ? AND mention_id = ? "
                      "ORDER BY rank");
    st.bind(1, runId).bind(2, mentionId);
    std::vector<Prediction> out;
    while (st.step())
        out.push_back({st.int64(0), st.int32(1), st.text(2), st.real(3)});
    return out;
}

// --- statistics ----------------------------------------------------------------------------------

bool Store::hasEntities()
{
    auto& st = cached("SELECT EXISTS(SELECT 1 FROM entity)");
    st.step();
    const bool any = st.int64(0) != 0;
    st.reset();
    return any;
}

StoreStats Store::stats()
{
    StoreStats s;
    auto count = [&](std::string_view q) {
        auto& st = cached(q);
        st.step();
        const auto n = st.int64(0);
        st.reset();
        return n;
    };
    s.datasets = count("SELECT count(*) FROM dataset");
    s.samples = count("SELECT count(*) FROM sample");
    s.mentions = count("SELECT count(*) FROM mention");
    s.entities = count("SELECT count(*) FROM entity");
    s.aliases = count("SELECT count(*) FROM alias");
    s.labels = count("SELECT count(*) FROM label");
    s.humanLabels = count("SELECT count(*) FROM label WHERE source = 'human'");
    s.historyRows = count("SELECT count(*) FROM label_history");
    s.modelRuns = count("SELECT count(*) FROM model_run");
    auto& st = cached("SELECT d.name, s.split, count(DISTINCT s.id), count(m.id), count(l.mention_id) FROM sample s "
                      "JOIN dataset d ON d.id = s.dataset_id LEFT JOIN mention m ON m.sample_id = s.id "
                      "LEFT JOIN label l ON l.mention_id = m.id GROUP BY d.id, s.split ORDER BY d.id, s.split");
    while (st.step())
        s.splits.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3), st.int64(4)});
    return s;
}

void removeProjectFile(const std::filesystem::path& file)
{
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(file.string() + suffix);
}

void removeProjectFile(const std::filesystem::path& file, std::error_code& error) noexcept
{
    error.clear();
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code failed;
        std::filesystem::remove(file.string() + suffix, failed);
        if (failed && !error)
            error = failed;
    }
}

} // namespace mel::core
