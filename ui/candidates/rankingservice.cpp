// RankingService: QtConcurrent on a one-thread pool, results through a QFutureWatcher on the GUI thread.
#include "candidates/rankingservice.h"

#include "mel/core/linker/warmup.h"
#include "mel/core/pipeline/storedfeatures.h"

#include <algorithm>

#include <QCoreApplication>
#include <QPointer>

#include <QtConcurrent/QtConcurrentRun>

namespace mel::ui {

struct RankingService::LinkerSlot
{
    std::shared_ptr<LinkerProvider> provider;
    std::unique_ptr<core::Linker> linker;
    // The KB the linker's in-memory entity features were encoded from. Its cache is keyed by QID only, so after a
    // KB re-import (or another project's KB) a QID could keep the features of an entry that is no longer there:
    // a new KB gets a new linker instance (the project's stored features, keyed by each entry's inputs, still
    // spare it the encoding of unchanged entities).
    quint64 kbGeneration = 0;
    // The warm-up's connection to the project and its stored features for the current linker and warm-up.
    std::unique_ptr<core::Store> store;
    std::unique_ptr<core::StoredEntityFeatures> stored;
    std::filesystem::path storedFile;  // the project and warm-up generation `stored` (or its failure) belongs to
    quint64 storedGeneration = 0;
    bool storeFailed = false;
    std::int64_t loadedBeforeFailure = 0;

    void releaseStore()
    {
        stored.reset();
        store.reset();
        storedFile.clear();
        storeFailed = false;
    }

    // Opens the project's stored features for the current linker (a new object per warm-up generation, so a changed
    // KB is looked up again). The store is only a cache: when it cannot be used (or the features were dropped while
    // in use), this warm-up and the rankings made meanwhile go on without it and do not try again.
    void useStore(const std::filesystem::path& file, quint64 generation)
    {
        if (file.empty()) {
            releaseStore();
            return;
        }
        if (generation == storedGeneration && file == storedFile && (stored || storeFailed))
            return;
        stored.reset();
        storeFailed = false;
        loadedBeforeFailure = 0;
        storedFile = file;
        storedGeneration = generation;
        try {
            if (!store || store->path() != file) {
                store.reset();
                store = std::make_unique<core::Store>(file);
            }
            stored = std::make_unique<core::StoredEntityFeatures>(*store, *linker, provider->checkpoint().toStdString());
        } catch (const std::exception&) {
            fail();
        }
    }

    void fail()
    {
        loadedBeforeFailure = stored ? stored->loaded() : loadedBeforeFailure;
        stored.reset();
        storeFailed = true;
    }

    void loadStored(const std::vector<core::CandidateEntity>& entities)
    {
        try {
            if (stored)
                stored->load(entities);
        } catch (const std::exception&) {
            fail();
        }
    }

    void saveStored()
    {
        try {
            if (stored)
                stored->save();
        } catch (const std::exception&) {  // e.g. the disk is full: the features stay in memory
            fail();
        }
    }

    std::int64_t loadedFromStore() const { return stored ? stored->loaded() : loadedBeforeFailure; }

    // The linker for `provider` and the KB of generation `kb`, built (on the pool thread) when either changed.
    void useLinker(const std::shared_ptr<LinkerProvider>& wanted, quint64 kb)
    {
        if (provider == wanted && linker && kbGeneration == kb)
            return;
        stored.reset();  // it refers to the linker being replaced
        storeFailed = false;
        linker.reset();
        linker = wanted->create();
        provider = wanted;
        kbGeneration = kb;
    }
};

RankingService::RankingService(QObject* parent)
    : QObject(parent)
    , m_slot(std::make_shared<LinkerSlot>())
    , m_provider(makeNameLinkerProvider())
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);  // keep the thread (and the linker's thread-local state) alive
}

RankingService::~RankingService()
{
    ++*m_warmGeneration;  // warm-up chunks still queued return at once
    m_pool.clear();
    m_pool.waitForDone();
}

void RankingService::setProvider(std::shared_ptr<LinkerProvider> provider)
{
    m_provider = std::move(provider);
    startWarmUp();
}

void RankingService::setKb(std::shared_ptr<const core::KbCandidates> kb)
{
    if (kb != m_kb)
        ++m_kbGeneration;
    m_kb = std::move(kb);
    startWarmUp();
}

