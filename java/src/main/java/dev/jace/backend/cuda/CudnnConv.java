package dev.jace.backend.cuda;

import dev.jace.backend.Precision;
import dev.jace.bindings.cudnn.cudnnConvolutionBwdDataAlgoPerfStruct;
import dev.jace.bindings.cudnn.cudnnConvolutionBwdFilterAlgoPerfStruct;
import dev.jace.bindings.cudnn.cudnnConvolutionFwdAlgoPerfStruct;
import dev.jace.bindings.cudnn.cudnn_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Convolution through cuDNN's legacy API. One {@link CudnnConvPlan} (descriptors + algorithms) per geometry; each
 * direction's algorithm is found with cudnnFind* on its first use in the process, and kept for the process. FP32
 * restricts cuDNN to CUDNN_FMA_MATH (its default math would use TF32 tensor cores on Ampere and newer) and to the
 * algorithms that sum the products directly (implicit or explicit GEMM, direct, backward algorithms 0, 1 and 3): its
 * FFT and Winograd algorithms, which cudnnFind picks by timing alone, compute in transformed bases that round well
 * beyond a float32 sum (an H200 gave 7e-4 of the largest output where a sum errs by ~1e-7), and their tiles' errors are
 * not equivariant, so they would show in the equivariance deviations. TF32 allows CUDNN_TENSOR_OP_MATH and every
 * algorithm. BF16 does too, on bfloat16-stored tensors computed in float32 (cuDNN's PSEUDO_BFLOAT16_CONFIG): its
 * pointers are bfloat16 buffers, which {@link Bf16CudnnConv} stages from and back to jace's float tensors.
 * Deterministic engines run only algorithms cuDNN reports deterministic (its backward algorithm 0 sums with atomics, so
 * two calls on the same inputs can differ in the last bits). Workspaces come from the caching allocator. A search is
 * refused inside a stream capture. Destroys its plans and handle on close.
 */
final class CudnnConv implements ConvEngine {

    /** Algorithms needing more workspace than this are skipped. */
    private static final long WORKSPACE_LIMIT = 1L << 30;

    /**
     * This process's searches, so that an engine opened later on the same device (a test's, a bench row's, an
     * application's second backend) runs the algorithms found before instead of timing them all again: a cudnnFind
     * runs every algorithm and blocks the host, and cannot run inside a stream capture.
     */
    private static final Map<Search, CudnnConvPlan.Algo> SEARCHED = new ConcurrentHashMap<>();

    /** What a search's result depends on besides cuDNN itself, of which a process loads one. */
    private record Search(int device, int dataType, int mathType, boolean deterministic, ConvGeometry geometry,
                          CudnnConvPlan.Direction direction) {
    }

    private final int device;
    private final DeviceAllocator allocator;
    private final BooleanSupplier capturing;
    private final boolean exact;
    private final boolean deterministic;
    private final int dataType;
    private final int mathType;
    private final MemorySegment handle;
    private final MemorySegment one;
    private final MemorySegment zero;
    private final long version;
    private final Map<ConvGeometry, CudnnConvPlan> plans = new HashMap<>();
    private boolean closed;

    /**
     * On {@code options}' device, precision (FP32 and TF32 on float tensors, BF16 on bfloat16 ones) and determinism,
     * with its stream current there; {@code capturing} tells whether the calling thread captures the stream into a
     * graph.
     */
    CudnnConv(CudaStream stream, DeviceAllocator allocator, Arena arena, CudaOptions options,
              BooleanSupplier capturing) {
        this.device = options.device();
        this.allocator = allocator;
        this.capturing = capturing;
        this.exact = options.precision() == Precision.FP32;
        this.deterministic = options.deterministic();
        this.dataType = options.precision() == Precision.BF16 ? cudnn_h.CUDNN_DATA_BFLOAT16()
                : cudnn_h.CUDNN_DATA_FLOAT();
        this.mathType = exact ? cudnn_h.CUDNN_FMA_MATH() : cudnn_h.CUDNN_TENSOR_OP_MATH();
        this.version = cudnn_h.cudnnGetVersion();
        try (Arena local = Arena.ofConfined()) {
            MemorySegment out = local.allocate(ValueLayout.ADDRESS);
            CudnnStatus.check("cudnnCreate", cudnn_h.cudnnCreate(out));
            this.handle = out.get(ValueLayout.ADDRESS, 0);
        }
        try {
            CudnnStatus.check("cudnnSetStream", cudnn_h.cudnnSetStream(handle, stream.handle()));
        } catch (RuntimeException e) {
            cudnn_h.cudnnDestroy(handle);
            throw e;
        }
        this.one = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
        this.zero = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
    }

    @Override
    public String description() {
        return "cuDNN " + version + (deterministic ? " deterministic" : "");
    }

    @Override
    public void checkSupported(String op, ConvGeometry g) {
    }

    /**
     * Why this cuDNN cannot run this engine's convolutions, or empty where it can: a host-side probe that asks, for a
     * 1×1 convolution of the engine's data type under its math type, each direction's workspace for the algorithm it
     * falls back to, which a cuDNN without convolutions of that type refuses (CUDNN_STATUS_NOT_SUPPORTED).
     */
    Optional<String> refusal() {
        try (CudnnConvPlan p = new CudnnConvPlan(new ConvGeometry(1, 1, 1, 1, 1, 1, 1, 0, 0), dataType, mathType);
             Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(ValueLayout.JAVA_LONG);
            CudnnStatus.check("cudnnGetConvolutionForwardWorkspaceSize", cudnn_h
                    .cudnnGetConvolutionForwardWorkspaceSize(handle, p.x, p.w, p.conv, p.y,
                            FORWARD_RESULTS.fallbackAlgo(), bytes));
            CudnnStatus.check("cudnnGetConvolutionBackwardDataWorkspaceSize", cudnn_h
                    .cudnnGetConvolutionBackwardDataWorkspaceSize(handle, p.w, p.y, p.conv, p.x,
                            BACKWARD_DATA_RESULTS.fallbackAlgo(), bytes));
            CudnnStatus.check("cudnnGetConvolutionBackwardFilterWorkspaceSize", cudnn_h
                    .cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, p.x, p.y, p.conv, p.w,
                            BACKWARD_FILTER_RESULTS.fallbackAlgo(), bytes));
            return Optional.empty();
        } catch (CudnnException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * E.g. {@code forward n16 cin16 cout16 28x28 k3: algorithm 1, FMA math, 0 B workspace}; a fallback says that no
     * cudnnFind result qualified (none succeeded within the workspace limit under the precision's math, and
     * deterministically where that is asked for).
     */
    @Override
    public synchronized List<String> choices() {
        List<String> lines = new ArrayList<>();
        plans.forEach((g, plan) -> plan.algos().forEach((direction, a) -> lines.add(choice(g, direction, a))));
        lines.sort(null);
        return lines;
    }

    /** E.g. {@code backward data n16 cin16 cout16 28x28 k3}. */
    private static String label(ConvGeometry g, CudnnConvPlan.Direction direction) {
        return direction.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " n" + g.n() + " cin" + g.cin()
                + " cout" + g.cout() + " " + g.h() + "x" + g.w() + " k" + g.kh()
                + (g.kh() == g.kw() ? "" : "x" + g.kw());
    }

    private String choice(ConvGeometry g, CudnnConvPlan.Direction direction, CudnnConvPlan.Algo a) {
        String geometry = label(g, direction);
        String fallback = !a.fallback() ? "" : " " + CudaBackend.CONV_FALLBACK_MARK + "no cudnnFind result succeeded "
                + "within " + (WORKSPACE_LIMIT >> 20) + " MiB of workspace"
                + (exact ? " under FMA math without FFT or Winograd" : "")
                + (deterministic ? " deterministically" : "") + ")";
        String starved = a.starved() ? " (some algorithms could not allocate their memory in the search)" : "";
        return geometry + ": algorithm " + a.algo() + ", " + mathName(a.mathType()) + ", " + a.workspaceBytes()
                + " B workspace" + fallback + starved;
    }

    private static String mathName(int math) {
        if (math == cudnn_h.CUDNN_FMA_MATH()) {
            return "FMA math";
        }
        if (math == cudnn_h.CUDNN_TENSOR_OP_MATH()) {
            return "tensor-op math";
        }
        return math == cudnn_h.CUDNN_DEFAULT_MATH() ? "default math" : "math type " + math;
    }

    private synchronized CudnnConvPlan plan(ConvGeometry g) {
        if (closed) {
            throw new IllegalStateException("cuDNN engine is closed");
        }
        CudnnConvPlan plan = plans.get(g);
        if (plan == null) {
            plan = new CudnnConvPlan(g, dataType, mathType);
            plans.put(g, plan);
        }
        return plan;
    }

    @Override
    public void forward(MemorySegment x, MemorySegment w, MemorySegment y, ConvGeometry g) {
        CudnnConvPlan p = plan(g);
        CudnnConvPlan.Algo a = algo(p, g, CudnnConvPlan.Direction.FORWARD, what -> findForward(p, what));
        run(p, a, ws -> CudnnStatus.check("cudnnConvolutionForward", cudnn_h.cudnnConvolutionForward(handle, one,
                p.x, x, p.w, w, p.conv, a.algo(), ws, a.workspaceBytes(), zero, p.y, y)));
    }

    @Override
    public void backwardData(MemorySegment dy, MemorySegment w, MemorySegment dx, ConvGeometry g) {
        CudnnConvPlan p = plan(g);
        CudnnConvPlan.Algo a = algo(p, g, CudnnConvPlan.Direction.BACKWARD_DATA, what -> findBackwardData(p, what));
        run(p, a, ws -> CudnnStatus.check("cudnnConvolutionBackwardData", cudnn_h.cudnnConvolutionBackwardData(
                handle, one, p.w, w, p.y, dy, p.conv, a.algo(), ws, a.workspaceBytes(), zero, p.x, dx)));
    }

    @Override
    public void backwardFilter(MemorySegment x, MemorySegment dy, MemorySegment dw, ConvGeometry g) {
        CudnnConvPlan p = plan(g);
        CudnnConvPlan.Algo a = algo(p, g, CudnnConvPlan.Direction.BACKWARD_FILTER,
                what -> findBackwardFilter(p, what));
        run(p, a, ws -> CudnnStatus.check("cudnnConvolutionBackwardFilter", cudnn_h.cudnnConvolutionBackwardFilter(
                handle, one, p.x, x, p.y, dy, p.conv, a.algo(), ws, a.workspaceBytes(), zero, p.w, dw)));
    }

    private interface WithWorkspace {
        void run(MemorySegment workspace);
    }

    private void run(CudnnConvPlan p, CudnnConvPlan.Algo a, WithWorkspace body) {
        CudnnStatus.check("cudnnSetConvolutionMathType", cudnn_h.cudnnSetConvolutionMathType(p.conv, a.mathType()));
        if (a.workspaceBytes() == 0) {
            body.run(MemorySegment.NULL);
            return;
        }
        DeviceAllocator.Block ws = allocator.allocateScratch(a.workspaceBytes());
        try {
            body.run(ws.segment());
        } finally {
            allocator.release(ws);
        }
    }

    /**
     * The plan's algorithm for {@code direction}: the search this process made before, else {@code find}'s, which is
     * kept for later engines unless it fell back or some algorithm could not allocate its memory.
     */
    private CudnnConvPlan.Algo algo(CudnnConvPlan p, ConvGeometry g, CudnnConvPlan.Direction direction,
                                    Function<String, CudnnConvPlan.Algo> find) {
        return p.algo(direction, () -> searched(g, direction, () -> {
            if (capturing.getAsBoolean()) {
                throw new IllegalStateException("cuDNN " + label(g, direction) + " of a geometry not seen before inside"
                        + " captured work: cuDNN's algorithm search runs and times every algorithm, which a capture"
                        + " cannot hold; run the same work once before capture() (the choice is kept per geometry)");
            }
            return find.apply(label(g, direction));
        }));
    }

    private CudnnConvPlan.Algo searched(ConvGeometry g, CudnnConvPlan.Direction direction,
                                        Supplier<CudnnConvPlan.Algo> find) {
        Search search = new Search(device, dataType, mathType, deterministic, g, direction);
        CudnnConvPlan.Algo known = SEARCHED.get(search);
        if (known != null) {
            return known;
        }
        // Not computeIfAbsent: the search blocks on the device, which must not hold the map's lock. Two engines
        // searching at once time each other's load; the first to finish is kept.
        CudnnConvPlan.Algo found = find.get();
        if (found.fallback() || found.starved()) {
            return found; // a search short of memory, or with nothing usable: a later one may do better
        }
        CudnnConvPlan.Algo first = SEARCHED.putIfAbsent(search, found);
        return first != null ? first : found;
    }

    /** Forgets this process's searches: for tests whose emulated cuDNN answers searches differently from then on. */
    static void forgetSearches() {
        SEARCHED.clear();
    }

    private interface Finder {
        int find(int requested, MemorySegment returned, MemorySegment perfs);
    }

    private interface WorkspaceQuery {
        int size(int algo, MemorySegment bytes);
    }

    /**
     * How to read one direction's cudnnConvolution*AlgoPerf_t results, its algorithms that sum the products directly
     * (the only ones FP32 runs), and the algorithms it runs where none qualifies: algorithm 0 (implicit GEMM forward,
     * a sum with atomics backward, which needs no workspace), and under deterministic options implicit GEMM forward
     * and algorithm 1 backward.
     */
    private record PerfResults(int count, long stride, ToIntFunction<MemorySegment> algo,
                               ToIntFunction<MemorySegment> status, ToIntFunction<MemorySegment> math,
                               ToIntFunction<MemorySegment> determinism, ToLongFunction<MemorySegment> memory,
                               Set<Integer> directSums, int fallbackAlgo, int deterministicFallbackAlgo) {
    }

    private static final PerfResults FORWARD_RESULTS = new PerfResults(cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_COUNT(),
            cudnnConvolutionFwdAlgoPerfStruct.sizeof(), cudnnConvolutionFwdAlgoPerfStruct::algo,
            cudnnConvolutionFwdAlgoPerfStruct::status, cudnnConvolutionFwdAlgoPerfStruct::mathType,
            cudnnConvolutionFwdAlgoPerfStruct::determinism, cudnnConvolutionFwdAlgoPerfStruct::memory,
            Set.of(cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM(),
                    cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM(),
                    cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_GEMM(), cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_DIRECT()),
            cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM(), cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM());

    private static final PerfResults BACKWARD_DATA_RESULTS = new PerfResults(
            cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT(), cudnnConvolutionBwdDataAlgoPerfStruct.sizeof(),
            cudnnConvolutionBwdDataAlgoPerfStruct::algo, cudnnConvolutionBwdDataAlgoPerfStruct::status,
            cudnnConvolutionBwdDataAlgoPerfStruct::mathType, cudnnConvolutionBwdDataAlgoPerfStruct::determinism,
            cudnnConvolutionBwdDataAlgoPerfStruct::memory,
            Set.of(cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_0(), cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_1()),
            cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_0(), cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_1());

    private static final PerfResults BACKWARD_FILTER_RESULTS = new PerfResults(
            cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT(), cudnnConvolutionBwdFilterAlgoPerfStruct.sizeof(),
            cudnnConvolutionBwdFilterAlgoPerfStruct::algo, cudnnConvolutionBwdFilterAlgoPerfStruct::status,
            cudnnConvolutionBwdFilterAlgoPerfStruct::mathType, cudnnConvolutionBwdFilterAlgoPerfStruct::determinism,
            cudnnConvolutionBwdFilterAlgoPerfStruct::memory,
            Set.of(cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0(), cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1(),
                    cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3()),
            cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0(), cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1());

    private CudnnConvPlan.Algo findForward(CudnnConvPlan p, String what) {
        return find("cudnnFindConvolutionForwardAlgorithm", FORWARD_RESULTS,
                (n, r, perfs) -> cudnn_h.cudnnFindConvolutionForwardAlgorithm(handle, p.x, p.w, p.conv, p.y, n, r,
                        perfs),
                p, what, "cudnnGetConvolutionForwardWorkspaceSize",
                (algo, bytes) -> cudnn_h.cudnnGetConvolutionForwardWorkspaceSize(handle, p.x, p.w, p.conv, p.y,
                        algo, bytes));
    }

    private CudnnConvPlan.Algo findBackwardData(CudnnConvPlan p, String what) {
        return find("cudnnFindConvolutionBackwardDataAlgorithm", BACKWARD_DATA_RESULTS,
                (n, r, perfs) -> cudnn_h.cudnnFindConvolutionBackwardDataAlgorithm(handle, p.w, p.y, p.conv, p.x, n,
                        r, perfs),
                p, what, "cudnnGetConvolutionBackwardDataWorkspaceSize",
                (algo, bytes) -> cudnn_h.cudnnGetConvolutionBackwardDataWorkspaceSize(handle, p.w, p.y, p.conv, p.x,
                        algo, bytes));
    }

    private CudnnConvPlan.Algo findBackwardFilter(CudnnConvPlan p, String what) {
        return find("cudnnFindConvolutionBackwardFilterAlgorithm", BACKWARD_FILTER_RESULTS,
                (n, r, perfs) -> cudnn_h.cudnnFindConvolutionBackwardFilterAlgorithm(handle, p.x, p.y, p.conv, p.w,
                        n, r, perfs),
                p, what, "cudnnGetConvolutionBackwardFilterWorkspaceSize",
                (algo, bytes) -> cudnn_h.cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, p.x, p.y, p.conv,
                        p.w, algo, bytes));
    }

    /**
     * Runs cudnnFind* under the precision's math type, takes the fastest successful algorithm within the workspace
     * limit whose math type and kind fit the precision (FP32: CUDNN_FMA_MATH and direct sums only) and, if asked for,
     * that cuDNN reports deterministic, falling back to the direction's fixed algorithm, and asks its workspace under
     * the math type it was found with, which {@link #run} sets again each call. A deterministic fallback that cuDNN
     * cannot run here within the limit is an error that says what to do instead.
     */
    private CudnnConvPlan.Algo find(String call, PerfResults results, Finder finder, CudnnConvPlan p, String what,
                                    String sizeCall, WorkspaceQuery query) {
        int chosenAlgo = deterministic ? results.deterministicFallbackAlgo() : results.fallbackAlgo();
        int chosenMath = mathType;
        boolean fallback = true;
        boolean starved = false;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment returned = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment perfs = arena.allocate(results.stride() * results.count(), 8);
            // The directions share the descriptor: search under the precision's math type, not another's choice.
            CudnnStatus.check("cudnnSetConvolutionMathType", cudnn_h.cudnnSetConvolutionMathType(p.conv, mathType));
            CudnnStatus.check(call, finder.find(results.count(), returned, perfs));
            int n = returned.get(ValueLayout.JAVA_INT, 0);
            for (int i = 0; i < n; i++) {
                MemorySegment perf = perfs.asSlice(results.stride() * i, results.stride());
                int status = results.status().applyAsInt(perf);
                starved |= status == cudnn_h.CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED()
                        || status == cudnn_h.CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED();
                boolean precisionOk = !exact || results.math().applyAsInt(perf) == cudnn_h.CUDNN_FMA_MATH()
                        && results.directSums().contains(results.algo().applyAsInt(perf));
                boolean determinismOk = !deterministic
                        || results.determinism().applyAsInt(perf) == cudnn_h.CUDNN_DETERMINISTIC();
                if (fallback && status == cudnn_h.CUDNN_STATUS_SUCCESS() && precisionOk && determinismOk
                        && results.memory().applyAsLong(perf) <= WORKSPACE_LIMIT) {
                    chosenAlgo = results.algo().applyAsInt(perf);
                    chosenMath = results.math().applyAsInt(perf);
                    fallback = false;
                }
            }
            CudnnStatus.check("cudnnSetConvolutionMathType", cudnn_h.cudnnSetConvolutionMathType(p.conv, chosenMath));
            MemorySegment bytes = arena.allocate(ValueLayout.JAVA_LONG);
            int sizeStatus = query.size(chosenAlgo, bytes);
            long workspace = bytes.get(ValueLayout.JAVA_LONG, 0);
            if (fallback && deterministic
                    && (sizeStatus != cudnn_h.CUDNN_STATUS_SUCCESS() || workspace > WORKSPACE_LIMIT)) {
                String why = sizeStatus != cudnn_h.CUDNN_STATUS_SUCCESS()
                        ? "cannot run here (" + sizeCall + ": " + cudnn_h.cudnnGetErrorString(sizeStatus).getString(0)
                        + ")" : "needs " + workspace + " B of workspace";
                throw new IllegalStateException("cuDNN has no deterministic algorithm for " + what + ": its search "
                        + "found none within " + (WORKSPACE_LIMIT >> 20) + " MiB of workspace, and its fixed "
                        + "deterministic algorithm " + chosenAlgo + " " + why
                        + "; run without --deterministic (CudaOptions.deterministic), or with --no-cudnn: libjace's "
                        + "kernels are deterministic");
            }
            CudnnStatus.check(sizeCall, sizeStatus);
            return new CudnnConvPlan.Algo(chosenAlgo, chosenMath, workspace, fallback, starved);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Runnable> steps = new ArrayList<>();
        for (CudnnConvPlan plan : plans.values()) {
            steps.add(plan::close);
        }
        steps.add(() -> {
            plans.clear();
            CudnnStatus.check("cudnnDestroy", cudnn_h.cudnnDestroy(handle));
        });
        Cleanup.runAll(steps);
    }
}
