/* Shared between the emulator's grid runner and its runtime API. */
#ifndef JACE_EMU_INTERNAL_H
#define JACE_EMU_INTERNAL_H

#include "cuda_runtime.h"

namespace jace_emu {
/* Runs every block of the grid now, on this thread, with `shared_bytes` of dynamic shared memory. */
void run_grid(const std::function<void()> &body, dim3 grid, dim3 block, std::size_t shared_bytes);
}  // namespace jace_emu

#endif
