package dev.jace.backend.cpu;

import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.group.D4;
import dev.jace.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The CPU ops whose work is split across threads, for {@link CpuThreadCountTest}, which runs this in child JVMs that
 * see other processor counts. Prints the helper threads, then per result {@code name parallelHash serialHash}: the
 * {@link #hashes} of a parallel run and of one {@link CpuParallel#serially}.
 */
final class CpuThreadCountWorkload {

    private static final CpuBackend CPU = Cpu.BACKEND;
    private static final GroupTable D4 = new D4().table();

    private CpuThreadCountWorkload() {
    }

    public static void main(String[] args) {
        Map<String, Integer> parallel = hashes();
        Map<String, Integer> serial = new LinkedHashMap<>();
        CpuParallel.serially(() -> serial.putAll(hashes()));
        long helpers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("jace-cpu-")).count();
        System.out.println("helpers " + helpers);
        parallel.forEach((name, hash) -> System.out.println(name + " " + hash + " " + serial.get(name)));
    }

    /** A hash of the bits of each op's outputs, from the same random inputs at every call, in a fixed order. */
    static Map<String, Integer> hashes() {
        Map<String, Integer> hashes = new LinkedHashMap<>();
        results().forEach((name, values) -> hashes.put(name, Arrays.hashCode(values)));
        return hashes;
    }

    /** Each op's outputs, from the same random inputs at every call. */
    private static Map<String, float[]> results() {
        Random random = new Random(11);
        Map<String, float[]> r = new LinkedHashMap<>();

        Tensor a = Cpu.random(random, 96, 160);
        Tensor b = Cpu.random(random, 160, 300);
        r.put("matmul", matmul(a, false, b, false, 96, 300));
        r.put("matmul aT bT", matmul(b, true, Cpu.random(random, 96, 160), true, 300, 96));

        // 16 -> 48 channels: the filter gradient over taps, the input gradient through the rotated filter
        Tensor x = Cpu.random(random, 6, 16, 18, 18);
        Tensor w = Cpu.random(random, 48, 16, 3, 3);
        convolutions(r, "conv 16>48", x, w, Padding.SAME, 6, 48, 18, 18);
        // 2 -> 32 channels: the filter gradient over kernel columns × outputs, the input gradient by scattering
        convolutions(r, "conv 2>32", Cpu.random(random, 6, 2, 24, 24), Cpu.random(random, 32, 2, 5, 5),
                Padding.VALID, 6, 32, 20, 20);

        Tensor gx = Cpu.random(random, 3, 4, 8, 10, 10);
        Tensor gw = Cpu.random(random, 6, 4, 8, 3, 3);
        Tensor gy = Cpu.zeros(3, 6, 8, 10, 10);
        CPU.groupConv(gx, gw, D4, Padding.SAME, gy);
        r.put("groupConv", Cpu.values(gy));
        Tensor gdx = Cpu.zeros(3, 4, 8, 10, 10);
        CPU.groupConvBackwardData(gy, gw, D4, Padding.SAME, gdx);
        r.put("groupConvBackwardData", Cpu.values(gdx));
        Tensor gdw = Cpu.zeros(6, 4, 8, 3, 3);
        CPU.groupConvBackwardFilter(gx, gy, D4, Padding.SAME, gdw);
        r.put("groupConvBackwardFilter", Cpu.values(gdw));

        batchNorm(r, random);

        Tensor big = Cpu.random(random, 300_001);
        Tensor sum = Cpu.zeros(1);
        CPU.sum(big, sum);
        r.put("sum", Cpu.values(sum));
        Tensor m = Cpu.random(random, 24, 32, 9, 9);
        int[] all = m.shape().dims();
        for (int axis = 0; axis < all.length; axis++) {
            int dropped = axis;
            int[] dims = IntStream.range(0, all.length).filter(d -> d != dropped).map(d -> all[d]).toArray();
            Tensor out = Cpu.zeros(dims);
            CPU.sumAxis(m, axis, out);
            r.put("sumAxis " + axis, Cpu.values(out));
        }
        return r;
    }

    private static float[] matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, int rows, int cols) {
        Tensor out = Cpu.zeros(rows, cols);
        CPU.matmul(a, transposeA, b, transposeB, out);
        return Cpu.values(out);
    }

    private static void convolutions(Map<String, float[]> r, String name, Tensor x, Tensor w, Padding padding,
                                     int batch, int cout, int oh, int ow) {
        Tensor y = Cpu.zeros(batch, cout, oh, ow);
        CPU.conv2d(x, w, padding, y);
        r.put(name, Cpu.values(y));
        Tensor dx = Cpu.zeros(x.shape().dims());
        CPU.conv2dBackwardData(y, w, padding, dx);
        r.put(name + " backwardData", Cpu.values(dx));
        Tensor dw = Cpu.zeros(w.shape().dims());
        CPU.conv2dBackwardFilter(x, y, padding, dw);
        r.put(name + " backwardFilter", Cpu.values(dw));
    }

    private static void batchNorm(Map<String, float[]> r, Random random) {
        Tensor x = Cpu.random(random, 32, 24, 9, 9);
        Tensor gamma = Cpu.random(random, 24);
        Tensor beta = Cpu.random(random, 24);
        Tensor runningMean = Cpu.zeros(24);
        Tensor runningVar = Cpu.zeros(24);
        Tensor out = Cpu.zeros(32, 24, 9, 9);
        Tensor saveMean = Cpu.zeros(24);
        Tensor saveInvStd = Cpu.zeros(24);
        CPU.batchNormTrain(x, gamma, beta, runningMean, runningVar, 0.1f, 1e-5f, out, saveMean, saveInvStd);
        r.put("batchNormTrain", Cpu.values(out));
        r.put("batchNormTrain runningVar", Cpu.values(runningVar));
        r.put("batchNormTrain saveInvStd", Cpu.values(saveInvStd));
        Tensor dy = Cpu.random(random, 32, 24, 9, 9);
        Tensor dx = Cpu.zeros(32, 24, 9, 9);
        Tensor dgamma = Cpu.zeros(24);
        Tensor dbeta = Cpu.zeros(24);
        CPU.batchNormBackward(x, dy, gamma, saveMean, saveInvStd, dx, dgamma, dbeta);
        r.put("batchNormBackward", Cpu.values(dx));
        r.put("batchNormBackward dgamma", Cpu.values(dgamma));
        r.put("batchNormBackward dbeta", Cpu.values(dbeta));
    }
}
