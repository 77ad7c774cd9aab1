// `melstudio-cli demo`: the headless tour on the bundled demo data — import, search, link, correct, undo, export.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "mel/core/io/importbench.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/melbench.h"
#include "mel/core/linker/namelinker.h"
#include "mel/core/pipeline/linkjob.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"
#include "progress.h"

namespace mel::cli {

namespace {

void section(const std::string& title) { std::cout << "\n== " << title << " ==\n"; }

void importFolder(core::Store& store, const std::filesystem::path& dir, const std::string& name)
{
    if (store.dataset(name)) {
        std::cout << name << ": already in the project\n";
        return;
    }
    const auto folder = core::melBenchFolder(dir, name);
    const auto kb = core::importKb(store, folder.kb, progressContext("import-kb"));
    const auto ds = core::importMelBench(store, folder.dataset, progressContext("import"));
    std::cout << name << ": " << kb.entities << " KB entities, " << ds.samples << " samples, " << ds.mentions
              << " mentions (" << ds.imagesPresent << " with images, " << ds.unlocatedMentions.count
              << " mentions not found verbatim in their text)\n";
}

void showSample(core::Store& store, const core::KbCandidates& kb, core::RowId mentionId)
{
    const auto mention = store.mention(mentionId);
    const auto sample = store.sample(mention->sampleId);
    std::cout << "text:    " << sample->text << "\nmention: \"" << mention->surface << "\"";
    if (mention->begin)
        std::cout << " at [" << *mention->begin << ", " << *mention->end << ")";
    std::cout << "\nlabel:   " << store.label(mentionId)->value << "\ncandidates (WRatio):\n";
    const auto candidates = kb.candidates(mention->surface, 5);
    for (std::size_t i = 0; i < candidates.size(); ++i)
        std::cout << "  " << i + 1 << ". " << candidates[i].qid << "  " << candidates[i].name << "  ("
                  << candidates[i].nameScore << ")  " << candidates[i].description.substr(0, 60) << '\n';
}

// The bundled demo data: resources/demo under the working folder (the repository root, where scripts/demo.sh runs
// it), else installed beside the executable (../share/melstudio/demo, as the GUI looks), else the source tree.
std::filesystem::path defaultDemoData()
{
    if (std::filesystem::is_directory("resources/demo"))
        return "resources/demo";
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        const auto installed = (exe.parent_path() / "../share/melstudio/demo").lexically_normal();
        if (std::filesystem::is_directory(installed))
            return installed;
    }
    return std::filesystem::path(MEL_SOURCE_DIR) / "resources/demo";
}

} // namespace

void addDemoCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("demo", "Run the headless tour on the bundled demo data");
    static std::string db = "out/demo.melproj";
    static std::string data;
    static bool fresh = false;
    cmd->add_option("--db", db, "Project file to create");
    cmd->add_option("--data", data, "Demo data folder (default: resources/demo, or the installed copy)")
        ->check(CLI::ExistingDirectory);
    cmd->add_flag("--fresh", fresh, "Start from an empty project");
    cmd->callback([] {
        const std::filesystem::path folder = data.empty() ? defaultDemoData() : std::filesystem::path(data);
        // Checked before the project is created, so a wrong folder leaves no empty project behind.
        if (!std::filesystem::is_directory(folder / "wikidata-mel") ||
            !std::filesystem::is_directory(folder / "richpedia-mel"))
            throw core::Error(core::ErrorCode::NotFound,
                              "no demo data (wikidata-mel/ and richpedia-mel/) in " + folder.string() +
                                  "; pass --data FOLDER");
        const std::filesystem::path project = db;
        if (fresh)
            core::removeProjectFile(project);
        if (project.has_parent_path())
            std::filesystem::create_directories(project.parent_path());
        core::Store store(project);

        section("Import (one transaction per file; bad input leaves the project unchanged)");
        importFolder(store, folder / "wikidata-mel", "wikidata-mel");
        importFolder(store, folder / "richpedia-mel", "richpedia-mel");
        const auto stats = store.stats();
        std::cout << "project: " << stats.samples << " samples, " << stats.mentions << " mentions, " << stats.entities
                  << " entities, " << stats.labels << " labels\n";

        section("KB search (FTS5, prefix matching): \"hollande\"");
        for (const auto& hit : store.searchEntities("hollande", 5))
            std::cout << "  " << hit.entity.qid << "  " << hit.entity.name << "  " << hit.entity.description.substr(0, 60)
                      << '\n';

        section("Link wikidata-mel/dev with the name baseline (WRatio top-100)");
        const core::KbCandidates kb(store);
        core::NameLinker linker;
        core::LinkOptions options;
        options.dataset = "wikidata-mel";
        options.split = "dev";
        const auto outcome = core::linkSplit(store, linker, kb, options, progressContext("link"));
        std::cout << core::toJson(outcome.metrics).dump() << "\n(run " << outcome.runId << ", "
                  << outcome.mentionsLinked << " mentions in " << outcome.seconds << " s)\n";

        section("Correct a label, then undo (every change is committed and kept in the history)");
        const auto split = core::loadSplitMentions(store, "wikidata-mel", "dev");
        const core::RowId mentionId = split.queries.front().mentionId;
        showSample(store, kb, mentionId);
        store.setLabel(mentionId, core::kNil, core::LabelSource::Human, "demo");
        std::cout << "after marking NIL: " << store.label(mentionId)->value << '\n';
        store.undoLastChange(mentionId, "demo");
        std::cout << "after undo:        " << store.label(mentionId)->value << "\nhistory:\n";
        for (const auto& change : store.history(mentionId))
            std::cout << "  " << change.changedAt << "  " << change.action << "  " << change.oldValue.value_or("-")
                      << " -> " << change.newValue.value_or("-") << "  " << change.annotator << '\n';

        section("Export");
        const std::filesystem::path outDir = project.parent_path() / "demo-export";
        std::filesystem::create_directories(outDir);
        core::exportMelBenchLayout(store, "wikidata-mel", outDir / "wikidata-mel");
        core::exportJsonl(store, "wikidata-mel", outDir / "wikidata-mel.jsonl");
        std::cout << "wrote " << (outDir / "wikidata-mel").string() << "/ (MELBench) and "
                  << (outDir / "wikidata-mel.jsonl").string() << '\n';
    });
}

} // namespace mel::cli
