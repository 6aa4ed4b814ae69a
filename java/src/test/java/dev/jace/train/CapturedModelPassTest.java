package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.CapturedWork;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.Groups;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default models' training forward and backward make no host-side call (no download of γ, no new tensors), so a
 * CUDA graph can capture them: on the CPU, which records captured work as CUDA does, capturing the pass computes
 * nothing and a replay gives bitwise the gradients of an eager pass.
 */
class CapturedModelPassTest {

    static Map<String, float[]> gradients(Backend backend, Sequential model) {
        Map<String, float[]> grads = new LinkedHashMap<>();
        for (ParameterRegistry.Entry e : model.parameters()) {
            grads.put(e.name(), backend.download(e.parameter().grad()));
        }
        return grads;
    }

    static void fillGradients(Backend backend, Sequential model, float value) {
        for (ParameterRegistry.Entry e : model.parameters()) {
            backend.fill(e.parameter().grad(), value);
        }
    }

    static void pass(Sequential model, Tensor x, Tensor dOut) {
        model.zeroGrad();
        model.forward(x, true);
        model.backward(dOut);
    }

    @Test
    void replayedForwardAndBackwardGiveTheSameGradients() {
        for (String group : new String[] {"c4", "d4"}) {
            for (TaskKind kind : TaskKind.values()) {
                try (CpuBackend cpu = new CpuBackend()) {
                    ModelSpec spec = ModelSpec.forTraining(kind, Groups.byName(group), Shape.of(1, 12, 12),
                            Method.ACE, kind == TaskKind.CLASSIFICATION ? 10 : 0);
                    try (Sequential model = spec.build(cpu, 3);
                         Tensor x = cpu.upload(Numerics.randomFloats(new Random(1), 4 * 144), Shape.of(4, 1, 12, 12))) {
                        Shape out = model.outputShape(x.shape());
                        try (Tensor dOut = cpu.upload(Numerics.randomFloats(new Random(2), out.size()), out)) {
                            pass(model, x, dOut);
                            Map<String, float[]> eager = gradients(cpu, model);
                            fillGradients(cpu, model, Float.NaN);
                            try (CapturedWork captured = cpu.capture(() -> pass(model, x, dOut))) {
                                gradients(cpu, model).forEach((name, g) -> assertTrue(Float.isNaN(g[0]),
                                        group + " " + kind + " " + name + ": capturing ran the pass"));
                                captured.replay();
                            }
                            Map<String, float[]> replayed = gradients(cpu, model);
                            assertEquals(eager.keySet(), replayed.keySet());
                            eager.forEach((name, g) -> assertArrayEquals(g, replayed.get(name),
                                    group + " " + kind + " " + name));
                        }
                    }
                }
            }
        }
    }
}
