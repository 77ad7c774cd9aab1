// JSON forms of import and export summaries (the CLI prints them, tests and the GUI read them).
#include "mel/core/io/summary.h"

namespace mel::core {

void IssueList::add(std::string example)
{
    ++count;
    if (examples.size() < kMaxExamples)
        examples.push_back(std::move(example));
}

nlohmann::json toJson(const IssueList& issues)
{
    return {{"count", issues.count}, {"examples", issues.examples}};
}

nlohmann::json toJson(const KbImportSummary& s)
{
    return {{"entities", s.entities},
            {"new_entities", s.newEntities},
            {"aliases", s.aliases},
            {"aliases_same_as_name", s.aliasesSameAsName},
            {"structured_attributes", s.structuredAttributes},
            {"without_abstract", toJson(s.withoutAbstract)},
            {"abstracts_for_unknown_qid", toJson(s.abstractsForUnknownQid)},
            {"aliases_for_unknown_qid", toJson(s.aliasesForUnknownQid)},
            {"empty_aliases", toJson(s.emptyAliases)},
            {"unsearchable_names", toJson(s.unsearchableNames)},
            {"seconds", s.seconds}};
}

nlohmann::json toJson(const DatasetImportSummary& s)
{
    return {{"dataset", s.dataset},
            {"format", s.format},
            {"samples", s.samples},
            {"mentions", s.mentions},
            {"labels", s.labels},
            {"restored_labels", s.restoredLabels},
            {"samples_per_split", s.samplesPerSplit},
            {"located_mentions", s.locatedMentions},
            {"unlocated_mentions", toJson(s.unlocatedMentions)},
            {"shared_spans", toJson(s.sharedSpans)},
            {"unknown_answers", toJson(s.unknownAnswers)},
            {"images_present", s.imagesPresent},
            {"images_missing", s.imagesMissing},
            {"named_images_missing", toJson(s.namedImagesMissing)},
            {"image_root", s.imageRoot},
            {"boxes_outside_image", toJson(s.boxesOutsideImage)},
            {"images_unreadable", toJson(s.unreadableImages)},
            {"ignored_fields", toJson(s.ignoredFields)},
            {"samples_without_split", toJson(s.samplesWithoutSplit)},
            {"split_ids_without_sample", toJson(s.splitIdsWithoutSample)},
            {"replaced_existing", s.replacedExisting},
            {"replaced_human_labels", s.replacedHumanLabels},
            {"replaced_runs", s.replacedRuns},
            {"seconds", s.seconds}};
}

nlohmann::json toJson(const ExportSummary& s)
{
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : s.files)
        files.push_back(f.string());
    return {{"samples", s.samples},
            {"mentions", s.mentions},
            {"changed_labels", s.changedLabels},
            {"files", files},
            {"warnings", toJson(s.warnings)}};
}

} // namespace mel::core
