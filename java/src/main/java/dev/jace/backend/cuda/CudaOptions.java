package dev.jace.backend.cuda;

import dev.jace.backend.Precision;

/**
 * Configuration of a {@link CudaBackend}.
 *
 * @param device    CUDA device ordinal
 * @param precision arithmetic of matmul and convolutions (storage is always float32)
 * @param groupConv algorithm of lifting/group convolutions; AUTO times both once per shape
 * @param useCublas use cuBLAS for matmul when it can be loaded (else jace_gemm, exact FP32)
 * @param useCudnn  use cuDNN for FP32/TF32 convolutions when it can be loaded (else libjace's kernels)
 * @param deterministic run only cuDNN algorithms that cuDNN reports deterministic, so that a convolution repeated on
 *                  the same inputs gives the same bits (libjace's kernels and cuBLAS's GEMMs always do)
 */
public record CudaOptions(int device, Precision precision, GroupConvAlgorithm groupConv, boolean useCublas,
                          boolean useCudnn, boolean deterministic) {

    public CudaOptions {
        if (device < 0) {
            throw new IllegalArgumentException("device ordinal must be >= 0, got " + device);
        }
        if (precision == null || groupConv == null) {
            throw new IllegalArgumentException("precision and groupConv must not be null");
        }
    }

    /** Device 0, FP32, autotuned group convolutions, cuBLAS and cuDNN when present, cuDNN's fastest algorithms. */
    public static CudaOptions defaults() {
        return new CudaOptions(0, Precision.FP32, GroupConvAlgorithm.AUTO, true, true, false);
    }

    public CudaOptions withDevice(int newDevice) {
        return new CudaOptions(newDevice, precision, groupConv, useCublas, useCudnn, deterministic);
    }

    public CudaOptions withPrecision(Precision newPrecision) {
        return new CudaOptions(device, newPrecision, groupConv, useCublas, useCudnn, deterministic);
    }

    public CudaOptions withGroupConv(GroupConvAlgorithm newGroupConv) {
        return new CudaOptions(device, precision, newGroupConv, useCublas, useCudnn, deterministic);
    }

    public CudaOptions withCublas(boolean use) {
        return new CudaOptions(device, precision, groupConv, use, useCudnn, deterministic);
    }

    public CudaOptions withCudnn(boolean use) {
        return new CudaOptions(device, precision, groupConv, useCublas, use, deterministic);
    }

    public CudaOptions withDeterministic(boolean only) {
        return new CudaOptions(device, precision, groupConv, useCublas, useCudnn, only);
    }
}
