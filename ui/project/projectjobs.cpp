// Jobs over the project file. Everything here runs on the JobRunner's thread except the `apply` closures.
#include "project/projectjobs.h"

#include <QCoreApplication>
#include <QPointer>

#include <nlohmann/json.hpp>

#include "mel/core/io/csvexport.h"
#include "mel/core/io/importbench.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/melbench.h"
#include "mel/core/pipeline/linkjob.h"
#include "mel/core/util/error.h"
#include "project/importnotes.h"

namespace mel::ui {

namespace {

// A progress note or error in the interface language (QCoreApplication::translate is safe on worker threads).
std::string progressText(const char* source)
{
    return QCoreApplication::translate("mel::ui::Jobs", source).toStdString();
}

// Progress of a sub-step mapped into [from, to] of the whole job.
core::JobContext subJob(const core::JobContext& job, double from, double to)
{
    core::JobContext sub;
    sub.cancelled = job.cancelled;
    sub.progress = [&job, from, to](double f, std::string_view message) { job.report(from + f * (to - from), message); };
    return sub;
}

// `mentionsAdded`: the job imported samples and mentions (Project::mentionsImported).
std::function<void()> handOverKb(QPointer<Project> target, std::shared_ptr<const core::KbCandidates> kb,
                                 bool mentionsAdded = false)
{
    return [target, kb, mentionsAdded] {
        if (target) {
            target->setKb(kb);
            if (mentionsAdded)
                target->notifyMentionsImported();
            target->notifyDataChanged();
        }
    };
}

QString importSummary(const core::DatasetImportSummary& ds)
{
    return QObject::tr("%1: %2 samples, %3 mentions (%4 not found in their text), %5 images")
        .arg(QString::fromStdString(ds.dataset))
        .arg(ds.samples)
        .arg(ds.mentions)
        .arg(ds.unlocatedMentions.count)
        .arg(ds.imagesPresent);
}

} // namespace

JobWork importMelBenchFolderJob(Project& project, const std::filesystem::path& folder, const std::string& datasetName)
{
    const auto file = project.path();
    QPointer<Project> target(&project);
    return [target, file, folder, datasetName](const core::JobContext& job) {
        core::Store store(file);
        const auto inputs = core::melBenchFolder(folder, datasetName);
        job.report(0, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "importing the knowledge graph")));
        const auto kbSummary = core::importKb(store, inputs.kb, subJob(job, 0.0, 0.4));
        job.report(0.4, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "importing samples")));
        const auto ds = core::importMelBench(store, inputs.dataset, subJob(job, 0.4, 0.9));
        job.report(0.9, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "building the candidate index")));
        auto kb = std::make_shared<const core::KbCandidates>(store);
        job.report(1.0, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "done")));
        QStringList notes;
        for (const QString& part : {importNotes(kbSummary), importNotes(ds)})
            if (!part.isEmpty())
                notes << part;
        return JobResult{importSummary(ds), handOverKb(target, std::move(kb), true), notes.join(QLatin1Char('\n'))};
    };
}

JobWork importJsonlJob(Project& project, const std::filesystem::path& jsonl, const std::string& datasetName)
{
    const auto file = project.path();
    QPointer<Project> target(&project);
    return [target, file, jsonl, datasetName](const core::JobContext& job) {
        core::Store store(file);
        core::JsonlOptions options;
        options.datasetName = datasetName;
        options.file = jsonl;
        const auto ds = core::importJsonl(store, options, job);
        return JobResult{importSummary(ds),
                         [target] {
                             if (target) {
                                 target->notifyMentionsImported();
                                 target->notifyDataChanged();
                             }
                         },
                         importNotes(ds)};
    };
}

JobWork buildKbIndexJob(Project& project)
{
    const auto file = project.path();
    QPointer<Project> target(&project);
    return [target, file](const core::JobContext& job) {
        core::Store store(file);
        job.report(0, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "building the candidate index")));
        auto kb = std::make_shared<const core::KbCandidates>(store);
        job.report(1, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "done")));
        return JobResult{QObject::tr("KB index: %1 entities").arg(kb->size()), handOverKb(target, std::move(kb))};
    };
}

