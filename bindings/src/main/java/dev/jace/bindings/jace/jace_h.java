// Written in jextract's layout; see bindings/README.md for the jextract command that regenerates it.
package dev.jace.bindings.jace;

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
 * Bindings of {@code native/include/jace.h}, the C ABI of libjace.so.
 *
 * <p>Every function resolves its symbol on first call; a missing library or symbol throws
 * {@link NativeLibraryException} (never an {@code UnsatisfiedLinkError} or {@code ExceptionInInitializerError}).
 */
@SuppressWarnings({"unused", "restricted"})
public final class jace_h {

    private jace_h() {
    }

    static final Supplier<NativeLibrary> LIBRARY = () -> NativeLibraries.system().jace();

    private static final int JACE_VERSION_MAJOR = 0;

    /** {@code #define JACE_VERSION_MAJOR 0} */
    public static int JACE_VERSION_MAJOR() {
        return JACE_VERSION_MAJOR;
    }

    private static final int JACE_VERSION_MINOR = 1;

    /** {@code #define JACE_VERSION_MINOR 1} */
    public static int JACE_VERSION_MINOR() {
        return JACE_VERSION_MINOR;
    }

    private static final int JACE_VERSION_PATCH = 0;

    /** {@code #define JACE_VERSION_PATCH 0} */
    public static int JACE_VERSION_PATCH() {
        return JACE_VERSION_PATCH;
    }

    private static final int JACE_MAX_GROUP_ORDER = 8;

    /** {@code #define JACE_MAX_GROUP_ORDER 8} */
    public static int JACE_MAX_GROUP_ORDER() {
        return JACE_MAX_GROUP_ORDER;
    }

    private static final int JACE_SUCCESS = 0;

    /** {@code enum jace_status.JACE_SUCCESS} = 0 */
    public static int JACE_SUCCESS() {
        return JACE_SUCCESS;
    }

    private static final int JACE_ERROR_INVALID_ARGUMENT = 1;

    /** {@code enum jace_status.JACE_ERROR_INVALID_ARGUMENT} = 1 */
    public static int JACE_ERROR_INVALID_ARGUMENT() {
        return JACE_ERROR_INVALID_ARGUMENT;
    }

    private static final int JACE_ERROR_CUDA = 2;

    /** {@code enum jace_status.JACE_ERROR_CUDA} = 2 */
    public static int JACE_ERROR_CUDA() {
        return JACE_ERROR_CUDA;
    }

    private static final int JACE_ERROR_UNSUPPORTED = 3;

    /** {@code enum jace_status.JACE_ERROR_UNSUPPORTED} = 3 */
    public static int JACE_ERROR_UNSUPPORTED() {
        return JACE_ERROR_UNSUPPORTED;
    }

    private static final int JACE_ERROR_OUT_OF_MEMORY = 4;

    /** {@code enum jace_status.JACE_ERROR_OUT_OF_MEMORY} = 4 */
    public static int JACE_ERROR_OUT_OF_MEMORY() {
        return JACE_ERROR_OUT_OF_MEMORY;
    }

    private static final int JACE_PRECISION_FP32 = 0;

    /** {@code enum jace_precision.JACE_PRECISION_FP32} = 0 */
    public static int JACE_PRECISION_FP32() {
        return JACE_PRECISION_FP32;
    }

    private static final int JACE_PRECISION_TF32 = 1;

    /** {@code enum jace_precision.JACE_PRECISION_TF32} = 1 */
    public static int JACE_PRECISION_TF32() {
        return JACE_PRECISION_TF32;
    }

    private static final int JACE_PRECISION_BF16 = 2;

    /** {@code enum jace_precision.JACE_PRECISION_BF16} = 2 */
    public static int JACE_PRECISION_BF16() {
        return JACE_PRECISION_BF16;
    }

    private static final int JACE_REP_INVARIANT = 0;

    /** {@code enum jace_rep.JACE_REP_INVARIANT} = 0 */
    public static int JACE_REP_INVARIANT() {
        return JACE_REP_INVARIANT;
    }

    private static final int JACE_REP_IMAGE = 1;

    /** {@code enum jace_rep.JACE_REP_IMAGE} = 1 */
    public static int JACE_REP_IMAGE() {
        return JACE_REP_IMAGE;
    }

    private static final int JACE_REP_GROUP_MAP = 2;

    /** {@code enum jace_rep.JACE_REP_GROUP_MAP} = 2 */
    public static int JACE_REP_GROUP_MAP() {
        return JACE_REP_GROUP_MAP;
    }

    private static final int JACE_POOL_MAX = 0;

    /** {@code enum jace_pool_mode.JACE_POOL_MAX} = 0 */
    public static int JACE_POOL_MAX() {
        return JACE_POOL_MAX;
    }

    private static final int JACE_POOL_MEAN = 1;

    /** {@code enum jace_pool_mode.JACE_POOL_MEAN} = 1 */
    public static int JACE_POOL_MEAN() {
        return JACE_POOL_MEAN;
    }

