package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.backend.SamplePasses;
import dev.jace.io.AtomicFiles;
import dev.jace.io.FloatArray;
import dev.jace.io.Npy;
import dev.jace.nn.Sequential;
import dev.jace.tensor.FiniteValues;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.train.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

@Command(name = "predict", description = "Runs a trained model on an NPY float32 batch [N, C, H, W] and writes the"
        + " outputs as NPY float32: a classifier's are its class scores [N, CLASSES] (logits, before the softmax; the"
        + " predicted class is the largest), a regression model's its output images.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--model", required = true, converter = PathOption.FileOrFolder.class,
            description = "Folder written by train, or a model.safetensors.")
    Path model;

    @Option(names = "--input", required = true, converter = PathOption.File.class,
            description = "NPY file of shape [N, C, H, W], little-endian float32"
            + " ('<f4'; '<f8' is rounded to float32), C-ordered, finite.")
    Path input;

    @Option(names = "--output", required = true, converter = PathOption.File.class,
            description = "NPY file to write; an existing file is replaced"
            + " only if it is an NPY file other than --input and the model. A device or named pipe (/dev/stdout) is"
            + " written as it is.")
    Path output;

    @Option(names = "--batch", converter = Numbers.AtLeastOne.class, description = "Samples per forward pass"
            + " (default: the batch the model was trained with, from config.json beside it; "
            + RunConfig.UNRECORDED_BATCH + " without one): the memory a pass takes grows with it. On the CPU the"
            + " outputs are bitwise the same for any value; on CUDA cuBLAS, cuDNN and --group-conv AUTO may pick"
            + " other algorithms for another batch size, which moves the last bits.")
    Integer batch;

    @Override
    public Integer call() throws Exception {
        requireReplaceableOutput();
        int samplesPerPass = RunConfig.samplesPerPass(batch, model, spec.commandLine().getErr());
        Shape given = Npy.shape(input);
        ModelSpec trained = ModelFile.spec(model);
        Shape want = trained.input();
        int[] dims = given.dims();
        if (dims.length != 4 || !Arrays.equals(Arrays.copyOfRange(dims, 1, 4), want.dims())) {
            throw new IllegalArgumentException(input + " has shape " + given + "; the model takes [N, "
                    + want.dim(0) + ", " + want.dim(1) + ", " + want.dim(2) + "]");
        }
        // Before the input's data are read and the passes run, as train checks its batches.
        BatchFit.ofTrained(trained, dims[0]).forwardProblem(samplesPerPass).ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), problem + (batch == null ? BatchFit.DEFAULT_BATCH : ""));
        });
        FloatArray x = Npy.read(input);
        try (Backend backend = backendOptions.open(); ModelFile.Loaded m = ModelFile.load(model, backend)) {
            requireFinite(x);
            FloatArray y;
            try (ProgressBar progress = new ProgressBar(TerminalLine.stream(false), "predict")) {
                y = forwardInBatches(backend, m.model(), x, samplesPerPass,
                        progress.passOver("forward passes", x.shape().dim(0)));
            }
            Npy.write(output, y);
            PrintWriter said = StandardOutput.isStandardOutput(output) ? spec.commandLine().getErr() : spec.commandLine().getOut();
            said.println("wrote " + y.shape() + " to " + output);
            said.flush();
            warnOfNonFinite(x, y, backend, m.model());
        }
        return 0;
    }

    /**
     * The model's outputs for every sample of {@code x}, at most {@code batch} samples per forward pass: a pass holds
     * every layer's activations for its samples, so the whole input at once can exhaust the memory its outputs fit in.
     * {@code done} is told after each pass how many samples are through.
     */
    static FloatArray forwardInBatches(Backend backend, Sequential model, FloatArray x, int batch, IntConsumer done) {
        Shape outShape = model.outputShape(x.shape());
        int outPerSample = outShape.sizeFrom(1);
        float[] outputs = new float[outShape.size()];
        SamplePasses.forEach(backend, x.values(), x.shape(), batch, (start, in) -> {
            float[] part = backend.download(model.forward(in, false));
            System.arraycopy(part, 0, outputs, start * outPerSample, part.length);
            done.accept(start + in.shape().dim(0));
        });
        return new FloatArray(outShape, outputs);
    }

    /**
     * predict replaces only an NPY file it could have written before: never its input or the model it runs (both were
     * lost that way), nor a file of another kind, such as a run's config.json; an empty one is taken as new. A device
     * or FIFO (/dev/null, /dev/stdout, a named pipe) is written in place, not replaced, and so is a file that a
     * descriptor leads to (/dev/stdout redirected with >> to a log): whatever it holds stays, the array added to it.
     */
    private void requireReplaceableOutput() throws IOException {
        OutFile.check(spec.commandLine(), "--output", output);
        if (!Files.isRegularFile(output) || Files.size(output) == 0) {
            return;
        }
        Path weights = Files.isDirectory(model) ? model.resolve(ModelFile.NAME) : model;
        boolean isInput = Files.exists(input) && Files.isSameFile(output, input);
        boolean isModel = Files.exists(weights) && Files.isSameFile(output, weights);
        if (isInput || isModel) {
            throw new ParameterException(spec.commandLine(), "--output " + output + " is the "
                    + (isModel ? "model" : "input") + " predict reads; give another file");
        }
        if (!AtomicFiles.writesInPlace(output) && !Npy.hasMagic(output)) {
            throw new ParameterException(spec.commandLine(), "--output " + output + " exists and is not an NPY file;"
                    + " predict replaces only NPY files, so give another file or remove it");
        }
    }

    /**
     * Outputs that overflowed float32 are written as computed, and said on stderr: a script reading them would not
     * know otherwise. Inputs far off the training data's scale are the usual cause, so the largest is named; where
     * they are in range, the model's largest weight is named as the likely cause.
     */
    private void warnOfNonFinite(FloatArray x, FloatArray y, Backend backend, Sequential model) {
        float[] values = y.values();
        int first = FiniteValues.firstNonFinite(values);
        if (first < 0) {
            return;
        }
        int perSample = y.shape().sizeFrom(1);
        int samples = y.shape().dim(0);
        long bad = nonFiniteFrom(values, first);
        long badSamples = IntStream.range(first / perSample, samples).filter(n -> IntStream.range(n * perSample,
                (n + 1) * perSample).anyMatch(i -> !Float.isFinite(values[i]))).count();
        float largest = FiniteValues.largestMagnitude(x.values());
        spec.commandLine().getErr().println("jace: " + bad + " of " + values.length + " outputs (in " + badSamples
                + " of " + samples + " samples) are NaN or infinite, the first " + values[first] + " at "
                + Arrays.toString(y.shape().coordinates(first)) + ": the forward pass overflowed float32; the largest"
                + " |input| is " + largest + (OverflowCause.inRange(largest) ? OverflowCause.theModel(backend, model)
                : ", so scale the inputs as the training data were"));
        spec.commandLine().getErr().flush();
    }

    /** A NaN or infinity would reach every output it touches through the convolutions, so name it instead. */
    private void requireFinite(FloatArray x) {
        float[] values = x.values();
        int first = FiniteValues.firstNonFinite(values);
        if (first >= 0) {
            long bad = nonFiniteFrom(values, first);
            throw new IllegalArgumentException(input + " holds " + bad + " non-finite value(s), the first "
                    + values[first] + " at " + Arrays.toString(x.shape().coordinates(first)) + "; replace or drop"
                    + " them");
        }
    }

    /** How many of {@code values} from {@code first} on are NaN or infinite. */
    private static long nonFiniteFrom(float[] values, int first) {
        return IntStream.range(first, values.length).filter(i -> !Float.isFinite(values[i])).count();
    }
}
