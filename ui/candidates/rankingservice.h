// Ranks one mention's KB candidates with the active linker, off the GUI thread.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

#include "linkers/linkerprovider.h"
#include "mel/core/pipeline/kbcandidates.h"

namespace mel::ui {

struct RankedCandidate
{
    core::CandidateEntity entity;
    double score = 0;
    int rank = 0;  // 1-based
};

struct Ranking
{
    core::RowId mentionId = 0;
    QString linker;                        // display name of the linker that ranked
    std::vector<RankedCandidate> candidates;
    core::Explanation explanation;
    QString error;
};

// Candidates come from the KB index (top `candidatePool` by WRatio) and are ranked by a linker instance that lives
// on the service's single pool thread (a learned linker runs LibTorch there, never on the GUI thread). Only the
// newest request's result is delivered; older ones are dropped.
//
// Warm-up: when the active provider's linkers cache entity features and a KB is set, the service encodes every
// KB entity once in the background, kWarmUpChunk entities per task on the same thread (core::warmEntityFeatures).
// Those tasks queue behind ranking requests (lower pool priority), so an annotator waits for at most one chunk;
// afterwards a ranking only encodes its mention (GHMF on Wikidata-MEL: p95 about 24 instead of 80 ms at load 8).
// A new provider or KB abandons the chunks still queued. With a project file set (setFeatureStore), each chunk first
// takes the features the project already holds for this checkpoint (core::StoredEntityFeatures, through a
// connection of the pool thread's own) and stores what it had to encode, so a project opened again with the same
// checkpoint does not encode its KB again. A new KB (a re-import, another project) gets a new linker instance: its
// in-memory features are keyed by QID only and could belong to an entry that has since changed.
class RankingService : public QObject
{
    Q_OBJECT

public:
    explicit RankingService(QObject* parent = nullptr);
    ~RankingService() override;

    void setProvider(std::shared_ptr<LinkerProvider> provider);
    std::shared_ptr<LinkerProvider> provider() const { return m_provider; }
    void setKb(std::shared_ptr<const core::KbCandidates> kb);
    // The project whose stored entity features the warm-up reads and extends; "" = none. Takes effect with the
    // next warm-up (setKb / setProvider).
    void setFeatureStore(std::filesystem::path projectFile) { m_featureStore = std::move(projectFile); }
    void setLimits(int candidatePool, int shown);

    // Starts ranking; the result arrives through ranked(). Without a KB the result carries an error.
    void request(const core::MentionQuery& query);
    bool isBusy() const { return m_pending > 0; }
    // Entities encoded by the current warm-up, and how many it will encode (0 / 0 when none runs or ran).
    int warmedEntities() const { return m_warmed; }
    int warmUpTotal() const { return m_warmTotal; }
    // How many entities this warm-up (and the rankings made meanwhile) took from the project's stored features
    // instead of encoding them.
    int warmedFromProject() const { return m_warmedFromProject; }

    static constexpr int kWarmUpChunk = 256;

Q_SIGNALS:
    void ranked(const mel::ui::Ranking& ranking);
    // After each warm-up chunk, on the GUI thread.
    void warmUpProgress(int done, int total);

private:
    struct LinkerSlot;

    void startWarmUp();

    QThreadPool m_pool;
    std::shared_ptr<LinkerSlot> m_slot;  // touched only on the pool thread
    std::shared_ptr<LinkerProvider> m_provider;
    std::shared_ptr<const core::KbCandidates> m_kb;
    quint64 m_kbGeneration = 0;  // bumped by every new KB: the pool thread's linker is built again for it
    std::filesystem::path m_featureStore;
    quint64 m_serial = 0;
    int m_pending = 0;
    std::shared_ptr<std::atomic<quint64>> m_warmGeneration = std::make_shared<std::atomic<quint64>>(0);
    int m_warmed = 0;
    int m_warmTotal = 0;
    int m_warmedFromProject = 0;
    int m_candidatePool = 100;
    int m_shown = 30;
};

} // namespace mel::ui

Q_DECLARE_METATYPE(mel::ui::Ranking)
