package dev.jace.cli;

import dev.jace.data.Dataset;
import dev.jace.data.DeviationProfile;
import dev.jace.data.Split;
import dev.jace.data.TaskConfig;
import dev.jace.data.Targets;
import dev.jace.data.Teacher;
import dev.jace.data.TeacherConfig;

import java.io.IOException;
import java.util.Optional;

/** A task's configuration, its data and, for the teacher, the target map's own deviation profile. */
record LoadedTask(TaskConfig config, Dataset dataset, Optional<DeviationProfile> groundTruth) {

    /**
     * Loads the task's data; the teacher also yields its ground-truth deviation profile. On a terminal a line says so
     * meanwhile, as making many large samples takes a while before anything else shows, and is cleared after.
     */
    static LoadedTask of(TaskConfig config) throws IOException {
        try (TerminalLine line = new TerminalLine(TerminalLine.stream(false), System::nanoTime)) {
            line.draw("loading the " + config.name() + " data ...", true);
            LoadedTask loaded = load(config);
            line.clear();
            return loaded;
        }
    }

    /**
     * The task's test split alone, for eval, which measures nothing else: the dataset holds it as both splits, the
     * training split being neither read nor made (a --data folder of only the t10k- files will do).
     */
    static LoadedTask testOf(TaskConfig config) throws IOException {
        try (TerminalLine line = new TerminalLine(TerminalLine.stream(false), System::nanoTime)) {
            line.draw("loading the " + config.name() + " test data ...", true);
            Split test = config.loadTest();
            line.clear();
            return new LoadedTask(config, new Dataset(config.name(), test, test, test.targets().kind(),
                    config.name() + " test split"), Optional.empty());
        }
    }

    private static LoadedTask load(TaskConfig config) throws IOException {
        if (config instanceof TeacherConfig t) {
            Teacher teacher = Teacher.generate(t);
            return new LoadedTask(config, teacher.dataset(), Optional.of(teacher.groundTruth()));
        }
        return new LoadedTask(config, config.load(), Optional.empty());
    }

    /** Number of classes; 0 for regression. */
    int classes() {
        return dataset.train().targets() instanceof Targets.Labels labels ? labels.classes() : 0;
    }
}
