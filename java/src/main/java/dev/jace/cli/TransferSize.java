package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What carrying a bundle to a GPU host weighs where the transfer is limited (a device lease takes at most 64 MiB of
 * the working tree and the ignored paths carried with it): the bundle plus the git working tree it sits in, i.e. its
 * tracked files and its untracked files that git does not ignore, less any under the bundle.
 */
final class TransferSize {

    static final long MIB = 1L << 20;
    /** The transfer limit of a device lease. */
    static final long LIMIT = 64 * MIB;
    /** Above this the bundle says it is close to the limit: a few new files in the working tree would take it over. */
    static final long WARN_ABOVE = 60 * MIB;

    private TransferSize() {
    }

    /**
     * {@code transfer to a GPU host: bundle 54.3 MiB + working tree 3.9 MiB = 58.2 MiB} ({@code bundle archive} where
     * {@code archived}), with a warning of the headroom left above {@link #WARN_ABOVE} and that a lease refuses it
     * above {@link #LIMIT}, suggesting --archive where it was not given and bundling without --plots where
     * {@code plots} was; without a working tree ({@code tree} empty), the bundle alone.
     */
    static String describe(long bundle, boolean archived, Optional<Long> tree, boolean plots) {
        long total = bundle + tree.orElse(0L);
        String text = "transfer to a GPU host: bundle " + (archived ? "archive " : "") + mebibytes(bundle)
                + tree.map(t -> " + working tree " + mebibytes(t) + " (git's tracked and unignored files) = "
                        + mebibytes(total)).orElse(" (not in a git working tree)");
        String limit = mebibytes(LIMIT) + " limit of a device lease (working tree and carried paths)";
        List<String> fixes = new ArrayList<>();
        if (!archived) {
            fixes.add("bundle with --archive and carry DIR.tar.gz");
        }
        if (plots) {
            fixes.add("bundle without --plots");
        }
        if (total > LIMIT) {
            if (tree.isPresent()) {
                fixes.add("make the working tree smaller");
            }
            return text + "\nWARNING: " + mebibytes(total - LIMIT) + " over the " + limit + ", which refuses it"
                    + (fixes.isEmpty() ? "" : "; " + String.join(", or ", fixes));
        }
        return total <= WARN_ABOVE ? text : text + "\nWARNING: close to the " + limit + ", " + mebibytes(LIMIT - total)
                + " headroom: a few more files in the working tree take it over"
                + (fixes.isEmpty() ? "" : "; for more, " + String.join(", or ", fixes));
    }

    /**
     * The bytes of the git working tree holding the folder {@code bundle} (also through links), outside the bundle;
     * empty where it is in none or git cannot be run.
     */
    static Optional<Long> workingTree(Path bundle) throws IOException {
        Optional<String> top = git(bundle.getParent(), "rev-parse", "--show-toplevel");
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Path root = Path.of(top.get().strip());
        // git names the tree by its real path, so the bundle's files are told apart by the bundle's real path too.
        Path real = bundle.toRealPath();
        Optional<String> files = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        if (files.isEmpty()) {
            return Optional.empty();
        }
        long total = 0;
        for (String name : files.get().split("\0")) {
            Path file = root.resolve(name);
            if (!name.isEmpty() && !file.toAbsolutePath().normalize().startsWith(real) && Files.isRegularFile(file)) {
                total += Files.size(file);
            }
        }
        return Optional.of(total);
    }

    /** What {@code git ARGS} printed in {@code dir}, or empty where it failed, ran over 30 s or is not installed. */
    private static Optional<String> git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            return ChildProcess.run(command, false, 30).filter(r -> r.exitCode() == 0)
                    .map(ChildProcess.Result::output);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }
}
