// Schema migrations. Never edit a shipped migration: append a new one.
#include "mel/core/store/schema.h"

#include <string>

#include "mel/core/store/database.h"
#include "mel/core/util/error.h"

namespace mel::core {

const std::vector<std::string_view>& schemaMigrations()
{
    static const std::vector<std::string_view> migrations = {
        // 1: datasets, samples, mentions, KB, labels and their history.
        R"sql(
CREATE TABLE dataset(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    root_dir TEXT NOT NULL DEFAULT '',
    source_path TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    meta_json TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE sample(
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
    source_id TEXT NOT NULL,
    split TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    image_path TEXT NOT NULL DEFAULT '',
    image_status INTEGER NOT NULL DEFAULT 0,
    image_sha1 TEXT NOT NULL DEFAULT '',
    ordinal INTEGER NOT NULL DEFAULT 0,
    UNIQUE(dataset_id, source_id)
);
CREATE INDEX sample_split ON sample(dataset_id, split);
CREATE TABLE mention(
    id INTEGER PRIMARY KEY,
    sample_id INTEGER NOT NULL REFERENCES sample(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    surface TEXT NOT NULL,
    char_begin INTEGER,
    char_end INTEGER,
    bbox_x REAL, bbox_y REAL, bbox_w REAL, bbox_h REAL,
    gold_qid TEXT NOT NULL DEFAULT '',
    gold_name TEXT NOT NULL DEFAULT '',
    UNIQUE(sample_id, ordinal)
);
CREATE INDEX mention_surface ON mention(surface);
CREATE TABLE entity(
    id INTEGER PRIMARY KEY,
    qid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    attributes_json TEXT NOT NULL DEFAULT '{}',
    image_path TEXT NOT NULL DEFAULT ''
);
CREATE TABLE alias(
    entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    PRIMARY KEY(entity_id, text)
) WITHOUT ROWID;
CREATE TABLE triple(
    subject_qid TEXT NOT NULL,
    predicate TEXT NOT NULL,
    object TEXT NOT NULL
);
CREATE INDEX triple_subject ON triple(subject_qid);
CREATE VIRTUAL TABLE entity_fts USING fts5(qid UNINDEXED, name, aliases, description,
                                           tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE label(
    mention_id INTEGER PRIMARY KEY REFERENCES mention(id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    source TEXT NOT NULL CHECK(source IN ('dataset', 'human', 'model')),
    annotator TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX label_value ON label(value);
CREATE TABLE label_history(
    id INTEGER PRIMARY KEY,
    mention_id INTEGER NOT NULL REFERENCES mention(id) ON DELETE CASCADE,
    old_value TEXT,
    new_value TEXT,
    old_source TEXT NOT NULL DEFAULT '',
    new_source TEXT NOT NULL DEFAULT '',
    annotator TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL,
    action TEXT NOT NULL CHECK(action IN ('import', 'set', 'undo')),
    reverts INTEGER REFERENCES label_history(id)
);
CREATE INDEX label_history_mention ON label_history(mention_id, id);
-- History is append-only: refuse edits at the database level, not only in our code.
CREATE TRIGGER label_history_no_update BEFORE UPDATE ON label_history
BEGIN SELECT RAISE(ABORT, 'label_history is append-only'); END;
)sql",
        // 2: model runs and their ranked predictions.
        R"sql(
CREATE TABLE model_run(
    id INTEGER PRIMARY KEY,
    linker TEXT NOT NULL,
    dataset_name TEXT NOT NULL DEFAULT '',
    split TEXT NOT NULL DEFAULT '',
    config_json TEXT NOT NULL DEFAULT '{}',
    checkpoint_path TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT '',
    metrics_json TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE prediction(
    run_id INTEGER NOT NULL REFERENCES model_run(id) ON DELETE CASCADE,
    mention_id INTEGER NOT NULL REFERENCES mention(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    entity_qid TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY(run_id, mention_id, rank)
) WITHOUT ROWID;
CREATE INDEX prediction_mention ON prediction(mention_id, run_id);
)sql",
        // 3: regions of a sample's image (detected faces, ...), in image pixels.
        R"sql(
CREATE TABLE image_region(
    id INTEGER PRIMARY KEY,
    sample_id INTEGER NOT NULL REFERENCES sample(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
    score REAL NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX image_region_sample ON image_region(sample_id, kind);
)sql",
        // 4: learned linkers' encoded entity features, kept per model so a project need not encode its KB again.
        R"sql(
CREATE TABLE feature_model(
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    linker TEXT NOT NULL DEFAULT '',
    checkpoint_path TEXT NOT NULL DEFAULT '',
    last_used_at TEXT NOT NULL,
    use_order INTEGER NOT NULL DEFAULT 0  -- larger = used more recently (timestamps can tie)
);
CREATE TABLE entity_feature(
    model_id INTEGER NOT NULL REFERENCES feature_model(id) ON DELETE CASCADE,
    qid TEXT NOT NULL,
    input_key TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY(model_id, qid)
);
)sql",
        // 5: the process that runs a model run (core::currentProcessOwner), so a run its process left unfinished is
        // found.
        R"sql(
ALTER TABLE model_run ADD COLUMN owner TEXT NOT NULL DEFAULT '';
)sql",
        // 6: undo finds the changes an undo row reverts (and deleting history rows checks their foreign key) by
        // index instead of a scan of the whole history, which imports make one row per label.
        R"sql(
CREATE INDEX label_history_reverts ON label_history(reverts);
)sql",
        // 7: a deleted run's id is never given again (`runs --delete 5` typed twice, or an open runs dialog, must not
        // hit a newer run). INTEGER PRIMARY KEY takes max(id) + 1, and AUTOINCREMENT would need a rebuild of
        // model_run that the ON DELETE CASCADE of its predictions forbids inside a migration; so the highest id ever
        // given is kept here and Store::createRun continues from it.
        R"sql(
CREATE TABLE id_high_water(name TEXT PRIMARY KEY, last_id INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO id_high_water(name, last_id) SELECT 'model_run', coalesce(max(id), 0) FROM model_run;
CREATE TRIGGER model_run_high_water AFTER INSERT ON model_run
BEGIN UPDATE id_high_water SET last_id = max(last_id, NEW.id) WHERE name = 'model_run'; END;
)sql",
        // 8: the same for mentions: a deleted mention's id (a replaced dataset, an undone "new mention") is never
        // given to another mention, so an id kept outside the project (undo history, a GEMEL checkpoint's
        // demonstrations, a user's script) never names a different mention. Store::insertMention continues from it.
        R"sql(
INSERT INTO id_high_water(name, last_id) SELECT 'mention', coalesce(max(id), 0) FROM mention;
CREATE TRIGGER mention_high_water AFTER INSERT ON mention
BEGIN UPDATE id_high_water SET last_id = max(last_id, NEW.id) WHERE name = 'mention'; END;
)sql",
    };
    return migrations;
}

int schemaVersion(Database& db)
{
    Statement st(db, "PRAGMA user_version");
    st.step();
    return st.int32(0);
}

namespace {

bool hasTable(Database& db, const char* name)
{
    Statement st(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.bind(1, name);
    return st.step();
}

} // namespace

void requireProjectFile(Database& db)
{
    const int version = schemaVersion(db);
    Statement tables(db, "SELECT count(*) FROM sqlite_master");
    tables.step();
    if (version == 0 && tables.int64(0) == 0)
        return;  // a new (empty) database: migrate creates the schema
    // Every schema version has had these tables; another application's database does not have all of them.
    for (const char* table : {"dataset", "sample", "mention", "entity", "label"})
        if (!hasTable(db, table))
            throw Error(ErrorCode::Invalid,
                        "not a MELStudio project: an SQLite database without the project tables (it has no '" +
                            std::string(table) + "' table); it was left unchanged",
                        {db.path().string(), {}, {}});
}

void migrate(Database& db, int target)
{
    const int latest = latestSchemaVersion();
    if (target < 0)
        target = latest;
    const auto requireKnown = [&](int current) {
        if (current > latest)
            throw Error(ErrorCode::Invalid,
                        "project schema version " + std::to_string(current) + " is newer than this build supports (" +
                            std::to_string(latest) + "); update MELStudio",
                        {db.path().string(), {}, {}});
    };
    // Read first without a lock: an up-to-date project is opened without taking the write lock, and a read-only
    // look at a newer project says why it cannot be used.
    int current = schemaVersion(db);
    requireKnown(current);
    while (current < target) {
        Transaction tx(db);
        // Read again under the write lock: another process opening the project may have migrated it meanwhile.
        current = schemaVersion(db);
        requireKnown(current);
        if (current >= target)
            break;  // nothing written: the transaction rolls back
        db.exec(schemaMigrations()[static_cast<std::size_t>(current)]);
        db.exec("PRAGMA user_version = " + std::to_string(current + 1));
        tx.commit();
        ++current;
    }
}

} // namespace mel::core
