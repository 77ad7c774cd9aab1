// CheckpointProvider: loads the checkpoint's linker for whichever thread asks.
#include "linkers/checkpointprovider.h"

namespace mel::ui {

CheckpointProvider::CheckpointProvider(CheckpointDescription description, QString device,
                                       std::unique_ptr<core::Linker> preloaded)
    : m_description(std::move(description))
    , m_device(std::move(device))
    , m_preloaded(std::move(preloaded))
{
}

std::unique_ptr<core::Linker> CheckpointProvider::create() const
{
    {
        std::lock_guard lock(m_mutex);
        if (m_preloaded)
            return std::move(m_preloaded);
    }
    return loadCheckpointLinker(m_description.file, m_device);
}

} // namespace mel::ui
