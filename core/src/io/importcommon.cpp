// Field access and dataset set-up shared by the importers.
#include "importcommon.h"

#include <algorithm>
#include <chrono>

#include "mel/core/io/imageprobe.h"
#include "mel/core/io/sha1.h"
#include "mel/core/util/utf8.h"

namespace mel::core::io {

std::string describeType(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return "null";
    case nlohmann::json::value_t::object:
        return "an object";
    case nlohmann::json::value_t::array:
        return "a list";
    case nlohmann::json::value_t::string:
        return "a string";
    case nlohmann::json::value_t::boolean:
        return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
        return "an integer";
    case nlohmann::json::value_t::number_float:
        return "a number";
    default:
        return value.type_name();
    }
}

const nlohmann::json& requireField(const nlohmann::json& object, const char* field, const Where& where)
{
    const auto it = object.find(field);
    if (it == object.end())
        throw Error(ErrorCode::Invalid, "missing field", where.at(field));
    return *it;
}

const std::string& requireString(const nlohmann::json& value, const std::string& field, const Where& where)
{
    if (!value.is_string())
        throw Error(ErrorCode::Invalid, "expected a string, found " + describeType(value), where.at(field));
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > kMaxStringBytes)
        throw Error(ErrorCode::Invalid,
                    "text too long (" + std::to_string(text.size()) + " bytes; the limit is " +
                        std::to_string(kMaxStringBytes) + ")",
                    where.at(field));
    // The JSON parser already rejects invalid UTF-8; this guards values that reach us some other way.
    if (const auto bad = utf8::firstInvalidByte(text))
        throw Error(ErrorCode::Invalid, "text is not valid UTF-8 (byte " + std::to_string(*bad) + ")",
                    where.at(field));
    return text;
}

const nlohmann::json& requireList(const nlohmann::json& value, const std::string& field, const Where& where)
{
    if (!value.is_array())
        throw Error(ErrorCode::Invalid, "expected a list, found " + describeType(value), where.at(field));
    return value;
}

void checkAnswer(const std::string& value, const std::string& field, const Where& where)
{
    if (value.empty() || value == kNil || value == kAmbiguous)
        return;
    if (!isQid(value))
        throw Error(ErrorCode::Invalid, "'" + value + "' is not a QID (" + kQidShape + "), NIL or AMBIGUOUS",
                    where.at(field));
}

namespace {

bool isSpace(char32_t c)
{
    return c == U' ' || (c >= U'\t' && c <= U'\r') || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

} // namespace

bool isBlank(std::string_view text)
{
    if (!utf8::isValid(text))
        return false;
    const std::u32string decoded = utf8::decode(text);
    return std::all_of(decoded.begin(), decoded.end(), isSpace);
}

std::unordered_set<std::string> knownQids(Store& store)
{
    std::unordered_set<std::string> out;
    auto& st = store.cached("SELECT qid FROM entity");
    while (st.step())
        out.insert(st.text(0));
    return out;
}

RowId createDataset(Store& store, Dataset dataset, bool replace, DatasetImportSummary& summary)
{
    if (isBlank(dataset.name))  // "   " could not be told apart in lists
        throw Error(ErrorCode::Invalid, "a dataset needs a name (not only spaces)", {dataset.sourcePath, {}, {}});
    if (const auto existing = store.dataset(dataset.name)) {
        if (!replace)
            throw Error(ErrorCode::Invalid,
                        "the project already has a dataset named '" + dataset.name +
                            "' (choose another name, or replace it explicitly)",
                        {dataset.sourcePath, {}, {}});
        // A link or training still running over it holds the old mention ids: replacing deletes those mentions
        // under it (before schema 8 it even handed their ids to the new ones, which then got its predictions).
        for (const ModelRun& run : store.runs()) {
            if (run.datasetName != dataset.name)
                continue;
            ++summary.replacedRuns;
            if (runInProgress(run))
                throw Error(ErrorCode::Invalid,
                            "dataset '" + dataset.name + "' is in use by model run " + std::to_string(run.id) + " (" +
                                run.linker + ", " + run.status +
                                "); let it finish or cancel it before replacing the dataset",
                            {dataset.sourcePath, {}, {}});
        }
        // Replacing deletes the old dataset's human labels and history with it: say how many.
        auto& count = store.cached(
            "SELECT count(*) FROM label l JOIN mention m ON m.id = l.mention_id JOIN sample s ON s.id = m.sample_id "
            "WHERE s.dataset_id = ? AND l.source = 'human'");
        count.bind(1, existing->id);
        count.step();
        summary.replacedHumanLabels = count.int64(0);
        count.reset();
        store.deleteDataset(existing->id);
        summary.replacedExisting = true;
    }
    return store.insertDataset(dataset);
}

void setDatasetMeta(Store& store, RowId datasetId, const nlohmann::json& meta)
{
    auto& st = store.cached("UPDATE dataset SET meta_json = ? WHERE id = ?");
    st.bind(1, meta.dump()).bind(2, datasetId);
    st.exec();
}

void throwIfCancelled(const JobContext& job)
{
    if (job.isCancelled())
        throw Error(ErrorCode::Cancelled, "import cancelled");
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::filesystem::path absolutePath(const std::filesystem::path& path)
{
    if (path.empty())
        return path;
    return std::filesystem::absolute(path).lexically_normal();
}

ImageProbe recordImage(Sample& sample, const std::filesystem::path& root, DatasetImportSummary& summary)
{
    const ImageProbe probe = probeImage(root / sample.imagePath);
    if (!probe.ok) {
        sample.imageStatus = ImageStatus::Unreadable;
        summary.unreadableImages.add(sample.sourceId + ": " + sample.imagePath + ": " + probe.problem);
        return probe;
    }
    sample.imageStatus = ImageStatus::Present;
    sample.imageSha1 = sha1File(root / sample.imagePath);
    ++summary.imagesPresent;
    return probe;
}

} // namespace mel::core::io
