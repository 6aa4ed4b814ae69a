package dev.jace.backend;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;

/**
 * Every numerical operation jace needs. Implementations: {@code CpuBackend} (plain Java, the test oracle) and
 * {@code CudaBackend} (FFM -> libjace + cuBLAS + cuDNN).
 *
 * <p>Conventions, shared by all ops:
 * <ul>
 *   <li>Tensors are float32, row-major, contiguous; images {@code [N, C, H, W]}, group feature maps
 *       {@code [N, C, |G|, H, W]}.</li>
 *   <li>Outputs are passed in and <em>overwritten</em> (never accumulated into) unless the doc says otherwise.</li>
 *   <li>Memory (the C ABI's rule, checked by {@link OpAliasing}): an output never shares memory with an input or
 *       another output; tensors an op updates (optimizer state, running statistics, axpy's y) count as outputs;
 *       inputs may share memory. Where the doc says an output "may be" an input, it may be exactly that input (the
 *       same tensor, or a view of all of its memory), never a partial overlap. Every backend refuses other aliasing
 *       with the same {@link IllegalArgumentException} naming the op and both arguments, before running, recording
 *       or enqueuing the op (libjace checks again, as a backstop), so code tested on the CPU does not break on a GPU
 *       over aliasing.</li>
 *   <li>Every shape mismatch throws {@link IllegalArgumentException} naming the op, the expected and the actual
 *       shape, before any computation or native call. Checks live in {@link OpShapes} and {@link GroupOpShapes}.</li>
 *   <li>Convolutions are cross-correlations with stride 1 (like PyTorch's {@code conv2d}).</li>
 *   <li>Labels for the cross-entropy are class indices stored as floats.</li>
 *   <li>Group element lists ({@link #groupAction}, the deviation ops) hold 1 to {@link GroupTable#MAX_ELEMENTS}
 *       indices, repeats allowed.</li>
 * </ul>
 */
public interface Backend extends AutoCloseable {

    /**
     * Short name, e.g. "cpu (2 threads)" or "cuda:0 (NVIDIA H100, FP32; matmul: ...; conv: ...; group conv: AUTO)".
     */
    String name();

    // ---------------------------------------------------------------- memory

    /** A new zero-filled tensor. */
    Tensor allocate(Shape shape);

    /** A new tensor holding {@code values} (length must equal {@code shape.size()}). */
    Tensor upload(float[] values, Shape shape);

    /**
     * Writes {@code values} into {@code target} (lengths must match). Work enqueued afterwards sees the new values;
     * {@code values} may be reused as soon as this returns. CUDA: the copy goes through a page-locked slot and is
     * enqueued on the stream without waiting for the device, so the host can load the next batch while the device
     * still runs the previous step ({@link #upload} waits); values of more than 16 MiB are copied in chunks, each
     * waiting for the stream. Not allowed inside captured work.
     */
    void copyIn(float[] values, Tensor target);

    /** The tensor's elements as a new host array. */
    float[] download(Tensor t);

    /**
     * Enqueues a copy of the tensor's elements as of the work enqueued so far and returns at once;
     * {@link PendingRead#get} waits for that copy only, so the host can enqueue more work before it waits. CUDA:
     * through a ring of page-locked slots with events (a tensor too large for a slot is downloaded now, waiting). CPU:
     * copies now. Not allowed inside captured work.
     */
    PendingRead<float[]> readLater(Tensor t);

    /** {@code dst = src}; shapes must have the same size (dst must not share memory with src). */
    void copy(Tensor src, Tensor dst);

    void fill(Tensor t, float value);

    /** Waits until all queued work has finished (no-op on the CPU). */
    void synchronize();

    /**
     * Records the device work that {@code work} enqueues, for {@link CapturedWork#replay()} to run: {@code work} runs
     * its host code once, now, and its ops run only at replays, reading their tensors then. CUDA: captures a CUDA graph
     * from the backend's stream. CPU: records each op instead of running it, and a replay runs the recorded ops in
     * order. Run the work once normally before capturing it, so that lazily prepared state (workspaces, the group
     * convolution autotuner's choice, layer buffers) exists. Captures do not nest. When {@code work} throws, the
     * capture is discarded, the backend stays usable and the error is rethrown. See {@link CapturedWork} for what
     * captured work may not do.
     */
    CapturedWork capture(Runnable work);

