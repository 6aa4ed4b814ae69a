/*
 * jace.h — C ABI of jace's CUDA kernels (libjace.so).
 *
 * Conventions
 *  - Every pointer named x, y, w, out, d* is DEVICE memory holding float32, row-major, contiguous.
 *    Group tables, element lists and shape structs are HOST memory, read before the call returns.
 *    Float pointers must be 4-byte aligned, double pointers 8-byte (jace_malloc gives 256): each function checks its
 *    DEVICE pointers before launching and returns JACE_ERROR_INVALID_ARGUMENT naming itself, the argument and its
 *    address. 16-byte alignment is never required (it selects the vector paths of the elementwise ops and jace_sum).
 *    The copies and jace_memset_async take any byte address.
 *  - Memory: an output never shares a byte with an input or another output (ranges follow from the shapes); each
 *    function checks this before launching and returns JACE_ERROR_INVALID_ARGUMENT naming itself and both
 *    arguments. Inputs may overlap each other. In place is allowed only where each element is read before the same
 *    thread writes it, and then the output must be exactly the input (same pointer, same length), never a partial
 *    overlap: jace_add, jace_mul, jace_scale, jace_scale_by (out = a, not s), jace_axpy* (x = y),
 *    jace_add_channel_bias (out = x), jace_relu, jace_relu_backward (dx = x or dy), jace_softmax_cross_entropy
 *    (dlogits = logits), jace_batch_norm_train/eval (out = x), jace_batch_norm_backward (dx = x or dy). The
 *    optimizer steps and jace_dual_update update their state in place by design; their arrays are checked apart.
 *  - Images are [N, C, H, W]; group feature maps are [N, C, G, H, W] with G = group->order.
 *  - Every function but jace_version/jace_status_string/jace_last_error returns a jace_status. Every kernel
 *    function enqueues its work on the given stream and does not synchronize; the runtime wrappers behave as their
 *    comments say (allocation, freeing, synchronisation and copies of pageable memory block). On failure
 *    jace_last_error() (thread-local) says why, starting with the function's name; a failed CUDA call or kernel
 *    launch reads "fn: <the call or launch> failed: name (text)", mostly followed by " at file:line".
 *  - A call refused with JACE_ERROR_INVALID_ARGUMENT or JACE_ERROR_UNSUPPORTED enqueues nothing and leaves every
 *    output as it was; after JACE_ERROR_CUDA or JACE_ERROR_OUT_OF_MEMORY the outputs are unspecified (part of the
 *    work may have been enqueued).
 *  - Sizes: every element count and extent of a kernel function (n, c, h, w, k, planes, outer, inner, ...) must be
 *    > 0; 0 is refused with JACE_ERROR_INVALID_ARGUMENT ("jace_fill: n must be > 0, got 0"), so skip empty tensors.
 *    Only the runtime wrappers take 0 bytes (jace_malloc/jace_malloc_host set *ptr = NULL, copies and memset do
 *    nothing), jace_dual_update 0 terms, and jace_relative_deviation_weights/_dev/_mean num_rows = 0 (rows may
 *    then be NULL).
 *  - Threads: the library keeps no mutable global state of its own; its only per-thread state is the message behind
 *    jace_last_error (a 1024-byte thread_local buffer, overwritten by this thread's next failure and never cleared by
 *    a success). Every function may be called from several threads at once (the CUDA runtime is thread-safe); the
 *    caller orders the work that threads enqueue on shared buffers and streams. The current device is the CUDA
 *    runtime's, per host thread: jace_set_device (cudaSetDevice) changes only the calling thread's, and every call
 *    without a device argument allocates, launches and queries on that thread's current device (0 until set).
 *    Captures are thread-local (cudaStreamCaptureModeThreadLocal): the thread that began one must end it, and while
 *    it captures, its own capture-unsafe calls (jace_malloc, jace_free, the synchronisations...) fail and invalidate
 *    the capture; other threads are not restricted.
 *  - Streams: NULL is the legacy default stream. jace_stream_create makes non-blocking streams, which do not
 *    synchronize implicitly with the legacy stream (nor it with them: a cudaMemcpy-style call on NULL is unordered
 *    with their work); order work across streams with events. Only a non-NULL stream can be captured.
 *  - Built for sm_80 and sm_90 (SASS) plus compute_90 PTX: sm_86/sm_89 run the sm_80 code, newer GPUs JIT the PTX
 *    at load. On an older GPU (sm_75 and below) the runtime functions work but every kernel launch fails with
 *    JACE_ERROR_CUDA (cudaErrorNoKernelImageForDevice).
 *  - The *_dev variants take scalars as `const double *` into DEVICE memory, read when the kernel runs (so a
 *    captured graph reads the values copied there before each replay), and otherwise match their host-value
 *    function bit for bit given the same values; the values in device memory are not range-checked (host
 *    arguments, such as jace_adam_step_dev's beta1 and beta2, are checked as the host-value function checks them).
 *  - Outputs are overwritten, never accumulated into, unless a comment says otherwise.
 *  - Convolutions are cross-correlations with stride 1; pad is k/2 for 'same' (odd k) and 0 for 'valid';
 *    output extent is H + 2*pad - k + 1, which must be >= 1 in both axes, with 0 <= pad < 2^20 and precision one
 *    of jace_precision (else JACE_ERROR_INVALID_ARGUMENT).
 *  - Group element e acts on an image as y = rot90^rotation[e](flip^flip[e](x)): first the flip (numpy
 *    flip(x, axis=-1)), then rotation[e] counter-clockwise quarter turns (numpy rot90(., 1, axes=(-2,-1))).
 *    compose[a*order+b] is the element a·b that acts like b first, then a: (a·b)·x = a·(b·x); with r = rot90 and
 *    m = flip, r^p m^f · r^q m^g = r^(p + (f ? -q : q) mod 4) m^(f xor g). inverse[a] is the b with a·b = 0.
 *    Element 0 is the identity (rotation 0, flip 0) and elements are distinct (rotation, flip) pairs. Every function
 *    taking a jace_group checks the whole table against this and returns JACE_ERROR_INVALID_ARGUMENT naming the
 *    first wrong entry and what it should be. On group maps (g·F)(h, x) = F(g^-1 h, g^-1 x).
 *  - A quarter turn (odd rotation) maps h x w to w x h, so group actions and the deviation need h == w (rep IMAGE
 *    or GROUP_MAP) when an element they apply is one; flips and half turns act on any h x w. Convolutions
 *    transform only their k x k filters and take any h x w.
 *  - Limits: JACE_MAX_GROUP_ORDER elements per group, 64 elements per group action / deviation call. A
 *    convolution whose x, y or expanded filter [cout*G, cin*gin, k, k] exceeds 2^31-1 - 2^20 elements (the margin
 *    keeps the kernels' int loops from wrapping), or whose max(cin*gin*k*k, cout*G) exceeds 65535*64, returns
 *    JACE_ERROR_UNSUPPORTED; a group action or deviation with more than 2^31-1 elements per channel, jace_gemm with
 *    m > 65535*64 or m, n or kdim above 2^31-1 - 2^20, a pooling plane (h*w), a filter expansion's row
 *    (cin*gin*k*k) or rows (cout*G), or a softmax row (k) above 2^31-1 - 2^20, JACE_ERROR_INVALID_ARGUMENT. The
 *    functions that multiply three or more extents into a tensor's size (convolutions, group actions, the deviation,
 *    filter expansions, group pooling, batch norm, jace_add_channel_bias, jace_sum_axis, jace_channel_sum) also refuse
 *    so a tensor of more than 2^48 elements ("would have N elements"): no device holds that many, and such a product of
 *    int extents could otherwise wrap past 2^63 into a small count.
 */
