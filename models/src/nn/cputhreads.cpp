#include "nn/cputhreads.h"

#include <dlfcn.h>
#include <malloc.h>

#include <mutex>

#include <ATen/Parallel.h>

namespace mel::models {

void configureCpuThreads(int threads)
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Looked up at run time: LibTorch may use another BLAS, then there is nothing to set.
        using SetThreads = void (*)(int);
        if (auto* set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
            set(1);
#ifdef M_MMAP_THRESHOLD
        mallopt(M_MMAP_THRESHOLD, 256 << 20);
        mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
    });
    if (threads >= 1 && at::get_num_threads() != threads)
        at::set_num_threads(threads);
}

} // namespace mel::models
