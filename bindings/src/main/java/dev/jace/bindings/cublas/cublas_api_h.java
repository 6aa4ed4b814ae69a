// Written in jextract's layout; see bindings/README.md for the jextract command that regenerates it.
package dev.jace.bindings.cublas;

import dev.jace.bindings.Downcall;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibrary;
import dev.jace.bindings.NativeLibraryException;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

import static dev.jace.bindings.CTypes.*;

/**
 * Bindings of the cuBLAS functions jace uses ({@code cublas_api.h}, libcublas.so.12/13).
 *
 * <p>Every function resolves its symbol on first call; a missing library or symbol throws
 * {@link NativeLibraryException} (never an {@code UnsatisfiedLinkError} or {@code ExceptionInInitializerError}).
 */
@SuppressWarnings({"unused", "restricted"})
public final class cublas_api_h {

    private cublas_api_h() {
    }

    static final Supplier<NativeLibrary> LIBRARY = () -> NativeLibraries.system().cublas();

    private static final int CUBLAS_STATUS_SUCCESS = 0;

    /** {@code cublasStatus_t.CUBLAS_STATUS_SUCCESS} = 0 */
    public static int CUBLAS_STATUS_SUCCESS() {
        return CUBLAS_STATUS_SUCCESS;
    }

    private static final int CUBLAS_STATUS_NOT_INITIALIZED = 1;

    /** {@code cublasStatus_t.CUBLAS_STATUS_NOT_INITIALIZED} = 1 */
    public static int CUBLAS_STATUS_NOT_INITIALIZED() {
        return CUBLAS_STATUS_NOT_INITIALIZED;
    }

    private static final int CUBLAS_STATUS_ALLOC_FAILED = 3;

    /** {@code cublasStatus_t.CUBLAS_STATUS_ALLOC_FAILED} = 3 */
    public static int CUBLAS_STATUS_ALLOC_FAILED() {
        return CUBLAS_STATUS_ALLOC_FAILED;
    }

    private static final int CUBLAS_STATUS_INVALID_VALUE = 7;

    /** {@code cublasStatus_t.CUBLAS_STATUS_INVALID_VALUE} = 7 */
    public static int CUBLAS_STATUS_INVALID_VALUE() {
        return CUBLAS_STATUS_INVALID_VALUE;
    }

    private static final int CUBLAS_STATUS_ARCH_MISMATCH = 8;

    /** {@code cublasStatus_t.CUBLAS_STATUS_ARCH_MISMATCH} = 8 */
    public static int CUBLAS_STATUS_ARCH_MISMATCH() {
        return CUBLAS_STATUS_ARCH_MISMATCH;
    }

    private static final int CUBLAS_STATUS_MAPPING_ERROR = 11;

    /** {@code cublasStatus_t.CUBLAS_STATUS_MAPPING_ERROR} = 11 */
    public static int CUBLAS_STATUS_MAPPING_ERROR() {
        return CUBLAS_STATUS_MAPPING_ERROR;
    }

    private static final int CUBLAS_STATUS_EXECUTION_FAILED = 13;

    /** {@code cublasStatus_t.CUBLAS_STATUS_EXECUTION_FAILED} = 13 */
    public static int CUBLAS_STATUS_EXECUTION_FAILED() {
        return CUBLAS_STATUS_EXECUTION_FAILED;
    }

    private static final int CUBLAS_STATUS_INTERNAL_ERROR = 14;

    /** {@code cublasStatus_t.CUBLAS_STATUS_INTERNAL_ERROR} = 14 */
    public static int CUBLAS_STATUS_INTERNAL_ERROR() {
        return CUBLAS_STATUS_INTERNAL_ERROR;
    }

    private static final int CUBLAS_STATUS_NOT_SUPPORTED = 15;

    /** {@code cublasStatus_t.CUBLAS_STATUS_NOT_SUPPORTED} = 15 */
    public static int CUBLAS_STATUS_NOT_SUPPORTED() {
        return CUBLAS_STATUS_NOT_SUPPORTED;
    }

