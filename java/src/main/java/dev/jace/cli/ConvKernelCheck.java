package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The correctness run of {@code native/conv_gpu_check} without arguments (the device check's conv-kernels step): since
 * session 84 first a probe of the warp-level MMA facts the TF32 and BF16 kernels rest on (mma_sync_probe.cu), then
 * every conv entry point against a float64 reference, on Hopper the wgmma kernels last, after a probe of the wgmma
 * instruction's fragment layout, and since session 74 the wgmma main loop fed by tensor copies after all else, after a
 * probe of the tensor copies' swizzle and its descriptors.
 * What it says decides whether the times of {@code conv_gpu_check bench} ({@link ConvKernelBench}) are of right
 * results. Lines that are no FAIL, NOTE, SKIP, probe or last line are skipped.
 *
 * @param file         the log's file name
 * @param counts       the checks and failures of conv_gpu_check's last line; empty where the log ends before it (cut
 *                     short) or the program skipped
 * @param mmaSyncProbe the mma.sync probe's outcome (lines {@code mma.sync probe: …} and
 *                     {@code FAIL mma.sync probe …})
 * @param probe        the wgmma probe's outcome
 * @param tmaProbe     the tma probe's outcome (lines {@code tma probe: …} and {@code FAIL tma probe …})
 * @param failures     every {@code FAIL …} line, in the log's order
 * @param notes        every {@code NOTE …} line, in the log's order
 * @param skipped      the reason of a {@code SKIP …} line ({@code conv_gpu_check: no CUDA device}): it checked
 *                     nothing; empty without one
 */
record ConvKernelCheck(String file, Optional<Counts> counts, Probe mmaSyncProbe, Probe probe, Probe tmaProbe,
                       List<String> failures, List<String> notes, Optional<String> skipped) {

    /** conv_gpu_check's count of its checks and of those that failed. */
    record Counts(int checks, int failures) {
    }

    /**
     * A probe's outcome, here the wgmma probe's (on Hopper, before the wgmma kernels' checks): {@code PASSED},
     * {@code FAILED} (its {@code FAIL wgmma probe} line is among the failures), or {@code NOT_RUN}, without a probe
     * line: not a Hopper device, a conv_gpu_check from before the probe, or one stopped before it.
     */
    enum Probe { PASSED, FAILED, NOT_RUN }

    private static final String MMA_SYNC_PROBE_FAILURE = "FAIL mma.sync probe";
    private static final String PROBE_FAILURE = "FAIL wgmma probe";
    private static final String TMA_PROBE_FAILURE = "FAIL tma probe";
    private static final Pattern LAST = Pattern.compile("conv_gpu_check[\\w ]*: (\\d{1,9}) checks, (\\d{1,9}) "
            + "failures\\s*");
    private static final Pattern SKIP = Pattern.compile("SKIP (.*?)\\s*");
    /**
     * The FAIL lines of the wgmma kernels: a check under {@code JACE_CONV_KERNELS=wgmma} (or {@code wgmma-128},
     * {@code wgmma-192}, {@code wgmma-256}, {@code wgmma-tma}), a graph capture of them ({@code FAIL graph wgmma …}),
     * the probes, or their main loop on a plain GEMM ({@code FAIL wgmma plain gemm …}).
     */
    private static final Pattern WGMMA_FAILURE = Pattern.compile("FAIL (graph wgmma|wgmma probe|tma probe|wgmma plain "
            + "gemm).*|FAIL .*JACE_CONV_KERNELS=wgmma.*");

    ConvKernelCheck {
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
    }

    static ConvKernelCheck read(Path log) throws IOException {
        Optional<Counts> counts = Optional.empty();
        Probe mmaSyncProbe = Probe.NOT_RUN;
        Probe probe = Probe.NOT_RUN;
        Probe tmaProbe = Probe.NOT_RUN;
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Optional<String> skipped = Optional.empty();
        for (String line : StepLogs.lines(log)) {
            Matcher last = LAST.matcher(line);
            Matcher skip = SKIP.matcher(line);
            if (line.startsWith("FAIL ")) {
                failures.add(line.strip());
                if (line.startsWith(MMA_SYNC_PROBE_FAILURE)) {
                    mmaSyncProbe = Probe.FAILED;
                } else if (line.startsWith(PROBE_FAILURE)) {
                    probe = Probe.FAILED;
                } else if (line.startsWith(TMA_PROBE_FAILURE)) {
                    tmaProbe = Probe.FAILED;
                }
            } else if (line.startsWith("NOTE ")) {
                notes.add(line.strip());
            } else if (line.startsWith("mma.sync probe: ") && mmaSyncProbe == Probe.NOT_RUN) {
                mmaSyncProbe = Probe.PASSED;
            } else if (line.startsWith("wgmma probe: ") && probe == Probe.NOT_RUN) {
                probe = Probe.PASSED;
            } else if (line.startsWith("tma probe: ") && tmaProbe == Probe.NOT_RUN) {
                tmaProbe = Probe.PASSED;
            } else if (last.matches()) {
                counts = Optional.of(new Counts(Integer.parseInt(last.group(1)), Integer.parseInt(last.group(2))));
            } else if (skip.matches()) {
                skipped = Optional.of(skip.group(1));
            }
        }
        return new ConvKernelCheck(log.getFileName().toString(), counts, mmaSyncProbe, probe, tmaProbe, failures, notes,
                skipped);
    }

    /** The FAIL lines of the wgmma kernels (see {@link #WGMMA_FAILURE}), the probes' included. */
    List<String> wgmmaFailures() {
        return failures.stream().filter(f -> WGMMA_FAILURE.matcher(f).matches()).toList();
    }

    /** The FAIL lines of the other kernels, the default ones: every FAIL line that is not the wgmma kernels'. */
    List<String> otherFailures() {
        return failures.stream().filter(f -> !WGMMA_FAILURE.matcher(f).matches()).toList();
    }

    /**
     * Where the wgmma kernels failed the check, what a table or cell of their times must say beside them, as
     * {@code the wgmma kernels FAILED the kernel check (2 FAIL lines in `04-conv-kernels.log`), so their times are
     * of wrong results}; empty where none of their lines failed.
     */
    Optional<String> wgmmaWarning() {
        List<String> wgmma = wgmmaFailures();
        return wgmma.isEmpty() ? Optional.empty() : Optional.of("the wgmma kernels FAILED the kernel check ("
                + failLines(wgmma.size()) + "), so their times are of wrong results");
    }

    /**
     * Where the other kernels failed the check, a note for a figure measured on them, as {@code the kernel check
     * failed: 3 FAIL lines in `04-conv-kernels.log`}; empty where none of their lines failed.
     */
    Optional<String> otherWarning() {
        List<String> other = otherFailures();
        return other.isEmpty() ? Optional.empty() : Optional.of("the kernel check failed: " + failLines(other.size()));
    }

    /** {@code 1 FAIL line in `04-conv-kernels.log`}, {@code 2 FAIL lines in …}. */
    private String failLines(int n) {
        return n + (n == 1 ? " FAIL line" : " FAIL lines") + " in `" + file + "`";
    }
}
