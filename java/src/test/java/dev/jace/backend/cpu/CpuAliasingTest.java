package dev.jace.backend.cpu;

import dev.jace.backend.AliasedCalls;
import dev.jace.backend.AliasedCalls.Refused;
import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU backend refuses the aliasing that libjace refuses (jace.h, "Memory"), op by op, and the exact in-place calls
 * libjace allows still compute what the op computes into a separate output.
 */
class CpuAliasingTest {

    private static final CpuBackend CPU = Cpu.BACKEND;
    private static final DeviceScalar ALPHA = alpha(1.5);

    /** An op called with {@code args[output]} being exactly {@code args[input]}, which its rule allows. */
    record InPlace(String name, int output, int input, Supplier<Tensor[]> arguments, Consumer<Tensor[]> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static DeviceScalar alpha(double value) {
        DeviceScalars block = CPU.scalars(1);
        block.set(0, value);
        block.publish();
        return block.at(0);
    }

    static Stream<Refused> refusals() {
        return AliasedCalls.on(CPU).stream();
    }

    /** Fresh tensors of {@code dims} holding the same random values at every call. */
    private static Supplier<Tensor[]> args(int[]... dims) {
        return () -> {
            Random random = new Random(7);
            return Arrays.stream(dims).map(d -> Cpu.random(random, d)).toArray(Tensor[]::new);
        };
    }

    /** {@code arguments} with argument {@code index} holding {@code values} instead. */
    private static Supplier<Tensor[]> with(Supplier<Tensor[]> arguments, int index, float... values) {
        return () -> {
            Tensor[] t = arguments.get();
            CPU.copyIn(values, t[index]);
            return t;
        };
    }

    private static int[] dims(int... dims) {
        return dims;
    }

    static Stream<InPlace> inPlace() {
        Supplier<Tensor[]> binary = args(dims(2, 3), dims(2, 3), dims(2, 3));
        Supplier<Tensor[]> unary = args(dims(2, 3), dims(2, 3));
        float[] variances = {0.5f, 1f, 2f};
        Supplier<Tensor[]> normBackward = with(args(dims(2, 3, 2), dims(2, 3, 2), dims(3), dims(3), dims(3),
                dims(2, 3, 2), dims(3), dims(3)), 4, variances);
        return Stream.of(
                new InPlace("add out=a", 2, 0, binary, t -> CPU.add(t[0], t[1], t[2])),
                new InPlace("add out=b", 2, 1, binary, t -> CPU.add(t[0], t[1], t[2])),
                new InPlace("mul out=a", 2, 0, binary, t -> CPU.mul(t[0], t[1], t[2])),
                new InPlace("mul out=b", 2, 1, binary, t -> CPU.mul(t[0], t[1], t[2])),
                new InPlace("scale out=a", 1, 0, unary, t -> CPU.scale(t[0], -1.5f, t[1])),
                new InPlace("scaleBy out=a", 2, 0, args(dims(2, 3), dims(1), dims(2, 3)),
                        t -> CPU.scaleBy(t[0], t[1], t[2])),
                new InPlace("axpy x=y", 1, 0, unary, t -> CPU.axpy(1.5f, t[0], t[1])),
                new InPlace("axpy(DeviceScalar) x=y", 1, 0, unary, t -> CPU.axpy(ALPHA, t[0], t[1])),
                new InPlace("axpySign x=y", 1, 0, unary, t -> CPU.axpySign(1.5f, t[0], t[1])),
                new InPlace("axpySign(DeviceScalar) x=y", 1, 0, unary, t -> CPU.axpySign(ALPHA, t[0], t[1])),
                new InPlace("addChannelBias out=x", 2, 0, args(dims(2, 3, 2), dims(3), dims(2, 3, 2)),
                        t -> CPU.addChannelBias(t[0], t[1], t[2])),
                new InPlace("relu out=x", 1, 0, unary, t -> CPU.relu(t[0], t[1])),
                new InPlace("reluBackward dx=x", 2, 0, binary, t -> CPU.reluBackward(t[0], t[1], t[2])),
                new InPlace("reluBackward dx=dy", 2, 1, binary, t -> CPU.reluBackward(t[0], t[1], t[2])),
                new InPlace("softmaxCrossEntropy dlogits=logits", 3, 0,
                        with(args(dims(2, 3), dims(2), dims(2), dims(2, 3)), 1, 0f, 2f),
                        t -> CPU.softmaxCrossEntropy(t[0], t[1], t[2], t[3])),
                new InPlace("batchNormTrain out=x", 5, 0, with(args(dims(2, 3, 2), dims(3), dims(3), dims(3),
                        dims(3), dims(2, 3, 2), dims(3), dims(3)), 4, variances),
                        t -> CPU.batchNormTrain(t[0], t[1], t[2], t[3], t[4], 0.1f, 1e-5f, t[5], t[6], t[7])),
                new InPlace("batchNormEval out=x", 5, 0, with(args(dims(2, 3, 2), dims(3), dims(3), dims(3),
                        dims(3), dims(2, 3, 2)), 4, variances),
                        t -> CPU.batchNormEval(t[0], t[1], t[2], t[3], t[4], 1e-5f, t[5])),
                new InPlace("batchNormBackward dx=x", 5, 0, normBackward,
                        t -> CPU.batchNormBackward(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7])),
                new InPlace("batchNormBackward dx=dy", 5, 1, normBackward,
                        t -> CPU.batchNormBackward(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7])),
                new InPlace("groupPoolBackward(MEAN) dx=x", 2, 0,
                        args(dims(1, 2, 2, 2, 2), dims(1, 2, 2, 2), dims(1, 2, 2, 2, 2)),
                        t -> CPU.groupPoolBackward(t[0], t[1], PoolMode.MEAN, t[2])));
    }

    @ParameterizedTest
    @MethodSource("inPlace")
    void anExactlyInPlaceCallGivesTheBitsOfASeparateOutput(InPlace row) {
        Tensor[] separate = row.arguments().get();
        CPU.copy(separate[row.input()], separate[row.output()]); // axpy accumulates into its output
        row.call().accept(separate);
        Tensor[] inPlace = row.arguments().get();
        inPlace[row.output()] = inPlace[row.input()];
        row.call().accept(inPlace);
        for (int i = 0; i < separate.length; i++) {
            if (i != row.input()) {
                assertArrayEquals(Cpu.values(separate[i]), Cpu.values(inPlace[i]), row + ": argument " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void anOutputSharingMemoryAgainstTheOpsRuleIsRefusedNamingTheOpAndBothArguments(Refused row) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, row.call()::run);
        assertTrue(e.getMessage().startsWith(row.op() + ": " + row.first() + " ("), e.getMessage());
        assertTrue(e.getMessage().contains(") and " + row.second() + " ("), e.getMessage());
        assertTrue(e.getMessage().contains(") overlap; "), e.getMessage());
    }

    /** Backend methods that take tensors but write no tensor another argument could share memory with. */
    private static final Set<String> NO_TENSOR_OUTPUT = Set.of("copyIn", "download", "readLater", "fill",
            "relativeDeviationMean", "sumToScalar");

    @Test
    void everyOpWithATensorOutputHasARefusedCall() {
        Set<String> ops = new TreeSet<>();
        for (Method method : Backend.class.getMethods()) {
            if (Arrays.asList(method.getParameterTypes()).contains(Tensor.class)
                    && !NO_TENSOR_OUTPUT.contains(method.getName())) {
                ops.add(method.getName());
            }
        }
        Set<String> covered = new TreeSet<>();
        AliasedCalls.on(CPU).forEach(row -> covered.add(row.op()));
        assertEquals(ops, covered);
    }
}
