package dev.jace.cli;

import dev.jace.backend.cpu.CpuBackend;
import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaProbe;
import dev.jace.bindings.LibraryReport;
import dev.jace.bindings.NativeLibraries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

@Command(name = "info", description = "Backends, GPU and driver, and which CUDA libraries were found where.")
final class InfoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : new VersionInfo().getVersion()) {
            out.println(line);
        }
        try (CpuBackend cpu = new CpuBackend()) {
            out.println("cpu backend: " + cpu.name());
            out.println("  gemm: " + cpu.gemmKernel());
        }
        CudaProbe probe = CudaBackend.probe();
        LibraryReport libraries = NativeLibraries.system().report();
        out.println("cuda backend: " + (probe.available() ? "available" : "unavailable"));
        out.println("  " + ProbeReason.of(probe, libraries).replace("\n", "\n  "));
        if (probe.available()) {
            out.println("  " + opened());
        }
        out.println("libraries:");
        out.print(libraries.format().indent(2));
        out.flush();
    }

    /** The engines a default CUDA backend takes here (cuBLAS and cuDNN, or libjace's kernels and why). */
    private static String opened() {
        try (CudaBackend cuda = new CudaBackend()) {
            return "opened as " + cuda.name();
        } catch (RuntimeException e) {
            return "opening it failed: " + e.getMessage();
        }
    }
}
