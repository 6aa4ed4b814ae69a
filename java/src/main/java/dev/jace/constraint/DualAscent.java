package dev.jace.constraint;

import static dev.jace.tensor.FiniteValues.finiteAtLeastZero;

/**
 * Dual and slack updates, with r = c − ε − u (u = 0 unless resilient):
 * <pre>
 * λ ← max(0, λ + η_d·r)      inequality, resilient
 * λ ← λ + η_d·r              equality (no projection)
 * u ← max(0, u − η_u·(α·u − λ))   resilient only
 * </pre>
 * λ's update (the dual step) runs after every {@code period}-th primal step (steps period−1, 2·period−1, ...), the
 * resilient slack's after every primal step. The updates
 * themselves are {@link dev.jace.backend.DualUpdate}'s, run by the primal-dual loop.
 */
public record DualAscent(double dualStepSize, double slackStepSize, int period) {

    public DualAscent {
        if (!finiteAtLeastZero(dualStepSize) || !finiteAtLeastZero(slackStepSize) || period < 1) {
            throw new IllegalArgumentException("dual ascent needs finite step sizes >= 0 and period >= 1, got η_d=" + dualStepSize
                    + " η_u=" + slackStepSize + " k=" + period);
        }
    }

    public boolean isDualStep(long step) {
        return (step + 1) % period == 0;
    }
}
