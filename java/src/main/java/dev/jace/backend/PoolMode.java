package dev.jace.backend;

/** Reduction used by pooling over the group axis. */
public enum PoolMode {
    MAX,
    MEAN
}
