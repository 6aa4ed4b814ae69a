package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code jace bench --json FILE} file read back ({@link BenchCommand} writes it): the machine, the config's name,
 * whether the run finished (bench rewrites the file after every row, so a run stopped early leaves the rows it
 * measured; files from before that field are complete), the rows, each as the {@link BenchRow} it was written from,
 * per backend kind the name of the backend its EXPANDED rows ran on (which says whether the baseline's
 * convolution was cuDNN; empty in files from before that field), the run's notes (what it could not measure;
 * the cuDNN algorithms of a CUDA baseline), and the {@code JACE_CONV_KERNELS} value it ran under
 * ({@link ConvKernelsVariable}: {@code auto} for the default kernels; empty in files from before that field).
 */
record BenchResults(Path file, MachineInfo machine, String config, boolean complete, List<BenchRow> rows,
                    Map<String, String> expandedBackends, List<String> notes, Optional<String> convKernels) {

    BenchResults {
        rows = List.copyOf(rows);
        expandedBackends = Map.copyOf(expandedBackends);
        notes = List.copyOf(notes);
    }

    static BenchResults read(Path file) throws IOException {
        JsonFields doc = JsonFields.readObject(file);
        MachineInfo machine = MachineInfo.fromJson(doc.object("machine"));
        List<BenchRow> rows = new ArrayList<>();
        for (JsonFields r : doc.objects("rows")) {
            double median = r.number("medianMs");
            double work = r.number("work");
            if (!(median > 0) || !(work > 0)) {
                throw r.problem("medianMs and work should be positive, found " + median + " and " + work);
            }
            rows.add(new BenchRow(r.string("backend"), r.string("op"), r.string("group"), r.string("shape"),
                    r.string("precision"), r.string("algorithm"), median, r.number("minMs"), work, r.string("unit"),
                    r.has("ratio") ? r.number("ratio") : null));
        }
        return new BenchResults(file, machine, doc.string("config"), !doc.has("complete") || doc.bool("complete"),
                rows, doc.stringsOrEmpty("expandedBackends"), doc.stringListOrEmpty("notes"),
                doc.has("convKernels") ? Optional.of(doc.string("convKernels")) : Optional.empty());
    }

    /** The rows of {@code backend}. */
    List<BenchRow> rows(String backend) {
        return rows.stream().filter(r -> r.backend().equals(backend)).toList();
    }
}
