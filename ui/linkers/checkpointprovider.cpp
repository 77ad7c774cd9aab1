// CheckpointProvider: loads the checkpoint's linker for whichever thread asks.
#include "linkers/checkpointprovider.h"

#include <QCoreApplication>

#include "linkers/checkpointtrust.h"
#include "mel/core/util/error.h"

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
    // Loaded again (a Link all job, a new KB or device): only the file that was checked when it was loaded. A
    // replaced file can carry other TorchScript code and must go through Model > Load checkpoint (and its trust
    // check) again.
    if (!m_description.fingerprint.isEmpty() && FileTrust::fingerprint(m_description.file) != m_description.fingerprint)
        throw core::Error(core::ErrorCode::Unsafe,
                          QCoreApplication::translate("mel::ui::CheckpointProvider",
                                                      "the checkpoint changed since it was loaded; load it again "
                                                      "(Model > Load checkpoint) to check it")
                              .toStdString(),
                          {m_description.file.toStdString(), {}, {}});
    return loadCheckpointLinker(m_description.file, m_device);
}

} // namespace mel::ui
