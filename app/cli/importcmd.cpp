// `melstudio-cli import` and `import-kb`: load datasets and a knowledge graph into a project.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/melbench.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"
#include "progress.h"

namespace mel::cli {

namespace {

void printIssues(const char* what, const core::IssueList& issues)
{
    if (issues.empty())
        return;
    std::cerr << "  " << what << ": " << issues.count << '\n';
    for (const auto& example : issues.examples)
        std::cerr << "    " << example << '\n';
}

// Runs `work` on the project `db`; when the project did not exist before and the work fails, the file it created is
// removed again, so a failed first import leaves nothing behind (an existing project keeps everything it held).
template <typename Work>
void onProject(const std::string& db, Work&& work)
{
    const bool created = !std::filesystem::exists(db);
    try {
        core::Store store(db);
        work(store);
    } catch (...) {
        if (created) {
            std::error_code ignored;  // the import's own error is the one to report
            core::removeProjectFile(db, ignored);
        }
        throw;
    }
}

} // namespace

void addImportKbCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("import-kb", "Import a knowledge graph (qid2ne/qid2abs/ne2qid JSON files)");
    static std::string db;
    static core::KbFiles files;
    static bool asJson = false;
    cmd->add_option("--db", db, "Project file (created when missing)")->required();
    cmd->add_option("--names", files.names, "qid2ne.json: {QID: name}")->required()->check(CLI::ExistingFile);
    cmd->add_option("--abstracts", files.abstracts, "qid2abs.json: {QID: attribute text}")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--aliases", files.aliases, "ne2qid.json: {name or alias: QID}")->check(CLI::ExistingFile);
    cmd->add_option("--abstracts-long", files.abstractsLong, "qid2abs_long.json (richer attributes)")
        ->check(CLI::ExistingFile);
    cmd->add_flag("--json", asJson, "Print the import summary as JSON");
    cmd->callback([] {
        onProject(db, [](core::Store& store) {
            const auto summary = core::importKb(store, files, progressContext("import-kb"));
            if (asJson) {
                std::cout << core::toJson(summary).dump(2) << '\n';
                return;
            }
            // Entities already in the project take this file's name and, where it gives one, its abstract (kbimport.h).
            std::cerr << "imported " << summary.entities << " entities (" << summary.newEntities << " new, "
                      << summary.entities - summary.newEntities << " already in the project, updated from this file), "
                      << summary.aliases << " aliases in " << summary.seconds << " s\n";
            printIssues("names without abstract", summary.withoutAbstract);
            printIssues("abstracts of unknown QIDs (skipped)", summary.abstractsForUnknownQid);
            printIssues("aliases of unknown QIDs (skipped)", summary.aliasesForUnknownQid);
            printIssues("aliases with an empty name (skipped)", summary.emptyAliases);
            printIssues("names without a letter or digit (kept; no mention finds them)", summary.unsearchableNames);
        });
    });
}

