// libFuzzer entry point for the checkpoint loader. LLVMFuzzerInitialize writes a small valid checkpoint into the
// corpus folder given by MEL_FUZZ_SEED_DIR (scripts/fuzz.sh sets it), so mutations start from a real archive.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <torch/torch.h>

#include "checkpointtarget.h"

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    at::set_num_threads(1);
    if (const char* dir = std::getenv("MEL_FUZZ_SEED_DIR"))
    {
        for (const char* linker : {"ghmf", "mimic", "dwe", "gemel"})  // every loader path: GEMEL has its own
        {
            const auto seed = std::filesystem::path(dir) / (std::string("seed-valid-") + linker + ".pt");
            if (!std::filesystem::exists(seed))
                mel::fuzz::writeTinyCheckpoint(seed.string(), linker);
        }
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    mel::fuzz::loadCheckpointBytes(data, size);
    return 0;
}
