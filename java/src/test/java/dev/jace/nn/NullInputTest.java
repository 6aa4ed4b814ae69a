package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.Groups;
import dev.jace.tensor.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every layer's forward refuses a null input naming the layer and the argument, in training and evaluation. */
class NullInputTest {

    private static final Backend BACKEND = new CpuBackend();
    private static final GroupTable GROUP = Groups.byName("d4").table();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void forwardRefusesANullInputByName() {
        Random random = new Random(1);
        List<Layer> layers = List.of(new LinearLayer(BACKEND, 3, 2, random),
                new Conv2dLayer(BACKEND, 1, 2, 3, Padding.SAME, true, random), new BatchNorm2d(BACKEND, 2),
                new GroupBatchNorm(BACKEND, 2), new LiftingConvLayer(BACKEND, GROUP, 1, 2, 3, Padding.SAME, random),
                new GroupConvLayer(BACKEND, GROUP, 2, 2, 3, Padding.SAME, random),
                new AdditiveRelaxation(BACKEND, new GroupConvLayer(BACKEND, GROUP, 2, 2, 3, Padding.SAME, random), 0.5f,
                        random),
                new RelaxedGroupConvLayer(BACKEND, GROUP, 2, 2, 3, Padding.SAME, 2, 0.1f, random),
                new DropoutLayer(BACKEND, 0.5f, random), new FlattenLayer(), new GroupPoolLayer(BACKEND, PoolMode.MAX),
                new ReluLayer(BACKEND), SpatialPoolLayer.max(BACKEND, 2, 2),
                Sequential.builder(BACKEND, GROUP, Shape.of(1, 4, 4), 0).liftingConv(2, 3).relu().build());
        for (Layer layer : layers) {
            String name = layer.getClass().getSimpleName();
            for (boolean training : new boolean[] {true, false}) {
                assertEquals(name + ".forward: x is null; give the input batch", assertThrows(
                        NullPointerException.class, () -> layer.forward(null, training), name).getMessage());
            }
            layer.close();
        }
    }
}
