package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.constraint.Method;
import dev.jace.train.DatasetData;
import dev.jace.train.Metrics;
import dev.jace.train.Split;
import dev.jace.train.Trainer;
import dev.jace.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "eval", description = "Evaluates a trained model (a train --out folder or its model.safetensors) on"
        + " the task's test split: loss, metric and output deviation per symmetry type.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TaskOptions task = new TaskOptions();

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--model", required = true, description = "Folder written by train, or a model.safetensors.")
    Path model;

    @Override
    public Integer call() throws Exception {
        LoadedTask loaded = task.load();
        DatasetData data = new DatasetData(loaded.dataset());
        try (Backend backend = backendOptions.open(); ModelFile.Loaded m = ModelFile.load(model, backend)) {
            if (!m.spec().input().equals(data.inputShape()) || m.spec().kind() != loaded.dataset().kind()) {
                throw new IllegalArgumentException("model " + model + " takes " + m.spec().input() + " inputs for "
                        + m.spec().kind() + ", task " + loaded.config().name() + " has " + data.inputShape() + " for "
                        + loaded.dataset().kind());
            }
            // A trainer without steps only evaluates; unconstrained adds no terms and leaves the model as it is.
            TrainerConfig config = TrainerConfig.defaults(Method.UNCONSTRAINED, data.task()).withBatchSize(64);
            try (Trainer trainer = new Trainer(backend, m.model(), m.spec().symmetry(), data, config,
                    new Metrics.Listener() { })) {
                Metrics.Evaluation e = trainer.evaluate(Split.TEST);
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "%s test: loss %.6g, %s %.6g, deviation %s%n", loaded.config().name(),
                        e.loss(), config.task().metricName(), e.metric(), e.deviation());
                out.flush();
            }
        }
        return 0;
    }
}
