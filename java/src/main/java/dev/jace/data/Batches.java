package dev.jace.data;

import java.util.SplittableRandom;

/**
 * Deterministic mini-batches of a split: {@link #shuffle} draws the sample order of an epoch from
 * {@code (seed, epoch)} alone, so epoch e has the same order however many epochs ran before it. The last batch
 * keeps the remainder (it is smaller when the batch size does not divide the count). {@link #fill} copies into
 * caller-provided arrays; labels are written as floats, as the backends' cross-entropy expects.
 */
public final class Batches {

    private final Split split;
    private final int batchSize;
    private final long seed;
    private final int[] order;

    public Batches(Split split, int batchSize, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.split = split;
        this.batchSize = batchSize;
        this.seed = seed;
        this.order = new int[split.count()];
        unshuffled();
    }

    /** Number of batches per epoch, the last possibly partial. */
    public int count() {
        return (split.count() + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Samples in batch {@code b}. */
    public int size(int b) {
        checkBatch(b);
        return Math.min(batchSize, split.count() - b * batchSize);
    }

    /** Sets the order of epoch {@code epoch}: a Fisher–Yates shuffle seeded by {@code (seed, epoch)}. */
    public void shuffle(int epoch) {
        unshuffled();
        // The golden-ratio stride gives distinct, well-mixed seeds for consecutive epochs.
        SplittableRandom random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1L));
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Restores the stored order (for evaluation). */
    public void unshuffled() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    /** Index in the split of the {@code i}-th sample of the current order. */
    public int sampleAt(int i) {
        return order[i];
    }

    /**
     * Copies batch {@code b} of the current order into the fronts of {@code inputs} and {@code targets} and returns
     * its size n; the arrays need room for n samples ({@link #size}; a full batch's room serves every batch), and
     * smaller ones are an {@link IllegalArgumentException}.
     */
    public int fill(int b, float[] inputs, float[] targets) {
        int n = size(b);
        int inSize = split.inputShape().size();
        int outSize = split.targets().sampleSize();
        if (inputs.length < n * inSize || targets.length < n * outSize) {
            throw new IllegalArgumentException("batch of " + n + " needs " + n * inSize + " input and "
                    + n * outSize + " target floats, got arrays of " + inputs.length + " and " + targets.length);
        }
        for (int i = 0; i < n; i++) {
            int sample = order[b * batchSize + i];
            System.arraycopy(split.inputs(), sample * inSize, inputs, i * inSize, inSize);
            switch (split.targets()) {
                case Targets.Values v -> System.arraycopy(v.values(), sample * outSize, targets, i * outSize, outSize);
                case Targets.Labels l -> targets[i] = l.labels()[sample];
            }
        }
        return n;
    }

    private void checkBatch(int b) {
        if (b < 0 || b >= count()) {
            throw new IndexOutOfBoundsException("batch " + b + " of " + count());
        }
    }
}
