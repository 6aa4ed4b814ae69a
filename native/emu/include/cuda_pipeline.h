/*
 * cuda_pipeline.h of the CPU emulator: the primitives of asynchronous copies to shared memory (cp.async on sm_80 and
 * later), on jace_emu::async_copy, which lands each copy when the schedule says (see jace_emu.h).
 */
#ifndef JACE_EMU_CUDA_PIPELINE_H
#define JACE_EMU_CUDA_PIPELINE_H

#include <cstddef>

#include "jace_emu.h"

inline void __pipeline_memcpy_async(void *dst_shared, const void *src_global, std::size_t size_and_align,
                                    std::size_t zfill = 0) {
    ::jace_emu::async_copy(dst_shared, src_global, size_and_align, zfill);
}
inline void __pipeline_commit() { ::jace_emu::async_commit(); }
inline void __pipeline_wait_prior(std::size_t prior) { ::jace_emu::async_wait(prior); }

#endif
