// CPU threading for small models: LibTorch's intra-op threads, OpenBLAS kept to one thread, and an allocator
// setting that stops large per-step buffers from being mapped and unmapped on every step.
#pragma once

namespace mel::models {

// at::set_num_threads(threads) (threads >= 1). The first call also:
// - sets OpenBLAS (when it is LibTorch's BLAS) to one thread: our matrices are 64-256 wide, where its pthread pool
//   costs more than it gains and its waiting threads spin on sched_yield — on a shared 2-core machine that burned
//   about a third of the training CPU time;
// - raises glibc's mmap threshold so the gradient buffers (several MB each) are reused from the heap instead of
//   being mmap'ed, page-faulted and zeroed by the kernel on every step.
void configureCpuThreads(int threads);

} // namespace mel::models
