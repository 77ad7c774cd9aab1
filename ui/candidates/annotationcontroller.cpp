// AnnotationController: reads a sample's mentions and labels from the GUI-thread store, pushes LabelCommands.
#include "candidates/annotationcontroller.h"

#include <algorithm>
#include <filesystem>

#include "candidates/labelcommand.h"
#include "candidates/mentioncommand.h"
#include "mel/core/store/browse.h"

namespace mel::ui {

AnnotationController::AnnotationController(Project& project, JobRunner& jobs, RankingService& ranking,
                                           QUndoStack& undo, QObject* parent)
    : QObject(parent)
    , m_project(project)
    , m_jobs(jobs)
    , m_rankingService(ranking)
    , m_undo(undo)
    , m_annotator(QStringLiteral("annotator"))
{
    connect(&m_rankingService, &RankingService::ranked, this, [this](const Ranking& r) {
        if (r.mentionId != m_current)
            return;
        m_ranking = r;
        Q_EMIT rankingChanged();
    });
    connect(&m_project, &Project::labelsChanged, this, &AnnotationController::onLabelsChanged);
    connect(&m_project, &Project::mentionsChanged, this, &AnnotationController::onMentionsChanged);
    connect(&m_project, &Project::kbChanged, this, [this] {
        m_rankingService.setFeatureStore(m_project.isOpen() ? m_project.path() : std::filesystem::path());
        m_rankingService.setKb(m_project.kb());
        requestRanking();
    });
    connect(&m_project, &Project::closed, this, [this] {
        m_rankingService.setFeatureStore({});
        m_rankingService.setKb(nullptr);  // the closed project's KB ranks nothing any more
        showSample(0);
    });
}

void AnnotationController::showSample(core::RowId sampleId)
{
    // The same sample shown again (the browser reloads when a job finishes) keeps its selected mention: jumping back
    // to the first one would make the next N or number key label a mention the annotator is not looking at.
    const core::RowId keep = m_sample && m_sample->id == sampleId ? m_current : 0;
    m_sample.reset();
    m_mentions.clear();
    m_labels.clear();
    m_imageRoot.clear();
    m_current = 0;
    m_ranking = {};
    if (sampleId && m_project.isOpen()) {
        core::Store& store = m_project.store();
        m_sample = store.sample(sampleId);
        if (m_sample) {
            m_mentions = store.mentionsOf(sampleId);
            if (const auto dataset = store.dataset(m_sample->datasetId))
                m_imageRoot = dataset->rootDir;
        }
    }
    reloadLabels();
    Q_EMIT sampleChanged();
    const bool kept = keep && std::any_of(m_mentions.begin(), m_mentions.end(), [keep](const core::Mention& m) {
                          return m.id == keep;
                      });
    selectMention(kept ? keep : m_mentions.empty() ? 0 : m_mentions.front().id);
}

void AnnotationController::selectMention(core::RowId mentionId)
{
    m_current = 0;
    for (const auto& m : m_mentions)
        if (m.id == mentionId)
            m_current = mentionId;
    m_ranking = {};
    Q_EMIT mentionChanged(m_current);
    Q_EMIT rankingChanged();
    requestRanking();
}

bool AnnotationController::stepMention(int delta)
{
    const int next = currentMentionIndex() + delta;
    if (next < 0 || next >= static_cast<int>(m_mentions.size()))
        return false;
    selectMention(m_mentions[static_cast<std::size_t>(next)].id);
    return true;
}

std::optional<core::Label> AnnotationController::labelOf(core::RowId mentionId) const
{
    for (std::size_t i = 0; i < m_mentions.size(); ++i)
        if (m_mentions[i].id == mentionId)
            return m_labels[i];
    return std::nullopt;
}

int AnnotationController::currentMentionIndex() const
{
    for (std::size_t i = 0; i < m_mentions.size(); ++i)
        if (m_mentions[i].id == m_current)
            return static_cast<int>(i);
    return -1;
}

std::vector<MentionMark> AnnotationController::marks() const
{
    std::vector<MentionMark> out;
    for (std::size_t i = 0; i < m_mentions.size(); ++i) {
        const auto& m = m_mentions[i];
        MentionMark mark;
        mark.id = m.id;
        mark.begin = m.begin;
        mark.end = m.end;
        mark.surface = QString::fromStdString(m.surface);
        mark.state = mentionState(m_labels[i]);
        mark.human = m_labels[i] && m_labels[i]->source == core::LabelSource::Human;
        out.push_back(mark);
    }
    return out;
}

QString AnnotationController::imagePath() const
{
    if (!m_sample || m_sample->imageStatus != core::ImageStatus::Present || m_sample->imagePath.empty())
        return {};
    return QString::fromStdString((std::filesystem::path(m_imageRoot) / m_sample->imagePath).string());
}

bool AnnotationController::acceptCandidate(int number)
{
    if (!rankingReady()) {
        Q_EMIT message(tr("The candidates are still being ranked"));
        return false;
    }
    if (number < 1 || number > static_cast<int>(m_ranking.candidates.size())) {
        Q_EMIT message(tr("There is no candidate %1").arg(number));
        return false;
    }
    const auto& c = m_ranking.candidates[static_cast<std::size_t>(number - 1)].entity;
    return push({m_current}, c.qid,
                tr("Link \"%1\" to %2 (%3)")
                    .arg(QString::fromStdString(c.name), QString::fromStdString(c.qid))
                    .arg(QString::fromStdString(currentLabel() ? currentLabel()->value : std::string("-"))));
}

bool AnnotationController::assign(const std::string& value)
{
    if (!m_current)
        return false;
    QString what = QString::fromStdString(value);
    return push({m_current}, value, tr("Label mention %1 as %2").arg(m_current).arg(what));
}

bool AnnotationController::clearLabel()
{
    if (!m_current || !currentLabel())
        return false;
    return push({m_current}, {}, tr("Clear the label of mention %1").arg(m_current));
}

int AnnotationController::applyToIdenticalMentions(IdenticalScope scope, bool replaceHumanLabels)
{
    const auto label = currentLabel();
    const int index = currentMentionIndex();
    if (!label || index < 0 || !m_project.isOpen() || !m_sample)
        return 0;
    const std::string surface = m_mentions[static_cast<std::size_t>(index)].surface;
    const QString quoted = QString::fromStdString(surface);
    const QString value = QString::fromStdString(label->value);
    std::vector<core::RowId> targets;
    int keptHuman = 0;
    core::Store& store = m_project.store();
    const core::RowId dataset = scope == IdenticalScope::Dataset ? m_sample->datasetId : 0;
    for (const auto& [id, other] : core::labelsOfMentionsWithSurface(store, surface, dataset)) {
        if (other && other->value == label->value)
            continue;
        // Another person's decision on the same surface is not overwritten by a bulk action unless asked to.
        if (other && other->source == core::LabelSource::Human && !replaceHumanLabels) {
            ++keptHuman;
            continue;
        }
        targets.push_back(id);
    }
    const QString kept = keptHuman == 0 ? QString()
                                        : tr("; %n labelled otherwise by a person kept their label", nullptr, keptHuman);
    if (targets.empty()) {
        Q_EMIT message(tr("Every other \"%1\" mention already has this label").arg(quoted) + kept);
        return 0;
    }
    const int count = static_cast<int>(targets.size());
    if (!push(std::move(targets), label->value,
              tr("Link all %n \"%1\" mention(s) to %2", nullptr, count).arg(quoted, value)))
        return 0;
    // The change reaches mentions the annotator cannot see: say how many, where, and how to undo.
    Q_EMIT message((scope == IdenticalScope::Dataset
                        ? tr("Linked %n more \"%1\" mention(s) in this dataset to %2 (Ctrl+Z undoes them together)",
                             nullptr, count)
                        : tr("Linked %n more \"%1\" mention(s) in the project to %2 (Ctrl+Z undoes them together)",
                             nullptr, count))
                       .arg(quoted, value) +
                   kept);
    return count;
}

std::vector<core::LabelChange> AnnotationController::currentHistory() const
{
    if (!m_current || !m_project.isOpen())
        return {};
    return m_project.store().history(m_current);
}

bool AnnotationController::push(std::vector<core::RowId> mentionIds, const std::string& value, const QString& text)
{
    if (!m_project.isOpen())
        return false;
    if (m_jobs.isWritingProject()) {
        // The job holds a long write transaction; waiting for it here would freeze the window.
        Q_EMIT message(tr("\"%1\" is writing to the project; label changes resume when it finishes")
                           .arg(m_jobs.currentTitle()));
        return false;
    }
    const int before = m_undo.index();
    // push() runs redo(); a command whose write failed marks itself obsolete and the stack drops it.
    m_undo.push(new LabelCommand(m_project, std::move(mentionIds), value, m_annotator.toStdString(), text));
    if (m_undo.index() != before + 1) {
        Q_EMIT message(tr("The label could not be saved"));
        return false;
    }
    return true;
}

bool AnnotationController::addMention(int begin, int end)
{
    if (!m_sample || !m_project.isOpen())
        return false;
    if (m_jobs.isWritingProject()) {
        Q_EMIT message(tr("\"%1\" is writing to the project; edits resume when it finishes").arg(m_jobs.currentTitle()));
        return false;
    }
    const int before = m_undo.index();
    auto* command = new AddMentionCommand(m_project, m_sample->id, begin, end);
    m_undo.push(command);  // an obsolete (failed) command is deleted by the stack
    if (m_undo.index() != before + 1) {
        Q_EMIT message(tr("No mention added: the selection is empty or already a mention"));
        return false;
    }
    return true;
}

bool AnnotationController::setMentionBox(std::optional<core::BoundingBox> box)
{
    if (!m_sample || !m_current || !m_project.isOpen())
        return false;
    if (m_jobs.isWritingProject()) {
        Q_EMIT message(tr("\"%1\" is writing to the project; edits resume when it finishes").arg(m_jobs.currentTitle()));
        return false;
    }
    const int before = m_undo.index();
    m_undo.push(new SetBoxCommand(m_project, m_sample->id, m_current, box));
    return m_undo.index() == before + 1;
}

void AnnotationController::onMentionsChanged(core::RowId sampleId, core::RowId focus)
{
    if (!m_sample || m_sample->id != sampleId)
        return;
    const core::RowId keep = focus ? focus : m_current;
    m_mentions = m_project.store().mentionsOf(sampleId);
    reloadLabels();  // selectMention below redraws text and boxes; the image itself stays as it is (zoom kept)
    bool found = false;
    for (const auto& m : m_mentions)
        found = found || m.id == keep;
    selectMention(found ? keep : (m_mentions.empty() ? 0 : m_mentions.front().id));
}

void AnnotationController::reloadLabels()
{
    m_labels.clear();
    for (const auto& m : m_mentions)
        m_labels.push_back(m_project.isOpen() ? m_project.store().label(m.id) : std::nullopt);
}

void AnnotationController::requestRanking()
{
    const int index = currentMentionIndex();
    if (index < 0 || !m_sample)
        return;
    const auto& m = m_mentions[static_cast<std::size_t>(index)];
    core::MentionQuery q;
    q.mentionId = m.id;
    q.surface = m.surface;
    q.text = m_sample->text;
    q.begin = m.begin.value_or(-1);
    q.end = m.end.value_or(-1);
    q.imagePath = imagePath().toStdString();
    q.box = m.box;
    m_rankingService.request(q);
}

void AnnotationController::onLabelsChanged(const std::vector<core::RowId>& mentionIds)
{
    bool mine = false;
    for (core::RowId id : mentionIds)
        for (const auto& m : m_mentions)
            mine = mine || m.id == id;
    if (!mine)
        return;
    reloadLabels();
    Q_EMIT labelsChanged();
}

} // namespace mel::ui
