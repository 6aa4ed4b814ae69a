package dev.jace.data;

/** What a dataset's targets are: images to regress, or class labels. */
public enum TaskKind {
    REGRESSION,
    CLASSIFICATION
}
