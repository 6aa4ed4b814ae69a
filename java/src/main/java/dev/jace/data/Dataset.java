package dev.jace.data;

/** A named train/test pair; both splits have the same input shape and target kind. */
public record Dataset(String name, Split train, Split test, TaskKind kind, String description) {

    public Dataset {
        if (!train.inputShape().equals(test.inputShape())) {
            throw new IllegalArgumentException(name + ": train inputs " + train.inputShape()
                    + " and test inputs " + test.inputShape() + " differ in shape");
        }
        if (train.targets().kind() != kind || test.targets().kind() != kind) {
            throw new IllegalArgumentException(name + ": a " + kind + " dataset needs "
                    + (kind == TaskKind.REGRESSION ? "value" : "label") + " targets in both splits");
        }
    }
}
