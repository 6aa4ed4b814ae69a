package dev.jace.backend.cpu;

import dev.jace.backend.Backend;
import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.OpShapes;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Plain-Java backend: the float64-checked oracle for the CUDA backend and the default when no GPU is present.
 * Tensors are heap segments over {@code float[]}; ops are multi-threaded over batch/channels and deterministic.
 * Each op family lives in its own class; this class only routes.
 */
public final class CpuBackend implements Backend {

    public static final String DEVICE = "cpu";

    /** Whether this thread is replaying captured work, which must not make host-side calls. */
    private final ThreadLocal<Boolean> replaying = ThreadLocal.withInitial(() -> false);

    /** The float array behind a CPU tensor (throws for tensors of other backends or closed tensors). */
    static float[] array(Tensor t) {
        MemorySegment segment = t.data();
        if (!DEVICE.equals(t.device()) || segment.heapBase().isEmpty()
                || !(segment.heapBase().get() instanceof float[] values)) {
            throw new IllegalArgumentException("tensor " + t + " does not belong to the CPU backend");
        }
        return values;
    }

    @Override
    public String name() {
        return "cpu (" + Runtime.getRuntime().availableProcessors() + " threads)";
    }

    @Override
    public Tensor allocate(Shape shape) {
        refuseWhileReplaying("allocate");
        return Tensor.wrap(shape, MemorySegment.ofArray(new float[shape.size()]), DEVICE, () -> { });
    }

    @Override
    public Tensor upload(float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("upload: " + values.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        refuseWhileReplaying("upload");
        return Tensor.wrap(shape, MemorySegment.ofArray(values.clone()), DEVICE, () -> { });
    }

    @Override
    public void copyIn(float[] values, Tensor target) {
        OpShapes.copyIn(values, target);
        refuseWhileReplaying("copyIn");
        System.arraycopy(values, 0, array(target), 0, values.length);
    }

    @Override
    public float[] download(Tensor t) {
        refuseWhileReplaying("download");
        return array(t).clone();
    }

    @Override
    public CapturedWork capture(Runnable work) {
        return new CpuCapturedWork(this, work);
    }

    /** Runs captured work with the host-side calls refused. */
    void runCaptured(Runnable work) {
        if (replaying.get()) {
            throw new IllegalStateException("replay inside captured work: captures do not nest");
        }
        replaying.set(true);
        try {
            work.run();
        } finally {
            replaying.set(false);
        }
    }

    void refuseWhileReplaying(String call) {
        if (replaying.get()) {
            throw CapturedWork.refused(call);
        }
    }

    /** A block whose values ops read when they execute (each replay of captured work reads the published ones). */
    @Override
    public DeviceScalars scalars(int count) {
        OpShapes.scalars(count);
        refuseWhileReplaying("scalars");
        return new CpuScalars(this, count);
    }

    /** Checks that {@code scalar} is an open value of this backend; ops read it later, when they execute. */
    private DeviceScalar own(String op, String argument, DeviceScalar scalar) {
        if (!(scalar.block() instanceof CpuScalars block) || !block.belongsTo(this)) {
            throw new IllegalArgumentException(op + ": " + argument + " is a device scalar of another backend");
        }
        block.checkOpen();
        return scalar;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        OpShapes.sameSize("copy", src, dst);
        System.arraycopy(array(src), 0, array(dst), 0, src.size());
    }

    @Override
    public void fill(Tensor t, float value) {
        Arrays.fill(array(t), value);
    }

    @Override
    public void synchronize() {
        refuseWhileReplaying("synchronize");
    }

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        CpuLinalg.matmul(a, transposeA, b, transposeB, out);
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        CpuElementwise.add(a, b, out);
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        CpuElementwise.mul(a, b, out);
    }

    @Override
    public void scale(Tensor a, float s, Tensor out) {
        CpuElementwise.scale(a, s, out);
    }

    @Override
    public void scaleBy(Tensor a, Tensor factor, Tensor out) {
        CpuElementwise.scaleBy(a, factor, out);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        CpuElementwise.axpy(alpha, x, y);
    }

    @Override
    public void axpy(DeviceScalar alpha, Tensor x, Tensor y) {
        CpuElementwise.axpy(own("axpy", "alpha", alpha), x, y);
    }

    @Override
    public void axpySign(float alpha, Tensor x, Tensor y) {
        CpuElementwise.axpySign(alpha, x, y);
    }

    @Override
    public void axpySign(DeviceScalar alpha, Tensor x, Tensor y) {
        CpuElementwise.axpySign(own("axpySign", "alpha", alpha), x, y);
    }

    @Override
    public void addChannelBias(Tensor x, Tensor bias, Tensor out) {
        CpuElementwise.addChannelBias(x, bias, out);
    }

    @Override
    public void relu(Tensor x, Tensor out) {
        CpuElementwise.relu(x, out);
    }

    @Override
    public void reluBackward(Tensor x, Tensor dy, Tensor dx) {
        CpuElementwise.reluBackward(x, dy, dx);
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor loss, Tensor dlogits) {
        CpuLoss.softmaxCrossEntropy(logits, labels, loss, dlogits);
    }

    @Override
    public void sum(Tensor x, Tensor out) {
        CpuReduce.sum(x, out);
    }

    @Override
    public void mean(Tensor x, Tensor out) {
        CpuReduce.mean(x, out);
    }

    @Override
    public void sumAxis(Tensor x, int axis, Tensor out) {
        CpuReduce.sumAxis(x, axis, out);
    }

    @Override
    public void meanAxis(Tensor x, int axis, Tensor out) {
        CpuReduce.meanAxis(x, axis, out);
    }

