// Import notes: the summaries' issue lists in the interface language.
#include "project/importnotes.h"

#include <QCoreApplication>
#include <QStringList>

namespace mel::ui {

namespace {

void addIssues(QStringList& out, const char* what, const core::IssueList& issues)
{
    if (issues.empty())
        return;
    out << QStringLiteral("%1: %2").arg(QCoreApplication::translate("mel::ui::ImportNotes", what)).arg(issues.count);
    for (const auto& example : issues.examples)
        out << QStringLiteral("    ") + QString::fromStdString(example);
    if (issues.count > static_cast<std::int64_t>(issues.examples.size()))
        out << QStringLiteral("    …");
}

} // namespace

QString importNotes(const core::DatasetImportSummary& s)
{
    QStringList out;
    if (s.restoredLabels > 0)  // a JSON Lines export's corrections come back as corrections, not as answers
        out << QCoreApplication::translate("mel::ui::ImportNotes",
                                           "Human or model labels read back with their annotators: %1")
                   .arg(s.restoredLabels);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Images that cannot be decoded (kept as unreadable)"),
              s.unreadableImages);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Images the records name that are not there"),
              s.namedImagesMissing);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Mentions not found in their text (kept without span)"),
              s.unlocatedMentions);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Mentions sharing a span"), s.sharedSpans);
    addIssues(out,
              QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Region boxes reaching outside their image (kept as given)"),
              s.boxesOutsideImage);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Answers missing from the knowledge graph"),
              s.unknownAnswers);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Ignored fields"), s.ignoredFields);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Samples without split"), s.samplesWithoutSplit);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Ids in the splits file without a sample (ignored)"),
              s.splitIdsWithoutSample);
    return out.join(QLatin1Char('\n'));
}

QString importNotes(const core::KbImportSummary& s)
{
    QStringList out;
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Names without abstract"), s.withoutAbstract);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Abstracts of unknown QIDs (skipped)"),
              s.abstractsForUnknownQid);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Aliases of unknown QIDs (skipped)"),
              s.aliasesForUnknownQid);
    addIssues(out, QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Aliases with an empty name (skipped)"), s.emptyAliases);
    const char* unsearchable =
        QT_TRANSLATE_NOOP("mel::ui::ImportNotes", "Names without a letter or digit (kept; no mention finds them)");
    addIssues(out, unsearchable, s.unsearchableNames);
    return out.join(QLatin1Char('\n'));
}

QString undecodableImagesNote(const std::vector<std::string>& paths)
{
    core::IssueList issues;
    for (const auto& path : paths)
        issues.add(path);
    QStringList out;
    addIssues(out,
              QT_TRANSLATE_NOOP("mel::ui::ImportNotes",
                                "Images that could not be decoded (used as no image; the import checks headers only)"),
              issues);
    return out.join(QLatin1Char('\n'));
}

} // namespace mel::ui