    private static final int CUBLAS_STATUS_LICENSE_ERROR = 16;

    /** {@code cublasStatus_t.CUBLAS_STATUS_LICENSE_ERROR} = 16 */
    public static int CUBLAS_STATUS_LICENSE_ERROR() {
        return CUBLAS_STATUS_LICENSE_ERROR;
    }

    private static final int CUBLAS_OP_N = 0;

    /** {@code cublasOperation_t.CUBLAS_OP_N} = 0 */
    public static int CUBLAS_OP_N() {
        return CUBLAS_OP_N;
    }

    private static final int CUBLAS_OP_T = 1;

    /** {@code cublasOperation_t.CUBLAS_OP_T} = 1 */
    public static int CUBLAS_OP_T() {
        return CUBLAS_OP_T;
    }

    private static final int CUDA_R_32F = 0;

    /** {@code cudaDataType.CUDA_R_32F} = 0 */
    public static int CUDA_R_32F() {
        return CUDA_R_32F;
    }

    private static final int CUDA_R_16BF = 14;

    /** {@code cudaDataType.CUDA_R_16BF} = 14 */
    public static int CUDA_R_16BF() {
        return CUDA_R_16BF;
    }

    private static final int CUBLAS_COMPUTE_32F = 68;

    /** {@code cublasComputeType_t.CUBLAS_COMPUTE_32F} = 68 */
    public static int CUBLAS_COMPUTE_32F() {
        return CUBLAS_COMPUTE_32F;
    }

    private static final int CUBLAS_COMPUTE_32F_FAST_16BF = 75;

    /** {@code cublasComputeType_t.CUBLAS_COMPUTE_32F_FAST_16BF} = 75 */
    public static int CUBLAS_COMPUTE_32F_FAST_16BF() {
        return CUBLAS_COMPUTE_32F_FAST_16BF;
    }

    private static final int CUBLAS_COMPUTE_32F_FAST_TF32 = 77;

    /** {@code cublasComputeType_t.CUBLAS_COMPUTE_32F_FAST_TF32} = 77 */
    public static int CUBLAS_COMPUTE_32F_FAST_TF32() {
        return CUBLAS_COMPUTE_32F_FAST_TF32;
    }

    private static final int CUBLAS_GEMM_DEFAULT = -1;

    /** {@code cublasGemmAlgo_t.CUBLAS_GEMM_DEFAULT} = -1 */
    public static int CUBLAS_GEMM_DEFAULT() {
        return CUBLAS_GEMM_DEFAULT;
    }

    private static final int CUBLAS_DEFAULT_MATH = 0;

    /** {@code cublasMath_t.CUBLAS_DEFAULT_MATH} = 0 */
    public static int CUBLAS_DEFAULT_MATH() {
        return CUBLAS_DEFAULT_MATH;
    }

    private static final int CUBLAS_TF32_TENSOR_OP_MATH = 3;

    /** {@code cublasMath_t.CUBLAS_TF32_TENSOR_OP_MATH} = 3 */
    public static int CUBLAS_TF32_TENSOR_OP_MATH() {
        return CUBLAS_TF32_TENSOR_OP_MATH;
    }

