// The annotation state (sample, mentions, selected mention, its ranking) and every labelling action.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <QObject>
#include <QUndoStack>

#include "candidates/rankingservice.h"
#include "jobs/jobrunner.h"
#include "project/project.h"
#include "sample/mentiontext.h"

namespace mel::ui {

// Views observe it; keyboard actions call it. Label changes go through the undo stack as LabelCommands.
class AnnotationController : public QObject
{
    Q_OBJECT

public:
    AnnotationController(Project& project, JobRunner& jobs, RankingService& ranking, QUndoStack& undo,
                         QObject* parent = nullptr);

    void setAnnotator(const QString& name) { m_annotator = name; }
    QString annotator() const { return m_annotator; }

    // Loads the sample and selects its first mention (0 clears).
    void showSample(core::RowId sampleId);
    void selectMention(core::RowId mentionId);
    // Moves within the sample; false at either end.
    bool stepMention(int delta);

    const std::optional<core::Sample>& sample() const { return m_sample; }
    const std::vector<core::Mention>& mentions() const { return m_mentions; }
    std::optional<core::Label> labelOf(core::RowId mentionId) const;
    core::RowId currentMention() const { return m_current; }
    int currentMentionIndex() const;
    std::optional<core::Label> currentLabel() const { return labelOf(m_current); }
    const Ranking& ranking() const { return m_ranking; }
    bool rankingReady() const { return m_ranking.mentionId == m_current && m_current != 0; }
    std::vector<MentionMark> marks() const;
    QString imagePath() const;  // absolute, "" when the sample has none on disk

    // Label actions on the selected mention; false (with message()) when nothing happened.
    bool acceptCandidate(int number);  // 1-based position in the ranking
    bool assign(const std::string& value);  // QID, NIL or AMBIGUOUS
    bool markNil() { return assign(core::kNil); }
    bool markAmbiguous() { return assign(core::kAmbiguous); }
    bool clearLabel();
    // Where "Apply to identical mentions" reaches.
    enum class IdenticalScope
    {
        Dataset,  // the shown sample's dataset
        Project,  // every dataset
    };
    // Sets the selected mention's current label on the other mentions with the same surface in `scope`. Mentions a
    // person labelled otherwise keep their label unless `replaceHumanLabels`. Returns how many changed (one undo step).
    int applyToIdenticalMentions(IdenticalScope scope = IdenticalScope::Dataset, bool replaceHumanLabels = false);
    std::vector<core::LabelChange> currentHistory() const;
    // Adds a mention over code points [begin, end) of the shown sample's text (undoable) and selects it.
    bool addMention(int begin, int end);
    // Ties an image region (pixels; nullopt removes it) to the selected mention (undoable).
    bool setMentionBox(std::optional<core::BoundingBox> box);

Q_SIGNALS:
    void sampleChanged();
    void mentionChanged(core::RowId mentionId);
    void rankingChanged();
    // Labels of the shown sample changed (by a command, undo or a job).
    void labelsChanged();
    void message(const QString& text);

private:
    bool push(std::vector<core::RowId> mentionIds, const std::string& value, const QString& text);
    void reloadLabels();
    void requestRanking();
    void onLabelsChanged(const std::vector<core::RowId>& mentionIds);
    void onMentionsChanged(core::RowId sampleId, core::RowId focus);

    Project& m_project;
    JobRunner& m_jobs;
    RankingService& m_rankingService;
    QUndoStack& m_undo;
    QString m_annotator;
    std::optional<core::Sample> m_sample;
    std::string m_imageRoot;
    std::vector<core::Mention> m_mentions;
    std::vector<std::optional<core::Label>> m_labels;  // parallel to m_mentions
    core::RowId m_current = 0;
    Ranking m_ranking;
};

} // namespace mel::ui