#ifndef JACE_H
#define JACE_H

#ifdef __cplusplus
extern "C" {
#endif

#define JACE_VERSION_MAJOR 0
#define JACE_VERSION_MINOR 1
#define JACE_VERSION_PATCH 0
/* This header's version, encoded as jace_version() encodes the loaded library's: MAJOR*10000 + MINOR*100 + PATCH.
 * Compatibility: a program built against this header works with a libjace.so of the same major.minor, whatever its
 * patch (a patch changes no declaration, struct layout or documented behaviour). Another major.minor may change any
 * of them, and libjace.so has no SONAME that would let the loader tell versions apart, so a program checks at start:
 *     if (!JACE_VERSION_COMPATIBLE(jace_version())) { report both versions; stop }
 * as the examples (examples/check.h) and the Java bindings (which refuse such a library) do. */
#define JACE_VERSION (JACE_VERSION_MAJOR * 10000 + JACE_VERSION_MINOR * 100 + JACE_VERSION_PATCH)
/* Whether a library of version `version` (as jace_version() gives it) works with this header: the same major.minor. */
#define JACE_VERSION_COMPATIBLE(version) ((version) / 100 == JACE_VERSION / 100)
#define JACE_MAX_GROUP_ORDER 8

typedef struct CUstream_st *cudaStream_t;
typedef struct CUevent_st *cudaEvent_t;
typedef struct CUgraphExec_st *cudaGraphExec_t;

typedef enum jace_status {
    JACE_SUCCESS = 0,
    JACE_ERROR_INVALID_ARGUMENT = 1,
    JACE_ERROR_CUDA = 2,
    JACE_ERROR_UNSUPPORTED = 3,
    JACE_ERROR_OUT_OF_MEMORY = 4
} jace_status;

typedef enum jace_precision {
    JACE_PRECISION_FP32 = 0, /* exact float32 FMA */
    JACE_PRECISION_TF32 = 1, /* tensor cores, TF32 inputs, FP32 accumulate */
    JACE_PRECISION_BF16 = 2  /* tensor cores, BF16 inputs, FP32 accumulate */
} jace_precision;

typedef enum jace_rep {
    JACE_REP_INVARIANT = 0, /* any [N, ...]; pass c = elements per sample, h = w = 1 */
    JACE_REP_IMAGE = 1,     /* [N, C, H, W] */
    JACE_REP_GROUP_MAP = 2  /* [N, C, G, H, W] */
} jace_rep;

typedef enum jace_pool_mode {
    JACE_POOL_MAX = 0,
    JACE_POOL_MEAN = 1
} jace_pool_mode;

/* A group of pixel-grid symmetries; element 0 is the identity. Only the first `order` entries are read. */
typedef struct jace_group {
    int order;
    int rotation[JACE_MAX_GROUP_ORDER];
    int flip[JACE_MAX_GROUP_ORDER];
    int compose[JACE_MAX_GROUP_ORDER * JACE_MAX_GROUP_ORDER]; /* compose[a*order + b] */
    int inverse[JACE_MAX_GROUP_ORDER];
} jace_group;

/* Geometry of a (lifting, group or plain) convolution. */
typedef struct jace_conv_shape {
    int n;    /* batch */
    int cin;  /* input channels (not counting the group axis) */
    int cout; /* output channels (not counting the group axis) */
    int h;    /* input height */
    int w;    /* input width */
    int k;    /* kernel size (square) */
    int pad;  /* zero padding on each side */
} jace_conv_shape;

/* ------------------------------------------------------------------ library */

/* JACE_VERSION_MAJOR*10000 + MINOR*100 + PATCH of the loaded library; JACE_VERSION_COMPATIBLE (above) says
 * whether a program built against this header may use it. */
int jace_version(void);
/* Description of a status code, in static storage: valid while the library is loaded, never to be freed. */
const char *jace_status_string(jace_status status);
/* Thread-local message of the last failure on this thread ("" if none); a later success does not clear it. The
 * pointer is this thread's buffer, valid until this thread's next failing call or its exit; copy it to keep it. */
const char *jace_last_error(void);
/* Number of CUDA devices visible (0 when there is no driver or no device). Fails for a NULL count, with
 * JACE_ERROR_CUDA when the driver is older than the CUDA runtime libjace links (CUDA 13 needs driver R580 or newer),
 * naming both versions, and when cudaGetDeviceCount fails otherwise, naming its error. */
jace_status jace_device_count(int *count);
/* Launches an empty kernel (measures call overhead). */
jace_status jace_noop(cudaStream_t stream);

/* ------------------------------------------------------------------ runtime (CUDA runtime is linked statically,
 * so callers manage memory, streams, events and graphs through these wrappers) */

/* Makes device (0 <= device < jace_device_count) the calling thread's current device; other threads keep theirs.
 * Out of range: JACE_ERROR_INVALID_ARGUMENT; with no driver or no device, JACE_ERROR_CUDA (from
 * cudaGetDeviceCount). The device-taking queries below check the range the same way. */
jace_status jace_set_device(int device);
/* NUL-terminated device name into buf (buf_len >= 1; truncated to buf_len - 1 characters). */
jace_status jace_device_name(int device, char *buf, int buf_len);
/* Compute capability major*10 + minor. */
jace_status jace_device_capability(int device, int *capability);
/* CUDA runtime version linked into the library, 1000*major + 10*minor (cudaRuntimeGetVersion). */
jace_status jace_runtime_version(int *version);
/* Newest CUDA version the installed driver supports, same encoding; 0 when no driver is installed. */
jace_status jace_driver_version(int *version);
/* Free and total bytes of the calling thread's current device (cudaMemGetInfo). */
jace_status jace_mem_get_info(long long *free_bytes, long long *total_bytes);
/* bytes = 0 sets *ptr = NULL and succeeds without allocating; jace_free(NULL) does nothing. */
/* Device memory on the current device (cudaMalloc; bytes >= 0); a failed allocation returns
 * JACE_ERROR_OUT_OF_MEMORY. */
jace_status jace_malloc(void **ptr, long long bytes);
/* cudaFree, which may wait for work in flight on the device. */
jace_status jace_free(void *ptr);
/* Page-locked host memory (for asynchronous copies; bytes >= 0); bytes = 0 sets *ptr = NULL and succeeds. */
jace_status jace_malloc_host(void **ptr, long long bytes);
/* cudaFreeHost; jace_free_host(NULL) does nothing. */
jace_status jace_free_host(void *ptr);
/* Copies of `bytes` bytes (>= 0; 0 does nothing, and then dst/src may be NULL) enqueued on stream with
 * cudaMemcpyAsync, so they follow CUDA's API synchronization behavior: asynchronous only with page-locked host memory
 * (jace_malloc_host). With pageable host memory htod returns once the source has been staged (it may then be
 * overwritten) and dtoh returns only after the copy ran. dtod refuses overlapping dst and src. */
jace_status jace_memcpy_htod_async(void *dst, const void *src, long long bytes, cudaStream_t stream);
jace_status jace_memcpy_dtoh_async(void *dst, const void *src, long long bytes, cudaStream_t stream);
jace_status jace_memcpy_dtod_async(void *dst, const void *src, long long bytes, cudaStream_t stream);
/* Sets `bytes` bytes (>= 0; 0 does nothing) of device memory to (unsigned char)value (cudaMemsetAsync). */
jace_status jace_memset_async(void *ptr, int value, long long bytes, cudaStream_t stream);
/* Waits for all work on the current device; a failure of earlier asynchronous work is reported here. */
jace_status jace_device_synchronize(void);
/* A non-blocking stream (cudaStreamNonBlocking) on the current device; see the conventions on streams. Also sets the
 * device's default memory pool to keep memory freed asynchronously (release threshold UINT64_MAX), so the
 * workspaces of later calls are not mapped again after each synchronisation. */
jace_status jace_stream_create(cudaStream_t *stream);
/* stream must not be NULL. Returns at once even with work pending, which still runs; its resources are released
 * when it completes (cudaStreamDestroy). */
jace_status jace_stream_destroy(cudaStream_t stream);
/* Waits until everything enqueued on stream (NULL: the legacy stream) has run. */
jace_status jace_stream_synchronize(cudaStream_t stream);
/* An event with timing enabled (cudaEventCreate), for jace_event_elapsed_ms. */
jace_status jace_event_create(cudaEvent_t *event);
/* event must not be NULL. */
jace_status jace_event_destroy(cudaEvent_t event);
/* Records event at the current end of stream's work. */
jace_status jace_event_record(cudaEvent_t event, cudaStream_t stream);
/* Waits until the work before the event's last record has run. */
jace_status jace_event_synchronize(cudaEvent_t event);
/* Milliseconds between two recorded events; JACE_ERROR_CUDA (cudaErrorNotReady) while either has not completed. */
jace_status jace_event_elapsed_ms(float *ms, cudaEvent_t start, cudaEvent_t end);
/* CUDA-graph capture of everything enqueued on stream between begin and end. stream must not be NULL, and end must
 * be called on the thread that called begin (thread-local capture mode, see the conventions). */
jace_status jace_stream_begin_capture(cudaStream_t stream);
/* Ends the capture and instantiates the graph into *graph. When the capture was invalidated or instantiation fails
 * it returns an error with *graph = NULL: the capture has ended, the captured graph is destroyed, nothing is left to
 * clean up. (*graph is set to NULL on every failure after the NULL checks of stream and graph.) Called on another
 * thread than begin's, it fails with JACE_ERROR_CUDA (cudaErrorStreamCaptureWrongThread); CUDA's documentation does
 * not say whether the capture then stays open (jace's emulator keeps it open for its thread). */
jace_status jace_stream_end_capture(cudaStream_t stream, cudaGraphExec_t *graph);
/* Enqueues one replay of graph on stream: the captured calls with their captured arguments, reading device memory as
 * it is when the replay runs. */
jace_status jace_graph_launch(cudaGraphExec_t graph, cudaStream_t stream);
/* jace_graph_destroy(NULL) does nothing. */
jace_status jace_graph_destroy(cudaGraphExec_t graph);

/* ------------------------------------------------------------------ elementwise (n elements) */

/* x[i] = value */
jace_status jace_fill(float *x, long long n, float value, cudaStream_t stream);
/* out = a + b */
jace_status jace_add(const float *a, const float *b, float *out, long long n, cudaStream_t stream);
/* out = a * b */
jace_status jace_mul(const float *a, const float *b, float *out, long long n, cudaStream_t stream);
/* out = s * a */
jace_status jace_scale(const float *a, float s, float *out, long long n, cudaStream_t stream);
/* out = s[0] * a, with s in device memory */
jace_status jace_scale_by(const float *a, const float *s, float *out, long long n, cudaStream_t stream);
/* y += alpha * x */
jace_status jace_axpy(float alpha, const float *x, float *y, long long n, cudaStream_t stream);
/* jace_axpy with alpha = (float)alpha[0] */
jace_status jace_axpy_dev(const double *alpha, const float *x, float *y, long long n, cudaStream_t stream);
/* y += alpha * sign(x), sign(+-0) = +-0, sign(NaN) = NaN */
jace_status jace_axpy_sign(float alpha, const float *x, float *y, long long n, cudaStream_t stream);
/* jace_axpy_sign with alpha = (float)alpha[0] */
jace_status jace_axpy_sign_dev(const double *alpha, const float *x, float *y, long long n, cudaStream_t stream);
/* out[o, c, i] = x[o, c, i] + bias[c]; x viewed as [outer, channels, inner] */
jace_status jace_add_channel_bias(const float *x, const float *bias, float *out, int outer, int channels,
                                  int inner, cudaStream_t stream);
/* out = x > 0 ? x : 0, except that NaN passes through as NaN; -0 becomes +0 (Java's Math.max(x, 0f)). */
jace_status jace_relu(const float *x, float *out, long long n, cudaStream_t stream);
/* dx = x > 0 ? dy : 0 (x = 0, -0 and NaN give 0). */
jace_status jace_relu_backward(const float *x, const float *dy, float *dx, long long n, cudaStream_t stream);

/* ------------------------------------------------------------------ bfloat16 storage (n elements) */
/* For libraries whose BF16 operations take bfloat16-stored operands (jace's cuDNN BF16 convolutions): a bfloat16
 * buffer holds each element's 16 bits (the upper half of the float's), and must be 2-byte aligned and apart from the
 * float buffer. */

/* out[i] = x[i] rounded to bfloat16, to nearest even (NaN stays NaN; past the largest finite bfloat16, infinity) */
jace_status jace_to_bf16(const float *x, unsigned short *out, long long n, cudaStream_t stream);
/* out[i] = x[i] as a float (exact) */
jace_status jace_from_bf16(const unsigned short *x, float *out, long long n, cudaStream_t stream);
/* logits [n, k], labels [n] (class index as float, truncated toward zero and not range-checked: a label outside
 * [0, k) after truncation, or NaN, gives loss = logsumexp(row) and a dlogits row without its -1 term); loss [n] per
 * sample; dlogits [n, k] of the MEAN loss */
jace_status jace_softmax_cross_entropy(const float *logits, const float *labels, float *loss, float *dlogits,
                                       int n, int k, cudaStream_t stream);

/* ------------------------------------------------------------------ reductions */

/* out[0] = scale * sum(x[0..n)) */
jace_status jace_sum(const float *x, long long n, float scale, float *out, cudaStream_t stream);
/* x viewed as [outer, axis_len, inner]: out[o, i] = scale * sum_a x[o, a, i] */
jace_status jace_sum_axis(const float *x, int outer, int axis_len, int inner, float scale, float *out,
                          cudaStream_t stream);
/* x viewed as [outer, channels, inner]: out[c] = sum_{o, i} x[o, c, i] */
jace_status jace_channel_sum(const float *x, int outer, int channels, int inner, float *out,
                             cudaStream_t stream);

/* ------------------------------------------------------------------ dense matmul (exact FP32 fallback) */

/* Row-major out[m, n] = op(a) op(b); op(a) is [m, kdim], op(b) is [kdim, n]. */
jace_status jace_gemm(int trans_a, int trans_b, int m, int n, int kdim, const float *a, const float *b,
                      float *out, cudaStream_t stream);

/* ------------------------------------------------------------------ pooling over the last two axes */

/* Square window, no padding, window <= h and window <= w (else JACE_ERROR_INVALID_ARGUMENT).
 * x [planes, h, w] -> out [planes, (h-window)/stride+1, (w-window)/stride+1]. Each window's maximum is its FIRST
 * largest element in row-major window order (ties go to the earliest); a NaN anywhere in the window makes the result
 * NaN (the window's first NaN is chosen), as in jace_group_pool. */
jace_status jace_max_pool2d(const float *x, float *out, int planes, int h, int w, int window, int stride,
                            cudaStream_t stream);
/* dx [planes, h, w] from dy [planes, oh, ow]: each window's dy goes to the element jace_max_pool2d chose (the first
 * maximum, same rule), summed over the windows that chose it in ascending (oy, ox) order; other elements get 0. */
jace_status jace_max_pool2d_backward(const float *x, const float *dy, float *dx, int planes, int h, int w,
                                     int window, int stride, cudaStream_t stream);
/* out = (float sum of the window, row-major) / (window*window). */
jace_status jace_avg_pool2d(const float *x, float *out, int planes, int h, int w, int window, int stride,
                            cudaStream_t stream);
/* dx[i] = sum over the windows covering i, ascending (oy, ox), of dy / (window*window); 0 where none covers. */
jace_status jace_avg_pool2d_backward(const float *dy, float *dx, int planes, int h, int w, int window,
                                     int stride, cudaStream_t stream);

/* ------------------------------------------------------------------ batch norm, x viewed as [n, c, inner] */

/* Per channel over its m = n*inner values: mean = (float)(sum / m) and the biased variance
 * var = sum of (x - mean)^2 / m, both summed in double; inv = (float)(1 / sqrt(var + eps));
 * out = (x - mean) * inv * gamma + beta. Writes save_mean = mean and save_inv_std = inv (the inverse of the biased
 * std, eps included) for the backward pass, and updates in place
 * running_mean = (1 - momentum) * running_mean + momentum * mean, and running_var likewise with the UNBIASED
 * variance (sum / (m - 1); the biased one when m = 1): momentum is the new batch's weight (PyTorch's convention),
 * in [0, 1]; eps >= 0 (else JACE_ERROR_INVALID_ARGUMENT). */
jace_status jace_batch_norm_train(const float *x, const float *gamma, const float *beta, float *running_mean,
                                  float *running_var, float momentum, float eps, float *out, float *save_mean,
                                  float *save_inv_std, int n, int c, int inner, cudaStream_t stream);
/* out = (x - running_mean) * (1 / sqrtf(running_var + eps)) * gamma + beta, in float; eps >= 0. */
jace_status jace_batch_norm_eval(const float *x, const float *gamma, const float *beta,
                                 const float *running_mean, const float *running_var, float eps, float *out,
                                 int n, int c, int inner, cudaStream_t stream);
/* Gradient of jace_batch_norm_train's out (batch statistics) given its save_mean and save_inv_std: with
 * xhat = (x - save_mean) * save_inv_std, dbeta = sum dy and dgamma = sum dy * xhat per channel (summed in double,
 * overwritten), dx = gamma * save_inv_std * (dy - dbeta / m - xhat * dgamma / m). */
jace_status jace_batch_norm_backward(const float *x, const float *dy, const float *gamma, const float *save_mean,
                                     const float *save_inv_std, float *dx, float *dgamma, float *dbeta, int n,
                                     int c, int inner, cudaStream_t stream);

/* ------------------------------------------------------------------ optimizers (in place) */

/* velocity = momentum * velocity + (grad + weight_decay * param); param -= lr * velocity. Weight decay is L2-style
 * (added to the gradient, before the momentum); no dampening, no Nesterov; momentum = 0 is plain SGD. Each float
 * product and sum rounded on its own; momentum and weight_decay are not range-checked. */
jace_status jace_sgd_step(float *param, const float *grad, float *velocity, long long n, float lr,
                          float momentum, float weight_decay, cudaStream_t stream);
/* jace_sgd_step with lr = (float)lr[0] */
jace_status jace_sgd_step_dev(float *param, const float *grad, float *velocity, long long n, const double *lr,
                              float momentum, float weight_decay, cudaStream_t stream);
/* g = grad + weight_decay * param (L2-style, added to the gradient: Adam, not AdamW); m = beta1 * m + (1 - beta1) * g;
 * v = beta2 * v + (1 - beta2) * g * g; param -= lr * (m / bc1) / (sqrt(v / bc2) + eps), eps outside the root.
 * step counts from 1 (the first update is step 1; step < 1 is refused), bias corrections bc = (float)(1 - beta^step)
 * computed in double; beta1 and beta2 in [0, 1). Each float operation rounded on its own. */
jace_status jace_adam_step(float *param, const float *grad, float *m, float *v, long long n, float lr,
                           float beta1, float beta2, float eps, float weight_decay, int step,
                           cudaStream_t stream);
/* jace_adam_step with lr = (float)lr[0], bc1 = (float)correction1[0], bc2 = (float)correction2[0] */
jace_status jace_adam_step_dev(float *param, const float *grad, float *m, float *v, long long n, const double *lr,
                               const double *correction1, const double *correction2, float beta1, float beta2,
                               float eps, float weight_decay, cudaStream_t stream);

/* ------------------------------------------------------------------ group actions and filter banks */

/* out[s*n + i] = elements[s] . x[i]; x is [n, c, h, w] (IMAGE), [n, c, G, h, w] (GROUP_MAP) or [n, c] (INVARIANT) */
jace_status jace_group_action(const float *x, float *out, const jace_group *group, const int *elements,
                              int num_elements, jace_rep rep, int n, int c, int h, int w, cudaStream_t stream);
/* w [cout, cin, k, k] -> out [cout*G, cin, k, k], out[o*G+g, c] = g . w[o, c] */
jace_status jace_expand_lifting_filter(const float *w, float *out, const jace_group *group, int cout, int cin,
                                       int k, cudaStream_t stream);
/* Adjoint of jace_expand_lifting_filter: d_expanded [cout*G, cin, k, k] -> dw [cout, cin, k, k],
 * dw[o, c] = sum over g (ascending, in float) of g^-1 . d_expanded[o*G+g, c]. */
jace_status jace_expand_lifting_filter_adjoint(const float *d_expanded, float *dw, const jace_group *group,
                                               int cout, int cin, int k, cudaStream_t stream);
/* w [cout, cin, G, k, k] -> out [cout*G, cin*G, k, k], out[o*G+g, c*G+h] = g . w[o, c, g^-1 h] */
jace_status jace_expand_group_filter(const float *w, float *out, const jace_group *group, int cout, int cin,
                                     int k, cudaStream_t stream);
/* Adjoint of jace_expand_group_filter: d_expanded [cout*G, cin*G, k, k] -> dw [cout, cin, G, k, k], each dw element
 * the float sum over g (ascending) of the d_expanded elements its expansion copies went to. */
jace_status jace_expand_group_filter_adjoint(const float *d_expanded, float *dw, const jace_group *group,
                                             int cout, int cin, int k, cudaStream_t stream);

/* ------------------------------------------------------------------ direct convolutions (implicit GEMM)
 * With x read as 0 outside [0, h) x [0, w), and g.f the action of g on a k x k filter (about its centre):
 *   plain    y[n, o, i, j]    = sum over c, u, v of w[o, c, u, v] x[n, c, i+u-pad, j+v-pad]
 *   lifting  y[n, o, g, i, j] = sum over c, u, v of (g.w[o, c])[u, v] x[n, c, i+u-pad, j+v-pad]
 *   group    y[n, o, g, i, j] = sum over c, h, u, v of (g.w[o, c, g^-1 h])[u, v] x[n, c, h, i+u-pad, j+v-pad]
 * backward_data and backward_filter are the adjoints of forward in x and in w: for every dy,
 * <forward(x, w), dy> = <x, backward_data(dy, w)> = <w, backward_filter(x, dy)>; they overwrite dx / dw.
 * backward_filter, and forward and backward_data where the input has at least 16 channels (cin * gin forward,
 * cout * G backward) and the output at least 32, allocate a workspace on the stream (cudaMallocAsync, freed in
 * stream order: forward and backward_data write the expanded filter there, backward_filter its split sums and, where
 * x and dy have at least 32 channels, channels-last copies of both, all rounded to the precision), so they may return
 * JACE_ERROR_OUT_OF_MEMORY; inside a graph capture the allocation becomes part of the graph. forward and backward_data
 * also split their K (input channels times taps) where their grid would leave the device's multiprocessors without
 * two blocks each (a batch of one, few output pixels), into at most 64 chunks of at least 16 K tiles, whose partial
 * sums (each the size of the output) go to such a workspace and are then summed in a fixed order; like
 * backward_filter's, the number of chunks, and so the last bits, depend on the shape and the number of
 * multiprocessors, not on the run.
 * The environment variable JACE_CONV_KERNELS=implicit-gemm, read at every call, runs every pass on the implicit GEMM
 * (no workspace and K whole forward and backward_data), to time one set of kernels against the other;
 * JACE_CONV_KERNELS=unsplit keeps the default kernels but forward's and backward_data's K whole, to time the split
 * against it; JACE_CONV_KERNELS=wgmma runs the TF32 and BF16 passes that take the packed and channels-last kernels by
 * default on devices of compute capability 9.0 (H100, H200) through Hopper's warpgroup MMA instead (its workspaces,
 * rounded to TF32 or bfloat16: forward and backward_data a channels-last copy of the input with its padding made real
 * and the filter packed K-major, backward_filter dy K-major by output rows padded to 4 (TF32) or 8 (BF16) pixels and
 * one copy of x per filter column; backward_data with pad > k - 1 keeps the default), every other pass as by default:
 * opt-in while it has not been measured on a GPU. Its block tiles are 128, 192 or 256 output rows (forward and
 * backward_data: the height whose tiles leave the busiest SM the fewest rows, the taller on a tie; backward_filter, 128
 * or 256, and the splits of its K: the pair that leaves the busiest SM the least work, the fewer splits and then the
 * taller tile on a tie); JACE_CONV_KERNELS=wgmma-128, wgmma-192 and wgmma-256 force one height (backward_filter keeps
 * its own under wgmma-192), to time one against another; wgmma's forward and backward_data keep K whole.
 * JACE_CONV_KERNELS=wgmma-tma is wgmma on the main loop fed by Hopper's tensor copies (128 x 128 tiles, a producer
 * warpgroup's copies onto transaction barriers, K tiles of 32 TF32 or 64 BF16 values: forward and backward_data in
 * segments of 8 outputs of a row, the filter's taps padded to whole K tiles of channels; backward_filter with each
 * image's pixels padded to whole K tiles), to time it against wgmma's; the driver must have cuTensorMapEncodeTiled
 * (CUDA 12 or later), else JACE_ERROR_UNSUPPORTED. Unset, empty or auto is the default above, and any other value is
 * refused with JACE_ERROR_INVALID_ARGUMENT. */

/* Plain conv: x [n, cin, h, w], w [cout, cin, k, k], y [n, cout, h', w']. */
jace_status jace_conv2d_forward(const float *x, const float *w, float *y, const jace_conv_shape *shape,
                                jace_precision precision, cudaStream_t stream);
/* dy [n, cout, h', w'], w -> dx [n, cin, h, w]. */
jace_status jace_conv2d_backward_data(const float *dy, const float *w, float *dx, const jace_conv_shape *shape,
                                      jace_precision precision, cudaStream_t stream);
/* x, dy -> dw [cout, cin, k, k]. */
jace_status jace_conv2d_backward_filter(const float *x, const float *dy, float *dw,
                                        const jace_conv_shape *shape, jace_precision precision,
                                        cudaStream_t stream);
/* Lifting conv: x [n, cin, h, w], w [cout, cin, k, k], y [n, cout, G, h', w']. */
jace_status jace_lifting_conv_forward(const float *x, const float *w, float *y, const jace_group *group,
                                      const jace_conv_shape *shape, jace_precision precision,
                                      cudaStream_t stream);
/* dy [n, cout, G, h', w'], w -> dx [n, cin, h, w]. */
jace_status jace_lifting_conv_backward_data(const float *dy, const float *w, float *dx, const jace_group *group,
                                            const jace_conv_shape *shape, jace_precision precision,
                                            cudaStream_t stream);
/* x, dy -> dw [cout, cin, k, k]. */
jace_status jace_lifting_conv_backward_filter(const float *x, const float *dy, float *dw,
                                              const jace_group *group, const jace_conv_shape *shape,
                                              jace_precision precision, cudaStream_t stream);
/* Group conv: x [n, cin, G, h, w], w [cout, cin, G, k, k], y [n, cout, G, h', w']. */
jace_status jace_group_conv_forward(const float *x, const float *w, float *y, const jace_group *group,
                                    const jace_conv_shape *shape, jace_precision precision,
                                    cudaStream_t stream);
/* dy [n, cout, G, h', w'], w -> dx [n, cin, G, h, w]. */
jace_status jace_group_conv_backward_data(const float *dy, const float *w, float *dx, const jace_group *group,
                                          const jace_conv_shape *shape, jace_precision precision,
                                          cudaStream_t stream);
/* x, dy -> dw [cout, cin, G, k, k]. */
jace_status jace_group_conv_backward_filter(const float *x, const float *dy, float *dw,
                                            const jace_group *group, const jace_conv_shape *shape,
                                            jace_precision precision, cudaStream_t stream);

/* ------------------------------------------------------------------ group pooling */

/* x [n, c, G, hw] -> out [n, c, hw], G = order in 1..JACE_MAX_GROUP_ORDER and mode MAX or MEAN (both functions;
 * else JACE_ERROR_INVALID_ARGUMENT). MAX: ties go to the lowest group index; a NaN anywhere in the G values makes
 * the result NaN, and backward sends dy to the first NaN. MEAN backward does not read x, which may be NULL. */
jace_status jace_group_pool(const float *x, float *out, int n, int c, int order, int hw, jace_pool_mode mode,
                            cudaStream_t stream);
/* dy [n, c, hw] -> dx [n, c, G, hw]: MAX sends dy to the element jace_group_pool chose, 0 elsewhere; MEAN gives
 * dy / order to every element. */
jace_status jace_group_pool_backward(const float *x, const float *dy, float *dx, int n, int c, int order, int hw,
                                     jace_pool_mode mode, cudaStream_t stream);

/* ------------------------------------------------------------------ equivariance deviation */

/* fgx [num_elements*n, ...] (f(g.x), element-major), fx [n, ...] with per-sample shape given by rep, c, h, w.
 * deviation[s, i] = ||fgx[s*n+i] - rho(elements[s]) fx[i]||^2, norm[i] = ||fx[i]||^2, summed in double in an order
 * fixed for a given shape and GPU; the order (so the last bits of a float result) can differ with n, c or the GPU's
 * number of multiprocessors, which choose between per-channel and per-chunk partial sums. */
jace_status jace_equivariance_deviation(const float *fgx, const float *fx, const jace_group *group,
                                        const int *elements, int num_elements, jace_rep rep, int n, int c, int h,
                                        int w, float *deviation, float *norm, cudaStream_t stream);
/* Gradient of sum(d_deviation * deviation) + sum(d_norm * norm); d_norm may be NULL. */
jace_status jace_equivariance_deviation_backward(const float *fgx, const float *fx, const jace_group *group,
                                                 const int *elements, int num_elements, jace_rep rep, int n,
                                                 int c, int h, int w, const float *d_deviation,
                                                 const float *d_norm, float *d_fgx, float *d_fx,
                                                 cudaStream_t stream);
/* Weights of the relative-deviation gradient from deviation [k, n] and norm [n], in double with IEEE rounding:
 * d_i = norm[i] + eps; d_deviation[s, i] = (float)(scale / d_i) for s in rows (num_rows entries, strictly
 * ascending, k <= 64), 0 for the other rows; d_norm[i] = (float)(0 - sum over rows of scale * deviation[s, i] /
 * (d_i * d_i)), accumulated in ascending row order. */
jace_status jace_relative_deviation_weights(const float *deviation, const float *norm, int k, int n,
                                            const int *rows, int num_rows, double scale, double eps,
                                            float *d_deviation, float *d_norm, cudaStream_t stream);
/* jace_relative_deviation_weights with scale = weight[0] / divisor, divided in double */
jace_status jace_relative_deviation_weights_dev(const float *deviation, const float *norm, int k, int n,
                                                const int *rows, int num_rows, const double *weight,
                                                double divisor, double eps, float *d_deviation, float *d_norm,
                                                cudaStream_t stream);

/* ------------------------------------------------------------------ values written to DEVICE doubles
 * (each by one thread, in double with IEEE rounding and no FMA, in the order of the Java reference, so the CPU backend
 * gets the same bits) */

/* jace_dual_update's plan and state: flat arrays of DEVICE doubles (flags are 0 / non-zero, KIND a whole number), the
 * layout of dev.jace.backend.DualUpdate. Offsets count doubles, not bytes. Term t's plan field F is
 * plan[JACE_DUAL_PLAN_HEADER + t * JACE_DUAL_PLAN_STRIDE + JACE_DUAL_PLAN_F] and its state field F is
 * state[JACE_DUAL_STATE_HEADER + t * JACE_DUAL_STATE_STRIDE + JACE_DUAL_STATE_F]. */
#define JACE_DUAL_PLAN_DUAL_STEP 0 /* plan header: != 0 when this step is a dual step */
#define JACE_DUAL_PLAN_HEADER 1
#define JACE_DUAL_PLAN_STRIDE 15
#define JACE_DUAL_PLAN_KIND 0 /* a JACE_DUAL_KIND_* code, read as Java's (int) (below) */
#define JACE_DUAL_PLAN_WEIGHT 1 /* a PENALTY's weight this step (the other kinds' is their STATE_MULTIPLIER) */
#define JACE_DUAL_PLAN_EPSILON 2 /* the target this step, when EPSILON_FROM_PLAN != 0 */
#define JACE_DUAL_PLAN_EPSILON_FROM_PLAN 3 /* != 0: the target is PLAN_EPSILON; 0: it is STATE_EPSILON */
#define JACE_DUAL_PLAN_DUAL_STEP_SIZE 4 /* eta_d of the multiplier ascent (constraints) */
#define JACE_DUAL_PLAN_SLACK_STEP_SIZE 5 /* eta_u of the slack (RESILIENT) */
#define JACE_DUAL_PLAN_ALPHA 6 /* alpha, the slack's cost (RESILIENT) */
#define JACE_DUAL_PLAN_SOFTREG_SCALE 7
#define JACE_DUAL_PLAN_SOFTREG_FLOOR 8
#define JACE_DUAL_PLAN_SOFTREG_SMOOTHING 9
#define JACE_DUAL_PLAN_ADAPTIVE 10 /* != 0: an adaptive target (constraints, on dual steps) */
#define JACE_DUAL_PLAN_ADAPTIVE_FROM 11
#define JACE_DUAL_PLAN_ADAPTIVE_TO 12
#define JACE_DUAL_PLAN_ADAPTIVE_DECAY 13
#define JACE_DUAL_PLAN_ADAPTIVE_THRESHOLD 14
#define JACE_DUAL_STATE_PENALTY_SUM 0 /* state header: written, the step's penalty */
#define JACE_DUAL_STATE_HEADER 1
#define JACE_DUAL_STATE_STRIDE 4
#define JACE_DUAL_STATE_MULTIPLIER 0 /* read (the weight of non-penalties) and written */
#define JACE_DUAL_STATE_SLACK 1 /* read and written (changed for RESILIENT only) */
#define JACE_DUAL_STATE_VALUE 2 /* read only: the step's measured value, written by the caller before the call */
#define JACE_DUAL_STATE_EPSILON 3 /* read (unless EPSILON_FROM_PLAN), written: the target after the step */
#define JACE_DUAL_KIND_PENALTY 0
#define JACE_DUAL_KIND_SOFTREG 1
#define JACE_DUAL_KIND_EQUALITY 2
#define JACE_DUAL_KIND_INEQUALITY 3
#define JACE_DUAL_KIND_RESILIENT 4
/* KIND is read as Java's (int): truncated toward 0 (2.9 is EQUALITY, -0.5 PENALTY), NaN as 0 (PENALTY), saturated at
 * the int range. Other codes are not refused: below 0, a term weighted by its STATE_MULTIPLIER, which no step changes
 * (a SOFTREG never retuned); above RESILIENT, an INEQUALITY. */
/* Doubles in a plan / a state of `terms` terms. */
#define JACE_DUAL_PLAN_SIZE(terms) (JACE_DUAL_PLAN_HEADER + (terms) * JACE_DUAL_PLAN_STRIDE)
#define JACE_DUAL_STATE_SIZE(terms) (JACE_DUAL_STATE_HEADER + (terms) * JACE_DUAL_STATE_STRIDE)

/* The primal-dual step's penalty and multiplier/slack/target update of dev.jace.backend.DualUpdate.apply (same bits):
 * one thread reads plan and updates state in place, term by term. terms >= 0 (not bounded here; the Java side allows
 * up to 1024); the caller makes sure the blocks hold JACE_DUAL_PLAN_SIZE(terms) and JACE_DUAL_STATE_SIZE(terms)
 * doubles; overlapping blocks are refused. Per term, from the values before the step: w = PLAN_WEIGHT for a PENALTY,
 * else STATE_MULTIPLIER; eps = PLAN_EPSILON if PLAN_EPSILON_FROM_PLAN != 0, else STATE_EPSILON; c = STATE_VALUE;
 * u = STATE_SLACK; "constraints" are the kinds >= EQUALITY.
 *   PENALTY_SUM = sum over terms, in order, of w*(c - eps - u) for constraints (+ (ALPHA/2)*u*u if RESILIENT), w*c
 *                 for PENALTY and SOFTREG (u counts for EQUALITY and INEQUALITY too: keep it 0 there)
 *   MULTIPLIER  = w, except on dual steps: SOFTREG s*w + (1 - s)*SCALE / (FLOOR + max(0, c)) with s = SMOOTHING;
 *                 constraints w + DUAL_STEP_SIZE*(c - eps - u), then max(0, that) unless EQUALITY
 *   SLACK       = RESILIENT: max(0, u - SLACK_STEP_SIZE*(ALPHA*u - w)); others: u
 *   EPSILON     = eps, except for constraints with ADAPTIVE != 0 on dual steps unless r > THRESHOLD, where r is
 *                 the new MULTIPLIER if TO < FROM, else its negation: TO + (eps - TO)*DECAY, or TO itself when that is
 *                 within 1e-12*max(1, |FROM|) of TO */
jace_status jace_dual_update(const double *plan, double *state, int terms, cudaStream_t stream);
/* out[0] = (sum over s in rows (as for jace_relative_deviation_weights, ascending), then i < n, of deviation[s, i] /
 * (norm[i] + eps)) / divisor. */
jace_status jace_relative_deviation_mean(const float *deviation, const float *norm, int k, int n, const int *rows,
                                         int num_rows, double divisor, double eps, double *out, cudaStream_t stream);
/* out[0] = scale * (sum over j < num_parts, in order, of parts[j][0], or of its absolute value when absolute != 0);
 * parts is a HOST array of 1 to 8 DEVICE pointers, read before the call returns. */
jace_status jace_sum_to_scalar(const float *const *parts, int num_parts, int absolute, double scale, double *out,
                               cudaStream_t stream);

#ifdef __cplusplus
}
#endif

#endif /* JACE_H */
