package dev.jace.train;

import dev.jace.constraint.Method;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainerConfigTest {

    /** A null part is refused where the config is made, not as a JVM NullPointerException deep inside a run. */
    @Test
    void nullPartsAreRefusedByName() {
        TrainerConfig config = TrainerConfig.defaults(Method.ACE, new Task.Regression());
        assertEquals("trainer config: method is null; give one of Method's values, e.g. Method.ACE",
                assertThrows(NullPointerException.class,
                        () -> TrainerConfig.defaults(null, new Task.Regression())).getMessage());
        assertEquals("trainer config: task is null; give new Task.Regression() or new Task.Classification()",
                assertThrows(NullPointerException.class, () -> TrainerConfig.defaults(Method.ACE, null)).getMessage());
        assertEquals("trainer config: settings is null; MethodSettings.defaults() gives the defaults",
                assertThrows(NullPointerException.class, () -> config.withSettings(null)).getMessage());
        assertEquals("trainer config: dual is null; e.g. new DualAscent(0.1, 0.1, 1)",
                assertThrows(NullPointerException.class, () -> config.withDual(null)).getMessage());
        assertEquals("trainer config: optimizer is null; e.g. OptimizerSpec.Adam.withLr(1e-2)",
                assertThrows(NullPointerException.class, () -> config.withOptimizer(null)).getMessage());
        assertEquals("trainer config: lrScale is null; new Schedule.Constant(1.0) keeps the optimizer's rate",
                assertThrows(NullPointerException.class, () -> config.withLrScale(null)).getMessage());
    }
}
