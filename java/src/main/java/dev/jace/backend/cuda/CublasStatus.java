package dev.jace.backend.cuda;

import dev.jace.bindings.cublas.cublas_api_h;

/** Turns {@code cublasStatus_t} results into {@link CublasException}s. */
final class CublasStatus {

    private CublasStatus() {
    }

    static void check(String call, int status) {
        if (status != cublas_api_h.CUBLAS_STATUS_SUCCESS()) {
            throw new CublasException(call, status, name(status));
        }
    }

    static String name(int status) {
        return switch (status) {
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "cuBLAS status " + status;
        };
    }
}
