package dev.jace.cli;

import dev.jace.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads and marks a run folder (train --out, or compare's runs/METHOD-sSEED) in tests of --resume. */
final class RunFolders {

    private RunFolders() {
    }

    /** Sets the seconds the run's checkpoint says were trained, to see afterwards that a run resumed from it. */
    static void markElapsedSeconds(Path run, double seconds) throws IOException {
        Path state = run.resolve(TrainingRun.CHECKPOINT).resolve("state.json");
        Map<String, Object> json = Json.parseObject(Files.readString(state));
        json.put("elapsedSeconds", seconds);
        Files.writeString(state, Json.writePretty(json));
    }

    /** summary.json's wall_seconds. */
    static double wallSeconds(Path run) throws IOException {
        return ((Number) Json.parseObject(Files.readString(run.resolve("summary.json"))).get("wall_seconds"))
                .doubleValue();
    }
}