namespace {

std::vector<std::string> g_samples;
core::MelBenchOptions g_options;
bool g_asJson = false;

core::DatasetImportSummary importMelBenchFrom(core::Store& store)
{
    for (const auto& spec : g_samples) {
        const auto eq = spec.find('=');
        core::MelBenchSource source;
        if (eq == std::string::npos) {
            source.file = spec;
        } else {
            source.split = spec.substr(0, eq);
            source.file = spec.substr(eq + 1);
        }
        g_options.samples.push_back(source);
    }
    return core::importMelBench(store, g_options, progressContext("import"));
}

void printSummary(const core::DatasetImportSummary& summary)
{
    if (g_asJson) {
        std::cout << core::toJson(summary).dump(2) << '\n';
        return;
    }
    if (summary.replacedExisting) {
        std::cerr << "replaced the existing dataset '" << summary.dataset << "': its " << summary.replacedHumanLabels
                  << " human labels and their history were deleted with it\n";
        if (summary.replacedRuns > 0)
            std::cerr << "  " << summary.replacedRuns << " model run(s) over it keep their metrics in `runs`, but "
                      << "their predictions went with its mentions (`runs --delete` removes the runs)\n";
    }
    std::cerr << "imported " << summary.samples << " samples, " << summary.mentions << " mentions, "
              << summary.labels << " labels into '" << summary.dataset << "' in " << summary.seconds << " s\n";
    if (summary.restoredLabels > 0)
        std::cerr << "  " << summary.restoredLabels
                  << " human or model labels read back over the answers, with their annotators\n";
    for (const auto& [split, n] : summary.samplesPerSplit)
        std::cerr << "  " << (split.empty() ? "(no split)" : split) << ": " << n << " samples\n";
    std::cerr << "  images: " << summary.imagesPresent << " present, " << summary.imagesMissing << " missing, "
              << summary.unreadableImages.count << " unreadable";
    if (summary.imagesMissing > 0 && !summary.imageRoot.empty())
        std::cerr << " (looked for under " << summary.imageRoot << "; --images sets that folder)";
    std::cerr << '\n';
    printIssues("images the records name that are not there", summary.namedImagesMissing);
    printIssues("images that cannot be decoded (kept as unreadable)", summary.unreadableImages);
    printIssues("mentions not found in their text (kept without span)", summary.unlocatedMentions);
    printIssues("mentions sharing a span", summary.sharedSpans);
    printIssues("region boxes reaching outside their image (kept as given)", summary.boxesOutsideImage);
    printIssues("answers missing from the KB", summary.unknownAnswers);
    printIssues("ignored fields", summary.ignoredFields);
    printIssues("samples without split", summary.samplesWithoutSplit);
    printIssues("ids in the splits file without a sample (ignored)", summary.splitIdsWithoutSample);
}

} // namespace

void addImportCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("import", "Import a dataset (MELBench JSON or JSON Lines)");
    static std::string db;
    static std::string format;
    auto& options = g_options;
    auto& samples = g_samples;
    cmd->add_option("--db", db, "Project file (created when missing)")->required();
    cmd->add_option("--dataset", options.datasetName, "Name of the dataset in the project")->required();
    cmd->add_option("--format", format, "melbench or jsonl (default: jsonl for a .jsonl file, else melbench)")
        ->check(CLI::IsMember({"melbench", "jsonl"}));
    cmd->add_option("--samples", samples,
                    "Samples file(s); FILE or SPLIT=FILE (e.g. train=train.json dev=dev.json)")
        ->required();
    cmd->add_option("--splits", options.splitsFile, "splits.json: {split: [sample ids]}")->check(CLI::ExistingFile);
    cmd->add_option("--images", options.imagesDir,
                    "MELBench: folder of images named <sample id>.jpg; JSONL: the root image paths are relative to")
        ->check(CLI::ExistingDirectory);
    cmd->add_flag("--replace", options.replace, "Replace a dataset of the same name");
    cmd->add_flag("--json", g_asJson, "Print the import summary as JSON");
    cmd->callback([] {
        for (const auto& file : g_samples)
            if (std::filesystem::path(file).extension() == ".csv")  // read as MELBench, it failed as "malformed JSON"
                throw core::Error(core::ErrorCode::Invalid,
                                  "CSV is an export format for spreadsheets; import MELBench JSON or JSON Lines "
                                  "(`export --format jsonl` keeps everything)",
                                  {file, {}, {}});
        if (format.empty())
            format = g_samples.size() == 1 && std::filesystem::path(g_samples.front()).extension() == ".jsonl"
                         ? "jsonl"
                         : "melbench";
        onProject(db, [](core::Store& store) {
            core::DatasetImportSummary summary;
            if (format == "jsonl") {
                if (g_samples.size() != 1)
                    throw core::Error(core::ErrorCode::Invalid, "--format jsonl takes exactly one --samples file");
                core::JsonlOptions jsonl;
                jsonl.datasetName = g_options.datasetName;
                jsonl.file = g_samples.front();
                jsonl.imageRoot = g_options.imagesDir;
                jsonl.replace = g_options.replace;
                summary = core::importJsonl(store, jsonl, progressContext("import"));
            } else {
                summary = importMelBenchFrom(store);
            }
            printSummary(summary);
        });
    });
}

} // namespace mel::cli
