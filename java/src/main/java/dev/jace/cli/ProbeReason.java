package dev.jace.cli;

import dev.jace.backend.cuda.CudaProbe;
import dev.jace.bindings.LibraryReport;

/**
 * What {@code jace info} says of the CUDA backend's probe. Apart from InfoCommand because picocli reads that class's
 * declared methods, whose types must then load, and a CPU-only installation may lack the bindings jar.
 */
final class ProbeReason {

    private ProbeReason() {
    }

    /**
     * The probe's summary, unless it is a missing library's entry of {@code libraries}, which info prints anyway:
     * then the library's name and where to read the rest, so the search list and fix appear once.
     */
    static String of(CudaProbe probe, LibraryReport libraries) {
        return probe.available() ? probe.summary() : libraries.libraries().stream()
                .filter(e -> !e.found() && e.detail().equals(probe.summary())).findFirst()
                .map(e -> e.library() + " not found (where jace looked, and the fix: under libraries below)")
                .orElse(probe.summary());
    }
}
