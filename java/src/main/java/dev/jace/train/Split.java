package dev.jace.train;

/** Which part of a data set. */
public enum Split { TRAIN, TEST }
