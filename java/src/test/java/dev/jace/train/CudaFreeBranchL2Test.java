package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.GpuAssumptions;
import dev.jace.group.Groups;
import dev.jace.nn.AdditiveRelaxation;
import dev.jace.nn.LiftingConvLayer;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.Relaxation;
import dev.jace.nn.RelaxedGroupConvLayer;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Function;
import java.util.stream.DoubleStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The RPP prior's device work on CUDA (γ·F scaled in place, squared and summed; the coefficients' centred half
 * gradient) gives the CPU backend's values and gradients, and its device measurement the bits of its reading.
 */
@Tag("gpu")
class CudaFreeBranchL2Test {

    private static final GroupTable D4 = Groups.byName("d4").table();

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    /** The prior's reading, its device measurement, and the gradients it adds with weight 2, in parameter order. */
    private record Readings(double value, double device, double[] gradients) {
    }

    private static Readings readings(Backend backend, Function<Backend, Relaxation> build) {
        try (Relaxation layer = build.apply(backend);
             FreeBranchL2 prior = new FreeBranchL2(backend, "layer", layer);
             DeviceScalars scalars = backend.scalars(2)) {
            double value = prior.value();
            scalars.set(0, 2.0);
            scalars.publish();
            prior.measureInto(scalars.at(1));
            prior.accumulateGradient(2.0, scalars.at(0));
            double device = scalars.read()[1];
            DoubleStream.Builder gradients = DoubleStream.builder();
            for (ParameterRegistry.Entry e : layer.parameters()) {
                for (float g : backend.download(e.parameter().grad())) {
                    gradients.add(g);
                }
            }
            return new Readings(value, device, gradients.build().toArray());
        }
    }

    private static void assertSameOnCuda(Function<Backend, Relaxation> build) {
        Readings cpu;
        try (CpuBackend backend = new CpuBackend()) {
            cpu = readings(backend, build);
        }
        Readings cuda;
        try (CudaBackend backend = new CudaBackend()) {
            cuda = readings(backend, build);
        }
        assertEquals(cpu.value(), cpu.device());
        assertEquals(cuda.value(), cuda.device(), "CUDA: the device measurement differs from the reading");
        assertEquals(cpu.value(), cuda.value(), 1e-6 * cpu.value());
        Numerics.assertClose("gradients", cpu.gradients(), cuda.gradients(), 1e-5);
    }

    @Test
    void additivePriorOnCudaIsTheCpus() {
        assertSameOnCuda(backend -> new AdditiveRelaxation(backend,
                new LiftingConvLayer(backend, D4, 2, 3, 3, Padding.SAME, new Random(1)), -0.75f, new Random(2)));
    }

    @Test
    void relaxedGroupConvPriorOnCudaIsTheCpus() {
        assertSameOnCuda(backend -> new RelaxedGroupConvLayer(backend, D4, 2, 3, 3, Padding.SAME, 2, 0.5f,
                new Random(3)));
    }
}
