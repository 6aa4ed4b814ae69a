package dev.jace.backend.cpu;

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
import dev.jace.backend.Padding;
import dev.jace.backend.PendingRead;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain-Java backend: the float64-checked oracle for the CUDA backend and the default when no GPU is present.
 * Tensors are heap segments over {@code float[]}; ops are multi-threaded over batch/channels and deterministic.
 * Each op family lives in its own class; this class only routes. The threads are the JVM's available processors,
 * shared by every CpuBackend of the process: {@code -XX:ActiveProcessorCount=N} limits them.
 *
 * <p>Every op goes through {@code run}, which executes it now or, while this thread {@linkplain #capture captures},
 * appends it to the recording that each replay runs, as a CUDA graph would. An op reads everything it depends on
 * (tensor contents and {@code DeviceScalar} values) when it executes, never when it is called; its shapes and the C
 * ABI's memory rule ({@link OpAliasing}: which outputs may be their inputs) are checked and the host arrays it takes
 * are copied when it is called. The checks are the CUDA backend's, so an op it would refuse is refused here too, with
 * the same exception and message. As each CUDA backend, each CPU backend computes only on its own tensors (and on
 * tensors wrapped over a whole {@code float[]} by their user), and its tensors read as closed once it is.
 */
public final class CpuBackend implements Backend {

    public static final String DEVICE = "cpu";

    /** Ops recorded by a capture and the tensors and device scalars they use. */
    private record Recording(List<Runnable> ops, CapturedResources uses) {
        Recording() {
            this(new ArrayList<>(), new CapturedResources());
        }
    }

    private static final AtomicInteger CREATED = new AtomicInteger();

    private final int serial = CREATED.incrementAndGet();
    /** Holds no memory: its end closes this backend's tensors, as a CUDA backend's arena closes its tensors. */
    private final Arena lifetime = Arena.ofShared();
    /** The recording of this thread's capture in progress, or null. */
    private final ThreadLocal<Recording> recording = new ThreadLocal<>();
    /** Nothing to release, but a closed backend refuses work as the CUDA one does, so misuse shows on the CPU too. */
    private volatile boolean closed;

    /**
     * The float array behind a CPU tensor (throws for tensors of other backends, closed tensors, and tensors over
     * part of an array, as ops compute on the whole array).
     */
    static float[] array(Tensor t) {
        MemorySegment segment = t.data();
        if (!DEVICE.equals(t.device()) || segment.heapBase().isEmpty()
                || !(segment.heapBase().get() instanceof float[] values)) {
            throw new IllegalArgumentException("tensor " + t + " does not belong to the CPU backend");
        }
        if (segment.address() != 0 || segment.byteSize() != (long) values.length * Float.BYTES) {
            long first = segment.address() / Float.BYTES;
            throw new IllegalArgumentException("tensor " + t + " covers part of a " + values.length
                    + "-float array (floats " + first + " to " + (first + t.size() - 1) + "), and the CPU backend "
                    + "computes on whole arrays: wrap a whole float[] (MemorySegment.ofArray) of the tensor's size");
        }
        return values;
    }

    @Override
    public String name() {
        return name(Runtime.getRuntime().availableProcessors());
    }

    /** The matrix kernel under the convolutions and matmul, e.g. whether it has the Vector API's tiles here. */
    public String gemmKernel() {
        return CpuGemm.kernel();
    }

    static String name(int threads) {
        return "cpu (" + threads + (threads == 1 ? " thread)" : " threads)");
    }

    @Override
    public Tensor allocate(Shape shape) {
        refuseWhileRecording("allocate");
        return Tensor.wrap(shape, MemorySegment.ofArray(new float[shape.size()]), DEVICE, this, lifetime.scope(),
                () -> { });
    }

    @Override
    public Tensor upload(float[] values, Shape shape) {
        OpShapes.upload(values, shape);
        refuseWhileRecording("upload");
        return Tensor.wrap(shape, MemorySegment.ofArray(values.clone()), DEVICE, this, lifetime.scope(), () -> { });
    }

    @Override
    public void copyIn(float[] values, Tensor target) {
        OpShapes.copyIn(values, target);
        refuseWhileRecording("copyIn");
        System.arraycopy(values, 0, own(target), 0, values.length);
    }

    @Override
    public float[] download(Tensor t) {
        refuseWhileRecording("download");
        return own(t).clone();
    }

    /** Copies now: the CPU backend has no work in flight. */
    @Override
    public PendingRead<float[]> readLater(Tensor t) {
        refuseWhileRecording("readLater");
        float[] values = own(t).clone();
        return () -> values;
    }

    @Override
    public CapturedWork capture(Runnable work) {
        refuseNesting("capture");
        Recording r = new Recording();
        recording.set(r);
        try {
            work.run();
        } finally {
            recording.remove();
        }
        return new CpuCapturedWork(this, r.ops(), r.uses());
    }

    void refuseNesting(String call) {
        if (recording.get() != null) {
            throw new IllegalStateException(call + " inside captured work: captures do not nest");
        }
    }

    void refuseWhileRecording(String call) {
        checkOpen(call);
        if (recording.get() != null) {
            throw CapturedWork.refused(call);
        }
    }

    /**
     * Runs {@code op} now, or records it while this thread captures. {@code uses} are the tensors it reads or writes
     * (null for an absent optional argument), which a replay checks are still open.
     */
    private void run(Runnable op, Tensor... uses) {
        checkOpen("an op");
        for (Tensor t : uses) {
            if (t != null) {
                own(t); // refused now, as CUDA refuses it when called, not first at replay
            }
        }
        Recording r = recording.get();
        if (r == null) {
            op.run();
            return;
        }
        r.ops().add(op);
        for (Tensor t : uses) {
            if (t != null) {
                r.uses().add(t);
            }
        }
    }

    /** The float array behind {@code t}, which must not be another backend's tensor. */
    private float[] own(Tensor t) {
        if (t.issuer() != null && t.issuer() != this) {
            throw new IllegalArgumentException("tensor " + t + " belongs to " + t.issuer() + ", not to " + this
                    + ": each backend computes only on its own tensors, so use a tensor with the backend that made it,"
                    + " or download it and upload its values to this one");
        }
        return array(t);
    }

    /** A block whose values ops read when they execute (each replay of captured work reads the published ones). */
    @Override
    public DeviceScalars scalars(int count) {
        OpShapes.scalars(count);
        refuseWhileRecording("scalars");
        return new CpuScalars(this, count);
    }

    /**
     * Checks that {@code scalar} is an open value of this backend (ops read or write it later, when they execute), and
     * while recording notes its block among the resources the recording uses.
     */
    private void own(String op, String argument, DeviceScalar scalar) {
        own(op, argument, scalar.block());
    }

    /** {@link #own(String, String, DeviceScalar)} for a whole block; returns it as this backend's. */
    private CpuScalars own(String op, String argument, DeviceScalars scalars) {
        if (!(scalars instanceof CpuScalars block) || !block.belongsTo(this)) {
            throw new IllegalArgumentException(op + ": " + argument + " is a device scalar of another backend");
        }
        block.requireOpen();
        Recording r = recording.get();
        if (r != null) {
            r.uses().add(block);
        }
        return block;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        OpShapes.sameSize("copy", src, dst);
        OpAliasing.copy(src, dst);
        run(() -> System.arraycopy(array(src), 0, array(dst), 0, src.size()), src, dst);
    }

    @Override
    public void fill(Tensor t, float value) {
        run(() -> Arrays.fill(array(t), value), t);
    }

    @Override
    public void synchronize() {
        refuseWhileRecording("synchronize");
    }

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        OpShapes.matmul(a, transposeA, b, transposeB, out);
        OpAliasing.matmul(a, b, out);
        run(() -> CpuLinalg.matmul(a, transposeA, b, transposeB, out), a, b, out);
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        OpShapes.elementwise("add", a, b, out);
        OpAliasing.binary("add", a, b, out);
        run(() -> CpuElementwise.add(a, b, out), a, b, out);
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        OpShapes.elementwise("mul", a, b, out);
        OpAliasing.binary("mul", a, b, out);
        run(() -> CpuElementwise.mul(a, b, out), a, b, out);
    }

    @Override
    public void scale(Tensor a, float s, Tensor out) {
        OpShapes.unary("scale", a, out);
        OpAliasing.scale(a, out);
        run(() -> CpuElementwise.scale(a, s, out), a, out);
    }

    @Override
    public void scaleBy(Tensor a, Tensor factor, Tensor out) {
        OpShapes.scaleBy(a, factor, out);
        OpAliasing.scaleBy(a, factor, out);
        run(() -> CpuElementwise.scaleBy(a, factor, out), a, factor, out);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        OpShapes.axpy(x, y);
        OpAliasing.axpy("axpy", x, y);
        run(() -> CpuElementwise.axpy(alpha, x, y), x, y);
    }

    @Override
    public void axpy(DeviceScalar alpha, Tensor x, Tensor y) {
        OpShapes.axpy(x, y);
        own("axpy", "alpha", alpha);
        OpAliasing.axpy("axpy", x, y);
        run(() -> CpuElementwise.axpy(alpha, x, y), x, y);
    }

    @Override
    public void axpySign(float alpha, Tensor x, Tensor y) {
        OpShapes.axpy(x, y);
        OpAliasing.axpy("axpySign", x, y);
        run(() -> CpuElementwise.axpySign(alpha, x, y), x, y);
    }

    @Override
    public void axpySign(DeviceScalar alpha, Tensor x, Tensor y) {
        OpShapes.axpy(x, y);
        own("axpySign", "alpha", alpha);
        OpAliasing.axpy("axpySign", x, y);
        run(() -> CpuElementwise.axpySign(alpha, x, y), x, y);
    }

    @Override
    public void addChannelBias(Tensor x, Tensor bias, Tensor out) {
        OpShapes.addChannelBias(x, bias, out);
        OpAliasing.addChannelBias(x, bias, out);
        run(() -> CpuElementwise.addChannelBias(x, bias, out), x, bias, out);
    }

    @Override
    public void relu(Tensor x, Tensor out) {
        OpShapes.unary("relu", x, out);
        OpAliasing.relu(x, out);
        run(() -> CpuElementwise.relu(x, out), x, out);
    }

    @Override
    public void reluBackward(Tensor x, Tensor dy, Tensor dx) {
        OpShapes.reluBackward(x, dy, dx);
        OpAliasing.reluBackward(x, dy, dx);
        run(() -> CpuElementwise.reluBackward(x, dy, dx), x, dy, dx);
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor loss, Tensor dlogits) {
        OpShapes.softmaxCrossEntropy(logits, labels, loss, dlogits);
        OpAliasing.softmaxCrossEntropy(logits, labels, loss, dlogits);
        run(() -> CpuLoss.softmaxCrossEntropy(logits, labels, loss, dlogits), logits, labels, loss, dlogits);
    }

    @Override
    public void sum(Tensor x, Tensor out) {
        OpShapes.scalarOut("sum", out);
        OpAliasing.fromX("sum", x, out);
        run(() -> CpuReduce.sum(x, out), x, out);
    }

    @Override
    public void mean(Tensor x, Tensor out) {
        OpShapes.scalarOut("mean", out);
        OpAliasing.fromX("mean", x, out);
        run(() -> CpuReduce.mean(x, out), x, out);
    }

    @Override
    public void sumAxis(Tensor x, int axis, Tensor out) {
        OpShapes.reduceAxis("sumAxis", x, axis, out);
        OpAliasing.fromX("sumAxis", x, out);
        run(() -> CpuReduce.sumAxis(x, axis, out), x, out);
    }

    @Override
    public void meanAxis(Tensor x, int axis, Tensor out) {
        OpShapes.reduceAxis("meanAxis", x, axis, out);
        OpAliasing.fromX("meanAxis", x, out);
        run(() -> CpuReduce.meanAxis(x, axis, out), x, out);
    }

    @Override
    public void channelSum(Tensor x, Tensor out) {
        OpShapes.channelSum(x, out);
        OpAliasing.fromX("channelSum", x, out);
        run(() -> CpuReduce.channelSum(x, out), x, out);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Padding padding, Tensor out) {
        OpShapes.conv2d(x, w, padding, out);
        OpAliasing.convolution("conv2d", x, w, out);
        run(() -> CpuConv2d.forward(x, w, padding, out), x, w, out);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Padding padding, Tensor dx) {
        OpShapes.conv2dBackwardData(dy, w, padding, dx);
        OpAliasing.convolutionBackwardData("conv2dBackwardData", dy, w, dx);
        run(() -> CpuConv2d.backwardData(dy, w, padding, dx), dy, w, dx);
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor dy, Padding padding, Tensor dw) {
        OpShapes.conv2dBackwardFilter(x, dy, padding, dw);
        OpAliasing.convolutionBackwardFilter("conv2dBackwardFilter", x, dy, dw);
        run(() -> CpuConv2d.backwardFilter(x, dy, padding, dw), x, dy, dw);
    }

    @Override
    public void maxPool2d(Tensor x, int window, int stride, Tensor out) {
        OpShapes.pool2d("maxPool2d", x, window, stride, out);
        OpAliasing.fromX("maxPool2d", x, out);
        run(() -> CpuPool2d.max(x, window, stride, out), x, out);
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor dy, int window, int stride, Tensor dx) {
        OpShapes.maxPool2dBackward(x, dy, window, stride, dx);
        OpAliasing.maxPool2dBackward(x, dy, dx);
        run(() -> CpuPool2d.maxBackward(x, dy, window, stride, dx), x, dy, dx);
    }

    @Override
    public void avgPool2d(Tensor x, int window, int stride, Tensor out) {
        OpShapes.pool2d("avgPool2d", x, window, stride, out);
        OpAliasing.fromX("avgPool2d", x, out);
        run(() -> CpuPool2d.avg(x, window, stride, out), x, out);
    }

    @Override
    public void avgPool2dBackward(Tensor dy, int window, int stride, Tensor dx) {
        OpShapes.avgPool2dBackward(dy, window, stride, dx);
        OpAliasing.avgPool2dBackward(dy, dx);
        run(() -> CpuPool2d.avgBackward(dy, window, stride, dx), dy, dx);
    }

    @Override
    public void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               float momentum, float eps, Tensor out, Tensor saveMean, Tensor saveInvStd) {
        OpShapes.batchNormTrain(x, gamma, beta, runningMean, runningVar, momentum, eps, out, saveMean, saveInvStd);
        OpAliasing.batchNormTrain(x, gamma, beta, runningMean, runningVar, out, saveMean, saveInvStd);
        run(() -> CpuBatchNorm.train(x, gamma, beta, runningMean, runningVar, momentum, eps, out, saveMean, saveInvStd),
                x, gamma, beta, runningMean, runningVar, out, saveMean, saveInvStd);
    }

    @Override
    public void batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                              float eps, Tensor out) {
        OpShapes.batchNormEval(x, gamma, beta, runningMean, runningVar, eps, out);
        OpAliasing.batchNormEval(x, gamma, beta, runningMean, runningVar, out);
        run(() -> CpuBatchNorm.eval(x, gamma, beta, runningMean, runningVar, eps, out),
                x, gamma, beta, runningMean, runningVar, out);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        OpShapes.batchNormBackward(x, dy, gamma, saveMean, saveInvStd, dx, dgamma, dbeta);
        OpAliasing.batchNormBackward(x, dy, gamma, saveMean, saveInvStd, dx, dgamma, dbeta);
        run(() -> CpuBatchNorm.backward(x, dy, gamma, saveMean, saveInvStd, dx, dgamma, dbeta),
                x, dy, gamma, saveMean, saveInvStd, dx, dgamma, dbeta);
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay) {
        OpShapes.sgdStep(param, grad, velocity, lr, momentum, weightDecay);
        OpAliasing.sgdStep(param, grad, velocity);
        run(() -> CpuOptim.sgd(param, grad, velocity, lr, momentum, weightDecay), param, grad, velocity);
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, DeviceScalar lr, float momentum,
                        float weightDecay) {
        OpShapes.sgdStep(param, grad, velocity, momentum, weightDecay);
        own("sgdStep", "lr", lr);
        OpAliasing.sgdStep(param, grad, velocity);
        run(() -> CpuOptim.sgd(param, grad, velocity, lr, momentum, weightDecay), param, grad, velocity);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                         float eps, float weightDecay, int step) {
        OpShapes.adamStep(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
        OpAliasing.adamStep(param, grad, m, v);
        run(() -> CpuOptim.adam(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step), param, grad, m, v);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, DeviceScalar lr, DeviceScalar correction1,
                         DeviceScalar correction2, float beta1, float beta2, float eps, float weightDecay) {
        OpShapes.adamStep(param, grad, m, v, beta1, beta2, eps, weightDecay);
        own("adamStep", "lr", lr);
        own("adamStep", "correction1", correction1);
        own("adamStep", "correction2", correction2);
        OpAliasing.adamStep(param, grad, m, v);
        run(() -> CpuOptim.adam(param, grad, m, v, lr, correction1, correction2, beta1, beta2, eps, weightDecay),
                param, grad, m, v);
    }

    @Override
    public void groupAction(Tensor x, GroupTable group, int[] elements, FeatureRep rep, Tensor out) {
        GroupOpShapes.groupAction(x, group, elements, rep, out);
        OpAliasing.fromX("groupAction", x, out);
        int[] elementsCopy = elements.clone(); // the caller may change the array before a replay
        run(() -> CpuGroupAction.apply(x, group, elementsCopy, rep, out), x, out);
    }

    @Override
    public void liftingConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        GroupOpShapes.liftingConv(x, w, group, padding, out);
        OpAliasing.convolution("liftingConv", x, w, out);
        run(() -> CpuGroupConv.liftingForward(x, w, group, padding, out), x, w, out);
    }

    @Override
    public void liftingConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        GroupOpShapes.liftingConvBackwardData(dy, w, group, padding, dx);
        OpAliasing.convolutionBackwardData("liftingConvBackwardData", dy, w, dx);
        run(() -> CpuGroupConv.liftingBackwardData(dy, w, group, padding, dx), dy, w, dx);
    }

    @Override
    public void liftingConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        GroupOpShapes.liftingConvBackwardFilter(x, dy, group, padding, dw);
        OpAliasing.convolutionBackwardFilter("liftingConvBackwardFilter", x, dy, dw);
        run(() -> CpuGroupConv.liftingBackwardFilter(x, dy, group, padding, dw), x, dy, dw);
    }

    @Override
    public void groupConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        GroupOpShapes.groupConv(x, w, group, padding, out);
        OpAliasing.convolution("groupConv", x, w, out);
        run(() -> CpuGroupConv.groupForward(x, w, group, padding, out), x, w, out);
    }

    @Override
    public void groupConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        GroupOpShapes.groupConvBackwardData(dy, w, group, padding, dx);
        OpAliasing.convolutionBackwardData("groupConvBackwardData", dy, w, dx);
        run(() -> CpuGroupConv.groupBackwardData(dy, w, group, padding, dx), dy, w, dx);
    }

    @Override
    public void groupConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        GroupOpShapes.groupConvBackwardFilter(x, dy, group, padding, dw);
        OpAliasing.convolutionBackwardFilter("groupConvBackwardFilter", x, dy, dw);
        run(() -> CpuGroupConv.groupBackwardFilter(x, dy, group, padding, dw), x, dy, dw);
    }

    @Override
    public void expandLiftingFilter(Tensor w, GroupTable group, Tensor out) {
        GroupOpShapes.expandLiftingFilter(w, group, out);
        OpAliasing.expandFilter("expandLiftingFilter", w, out);
        run(() -> CpuFilterBank.expandLifting(w, group, out), w, out);
    }

    @Override
    public void expandLiftingFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        GroupOpShapes.expandLiftingFilterAdjoint(dExpanded, group, dw);
        OpAliasing.expandFilterAdjoint("expandLiftingFilterAdjoint", dExpanded, dw);
        run(() -> CpuFilterBank.expandLiftingAdjoint(dExpanded, group, dw), dExpanded, dw);
    }

    @Override
    public void expandGroupFilter(Tensor w, GroupTable group, Tensor out) {
        GroupOpShapes.expandGroupFilter(w, group, out);
        OpAliasing.expandFilter("expandGroupFilter", w, out);
        run(() -> CpuFilterBank.expandGroup(w, group, out), w, out);
    }

    @Override
    public void expandGroupFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        GroupOpShapes.expandGroupFilterAdjoint(dExpanded, group, dw);
        OpAliasing.expandFilterAdjoint("expandGroupFilterAdjoint", dExpanded, dw);
        run(() -> CpuFilterBank.expandGroupAdjoint(dExpanded, group, dw), dExpanded, dw);
    }

    @Override
    public void groupPool(Tensor x, PoolMode mode, Tensor out) {
        GroupOpShapes.groupPool(x, mode, out);
        OpAliasing.fromX("groupPool", x, out);
        run(() -> CpuGroupPool.forward(x, mode, out), x, out);
    }

    @Override
    public void groupPoolBackward(Tensor x, Tensor dy, PoolMode mode, Tensor dx) {
        GroupOpShapes.groupPoolBackward(x, dy, mode, dx);
        OpAliasing.groupPoolBackward(x, dy, mode, dx);
        run(() -> CpuGroupPool.backward(x, dy, mode, dx), x, dy, dx);
    }

    @Override
    public void equivarianceDeviation(Tensor fgx, Tensor fx, GroupTable group, int[] elements, FeatureRep rep,
                                      Tensor deviation, Tensor norm) {
        GroupOpShapes.equivarianceDeviation(fgx, fx, group, elements, rep, deviation, norm);
        OpAliasing.equivarianceDeviation(fgx, fx, deviation, norm);
        int[] elementsCopy = elements.clone(); // the caller may change the array before a replay
        run(() -> CpuDeviation.forward(fgx, fx, group, elementsCopy, rep, deviation, norm), fgx, fx, deviation, norm);
    }

    @Override
    public void equivarianceDeviationBackward(Tensor fgx, Tensor fx, GroupTable group, int[] elements,
                                              FeatureRep rep, Tensor dDeviation, Tensor dNorm, Tensor dFgx,
                                              Tensor dFx) {
        GroupOpShapes.equivarianceDeviationBackward(fgx, fx, group, elements, rep, dDeviation, dNorm, dFgx, dFx);
        OpAliasing.equivarianceDeviationBackward(fgx, fx, dDeviation, dNorm, dFgx, dFx);
        int[] elementsCopy = elements.clone(); // the caller may change the array before a replay
        run(() -> CpuDeviation.backward(fgx, fx, group, elementsCopy, rep, dDeviation, dNorm, dFgx, dFx),
                fgx, fx, dDeviation, dNorm, dFgx, dFx);
    }

    @Override
    public void relativeDeviationWeights(Tensor deviation, Tensor norm, int[] rows, double scale, double eps,
                                         Tensor dDeviation, Tensor dNorm) {
        OpShapes.relativeDeviationWeights(deviation, norm, rows, dDeviation, dNorm);
        OpAliasing.relativeDeviationWeights(deviation, norm, dDeviation, dNorm);
        int[] rowsCopy = rows.clone(); // the caller may change the array before a replay
        run(() -> CpuDeviation.relativeWeights(deviation, norm, rowsCopy, scale, eps, dDeviation, dNorm),
                deviation, norm, dDeviation, dNorm);
    }

    @Override
    public void relativeDeviationWeights(Tensor deviation, Tensor norm, int[] rows, DeviceScalar weight,
                                         double divisor, double eps, Tensor dDeviation, Tensor dNorm) {
        OpShapes.relativeDeviationWeights(deviation, norm, rows, dDeviation, dNorm);
        own("relativeDeviationWeights", "weight", weight);
        OpAliasing.relativeDeviationWeights(deviation, norm, dDeviation, dNorm);
        int[] rowsCopy = rows.clone(); // the caller may change the array before a replay
        run(() -> CpuDeviation.relativeWeights(deviation, norm, rowsCopy, weight, divisor, eps, dDeviation, dNorm),
                deviation, norm, dDeviation, dNorm);
    }

    @Override
    public void dualUpdate(DeviceScalars plan, DeviceScalars state, int terms) {
        OpShapes.dualUpdate(plan, state, terms);
        CpuScalars planValues = own("dualUpdate", "plan", plan);
        CpuScalars stateValues = own("dualUpdate", "state", state);
        run(() -> CpuScalars.dualUpdate(planValues, stateValues, terms));
    }

    @Override
    public void relativeDeviationMean(Tensor deviation, Tensor norm, int[] rows, double divisor, double eps,
                                      DeviceScalar out) {
        OpShapes.relativeDeviationMean(deviation, norm, rows);
        own("relativeDeviationMean", "out", out);
        int[] rowsCopy = rows.clone(); // the caller may change the array before a replay
        run(() -> CpuScalars.write(out, CpuDeviation.relativeMean(deviation, norm, rowsCopy, divisor, eps)),
                deviation, norm);
    }

    @Override
    public void sumToScalar(List<Tensor> parts, boolean absolute, double scale, DeviceScalar out) {
        OpShapes.sumToScalar(parts);
        own("sumToScalar", "out", out);
        Tensor[] partsCopy = parts.toArray(Tensor[]::new); // the caller may change the list before a replay
        run(() -> CpuScalars.write(out, CpuReduce.sumToScalar(partsCopy, absolute, scale)), partsCopy);
    }

    @Override
    public synchronized void close() {
        if (recording.get() != null) {
            throw CapturedWork.refused("close");
        }
        if (!closed) {
            closed = true;
            lifetime.close();
        }
    }

    @Override
    public String toString() {
        return "CpuBackend #" + serial + (closed ? " (closed)" : "");
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen(String call) {
        if (closed) {
            throw new IllegalStateException("cpu backend used after close() (" + call + ")");
        }
    }
}