void RankingService::startWarmUp()
{
    const quint64 generation = ++*m_warmGeneration;  // chunks of an earlier warm-up see this and return
    m_warmed = 0;
    m_warmTotal = 0;
    m_warmedFromProject = 0;
    if (!m_kb || !m_provider || !m_provider->cachesEntityFeatures() || m_kb->entities().empty()) {
        m_pool.start([slot = m_slot] { slot->releaseStore(); }, -1);  // e.g. the project was closed
        return;
    }
    const int total = static_cast<int>(m_kb->entities().size());
    m_warmTotal = total;
    QPointer<RankingService> self(this);
    for (int begin = 0; begin < total; begin += kWarmUpChunk) {
        const int end = std::min(total, begin + kWarmUpChunk);
        // Priority -1: every ranking request (priority 0) queued meanwhile runs before the next chunk.
        m_pool.start(
            [slot = m_slot, provider = m_provider, kb = m_kb, kbGeneration = m_kbGeneration, current = m_warmGeneration,
             generation, begin, end, self, total, featureStore = m_featureStore] {
                if (current->load() != generation)
                    return;
                std::int64_t fromProject = 0;
                try {
                    slot->useLinker(provider, kbGeneration);
                    slot->useStore(featureStore, generation);
                    std::vector<core::CandidateEntity> chunk;
                    chunk.reserve(static_cast<std::size_t>(end - begin));
                    for (int i = begin; i < end; ++i)
                        chunk.push_back(kb->toCandidate(kb->entities()[static_cast<std::size_t>(i)]));
                    slot->loadStored(chunk);
                    core::warmEntityFeatures(*slot->linker, chunk, {}, chunk.size());
                    slot->saveStored();
                    fromProject = slot->loadedFromStore();
                } catch (const std::exception&) {
                    // A linker that cannot be built or run reports that on the next ranking request; the warm-up
                    // only gives up.
                    quint64 expected = generation;  // abandon the rest of this warm-up (a newer one keeps going)
                    current->compare_exchange_strong(expected, generation + 1);
                    return;
                }
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, current, generation, end, total, fromProject] {
                        if (!self || current->load() != generation)
                            return;
                        self->m_warmed = end;
                        self->m_warmedFromProject = static_cast<int>(fromProject);
                        Q_EMIT self->warmUpProgress(end, total);
                    },
                    Qt::QueuedConnection);
            },
            -1);
    }
}

void RankingService::setLimits(int candidatePool, int shown)
{
    m_candidatePool = candidatePool;
    m_shown = shown;
}

void RankingService::request(const core::MentionQuery& query)
{
    const quint64 serial = ++m_serial;
    auto work = [slot = m_slot, provider = m_provider, kb = m_kb, kbGeneration = m_kbGeneration, query,
                 pool = m_candidatePool, shown = m_shown, featureStore = m_featureStore,
                 generation = m_warmGeneration->load()]() -> Ranking {
        Ranking out;
        out.mentionId = query.mentionId;
        out.linker = provider ? provider->displayName() : QString();
        try {
            if (!kb)
                throw std::runtime_error(
                    QCoreApplication::translate("mel::ui::RankingService", "the KB index is not ready (import a knowledge graph)")
                        .toStdString());
            if (!provider)
                throw std::runtime_error(
                    QCoreApplication::translate("mel::ui::RankingService", "no linker selected").toStdString());
            slot->useLinker(provider, kbGeneration);
            const auto candidates = kb->candidates(query.surface, pool);
            if (provider->cachesEntityFeatures()) {
                slot->useStore(featureStore, generation);
                slot->loadStored(candidates);  // before the warm-up has reached them
            }
            auto results = slot->linker->rank({query}, {candidates}, true);
            slot->saveStored();
            if (results.empty())
                return out;
            auto& result = results.front();
            for (std::size_t i = 0; i < result.ranked.size() && static_cast<int>(i) < shown; ++i) {
                const auto& scored = result.ranked[i];
                RankedCandidate rc;
                rc.rank = static_cast<int>(i + 1);
                rc.score = scored.score;
                for (const auto& c : candidates)
                    if (c.qid == scored.qid) {
                        rc.entity = c;
                        break;
                    }
                if (rc.entity.qid.empty())
                    if (const core::Entity* e = kb->entity(scored.qid))
                        rc.entity = kb->toCandidate(*e);
                out.candidates.push_back(std::move(rc));
            }
            out.explanation = std::move(result.explanation);
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        }
        return out;
    };
    ++m_pending;
    auto* watcher = new QFutureWatcher<Ranking>(this);
    connect(watcher, &QFutureWatcher<Ranking>::finished, this, [this, watcher, serial] {
        --m_pending;
        const Ranking ranking = watcher->result();
        watcher->deleteLater();
        if (serial == m_serial)
            Q_EMIT ranked(ranking);
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, std::move(work)));
}

} // namespace mel::ui
