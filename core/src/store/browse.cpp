// Browse queries: filtered id lists and page rows, plain SQL over the project schema.
#include "mel/core/store/browse.h"

#include <algorithm>
#include <unordered_map>

#include "mel/core/util/error.h"

namespace mel::core {

namespace {

// The EXISTS clause selecting samples with a mention in the requested label state (?6 = run id, ?7 = margin).
const char* stateClause(LabelStateFilter state)
{
    switch (state) {
    case LabelStateFilter::Any:
        return "1";
    case LabelStateFilter::Unlabeled:
        return "EXISTS (SELECT 1 FROM mention m LEFT JOIN label l ON l.mention_id = m.id "
               "WHERE m.sample_id = s.id AND l.mention_id IS NULL)";
    case LabelStateFilter::Linked:
        return "EXISTS (SELECT 1 FROM mention m JOIN label l ON l.mention_id = m.id "
               "WHERE m.sample_id = s.id AND l.value NOT IN ('NIL', 'AMBIGUOUS'))";
    case LabelStateFilter::Nil:
        return "EXISTS (SELECT 1 FROM mention m JOIN label l ON l.mention_id = m.id "
               "WHERE m.sample_id = s.id AND l.value = 'NIL')";
    case LabelStateFilter::Ambiguous:
        return "EXISTS (SELECT 1 FROM mention m JOIN label l ON l.mention_id = m.id "
               "WHERE m.sample_id = s.id AND l.value = 'AMBIGUOUS')";
    case LabelStateFilter::HumanChanged:
        return "EXISTS (SELECT 1 FROM mention m JOIN label l ON l.mention_id = m.id "
               "WHERE m.sample_id = s.id AND l.source = 'human')";
    // CROSS JOIN fixes the join order (SQLite never reorders it): the sample's mentions first, then one primary-key
    // lookup (run, mention, rank) each. Left to itself the planner started from prediction with only run_id bound,
    // i.e. it scanned the whole run (100 rows per mention) once per sample: 8 s on the 440-sample demo under load,
    // quadratic in the project size.
    case LabelStateFilter::ModelDisagrees:
        return "EXISTS (SELECT 1 FROM mention m CROSS JOIN prediction p CROSS JOIN label l "
               "WHERE m.sample_id = s.id AND p.run_id = ?6 AND p.mention_id = m.id AND p.rank = 1 "
               "AND l.mention_id = m.id AND p.entity_qid <> l.value)";
    case LabelStateFilter::Uncertain:
        return "EXISTS (SELECT 1 FROM mention m CROSS JOIN prediction p1 CROSS JOIN prediction p2 "
               "WHERE m.sample_id = s.id AND p1.run_id = ?6 AND p1.mention_id = m.id AND p1.rank = 1 "
               "AND p2.run_id = ?6 AND p2.mention_id = m.id AND p2.rank = 2 AND p1.score - p2.score < ?7)";
    }
    return "1";
}

std::string filterSql(LabelStateFilter state)
{
    std::string sql = "SELECT s.id FROM sample s WHERE (?1 = 0 OR s.dataset_id = ?1) AND (?2 = 0 OR s.split = ?3) "
                      "AND (?4 = '' OR instr(lower(s.text), lower(?4)) > 0) "
                      "AND (?5 = '' OR EXISTS (SELECT 1 FROM mention m JOIN label l ON l.mention_id = m.id "
                      "WHERE m.sample_id = s.id AND l.value = ?5)) AND ";
    sql += stateClause(state);
    sql += " ORDER BY s.dataset_id, s.ordinal, s.id";
    return sql;
}

void bindFilter(Statement& st, const SampleFilter& filter)
{
    st.bind(1, filter.datasetId).bind(2, filter.split ? 1 : 0).bind(3, filter.split.value_or(""));
    st.bind(4, filter.text).bind(5, filter.labelValue);
    if (filter.state == LabelStateFilter::ModelDisagrees || filter.state == LabelStateFilter::Uncertain)
        st.bind(6, filter.runId);
    if (filter.state == LabelStateFilter::Uncertain)
        st.bind(7, filter.margin);
}

} // namespace

std::vector<RowId> filterSampleIds(Store& store, const SampleFilter& filter)
{
    auto& st = store.cached(filterSql(filter.state));
    bindFilter(st, filter);
    std::vector<RowId> ids;
    while (st.step())
        ids.push_back(st.int64(0));
    return ids;
}

std::vector<std::string> filterQueryPlan(Store& store, const SampleFilter& filter)
{
    Statement st(store.db(), "EXPLAIN QUERY PLAN " + filterSql(filter.state));
    bindFilter(st, filter);
    std::vector<std::string> steps;
    while (st.step())
        steps.push_back(st.text(3));  // columns: id, parent, notused, detail
    return steps;
}

std::vector<SampleRow> sampleRows(Store& store, std::span<const RowId> ids, int previewChars)
{
    if (ids.empty())
        return {};
    // Ids are integers we hold, so inlining them is safe; one statement per page keeps a page to one query.
    std::string list;
    for (RowId id : ids) {
        if (!list.empty())
            list += ',';
        list += std::to_string(id);
    }
    Statement st(store.db(),
                 "SELECT s.id, d.name, s.source_id, s.split, substr(s.text, 1, ?1), s.image_status, count(m.id), "
                 "coalesce(sum(m.id IS NOT NULL AND l.mention_id IS NULL), 0), "
                 "coalesce(sum(l.value NOT IN ('NIL', 'AMBIGUOUS')), 0), coalesce(sum(l.value = 'NIL'), 0), "
                 "coalesce(sum(l.value = 'AMBIGUOUS'), 0), coalesce(sum(l.source = 'human'), 0) "
                 "FROM sample s JOIN dataset d ON d.id = s.dataset_id LEFT JOIN mention m ON m.sample_id = s.id "
                 "LEFT JOIN label l ON l.mention_id = m.id WHERE s.id IN (" +
                     list + ") GROUP BY s.id");
    st.bind(1, previewChars);
    std::unordered_map<RowId, SampleRow> byId;
    while (st.step()) {
        SampleRow row;
        row.id = st.int64(0);
        row.dataset = st.text(1);
        row.sourceId = st.text(2);
        row.split = st.text(3);
        row.preview = st.text(4);
        row.hasImage = static_cast<ImageStatus>(st.int32(5)) == ImageStatus::Present;
        row.mentions = st.int32(6);
        row.unlabeled = st.int32(7);
        row.linked = st.int32(8);
        row.nil = st.int32(9);
        row.ambiguous = st.int32(10);
        row.human = st.int32(11);
        byId.emplace(row.id, std::move(row));
    }
    std::vector<SampleRow> rows;
    rows.reserve(ids.size());
    for (RowId id : ids)
        if (auto it = byId.find(id); it != byId.end())
            rows.push_back(std::move(it->second));
    return rows;
}

std::vector<std::string> splitNames(Store& store, RowId datasetId)
{
    auto& st = store.cached("SELECT DISTINCT split FROM sample WHERE ?1 = 0 OR dataset_id = ?1 ORDER BY split");
    st.bind(1, datasetId);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

Dataset requireDataset(Store& store, std::string_view name)
{
    auto dataset = store.dataset(name);
    if (!dataset)
        throw Error(ErrorCode::NotFound, "no dataset named '" + std::string(name) + "' in the project",
                    {store.path().string(), {}, {}});
    return *dataset;
}

void requireSplit(Store& store, const Dataset& dataset, std::string_view split)
{
    if (split.empty())
        return;
    const auto names = splitNames(store, dataset.id);
    if (std::find(names.begin(), names.end(), split) != names.end())
        return;
    std::string known;
    for (const auto& name : names)
        known += (known.empty() ? "" : ", ") + (name.empty() ? std::string("(none)") : "'" + name + "'");
    throw Error(ErrorCode::NotFound,
                "dataset '" + dataset.name + "' has no split '" + std::string(split) + "' (its splits: " +
                    (known.empty() ? std::string("none, it has no samples") : known) + ")",
                {store.path().string(), {}, "split"});
}

std::vector<RowId> mentionsWithSurface(Store& store, std::string_view surface, RowId datasetId)
{
    std::vector<RowId> out;
    for (const SurfaceMention& m : labelsOfMentionsWithSurface(store, surface, datasetId))
        out.push_back(m.mentionId);
    return out;
}

std::vector<SurfaceMention> labelsOfMentionsWithSurface(Store& store, std::string_view surface, RowId datasetId)
{
    auto& st = store.cached("SELECT m.id, l.value, l.source, l.annotator, l.updated_at FROM mention m "
                            "JOIN sample s ON s.id = m.sample_id LEFT JOIN label l ON l.mention_id = m.id "
                            "WHERE m.surface = ?1 AND (?2 = 0 OR s.dataset_id = ?2) ORDER BY m.id");
    st.bind(1, surface).bind(2, datasetId);
    std::vector<SurfaceMention> out;
    while (st.step()) {
        SurfaceMention row{st.int64(0), std::nullopt};
        if (!st.isNull(1))
            row.label = Label{row.mentionId, st.text(1), labelSourceFromString(st.text(2)), st.text(3), st.text(4)};
        out.push_back(std::move(row));
    }
    return out;
}

std::optional<ModelRun> latestRun(Store& store, std::string_view datasetName)
{
    auto& st = store.cached("SELECT id FROM model_run WHERE dataset_name = ? AND status = 'done' "
                            "ORDER BY id DESC LIMIT 1");
    st.bind(1, datasetName);
    if (!st.step())
        return std::nullopt;
    const RowId id = st.int64(0);
    st.reset();
    return store.run(id);
}

} // namespace mel::core
