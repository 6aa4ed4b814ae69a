package dev.jace.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The step logs {@code jace-device-check} leaves beside its result files: {@code NN-<step>.log}, NN the step's number,
 * which depends on the steps run before it.
 */
final class StepLogs {

    /** How the report names a step's log: {@code NN-<step>.log}, NN for any step number. */
    static final String PREFIX = "NN-";

    private StepLogs() {
    }

    /**
     * The log named {@code name} ({@code NN-<step>.log}) in {@code dir}, with NN any number; the highest where several
     * match (a step run twice: the later run).
     */
    static Optional<Path> latest(Path dir, String name) throws IOException {
        Pattern pattern = Pattern.compile("(\\d{1,9})-" + Pattern.quote(name.substring(PREFIX.length())));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> pattern.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f))
                    .max(Comparator.comparingInt(f -> number(pattern, f)));
        }
    }

    /**
     * A log's lines. Logs mix the output of several programs, so bytes that are not UTF-8 become U+FFFD rather than
     * an error.
     */
    static List<String> lines(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    }

    private static int number(Pattern pattern, Path file) {
        Matcher m = pattern.matcher(file.getFileName().toString());
        m.matches();
        return Integer.parseInt(m.group(1));
    }
}
