// KB import: parse and check every KG file first, then write everything in one transaction.
#include "mel/core/io/kbimport.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <vector>

#include "importcommon.h"
#include "jsonreader.h"
#include "mel/core/kb/wratio.h"
#include "mel/core/util/utf8.h"

namespace mel::core {
namespace {

using io::Where;

struct NamedEntity
{
    std::string qid;
    std::string name;
    const std::string* abstract = nullptr;
    const std::string* abstractLong = nullptr;
    std::vector<std::string> aliases;
};

void requireQid(const std::string& qid, const Where& where)
{
    if (qid.empty())
        throw Error(ErrorCode::Invalid, "empty QID", where.at("qid"));
    if (!isQid(qid))
        throw Error(ErrorCode::Invalid, "'" + qid + "' is not a QID (" + io::kQidShape + ")", where.at("qid"));
}

// Names and aliases longer than the candidate index can hold would make every later search, link and eval of the
// project fail: refused here, where the file and record can be named.
void requireIndexableName(const std::string& name, const char* field, const Where& where)
{
    if (utf8::length(name) > kMaxEntityNameLength)
        throw Error(ErrorCode::Invalid,
                    "a name of " + std::to_string(utf8::length(name)) + " characters (at most " +
                        std::to_string(kMaxEntityNameLength) + ")",
                    where.at(field));
}

// A name without a letter or digit ("!!!" is a real band) is kept, but WRatio pre-processing leaves nothing of it,
// so no mention ever finds it as a candidate: listed for the user.
void noteUnsearchable(const std::string& name, const std::string& record, IssueList& out)
{
    if (fuzz::preprocess(name).empty())
        out.add(record + ": '" + name + "'");
}

// Reads {QID: text} into `texts`, reporting QIDs that have no name.
void readAbstracts(const std::filesystem::path& path, const char* field,
                   const std::unordered_map<std::string, std::size_t>& index,
                   std::unordered_map<std::string, std::string>& texts, IssueList& unknown)
{
    const std::string file = path.string();
    const std::string text = io::readFile(path);
    io::forEachMember(text, file, [&](const io::JsonMember& m) {
        const Where where{file, m.key};
        requireQid(m.key, where);
        const std::string& abstract = io::requireString(m.value, field, where);
        if (!index.contains(m.key)) {
            unknown.add(file + ": " + m.key);
            return;
        }
        texts.emplace(m.key, abstract);
    }, field);
}

} // namespace

KbImportSummary importKb(Store& store, const KbFiles& files, const JobContext& job)
{
    const auto start = std::chrono::steady_clock::now();
    KbImportSummary summary;
    if (files.names.empty() || files.abstracts.empty())
        throw Error(ErrorCode::Invalid, "a KB import needs the names (qid2ne.json) and abstracts (qid2abs.json) files");

    job.report(0.0, "reading KB files");
    std::vector<NamedEntity> entities;
    std::unordered_map<std::string, std::size_t> index;
    {
        const std::string file = files.names.string();
        const std::string text = io::readFile(files.names);
        io::forEachMember(text, file, [&](const io::JsonMember& m) {
            const Where where{file, m.key};
            requireQid(m.key, where);
            const std::string& name = io::requireString(m.value, "name", where);
            if (name.empty())
                throw Error(ErrorCode::Invalid, "empty entity name", where.at("name"));
            if (io::isBlank(name))
                throw Error(ErrorCode::Invalid, "blank entity name (only spaces)", where.at("name"));
            requireIndexableName(name, "name", where);
            noteUnsearchable(name, m.key, summary.unsearchableNames);
            index.emplace(m.key, entities.size());
            entities.push_back({m.key, name, nullptr, nullptr, {}});
        }, "name");
    }
    std::unordered_map<std::string, std::string> abstracts;
    std::unordered_map<std::string, std::string> abstractsLong;
    readAbstracts(files.abstracts, "abstract", index, abstracts, summary.abstractsForUnknownQid);
    if (!files.abstractsLong.empty())
        readAbstracts(files.abstractsLong, "abstract", index, abstractsLong, summary.abstractsForUnknownQid);
    for (auto& e : entities) {
        if (const auto it = abstracts.find(e.qid); it != abstracts.end())
            e.abstract = &it->second;
        else
            summary.withoutAbstract.add(e.qid);
        if (const auto it = abstractsLong.find(e.qid); it != abstractsLong.end())
            e.abstractLong = &it->second;
    }
    if (!files.aliases.empty()) {
        const std::string file = files.aliases.string();
        const std::string text = io::readFile(files.aliases);
        io::forEachMember(text, file, [&](const io::JsonMember& m) {
            const Where where{file, m.key};
            const std::string& qid = io::requireString(m.value, "qid", where);
            requireQid(qid, where);
            if (io::isBlank(m.key)) {  // "" is blank too
                summary.emptyAliases.add(file + ": \"" + m.key + "\" -> " + qid);
                return;
            }
            requireIndexableName(m.key, "alias", where);
            noteUnsearchable(m.key, m.key + " -> " + qid, summary.unsearchableNames);
            const auto it = index.find(qid);
            if (it == index.end()) {
                summary.aliasesForUnknownQid.add(file + ": " + m.key + " -> " + qid);
                return;
            }
            NamedEntity& entity = entities[it->second];
            if (entity.name == m.key)
                ++summary.aliasesSameAsName;
            else
                entity.aliases.push_back(m.key);
        }, "qid");
    }
    io::throwIfCancelled(job);

    Transaction tx(store.db());
    const auto countEntities = [&] {
        auto& st = store.cached("SELECT count(*) FROM entity");
        st.step();
        const auto n = st.int64(0);
        st.reset();
        return n;
    };
    const std::int64_t before = countEntities();
    for (std::size_t i = 0; i < entities.size(); ++i) {
        const NamedEntity& e = entities[i];
        if (i % 1024 == 0) {
            io::throwIfCancelled(job);
            job.report(0.1 + 0.8 * static_cast<double>(i) / static_cast<double>(entities.size()), "writing entities");
        }
        Entity entity;
        entity.qid = e.qid;
        entity.name = e.name;
        entity.description = e.abstract ? *e.abstract : std::string();
        nlohmann::json attributes = parseAttributeText(e.abstractLong ? *e.abstractLong : entity.description);
        if (attributes.empty() && e.abstractLong)
            attributes = parseAttributeText(entity.description);
        if (!attributes.empty())
            ++summary.structuredAttributes;
        entity.attributesJson = attributes.dump();
        const RowId id = store.upsertEntity(entity);
        for (const auto& alias : e.aliases) {
            store.addAlias(id, alias);
            ++summary.aliases;
        }
    }
    job.report(0.9, "rebuilding the search index");
    io::throwIfCancelled(job);
    store.rebuildSearchIndex();
    summary.entities = static_cast<std::int64_t>(entities.size());
    summary.newEntities = countEntities() - before;
    tx.commit();
    summary.seconds = io::secondsSince(start);
    job.report(1.0, "KB imported");
    return summary;
}

} // namespace mel::core
