package dev.jace.bench;

import dev.jace.backend.Backend;
import dev.jace.backend.Precision;
import dev.jace.cli.BenchBackend;
import dev.jace.ops.Algorithm;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** A suite's {@link BenchBackend} and the tensors its setup makes on it; closing it closes them, then the backend. */
final class BenchSession implements AutoCloseable {

    private final BenchBackend bench;
    private final List<Tensor> tensors = new ArrayList<>();

    private BenchSession(BenchBackend bench) {
        this.bench = bench;
    }

    /** {@link BenchBackend#open}: fails for cuda with the probe's reason when it cannot run here. */
    static BenchSession open(String backend, Precision precision, Algorithm algorithm) {
        return new BenchSession(BenchBackend.open(backend, precision, algorithm));
    }

    /** {@link BenchBackend#openDefault}: the backend as {@code jace train} opens it (CUDA: autotuned convolutions). */
    static BenchSession openDefault(String backend, Precision precision) {
        return new BenchSession(BenchBackend.openDefault(backend, precision));
    }

    BenchBackend bench() {
        return bench;
    }

    Backend backend() {
        return bench.backend();
    }

    /** {@link BenchBackend#random}, closed with this. */
    Tensor random(Shape shape, long seed) {
        return keep(bench.random(shape, seed));
    }

    /** {@link Backend#allocate}, closed with this. */
    Tensor allocate(Shape shape) {
        return keep(bench.backend().allocate(shape));
    }

    private Tensor keep(Tensor t) {
        tensors.add(t);
        return t;
    }

    @Override
    public void close() {
        tensors.forEach(Tensor::close);
        bench.close();
    }
}
