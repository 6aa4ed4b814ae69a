package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.MethodFactory;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every method runs through the same trainer. */
class MethodsTest {

    private static final Backend BACKEND = new CpuBackend();
    private static final Set<String> ENDS_EQUIVARIANT = Set.of("ace", "strict", "scheduled");

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    static List<String> methods() {
        return MethodFactory.names();
    }

    @ParameterizedTest
    @MethodSource("methods")
    void runsAndEndsEquivariantExactlyWhenTheMethodSaysSo(String name) {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = TrainerTest.config(MethodFactory.byName(name), 2);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            Metrics.Result result = trainer.run();
            assertEquals(4, result.steps().size());
            result.steps().forEach(s -> assertTrue(Double.isFinite(s.loss()), s.toString()));
            boolean exact = ENDS_EQUIVARIANT.contains(name);
            assertEquals(exact, result.projectionChange().isPresent());
            assertEquals(exact, model.relaxations().isEmpty());
            if (exact) {
                result.finalEvaluation().deviation().values().forEach(d -> assertTrue(d < 1e-10, name + ": " + d));
            } else {
                assertTrue(result.finalEvaluation().deviation().get("rotation") > 1e-8, name + " stayed relaxed");
            }
            if (name.equals("strict")) {
                assertTrue(result.steps().getFirst().relaxation().isEmpty());
                assertEquals(0.0, result.projectionChange().orElseThrow());
            }
        }
    }
}