JobWork importDemoJob(Project& project, const std::filesystem::path& demoDir)
{
    const auto file = project.path();
    QPointer<Project> target(&project);
    return [target, file, demoDir](const core::JobContext& job) {
        core::Store store(file);
        QStringList parts;
        const std::vector<std::string> names = {"wikidata-mel", "richpedia-mel"};
        for (std::size_t i = 0; i < names.size(); ++i) {
            const double from = static_cast<double>(i) / static_cast<double>(names.size());
            const double to = static_cast<double>(i + 1) / static_cast<double>(names.size());
            if (store.dataset(names[i]) || !std::filesystem::exists(demoDir / names[i]))
                continue;
            const auto inputs = core::melBenchFolder(demoDir / names[i], names[i]);
            core::importKb(store, inputs.kb, subJob(job, from, from + (to - from) * 0.4));
            const auto ds = core::importMelBench(store, inputs.dataset, subJob(job, from + (to - from) * 0.4, to));
            parts << importSummary(ds);
        }
        auto kb = std::make_shared<const core::KbCandidates>(store);
        return JobResult{parts.isEmpty() ? QObject::tr("demo data already imported") : parts.join("; "),
                         handOverKb(target, std::move(kb), !parts.isEmpty())};
    };
}

JobWork linkJob(Project& project, std::shared_ptr<LinkerProvider> provider, const std::string& dataset,
                const std::string& split, bool storePredictions,
                std::function<void(const core::RankingMetrics&, core::RowId)> onMetrics, int topK)
{
    const auto file = project.path();
    auto kb = project.kb();
    QPointer<Project> target(&project);
    return [target, file, kb, provider, dataset, split, storePredictions, onMetrics, topK](const core::JobContext& job) {
        if (!kb)
            throw core::Error(core::ErrorCode::NotFound,
                              progressText(QT_TRANSLATE_NOOP(
                                  "mel::ui::Jobs", "the KB index is not ready yet (import a knowledge graph)")));
        core::Store store(file);
        std::vector<std::string> datasets;
        if (!dataset.empty())
            datasets.push_back(dataset);
        else
            for (const auto& d : store.datasets())
                datasets.push_back(d.name);
        auto linker = provider->create();
        QStringList parts;
        core::LinkOutcome last;
        for (std::size_t i = 0; i < datasets.size(); ++i) {
            core::LinkOptions options;
            options.dataset = datasets[i];
            options.split = split;
            options.storePredictions = storePredictions;
            options.topK = topK;
            options.checkpointPath = provider->checkpoint().toStdString();  // kept with the run and its features
            const double from = static_cast<double>(i) / static_cast<double>(datasets.size());
            last = core::linkSplit(store, *linker, *kb, options,
                                   subJob(job, from, from + 1.0 / static_cast<double>(datasets.size())));
            parts << QObject::tr("%1%2: %3 mentions in %4 s, Hits@1 %5, MRR %6")
                         .arg(QString::fromStdString(datasets[i]),
                              split.empty() ? QString() : QStringLiteral("/%1").arg(QString::fromStdString(split)))
                         .arg(last.mentionsLinked)
                         .arg(last.seconds, 0, 'f', 2)
                         .arg(last.metrics.hits1, 0, 'f', 3)
                         .arg(last.metrics.mrr, 0, 'f', 3);
        }
        return JobResult{provider->displayName() + QStringLiteral(" — ") + parts.join(QStringLiteral("; ")),
                         [target, onMetrics, last, storePredictions] {
                             if (onMetrics)
                                 onMetrics(last.metrics, last.runId);
                             if (target && storePredictions)
                                 target->notifyDataChanged();
                         },
                         undecodableImagesNote(last.undecodableImages)};  // one linker: the last list has all
    };
}

