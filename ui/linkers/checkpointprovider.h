// A linker provider over a checkpoint file: Model > Load checkpoint, training results and remembered checkpoints.
#pragma once

#include <memory>
#include <mutex>

#include "linkers/learnedlinkers.h"
#include "linkers/linkerprovider.h"

namespace mel::ui {

class CheckpointProvider final : public LinkerProvider
{
public:
    // `preloaded`, when given, is handed out by the first create() so that a linker already loaded by a job is not
    // loaded twice; later calls load the file again (each instance is used by one thread).
    CheckpointProvider(CheckpointDescription description, QString device, std::unique_ptr<core::Linker> preloaded = {});

    static QString idFor(const QString& file) { return QStringLiteral("checkpoint:") + file; }

    QString id() const override { return idFor(m_description.file); }
    QString displayName() const override { return m_description.displayName(); }
    QString description() const override { return m_description.summary(); }
    std::unique_ptr<core::Linker> create() const override;
    bool canTrain() const override { return true; }
    QString checkpoint() const override { return m_description.file; }
    bool cachesEntityFeatures() const override { return m_description.cachesEntityFeatures; }
    const CheckpointDescription& info() const { return m_description; }
    QString device() const { return m_device; }

private:
    CheckpointDescription m_description;
    QString m_device;
    mutable std::mutex m_mutex;
    mutable std::unique_ptr<core::Linker> m_preloaded;
};

} // namespace mel::ui