    private static final class jace_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_version", DESC);
    }

    /** Descriptor of {@code int jace_version(void);}. */
    public static FunctionDescriptor jace_version$descriptor() {
        return jace_version.DESC;
    }

    /** Downcall handle of {@code int jace_version(void);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_version$handle() {
        return jace_version.CALL.handle();
    }

    /** {@code int jace_version(void);} */
    public static int jace_version() {
        var mh$ = jace_version.CALL.handle();
        try {
            return (int) mh$.invokeExact();
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_status_string {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_status_string", DESC);
    }

    /** Descriptor of {@code const char *jace_status_string(jace_status status);}. */
    public static FunctionDescriptor jace_status_string$descriptor() {
        return jace_status_string.DESC;
    }

    /** Downcall handle of {@code const char *jace_status_string(jace_status status);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_status_string$handle() {
        return jace_status_string.CALL.handle();
    }

    /** {@code const char *jace_status_string(jace_status status);} */
    public static MemorySegment jace_status_string(int status) {
        var mh$ = jace_status_string.CALL.handle();
        try {
            return (MemorySegment) mh$.invokeExact(status);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_last_error {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_last_error", DESC);
    }

    /** Descriptor of {@code const char *jace_last_error(void);}. */
    public static FunctionDescriptor jace_last_error$descriptor() {
        return jace_last_error.DESC;
    }

    /** Downcall handle of {@code const char *jace_last_error(void);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_last_error$handle() {
        return jace_last_error.CALL.handle();
    }

    /** {@code const char *jace_last_error(void);} */
    public static MemorySegment jace_last_error() {
        var mh$ = jace_last_error.CALL.handle();
        try {
            return (MemorySegment) mh$.invokeExact();
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_device_count {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_device_count", DESC);
    }

    /** Descriptor of {@code jace_status jace_device_count(int *count);}. */
    public static FunctionDescriptor jace_device_count$descriptor() {
        return jace_device_count.DESC;
    }

    /** Downcall handle of {@code jace_status jace_device_count(int *count);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_device_count$handle() {
        return jace_device_count.CALL.handle();
    }

    /** {@code jace_status jace_device_count(int *count);} */
    public static int jace_device_count(MemorySegment count) {
        var mh$ = jace_device_count.CALL.handle();
        try {
            return (int) mh$.invokeExact(count);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_noop {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_noop", DESC);
    }

    /** Descriptor of {@code jace_status jace_noop(cudaStream_t stream);}. */
    public static FunctionDescriptor jace_noop$descriptor() {
        return jace_noop.DESC;
    }

    /** Downcall handle of {@code jace_status jace_noop(cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_noop$handle() {
        return jace_noop.CALL.handle();
    }

    /** {@code jace_status jace_noop(cudaStream_t stream);} */
    public static int jace_noop(MemorySegment stream) {
        var mh$ = jace_noop.CALL.handle();
        try {
            return (int) mh$.invokeExact(stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_set_device {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_set_device", DESC);
    }

    /** Descriptor of {@code jace_status jace_set_device(int device);}. */
    public static FunctionDescriptor jace_set_device$descriptor() {
        return jace_set_device.DESC;
    }

    /** Downcall handle of {@code jace_status jace_set_device(int device);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_set_device$handle() {
        return jace_set_device.CALL.handle();
    }

    /** {@code jace_status jace_set_device(int device);} */
    public static int jace_set_device(int device) {
        var mh$ = jace_set_device.CALL.handle();
        try {
            return (int) mh$.invokeExact(device);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_device_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_device_name", DESC);
    }

    /** Descriptor of {@code jace_status jace_device_name(int device, char *buf, int buf_len);}. */
    public static FunctionDescriptor jace_device_name$descriptor() {
        return jace_device_name.DESC;
    }

    /** Downcall handle of {@code jace_status jace_device_name(int device, char *buf, int buf_len);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_device_name$handle() {
        return jace_device_name.CALL.handle();
    }

    /** {@code jace_status jace_device_name(int device, char *buf, int buf_len);} */
    public static int jace_device_name(int device, MemorySegment buf, int buf_len) {
        var mh$ = jace_device_name.CALL.handle();
        try {
            return (int) mh$.invokeExact(device, buf, buf_len);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_device_capability {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_device_capability", DESC);
    }

    /** Descriptor of {@code jace_status jace_device_capability(int device, int *capability);}. */
    public static FunctionDescriptor jace_device_capability$descriptor() {
        return jace_device_capability.DESC;
    }

    /** Downcall handle of {@code jace_status jace_device_capability(int device, int *capability);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_device_capability$handle() {
        return jace_device_capability.CALL.handle();
    }

    /** {@code jace_status jace_device_capability(int device, int *capability);} */
    public static int jace_device_capability(int device, MemorySegment capability) {
        var mh$ = jace_device_capability.CALL.handle();
        try {
            return (int) mh$.invokeExact(device, capability);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_runtime_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_runtime_version", DESC);
    }

    /** Descriptor of {@code jace_status jace_runtime_version(int *version);}. */
    public static FunctionDescriptor jace_runtime_version$descriptor() {
        return jace_runtime_version.DESC;
    }

    /** Downcall handle of {@code jace_status jace_runtime_version(int *version);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_runtime_version$handle() {
        return jace_runtime_version.CALL.handle();
    }

    /** {@code jace_status jace_runtime_version(int *version);} */
    public static int jace_runtime_version(MemorySegment version) {
        var mh$ = jace_runtime_version.CALL.handle();
        try {
            return (int) mh$.invokeExact(version);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_driver_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_driver_version", DESC);
    }

    /** Descriptor of {@code jace_status jace_driver_version(int *version);}. */
    public static FunctionDescriptor jace_driver_version$descriptor() {
        return jace_driver_version.DESC;
    }

    /** Downcall handle of {@code jace_status jace_driver_version(int *version);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_driver_version$handle() {
        return jace_driver_version.CALL.handle();
    }

    /** {@code jace_status jace_driver_version(int *version);} */
    public static int jace_driver_version(MemorySegment version) {
        var mh$ = jace_driver_version.CALL.handle();
        try {
            return (int) mh$.invokeExact(version);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_mem_get_info {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_mem_get_info", DESC);
    }

    /** Descriptor of {@code jace_status jace_mem_get_info(long long *free_bytes, long long *total_bytes);}. */
    public static FunctionDescriptor jace_mem_get_info$descriptor() {
        return jace_mem_get_info.DESC;
    }

    /** Downcall handle of {@code jace_status jace_mem_get_info(long long *free_bytes, long long *total_bytes);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_mem_get_info$handle() {
        return jace_mem_get_info.CALL.handle();
    }

    /** {@code jace_status jace_mem_get_info(long long *free_bytes, long long *total_bytes);} */
    public static int jace_mem_get_info(MemorySegment free_bytes, MemorySegment total_bytes) {
        var mh$ = jace_mem_get_info.CALL.handle();
        try {
            return (int) mh$.invokeExact(free_bytes, total_bytes);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_malloc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG_LONG);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_malloc", DESC);
    }

    /** Descriptor of {@code jace_status jace_malloc(void **ptr, long long bytes);}. */
    public static FunctionDescriptor jace_malloc$descriptor() {
        return jace_malloc.DESC;
    }

    /** Downcall handle of {@code jace_status jace_malloc(void **ptr, long long bytes);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_malloc$handle() {
        return jace_malloc.CALL.handle();
    }

    /** {@code jace_status jace_malloc(void **ptr, long long bytes);} */
    public static int jace_malloc(MemorySegment ptr, long bytes) {
        var mh$ = jace_malloc.CALL.handle();
        try {
            return (int) mh$.invokeExact(ptr, bytes);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_free", DESC);
    }

    /** Descriptor of {@code jace_status jace_free(void *ptr);}. */
    public static FunctionDescriptor jace_free$descriptor() {
        return jace_free.DESC;
    }

    /** Downcall handle of {@code jace_status jace_free(void *ptr);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_free$handle() {
        return jace_free.CALL.handle();
    }

    /** {@code jace_status jace_free(void *ptr);} */
    public static int jace_free(MemorySegment ptr) {
        var mh$ = jace_free.CALL.handle();
        try {
            return (int) mh$.invokeExact(ptr);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_malloc_host {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG_LONG);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_malloc_host", DESC);
    }

    /** Descriptor of {@code jace_status jace_malloc_host(void **ptr, long long bytes);}. */
    public static FunctionDescriptor jace_malloc_host$descriptor() {
        return jace_malloc_host.DESC;
    }

    /** Downcall handle of {@code jace_status jace_malloc_host(void **ptr, long long bytes);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_malloc_host$handle() {
        return jace_malloc_host.CALL.handle();
    }

    /** {@code jace_status jace_malloc_host(void **ptr, long long bytes);} */
    public static int jace_malloc_host(MemorySegment ptr, long bytes) {
        var mh$ = jace_malloc_host.CALL.handle();
        try {
            return (int) mh$.invokeExact(ptr, bytes);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_free_host {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_free_host", DESC);
    }

    /** Descriptor of {@code jace_status jace_free_host(void *ptr);}. */
    public static FunctionDescriptor jace_free_host$descriptor() {
        return jace_free_host.DESC;
    }

    /** Downcall handle of {@code jace_status jace_free_host(void *ptr);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_free_host$handle() {
        return jace_free_host.CALL.handle();
    }

    /** {@code jace_status jace_free_host(void *ptr);} */
    public static int jace_free_host(MemorySegment ptr) {
        var mh$ = jace_free_host.CALL.handle();
        try {
            return (int) mh$.invokeExact(ptr);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_memcpy_htod_async {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_memcpy_htod_async", DESC);
    }

    /** Descriptor of {@code jace_status jace_memcpy_htod_async(void *dst, const void *src, long long bytes, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_memcpy_htod_async$descriptor() {
        return jace_memcpy_htod_async.DESC;
    }

    /** Downcall handle of {@code jace_status jace_memcpy_htod_async(void *dst, const void *src, long long bytes, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_memcpy_htod_async$handle() {
        return jace_memcpy_htod_async.CALL.handle();
    }

    /** {@code jace_status jace_memcpy_htod_async(void *dst, const void *src, long long bytes, cudaStream_t stream);} */
    public static int jace_memcpy_htod_async(MemorySegment dst, MemorySegment src, long bytes, MemorySegment stream) {
        var mh$ = jace_memcpy_htod_async.CALL.handle();
        try {
            return (int) mh$.invokeExact(dst, src, bytes, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_memcpy_dtoh_async {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_memcpy_dtoh_async", DESC);
    }

    /** Descriptor of {@code jace_status jace_memcpy_dtoh_async(void *dst, const void *src, long long bytes, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_memcpy_dtoh_async$descriptor() {
        return jace_memcpy_dtoh_async.DESC;
    }

    /** Downcall handle of {@code jace_status jace_memcpy_dtoh_async(void *dst, const void *src, long long bytes, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_memcpy_dtoh_async$handle() {
        return jace_memcpy_dtoh_async.CALL.handle();
    }

    /** {@code jace_status jace_memcpy_dtoh_async(void *dst, const void *src, long long bytes, cudaStream_t stream);} */
    public static int jace_memcpy_dtoh_async(MemorySegment dst, MemorySegment src, long bytes, MemorySegment stream) {
        var mh$ = jace_memcpy_dtoh_async.CALL.handle();
        try {
            return (int) mh$.invokeExact(dst, src, bytes, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_memcpy_dtod_async {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_memcpy_dtod_async", DESC);
    }

    /** Descriptor of {@code jace_status jace_memcpy_dtod_async(void *dst, const void *src, long long bytes, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_memcpy_dtod_async$descriptor() {
        return jace_memcpy_dtod_async.DESC;
    }

    /** Downcall handle of {@code jace_status jace_memcpy_dtod_async(void *dst, const void *src, long long bytes, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_memcpy_dtod_async$handle() {
        return jace_memcpy_dtod_async.CALL.handle();
    }

    /** {@code jace_status jace_memcpy_dtod_async(void *dst, const void *src, long long bytes, cudaStream_t stream);} */
    public static int jace_memcpy_dtod_async(MemorySegment dst, MemorySegment src, long bytes, MemorySegment stream) {
        var mh$ = jace_memcpy_dtod_async.CALL.handle();
        try {
            return (int) mh$.invokeExact(dst, src, bytes, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_memset_async {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_memset_async", DESC);
    }

    /** Descriptor of {@code jace_status jace_memset_async(void *ptr, int value, long long bytes, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_memset_async$descriptor() {
        return jace_memset_async.DESC;
    }

    /** Downcall handle of {@code jace_status jace_memset_async(void *ptr, int value, long long bytes, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_memset_async$handle() {
        return jace_memset_async.CALL.handle();
    }

    /** {@code jace_status jace_memset_async(void *ptr, int value, long long bytes, cudaStream_t stream);} */
    public static int jace_memset_async(MemorySegment ptr, int value, long bytes, MemorySegment stream) {
        var mh$ = jace_memset_async.CALL.handle();
        try {
            return (int) mh$.invokeExact(ptr, value, bytes, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_device_synchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_device_synchronize", DESC);
    }

    /** Descriptor of {@code jace_status jace_device_synchronize(void);}. */
    public static FunctionDescriptor jace_device_synchronize$descriptor() {
        return jace_device_synchronize.DESC;
    }

    /** Downcall handle of {@code jace_status jace_device_synchronize(void);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_device_synchronize$handle() {
        return jace_device_synchronize.CALL.handle();
    }

    /** {@code jace_status jace_device_synchronize(void);} */
    public static int jace_device_synchronize() {
        var mh$ = jace_device_synchronize.CALL.handle();
        try {
            return (int) mh$.invokeExact();
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_stream_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_stream_create", DESC);
    }

    /** Descriptor of {@code jace_status jace_stream_create(cudaStream_t *stream);}. */
    public static FunctionDescriptor jace_stream_create$descriptor() {
        return jace_stream_create.DESC;
    }

    /** Downcall handle of {@code jace_status jace_stream_create(cudaStream_t *stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_stream_create$handle() {
        return jace_stream_create.CALL.handle();
    }

    /** {@code jace_status jace_stream_create(cudaStream_t *stream);} */
    public static int jace_stream_create(MemorySegment stream) {
        var mh$ = jace_stream_create.CALL.handle();
        try {
            return (int) mh$.invokeExact(stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_stream_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_stream_destroy", DESC);
    }

    /** Descriptor of {@code jace_status jace_stream_destroy(cudaStream_t stream);}. */
    public static FunctionDescriptor jace_stream_destroy$descriptor() {
        return jace_stream_destroy.DESC;
    }

    /** Downcall handle of {@code jace_status jace_stream_destroy(cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_stream_destroy$handle() {
        return jace_stream_destroy.CALL.handle();
    }

    /** {@code jace_status jace_stream_destroy(cudaStream_t stream);} */
    public static int jace_stream_destroy(MemorySegment stream) {
        var mh$ = jace_stream_destroy.CALL.handle();
        try {
            return (int) mh$.invokeExact(stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_stream_synchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_stream_synchronize", DESC);
    }

    /** Descriptor of {@code jace_status jace_stream_synchronize(cudaStream_t stream);}. */
    public static FunctionDescriptor jace_stream_synchronize$descriptor() {
        return jace_stream_synchronize.DESC;
    }

    /** Downcall handle of {@code jace_status jace_stream_synchronize(cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_stream_synchronize$handle() {
        return jace_stream_synchronize.CALL.handle();
    }

    /** {@code jace_status jace_stream_synchronize(cudaStream_t stream);} */
    public static int jace_stream_synchronize(MemorySegment stream) {
        var mh$ = jace_stream_synchronize.CALL.handle();
        try {
            return (int) mh$.invokeExact(stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_event_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_event_create", DESC);
    }

    /** Descriptor of {@code jace_status jace_event_create(cudaEvent_t *event);}. */
    public static FunctionDescriptor jace_event_create$descriptor() {
        return jace_event_create.DESC;
    }

    /** Downcall handle of {@code jace_status jace_event_create(cudaEvent_t *event);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_event_create$handle() {
        return jace_event_create.CALL.handle();
    }

    /** {@code jace_status jace_event_create(cudaEvent_t *event);} */
    public static int jace_event_create(MemorySegment event) {
        var mh$ = jace_event_create.CALL.handle();
        try {
            return (int) mh$.invokeExact(event);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_event_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_event_destroy", DESC);
    }

    /** Descriptor of {@code jace_status jace_event_destroy(cudaEvent_t event);}. */
    public static FunctionDescriptor jace_event_destroy$descriptor() {
        return jace_event_destroy.DESC;
    }

    /** Downcall handle of {@code jace_status jace_event_destroy(cudaEvent_t event);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_event_destroy$handle() {
        return jace_event_destroy.CALL.handle();
    }

    /** {@code jace_status jace_event_destroy(cudaEvent_t event);} */
    public static int jace_event_destroy(MemorySegment event) {
        var mh$ = jace_event_destroy.CALL.handle();
        try {
            return (int) mh$.invokeExact(event);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_event_record {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_event_record", DESC);
    }

    /** Descriptor of {@code jace_status jace_event_record(cudaEvent_t event, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_event_record$descriptor() {
        return jace_event_record.DESC;
    }

    /** Downcall handle of {@code jace_status jace_event_record(cudaEvent_t event, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_event_record$handle() {
        return jace_event_record.CALL.handle();
    }

    /** {@code jace_status jace_event_record(cudaEvent_t event, cudaStream_t stream);} */
    public static int jace_event_record(MemorySegment event, MemorySegment stream) {
        var mh$ = jace_event_record.CALL.handle();
        try {
            return (int) mh$.invokeExact(event, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_event_synchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_event_synchronize", DESC);
    }

    /** Descriptor of {@code jace_status jace_event_synchronize(cudaEvent_t event);}. */
    public static FunctionDescriptor jace_event_synchronize$descriptor() {
        return jace_event_synchronize.DESC;
    }

    /** Downcall handle of {@code jace_status jace_event_synchronize(cudaEvent_t event);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_event_synchronize$handle() {
        return jace_event_synchronize.CALL.handle();
    }

    /** {@code jace_status jace_event_synchronize(cudaEvent_t event);} */
    public static int jace_event_synchronize(MemorySegment event) {
        var mh$ = jace_event_synchronize.CALL.handle();
        try {
            return (int) mh$.invokeExact(event);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_event_elapsed_ms {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_event_elapsed_ms", DESC);
    }

    /** Descriptor of {@code jace_status jace_event_elapsed_ms(float *ms, cudaEvent_t start, cudaEvent_t end);}. */
    public static FunctionDescriptor jace_event_elapsed_ms$descriptor() {
        return jace_event_elapsed_ms.DESC;
    }

    /** Downcall handle of {@code jace_status jace_event_elapsed_ms(float *ms, cudaEvent_t start, cudaEvent_t end);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_event_elapsed_ms$handle() {
        return jace_event_elapsed_ms.CALL.handle();
    }

    /** {@code jace_status jace_event_elapsed_ms(float *ms, cudaEvent_t start, cudaEvent_t end);} */
    public static int jace_event_elapsed_ms(MemorySegment ms, MemorySegment start, MemorySegment end) {
        var mh$ = jace_event_elapsed_ms.CALL.handle();
        try {
            return (int) mh$.invokeExact(ms, start, end);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_stream_begin_capture {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_stream_begin_capture", DESC);
    }

    /** Descriptor of {@code jace_status jace_stream_begin_capture(cudaStream_t stream);}. */
    public static FunctionDescriptor jace_stream_begin_capture$descriptor() {
        return jace_stream_begin_capture.DESC;
    }

    /** Downcall handle of {@code jace_status jace_stream_begin_capture(cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_stream_begin_capture$handle() {
        return jace_stream_begin_capture.CALL.handle();
    }

    /** {@code jace_status jace_stream_begin_capture(cudaStream_t stream);} */
    public static int jace_stream_begin_capture(MemorySegment stream) {
        var mh$ = jace_stream_begin_capture.CALL.handle();
        try {
            return (int) mh$.invokeExact(stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_stream_end_capture {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_stream_end_capture", DESC);
    }

    /** Descriptor of {@code jace_status jace_stream_end_capture(cudaStream_t stream, cudaGraphExec_t *graph);}. */
    public static FunctionDescriptor jace_stream_end_capture$descriptor() {
        return jace_stream_end_capture.DESC;
    }

    /** Downcall handle of {@code jace_status jace_stream_end_capture(cudaStream_t stream, cudaGraphExec_t *graph);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_stream_end_capture$handle() {
        return jace_stream_end_capture.CALL.handle();
    }

    /** {@code jace_status jace_stream_end_capture(cudaStream_t stream, cudaGraphExec_t *graph);} */
    public static int jace_stream_end_capture(MemorySegment stream, MemorySegment graph) {
        var mh$ = jace_stream_end_capture.CALL.handle();
        try {
            return (int) mh$.invokeExact(stream, graph);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_graph_launch {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_graph_launch", DESC);
    }

    /** Descriptor of {@code jace_status jace_graph_launch(cudaGraphExec_t graph, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_graph_launch$descriptor() {
        return jace_graph_launch.DESC;
    }

    /** Downcall handle of {@code jace_status jace_graph_launch(cudaGraphExec_t graph, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_graph_launch$handle() {
        return jace_graph_launch.CALL.handle();
    }

    /** {@code jace_status jace_graph_launch(cudaGraphExec_t graph, cudaStream_t stream);} */
    public static int jace_graph_launch(MemorySegment graph, MemorySegment stream) {
        var mh$ = jace_graph_launch.CALL.handle();
        try {
            return (int) mh$.invokeExact(graph, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_graph_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_graph_destroy", DESC);
    }

    /** Descriptor of {@code jace_status jace_graph_destroy(cudaGraphExec_t graph);}. */
    public static FunctionDescriptor jace_graph_destroy$descriptor() {
        return jace_graph_destroy.DESC;
    }

    /** Downcall handle of {@code jace_status jace_graph_destroy(cudaGraphExec_t graph);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_graph_destroy$handle() {
        return jace_graph_destroy.CALL.handle();
    }

    /** {@code jace_status jace_graph_destroy(cudaGraphExec_t graph);} */
    public static int jace_graph_destroy(MemorySegment graph) {
        var mh$ = jace_graph_destroy.CALL.handle();
        try {
            return (int) mh$.invokeExact(graph);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_fill {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG_LONG, C_FLOAT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_fill", DESC);
    }

    /** Descriptor of {@code jace_status jace_fill(float *x, long long n, float value, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_fill$descriptor() {
        return jace_fill.DESC;
    }

    /** Downcall handle of {@code jace_status jace_fill(float *x, long long n, float value, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_fill$handle() {
        return jace_fill.CALL.handle();
    }

    /** {@code jace_status jace_fill(float *x, long long n, float value, cudaStream_t stream);} */
    public static int jace_fill(MemorySegment x, long n, float value, MemorySegment stream) {
        var mh$ = jace_fill.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, n, value, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_add {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_add", DESC);
    }

    /** Descriptor of {@code jace_status jace_add(const float *a, const float *b, float *out, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_add$descriptor() {
        return jace_add.DESC;
    }

    /** Downcall handle of {@code jace_status jace_add(const float *a, const float *b, float *out, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_add$handle() {
        return jace_add.CALL.handle();
    }

    /** {@code jace_status jace_add(const float *a, const float *b, float *out, long long n, cudaStream_t stream);} */
    public static int jace_add(MemorySegment a, MemorySegment b, MemorySegment out, long n, MemorySegment stream) {
        var mh$ = jace_add.CALL.handle();
        try {
            return (int) mh$.invokeExact(a, b, out, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_mul {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_mul", DESC);
    }

    /** Descriptor of {@code jace_status jace_mul(const float *a, const float *b, float *out, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_mul$descriptor() {
        return jace_mul.DESC;
    }

    /** Downcall handle of {@code jace_status jace_mul(const float *a, const float *b, float *out, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_mul$handle() {
        return jace_mul.CALL.handle();
    }

    /** {@code jace_status jace_mul(const float *a, const float *b, float *out, long long n, cudaStream_t stream);} */
    public static int jace_mul(MemorySegment a, MemorySegment b, MemorySegment out, long n, MemorySegment stream) {
        var mh$ = jace_mul.CALL.handle();
        try {
            return (int) mh$.invokeExact(a, b, out, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_scale {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_FLOAT, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_scale", DESC);
    }

    /** Descriptor of {@code jace_status jace_scale(const float *a, float s, float *out, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_scale$descriptor() {
        return jace_scale.DESC;
    }

    /** Downcall handle of {@code jace_status jace_scale(const float *a, float s, float *out, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_scale$handle() {
        return jace_scale.CALL.handle();
    }

    /** {@code jace_status jace_scale(const float *a, float s, float *out, long long n, cudaStream_t stream);} */
    public static int jace_scale(MemorySegment a, float s, MemorySegment out, long n, MemorySegment stream) {
        var mh$ = jace_scale.CALL.handle();
        try {
            return (int) mh$.invokeExact(a, s, out, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_scale_by {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_scale_by", DESC);
    }

    /** Descriptor of {@code jace_status jace_scale_by(const float *a, const float *s, float *out, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_scale_by$descriptor() {
        return jace_scale_by.DESC;
    }

    /** Downcall handle of {@code jace_status jace_scale_by(const float *a, const float *s, float *out, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_scale_by$handle() {
        return jace_scale_by.CALL.handle();
    }

    /** {@code jace_status jace_scale_by(const float *a, const float *s, float *out, long long n, cudaStream_t stream);} */
    public static int jace_scale_by(MemorySegment a, MemorySegment s, MemorySegment out, long n, MemorySegment stream) {
        var mh$ = jace_scale_by.CALL.handle();
        try {
            return (int) mh$.invokeExact(a, s, out, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_axpy_sign {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_FLOAT, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_axpy_sign", DESC);
    }

    /** Descriptor of {@code jace_status jace_axpy_sign(float alpha, const float *x, float *y, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_axpy_sign$descriptor() {
        return jace_axpy_sign.DESC;
    }

    /** Downcall handle of {@code jace_status jace_axpy_sign(float alpha, const float *x, float *y, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_axpy_sign$handle() {
        return jace_axpy_sign.CALL.handle();
    }

    /** {@code jace_status jace_axpy_sign(float alpha, const float *x, float *y, long long n, cudaStream_t stream);} */
    public static int jace_axpy_sign(float alpha, MemorySegment x, MemorySegment y, long n, MemorySegment stream) {
        var mh$ = jace_axpy_sign.CALL.handle();
        try {
            return (int) mh$.invokeExact(alpha, x, y, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_axpy_sign_dev {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_axpy_sign_dev", DESC);
    }

    /** Descriptor of {@code jace_status jace_axpy_sign_dev(const double *alpha, const float *x, float *y, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_axpy_sign_dev$descriptor() {
        return jace_axpy_sign_dev.DESC;
    }

    /** Downcall handle of {@code jace_status jace_axpy_sign_dev(const double *alpha, const float *x, float *y, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_axpy_sign_dev$handle() {
        return jace_axpy_sign_dev.CALL.handle();
    }

    /** {@code jace_status jace_axpy_sign_dev(const double *alpha, const float *x, float *y, long long n, cudaStream_t stream);} */
    public static int jace_axpy_sign_dev(MemorySegment alpha, MemorySegment x, MemorySegment y, long n, MemorySegment stream) {
        var mh$ = jace_axpy_sign_dev.CALL.handle();
        try {
            return (int) mh$.invokeExact(alpha, x, y, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_axpy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_FLOAT, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_axpy", DESC);
    }

    /** Descriptor of {@code jace_status jace_axpy(float alpha, const float *x, float *y, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_axpy$descriptor() {
        return jace_axpy.DESC;
    }

    /** Downcall handle of {@code jace_status jace_axpy(float alpha, const float *x, float *y, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_axpy$handle() {
        return jace_axpy.CALL.handle();
    }

    /** {@code jace_status jace_axpy(float alpha, const float *x, float *y, long long n, cudaStream_t stream);} */
    public static int jace_axpy(float alpha, MemorySegment x, MemorySegment y, long n, MemorySegment stream) {
        var mh$ = jace_axpy.CALL.handle();
        try {
            return (int) mh$.invokeExact(alpha, x, y, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_axpy_dev {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_axpy_dev", DESC);
    }

    /** Descriptor of {@code jace_status jace_axpy_dev(const double *alpha, const float *x, float *y, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_axpy_dev$descriptor() {
        return jace_axpy_dev.DESC;
    }

    /** Downcall handle of {@code jace_status jace_axpy_dev(const double *alpha, const float *x, float *y, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_axpy_dev$handle() {
        return jace_axpy_dev.CALL.handle();
    }

    /** {@code jace_status jace_axpy_dev(const double *alpha, const float *x, float *y, long long n, cudaStream_t stream);} */
    public static int jace_axpy_dev(MemorySegment alpha, MemorySegment x, MemorySegment y, long n, MemorySegment stream) {
        var mh$ = jace_axpy_dev.CALL.handle();
        try {
            return (int) mh$.invokeExact(alpha, x, y, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_add_channel_bias {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_add_channel_bias", DESC);
    }

    /** Descriptor of {@code jace_status jace_add_channel_bias(const float *x, const float *bias, float *out, int outer, int channels, int inner, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_add_channel_bias$descriptor() {
        return jace_add_channel_bias.DESC;
    }

    /** Downcall handle of {@code jace_status jace_add_channel_bias(const float *x, const float *bias, float *out, int outer, int channels, int inner, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_add_channel_bias$handle() {
        return jace_add_channel_bias.CALL.handle();
    }

    /** {@code jace_status jace_add_channel_bias(const float *x, const float *bias, float *out, int outer, int channels, int inner, cudaStream_t stream);} */
    public static int jace_add_channel_bias(MemorySegment x, MemorySegment bias, MemorySegment out, int outer, int channels, int inner, MemorySegment stream) {
        var mh$ = jace_add_channel_bias.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, bias, out, outer, channels, inner, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_relu {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_relu", DESC);
    }

    /** Descriptor of {@code jace_status jace_relu(const float *x, float *out, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_relu$descriptor() {
        return jace_relu.DESC;
    }

    /** Downcall handle of {@code jace_status jace_relu(const float *x, float *out, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_relu$handle() {
        return jace_relu.CALL.handle();
    }

    /** {@code jace_status jace_relu(const float *x, float *out, long long n, cudaStream_t stream);} */
    public static int jace_relu(MemorySegment x, MemorySegment out, long n, MemorySegment stream) {
        var mh$ = jace_relu.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, out, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_relu_backward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_relu_backward", DESC);
    }

    /** Descriptor of {@code jace_status jace_relu_backward(const float *x, const float *dy, float *dx, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_relu_backward$descriptor() {
        return jace_relu_backward.DESC;
    }

    /** Downcall handle of {@code jace_status jace_relu_backward(const float *x, const float *dy, float *dx, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_relu_backward$handle() {
        return jace_relu_backward.CALL.handle();
    }

    /** {@code jace_status jace_relu_backward(const float *x, const float *dy, float *dx, long long n, cudaStream_t stream);} */
    public static int jace_relu_backward(MemorySegment x, MemorySegment dy, MemorySegment dx, long n, MemorySegment stream) {
        var mh$ = jace_relu_backward.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, dy, dx, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_to_bf16 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_to_bf16", DESC);
    }

    /** Descriptor of {@code jace_status jace_to_bf16(const float *x, unsigned short *out, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_to_bf16$descriptor() {
        return jace_to_bf16.DESC;
    }

    /** Downcall handle of {@code jace_status jace_to_bf16(const float *x, unsigned short *out, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_to_bf16$handle() {
        return jace_to_bf16.CALL.handle();
    }

    /** {@code jace_status jace_to_bf16(const float *x, unsigned short *out, long long n, cudaStream_t stream);} */
    public static int jace_to_bf16(MemorySegment x, MemorySegment out, long n, MemorySegment stream) {
        var mh$ = jace_to_bf16.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, out, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_from_bf16 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_from_bf16", DESC);
    }

    /** Descriptor of {@code jace_status jace_from_bf16(const unsigned short *x, float *out, long long n, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_from_bf16$descriptor() {
        return jace_from_bf16.DESC;
    }

    /** Downcall handle of {@code jace_status jace_from_bf16(const unsigned short *x, float *out, long long n, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_from_bf16$handle() {
        return jace_from_bf16.CALL.handle();
    }

    /** {@code jace_status jace_from_bf16(const unsigned short *x, float *out, long long n, cudaStream_t stream);} */
    public static int jace_from_bf16(MemorySegment x, MemorySegment out, long n, MemorySegment stream) {
        var mh$ = jace_from_bf16.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, out, n, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_softmax_cross_entropy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_softmax_cross_entropy", DESC);
    }

    /** Descriptor of {@code jace_status jace_softmax_cross_entropy(const float *logits, const float *labels, float *loss, float *dlogits, int n, int k, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_softmax_cross_entropy$descriptor() {
        return jace_softmax_cross_entropy.DESC;
    }

    /** Downcall handle of {@code jace_status jace_softmax_cross_entropy(const float *logits, const float *labels, float *loss, float *dlogits, int n, int k, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_softmax_cross_entropy$handle() {
        return jace_softmax_cross_entropy.CALL.handle();
    }

    /** {@code jace_status jace_softmax_cross_entropy(const float *logits, const float *labels, float *loss, float *dlogits, int n, int k, cudaStream_t stream);} */
    public static int jace_softmax_cross_entropy(MemorySegment logits, MemorySegment labels, MemorySegment loss, MemorySegment dlogits, int n, int k, MemorySegment stream) {
        var mh$ = jace_softmax_cross_entropy.CALL.handle();
        try {
            return (int) mh$.invokeExact(logits, labels, loss, dlogits, n, k, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_sum {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG_LONG, C_FLOAT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_sum", DESC);
    }

    /** Descriptor of {@code jace_status jace_sum(const float *x, long long n, float scale, float *out, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_sum$descriptor() {
        return jace_sum.DESC;
    }

    /** Downcall handle of {@code jace_status jace_sum(const float *x, long long n, float scale, float *out, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_sum$handle() {
        return jace_sum.CALL.handle();
    }

    /** {@code jace_status jace_sum(const float *x, long long n, float scale, float *out, cudaStream_t stream);} */
    public static int jace_sum(MemorySegment x, long n, float scale, MemorySegment out, MemorySegment stream) {
        var mh$ = jace_sum.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, n, scale, out, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_sum_axis {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_FLOAT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_sum_axis", DESC);
    }

    /** Descriptor of {@code jace_status jace_sum_axis(const float *x, int outer, int axis_len, int inner, float scale, float *out, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_sum_axis$descriptor() {
        return jace_sum_axis.DESC;
    }

    /** Downcall handle of {@code jace_status jace_sum_axis(const float *x, int outer, int axis_len, int inner, float scale, float *out, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_sum_axis$handle() {
        return jace_sum_axis.CALL.handle();
    }

    /** {@code jace_status jace_sum_axis(const float *x, int outer, int axis_len, int inner, float scale, float *out, cudaStream_t stream);} */
    public static int jace_sum_axis(MemorySegment x, int outer, int axis_len, int inner, float scale, MemorySegment out, MemorySegment stream) {
        var mh$ = jace_sum_axis.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, outer, axis_len, inner, scale, out, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_channel_sum {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_channel_sum", DESC);
    }

    /** Descriptor of {@code jace_status jace_channel_sum(const float *x, int outer, int channels, int inner, float *out, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_channel_sum$descriptor() {
        return jace_channel_sum.DESC;
    }

    /** Downcall handle of {@code jace_status jace_channel_sum(const float *x, int outer, int channels, int inner, float *out, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_channel_sum$handle() {
        return jace_channel_sum.CALL.handle();
    }

    /** {@code jace_status jace_channel_sum(const float *x, int outer, int channels, int inner, float *out, cudaStream_t stream);} */
    public static int jace_channel_sum(MemorySegment x, int outer, int channels, int inner, MemorySegment out, MemorySegment stream) {
        var mh$ = jace_channel_sum.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, outer, channels, inner, out, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_gemm {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_gemm", DESC);
    }

    /** Descriptor of {@code jace_status jace_gemm(int trans_a, int trans_b, int m, int n, int kdim, const float *a, const float *b, float *out, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_gemm$descriptor() {
        return jace_gemm.DESC;
    }

    /** Downcall handle of {@code jace_status jace_gemm(int trans_a, int trans_b, int m, int n, int kdim, const float *a, const float *b, float *out, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_gemm$handle() {
        return jace_gemm.CALL.handle();
    }

    /** {@code jace_status jace_gemm(int trans_a, int trans_b, int m, int n, int kdim, const float *a, const float *b, float *out, cudaStream_t stream);} */
    public static int jace_gemm(int trans_a, int trans_b, int m, int n, int kdim, MemorySegment a, MemorySegment b, MemorySegment out, MemorySegment stream) {
        var mh$ = jace_gemm.CALL.handle();
        try {
            return (int) mh$.invokeExact(trans_a, trans_b, m, n, kdim, a, b, out, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_max_pool2d {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_max_pool2d", DESC);
    }

    /** Descriptor of {@code jace_status jace_max_pool2d(const float *x, float *out, int planes, int h, int w, int window, int stride, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_max_pool2d$descriptor() {
        return jace_max_pool2d.DESC;
    }

    /** Downcall handle of {@code jace_status jace_max_pool2d(const float *x, float *out, int planes, int h, int w, int window, int stride, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_max_pool2d$handle() {
        return jace_max_pool2d.CALL.handle();
    }

    /** {@code jace_status jace_max_pool2d(const float *x, float *out, int planes, int h, int w, int window, int stride, cudaStream_t stream);} */
    public static int jace_max_pool2d(MemorySegment x, MemorySegment out, int planes, int h, int w, int window, int stride, MemorySegment stream) {
        var mh$ = jace_max_pool2d.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, out, planes, h, w, window, stride, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_max_pool2d_backward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_max_pool2d_backward", DESC);
    }

    /** Descriptor of {@code jace_status jace_max_pool2d_backward(const float *x, const float *dy, float *dx, int planes, int h, int w, int window, int stride, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_max_pool2d_backward$descriptor() {
        return jace_max_pool2d_backward.DESC;
    }

    /** Downcall handle of {@code jace_status jace_max_pool2d_backward(const float *x, const float *dy, float *dx, int planes, int h, int w, int window, int stride, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_max_pool2d_backward$handle() {
        return jace_max_pool2d_backward.CALL.handle();
    }

    /** {@code jace_status jace_max_pool2d_backward(const float *x, const float *dy, float *dx, int planes, int h, int w, int window, int stride, cudaStream_t stream);} */
    public static int jace_max_pool2d_backward(MemorySegment x, MemorySegment dy, MemorySegment dx, int planes, int h, int w, int window, int stride, MemorySegment stream) {
        var mh$ = jace_max_pool2d_backward.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, dy, dx, planes, h, w, window, stride, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_avg_pool2d {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_avg_pool2d", DESC);
    }

    /** Descriptor of {@code jace_status jace_avg_pool2d(const float *x, float *out, int planes, int h, int w, int window, int stride, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_avg_pool2d$descriptor() {
        return jace_avg_pool2d.DESC;
    }

    /** Downcall handle of {@code jace_status jace_avg_pool2d(const float *x, float *out, int planes, int h, int w, int window, int stride, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_avg_pool2d$handle() {
        return jace_avg_pool2d.CALL.handle();
    }

    /** {@code jace_status jace_avg_pool2d(const float *x, float *out, int planes, int h, int w, int window, int stride, cudaStream_t stream);} */
    public static int jace_avg_pool2d(MemorySegment x, MemorySegment out, int planes, int h, int w, int window, int stride, MemorySegment stream) {
        var mh$ = jace_avg_pool2d.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, out, planes, h, w, window, stride, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_avg_pool2d_backward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_avg_pool2d_backward", DESC);
    }

    /** Descriptor of {@code jace_status jace_avg_pool2d_backward(const float *dy, float *dx, int planes, int h, int w, int window, int stride, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_avg_pool2d_backward$descriptor() {
        return jace_avg_pool2d_backward.DESC;
    }

    /** Downcall handle of {@code jace_status jace_avg_pool2d_backward(const float *dy, float *dx, int planes, int h, int w, int window, int stride, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_avg_pool2d_backward$handle() {
        return jace_avg_pool2d_backward.CALL.handle();
    }

    /** {@code jace_status jace_avg_pool2d_backward(const float *dy, float *dx, int planes, int h, int w, int window, int stride, cudaStream_t stream);} */
    public static int jace_avg_pool2d_backward(MemorySegment dy, MemorySegment dx, int planes, int h, int w, int window, int stride, MemorySegment stream) {
        var mh$ = jace_avg_pool2d_backward.CALL.handle();
        try {
            return (int) mh$.invokeExact(dy, dx, planes, h, w, window, stride, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_batch_norm_train {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_FLOAT, C_FLOAT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_batch_norm_train", DESC);
    }

    /** Descriptor of {@code jace_status jace_batch_norm_train(const float *x, const float *gamma, const float *beta, float *running_mean, float *running_var, float momentum, float eps, float *out, float *save_mean, float *save_inv_std, int n, int c, int inner, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_batch_norm_train$descriptor() {
        return jace_batch_norm_train.DESC;
    }

    /** Downcall handle of {@code jace_status jace_batch_norm_train(const float *x, const float *gamma, const float *beta, float *running_mean, float *running_var, float momentum, float eps, float *out, float *save_mean, float *save_inv_std, int n, int c, int inner, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_batch_norm_train$handle() {
        return jace_batch_norm_train.CALL.handle();
    }

    /** {@code jace_status jace_batch_norm_train(const float *x, const float *gamma, const float *beta, float *running_mean, float *running_var, float momentum, float eps, float *out, float *save_mean, float *save_inv_std, int n, int c, int inner, cudaStream_t stream);} */
    public static int jace_batch_norm_train(MemorySegment x, MemorySegment gamma, MemorySegment beta, MemorySegment running_mean, MemorySegment running_var, float momentum, float eps, MemorySegment out, MemorySegment save_mean, MemorySegment save_inv_std, int n, int c, int inner, MemorySegment stream) {
        var mh$ = jace_batch_norm_train.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, gamma, beta, running_mean, running_var, momentum, eps, out, save_mean, save_inv_std, n, c, inner, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_batch_norm_eval {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_FLOAT, C_POINTER, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_batch_norm_eval", DESC);
    }

    /** Descriptor of {@code jace_status jace_batch_norm_eval(const float *x, const float *gamma, const float *beta, const float *running_mean, const float *running_var, float eps, float *out, int n, int c, int inner, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_batch_norm_eval$descriptor() {
        return jace_batch_norm_eval.DESC;
    }

    /** Downcall handle of {@code jace_status jace_batch_norm_eval(const float *x, const float *gamma, const float *beta, const float *running_mean, const float *running_var, float eps, float *out, int n, int c, int inner, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_batch_norm_eval$handle() {
        return jace_batch_norm_eval.CALL.handle();
    }

    /** {@code jace_status jace_batch_norm_eval(const float *x, const float *gamma, const float *beta, const float *running_mean, const float *running_var, float eps, float *out, int n, int c, int inner, cudaStream_t stream);} */
    public static int jace_batch_norm_eval(MemorySegment x, MemorySegment gamma, MemorySegment beta, MemorySegment running_mean, MemorySegment running_var, float eps, MemorySegment out, int n, int c, int inner, MemorySegment stream) {
        var mh$ = jace_batch_norm_eval.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, gamma, beta, running_mean, running_var, eps, out, n, c, inner, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_batch_norm_backward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_batch_norm_backward", DESC);
    }

    /** Descriptor of {@code jace_status jace_batch_norm_backward(const float *x, const float *dy, const float *gamma, const float *save_mean, const float *save_inv_std, float *dx, float *dgamma, float *dbeta, int n, int c, int inner, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_batch_norm_backward$descriptor() {
        return jace_batch_norm_backward.DESC;
    }

    /** Downcall handle of {@code jace_status jace_batch_norm_backward(const float *x, const float *dy, const float *gamma, const float *save_mean, const float *save_inv_std, float *dx, float *dgamma, float *dbeta, int n, int c, int inner, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_batch_norm_backward$handle() {
        return jace_batch_norm_backward.CALL.handle();
    }

    /** {@code jace_status jace_batch_norm_backward(const float *x, const float *dy, const float *gamma, const float *save_mean, const float *save_inv_std, float *dx, float *dgamma, float *dbeta, int n, int c, int inner, cudaStream_t stream);} */
    public static int jace_batch_norm_backward(MemorySegment x, MemorySegment dy, MemorySegment gamma, MemorySegment save_mean, MemorySegment save_inv_std, MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta, int n, int c, int inner, MemorySegment stream) {
        var mh$ = jace_batch_norm_backward.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, dy, gamma, save_mean, save_inv_std, dx, dgamma, dbeta, n, c, inner, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_sgd_step {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_FLOAT, C_FLOAT, C_FLOAT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_sgd_step", DESC);
    }

    /** Descriptor of {@code jace_status jace_sgd_step(float *param, const float *grad, float *velocity, long long n, float lr, float momentum, float weight_decay, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_sgd_step$descriptor() {
        return jace_sgd_step.DESC;
    }

    /** Downcall handle of {@code jace_status jace_sgd_step(float *param, const float *grad, float *velocity, long long n, float lr, float momentum, float weight_decay, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_sgd_step$handle() {
        return jace_sgd_step.CALL.handle();
    }

    /** {@code jace_status jace_sgd_step(float *param, const float *grad, float *velocity, long long n, float lr, float momentum, float weight_decay, cudaStream_t stream);} */
    public static int jace_sgd_step(MemorySegment param, MemorySegment grad, MemorySegment velocity, long n, float lr, float momentum, float weight_decay, MemorySegment stream) {
        var mh$ = jace_sgd_step.CALL.handle();
        try {
            return (int) mh$.invokeExact(param, grad, velocity, n, lr, momentum, weight_decay, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_sgd_step_dev {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER, C_FLOAT, C_FLOAT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_sgd_step_dev", DESC);
    }

    /** Descriptor of {@code jace_status jace_sgd_step_dev(float *param, const float *grad, float *velocity, long long n, const double *lr, float momentum, float weight_decay, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_sgd_step_dev$descriptor() {
        return jace_sgd_step_dev.DESC;
    }

    /** Downcall handle of {@code jace_status jace_sgd_step_dev(float *param, const float *grad, float *velocity, long long n, const double *lr, float momentum, float weight_decay, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_sgd_step_dev$handle() {
        return jace_sgd_step_dev.CALL.handle();
    }

    /** {@code jace_status jace_sgd_step_dev(float *param, const float *grad, float *velocity, long long n, const double *lr, float momentum, float weight_decay, cudaStream_t stream);} */
    public static int jace_sgd_step_dev(MemorySegment param, MemorySegment grad, MemorySegment velocity, long n, MemorySegment lr, float momentum, float weight_decay, MemorySegment stream) {
        var mh$ = jace_sgd_step_dev.CALL.handle();
        try {
            return (int) mh$.invokeExact(param, grad, velocity, n, lr, momentum, weight_decay, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_adam_step {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_FLOAT, C_FLOAT, C_FLOAT, C_FLOAT, C_FLOAT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_adam_step", DESC);
    }

    /** Descriptor of {@code jace_status jace_adam_step(float *param, const float *grad, float *m, float *v, long long n, float lr, float beta1, float beta2, float eps, float weight_decay, int step, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_adam_step$descriptor() {
        return jace_adam_step.DESC;
    }

    /** Downcall handle of {@code jace_status jace_adam_step(float *param, const float *grad, float *m, float *v, long long n, float lr, float beta1, float beta2, float eps, float weight_decay, int step, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_adam_step$handle() {
        return jace_adam_step.CALL.handle();
    }

    /** {@code jace_status jace_adam_step(float *param, const float *grad, float *m, float *v, long long n, float lr, float beta1, float beta2, float eps, float weight_decay, int step, cudaStream_t stream);} */
    public static int jace_adam_step(MemorySegment param, MemorySegment grad, MemorySegment m, MemorySegment v, long n, float lr, float beta1, float beta2, float eps, float weight_decay, int step, MemorySegment stream) {
        var mh$ = jace_adam_step.CALL.handle();
        try {
            return (int) mh$.invokeExact(param, grad, m, v, n, lr, beta1, beta2, eps, weight_decay, step, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_adam_step_dev {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_LONG_LONG, C_POINTER, C_POINTER, C_POINTER, C_FLOAT, C_FLOAT, C_FLOAT, C_FLOAT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_adam_step_dev", DESC);
    }

    /** Descriptor of {@code jace_status jace_adam_step_dev(float *param, const float *grad, float *m, float *v, long long n, const double *lr, const double *correction1, const double *correction2, float beta1, float beta2, float eps, float weight_decay, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_adam_step_dev$descriptor() {
        return jace_adam_step_dev.DESC;
    }

    /** Downcall handle of {@code jace_status jace_adam_step_dev(float *param, const float *grad, float *m, float *v, long long n, const double *lr, const double *correction1, const double *correction2, float beta1, float beta2, float eps, float weight_decay, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_adam_step_dev$handle() {
        return jace_adam_step_dev.CALL.handle();
    }

    /** {@code jace_status jace_adam_step_dev(float *param, const float *grad, float *m, float *v, long long n, const double *lr, const double *correction1, const double *correction2, float beta1, float beta2, float eps, float weight_decay, cudaStream_t stream);} */
    public static int jace_adam_step_dev(MemorySegment param, MemorySegment grad, MemorySegment m, MemorySegment v, long n, MemorySegment lr, MemorySegment correction1, MemorySegment correction2, float beta1, float beta2, float eps, float weight_decay, MemorySegment stream) {
        var mh$ = jace_adam_step_dev.CALL.handle();
        try {
            return (int) mh$.invokeExact(param, grad, m, v, n, lr, correction1, correction2, beta1, beta2, eps, weight_decay, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_group_action {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_group_action", DESC);
    }

    /** Descriptor of {@code jace_status jace_group_action(const float *x, float *out, const jace_group *group, const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_group_action$descriptor() {
        return jace_group_action.DESC;
    }

    /** Downcall handle of {@code jace_status jace_group_action(const float *x, float *out, const jace_group *group, const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_group_action$handle() {
        return jace_group_action.CALL.handle();
    }

    /** {@code jace_status jace_group_action(const float *x, float *out, const jace_group *group, const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w, cudaStream_t stream);} */
    public static int jace_group_action(MemorySegment x, MemorySegment out, MemorySegment group, MemorySegment elements, int num_elements, int rep, int n, int c, int h, int w, MemorySegment stream) {
        var mh$ = jace_group_action.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, out, group, elements, num_elements, rep, n, c, h, w, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_expand_lifting_filter {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_expand_lifting_filter", DESC);
    }

    /** Descriptor of {@code jace_status jace_expand_lifting_filter(const float *w, float *out, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_expand_lifting_filter$descriptor() {
        return jace_expand_lifting_filter.DESC;
    }

    /** Downcall handle of {@code jace_status jace_expand_lifting_filter(const float *w, float *out, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_expand_lifting_filter$handle() {
        return jace_expand_lifting_filter.CALL.handle();
    }

    /** {@code jace_status jace_expand_lifting_filter(const float *w, float *out, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);} */
    public static int jace_expand_lifting_filter(MemorySegment w, MemorySegment out, MemorySegment group, int cout, int cin, int k, MemorySegment stream) {
        var mh$ = jace_expand_lifting_filter.CALL.handle();
        try {
            return (int) mh$.invokeExact(w, out, group, cout, cin, k, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_expand_lifting_filter_adjoint {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_expand_lifting_filter_adjoint", DESC);
    }

    /** Descriptor of {@code jace_status jace_expand_lifting_filter_adjoint(const float *d_expanded, float *dw, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_expand_lifting_filter_adjoint$descriptor() {
        return jace_expand_lifting_filter_adjoint.DESC;
    }

    /** Downcall handle of {@code jace_status jace_expand_lifting_filter_adjoint(const float *d_expanded, float *dw, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_expand_lifting_filter_adjoint$handle() {
        return jace_expand_lifting_filter_adjoint.CALL.handle();
    }

    /** {@code jace_status jace_expand_lifting_filter_adjoint(const float *d_expanded, float *dw, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);} */
    public static int jace_expand_lifting_filter_adjoint(MemorySegment d_expanded, MemorySegment dw, MemorySegment group, int cout, int cin, int k, MemorySegment stream) {
        var mh$ = jace_expand_lifting_filter_adjoint.CALL.handle();
        try {
            return (int) mh$.invokeExact(d_expanded, dw, group, cout, cin, k, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_expand_group_filter {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_expand_group_filter", DESC);
    }

    /** Descriptor of {@code jace_status jace_expand_group_filter(const float *w, float *out, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_expand_group_filter$descriptor() {
        return jace_expand_group_filter.DESC;
    }

    /** Downcall handle of {@code jace_status jace_expand_group_filter(const float *w, float *out, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_expand_group_filter$handle() {
        return jace_expand_group_filter.CALL.handle();
    }

    /** {@code jace_status jace_expand_group_filter(const float *w, float *out, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);} */
    public static int jace_expand_group_filter(MemorySegment w, MemorySegment out, MemorySegment group, int cout, int cin, int k, MemorySegment stream) {
        var mh$ = jace_expand_group_filter.CALL.handle();
        try {
            return (int) mh$.invokeExact(w, out, group, cout, cin, k, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_expand_group_filter_adjoint {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_expand_group_filter_adjoint", DESC);
    }

    /** Descriptor of {@code jace_status jace_expand_group_filter_adjoint(const float *d_expanded, float *dw, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_expand_group_filter_adjoint$descriptor() {
        return jace_expand_group_filter_adjoint.DESC;
    }

    /** Downcall handle of {@code jace_status jace_expand_group_filter_adjoint(const float *d_expanded, float *dw, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_expand_group_filter_adjoint$handle() {
        return jace_expand_group_filter_adjoint.CALL.handle();
    }

    /** {@code jace_status jace_expand_group_filter_adjoint(const float *d_expanded, float *dw, const jace_group *group, int cout, int cin, int k, cudaStream_t stream);} */
    public static int jace_expand_group_filter_adjoint(MemorySegment d_expanded, MemorySegment dw, MemorySegment group, int cout, int cin, int k, MemorySegment stream) {
        var mh$ = jace_expand_group_filter_adjoint.CALL.handle();
        try {
            return (int) mh$.invokeExact(d_expanded, dw, group, cout, cin, k, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_conv2d_forward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_conv2d_forward", DESC);
    }

    /** Descriptor of {@code jace_status jace_conv2d_forward(const float *x, const float *w, float *y, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_conv2d_forward$descriptor() {
        return jace_conv2d_forward.DESC;
    }

    /** Downcall handle of {@code jace_status jace_conv2d_forward(const float *x, const float *w, float *y, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_conv2d_forward$handle() {
        return jace_conv2d_forward.CALL.handle();
    }

    /** {@code jace_status jace_conv2d_forward(const float *x, const float *w, float *y, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);} */
    public static int jace_conv2d_forward(MemorySegment x, MemorySegment w, MemorySegment y, MemorySegment shape, int precision, MemorySegment stream) {
        var mh$ = jace_conv2d_forward.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, w, y, shape, precision, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_conv2d_backward_data {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_conv2d_backward_data", DESC);
    }

    /** Descriptor of {@code jace_status jace_conv2d_backward_data(const float *dy, const float *w, float *dx, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_conv2d_backward_data$descriptor() {
        return jace_conv2d_backward_data.DESC;
    }

    /** Downcall handle of {@code jace_status jace_conv2d_backward_data(const float *dy, const float *w, float *dx, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_conv2d_backward_data$handle() {
        return jace_conv2d_backward_data.CALL.handle();
    }

    /** {@code jace_status jace_conv2d_backward_data(const float *dy, const float *w, float *dx, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);} */
    public static int jace_conv2d_backward_data(MemorySegment dy, MemorySegment w, MemorySegment dx, MemorySegment shape, int precision, MemorySegment stream) {
        var mh$ = jace_conv2d_backward_data.CALL.handle();
        try {
            return (int) mh$.invokeExact(dy, w, dx, shape, precision, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_conv2d_backward_filter {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_conv2d_backward_filter", DESC);
    }

    /** Descriptor of {@code jace_status jace_conv2d_backward_filter(const float *x, const float *dy, float *dw, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_conv2d_backward_filter$descriptor() {
        return jace_conv2d_backward_filter.DESC;
    }

    /** Downcall handle of {@code jace_status jace_conv2d_backward_filter(const float *x, const float *dy, float *dw, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_conv2d_backward_filter$handle() {
        return jace_conv2d_backward_filter.CALL.handle();
    }

    /** {@code jace_status jace_conv2d_backward_filter(const float *x, const float *dy, float *dw, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);} */
    public static int jace_conv2d_backward_filter(MemorySegment x, MemorySegment dy, MemorySegment dw, MemorySegment shape, int precision, MemorySegment stream) {
        var mh$ = jace_conv2d_backward_filter.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, dy, dw, shape, precision, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_lifting_conv_forward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_lifting_conv_forward", DESC);
    }

    /** Descriptor of {@code jace_status jace_lifting_conv_forward(const float *x, const float *w, float *y, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_lifting_conv_forward$descriptor() {
        return jace_lifting_conv_forward.DESC;
    }

    /** Downcall handle of {@code jace_status jace_lifting_conv_forward(const float *x, const float *w, float *y, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_lifting_conv_forward$handle() {
        return jace_lifting_conv_forward.CALL.handle();
    }

    /** {@code jace_status jace_lifting_conv_forward(const float *x, const float *w, float *y, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);} */
    public static int jace_lifting_conv_forward(MemorySegment x, MemorySegment w, MemorySegment y, MemorySegment group, MemorySegment shape, int precision, MemorySegment stream) {
        var mh$ = jace_lifting_conv_forward.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, w, y, group, shape, precision, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_lifting_conv_backward_data {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_lifting_conv_backward_data", DESC);
    }

    /** Descriptor of {@code jace_status jace_lifting_conv_backward_data(const float *dy, const float *w, float *dx, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_lifting_conv_backward_data$descriptor() {
        return jace_lifting_conv_backward_data.DESC;
    }

    /** Downcall handle of {@code jace_status jace_lifting_conv_backward_data(const float *dy, const float *w, float *dx, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_lifting_conv_backward_data$handle() {
        return jace_lifting_conv_backward_data.CALL.handle();
    }

    /** {@code jace_status jace_lifting_conv_backward_data(const float *dy, const float *w, float *dx, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);} */
    public static int jace_lifting_conv_backward_data(MemorySegment dy, MemorySegment w, MemorySegment dx, MemorySegment group, MemorySegment shape, int precision, MemorySegment stream) {
        var mh$ = jace_lifting_conv_backward_data.CALL.handle();
        try {
            return (int) mh$.invokeExact(dy, w, dx, group, shape, precision, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_lifting_conv_backward_filter {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_lifting_conv_backward_filter", DESC);
    }

    /** Descriptor of {@code jace_status jace_lifting_conv_backward_filter(const float *x, const float *dy, float *dw, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_lifting_conv_backward_filter$descriptor() {
        return jace_lifting_conv_backward_filter.DESC;
    }

    /** Downcall handle of {@code jace_status jace_lifting_conv_backward_filter(const float *x, const float *dy, float *dw, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_lifting_conv_backward_filter$handle() {
        return jace_lifting_conv_backward_filter.CALL.handle();
    }

    /** {@code jace_status jace_lifting_conv_backward_filter(const float *x, const float *dy, float *dw, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);} */
    public static int jace_lifting_conv_backward_filter(MemorySegment x, MemorySegment dy, MemorySegment dw, MemorySegment group, MemorySegment shape, int precision, MemorySegment stream) {
        var mh$ = jace_lifting_conv_backward_filter.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, dy, dw, group, shape, precision, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_group_conv_forward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_group_conv_forward", DESC);
    }

    /** Descriptor of {@code jace_status jace_group_conv_forward(const float *x, const float *w, float *y, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_group_conv_forward$descriptor() {
        return jace_group_conv_forward.DESC;
    }

    /** Downcall handle of {@code jace_status jace_group_conv_forward(const float *x, const float *w, float *y, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_group_conv_forward$handle() {
        return jace_group_conv_forward.CALL.handle();
    }

    /** {@code jace_status jace_group_conv_forward(const float *x, const float *w, float *y, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);} */
    public static int jace_group_conv_forward(MemorySegment x, MemorySegment w, MemorySegment y, MemorySegment group, MemorySegment shape, int precision, MemorySegment stream) {
        var mh$ = jace_group_conv_forward.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, w, y, group, shape, precision, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_group_conv_backward_data {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_group_conv_backward_data", DESC);
    }

    /** Descriptor of {@code jace_status jace_group_conv_backward_data(const float *dy, const float *w, float *dx, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_group_conv_backward_data$descriptor() {
        return jace_group_conv_backward_data.DESC;
    }

    /** Downcall handle of {@code jace_status jace_group_conv_backward_data(const float *dy, const float *w, float *dx, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_group_conv_backward_data$handle() {
        return jace_group_conv_backward_data.CALL.handle();
    }

    /** {@code jace_status jace_group_conv_backward_data(const float *dy, const float *w, float *dx, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);} */
    public static int jace_group_conv_backward_data(MemorySegment dy, MemorySegment w, MemorySegment dx, MemorySegment group, MemorySegment shape, int precision, MemorySegment stream) {
        var mh$ = jace_group_conv_backward_data.CALL.handle();
        try {
            return (int) mh$.invokeExact(dy, w, dx, group, shape, precision, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_group_conv_backward_filter {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_group_conv_backward_filter", DESC);
    }

    /** Descriptor of {@code jace_status jace_group_conv_backward_filter(const float *x, const float *dy, float *dw, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_group_conv_backward_filter$descriptor() {
        return jace_group_conv_backward_filter.DESC;
    }

    /** Downcall handle of {@code jace_status jace_group_conv_backward_filter(const float *x, const float *dy, float *dw, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_group_conv_backward_filter$handle() {
        return jace_group_conv_backward_filter.CALL.handle();
    }

    /** {@code jace_status jace_group_conv_backward_filter(const float *x, const float *dy, float *dw, const jace_group *group, const jace_conv_shape *shape, jace_precision precision, cudaStream_t stream);} */
    public static int jace_group_conv_backward_filter(MemorySegment x, MemorySegment dy, MemorySegment dw, MemorySegment group, MemorySegment shape, int precision, MemorySegment stream) {
        var mh$ = jace_group_conv_backward_filter.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, dy, dw, group, shape, precision, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_group_pool {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_group_pool", DESC);
    }

    /** Descriptor of {@code jace_status jace_group_pool(const float *x, float *out, int n, int c, int order, int hw, jace_pool_mode mode, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_group_pool$descriptor() {
        return jace_group_pool.DESC;
    }

    /** Downcall handle of {@code jace_status jace_group_pool(const float *x, float *out, int n, int c, int order, int hw, jace_pool_mode mode, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_group_pool$handle() {
        return jace_group_pool.CALL.handle();
    }

    /** {@code jace_status jace_group_pool(const float *x, float *out, int n, int c, int order, int hw, jace_pool_mode mode, cudaStream_t stream);} */
    public static int jace_group_pool(MemorySegment x, MemorySegment out, int n, int c, int order, int hw, int mode, MemorySegment stream) {
        var mh$ = jace_group_pool.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, out, n, c, order, hw, mode, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_group_pool_backward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_group_pool_backward", DESC);
    }

    /** Descriptor of {@code jace_status jace_group_pool_backward(const float *x, const float *dy, float *dx, int n, int c, int order, int hw, jace_pool_mode mode, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_group_pool_backward$descriptor() {
        return jace_group_pool_backward.DESC;
    }

    /** Downcall handle of {@code jace_status jace_group_pool_backward(const float *x, const float *dy, float *dx, int n, int c, int order, int hw, jace_pool_mode mode, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_group_pool_backward$handle() {
        return jace_group_pool_backward.CALL.handle();
    }

    /** {@code jace_status jace_group_pool_backward(const float *x, const float *dy, float *dx, int n, int c, int order, int hw, jace_pool_mode mode, cudaStream_t stream);} */
    public static int jace_group_pool_backward(MemorySegment x, MemorySegment dy, MemorySegment dx, int n, int c, int order, int hw, int mode, MemorySegment stream) {
        var mh$ = jace_group_pool_backward.CALL.handle();
        try {
            return (int) mh$.invokeExact(x, dy, dx, n, c, order, hw, mode, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_equivariance_deviation {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_equivariance_deviation", DESC);
    }

    /** Descriptor of {@code jace_status jace_equivariance_deviation(const float *fgx, const float *fx, const jace_group *group, const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w, float *deviation, float *norm, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_equivariance_deviation$descriptor() {
        return jace_equivariance_deviation.DESC;
    }

    /** Downcall handle of {@code jace_status jace_equivariance_deviation(const float *fgx, const float *fx, const jace_group *group, const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w, float *deviation, float *norm, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_equivariance_deviation$handle() {
        return jace_equivariance_deviation.CALL.handle();
    }

    /** {@code jace_status jace_equivariance_deviation(const float *fgx, const float *fx, const jace_group *group, const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w, float *deviation, float *norm, cudaStream_t stream);} */
    public static int jace_equivariance_deviation(MemorySegment fgx, MemorySegment fx, MemorySegment group, MemorySegment elements, int num_elements, int rep, int n, int c, int h, int w, MemorySegment deviation, MemorySegment norm, MemorySegment stream) {
        var mh$ = jace_equivariance_deviation.CALL.handle();
        try {
            return (int) mh$.invokeExact(fgx, fx, group, elements, num_elements, rep, n, c, h, w, deviation, norm, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_equivariance_deviation_backward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_equivariance_deviation_backward", DESC);
    }

    /** Descriptor of {@code jace_status jace_equivariance_deviation_backward(const float *fgx, const float *fx, const jace_group *group, const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w, const float *d_deviation, const float *d_norm, float *d_fgx, float *d_fx, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_equivariance_deviation_backward$descriptor() {
        return jace_equivariance_deviation_backward.DESC;
    }

    /** Downcall handle of {@code jace_status jace_equivariance_deviation_backward(const float *fgx, const float *fx, const jace_group *group, const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w, const float *d_deviation, const float *d_norm, float *d_fgx, float *d_fx, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_equivariance_deviation_backward$handle() {
        return jace_equivariance_deviation_backward.CALL.handle();
    }

    /** {@code jace_status jace_equivariance_deviation_backward(const float *fgx, const float *fx, const jace_group *group, const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w, const float *d_deviation, const float *d_norm, float *d_fgx, float *d_fx, cudaStream_t stream);} */
    public static int jace_equivariance_deviation_backward(MemorySegment fgx, MemorySegment fx, MemorySegment group, MemorySegment elements, int num_elements, int rep, int n, int c, int h, int w, MemorySegment d_deviation, MemorySegment d_norm, MemorySegment d_fgx, MemorySegment d_fx, MemorySegment stream) {
        var mh$ = jace_equivariance_deviation_backward.CALL.handle();
        try {
            return (int) mh$.invokeExact(fgx, fx, group, elements, num_elements, rep, n, c, h, w, d_deviation, d_norm, d_fgx, d_fx, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
    private static final class jace_relative_deviation_weights {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_POINTER, C_INT, C_DOUBLE, C_DOUBLE, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_relative_deviation_weights", DESC);
    }

    /** Descriptor of {@code jace_status jace_relative_deviation_weights(const float *deviation, const float *norm, int k, int n, const int *rows, int num_rows, double scale, double eps, float *d_deviation, float *d_norm, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_relative_deviation_weights$descriptor() {
        return jace_relative_deviation_weights.DESC;
    }

    /** Downcall handle of {@code jace_status jace_relative_deviation_weights(const float *deviation, const float *norm, int k, int n, const int *rows, int num_rows, double scale, double eps, float *d_deviation, float *d_norm, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_relative_deviation_weights$handle() {
        return jace_relative_deviation_weights.CALL.handle();
    }

    /** {@code jace_status jace_relative_deviation_weights(const float *deviation, const float *norm, int k, int n, const int *rows, int num_rows, double scale, double eps, float *d_deviation, float *d_norm, cudaStream_t stream);} */
    public static int jace_relative_deviation_weights(MemorySegment deviation, MemorySegment norm, int k, int n, MemorySegment rows, int num_rows, double scale, double eps, MemorySegment d_deviation, MemorySegment d_norm, MemorySegment stream) {
        var mh$ = jace_relative_deviation_weights.CALL.handle();
        try {
            return (int) mh$.invokeExact(deviation, norm, k, n, rows, num_rows, scale, eps, d_deviation, d_norm, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_relative_deviation_weights_dev {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_POINTER, C_INT, C_POINTER, C_DOUBLE, C_DOUBLE, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_relative_deviation_weights_dev", DESC);
    }

    /** Descriptor of {@code jace_status jace_relative_deviation_weights_dev(const float *deviation, const float *norm, int k, int n, const int *rows, int num_rows, const double *weight, double divisor, double eps, float *d_deviation, float *d_norm, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_relative_deviation_weights_dev$descriptor() {
        return jace_relative_deviation_weights_dev.DESC;
    }

    /** Downcall handle of {@code jace_status jace_relative_deviation_weights_dev(const float *deviation, const float *norm, int k, int n, const int *rows, int num_rows, const double *weight, double divisor, double eps, float *d_deviation, float *d_norm, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_relative_deviation_weights_dev$handle() {
        return jace_relative_deviation_weights_dev.CALL.handle();
    }

    /** {@code jace_status jace_relative_deviation_weights_dev(const float *deviation, const float *norm, int k, int n, const int *rows, int num_rows, const double *weight, double divisor, double eps, float *d_deviation, float *d_norm, cudaStream_t stream);} */
    public static int jace_relative_deviation_weights_dev(MemorySegment deviation, MemorySegment norm, int k, int n, MemorySegment rows, int num_rows, MemorySegment weight, double divisor, double eps, MemorySegment d_deviation, MemorySegment d_norm, MemorySegment stream) {
        var mh$ = jace_relative_deviation_weights_dev.CALL.handle();
        try {
            return (int) mh$.invokeExact(deviation, norm, k, n, rows, num_rows, weight, divisor, eps, d_deviation, d_norm, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }


    private static final class jace_dual_update {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_dual_update", DESC);
    }

    /** Descriptor of {@code jace_status jace_dual_update(const double *plan, double *state, int terms, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_dual_update$descriptor() {
        return jace_dual_update.DESC;
    }

    /** Downcall handle of {@code jace_status jace_dual_update(const double *plan, double *state, int terms, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_dual_update$handle() {
        return jace_dual_update.CALL.handle();
    }

    /** {@code jace_status jace_dual_update(const double *plan, double *state, int terms, cudaStream_t stream);} */
    public static int jace_dual_update(MemorySegment plan, MemorySegment state, int terms, MemorySegment stream) {
        var mh$ = jace_dual_update.CALL.handle();
        try {
            return (int) mh$.invokeExact(plan, state, terms, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_relative_deviation_mean {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_INT, C_POINTER, C_INT, C_DOUBLE, C_DOUBLE, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_relative_deviation_mean", DESC);
    }

    /** Descriptor of {@code jace_status jace_relative_deviation_mean(const float *deviation, const float *norm, int k, int n, const int *rows, int num_rows, double divisor, double eps, double *out, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_relative_deviation_mean$descriptor() {
        return jace_relative_deviation_mean.DESC;
    }

    /** Downcall handle of {@code jace_status jace_relative_deviation_mean(const float *deviation, const float *norm, int k, int n, const int *rows, int num_rows, double divisor, double eps, double *out, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_relative_deviation_mean$handle() {
        return jace_relative_deviation_mean.CALL.handle();
    }

    /** {@code jace_status jace_relative_deviation_mean(const float *deviation, const float *norm, int k, int n, const int *rows, int num_rows, double divisor, double eps, double *out, cudaStream_t stream);} */
    public static int jace_relative_deviation_mean(MemorySegment deviation, MemorySegment norm, int k, int n, MemorySegment rows, int num_rows, double divisor, double eps, MemorySegment out, MemorySegment stream) {
        var mh$ = jace_relative_deviation_mean.CALL.handle();
        try {
            return (int) mh$.invokeExact(deviation, norm, k, n, rows, num_rows, divisor, eps, out, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class jace_sum_to_scalar {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_DOUBLE, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "jace_sum_to_scalar", DESC);
    }

    /** Descriptor of {@code jace_status jace_sum_to_scalar(const float *const *parts, int num_parts, int absolute, double scale, double *out, cudaStream_t stream);}. */
    public static FunctionDescriptor jace_sum_to_scalar$descriptor() {
        return jace_sum_to_scalar.DESC;
    }

    /** Downcall handle of {@code jace_status jace_sum_to_scalar(const float *const *parts, int num_parts, int absolute, double scale, double *out, cudaStream_t stream);}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle jace_sum_to_scalar$handle() {
        return jace_sum_to_scalar.CALL.handle();
    }

    /** {@code jace_status jace_sum_to_scalar(const float *const *parts, int num_parts, int absolute, double scale, double *out, cudaStream_t stream);} */
    public static int jace_sum_to_scalar(MemorySegment parts, int num_parts, int absolute, double scale, MemorySegment out, MemorySegment stream) {
        var mh$ = jace_sum_to_scalar.CALL.handle();
        try {
            return (int) mh$.invokeExact(parts, num_parts, absolute, scale, out, stream);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
