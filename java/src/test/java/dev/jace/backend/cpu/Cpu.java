package dev.jace.backend.cpu;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;

import java.util.Random;

/** Tensor plumbing shared by the CPU backend tests. */
final class Cpu {

    static final CpuBackend BACKEND = new CpuBackend();

    private Cpu() {
    }

    static Tensor tensor(float[] values, int... dims) {
        return BACKEND.upload(values, Shape.of(dims));
    }

    static Tensor random(Random random, int... dims) {
        return tensor(Numerics.randomFloats(random, Shape.of(dims).size()), dims);
    }

    static Tensor zeros(int... dims) {
        return BACKEND.allocate(Shape.of(dims));
    }

    static float[] values(Tensor t) {
        return BACKEND.download(t);
    }

    static double[] doubles(Tensor t) {
        return Numerics.toDouble(values(t));
    }
}