    private static final class cublasCreate_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cublasCreate_v2", DESC);
    }

    /** Descriptor of {@code cublasStatus_t cublasCreate_v2(cublasHandle_t *handle)}. */
    public static FunctionDescriptor cublasCreate_v2$descriptor() {
        return cublasCreate_v2.DESC;
    }

    /** Downcall handle of {@code cublasStatus_t cublasCreate_v2(cublasHandle_t *handle)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cublasCreate_v2$handle() {
        return cublasCreate_v2.CALL.handle();
    }

    /** {@code cublasStatus_t cublasCreate_v2(cublasHandle_t *handle)} */
    public static int cublasCreate_v2(MemorySegment handle) {
        var mh$ = cublasCreate_v2.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cublasDestroy_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cublasDestroy_v2", DESC);
    }

    /** Descriptor of {@code cublasStatus_t cublasDestroy_v2(cublasHandle_t handle)}. */
    public static FunctionDescriptor cublasDestroy_v2$descriptor() {
        return cublasDestroy_v2.DESC;
    }

    /** Downcall handle of {@code cublasStatus_t cublasDestroy_v2(cublasHandle_t handle)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cublasDestroy_v2$handle() {
        return cublasDestroy_v2.CALL.handle();
    }

    /** {@code cublasStatus_t cublasDestroy_v2(cublasHandle_t handle)} */
    public static int cublasDestroy_v2(MemorySegment handle) {
        var mh$ = cublasDestroy_v2.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cublasSetStream_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cublasSetStream_v2", DESC);
    }

    /** Descriptor of {@code cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId)}. */
    public static FunctionDescriptor cublasSetStream_v2$descriptor() {
        return cublasSetStream_v2.DESC;
    }

    /** Downcall handle of {@code cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cublasSetStream_v2$handle() {
        return cublasSetStream_v2.CALL.handle();
    }

    /** {@code cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId)} */
    public static int cublasSetStream_v2(MemorySegment handle, MemorySegment streamId) {
        var mh$ = cublasSetStream_v2.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, streamId);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cublasSetWorkspace_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG);
        static final Downcall CALL = Downcall.of(LIBRARY, "cublasSetWorkspace_v2", DESC);
    }

    /** Descriptor of {@code cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void *workspace, size_t workspaceSizeInBytes)}. */
    public static FunctionDescriptor cublasSetWorkspace_v2$descriptor() {
        return cublasSetWorkspace_v2.DESC;
    }

    /** Downcall handle of {@code cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void *workspace, size_t workspaceSizeInBytes)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cublasSetWorkspace_v2$handle() {
        return cublasSetWorkspace_v2.CALL.handle();
    }

    /** {@code cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void *workspace, size_t workspaceSizeInBytes)} */
    public static int cublasSetWorkspace_v2(MemorySegment handle, MemorySegment workspace, long workspaceSizeInBytes) {
        var mh$ = cublasSetWorkspace_v2.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, workspace, workspaceSizeInBytes);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cublasSetMathMode {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cublasSetMathMode", DESC);
    }

    /** Descriptor of {@code cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode)}. */
    public static FunctionDescriptor cublasSetMathMode$descriptor() {
        return cublasSetMathMode.DESC;
    }

    /** Downcall handle of {@code cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cublasSetMathMode$handle() {
        return cublasSetMathMode.CALL.handle();
    }

    /** {@code cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode)} */
    public static int cublasSetMathMode(MemorySegment handle, int mode) {
        var mh$ = cublasSetMathMode.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, mode);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cublasGetVersion_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cublasGetVersion_v2", DESC);
    }

    /** Descriptor of {@code cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version)}. */
    public static FunctionDescriptor cublasGetVersion_v2$descriptor() {
        return cublasGetVersion_v2.DESC;
    }

    /** Downcall handle of {@code cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cublasGetVersion_v2$handle() {
        return cublasGetVersion_v2.CALL.handle();
    }

    /** {@code cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version)} */
    public static int cublasGetVersion_v2(MemorySegment handle, MemorySegment version) {
        var mh$ = cublasGetVersion_v2.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, version);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cublasGemmEx {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_POINTER, C_INT, C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cublasGemmEx", DESC);
    }

    /** Descriptor of {@code cublasStatus_t cublasGemmEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const void *alpha, const void *A, cudaDataType Atype, int lda, const void *B, cudaDataType Btype, int ldb, const void *beta, void *C, cudaDataType Ctype, int ldc, cublasComputeType_t computeType, cublasGemmAlgo_t algo)}. */
    public static FunctionDescriptor cublasGemmEx$descriptor() {
        return cublasGemmEx.DESC;
    }

    /** Downcall handle of {@code cublasStatus_t cublasGemmEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const void *alpha, const void *A, cudaDataType Atype, int lda, const void *B, cudaDataType Btype, int ldb, const void *beta, void *C, cudaDataType Ctype, int ldc, cublasComputeType_t computeType, cublasGemmAlgo_t algo)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cublasGemmEx$handle() {
        return cublasGemmEx.CALL.handle();
    }

    /** {@code cublasStatus_t cublasGemmEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const void *alpha, const void *A, cudaDataType Atype, int lda, const void *B, cudaDataType Btype, int ldb, const void *beta, void *C, cudaDataType Ctype, int ldc, cublasComputeType_t computeType, cublasGemmAlgo_t algo)} */
    public static int cublasGemmEx(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha, MemorySegment A, int Atype, int lda, MemorySegment B, int Btype, int ldb, MemorySegment beta, MemorySegment C, int Ctype, int ldc, int computeType, int algo) {
        var mh$ = cublasGemmEx.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, transa, transb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc, computeType, algo);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cublasGemmStridedBatchedEx {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_LONG_LONG, C_POINTER, C_INT, C_INT, C_LONG_LONG, C_POINTER, C_POINTER, C_INT, C_INT, C_LONG_LONG, C_INT, C_INT, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cublasGemmStridedBatchedEx", DESC);
    }

    /** Descriptor of {@code cublasStatus_t cublasGemmStridedBatchedEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const void *alpha, const void *A, cudaDataType Atype, int lda, long long int strideA, const void *B, cudaDataType Btype, int ldb, long long int strideB, const void *beta, void *C, cudaDataType Ctype, int ldc, long long int strideC, int batchCount, cublasComputeType_t computeType, cublasGemmAlgo_t algo)}. */
    public static FunctionDescriptor cublasGemmStridedBatchedEx$descriptor() {
        return cublasGemmStridedBatchedEx.DESC;
    }

    /** Downcall handle of {@code cublasStatus_t cublasGemmStridedBatchedEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const void *alpha, const void *A, cudaDataType Atype, int lda, long long int strideA, const void *B, cudaDataType Btype, int ldb, long long int strideB, const void *beta, void *C, cudaDataType Ctype, int ldc, long long int strideC, int batchCount, cublasComputeType_t computeType, cublasGemmAlgo_t algo)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cublasGemmStridedBatchedEx$handle() {
        return cublasGemmStridedBatchedEx.CALL.handle();
    }

    /** {@code cublasStatus_t cublasGemmStridedBatchedEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const void *alpha, const void *A, cudaDataType Atype, int lda, long long int strideA, const void *B, cudaDataType Btype, int ldb, long long int strideB, const void *beta, void *C, cudaDataType Ctype, int ldc, long long int strideC, int batchCount, cublasComputeType_t computeType, cublasGemmAlgo_t algo)} */
    public static int cublasGemmStridedBatchedEx(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha, MemorySegment A, int Atype, int lda, long strideA, MemorySegment B, int Btype, int ldb, long strideB, MemorySegment beta, MemorySegment C, int Ctype, int ldc, long strideC, int batchCount, int computeType, int algo) {
        var mh$ = cublasGemmStridedBatchedEx.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, transa, transb, m, n, k, alpha, A, Atype, lda, strideA, B, Btype, ldb, strideB, beta, C, Ctype, ldc, strideC, batchCount, computeType, algo);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cublasSgemm_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER, C_INT, C_POINTER, C_POINTER, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cublasSgemm_v2", DESC);
    }

    /** Descriptor of {@code cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc)}. */
    public static FunctionDescriptor cublasSgemm_v2$descriptor() {
        return cublasSgemm_v2.DESC;
    }

    /** Downcall handle of {@code cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cublasSgemm_v2$handle() {
        return cublasSgemm_v2.CALL.handle();
    }

    /** {@code cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc)} */
    public static int cublasSgemm_v2(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha, MemorySegment A, int lda, MemorySegment B, int ldb, MemorySegment beta, MemorySegment C, int ldc) {
        var mh$ = cublasSgemm_v2.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
