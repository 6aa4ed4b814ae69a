/* For the emulated cuBLAS and cuDNN (fake_cublas.cpp, fake_cudnn.cpp): the real libraries link a CUDA runtime of their
 * own, whose last error is not libjace's, so a runtime call failing inside them never shows in libjace's
 * cudaGetLastError. The emulated ones share libjace's emulated runtime instead; an OwnRuntime held through each of
 * their functions gives the caller back its last error as it was, whatever the function's runtime calls left. */
#ifndef JACE_EMU_OWN_RUNTIME_H
#define JACE_EMU_OWN_RUNTIME_H

#include "cuda_runtime.h"

namespace jace_emu {

class OwnRuntime {
public:
    OwnRuntime() : callers_(cudaGetLastError()) {}
    ~OwnRuntime() { set_last_error(callers_); }
    OwnRuntime(const OwnRuntime &) = delete;
    OwnRuntime &operator=(const OwnRuntime &) = delete;

private:
    cudaError_t callers_;
};

}  // namespace jace_emu

#endif
