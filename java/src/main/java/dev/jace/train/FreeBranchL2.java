package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalar;
import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.QuantityKind;
import dev.jace.nn.Buffer;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.Relaxation;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * {@code ½‖θ_free‖²} over a relaxed layer's {@link Relaxation#relaxationParameters()}, named "layerName.free_l2".
 * Each parameter's squared norm is summed on the device into a kept scalar; {@link #measure()} reads them only when
 * the value is asked for. Owns those scalars until {@link #close()}.
 */
public final class FreeBranchL2 implements ConstraintQuantity, AutoCloseable {

    private final Backend backend;
    private final String layerName;
    private final Relaxation layer;
    private final Buffer square;
    /** One [1] tensor per relaxation parameter: its Σθ² as of the last measurement. */
    private final List<Tensor> totals = new ArrayList<>();
    private long measurements;

    public FreeBranchL2(Backend backend, String layerName, Relaxation layer) {
        this.backend = backend;
        this.layerName = layerName;
        this.layer = layer;
        this.square = new Buffer(backend);
    }

    @Override
    public String name() {
        return layerName + ".free_l2";
    }

    @Override
    public String symmetryType() {
        return NO_SYMMETRY;
    }

    @Override
    public QuantityKind kind() {
        return QuantityKind.FREE_BRANCH_L2;
    }

    @Override
    public double value() {
        return measure().getAsDouble();
    }

    /** Enqueues Σθ² per parameter; the reading adds them up in double, in parameter order, and halves the sum. */
    @Override
    public DoubleSupplier measure() {
        int parameters = enqueueSquares();
        long measurement = ++measurements;
        return () -> {
            if (measurement != measurements) {
                throw new IllegalStateException("FreeBranchL2: a reading used after the next measurement");
            }
            double sum = 0;
            for (int j = 0; j < parameters; j++) {
                sum += backend.download(totals.get(j))[0];
            }
            return 0.5 * sum;
        };
    }

    @Override
    public boolean measuresOnDevice() {
        return true;
    }

    /** The same sum as a {@link #measure() reading}'s, on the device. */
    @Override
    public void measureInto(DeviceScalar out) {
        int parameters = enqueueSquares();
        backend.sumToScalar(totals.subList(0, parameters), false, 0.5, out);
    }

    /** Enqueues Σθ² of each relaxation parameter into {@link #totals}; returns the number of parameters. */
    private int enqueueSquares() {
        int count = 0;
        for (ParameterRegistry.Entry e : layer.relaxationParameters()) {
            if (totals.size() == count) {
                totals.add(backend.allocate(Shape.of(1)));
            }
            Tensor p = e.parameter().value();
            Tensor sq = square.get(p.shape());
            backend.mul(p, p, sq);
            backend.sum(sq, totals.get(count));
            count++;
        }
        return count;
    }

    /** {@code ∂(½‖θ‖²)/∂θ = θ}. */
    @Override
    public void accumulateGradient(double weight, DeviceScalar deviceWeight) {
        for (ParameterRegistry.Entry e : layer.relaxationParameters()) {
            backend.axpy(deviceWeight, e.parameter().value(), e.parameter().grad());
        }
    }

    @Override
    public void close() {
        totals.forEach(Tensor::close);
        totals.clear();
        square.close();
    }
}
