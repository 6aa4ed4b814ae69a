package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.OwnedResources;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Arrays;

/**
 * The device-side arithmetic on a {@link RelaxedGroupConvLayer}'s coefficients {@code a [K, |G|]}, as matrix products
 * with constant 0/1 (or centring) matrices uploaded once, so that a training step reads nothing to the host and can
 * be captured. A product with a 0/1 selection matrix moves values exactly, each output being one coefficient plus
 * zeros (a NaN or infinite coefficient, which only a diverged run has, spreads NaN over the products instead).
 */
final class BasisCoefficients implements AutoCloseable {

    private final Backend backend;
    private final int basisCount;
    private final int order;
    /** Per basis k: {@code [rows, K·|G|]}, 1 at (o·|G| + g, k·|G| + g): the coefficient of each filter row. */
    private final Tensor[] rowSelect;
    /** Per basis k: {@code [K·|G|, |G|]}, 1 at (k·|G| + g, g): places a per-element sum at basis k's coefficients. */
    private final Tensor[] place;
    /** {@code [1, R]} of ones: spreads a row's coefficient over the row's R filter entries. */
    private final Tensor ones;
    /** {@code [K·|G|, K·|G|]}: {@code 2(I − B/|G|)}, B the block of ones per basis; times a: 2(a − mean_g a). */
    private final Tensor twiceCentring;
    private final Tensor rowCoefficients;
    private final Tensor column;
    private final Tensor squares;
    private final Tensor spread;

    /** For a filter bank of {@code rows = Cout·|G|} rows of {@code rowLength} entries. */
    BasisCoefficients(Backend backend, int basisCount, int order, int rows, int rowLength) {
        this.backend = backend;
        this.basisCount = basisCount;
        this.order = order;
        int size = basisCount * order;
        this.rowSelect = new Tensor[basisCount];
        this.place = new Tensor[basisCount];
        OwnedResources owned = new OwnedResources();
        try {
            for (int k = 0; k < basisCount; k++) {
                float[] select = new float[rows * size];
                for (int row = 0; row < rows; row++) {
                    select[row * size + k * order + row % order] = 1f;
                }
                rowSelect[k] = owned.own(backend.upload(select, Shape.of(rows, size)));
                float[] at = new float[size * order];
                for (int g = 0; g < order; g++) {
                    at[(k * order + g) * order + g] = 1f;
                }
                place[k] = owned.own(backend.upload(at, Shape.of(size, order)));
            }
            float[] one = new float[rowLength];
            Arrays.fill(one, 1f);
            this.ones = owned.own(backend.upload(one, Shape.of(1, rowLength)));
            float[] centring = new float[size * size];
            for (int i = 0; i < size; i++) {
                for (int j = i / order * order; j < (i / order + 1) * order; j++) {
                    centring[i * size + j] = 2f * ((i == j ? 1f : 0f) - 1f / order);
                }
            }
            this.twiceCentring = owned.own(backend.upload(centring, Shape.of(size, size)));
            this.rowCoefficients = owned.own(backend.allocate(Shape.of(rows, 1)));
            this.column = owned.own(backend.allocate(Shape.of(size, 1)));
            this.squares = owned.own(backend.allocate(Shape.of(size, 1)));
            this.spread = owned.own(backend.allocate(Shape.of(1)));
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
        }
    }

    private Tensor asColumn(Tensor coefficients) {
        return coefficients.reshape(Shape.of(basisCount * order, 1));
    }

    /** {@code mask [rows, R]}: basis k's coefficient of each row's group element, on every entry of the row. */
    void mask(Tensor coefficients, int k, Tensor mask) {
        backend.matmul(rowSelect[k], false, asColumn(coefficients), false, rowCoefficients);
        backend.matmul(rowCoefficients, false, ones, false, mask.reshape(Shape.of(rowCoefficients.shape().dim(0),
                ones.shape().dim(1))));
    }

    /** {@code grad[k, g] += elementSums[g]}. */
    void addBasisGradient(int k, Tensor elementSums, Tensor grad) {
        backend.matmul(place[k], false, elementSums.reshape(Shape.of(order, 1)), false, column);
        backend.axpy(1f, column.reshape(grad.shape()), grad);
    }

    /** {@code Σ_k Σ_g (a_k(g) − mean_g a_k)²} into a [1] tensor on the device (owned here, until the next call). */
    Tensor spread(Tensor coefficients) {
        backend.matmul(twiceCentring, false, asColumn(coefficients), false, column);
        backend.mul(column, column, squares);
        // Each square is 4(a − mean)², a power-of-two scaling, so the quarter sum is the spread's exact float sum.
        backend.sum(squares, spread);
        backend.scale(spread, 0.25f, spread);
        return spread;
    }

    /**
     * {@code grad += weight · share · 2(a − mean_g a)}, {@code share} times the spread's gradient, with the weight read
     * on the device; a power-of-two share scales exactly.
     */
    void addSpreadGradient(DeviceScalar weight, float share, Tensor coefficients, Tensor grad) {
        backend.matmul(twiceCentring, false, asColumn(coefficients), false, column);
        if (share != 1f) {
            backend.scale(column, share, column);
        }
        backend.axpy(weight, column.reshape(grad.shape()), grad);
    }

    @Override
    public void close() {
        for (int k = 0; k < basisCount; k++) {
            rowSelect[k].close();
            place[k].close();
        }
        ones.close();
        twiceCentring.close();
        rowCoefficients.close();
        column.close();
        squares.close();
        spread.close();
    }
}
