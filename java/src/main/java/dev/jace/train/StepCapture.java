package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.CapturedWork;

/**
 * When a training step's device work runs as captured work ({@link Backend#capture}) and when it runs directly. The
 * work of consecutive steps is the same host code over the same tensors as long as its key is equal (the key holds
 * the batch tensors and which constraint terms add a gradient), so it is captured once and replayed. Capture needs
 * every buffer the work uses to exist already, so a key is captured only at its second consecutive step, the first
 * one running directly. Anything else that runs on the model in between (evaluation, a step of another key) may
 * reallocate those buffers or advance the readings' measurement counters: {@link #invalidate} drops the capture.
 */
final class StepCapture implements AutoCloseable {

    private final Backend backend;
    private CapturedWork captured;
    /** The key of {@link #captured}, or of the last step that ran directly (then {@code captured} is null). */
    private Object key;

    StepCapture(Backend backend) {
        this.backend = backend;
    }

    /** Runs {@code work} (a step's device work, for {@code stepKey}): replayed, captured then replayed, or directly. */
    void run(Object stepKey, Runnable work) {
        if (captured != null && stepKey.equals(key)) {
            captured.replay();
            return;
        }
        boolean ranBefore = captured == null && stepKey.equals(key);
        invalidate();
        key = stepKey;
        if (!ranBefore) {
            work.run();
            return;
        }
        try {
            captured = backend.capture(work);
        } catch (IllegalStateException e) {
            key = null;
            throw new IllegalStateException("trainer: this model's training step cannot be captured (" + e.getMessage()
                    + "); train without step capture", e);
        }
        captured.replay();
    }

    /** Forgets the capture and the last direct step: the next step runs directly. */
    void invalidate() {
        if (captured != null) {
            captured.close();
            captured = null;
        }
        key = null;
    }

    @Override
    public void close() {
        invalidate();
    }
}