    /**
     * A new block of {@code count} values (1 to {@link OpShapes#MAX_SCALARS}) that ops read on the device when they
     * run, all 0 and published. The ops that take a {@link DeviceScalar} give bitwise the results of their host-value
     * versions given the same values, but cannot check the values' ranges, which are only known when the op runs.
     * Not allowed inside captured work; close it after the last work that reads it (captured work included).
     */
    DeviceScalars scalars(int count);

    // ---------------------------------------------------------------- dense algebra and elementwise

    /** {@code out[M,N] = op(a) · op(b)} where op transposes a 2-D tensor when its flag is set. */
    void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out);

    /** {@code out = a + b} (same shapes; out may be a or b). */
    void add(Tensor a, Tensor b, Tensor out);

    /** {@code out = a ⊙ b} (same shapes; out may be a or b). */
    void mul(Tensor a, Tensor b, Tensor out);

    /** {@code out = s · a} (out may be a). */
    void scale(Tensor a, float s, Tensor out);

    /**
     * {@code out = factor[0] · a} with the factor read on the device ({@code factor} has shape [1]; out may be a):
     * {@link #scale} without a host round trip for a factor that lives in a tensor, such as a learned scalar.
     */
    void scaleBy(Tensor a, Tensor factor, Tensor out);

    /** {@code y += alpha · x} (accumulates; x may be y). */
    void axpy(float alpha, Tensor x, Tensor y);

    /** {@link #axpy(float, Tensor, Tensor)} with {@code (float) alpha}, alpha read when the op runs. */
    void axpy(DeviceScalar alpha, Tensor x, Tensor y);

    /**
     * {@code y += alpha · sign(x)} elementwise, with sign(±0) = ±0 and sign(NaN) = NaN (accumulates): the subgradient
     * of {@code alpha·|x|}, added without reading x to the host (x may be y).
     */
    void axpySign(float alpha, Tensor x, Tensor y);

    /** {@link #axpySign(float, Tensor, Tensor)} with {@code (float) alpha}, alpha read when the op runs. */
    void axpySign(DeviceScalar alpha, Tensor x, Tensor y);

    /** {@code out[n, c, ...] = x[n, c, ...] + bias[c]} for x of rank >= 2 (out may be x). */
    void addChannelBias(Tensor x, Tensor bias, Tensor out);

    /** {@code out = max(x, 0)} (out may be x). */
    void relu(Tensor x, Tensor out);

    /** {@code dx = dy · [x > 0]} (dx may be x or dy). */
    void reluBackward(Tensor x, Tensor dy, Tensor dx);

    /**
     * Softmax cross-entropy of {@code logits [N, K]} against {@code labels [N]} (class indices as floats):
     * {@code loss [N]} gets each sample's loss, {@code dlogits [N, K]} the gradient of the <em>mean</em> loss
     * (dlogits may be logits). Labels must be integers in [0, K): the CPU backend throws
     * {@link IllegalArgumentException} when the op runs (for captured work, at replay); CUDA does not check them:
     * it truncates a label toward zero (1.5 trains toward class 1, -0.5 toward class 0), and a row whose label is NaN
     * or outside [0, K) after truncation gets loss = logsumexp of its logits and a gradient without the -1 term. The
     * Trainer checks a data set's labels before training on either backend.
     */
    void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor loss, Tensor dlogits);

    // ---------------------------------------------------------------- reductions

    /** {@code out[0] = Σ x} (out has shape [1]); accumulates in double precision on the CPU. */
    void sum(Tensor x, Tensor out);

    /**
     * {@code out[0] = mean(x)} (out has shape [1]). The CPU divides the double sum by the count; CUDA multiplies it
     * by the count's float reciprocal, so the two can differ in the last bit (41 ones give 0.99999994 on CUDA).
     */
    void mean(Tensor x, Tensor out);

    /** Sum over {@code axis}: out has x's shape without that axis (or [1] when x has rank 1). */
    void sumAxis(Tensor x, int axis, Tensor out);

    /**
     * Mean over {@code axis}: out has x's shape without that axis (or [1] when x has rank 1); rounded as
     * {@link #mean}.
     */
    void meanAxis(Tensor x, int axis, Tensor out);

    /** {@code out[c] = Σ_{n, ...} x[n, c, ...]} for x of rank >= 2; the gradient of {@link #addChannelBias}. */
    void channelSum(Tensor x, Tensor out);

    // ---------------------------------------------------------------- convolution and pooling

    /**
     * {@code out [N, Cout, H', W'] = x [N, Cin, H, W] ⋆ w [Cout, Cin, kh, kw]}. On CUDA, filters with kh ≠ kw need
     * cuDNN: libjace's kernels (BF16, or no cuDNN) throw {@link UnsupportedOperationException} for them.
     */
    void conv2d(Tensor x, Tensor w, Padding padding, Tensor out);

    /** Input gradient of {@link #conv2d}: {@code dx [N, Cin, H, W]} from {@code dy [N, Cout, H', W']}. */
    void conv2dBackwardData(Tensor dy, Tensor w, Padding padding, Tensor dx);

    /** Weight gradient of {@link #conv2d}: {@code dw [Cout, Cin, kh, kw]}. */
    void conv2dBackwardFilter(Tensor x, Tensor dy, Padding padding, Tensor dw);

    /**
     * Max pooling over the last two axes of {@code x [..., H, W]} with a square window and stride, no padding:
     * {@code out [..., (H - window) / stride + 1, (W - window) / stride + 1]}.
     */
    void maxPool2d(Tensor x, int window, int stride, Tensor out);

    /** Gradient of {@link #maxPool2d}; ties send the gradient to the first maximal element in row-major order. */
    void maxPool2dBackward(Tensor x, Tensor dy, int window, int stride, Tensor dx);

    /**
     * Average pooling over the last two axes, same geometry as {@link #maxPool2d}. The CPU sums each window in double,
     * CUDA in float, so windows whose values cancel can differ beyond float rounding of the result.
     */
    void avgPool2d(Tensor x, int window, int stride, Tensor out);

    /** Gradient of {@link #avgPool2d}: {@code dx [..., H, W]} (overlapping windows add). */
    void avgPool2dBackward(Tensor dy, int window, int stride, Tensor dx);

    // ---------------------------------------------------------------- batch norm (statistics per axis-1 channel)

    /**
     * Training-mode batch norm of {@code x [N, C, ...]}: statistics over every axis but 1.
     * Writes {@code out}, {@code saveMean [C]}, {@code saveInvStd [C]} (= 1/sqrt(biased var + eps)), and updates
     * {@code runningMean/runningVar [C]} as {@code r = (1 - momentum) r + momentum · batch} with the unbiased variance
     * (out may be x).
     */
    void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                        float momentum, float eps, Tensor out, Tensor saveMean, Tensor saveInvStd);

    /** Inference-mode batch norm with the running statistics (out may be x). */
    void batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps,
                       Tensor out);

    /** Gradients of {@link #batchNormTrain}: {@code dx}, {@code dgamma [C]}, {@code dbeta [C]} (dx may be x or dy). */
    void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                           Tensor dx, Tensor dgamma, Tensor dbeta);

    // ---------------------------------------------------------------- optimizers (update param in place)

    /**
     * SGD with momentum, PyTorch convention: {@code g' = grad + weightDecay·param; velocity = momentum·velocity + g';
     * param -= lr·velocity}.
     */
    void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay);

    /**
     * {@link #sgdStep(Tensor, Tensor, Tensor, float, float, float)} with {@code (float) lr}, lr read when the op runs
     * (and not checked to be finite).
     */
    void sgdStep(Tensor param, Tensor grad, Tensor velocity, DeviceScalar lr, float momentum, float weightDecay);

    /**
     * Adam (L2 weight decay added to the gradient), bias-corrected with {@code step} >= 1:
     * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; param -= lr · (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)}.
     */
    void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                  float weightDecay, int step);

    /**
     * {@link #adamStep(Tensor, Tensor, Tensor, Tensor, float, float, float, float, float, int) adamStep} with
     * {@code (float) lr} and the bias corrections given instead of the step, all three read when the op runs: with
     * {@code correction1 = 1 - Math.pow(beta1, t)} and {@code correction2 = 1 - Math.pow(beta2, t)} it gives the bits
     * of step t. The values are not checked (lr finite, corrections from a step >= 1).
     */
    void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, DeviceScalar lr, DeviceScalar correction1,
                  DeviceScalar correction2, float beta1, float beta2, float eps, float weightDecay);

    // ---------------------------------------------------------------- group operations

    /**
     * Applies each element of {@code elements} to every sample: {@code out[s·N + n] = elements[s] · x[n]}, with
     * the action {@code rep} ({@link FeatureRep#IMAGE} or {@link FeatureRep#GROUP_MAP}; INVARIANT copies). Maps
     * must be square when one of the elements is a quarter turn; flips and half turns act on any H×W.
     */
    void groupAction(Tensor x, GroupTable group, int[] elements, FeatureRep rep, Tensor out);

    /**
     * Lifting convolution Z² -> G: {@code out[n, o, g] = x[n] ⋆ (g · w[o])}, i.e. each output channel correlated
     * with the filter transformed by every element; {@code x [N, Cin, H, W]} (H == W when the group has a quarter
     * turn), {@code w [Cout, Cin, k, k]} (odd k), {@code out [N, Cout, |G|, H', W']}.
     */
    void liftingConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out);

    void liftingConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx);

    void liftingConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw);

    /**
     * Group convolution G -> G: {@code out[n, o, g](x) = Σ_{c,h,y} x[n, c, h](y) · w[o, c, g⁻¹h](g⁻¹(y - x))};
     * {@code x [N, Cin, |G|, H, W]} (H == W when the group has a quarter turn), {@code w [Cout, Cin, |G|, k, k]} (odd
     * k), {@code out [N, Cout, |G|, H', W']}.
     */
    void groupConv(Tensor x, Tensor w, GroupTable group, Padding padding, Tensor out);

    void groupConvBackwardData(Tensor dy, Tensor w, GroupTable group, Padding padding, Tensor dx);

    void groupConvBackwardFilter(Tensor x, Tensor dy, GroupTable group, Padding padding, Tensor dw);

    /** Filter bank of a lifting conv as a plain conv: {@code out[o·|G| + g, c] = g · w[o, c]}, out [Cout·|G|, Cin, k, k]. */
    void expandLiftingFilter(Tensor w, GroupTable group, Tensor out);

    /** Adjoint of {@link #expandLiftingFilter}: {@code dw[o, c] = Σ_g g⁻¹ · dExpanded[o·|G| + g, c]}. */
    void expandLiftingFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw);

    /**
     * Filter bank of a group conv as a plain conv on {@code [N, Cin·|G|, H, W]}:
     * {@code out[o·|G| + g, c·|G| + h] = g · w[o, c, g⁻¹h]} (spatial action), out [Cout·|G|, Cin·|G|, k, k].
     */
    void expandGroupFilter(Tensor w, GroupTable group, Tensor out);

    /** Adjoint of {@link #expandGroupFilter}. */
    void expandGroupFilterAdjoint(Tensor dExpanded, GroupTable group, Tensor dw);

    /**
     * Pooling over the group axis: {@code x [N, C, |G|, H, W] -> out [N, C, H, W]}; MAX is NaN where any of the
     * |G| values is. MEAN sums in double on the CPU and in float on CUDA, as {@link #avgPool2d}.
     */
    void groupPool(Tensor x, PoolMode mode, Tensor out);

    /**
     * Gradient of {@link #groupPool}; MAX ties go to the lowest group index, and a NaN to the first NaN. MEAN does not
     * read x, so dx may share its memory then.
     */
    void groupPoolBackward(Tensor x, Tensor dy, PoolMode mode, Tensor dx);

    /**
     * Batched equivariance deviation without materialising {@code ρ_out(g) f(x)}:
     * {@code deviation[s, n] = ‖fgx[s·N + n] − ρ(elements[s]) fx[n]‖²} and {@code norm[n] = ‖fx[n]‖²}, where
     * {@code fgx [|S|·N, ...]} holds f(g·x) in {@link #groupAction}'s order and {@code fx [N, ...]} holds f(x).
     * Accumulates in double on the CPU.
     */
    void equivarianceDeviation(Tensor fgx, Tensor fx, GroupTable group, int[] elements, FeatureRep rep,
                               Tensor deviation, Tensor norm);

    /**
     * Gradient of {@code Σ_{s,n} dDeviation[s,n]·deviation[s,n] + Σ_n dNorm[n]·norm[n]} with respect to
     * {@code fgx} (written to {@code dFgx}) and {@code fx} (written to {@code dFx}). {@code dNorm} may be null
     * (treated as zero). With {@code dNorm[n] = −Σ_s dDev[s,n]·dev[s,n]/norm[n]²} and {@code dDeviation/norm}
     * this gives the gradient of the relative deviation.
     */
    void equivarianceDeviationBackward(Tensor fgx, Tensor fx, GroupTable group, int[] elements, FeatureRep rep,
                                       Tensor dDeviation, Tensor dNorm, Tensor dFgx, Tensor dFx);

    /**
     * Weights of the relative-deviation gradient, computed from {@code deviation [K, N]} and {@code norm [N]} without
     * reading them to the host: with {@code d_i = (double) norm[i] + eps}, {@code dDeviation[s, i] = (float) (scale / d_i)}
     * for the rows {@code s} in {@code rows} (strictly ascending; K at most 64) and 0 for the others, and
     * {@code dNorm[i] = (float) (0 − Σ_{s in rows, ascending} scale · deviation[s, i] / (d_i · d_i))}, every step in
     * double with IEEE rounding (no fused multiply-add), so every backend gives the same bits. With {@code scale =
     * w / (|rows| · N)} these are the {@code dDeviation}, {@code dNorm} that make {@link #equivarianceDeviationBackward}
     * give w times the gradient of the mean relative deviation over the rows.
     */
    void relativeDeviationWeights(Tensor deviation, Tensor norm, int[] rows, double scale, double eps,
                                  Tensor dDeviation, Tensor dNorm);

    /**
     * {@link #relativeDeviationWeights(Tensor, Tensor, int[], double, double, Tensor, Tensor)} with {@code scale =
     * weight / divisor}, one IEEE division in double when the op runs, so it gives the bits of the host-value op
     * called with the host's {@code weight / divisor}.
     */
    void relativeDeviationWeights(Tensor deviation, Tensor norm, int[] rows, DeviceScalar weight, double divisor,
                                  double eps, Tensor dDeviation, Tensor dNorm);

    // ---------------------------------------------------------------- values written to device scalars

    /**
     * {@link DualUpdate#apply} on the device values of two blocks of this backend, when the op runs: reads
     * {@code plan}, updates {@code state} in place (so captured work replays it with the values then published and
     * the state the previous replay left), bitwise as {@link DualUpdate#apply} on the same values. The blocks must be
     * open, distinct and large enough for {@code terms} terms ({@link DualUpdate#checkSizes}).
     */
    void dualUpdate(DeviceScalars plan, DeviceScalars state, int terms);

    /**
     * The mean relative deviation over some rows of {@code deviation [K, N]} with {@code norm [N]}, written to
     * {@code out} when the op runs: {@code sum = 0.0; for s in rows, for i in 0..N-1: sum += (double) deviation[s, i] /
     * ((double) norm[i] + eps); out = sum / divisor}, in double in exactly that order (no fused multiply-add), so every
     * backend gives the same bits. {@code rows} as for {@link #relativeDeviationWeights}: strictly ascending in
     * {@code [0, K)}, {@code K <= 64}.
     */
    void relativeDeviationMean(Tensor deviation, Tensor norm, int[] rows, double divisor, double eps,
                               DeviceScalar out);

    /**
     * {@code out = scale · Σ_j x_j} over 1 to 8 {@code parts} of one element each, written when the op runs: {@code sum
     * = 0.0; for j: sum += absolute ? Math.abs((double) x_j) : (double) x_j; out = scale * sum}, in double in that
     * order, so every backend gives the same bits.
     */
    void sumToScalar(List<Tensor> parts, boolean absolute, double scale, DeviceScalar out);

    /**
     * Releases what the backend holds; its tensors and device scalars become unusable, and any use of it afterwards
     * throws {@link IllegalStateException}. Safe to call twice. Not allowed inside captured work.
     */
    @Override
    void close();
}
