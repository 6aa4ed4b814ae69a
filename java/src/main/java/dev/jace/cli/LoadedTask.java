package dev.jace.cli;

import dev.jace.data.Dataset;
import dev.jace.data.DeviationProfile;
import dev.jace.data.TaskConfig;
import dev.jace.data.Targets;

import java.util.Optional;

/** A task's configuration, its data and, for the teacher, the target map's own deviation profile. */
record LoadedTask(TaskConfig config, Dataset dataset, Optional<DeviationProfile> groundTruth) {

    /** Number of classes; 0 for regression. */
    int classes() {
        return dataset.train().targets() instanceof Targets.Labels labels ? labels.classes() : 0;
    }
}
