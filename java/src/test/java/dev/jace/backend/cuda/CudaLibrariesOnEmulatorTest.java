package dev.jace.backend.cuda;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.Padding;
import dev.jace.backend.Precision;
import dev.jace.backend.cuda.EmulatorHooks.EmulatedLibrary;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibrary;
import dev.jace.bindings.cudnn.cudnn_h;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.train.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The surefire execution that runs the {@code cuda-libraries} tests on the emulator with its cuBLAS and cuDNN
 * (native/emu/fake_cublas.cpp, fake_cudnn.cpp) really takes the backend's cuBLAS and cuDNN paths: were the libraries
 * not found or refused, the tests would pass on libjace's own kernels and check nothing of CublasMatmul or CudnnConv.
 */
@Tag("cuda-libraries")
class CudaLibrariesOnEmulatorTest {

    /** Set by that execution (java/pom.xml), which puts the emulator's libraries on JACE_CUDA_LIBS. */
    static final String EXPECTED = "jace.test.emulatedCudaLibraries";

    /**
     * The tests switch how the emulated cuDNN answers its searches, which the process keeps (CudnnConv): each starts
     * and ends without any kept, so none takes another's choices.
     */
    @BeforeEach
    @AfterEach
    void forgetCudnnSearches() {
        CudnnConv.forgetSearches();
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "TF32"})
    void theBackendUsesTheEmulatedCublasAndCudnn(Precision precision) {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withPrecision(precision))) {
            // Version 0 is the emulated libraries' (a real cuBLAS or cuDNN elsewhere on the search would show its own).
            assertTrue(b.name().contains("matmul: cuBLAS 0;") && b.name().contains("conv: cuDNN 0;"), b.name());
        }
    }

    /**
     * A library that loads but whose handle cannot be created (the real cuDNN's CUDNN_STATUS_NOT_INITIALIZED where its
     * runtime needs a newer driver) leaves the backend on libjace's kernels, saying why in its name, instead of failing
     * it: the emulated libraries fail their create on request.
     */
    @Test
    void aLibraryWhoseHandleCannotBeCreatedLeavesTheBackendOnLibjacesKernels() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        EmulatedLibrary.CUDNN.failCalls("cudnnCreate", 0, 1, 1001);
        EmulatedLibrary.CUBLAS.failCalls("cublasCreate_v2", 0, 1, 1);
        try (CudaBackend b = new CudaBackend()) {
            assertTrue(b.name().contains("matmul: jace_gemm (cuBLAS unusable: cublasCreate_v2 failed with status 1")
                    && b.name().contains("conv: jace conv kernels (cuDNN unusable: cudnnCreate failed with status"
                    + " 1001: CUDNN_STATUS_NOT_INITIALIZED)"), b.name());
            try (Tensor x = b.upload(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
                 Tensor w = b.upload(new float[] {1, 1, 1, 1}, Shape.of(1, 1, 2, 2));
                 Tensor y = b.allocate(Shape.of(1, 1, 1, 1))) {
                b.conv2d(x, w, Padding.VALID, y);
                assertArrayEquals(new float[] {10}, b.download(y));
            }
        }
        try (CudaBackend b = new CudaBackend()) {
            assertTrue(b.multipliesWithCublas() && b.convolvesWithCudnn(), b.name());
        }
    }

    /**
     * cuBLAS runs in the workspace jace gives it, eagerly and inside a captured graph, never in one from its own pool
     * (which the real library would allocate anew for each capture): the emulated cuBLAS counts the GEMMs run on a
     * handle without a workspace of the caller's, and forgets the workspace when the stream is set, as documented.
     */
    @Test
    void cublasRunsInTheWorkspaceJaceGivesIt() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        long before = poolWorkspaceCalls();
        try (CudaBackend b = new CudaBackend();
             Tensor a = b.upload(new float[] {1, 2, 3, 4}, Shape.of(2, 2));
             Tensor identity = b.upload(new float[] {1, 0, 0, 1}, Shape.of(2, 2));
             Tensor out = b.allocate(Shape.of(2, 2))) {
            assertTrue(b.multipliesWithCublas(), b.name());
            b.matmul(a, false, identity, false, out);
            try (CapturedWork work = b.capture(() -> b.matmul(a, true, identity, false, out))) {
                work.replay();
            }
            assertArrayEquals(new float[] {1, 3, 2, 4}, b.download(out));
        }
        assertEquals(0, poolWorkspaceCalls() - before, "GEMMs cuBLAS ran in a workspace from its own pool");
    }

    /**
     * Device memory too short for cuBLAS's workspace leaves matmul on jace_gemm, saying why, as a cuBLAS that cannot
     * create its handle does, instead of failing the backend: the emulator refuses the workspace's allocation.
     */
    @Test
    void noDeviceMemoryForTheCublasWorkspaceLeavesMatmulOnJaceGemm() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        refuseMallocsFrom(CublasMatmul.workspaceBytes(90));
        try (CudaBackend b = new CudaBackend();
             Tensor a = b.upload(new float[] {1, 2, 3, 4}, Shape.of(2, 2));
             Tensor out = b.allocate(Shape.of(2, 2))) {
            assertTrue(b.name().contains("matmul: jace_gemm (cuBLAS unusable: no device memory for its workspace: "),
                    b.name());
            b.matmul(a, false, a, false, out);
            assertArrayEquals(new float[] {7, 10, 15, 22}, b.download(out));
        } finally {
            refuseMallocsFrom(0);
        }
    }

    @Test
    void cublasWorkspaceIsTheSizeCublasRecommends() {
        assertEquals(4L << 20, CublasMatmul.workspaceBytes(80), "A100");
        assertEquals(4L << 20, CublasMatmul.workspaceBytes(89), "L4");
        assertEquals(32L << 20, CublasMatmul.workspaceBytes(90), "H100, H200");
        assertEquals(32L << 20, CublasMatmul.workspaceBytes(100), "B200");
    }

    /**
     * The emulated cuDNN's fastest algorithm, in every direction, needs 3 GiB of workspace, as FFT algorithms can on
     * large maps; jace's search skips algorithms over its 1 GiB limit, so none that large is allocated, and takes the
     * next (forward, one that needs a small workspace; backward, one that needs none).
     */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "TF32", "BF16"})
    void cudnnAlgorithmsNeedingMoreWorkspaceThanTheLimitAreSkipped(Precision precision) {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withPrecision(precision));
             Tensor x = b.upload(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
             Tensor w = b.upload(new float[] {1, 1, 1, 1}, Shape.of(1, 1, 2, 2));
             Tensor y = b.allocate(Shape.of(1, 1, 1, 1));
             Tensor dx = b.allocate(Shape.of(1, 1, 2, 2));
             Tensor dw = b.allocate(Shape.of(1, 1, 2, 2))) {
            b.conv2d(x, w, Padding.VALID, y);
            b.conv2dBackwardData(y, w, Padding.VALID, dx);
            b.conv2dBackwardFilter(x, y, Padding.VALID, dw);
            assertArrayEquals(new float[] {10}, b.download(y));
            assertArrayEquals(new float[] {10, 10, 10, 10}, b.download(dx));
            assertArrayEquals(new float[] {10, 20, 30, 40}, b.download(dw));
            AllocatorStats stats = b.allocatorStats();
            assertTrue(stats.liveBytes() + stats.cachedBytes() < 1L << 30, "device memory held: " + stats);
        }
    }

    /**
     * At BF16 the backend runs cuDNN's BF16 convolutions on bfloat16 copies of its operands and widens their bfloat16
     * result: with a = b = 1 + 2^-7 + 2^-9, each direction of a 1×1 convolution gives (1 + 2^-7)² = 1 + 2^-6 + 2^-14
     * rounded to bfloat16, 1 + 2^-6; unrounded operands would give a·b = 1.01959…, which rounds to 1 + 3·2^-7, and an
     * unrounded output 1 + 2^-6 + 2^-14.
     */
    @Test
    void bf16RunsCudnnOnBfloat16CopiesOfItsOperands() {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        float a = 1 + 0x1p-7f + 0x1p-9f;
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withPrecision(Precision.BF16));
             Tensor x = b.upload(new float[] {a}, Shape.of(1, 1, 1, 1));
             Tensor w = b.upload(new float[] {a}, Shape.of(1, 1, 1, 1));
             Tensor y = b.allocate(Shape.of(1, 1, 1, 1));
             Tensor dx = b.allocate(Shape.of(1, 1, 1, 1));
             Tensor dw = b.allocate(Shape.of(1, 1, 1, 1))) {
            assertTrue(b.name().contains("conv: cuDNN 0 (BF16: operands rounded to bfloat16 by libjace, output widened"
                    + " back);"), b.name());
            b.conv2d(x, w, Padding.VALID, y);
            b.conv2dBackwardData(x, w, Padding.VALID, dx);
            b.conv2dBackwardFilter(x, w, Padding.VALID, dw);
            float want = 1 + 0x1p-6f;
            assertArrayEquals(new float[] {want, want, want}, new float[] {b.download(y)[0], b.download(dx)[0],
                    b.download(dw)[0]});
        }
    }

    /**
     * The BF16 staging (its scratch copies, conversions and cuDNN call) captured into a CUDA graph: each replay, on
     * the inputs written before it, gives the bits of the same calls made eagerly after it, in all three directions
     * (deterministic options, so that cuDNN's algorithms sum in one order), and a later eager call still runs.
     */
    @Test
    void bf16CudnnConvolutionsCapturedReplayTheEagerCalls() {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        Random random = new Random(13);
        float[][] inputs = {uniform(random, size(X)), uniform(random, size(W)), uniform(random, size(Y))};
        float[][] next = {uniform(random, size(X)), uniform(random, size(W)), uniform(random, size(Y))};
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withPrecision(Precision.BF16).withDeterministic(
                true));
             Tensor x = b.upload(inputs[0], Shape.of(X));
             Tensor w = b.upload(inputs[1], Shape.of(W));
             Tensor dy = b.upload(inputs[2], Shape.of(Y));
             Tensor y = b.allocate(Shape.of(Y));
             Tensor dx = b.allocate(Shape.of(X));
             Tensor dw = b.allocate(Shape.of(W))) {
            assertTrue(b.convolvesWithCudnn(), b.name());
            Runnable passes = () -> {
                b.conv2d(x, w, Padding.VALID, y);
                b.conv2dBackwardData(dy, w, Padding.VALID, dx);
                b.conv2dBackwardFilter(x, dy, Padding.VALID, dw);
            };
            passes.run();
            float[][] eager = {b.download(y), b.download(dx), b.download(dw)};
            try (CapturedWork work = b.capture(passes)) {
                for (float[][] in : List.of(next, inputs)) {
                    b.copyIn(in[0], x);
                    b.copyIn(in[1], w);
                    b.copyIn(in[2], dy);
                    work.replay();
                    float[][] replayed = {b.download(y), b.download(dx), b.download(dw)};
                    passes.run();
                    String what = in == next ? "new inputs" : "the first inputs";
                    assertArrayEquals(b.download(y), replayed[0], "forward, " + what);
                    assertArrayEquals(b.download(dx), replayed[1], "backward data, " + what);
                    assertArrayEquals(b.download(dw), replayed[2], "backward filter, " + what);
                    assertEquals(in == inputs, Arrays.equals(eager[0], replayed[0]), "forward, " + what);
                }
            }
        }
    }

    /**
     * A cuDNN without BF16 convolutions (the emulated one refusing them on request) leaves BF16's convolutions on
     * libjace's kernels, saying why in the backend's name, instead of failing them: the 1×1 product of
     * {@link #bf16RunsCudnnOnBfloat16CopiesOfItsOperands} is then (1 + 2^-7)² in float32, unrounded.
     */
    @Test
    void aCudnnWithoutBf16ConvolutionsLeavesBf16OnLibjacesKernels() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        float a = 1 + 0x1p-7f + 0x1p-9f;
        setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_refuse_bf16", 1);
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withPrecision(Precision.BF16));
             Tensor x = b.upload(new float[] {a}, Shape.of(1, 1, 1, 1));
             Tensor y = b.allocate(Shape.of(1, 1, 1, 1))) {
            assertTrue(b.name().contains("conv: jace conv kernels (cuDNN has no BF16 convolutions here: "
                    + "cudnnGetConvolutionForwardWorkspaceSize failed with status 3000: CUDNN_STATUS_NOT_SUPPORTED);"),
                    b.name());
            b.conv2d(x, x, Padding.VALID, y);
            assertArrayEquals(new float[] {1 + 0x1p-6f + 0x1p-14f}, b.download(y));
        } finally {
            setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_refuse_bf16", 0);
        }
    }

    /**
     * Each BF16 direction, twice, on random inputs: a bfloat16 (a float whose low 16 bits are zero) within half a
     * bfloat16 step of the float64 sum of the operands rounded to bfloat16 to nearest even
     * ({@link #bf16RunsCudnnOnBfloat16CopiesOfItsOperands} tells rounded operands from unrounded ones, which these
     * bounds cannot).
     */
    @Test
    void bf16ResultsAreBfloat16RoundedSumsOfBfloat16Operands() {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        Runs r = runTwice(CudaOptions.defaults().withPrecision(Precision.BF16), 11);
        for (float[][] run : List.of(r.first(), r.second())) {
            assertBf16("forward", run[FORWARD_OUT], FORWARD, r.x(), r.w());
            assertBf16("backward data", run[BACKWARD_DATA_OUT], BACKWARD_DATA, r.dy(), r.w());
            assertBf16("backward filter", run[BACKWARD_FILTER_OUT], BACKWARD_FILTER, r.x(), r.dy());
        }
    }

    private static void assertBf16(String what, float[] got, int direction, float[] a, float[] b) {
        double[][] want = reference(direction, bf16(a), bf16(b), false);
        for (int i = 0; i < got.length; i++) {
            assertEquals(0, Float.floatToRawIntBits(got[i]) & 0xffff, what + " [" + i + "] = " + got[i]
                    + " is no bfloat16");
            // Half a step of bfloat16's 8 significant bits, and a float sum's rounding of at most 27 terms.
            double bound = 0x1p-8 * Math.abs(want[0][i]) + 0x1p-17 * want[1][i];
            assertEquals(want[0][i], got[i], bound, what + " [" + i + "]");
        }
    }

    /** Each value rounded to bfloat16, to nearest even (no NaN among them). */
    private static float[] bf16(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            out[i] = Float.intBitsToFloat((bits + 0x7fff + ((bits >> 16) & 1)) & 0xffff0000);
        }
        return out;
    }

    /**
     * Each cudnnFind* result carries the math type its algorithm ran with, which the caller must set to get it; the
     * emulated convolutions round their inputs to TF32 or not by the math type set when they are called. Under FP32's
     * CUDNN_FMA_MATH the emulated cuDNN reports a tensor-op result and a Winograd one (FMA math, but rounding as
     * transforms do) ahead of the direct sums, which jace must skip: each direction is then exact.
     */
    @Test
    void fp32SkipsTheTensorOpAndWinogradResultsOfCudnnFind() {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        assertEachDirectionRanWith(Precision.FP32, FORWARD | BACKWARD_DATA | BACKWARD_FILTER);
    }

    /**
     * Under TF32's CUDNN_TENSOR_OP_MATH the emulated cuDNN reports its fastest usable algorithm with CUDNN_DEFAULT_MATH
     * (rounding), or with CUDNN_FMA_MATH (exact) in the directions a test asks for: jace must run each direction with
     * the math type its algorithm was found with, although the three share one descriptor, and search each under
     * TF32's math type rather than the one an earlier direction's choice left on the descriptor.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, FORWARD | BACKWARD_DATA | BACKWARD_FILTER, FORWARD | BACKWARD_FILTER, BACKWARD_DATA})
    void tf32RunsEachDirectionWithTheMathTypeItsAlgorithmWasFoundWith(int fmaFirst) throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_find_fma_first", fmaFirst);
        try {
            assertEachDirectionRanWith(Precision.TF32, fmaFirst);
        } finally {
            setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_find_fma_first", 0);
        }
    }

    /**
     * The emulated cuDNN's fastest backward algorithm is, as cuDNN's backward algorithm 0, non-deterministic (its run
     * i sums in an order rotated by i): by default jace takes it, and two runs on the same inputs differ in the last
     * bits; deterministic options skip it for algorithm 1, and the runs agree bit for bit. Forward algorithms are
     * all deterministic, so its choice is the same either way.
     */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "TF32"})
    void deterministicOptionsRunOnlyAlgorithmsCudnnReportsDeterministic(Precision precision) {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        for (boolean deterministic : new boolean[] {false, true}) {
            Runs r = runTwice(CudaOptions.defaults().withPrecision(precision).withDeterministic(deterministic), 11);
            assertEquals(deterministic, r.backend().contains("conv: cuDNN 0 deterministic;"), r.backend());
            assertArrayEquals(r.first()[FORWARD_OUT], r.second()[FORWARD_OUT], "forward");
            assertEquals(deterministic, Arrays.equals(r.first()[BACKWARD_DATA_OUT], r.second()[BACKWARD_DATA_OUT]),
                    "backward data, run twice");
            assertEquals(deterministic, Arrays.equals(r.first()[BACKWARD_FILTER_OUT],
                    r.second()[BACKWARD_FILTER_OUT]), "backward filter, run twice");
            List<String> choices = r.choices();
            assertEquals(3, choices.size(), choices.toString());
            String backward = deterministic ? ": algorithm 1, " : ": algorithm 0, ";
            assertTrue(choices.get(0).startsWith("backward data ") && choices.get(0).contains(backward)
                    && choices.get(1).startsWith("backward filter ") && choices.get(1).contains(backward)
                    && choices.get(2).startsWith("forward ") && choices.get(2).contains(": algorithm 1, "),
                    choices.toString());
        }
    }

    /**
     * Where no cudnnFind result qualifies, each direction runs a fixed algorithm, named as a fallback in the choices:
     * cuDNN's algorithm 0 (implicit GEMM forward, a sum with atomics backward, which needs no workspace), or under
     * deterministic options implicit GEMM forward and algorithm 1 backward, which give the same bits run twice. Such
     * a search is not kept: a backend opened once cuDNN answers again searches anew.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withNoUsableSearchResultEachDirectionRunsAFixedAlgorithm(boolean deterministic) throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        CudaOptions options = CudaOptions.defaults().withDeterministic(deterministic);
        Runs r;
        setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_find_nothing_usable", 1);
        try {
            r = runTwice(options, 13);
        } finally {
            setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_find_nothing_usable", 0);
        }
        r.assertRanWith(FORWARD | BACKWARD_DATA | BACKWARD_FILTER);
        assertEquals(deterministic, Arrays.equals(r.first()[BACKWARD_DATA_OUT], r.second()[BACKWARD_DATA_OUT]),
                "backward data, run twice");
        assertEquals(deterministic, Arrays.equals(r.first()[BACKWARD_FILTER_OUT], r.second()[BACKWARD_FILTER_OUT]),
                "backward filter, run twice");
        String fallback = " B workspace (fallback: no cudnnFind result succeeded within 1024 MiB of workspace "
                + "under FMA math without FFT or Winograd" + (deterministic ? " deterministically)" : ")");
        String backward = deterministic ? "algorithm 1, FMA math, 4096" : "algorithm 0, FMA math, 0";
        assertEquals(List.of("backward data n2 cin3 cout4 5x5 k3: " + backward + fallback,
                "backward filter n2 cin3 cout4 5x5 k3: " + backward + fallback,
                "forward n2 cin3 cout4 5x5 k3: algorithm 0, FMA math, 0" + fallback), r.choices());
        int before = findCalls();
        List<String> choices = runTwice(options, 1).choices();
        assertEquals(3, findCalls() - before, "searched anew");
        assertTrue(choices.stream().noneMatch(c -> c.contains(CudaBackend.CONV_FALLBACK_MARK)), choices.toString());
    }

    /**
     * Where cuDNN cannot run even its fixed deterministic algorithm for a convolution that no search result fits,
     * deterministic options make it an error that names the convolution and what to do instead.
     */
    @Test
    void noDeterministicAlgorithmAtAllIsAnErrorThatSaysWhatToDo() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_find_nothing_usable", 2);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> runTwice(CudaOptions.defaults().withDeterministic(true), 1));
            assertEquals("cuDNN has no deterministic algorithm for backward data n2 cin3 cout4 5x5 k3: its search "
                    + "found none within 1024 MiB of workspace, and its fixed deterministic algorithm 1 cannot run "
                    + "here (cudnnGetConvolutionBackwardDataWorkspaceSize: CUDNN_STATUS_NOT_SUPPORTED); run without "
                    + "--deterministic (CudaOptions.deterministic), or with --no-cudnn: libjace's kernels are "
                    + "deterministic", e.getMessage());
        } finally {
            setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_find_nothing_usable", 0);
        }
    }

    /**
     * A search in which an algorithm could not allocate its memory may have missed a faster one: jace takes the
     * fastest that ran, says so in the choices, and does not keep the search, so a later backend searches again. Each
     * choice names the math type its algorithm was found with: under TF32's and BF16's CUDNN_TENSOR_OP_MATH the
     * emulated cuDNN's fastest result reports CUDNN_DEFAULT_MATH, and the one left when that fails the descriptor's.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void aSearchShortOfMemoryIsNamedAndNotKept(Precision precision) throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        CudaOptions options = CudaOptions.defaults().withPrecision(precision);
        String slowMath = precision == Precision.FP32 ? "FMA math" : "tensor-op math";
        String fastMath = precision == Precision.FP32 ? "FMA math" : "default math";
        List<String> starved;
        setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_find_starved", 1);
        try {
            starved = runTwice(options, 1).choices();
        } finally {
            setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_find_starved", 0);
        }
        String note = " B workspace (some algorithms could not allocate their memory in the search)";
        assertEquals(List.of("backward data n2 cin3 cout4 5x5 k3: algorithm 1, " + slowMath + ", 4096" + note,
                "backward filter n2 cin3 cout4 5x5 k3: algorithm 1, " + slowMath + ", 4096" + note,
                "forward n2 cin3 cout4 5x5 k3: algorithm 0, " + slowMath + ", 0" + note), starved);
        int before = findCalls();
        assertEquals(List.of("backward data n2 cin3 cout4 5x5 k3: algorithm 0, " + fastMath + ", 0 B workspace",
                "backward filter n2 cin3 cout4 5x5 k3: algorithm 0, " + fastMath + ", 0 B workspace",
                "forward n2 cin3 cout4 5x5 k3: algorithm 1, " + fastMath + ", 4096 B workspace"),
                runTwice(options, 1).choices());
        assertEquals(3, findCalls() - before, "searched anew");
    }

    /** A descriptor that cannot be destroyed leaves none of its plan's others alive: the emulated cuDNN fails one. */
    @Test
    void aPlanDestroysEveryDescriptorWhenOneFails() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        CudnnConvPlan plan = new CudnnConvPlan(new ConvGeometry(1, 2, 3, 5, 5, 3, 3, 1, 1), cudnn_h.CUDNN_DATA_FLOAT(),
                cudnn_h.CUDNN_FMA_MATH());
        int before = descriptorDestroys();
        // CUDNN_STATUS_BAD_PARAM, from the first descriptor destroyed
        EmulatedLibrary.CUDNN.failCalls("cudnnDestroyTensorDescriptor", 0, 1, 2000);
        try {
            CudnnException e = assertThrows(CudnnException.class, plan::close);
            assertEquals("cudnnDestroyTensorDescriptor", e.call());
            assertTrue(e.getMessage().contains("CUDNN_STATUS_BAD_PARAM"), e.getMessage());
        } finally {
            EmulatedLibrary.CUDNN.stopFailing();
        }
        assertEquals(3, descriptorDestroys() - before, "the filter, output and convolution descriptors");
        plan.close();
        assertEquals(3, descriptorDestroys() - before, "closing twice destroys nothing more");
    }

    /**
     * A search runs every algorithm and blocks the host, so a backend opened later in the process reuses the
     * searches made before on the same device, precision and determinism (they choose alike), and searches anew
     * under another precision or determinism.
     */
    @Test
    void aLaterBackendReusesTheSearchesOfTheSameDevicePrecisionAndDeterminism() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        List<String> first = null;
        for (CudaOptions options : List.of(CudaOptions.defaults(), CudaOptions.defaults(),
                CudaOptions.defaults().withPrecision(Precision.TF32), CudaOptions.defaults().withDeterministic(true),
                CudaOptions.defaults().withDeterministic(true).withGroupConv(GroupConvAlgorithm.DIRECT))) {
            int before = findCalls();
            List<String> choices = runTwice(options, 1).choices();
            int searched = findCalls() - before;
            if (first == null) {
                first = choices;
                assertEquals(3, searched, "the first backend searches each direction");
            } else if (options.equals(CudaOptions.defaults())) {
                assertEquals(0, searched, "the same options again");
                assertEquals(first, choices, "the searches' choices, reused");
            } else {
                boolean known = options.groupConv() == GroupConvAlgorithm.DIRECT;
                assertEquals(known ? 0 : 3, searched, options.toString());
            }
        }
    }

    /** Direction bits of jace_emu_cudnn_find_fma_first (native/emu/fake_cudnn.cpp). */
    private static final int FORWARD = 1;
    private static final int BACKWARD_DATA = 2;
    private static final int BACKWARD_FILTER = 4;

    /** x [2, 3, 5, 5] (*) w [4, 3, 3, 3] = y [2, 4, 3, 3], valid padding. */
    private static final int[] X = {2, 3, 5, 5};
    private static final int[] W = {4, 3, 3, 3};
    private static final int[] Y = {2, 4, 3, 3};

    /**
     * Runs the three directions twice, in turn, and checks each result against float64 sums of the inputs as given
     * (the directions in {@code exact}) or rounded to TF32 (the others), and that it is off the other sums.
     */
    private static void assertEachDirectionRanWith(Precision precision, int exact) {
        Runs r = runTwice(CudaOptions.defaults().withPrecision(precision), 7);
        assertTrue(r.backend().contains("conv: cuDNN 0;"), r.backend());
        r.assertRanWith(exact);
    }

    /** Indices of {@link Runs}' outputs. */
    private static final int FORWARD_OUT = 0;
    private static final int BACKWARD_DATA_OUT = 1;
    private static final int BACKWARD_FILTER_OUT = 2;

    /**
     * Uniform inputs x, w and dy of one seed, and a backend's outputs y, dx and dw of them (by FORWARD_OUT etc.) in
     * two runs of the three directions, its cuDNN choices and its name.
     */
    private record Runs(float[] x, float[] w, float[] dy, float[][] first, float[][] second, List<String> choices,
                        String backend) {

        /** Checks each run against float64 sums of the inputs as given (the directions in {@code exact}) or TF32. */
        void assertRanWith(int exact) {
            for (float[][] run : List.of(first, second)) {
                CudaLibrariesOnEmulatorTest.assertRanWith((exact & FORWARD) != 0, "forward", run[FORWARD_OUT],
                        FORWARD, x, w);
                CudaLibrariesOnEmulatorTest.assertRanWith((exact & BACKWARD_DATA) != 0, "backward data",
                        run[BACKWARD_DATA_OUT], BACKWARD_DATA, dy, w);
                CudaLibrariesOnEmulatorTest.assertRanWith((exact & BACKWARD_FILTER) != 0, "backward filter",
                        run[BACKWARD_FILTER_OUT], BACKWARD_FILTER, x, dy);
            }
        }
    }

    /** x (*) w = y, its data gradient from dy and its filter gradient, twice, on a backend of {@code options}. */
    private static Runs runTwice(CudaOptions options, long seed) {
        Random random = new Random(seed);
        float[] x = uniform(random, size(X));
        float[] w = uniform(random, size(W));
        float[] dy = uniform(random, size(Y));
        try (CudaBackend b = new CudaBackend(options);
             Tensor xs = b.upload(x, Shape.of(X));
             Tensor ws = b.upload(w, Shape.of(W));
             Tensor dys = b.upload(dy, Shape.of(Y));
             Tensor y = b.allocate(Shape.of(Y));
             Tensor dx = b.allocate(Shape.of(X));
             Tensor dw = b.allocate(Shape.of(W))) {
            float[][][] runs = new float[2][][];
            for (int run = 0; run < 2; run++) {
                b.conv2d(xs, ws, Padding.VALID, y);
                b.conv2dBackwardData(dys, ws, Padding.VALID, dx);
                b.conv2dBackwardFilter(xs, dys, Padding.VALID, dw);
                runs[run] = new float[][] {b.download(y), b.download(dx), b.download(dw)};
            }
            return new Runs(x, w, dy, runs[0], runs[1], b.convChoices(), b.name());
        }
    }

    private static void assertRanWith(boolean exact, String what, float[] got, int direction, float[] a, float[] b) {
        double[][] asGiven = reference(direction, a, b, false);
        double[][] tf32 = reference(direction, a, b, true);
        double[][] want = exact ? asGiven : tf32;
        double[][] other = exact ? tf32 : asGiven;
        double farthest = 0;
        for (int i = 0; i < got.length; i++) {
            // Float sums of at most 27 terms stay well within this; a TF32 input moves its terms by up to 2^-11.
            double bound = 0x1p-17 * want[1][i];
            assertEquals(want[0][i], got[i], bound, what + " [" + i + "], " + (exact ? "exact" : "TF32"));
            farthest = Math.max(farthest, Math.abs(other[0][i] - got[i]) / bound);
        }
        assertTrue(farthest > 4, what + " as close to the " + (exact ? "TF32" : "exact") + " sums: " + farthest);
    }

    /** The direction's float64 sums of a·b over the convolution's terms ([0]) and of their magnitudes ([1]). */
    private static double[][] reference(int direction, float[] a, float[] b, boolean tf32) {
        double[][] out = new double[2][direction == FORWARD ? size(Y) : direction == BACKWARD_DATA ? size(X) : size(W)];
        for (int n = 0; n < Y[0]; n++) {
            for (int k = 0; k < Y[1]; k++) {
                for (int p = 0; p < Y[2]; p++) {
                    for (int q = 0; q < Y[3]; q++) {
                        for (int c = 0; c < X[1]; c++) {
                            for (int r = 0; r < W[2]; r++) {
                                for (int t = 0; t < W[3]; t++) {
                                    int xi = ((n * X[1] + c) * X[2] + p + r) * X[3] + q + t;
                                    int wi = ((k * W[1] + c) * W[2] + r) * W[3] + t;
                                    int yi = ((n * Y[1] + k) * Y[2] + p) * Y[3] + q;
                                    int ai = direction == BACKWARD_DATA ? yi : xi;
                                    int bi = direction == BACKWARD_FILTER ? yi : wi;
                                    int oi = direction == FORWARD ? yi : direction == BACKWARD_DATA ? xi : wi;
                                    double term = (double) in(a[ai], tf32) * in(b[bi], tf32);
                                    out[0][oi] += term;
                                    out[1][oi] += Math.abs(term);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** v rounded to TF32's 10 mantissa bits, to nearest with ties away from zero, as the emulated cuDNN does. */
    private static float in(float v, boolean tf32) {
        return tf32 ? Float.intBitsToFloat((Float.floatToRawIntBits(v) + 0x1000) & 0xffffe000) : v;
    }

    private static float[] uniform(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static int size(int[] dims) {
        return dims[0] * dims[1] * dims[2] * dims[3];
    }

    /**
     * cuBLAS and cuDNN only "allow down-converting" FP32 inputs to TF32 (and cuBLAS to BF16), without saying how; the
     * emulated libraries round to nearest, as jace's own kernels do, and here truncate, as tensor cores fed float bits
     * do. The reduced-precision bounds of the parity and training tests, which the real libraries must meet on a GPU,
     * hold both ways.
     */
    @Test
    void theReducedPrecisionBoundsHoldWhereTheLibrariesTruncateTheirInputs() throws Throwable {
        assumeTrue(Boolean.getBoolean(EXPECTED), "runs in the cuda-libraries-on-cpu-emulator execution only");
        GpuAssumptions.assumeCuda();
        List<Metrics.Step> fp32 = CudaTrainingTest.fp32OnCuda();
        assertArrayEquals(new float[] {1 + 0x1p-10f, 1 + 0x1p-10f}, tf32Products(), "rounded to nearest");
        truncateInputs(1);
        try {
            assertArrayEquals(new float[] {1, 1}, tf32Products(), "truncated");
            CudaParityTest parity = new CudaParityTest();
            parity.matmul(Precision.TF32);
            parity.matmul(Precision.BF16);
            parity.conv2d(Precision.TF32);
            parity.liftingAndGroupConvBothAlgorithms(Precision.TF32);
            CudaTrainingTest.assertTracksFp32(fp32, Precision.TF32);
            CudaTrainingTest.assertTracksFp32(fp32, Precision.BF16);
        } finally {
            truncateInputs(0);
        }
    }

    /** (1 + 3·2^-12)·1 by a TF32 matmul and a TF32 1×1 convolution: 1 + 2^-10 rounded to nearest, 1 truncated. */
    private static float[] tf32Products() {
        try (CudaBackend b = new CudaBackend(CudaOptions.defaults().withPrecision(Precision.TF32));
             Tensor a = b.upload(new float[] {1 + 0x3p-12f}, Shape.of(1, 1, 1, 1));
             Tensor one = b.upload(new float[] {1}, Shape.of(1, 1, 1, 1));
             Tensor matmul = b.allocate(Shape.of(1, 1));
             Tensor conv = b.allocate(Shape.of(1, 1, 1, 1))) {
            b.matmul(a.reshape(Shape.of(1, 1)), false, one.reshape(Shape.of(1, 1)), false, matmul);
            b.conv2d(a, one, Padding.VALID, conv);
            return new float[] {b.download(matmul)[0], b.download(conv)[0]};
        }
    }

    private static void truncateInputs(int on) throws Throwable {
        setSwitch(NativeLibraries.system().cublas(), "jace_emu_cublas_truncate_inputs", on);
        setSwitch(NativeLibraries.system().cudnn(), "jace_emu_cudnn_truncate_inputs", on);
    }

    private static void refuseMallocsFrom(long bytes) throws Throwable {
        EmulatorHooks.hook(NativeLibraries.system().jace(), "jace_emu_refuse_mallocs_from",
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG)).invokeExact(bytes);
    }

    private static long poolWorkspaceCalls() throws Throwable {
        return EmulatorHooks.count(NativeLibraries.system().cublas(), "jace_emu_cublas_pool_workspace_calls");
    }

    private static int descriptorDestroys() throws Throwable {
        return (int) EmulatorHooks.hook(NativeLibraries.system().cudnn(), "jace_emu_cudnn_descriptor_destroys",
                FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
    }

    private static int findCalls() throws Throwable {
        return (int) EmulatorHooks.hook(NativeLibraries.system().cudnn(), "jace_emu_cudnn_find_calls",
                FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
    }

    private static void setSwitch(NativeLibrary library, String function, int value) throws Throwable {
        EmulatorHooks.hook(library, function, FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)).invokeExact(value);
    }
}
