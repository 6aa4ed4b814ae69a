package dev.jace.backend.cuda;

import dev.jace.backend.Backend;
import dev.jace.backend.CapturedResources;
import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupOpShapes;
import dev.jace.backend.GroupTable;
import dev.jace.backend.OpAliasing;
import dev.jace.backend.OpShapes;
import dev.jace.backend.OwnedResources;
import dev.jace.backend.Padding;
import dev.jace.backend.PendingRead;
import dev.jace.backend.PoolMode;
import dev.jace.backend.Precision;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibraryException;
import dev.jace.bindings.jace.jace_h;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The GPU backend: device tensors and libjace kernels through FFM, matmul through cuBLAS (else jace_gemm),
 * convolutions through cuDNN (else libjace's kernels), lifting/group convolutions by the direct kernels or the
 * expanded-filter route, chosen by {@link GroupConvAutotuner} unless {@link CudaOptions#groupConv()} forces one.
 *
 * <p>Tensors live in device memory from a caching allocator (reused after {@link Tensor#close()}, freed when the
 * backend closes, which closes them); each backend accepts only its own tensors ({@link Tensor#issuer()}), since
 * another's are used in the order of another stream. {@link Tensor#data()} of a CUDA tensor is a segment at a
 * <em>device</em> address that must only be handed to native calls, never read from Java. All work is enqueued on
 * one stream owned by the backend; {@link #download} and {@link #synchronize} wait for it. Shapes are checked with
 * {@link OpShapes} and {@link GroupOpShapes}, and the memory rule with {@link OpAliasing}, before any native call, as
 * the CPU backend checks them (the same {@link IllegalArgumentException}s; libjace's own overlap check is a backstop,
 * and cuBLAS and cuDNN check none). Every failing status becomes a {@link CudaException}, {@link CublasException} or
 * {@link CudnnException} naming the call.
 *
 * <p>{@link #softmaxCrossEntropy} trusts its labels: checking them would cost a device-to-host copy per batch, so
 * out-of-range labels give whatever jace_softmax_cross_entropy makes of them (validate labels when loading data).
 *
 * <p>Use one thread at a time per backend (cuBLAS/cuDNN handles are not thread-safe); closing a tensor from another
 * thread is fine. {@link #close()} releases every native resource, twice is safe, and any use afterwards throws
 * {@link IllegalStateException}.
 */
public final class CudaBackend implements Backend {

    /** Why a library is not in use where it could not be loaded; the search's whole report is long. */
    private static final String NOT_LOADED = "not found or not loadable, jace info says where it looked";
    private static final AtomicInteger CREATED = new AtomicInteger();

    private final CudaOptions options;
    /** Tells this backend from others in messages: its number in the order of creation in this process. */
    private final int serial = CREATED.incrementAndGet();
    private final String device;
    private final String name;
    private final int jacePrecision;
    private final Arena arena;
    private final OwnedResources resources = new OwnedResources();
    private final CudaStream stream;
    private final DeviceAllocator allocator;
    private final HostStaging staging;
    private final PinnedUploads pinnedUploads;
    private final PinnedReads pinnedReads;
    private final MatmulEngine matmul;
    private final ConvEngine conv;
    private final NativeGroups groups;
    private final DirectGroupConv direct;
    private final ExpandedGroupConv expanded;
    private final GroupConvAutotuner autotuner;
    private final OpenGraphs graphs;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The thread capturing this backend's stream into a graph, or null. */
    private volatile Thread capturing;
    /** The tensors and device scalars the capture in progress uses (only the capturing thread touches it), or null. */
    private CapturedResources captureUses;

    /** Whether a CUDA backend can run here, and if not why; never throws. */
    public static CudaProbe probe() {
        return CudaProbe.run();
    }

    public static boolean isAvailable() {
        return probe().available();
    }

    /** Device 0 with {@link CudaOptions#defaults()}. */
    public CudaBackend() {
        this(CudaOptions.defaults());
    }

    /**
     * @throws IllegalStateException    when {@link #probe()} says CUDA is unavailable (the message says why)
     * @throws IllegalArgumentException when the device ordinal does not exist
     */
    public CudaBackend(CudaOptions options) {
        CudaProbe probe = probe();
        if (!probe.available()) {
            throw new IllegalStateException("the CUDA backend is unavailable: " + probe.summary());
        }
        this.options = options;
        this.device = "cuda:" + options.device();
        this.jacePrecision = switch (options.precision()) {
            case FP32 -> jace_h.JACE_PRECISION_FP32();
            case TF32 -> jace_h.JACE_PRECISION_TF32();
            case BF16 -> jace_h.JACE_PRECISION_BF16();
        };
        int count = deviceCount();
        if (options.device() >= count) {
            throw new IllegalArgumentException("CUDA device " + options.device() + " does not exist (" + count
                    + " visible)");
        }
        Jace.check("jace_set_device", jace_h.jace_set_device(options.device()));
        this.arena = Arena.ofShared();
        try {
            this.stream = resources.own(new CudaStream());
            this.allocator = resources.own(new DeviceAllocator());
            this.staging = resources.own(new HostStaging(stream));
            this.pinnedUploads = resources.own(new PinnedUploads(stream));
            this.pinnedReads = resources.own(new PinnedReads(stream));
            EventTimer timer = resources.own(new EventTimer(stream));
            this.matmul = resources.own(createMatmul());
            this.conv = resources.own(createConv());
            this.groups = new NativeGroups(arena);
            this.direct = new DirectGroupConv(stream, jacePrecision);
            this.expanded = new ExpandedGroupConv(conv, allocator, stream);
            this.autotuner = new GroupConvAutotuner(timer::millis);
            this.graphs = resources.own(new OpenGraphs()); // owned last: closed first, before the stream and memory
            this.name = device + " (" + deviceName(options.device()) + ", " + options.precision() + "; matmul: "
                    + matmul.description() + "; conv: " + conv.description() + "; group conv: "
                    + options.groupConv() + ")";
        } catch (RuntimeException e) {
            throw closeAfter(e);
        }
    }

    private MatmulEngine createMatmul() {
        if (!options.useCublas()) {
            return new KernelMatmul(stream, "cuBLAS disabled by options");
        }
        try {
            NativeLibraries.system().cublas();
        } catch (NativeLibraryException e) {
            return new KernelMatmul(stream, "no cuBLAS: " + NOT_LOADED);
        }
        try {
            return new CublasMatmul(stream, allocator, arena, options.precision(), deviceCapability(options.device()));
        } catch (CublasException e) {
            // Loaded but unusable here (a driver too old for it, no memory for its handle): run without it.
            return new KernelMatmul(stream, "cuBLAS unusable: " + e.getMessage());
        } catch (CudaException e) {
            if (!e.isOutOfMemory()) {
                throw e;
            }
            // No device memory left for its workspace: likewise.
            return new KernelMatmul(stream, "cuBLAS unusable: no device memory for its workspace: " + e.getMessage());
        }
    }

    private ConvEngine createConv() {
        if (!options.useCudnn()) {
            return new KernelConv(stream, jacePrecision, "cuDNN disabled by options");
        }
        try {
            NativeLibraries.system().cudnn();
        } catch (NativeLibraryException e) {
            return new KernelConv(stream, jacePrecision, "no cuDNN: " + NOT_LOADED);
        }
        try {
            CudnnConv cudnn = new CudnnConv(stream, allocator, arena, options,
                    () -> capturing == Thread.currentThread());
            if (options.precision() != Precision.BF16) {
                return cudnn;
            }
            Optional<String> refusal = cudnn.refusal();
            if (refusal.isEmpty()) {
                return new Bf16CudnnConv(cudnn, allocator, stream);
            }
            cudnn.close();
            return new KernelConv(stream, jacePrecision, "cuDNN has no BF16 convolutions here: " + refusal.get());
        } catch (CudnnException e) {
            // Loaded but unusable here (e.g. cudnnCreate's CUDNN_STATUS_NOT_INITIALIZED where its CUDA runtime needs
            // a newer driver): run on libjace's kernels, saying why in the backend's name.
            return new KernelConv(stream, jacePrecision, "cuDNN unusable: " + e.getMessage());
        }
    }

    private static int deviceCount() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
            Jace.check("jace_device_count", jace_h.jace_device_count(count));
            return count.get(ValueLayout.JAVA_INT, 0);
        }
    }

    private static String deviceName(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            Jace.check("jace_device_name", jace_h.jace_device_name(ordinal, buf, 256));
            return buf.getString(0);
        }
    }

    private static int deviceCapability(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capability = a.allocate(ValueLayout.JAVA_INT);
            Jace.check("jace_device_capability", jace_h.jace_device_capability(ordinal, capability));
            return capability.get(ValueLayout.JAVA_INT, 0);
        }
    }

    public CudaOptions options() {
        return options;
    }

    /** The caching allocator's counters. */
    public AllocatorStats allocatorStats() {
        enter();
        return allocator.stats();
    }

    /** Frees the device memory the allocator keeps cached for reuse. Not allowed inside captured work. */
    public void trimCache() {
        enterHostCall("trimCache");
        allocator.trim();
    }

    /** Whether matmul runs on cuBLAS (else libjace's jace_gemm: cuBLAS not wanted, not found or unusable here). */
    public boolean multipliesWithCublas() {
        return matmul instanceof CublasMatmul;
    }

    /**
     * Whether plain convolutions run on cuDNN, at BF16 on bfloat16 copies of their operands (else libjace's conv
     * kernels: cuDNN not wanted, not found or usable here, or at BF16 without bfloat16 convolutions).
     */
    public boolean convolvesWithCudnn() {
        return conv instanceof CudnnConv || conv instanceof Bf16CudnnConv;
    }

    /**
     * Marks a line of {@link #convChoices()} whose search found nothing that qualified: a fixed cuDNN algorithm runs
     * (algorithm 0; under {@link CudaOptions#deterministic} implicit GEMM forward, algorithm 1 backward).
     */
    public static final String CONV_FALLBACK_MARK = "(fallback: ";

    /**
     * The convolution algorithms cuDNN's search has chosen so far, one line per geometry and direction (a fallback
     * marked with {@link #CONV_FALLBACK_MARK}); empty where the backend convolves with libjace's kernels.
     */
    public List<String> convChoices() {
        return conv.choices();
    }

    /** The group-convolution algorithms {@link GroupConvAlgorithm#AUTO} has chosen so far. */
    public Map<GroupConvKey, GroupConvAlgorithm> groupConvChoices() {
        return autotuner.choices();
    }

    @Override
    public String name() {
        return name;
    }

    /** E.g. {@code CudaBackend #2 on cuda:0 (closed)}: tells backends of one device apart. */
    @Override
    public String toString() {
        return "CudaBackend #" + serial + " on " + device + (closed.get() ? " (closed)" : "");
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        return closed.get();
    }

    /** Checks that the backend is open and makes its device current on this thread. */
    private void enter() {
        if (closed.get()) {
            throw new IllegalStateException("CudaBackend " + device + " was used after close()");
        }
        refuseOtherThreadsCapture("an op");
        Jace.check("jace_set_device", jace_h.jace_set_device(options.device()));
    }

    private MemorySegment ptr(String op, String argument, Tensor t) {
        if (!device.equals(t.device())) {
            throw new IllegalArgumentException(op + ": " + argument + " " + t + " is on " + t.device()
                    + ", not on this backend's " + device);
        }
        if (t.issuer() != this) {
            throw new IllegalArgumentException(op + ": " + argument + " " + t + " belongs to " + t.issuer()
                    + ", not to " + this + ": each CUDA backend has its own stream and memory, so use a tensor with"
                    + " the backend that made it, or download it and upload its values to this one");
        }
        MemorySegment data = t.data();
        if (capturing == Thread.currentThread()) {
            captureUses.add(t);
        }
        return data;
    }

    /** The device address of {@code scalar}'s value; it must be an open value of this backend. */
    private MemorySegment ptr(String op, String argument, DeviceScalar scalar) {
        return ptr(op, argument, scalar.block(), scalar.index());
    }

    /** The device address of {@code scalars}' first value; it must be an open block of this backend. */
    private MemorySegment ptr(String op, String argument, DeviceScalars scalars) {
        return ptr(op, argument, scalars, 0);
    }

    private MemorySegment ptr(String op, String argument, DeviceScalars scalars, int index) {
        if (!(scalars instanceof CudaScalars block) || !block.belongsTo(this)) {
            throw new IllegalArgumentException(op + ": " + argument + " is a device scalar of another backend, not of "
                    + "this backend's " + device);
        }
        MemorySegment address = block.address(index);
        if (capturing == Thread.currentThread()) {
            captureUses.add(block);
        }
        return address;
    }

    private MemorySegment s() {
        return stream.handle();
    }

    // ---------------------------------------------------------------- memory

    private Tensor allocateUninitialized(Shape shape) {
        DeviceAllocator.Block block = allocator.allocate((long) shape.size() * Float.BYTES);
        return Tensor.wrap(shape, block.segment(arena), device, this, () -> allocator.release(block));
    }

    @Override
    public Tensor allocate(Shape shape) {
        refuseWhileCapturing("allocate");
        enter();
        Tensor t = allocateUninitialized(shape);
        try {
            Jace.check("jace_memset_async", jace_h.jace_memset_async(t.data(), 0, t.data().byteSize(), s()));
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    @Override
    public Tensor upload(float[] values, Shape shape) {
        OpShapes.upload(values, shape);
        refuseWhileCapturing("upload");
        enter();
        Tensor t = allocateUninitialized(shape);
        try {
            staging.upload(values, t.data());
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    @Override
    public void copyIn(float[] values, Tensor target) {
        OpShapes.copyIn(values, target);
        refuseWhileCapturing("copyIn");
        enter();
        MemorySegment device = ptr("copyIn", "target", target);
        if (PinnedUploads.fits((long) values.length * Float.BYTES)) {
            pinnedUploads.copy(MemorySegment.ofArray(values), device);
        } else {
            staging.upload(values, device);
        }
    }

    /**
     * A block of doubles in device memory from the caching allocator; {@link DeviceScalars#publish} copies the staged
     * values through the pinned upload slots, in stream order and without waiting.
     */
    @Override
    public DeviceScalars scalars(int count) {
        OpShapes.scalars(count);
        enterHostCall("scalars");
        return new CudaScalars(this, allocator, pinnedUploads, pinnedReads, stream, count);
    }

    /** Refuses a host-side call made inside captured work, then enters the backend. */
    void enterHostCall(String call) {
        refuseWhileCapturing(call);
        enter();
    }

    @Override
    public float[] download(Tensor t) {
        refuseWhileCapturing("download");
        enter();
        float[] values = new float[t.size()];
        staging.download(ptr("download", "t", t), values);
        return values;
    }

    /** Through the {@link PinnedReads} ring; a tensor too large for its slots is downloaded now. */
    @Override
    public PendingRead<float[]> readLater(Tensor t) {
        enterHostCall("readLater");
        long bytes = (long) t.size() * Float.BYTES;
        if (!PinnedReads.fits(bytes)) {
            float[] values = download(t);
            return () -> values;
        }
        return pinnedReads.read(ptr("readLater", "t", t), bytes, values -> values.toArray(ValueLayout.JAVA_FLOAT));
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        OpShapes.sameSize("copy", src, dst);
        OpAliasing.copy(src, dst);
        enter();
        Jace.check("jace_memcpy_dtod_async", jace_h.jace_memcpy_dtod_async(ptr("copy", "dst", dst),
                ptr("copy", "src", src), (long) src.size() * Float.BYTES, s()));
    }

    @Override
    public void fill(Tensor t, float value) {
        enter();
        Jace.check("jace_fill", jace_h.jace_fill(ptr("fill", "t", t), t.size(), value, s()));
    }

    @Override
    public void synchronize() {
        refuseWhileCapturing("synchronize");
        enter();
        stream.synchronize();
    }

    /**
     * Captures in thread-local mode. Other threads must not use this backend meanwhile (as at any time, one thread at
     * a time): what they enqueue would join the graph, so their ops and host calls throw
     * {@link IllegalStateException}; closing tensors stays fine. Scratch memory the work releases (cuDNN workspaces,
     * expanded filter banks) stays with the graph until it is closed ({@link DeviceAllocator#beginCapture()}). A
     * failed capture is ended and discarded, leaving the stream usable, and its error is rethrown.
     */
    @Override
    public CapturedWork capture(Runnable work) {
        enter();
        if (capturing != null) {
            throw new IllegalStateException("capture inside captured work: captures do not nest");
        }
        allocator.beginCapture();
        CapturedResources uses = new CapturedResources();
        // Set before the stream captures and cleared after it stops, so no other thread's call finds it capturing.
        captureUses = uses;
        capturing = Thread.currentThread();
        try {
            Jace.check("jace_stream_begin_capture", jace_h.jace_stream_begin_capture(s()));
        } catch (RuntimeException e) {
            stopCapturing();
            allocator.endCapture().forEach(allocator::release);
            throw e;
        }
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            try {
                endCapture(uses).close();
            } catch (RuntimeException endFailure) {
                e.addSuppressed(endFailure);
            } finally {
                stopCapturing();
            }
            throw e;
        }
        try {
            return endCapture(uses);
        } finally {
            stopCapturing();
        }
    }

    private void stopCapturing() {
        capturing = null;
        captureUses = null;
    }

    /**
     * Ends the capture; the graph owns the scratch blocks released during it (released here if that fails) and
     * refuses to replay once one of the tensors or device scalars it {@code uses} is closed.
     */
    private CudaGraph endCapture(CapturedResources uses) {
        List<DeviceAllocator.Block> held = allocator.endCapture();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment out = scratch.allocate(ValueLayout.ADDRESS);
            Jace.check("jace_stream_end_capture", jace_h.jace_stream_end_capture(s(), out));
            return graphs.add(new CudaGraph(out.get(ValueLayout.ADDRESS, 0), this::enter, s(), uses,
                    () -> held.forEach(allocator::release), graphs));
        } catch (RuntimeException e) {
            held.forEach(allocator::release);
            throw e;
        }
    }

    private void refuseWhileCapturing(String call) {
        if (capturing == Thread.currentThread()) {
            throw CapturedWork.refused(call);
        }
        refuseOtherThreadsCapture(call);
    }

    /** Refuses {@code call} on a thread other than one capturing this backend's stream. */
    private void refuseOtherThreadsCapture(String call) {
        Thread capturer = capturing;
        if (capturer != null && capturer != Thread.currentThread()) {
            throw new IllegalStateException(call + " while thread \"" + capturer.getName() + "\" captures this "
                    + "backend's stream: it would enqueue on that stream and join the graph; use a backend from one "
                    + "thread at a time (call it before capture() or after it returns)");
        }
    }

    // ---------------------------------------------------------------- dense algebra and elementwise

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        OpShapes.matmul(a, transposeA, b, transposeB, out);
        OpAliasing.matmul(a, b, out);
        enter();
        int m = out.shape().dim(0);
        int n = out.shape().dim(1);
        int k = transposeA ? a.shape().dim(0) : a.shape().dim(1);
        matmul.gemm(transposeA, transposeB, m, n, k, ptr("matmul", "a", a), a.shape().dim(1), ptr("matmul", "b", b),
                b.shape().dim(1), ptr("matmul", "out", out));
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        OpShapes.elementwise("add", a, b, out);
        OpAliasing.binary("add", a, b, out);
        enter();
        Jace.check("jace_add", jace_h.jace_add(ptr("add", "a", a), ptr("add", "b", b), ptr("add", "out", out),
                a.size(), s()));
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        OpShapes.elementwise("mul", a, b, out);
        OpAliasing.binary("mul", a, b, out);
        enter();
        Jace.check("jace_mul", jace_h.jace_mul(ptr("mul", "a", a), ptr("mul", "b", b), ptr("mul", "out", out),
                a.size(), s()));
    }

    @Override
    public void scale(Tensor a, float factor, Tensor out) {
        OpShapes.unary("scale", a, out);
        OpAliasing.scale(a, out);
        enter();
        Jace.check("jace_scale", jace_h.jace_scale(ptr("scale", "a", a), factor, ptr("scale", "out", out), a.size(),
                s()));
    }

    @Override
    public void scaleBy(Tensor a, Tensor factor, Tensor out) {
        OpShapes.scaleBy(a, factor, out);
        OpAliasing.scaleBy(a, factor, out);
        enter();
        Jace.check("jace_scale_by", jace_h.jace_scale_by(ptr("scaleBy", "a", a), ptr("scaleBy", "factor", factor),
                ptr("scaleBy", "out", out), a.size(), s()));
    }

    @Override
    public void axpySign(float alpha, Tensor x, Tensor y) {
        OpShapes.axpy(x, y);
        OpAliasing.axpy("axpySign", x, y);
        enter();
        Jace.check("jace_axpy_sign", jace_h.jace_axpy_sign(alpha, ptr("axpySign", "x", x), ptr("axpySign", "y", y),
                x.size(), s()));
    }

    @Override
    public void axpySign(DeviceScalar alpha, Tensor x, Tensor y) {
        OpShapes.axpy(x, y);
        OpAliasing.axpy("axpySign", x, y);
        enter();
        Jace.check("jace_axpy_sign_dev", jace_h.jace_axpy_sign_dev(ptr("axpySign", "alpha", alpha),
                ptr("axpySign", "x", x), ptr("axpySign", "y", y), x.size(), s()));
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        OpShapes.axpy(x, y);
        OpAliasing.axpy("axpy", x, y);
        enter();
        Jace.check("jace_axpy", jace_h.jace_axpy(alpha, ptr("axpy", "x", x), ptr("axpy", "y", y), x.size(), s()));
    }

    @Override
    public void axpy(DeviceScalar alpha, Tensor x, Tensor y) {
        OpShapes.axpy(x, y);
        OpAliasing.axpy("axpy", x, y);
        enter();
        Jace.check("jace_axpy_dev", jace_h.jace_axpy_dev(ptr("axpy", "alpha", alpha), ptr("axpy", "x", x),
                ptr("axpy", "y", y), x.size(), s()));
    }

    @Override
    public void addChannelBias(Tensor x, Tensor bias, Tensor out) {
        OpShapes.addChannelBias(x, bias, out);
        OpAliasing.addChannelBias(x, bias, out);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_add_channel_bias", jace_h.jace_add_channel_bias(ptr("addChannelBias", "x", x),
                ptr("addChannelBias", "bias", bias), ptr("addChannelBias", "out", out), sh.dim(0), sh.dim(1),
                sh.sizeFrom(2), s()));
    }

    @Override
    public void relu(Tensor x, Tensor out) {
        OpShapes.unary("relu", x, out);
        OpAliasing.relu(x, out);
        enter();
        Jace.check("jace_relu", jace_h.jace_relu(ptr("relu", "x", x), ptr("relu", "out", out), x.size(), s()));
    }

    @Override
    public void reluBackward(Tensor x, Tensor dy, Tensor dx) {
        OpShapes.reluBackward(x, dy, dx);
        OpAliasing.reluBackward(x, dy, dx);
        enter();
        Jace.check("jace_relu_backward", jace_h.jace_relu_backward(ptr("reluBackward", "x", x),
                ptr("reluBackward", "dy", dy), ptr("reluBackward", "dx", dx), x.size(), s()));
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor loss, Tensor dlogits) {
        OpShapes.softmaxCrossEntropy(logits, labels, loss, dlogits);
        OpAliasing.softmaxCrossEntropy(logits, labels, loss, dlogits);
        enter();
        String op = "softmaxCrossEntropy";
        Jace.check("jace_softmax_cross_entropy", jace_h.jace_softmax_cross_entropy(ptr(op, "logits", logits),
                ptr(op, "labels", labels), ptr(op, "loss", loss), ptr(op, "dlogits", dlogits),
                logits.shape().dim(0), logits.shape().dim(1), s()));
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void sum(Tensor x, Tensor out) {
        OpShapes.scalarOut("sum", out);
        OpAliasing.fromX("sum", x, out);
        enter();
        Jace.check("jace_sum", jace_h.jace_sum(ptr("sum", "x", x), x.size(), 1f, ptr("sum", "out", out), s()));
    }

    @Override
    public void mean(Tensor x, Tensor out) {
        OpShapes.scalarOut("mean", out);
        OpAliasing.fromX("mean", x, out);
        enter();
        Jace.check("jace_sum", jace_h.jace_sum(ptr("mean", "x", x), x.size(), (float) (1.0 / x.size()),
                ptr("mean", "out", out), s()));
    }

    @Override
    public void sumAxis(Tensor x, int axis, Tensor out) {
        reduceAxis("sumAxis", x, axis, out, false);
    }

    @Override
    public void meanAxis(Tensor x, int axis, Tensor out) {
        reduceAxis("meanAxis", x, axis, out, true);
    }

    private void reduceAxis(String op, Tensor x, int axis, Tensor out, boolean mean) {
        OpShapes.reduceAxis(op, x, axis, out);
        OpAliasing.fromX(op, x, out);
        enter();
        Shape sh = x.shape();
        int len = sh.dim(axis);
        int outer = sh.size() / sh.sizeFrom(axis);
        Jace.check("jace_sum_axis", jace_h.jace_sum_axis(ptr(op, "x", x), outer, len, sh.sizeFrom(axis + 1),
                mean ? (float) (1.0 / len) : 1f, ptr(op, "out", out), s()));
    }

    @Override
    public void channelSum(Tensor x, Tensor out) {
        OpShapes.channelSum(x, out);
        OpAliasing.fromX("channelSum", x, out);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_channel_sum", jace_h.jace_channel_sum(ptr("channelSum", "x", x), sh.dim(0), sh.dim(1),
                sh.sizeFrom(2), ptr("channelSum", "out", out), s()));
    }

    // ---------------------------------------------------------------- convolution and pooling

    @Override
    public void conv2d(Tensor x, Tensor w, Padding padding, Tensor out) {
        OpShapes.conv2d(x, w, padding, out);
        OpAliasing.convolution("conv2d", x, w, out);
        ConvGeometry g = ConvGeometry.of(x.shape(), w.shape(), padding);
        conv.checkSupported("conv2d", g);
        enter();
        conv.forward(ptr("conv2d", "x", x), ptr("conv2d", "w", w), ptr("conv2d", "out", out), g);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Padding padding, Tensor dx) {
        String op = "conv2dBackwardData";
        OpShapes.conv2dBackwardData(dy, w, padding, dx);
        OpAliasing.convolutionBackwardData(op, dy, w, dx);
        ConvGeometry g = ConvGeometry.of(dx.shape(), w.shape(), padding);
        conv.checkSupported(op, g);
        enter();
        conv.backwardData(ptr(op, "dy", dy), ptr(op, "w", w), ptr(op, "dx", dx), g);
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor dy, Padding padding, Tensor dw) {
        String op = "conv2dBackwardFilter";
        OpShapes.conv2dBackwardFilter(x, dy, padding, dw);
        OpAliasing.convolutionBackwardFilter(op, x, dy, dw);
        ConvGeometry g = ConvGeometry.of(x.shape(), dw.shape(), padding);
        conv.checkSupported(op, g);
        enter();
        conv.backwardFilter(ptr(op, "x", x), ptr(op, "dy", dy), ptr(op, "dw", dw), g);
    }

    private static int planes(Shape s) {
        return s.size() / (s.dim(-1) * s.dim(-2));
    }

    @Override
    public void maxPool2d(Tensor x, int window, int stride, Tensor out) {
        OpShapes.pool2d("maxPool2d", x, window, stride, out);
        OpAliasing.fromX("maxPool2d", x, out);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_max_pool2d", jace_h.jace_max_pool2d(ptr("maxPool2d", "x", x), ptr("maxPool2d", "out", out),
                planes(sh), sh.dim(-2), sh.dim(-1), window, stride, s()));
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor dy, int window, int stride, Tensor dx) {
        String op = "maxPool2dBackward";
        OpShapes.maxPool2dBackward(x, dy, window, stride, dx);
        OpAliasing.maxPool2dBackward(x, dy, dx);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_max_pool2d_backward", jace_h.jace_max_pool2d_backward(ptr(op, "x", x), ptr(op, "dy", dy),
                ptr(op, "dx", dx), planes(sh), sh.dim(-2), sh.dim(-1), window, stride, s()));
    }

    @Override
    public void avgPool2d(Tensor x, int window, int stride, Tensor out) {
        OpShapes.pool2d("avgPool2d", x, window, stride, out);
        OpAliasing.fromX("avgPool2d", x, out);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_avg_pool2d", jace_h.jace_avg_pool2d(ptr("avgPool2d", "x", x), ptr("avgPool2d", "out", out),
                planes(sh), sh.dim(-2), sh.dim(-1), window, stride, s()));
    }

    @Override
    public void avgPool2dBackward(Tensor dy, int window, int stride, Tensor dx) {
        String op = "avgPool2dBackward";
        OpShapes.avgPool2dBackward(dy, window, stride, dx);
        OpAliasing.avgPool2dBackward(dy, dx);
        enter();
        Shape sh = dx.shape();
        Jace.check("jace_avg_pool2d_backward", jace_h.jace_avg_pool2d_backward(ptr(op, "dy", dy), ptr(op, "dx", dx),
                planes(sh), sh.dim(-2), sh.dim(-1), window, stride, s()));
    }

    // ---------------------------------------------------------------- batch norm

    @Override
    public void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               float momentum, float eps, Tensor out, Tensor saveMean, Tensor saveInvStd) {
        String op = "batchNormTrain";
        OpShapes.batchNormTrain(x, gamma, beta, runningMean, runningVar, momentum, eps, out, saveMean, saveInvStd);
        OpAliasing.batchNormTrain(x, gamma, beta, runningMean, runningVar, out, saveMean, saveInvStd);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_batch_norm_train", jace_h.jace_batch_norm_train(ptr(op, "x", x), ptr(op, "gamma", gamma),
                ptr(op, "beta", beta), ptr(op, "runningMean", runningMean), ptr(op, "runningVar", runningVar),
                momentum, eps, ptr(op, "out", out), ptr(op, "saveMean", saveMean),
                ptr(op, "saveInvStd", saveInvStd), sh.dim(0), sh.dim(1), sh.sizeFrom(2), s()));
    }

    @Override
    public void batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps,
                              Tensor out) {
        String op = "batchNormEval";
        OpShapes.batchNormEval(x, gamma, beta, runningMean, runningVar, eps, out);
        OpAliasing.batchNormEval(x, gamma, beta, runningMean, runningVar, out);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_batch_norm_eval", jace_h.jace_batch_norm_eval(ptr(op, "x", x), ptr(op, "gamma", gamma),
                ptr(op, "beta", beta), ptr(op, "runningMean", runningMean), ptr(op, "runningVar", runningVar), eps,
                ptr(op, "out", out), sh.dim(0), sh.dim(1), sh.sizeFrom(2), s()));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd, Tensor dx,
                                  Tensor dgamma, Tensor dbeta) {
        String op = "batchNormBackward";
        OpShapes.batchNormBackward(x, dy, gamma, saveMean, saveInvStd, dx, dgamma, dbeta);
        OpAliasing.batchNormBackward(x, dy, gamma, saveMean, saveInvStd, dx, dgamma, dbeta);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_batch_norm_backward", jace_h.jace_batch_norm_backward(ptr(op, "x", x), ptr(op, "dy", dy),
                ptr(op, "gamma", gamma), ptr(op, "saveMean", saveMean), ptr(op, "saveInvStd", saveInvStd),
                ptr(op, "dx", dx), ptr(op, "dgamma", dgamma), ptr(op, "dbeta", dbeta), sh.dim(0), sh.dim(1),
                sh.sizeFrom(2), s()));
    }

    // ---------------------------------------------------------------- optimizers

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay) {
        String op = "sgdStep";
        OpShapes.sgdStep(param, grad, velocity, lr, momentum, weightDecay);
        OpAliasing.sgdStep(param, grad, velocity);
        enter();
        Jace.check("jace_sgd_step", jace_h.jace_sgd_step(ptr(op, "param", param), ptr(op, "grad", grad),
                ptr(op, "velocity", velocity), param.size(), lr, momentum, weightDecay, s()));
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, DeviceScalar lr, float momentum,
                        float weightDecay) {
        String op = "sgdStep";
        OpShapes.sgdStep(param, grad, velocity, momentum, weightDecay);
        OpAliasing.sgdStep(param, grad, velocity);
        enter();
        Jace.check("jace_sgd_step_dev", jace_h.jace_sgd_step_dev(ptr(op, "param", param), ptr(op, "grad", grad),
                ptr(op, "velocity", velocity), param.size(), ptr(op, "lr", lr), momentum, weightDecay, s()));
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                         float weightDecay, int step) {
        String op = "adamStep";
        OpShapes.adamStep(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
        OpAliasing.adamStep(param, grad, m, v);
        enter();
        Jace.check("jace_adam_step", jace_h.jace_adam_step(ptr(op, "param", param), ptr(op, "grad", grad),
                ptr(op, "m", m), ptr(op, "v", v), param.size(), lr, beta1, beta2, eps, weightDecay, step, s()));
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, DeviceScalar lr, DeviceScalar correction1,
                         DeviceScalar correction2, float beta1, float beta2, float eps, float weightDecay) {
        String op = "adamStep";
        OpShapes.adamStep(param, grad, m, v, beta1, beta2, eps, weightDecay);
        OpAliasing.adamStep(param, grad, m, v);
        enter();
        Jace.check("jace_adam_step_dev", jace_h.jace_adam_step_dev(ptr(op, "param", param), ptr(op, "grad", grad),
                ptr(op, "m", m), ptr(op, "v", v), param.size(), ptr(op, "lr", lr), ptr(op, "correction1", correction1),
                ptr(op, "correction2", correction2), beta1, beta2, eps, weightDecay, s()));
    }

    // ---------------------------------------------------------------- group operations

    private static int rep(FeatureRep rep) {
        return switch (rep) {
            case INVARIANT -> jace_h.JACE_REP_INVARIANT();
            case IMAGE -> jace_h.JACE_REP_IMAGE();
            case GROUP_MAP -> jace_h.JACE_REP_GROUP_MAP();
        };
    }

    /** (n, c, h, w) of a feature tensor as jace.h's rep-based functions want them. */
    private static int[] repDims(Shape s, FeatureRep rep) {
        return switch (rep) {
            case INVARIANT -> new int[] {s.dim(0), s.sizeFrom(1), 1, 1};
            case IMAGE -> new int[] {s.dim(0), s.dim(1), s.dim(2), s.dim(3)};
            case GROUP_MAP -> new int[] {s.dim(0), s.dim(1), s.dim(3), s.dim(4)};
        };
    }

    @Override
    public void groupAction(Tensor x, GroupTable group, int[] elements, FeatureRep rep, Tensor out) {
        GroupOpShapes.groupAction(x, group, elements, rep, out);
        OpAliasing.fromX("groupAction", x, out);
        enter();
        int[] d = repDims(x.shape(), rep);
        try (Arena call = Arena.ofConfined()) {
            Jace.check("jace_group_action", jace_h.jace_group_action(ptr("groupAction", "x", x),
                    ptr("groupAction", "out", out), groups.of(group), call.allocateFrom(ValueLayout.JAVA_INT, elements),
                    elements.length, rep(rep), d[0], d[1], d[2], d[3], s()));
        }
    }

    private static ConvGeometry groupGeometry(Shape x, Shape w, Padding padding) {
        int k = w.dim(4);
        return new ConvGeometry(x.dim(0), x.dim(1), w.dim(0), x.dim(3), x.dim(4), k, k, padding.before(k),
                padding.before(k));
    }

    private void groupConvolution(GroupConvOp op, String opName, String[] names, Tensor first, Tensor second,
                                  Tensor out, GroupTable group, Padding padding, ConvGeometry g) {
        enter();
        MemorySegment a = ptr(opName, names[0], first);
        MemorySegment b = ptr(opName, names[1], second);
        MemorySegment o = ptr(opName, names[2], out);
        MemorySegment table = groups.of(group);
        int order = group.order();
        Runnable runDirect = () -> direct.run(op, a, b, o, table, order, g);
        Runnable runExpanded = () -> expanded.run(op, a, b, o, table, order, g);
        switch (options.groupConv()) {
            case DIRECT -> runDirect.run();
            case EXPANDED -> runExpanded.run();
            case AUTO -> {
                GroupConvKey key = new GroupConvKey(op, first.shape(), second.shape(), order, padding,
                        options.precision());
                if (capturing == Thread.currentThread() && !autotuner.hasChoice(key)) {
                    // Timing waits on events, which a capture cannot hold, and would record both algorithms.
                    throw new IllegalStateException(opName + " of a shape not seen before inside captured work: the"
                            + " group convolution autotuner times both algorithms on the host; run the same work once"
                            + " before capture() (the choice is kept per shape), or choose an algorithm"
                            + " (CudaOptions.withGroupConv)");
                }
                autotuner.run(key, runDirect, runExpanded);
            }
        }
    }

    private static final String[] FORWARD = {"x", "w", "out"};
    private static final String[] BACKWARD_DATA = {"dy", "w", "dx"};
    private static final String[] BACKWARD_FILTER = {"x", "dy", "dw"};

    @Override
    public void liftingConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        GroupOpShapes.liftingConv(x, w, group, padding, out);
        OpAliasing.convolution("liftingConv", x, w, out);
        groupConvolution(GroupConvOp.LIFTING_FORWARD, "liftingConv", FORWARD, x, w, out, group, padding,
                ConvGeometry.of(x.shape(), w.shape(), padding));
    }

    @Override
    public void liftingConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        GroupOpShapes.liftingConvBackwardData(dy, w, group, padding, dx);
        OpAliasing.convolutionBackwardData("liftingConvBackwardData", dy, w, dx);
        groupConvolution(GroupConvOp.LIFTING_BACKWARD_DATA, "liftingConvBackwardData", BACKWARD_DATA, dy, w, dx,
                group, padding, ConvGeometry.of(dx.shape(), w.shape(), padding));
    }

    @Override
    public void liftingConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        GroupOpShapes.liftingConvBackwardFilter(x, dy, group, padding, dw);
        OpAliasing.convolutionBackwardFilter("liftingConvBackwardFilter", x, dy, dw);
        groupConvolution(GroupConvOp.LIFTING_BACKWARD_FILTER, "liftingConvBackwardFilter", BACKWARD_FILTER, x, dy,
                dw, group, padding, ConvGeometry.of(x.shape(), dw.shape(), padding));
    }

    @Override
    public void groupConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        GroupOpShapes.groupConv(x, w, group, padding, out);
        OpAliasing.convolution("groupConv", x, w, out);
        groupConvolution(GroupConvOp.GROUP_FORWARD, "groupConv", FORWARD, x, w, out, group, padding,
                groupGeometry(x.shape(), w.shape(), padding));
    }

    @Override
    public void groupConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        GroupOpShapes.groupConvBackwardData(dy, w, group, padding, dx);
        OpAliasing.convolutionBackwardData("groupConvBackwardData", dy, w, dx);
        groupConvolution(GroupConvOp.GROUP_BACKWARD_DATA, "groupConvBackwardData", BACKWARD_DATA, dy, w, dx, group,
                padding, groupGeometry(dx.shape(), w.shape(), padding));
    }

    @Override
    public void groupConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        GroupOpShapes.groupConvBackwardFilter(x, dy, group, padding, dw);
        OpAliasing.convolutionBackwardFilter("groupConvBackwardFilter", x, dy, dw);
        groupConvolution(GroupConvOp.GROUP_BACKWARD_FILTER, "groupConvBackwardFilter", BACKWARD_FILTER, x, dy, dw,
                group, padding, groupGeometry(x.shape(), dw.shape(), padding));
    }

    @Override
    public void expandLiftingFilter(Tensor w, GroupTable group, Tensor out) {
        String op = "expandLiftingFilter";
        GroupOpShapes.expandLiftingFilter(w, group, out);
        OpAliasing.expandFilter(op, w, out);
        enter();
        Shape sh = w.shape();
        Jace.check("jace_expand_lifting_filter", jace_h.jace_expand_lifting_filter(ptr(op, "w", w),
                ptr(op, "out", out), groups.of(group), sh.dim(0), sh.dim(1), sh.dim(2), s()));
    }

    @Override
    public void expandLiftingFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        String op = "expandLiftingFilterAdjoint";
        GroupOpShapes.expandLiftingFilterAdjoint(dExpanded, group, dw);
        OpAliasing.expandFilterAdjoint(op, dExpanded, dw);
        enter();
        Shape sh = dw.shape();
        Jace.check("jace_expand_lifting_filter_adjoint", jace_h.jace_expand_lifting_filter_adjoint(
                ptr(op, "dExpanded", dExpanded), ptr(op, "dw", dw), groups.of(group), sh.dim(0), sh.dim(1),
                sh.dim(2), s()));
    }

    @Override
    public void expandGroupFilter(Tensor w, GroupTable group, Tensor out) {
        String op = "expandGroupFilter";
        GroupOpShapes.expandGroupFilter(w, group, out);
        OpAliasing.expandFilter(op, w, out);
        enter();
        Shape sh = w.shape();
        Jace.check("jace_expand_group_filter", jace_h.jace_expand_group_filter(ptr(op, "w", w), ptr(op, "out", out),
                groups.of(group), sh.dim(0), sh.dim(1), sh.dim(3), s()));
    }

    @Override
    public void expandGroupFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        String op = "expandGroupFilterAdjoint";
        GroupOpShapes.expandGroupFilterAdjoint(dExpanded, group, dw);
        OpAliasing.expandFilterAdjoint(op, dExpanded, dw);
        enter();
        Shape sh = dw.shape();
        Jace.check("jace_expand_group_filter_adjoint", jace_h.jace_expand_group_filter_adjoint(
                ptr(op, "dExpanded", dExpanded), ptr(op, "dw", dw), groups.of(group), sh.dim(0), sh.dim(1),
                sh.dim(3), s()));
    }

    private static int pool(PoolMode mode) {
        return mode == PoolMode.MAX ? jace_h.JACE_POOL_MAX() : jace_h.JACE_POOL_MEAN();
    }

    @Override
    public void groupPool(Tensor x, PoolMode mode, Tensor out) {
        GroupOpShapes.groupPool(x, mode, out);
        OpAliasing.fromX("groupPool", x, out);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_group_pool", jace_h.jace_group_pool(ptr("groupPool", "x", x), ptr("groupPool", "out", out),
                sh.dim(0), sh.dim(1), sh.dim(2), sh.dim(3) * sh.dim(4), pool(mode), s()));
    }

    @Override
    public void groupPoolBackward(Tensor x, Tensor dy, PoolMode mode, Tensor dx) {
        String op = "groupPoolBackward";
        GroupOpShapes.groupPoolBackward(x, dy, mode, dx);
        OpAliasing.groupPoolBackward(x, dy, mode, dx);
        enter();
        Shape sh = x.shape();
        Jace.check("jace_group_pool_backward", jace_h.jace_group_pool_backward(ptr(op, "x", x), ptr(op, "dy", dy),
                ptr(op, "dx", dx), sh.dim(0), sh.dim(1), sh.dim(2), sh.dim(3) * sh.dim(4), pool(mode), s()));
    }

    @Override
    public void equivarianceDeviation(Tensor fgx, Tensor fx, GroupTable group, int[] elements, FeatureRep rep,
                                      Tensor deviation, Tensor norm) {
        String op = "equivarianceDeviation";
        GroupOpShapes.equivarianceDeviation(fgx, fx, group, elements, rep, deviation, norm);
        OpAliasing.equivarianceDeviation(fgx, fx, deviation, norm);
        enter();
        int[] d = repDims(fx.shape(), rep);
        try (Arena call = Arena.ofConfined()) {
            Jace.check("jace_equivariance_deviation", jace_h.jace_equivariance_deviation(ptr(op, "fgx", fgx),
                    ptr(op, "fx", fx), groups.of(group), call.allocateFrom(ValueLayout.JAVA_INT, elements),
                    elements.length, rep(rep), d[0], d[1], d[2], d[3], ptr(op, "deviation", deviation),
                    ptr(op, "norm", norm), s()));
        }
    }

    /** The rows of a relative-deviation weight op as a native array (NULL when there are none). */
    private static MemorySegment rows(Arena call, int[] rows) {
        return rows.length == 0 ? MemorySegment.NULL : call.allocateFrom(ValueLayout.JAVA_INT, rows);
    }

    @Override
    public void relativeDeviationWeights(Tensor deviation, Tensor norm, int[] rows, double scale, double eps,
                                         Tensor dDeviation, Tensor dNorm) {
        String op = "relativeDeviationWeights";
        OpShapes.relativeDeviationWeights(deviation, norm, rows, dDeviation, dNorm);
        OpAliasing.relativeDeviationWeights(deviation, norm, dDeviation, dNorm);
        enter();
        try (Arena call = Arena.ofConfined()) {
            Jace.check("jace_relative_deviation_weights", jace_h.jace_relative_deviation_weights(
                    ptr(op, "deviation", deviation), ptr(op, "norm", norm), deviation.shape().dim(0),
                    deviation.shape().dim(1), rows(call, rows), rows.length, scale, eps,
                    ptr(op, "dDeviation", dDeviation), ptr(op, "dNorm", dNorm), s()));
        }
    }

    @Override
    public void relativeDeviationWeights(Tensor deviation, Tensor norm, int[] rows, DeviceScalar weight,
                                         double divisor, double eps, Tensor dDeviation, Tensor dNorm) {
        String op = "relativeDeviationWeights";
        OpShapes.relativeDeviationWeights(deviation, norm, rows, dDeviation, dNorm);
        OpAliasing.relativeDeviationWeights(deviation, norm, dDeviation, dNorm);
        enter();
        try (Arena call = Arena.ofConfined()) {
            Jace.check("jace_relative_deviation_weights_dev", jace_h.jace_relative_deviation_weights_dev(
                    ptr(op, "deviation", deviation), ptr(op, "norm", norm), deviation.shape().dim(0),
                    deviation.shape().dim(1), rows(call, rows), rows.length, ptr(op, "weight", weight), divisor, eps,
                    ptr(op, "dDeviation", dDeviation), ptr(op, "dNorm", dNorm), s()));
        }
    }

    @Override
    public void relativeDeviationMean(Tensor deviation, Tensor norm, int[] rows, double divisor, double eps,
                                      DeviceScalar out) {
        String op = "relativeDeviationMean";
        OpShapes.relativeDeviationMean(deviation, norm, rows);
        enter();
        try (Arena call = Arena.ofConfined()) {
            Jace.check("jace_relative_deviation_mean", jace_h.jace_relative_deviation_mean(
                    ptr(op, "deviation", deviation), ptr(op, "norm", norm), deviation.shape().dim(0),
                    deviation.shape().dim(1), rows(call, rows), rows.length, divisor, eps, ptr(op, "out", out), s()));
        }
    }

    @Override
    public void sumToScalar(List<Tensor> parts, boolean absolute, double scale, DeviceScalar out) {
        String op = "sumToScalar";
        OpShapes.sumToScalar(parts);
        enter();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment addresses = call.allocate(ValueLayout.ADDRESS, parts.size());
            for (int j = 0; j < parts.size(); j++) {
                addresses.setAtIndex(ValueLayout.ADDRESS, j, ptr(op, "parts[" + j + "]", parts.get(j)));
            }
            Jace.check("jace_sum_to_scalar", jace_h.jace_sum_to_scalar(addresses, parts.size(), absolute ? 1 : 0,
                    scale, ptr(op, "out", out), s()));
        }
    }

    @Override
    public void dualUpdate(DeviceScalars plan, DeviceScalars state, int terms) {
        String op = "dualUpdate";
        OpShapes.dualUpdate(plan, state, terms);
        enter();
        Jace.check("jace_dual_update", jace_h.jace_dual_update(ptr(op, "plan", plan), ptr(op, "state", state), terms,
                s()));
    }

    @Override
    public void equivarianceDeviationBackward(Tensor fgx, Tensor fx, GroupTable group, int[] elements,
                                              FeatureRep rep, Tensor dDeviation, Tensor dNorm, Tensor dFgx,
                                              Tensor dFx) {
        String op = "equivarianceDeviationBackward";
        GroupOpShapes.equivarianceDeviationBackward(fgx, fx, group, elements, rep, dDeviation, dNorm, dFgx, dFx);
        OpAliasing.equivarianceDeviationBackward(fgx, fx, dDeviation, dNorm, dFgx, dFx);
        enter();
        int[] d = repDims(fx.shape(), rep);
        try (Arena call = Arena.ofConfined()) {
            Jace.check("jace_equivariance_deviation_backward", jace_h.jace_equivariance_deviation_backward(
                    ptr(op, "fgx", fgx), ptr(op, "fx", fx), groups.of(group),
                    call.allocateFrom(ValueLayout.JAVA_INT, elements), elements.length, rep(rep), d[0], d[1], d[2],
                    d[3], ptr(op, "dDeviation", dDeviation), dNorm == null ? MemorySegment.NULL
                            : ptr(op, "dNorm", dNorm), ptr(op, "dFgx", dFgx), ptr(op, "dFx", dFx), s()));
        }
    }

    // ---------------------------------------------------------------- lifetime

    /**
     * Waits for queued work, then destroys the graphs captured and not closed yet (a later {@link CapturedWork#close}
     * of one does nothing) and releases the cuDNN plans and handle, the cuBLAS handle, the timing events, the pinned
     * staging buffer, upload and read slots (reads still pending keep their values), all device memory (tensors and
     * device scalars still open become unusable) and the stream. Safe to call twice; throws the first failure after
     * releasing everything it can. Refused with {@link IllegalStateException}, releasing nothing, while a
     * capture runs (inside its work, or from another thread): it would invalidate the capture and free the stream and
     * memory being captured.
     */
    @Override
    public void close() {
        refuseWhileCapturing("close");
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Jace.check("jace_set_device", jace_h.jace_set_device(options.device()));
            stream.synchronize();
        } catch (RuntimeException e) {
            throw closeAfter(e);
        }
        try {
            resources.close();
        } finally {
            arena.close();
        }
    }

    /** Closes every owned resource (newest first) and the arena after {@code failure}; returns it to be thrown. */
    private RuntimeException closeAfter(RuntimeException failure) {
        resources.closeAfter(failure);
        arena.close();
        return failure;
    }
}