JobWork importKbJob(Project& project, const std::filesystem::path& folder)
{
    const auto file = project.path();
    QPointer<Project> target(&project);
    return [target, file, folder](const core::JobContext& job) {
        core::Store store(file);
        core::KbFiles files;
        files.names = folder / "qid2ne.json";
        files.abstracts = folder / "qid2abs.json";
        if (std::filesystem::exists(folder / "ne2qid.json"))
            files.aliases = folder / "ne2qid.json";
        if (std::filesystem::exists(folder / "qid2abs_long.json"))
            files.abstractsLong = folder / "qid2abs_long.json";
        const auto summary = core::importKb(store, files, subJob(job, 0, 0.8));
        auto kb = std::make_shared<const core::KbCandidates>(store);
        // Entities already in the project take this folder's texts (the later KG wins): say how many.
        return JobResult{QObject::tr("KB: %1 entities (%2 new, %3 updated), %4 aliases")
                             .arg(summary.entities)
                             .arg(summary.newEntities)
                             .arg(summary.entities - summary.newEntities)
                             .arg(summary.aliases),
                         handOverKb(target, std::move(kb)), importNotes(summary)};
    };
}

QString exportFormatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::MelBenchLayout:
        return QObject::tr("MELBench folder (round trip)");
    case ExportFormat::MelBenchJson:
        return QObject::tr("MELBench JSON file");
    case ExportFormat::Jsonl:
        return QObject::tr("JSON Lines (everything)");
    case ExportFormat::Csv:
        return QObject::tr("CSV (one row per mention)");
    }
    return {};
}

JobWork exportJob(Project& project, ExportFormat format, const std::string& dataset,
                  const std::filesystem::path& target)
{
    const auto file = project.path();
    return [file, format, dataset, target](const core::JobContext& job) {
        core::Store store(file);
        job.report(0, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "exporting")));
        core::ExportSummary summary;
        switch (format) {
        case ExportFormat::MelBenchLayout:
            summary = core::exportMelBenchLayout(store, dataset, target);
            break;
        case ExportFormat::MelBenchJson:
            summary = core::exportMelBench(store, dataset, target);
            break;
        case ExportFormat::Jsonl:
            summary = core::exportJsonl(store, dataset, target);
            break;
        case ExportFormat::Csv:
            summary = core::exportCsv(store, dataset, target);
            break;
        }
        job.report(1, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "done")));
        QString text = QObject::tr("exported %1 samples, %2 mentions (%3 labels changed) to %4")
                           .arg(summary.samples)
                           .arg(summary.mentions)
                           .arg(summary.changedLabels)
                           .arg(QString::fromStdString(target.string()));
        if (!summary.warnings.empty())  // e.g. records rewritten as lists so that no mention is lost
            text += QObject::tr("; %n warning(s), the first: %1", nullptr, static_cast<int>(summary.warnings.count))
                        .arg(QString::fromStdString(summary.warnings.examples.front()));
        return JobResult{text, {}};
    };
}

JobWork storedFeaturesJob(Project& project, bool drop,
                          std::function<void(const std::vector<core::FeatureModel>&, int dropped)> onList)
{
    const auto file = project.path();
    return [file, drop, onList](const core::JobContext& job) {
        core::Store store(file);
        int dropped = 0;
        if (drop) {
            job.report(0, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "dropping stored entity features")));
            dropped = core::dropEntityFeatures(store);
        }
        auto models = core::featureModels(store);
        return JobResult{drop ? QObject::tr("dropped the stored entity features of %1 model(s)").arg(dropped)
                              : QObject::tr("%1 model(s) with stored entity features").arg(models.size()),
                         [onList, models, dropped] {
                             if (onList)
                                 onList(models, dropped);
                         }};
    };
}

JobWork deleteRunsJob(Project& project, std::vector<core::RowId> runs)
{
    const auto file = project.path();
    QPointer<Project> target(&project);
    return [file, runs, target](const core::JobContext& job) {
        core::Store store(file);
        job.report(0, progressText(QT_TRANSLATE_NOOP("mel::ui::Jobs", "deleting runs and their predictions")));
        const std::int64_t predictions = store.deleteRuns(runs);
        const int count = static_cast<int>(runs.size());
        const QString summary = QCoreApplication::translate(
            "mel::ui::Jobs", "deleted %n run(s) and %1 stored prediction(s)", nullptr, count);
        // The browser's model filters read the latest run's predictions: it reads them again.
        return JobResult{summary.arg(predictions), [target] {
                             if (target)
                                 target->notifyDataChanged();
                         }};
    };
}

} // namespace mel::ui
