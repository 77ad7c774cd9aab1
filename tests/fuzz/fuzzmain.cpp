// libFuzzer entry point; the target is chosen at compile time (MEL_FUZZ_TARGET, see CMakeLists.txt).
#include "fuzztargets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const mel::fuzz::Target target = mel::fuzz::targetNamed(MEL_FUZZ_TARGET);
    target(data, size);
    return 0;
}
