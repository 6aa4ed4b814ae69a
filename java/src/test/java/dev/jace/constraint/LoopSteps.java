package dev.jace.constraint;

import dev.jace.backend.DeviceScalars;
import dev.jace.backend.cpu.CpuBackend;

import java.util.List;
import java.util.function.DoubleSupplier;

/** One whole training step of a {@link PrimalDualLoop}: begin, publish, enqueue, the primal step, finish. */
final class LoopSteps {

    private static final CpuBackend BACKEND = new CpuBackend();

    private LoopSteps() {
    }

    static PrimalDualLoop.StepReport step(PrimalDualLoop loop, long t, Runnable primalStep) {
        try (DeviceScalars weights = BACKEND.scalars(Math.max(1, loop.plan().terms().size()))) {
            PrimalDualLoop.StepWeights w = loop.begin(t);
            loop.publish(w, weights);
            List<DoubleSupplier> readings = loop.enqueue(w, weights);
            primalStep.run();
            return loop.finish(w, readings);
        }
    }
}