    @Override
    public void channelSum(Tensor x, Tensor out) {
        CpuReduce.channelSum(x, out);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Padding padding, Tensor out) {
        CpuConv2d.forward(x, w, padding, out);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Padding padding, Tensor dx) {
        CpuConv2d.backwardData(dy, w, padding, dx);
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor dy, Padding padding, Tensor dw) {
        CpuConv2d.backwardFilter(x, dy, padding, dw);
    }

    @Override
    public void maxPool2d(Tensor x, int window, int stride, Tensor out) {
        CpuPool2d.max(x, window, stride, out);
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor dy, int window, int stride, Tensor dx) {
        CpuPool2d.maxBackward(x, dy, window, stride, dx);
    }

    @Override
    public void avgPool2d(Tensor x, int window, int stride, Tensor out) {
        CpuPool2d.avg(x, window, stride, out);
    }

    @Override
    public void avgPool2dBackward(Tensor dy, int window, int stride, Tensor dx) {
        CpuPool2d.avgBackward(dy, window, stride, dx);
    }

    @Override
    public void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               float momentum, float eps, Tensor out, Tensor saveMean, Tensor saveInvStd) {
        CpuBatchNorm.train(x, gamma, beta, runningMean, runningVar, momentum, eps, out, saveMean, saveInvStd);
    }

    @Override
    public void batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                              float eps, Tensor out) {
        CpuBatchNorm.eval(x, gamma, beta, runningMean, runningVar, eps, out);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        CpuBatchNorm.backward(x, dy, gamma, saveMean, saveInvStd, dx, dgamma, dbeta);
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay) {
        CpuOptim.sgd(param, grad, velocity, lr, momentum, weightDecay);
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, DeviceScalar lr, float momentum,
                        float weightDecay) {
        CpuOptim.sgd(param, grad, velocity, own("sgdStep", "lr", lr), momentum, weightDecay);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                         float eps, float weightDecay, int step) {
        CpuOptim.adam(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, DeviceScalar lr, DeviceScalar correction1,
                         DeviceScalar correction2, float beta1, float beta2, float eps, float weightDecay) {
        String op = "adamStep";
        CpuOptim.adam(param, grad, m, v, own(op, "lr", lr), own(op, "correction1", correction1),
                own(op, "correction2", correction2), beta1, beta2, eps, weightDecay);
    }

    @Override
    public void groupAction(Tensor x, GroupTable group, int[] elements, FeatureRep rep, Tensor out) {
        CpuGroupAction.apply(x, group, elements, rep, out);
    }

    @Override
    public void liftingConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        CpuGroupConv.liftingForward(x, w, group, padding, out);
    }

    @Override
    public void liftingConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        CpuGroupConv.liftingBackwardData(dy, w, group, padding, dx);
    }

    @Override
    public void liftingConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        CpuGroupConv.liftingBackwardFilter(x, dy, group, padding, dw);
    }

    @Override
    public void groupConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out) {
        CpuGroupConv.groupForward(x, w, group, padding, out);
    }

    @Override
    public void groupConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx) {
        CpuGroupConv.groupBackwardData(dy, w, group, padding, dx);
    }

    @Override
    public void groupConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw) {
        CpuGroupConv.groupBackwardFilter(x, dy, group, padding, dw);
    }

    @Override
    public void expandLiftingFilter(Tensor w, GroupTable group, Tensor out) {
        CpuFilterBank.expandLifting(w, group, out);
    }

    @Override
    public void expandLiftingFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        CpuFilterBank.expandLiftingAdjoint(dExpanded, group, dw);
    }

    @Override
    public void expandGroupFilter(Tensor w, GroupTable group, Tensor out) {
        CpuFilterBank.expandGroup(w, group, out);
    }

    @Override
    public void expandGroupFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw) {
        CpuFilterBank.expandGroupAdjoint(dExpanded, group, dw);
    }

    @Override
    public void groupPool(Tensor x, PoolMode mode, Tensor out) {
        CpuGroupPool.forward(x, mode, out);
    }

    @Override
    public void groupPoolBackward(Tensor x, Tensor dy, PoolMode mode, Tensor dx) {
        CpuGroupPool.backward(x, dy, mode, dx);
    }

    @Override
    public void equivarianceDeviation(Tensor fgx, Tensor fx, GroupTable group, int[] elements, FeatureRep rep,
                                      Tensor deviation, Tensor norm) {
        CpuDeviation.forward(fgx, fx, group, elements, rep, deviation, norm);
    }

    @Override
    public void equivarianceDeviationBackward(Tensor fgx, Tensor fx, GroupTable group, int[] elements,
                                              FeatureRep rep, Tensor dDeviation, Tensor dNorm, Tensor dFgx,
                                              Tensor dFx) {
        CpuDeviation.backward(fgx, fx, group, elements, rep, dDeviation, dNorm, dFgx, dFx);
    }

    @Override
    public void relativeDeviationWeights(Tensor deviation, Tensor norm, int[] rows, double scale, double eps,
                                         Tensor dDeviation, Tensor dNorm) {
        CpuDeviation.relativeWeights(deviation, norm, rows, scale, eps, dDeviation, dNorm);
    }

    @Override
    public void relativeDeviationWeights(Tensor deviation, Tensor norm, int[] rows, DeviceScalar weight,
                                         double divisor, double eps, Tensor dDeviation, Tensor dNorm) {
        CpuDeviation.relativeWeights(deviation, norm, rows, own("relativeDeviationWeights", "weight", weight), divisor,
                eps, dDeviation, dNorm);
    }

    @Override
    public void close() {
    }
}
