// The seam through which linkers reach the GUI: the name baseline now, learned checkpoints (models/) later.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <QString>

#include "mel/core/linker/linker.h"

namespace mel::ui {

// Makes linkers of one kind. create() is called on worker threads (a checkpoint load may be slow) and each
// instance is then used by one thread only, as core::Linker requires.
class LinkerProvider
{
public:
    virtual ~LinkerProvider() = default;
    virtual QString id() const = 0;
    virtual QString displayName() const = 0;
    virtual QString description() const { return {}; }
    // Throws core::Error when the linker cannot be built (e.g. an unreadable checkpoint).
    virtual std::unique_ptr<core::Linker> create() const = 0;
    // Whether Model > Retrain can train this linker again (learned linkers loaded from a checkpoint).
    virtual bool canTrain() const { return false; }
    // The checkpoint file behind this linker ("" for linkers without one).
    virtual QString checkpoint() const { return {}; }
    // Whether its linkers cache encoded entity features (GHMF, MIMIC, DWE), so that encoding the KB ahead of time
    // makes every later ranking cheaper (RankingService's background warm-up).
    virtual bool cachesEntityFeatures() const { return false; }
};

// A provider from a factory function, e.g. one wrapping models::loadLinker(checkpoint).
class FunctionLinkerProvider final : public LinkerProvider
{
public:
    using Factory = std::function<std::unique_ptr<core::Linker>()>;
    FunctionLinkerProvider(QString id, QString displayName, QString description, Factory factory);
    QString id() const override { return m_id; }
    QString displayName() const override { return m_displayName; }
    QString description() const override { return m_description; }
    std::unique_ptr<core::Linker> create() const override { return m_factory(); }

private:
    QString m_id, m_displayName, m_description;
    Factory m_factory;
};

// The WRatio name baseline (core::NameLinker): always available, needs no checkpoint.
std::shared_ptr<LinkerProvider> makeNameLinkerProvider();

// The linkers the app offers, in menu order; the first one is the default.
class LinkerRegistry
{
public:
    LinkerRegistry();  // starts with the name linker
    void add(std::shared_ptr<LinkerProvider> provider);  // replaces a provider with the same id
    void remove(const QString& id);
    const std::vector<std::shared_ptr<LinkerProvider>>& providers() const { return m_providers; }
    std::shared_ptr<LinkerProvider> find(const QString& id) const;

private:
    std::vector<std::shared_ptr<LinkerProvider>> m_providers;
};

} // namespace mel::ui
