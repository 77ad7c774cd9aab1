// Linker providers and the registry.
#include "linkers/linkerprovider.h"

#include <QObject>

#include "mel/core/linker/namelinker.h"

namespace mel::ui {

FunctionLinkerProvider::FunctionLinkerProvider(QString id, QString displayName, QString description, Factory factory)
    : m_id(std::move(id))
    , m_displayName(std::move(displayName))
    , m_description(std::move(description))
    , m_factory(std::move(factory))
{
}

std::shared_ptr<LinkerProvider> makeNameLinkerProvider()
{
    return std::make_shared<FunctionLinkerProvider>(
        "name", QObject::tr("Name (WRatio baseline)"),
        QObject::tr("Ranks candidates by the fuzzy similarity of mention and entity name; no image, no training."),
        [] { return std::make_unique<core::NameLinker>(); });
}

LinkerRegistry::LinkerRegistry() { m_providers.push_back(makeNameLinkerProvider()); }

void LinkerRegistry::add(std::shared_ptr<LinkerProvider> provider)
{
    for (auto& existing : m_providers)
        if (existing->id() == provider->id()) {
            existing = std::move(provider);
            return;
        }
    m_providers.push_back(std::move(provider));
}

void LinkerRegistry::remove(const QString& id)
{
    std::erase_if(m_providers, [&](const auto& p) { return p->id() == id; });
}

std::shared_ptr<LinkerProvider> LinkerRegistry::find(const QString& id) const
{
    for (const auto& p : m_providers)
        if (p->id() == id)
            return p;
    return nullptr;
}

} // namespace mel::ui
