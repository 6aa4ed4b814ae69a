package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.OwnedResources;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Batch norm with one mean/variance/scale/shift per axis-1 channel, statistics over every other axis; the input is
 * viewed as {@code [N, C, rest]} for the backend. Parameters "weight" (γ, init 1) and "bias" (β, init 0); buffers
 * "running_mean" and "running_var".
 */
public abstract sealed class BatchNormLayer implements Layer permits GroupBatchNorm, BatchNorm2d {

    /** The name of the running variance among the layer's buffers. */
    public static final String RUNNING_VAR = "running_var";

    private final Backend backend;
    private final int channels;
    private final float momentum;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor saveMean;
    private final Tensor saveInvStd;
    private final Buffer out;
    private final Buffer dx;
    private final Buffer dgamma;
    private final Buffer dbeta;
    private Tensor x;

    BatchNormLayer(Backend backend, int channels, float momentum, float eps) {
        this.backend = backend;
        this.channels = channels;
        this.momentum = momentum;
        this.eps = eps;
        Shape c = Shape.of(channels);
        OwnedResources owned = new OwnedResources();
        try {
            this.gamma = owned.own(Parameter.filled(backend, "weight", c, 1f));
            this.beta = owned.own(Parameter.filled(backend, "bias", c, 0f));
            this.runningMean = owned.own(backend.allocate(c));
            this.runningVar = owned.own(backend.allocate(c));
            backend.fill(runningVar, 1f);
            this.saveMean = owned.own(backend.allocate(c));
            this.saveInvStd = owned.own(backend.allocate(c));
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
        }
        this.out = new Buffer(backend);
        this.dx = new Buffer(backend);
        this.dgamma = new Buffer(backend);
        this.dbeta = new Buffer(backend);
    }

    /** Checks the input layout of the concrete layer. */
    abstract void checkInput(Shape in);

    @Override
    public Shape outputShape(Shape in) {
        checkInput(in);
        LayerShapes.dim(getClass().getSimpleName(), in, 1, channels, "channels");
        return in;
    }

    private Shape view(Shape in) {
        return Shape.of(in.dim(0), channels, in.sizeFrom(2));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input(getClass().getSimpleName(), x);
        Shape shape = outputShape(x.shape());
        Tensor xv = x.reshape(view(shape));
        Tensor y = out.get(shape);
        Tensor yv = y.reshape(view(shape));
        if (training) {
            requireBatchStatistics(shape);
            backend.batchNormTrain(xv, gamma.value(), beta.value(), runningMean, runningVar, momentum, eps, yv,
                    saveMean, saveInvStd);
            this.x = x;
        } else {
            backend.batchNormEval(xv, gamma.value(), beta.value(), runningMean, runningVar, eps, yv);
            this.x = null;
        }
        return y;
    }

    private void requireBatchStatistics(Shape in) {
        int perChannel = in.size() / channels;
        if (perChannel < 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": training needs at least 2 values per"
                    + " channel for the batch's statistics, but the input " + in + " has " + perChannel + " per"
                    + " channel; give a larger batch, or run in eval mode, which uses the running statistics");
        }
    }

    /** Gradient of the last training-mode forward (evaluation-mode forwards are not differentiated). */
    @Override
    public Tensor backward(Tensor dy) {
        if (x == null) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + ".backward needs a preceding training-mode forward");
        }
        Shape v = view(x.shape());
        Tensor gx = dx.get(x.shape());
        Tensor gg = dgamma.get(gamma.shape());
        Tensor gb = dbeta.get(beta.shape());
        backend.batchNormBackward(x.reshape(v), dy.reshape(v), gamma.value(), saveMean, saveInvStd, gx.reshape(v),
                gg, gb);
        backend.axpy(1f, gg, gamma.grad());
        backend.axpy(1f, gb, beta.grad());
        return gx;
    }

    @Override
    public ParameterRegistry parameters() {
        return ParameterRegistry.of(gamma, beta);
    }

    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        buffers.put("running_mean", runningMean);
        buffers.put(RUNNING_VAR, runningVar);
        return buffers;
    }

    @Override
    public void close() {
        gamma.close();
        beta.close();
        runningMean.close();
        runningVar.close();
        saveMean.close();
        saveInvStd.close();
        out.close();
        dx.close();
        dgamma.close();
        dbeta.close();
    }
}
