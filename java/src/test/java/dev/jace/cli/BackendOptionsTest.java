package dev.jace.cli;

import dev.jace.backend.Precision;
import dev.jace.backend.cuda.CudaOptions;
import dev.jace.backend.cuda.GroupConvAlgorithm;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The flags as the CUDA backend's options (built without opening a backend, so no GPU is needed). */
class BackendOptionsTest {

    private static CudaOptions parse(String... args) {
        BackendOptions options = new BackendOptions();
        new CommandLine(options).parseArgs(args);
        return options.cudaOptions();
    }

    @Test
    void defaultsUseCudnnAndTheAutotuner() {
        assertEquals(CudaOptions.defaults(), parse());
    }

    @Test
    void flagsReachTheCudaOptions() {
        assertEquals(CudaOptions.defaults().withPrecision(Precision.TF32).withGroupConv(GroupConvAlgorithm.DIRECT)
                .withCudnn(false), parse("--precision", "TF32", "--group-conv", "DIRECT", "--no-cudnn"));
        assertEquals(CudaOptions.defaults().withCudnn(false), parse("--no-cudnn"));
        assertEquals(CudaOptions.defaults().withDeterministic(true), parse("--deterministic"));
    }
}
