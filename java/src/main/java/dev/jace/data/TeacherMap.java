package dev.jace.data;

import dev.jace.backend.Backend;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.ops.Algorithm;
import dev.jace.ops.GroupConv;
import dev.jace.ops.GroupPooling;
import dev.jace.ops.LiftingConv;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.random.RandomGenerator;

/**
 * The teacher's image-to-image target map {@code T(x) = E(x) + α_rot·R(x) + α_ref·F(x)} on {@code [N, 1, S, S]},
 * with random weights:
 * <ul>
 *   <li>E: D4 lifting conv (1→{@value #HIDDEN}, 5×5) → ReLU → D4 group conv (→1, 3×3) → max over the group;
 *       D4-equivariant.</li>
 *   <li>R: a plain 5×5 conv whose filter is symmetrised over {e, m}, {@code (w + flip(w))/2}; equivariant for
 *       the mirror m only. The symmetries of a map form a subgroup, so r1m, r2m, r3m (each m composed with a
 *       rotation) are broken by R as well as the rotations.</li>
 *   <li>F: the same architecture over C4 (max over the group) with unsymmetrised filters;
 *       equivariant for the rotations, not for any reflection.</li>
 * </ul>
 * Each part is divided by its root-mean-square output on a calibration batch, so the α are the RMS sizes of the
 * symmetry-breaking parts relative to E. Zero SAME padding keeps all parts exactly equivariant where intended.
 */
public final class TeacherMap implements AutoCloseable {

    static final int HIDDEN = 4;
    /** Values per input pixel of the map's widest activation, E's D4 hidden layer: HIDDEN × the 8 elements of D4. */
    static final int WIDEST_PER_PIXEL = HIDDEN * 8;
    private static final int LIFT_K = 5;
    private static final int GROUP_K = 3;

    private final Backend backend;
    private final double alphaRot;
    private final double alphaRef;
    private final Part equivariant;
    private final Part rotationBreaking;
    private final Part reflectionBreaking;

    /** {@code scale · pool(groupConv(relu(lift(x))))}, or {@code scale · conv2d(x, w1)} when {@code lift} is null. */
    private record Part(LiftingConv lift, GroupConv conv, GroupPooling pool, Tensor w1, Tensor w2, float scale)
            implements AutoCloseable {

        Tensor raw(Backend backend, Tensor x) {
            if (lift == null) {
                Shape s = x.shape();
                Tensor out = backend.allocate(Shape.of(s.dim(0), 1, s.dim(2), s.dim(3)));
                backend.conv2d(x, w1, Padding.SAME, out);
                return out;
            }
            try (Tensor hidden = lift.forward(backend, x, w1)) {
                backend.relu(hidden, hidden);
                try (Tensor y = conv.forward(backend, hidden, w2)) {
                    return pool.forward(backend, y);
                }
            }
        }

        Tensor apply(Backend backend, Tensor x) {
            Tensor out = raw(backend, x);
            backend.scale(out, scale, out);
            return out;
        }

        @Override
        public void close() {
            w1.close();
            if (w2 != null) {
                w2.close();
            }
        }
    }

    /** Draws the weights from {@code random} and calibrates each part on {@code calibration} ({@code [N,1,S,S]}). */
    public TeacherMap(Backend backend, RandomGenerator random, double alphaRot, double alphaRef, Tensor calibration) {
        this.backend = backend;
        this.alphaRot = alphaRot;
        this.alphaRef = alphaRef;
        D4 d4 = new D4();
        C4 c4 = new C4();
        this.equivariant = calibrate(new Part(new LiftingConv(d4, Padding.SAME, Algorithm.DIRECT),
                new GroupConv(d4, Padding.SAME, Algorithm.DIRECT), new GroupPooling(PoolMode.MAX),
                gaussian(random, HIDDEN, 1, LIFT_K, LIFT_K), gaussian(random, 1, HIDDEN, d4.order(), GROUP_K, GROUP_K),
                1), calibration);
        this.rotationBreaking = calibrate(new Part(null, null, null, mirrorSymmetric(random), null, 1),
                calibration);
        this.reflectionBreaking = calibrate(new Part(new LiftingConv(c4, Padding.SAME, Algorithm.DIRECT),
                new GroupConv(c4, Padding.SAME, Algorithm.DIRECT), new GroupPooling(PoolMode.MAX),
                gaussian(random, HIDDEN, 1, LIFT_K, LIFT_K), gaussian(random, 1, HIDDEN, c4.order(), GROUP_K, GROUP_K),
                1), calibration);
    }

    /** {@code T(x)}; the caller closes the result. */
    public Tensor apply(Tensor x) {
        Tensor out = equivariant(x);
        try (Tensor r = rotationBreaking(x); Tensor f = reflectionBreaking(x)) {
            backend.axpy((float) alphaRot, r, out);
            backend.axpy((float) alphaRef, f, out);
        }
        return out;
    }

    /** E(x), D4-equivariant. */
    public Tensor equivariant(Tensor x) {
        return equivariant.apply(backend, x);
    }

    /** R(x), mirror-equivariant, not rotation-equivariant. */
    public Tensor rotationBreaking(Tensor x) {
        return rotationBreaking.apply(backend, x);
    }

    /** F(x), C4-equivariant, not reflection-equivariant. */
    public Tensor reflectionBreaking(Tensor x) {
        return reflectionBreaking.apply(backend, x);
    }

    private Part calibrate(Part part, Tensor calibration) {
        try (Tensor y = part.raw(backend, calibration)) {
            double sum = 0;
            for (float v : backend.download(y)) {
                sum += (double) v * v;
            }
            float scale = (float) (1 / Math.sqrt(sum / y.size()));
            return new Part(part.lift(), part.conv(), part.pool(), part.w1(), part.w2(), scale);
        }
    }

    /** A 5×5 filter {@code (w + flip(w))/2}, flip mirroring the columns like the group element m. */
    private Tensor mirrorSymmetric(RandomGenerator random) {
        float[] w = new float[LIFT_K * LIFT_K];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        float[] sym = new float[w.length];
        for (int i = 0; i < LIFT_K; i++) {
            for (int j = 0; j < LIFT_K; j++) {
                sym[i * LIFT_K + j] = (w[i * LIFT_K + j] + w[i * LIFT_K + LIFT_K - 1 - j]) / 2;
            }
        }
        return backend.upload(sym, Shape.of(1, 1, LIFT_K, LIFT_K));
    }

    private Tensor gaussian(RandomGenerator random, int... dims) {
        Shape shape = Shape.of(dims);
        float[] values = new float[shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return backend.upload(values, shape);
    }

    @Override
    public void close() {
        equivariant.close();
        rotationBreaking.close();
        reflectionBreaking.close();
    }
}
