package dev.jace.data;

/**
 * One smoke simulation on an {@code S × S} grid of unit cells (row i, column j; cell centres at integer points).
 * A step: semi-Lagrangian advection (trace each cell centre back along the velocity for dt, sample by bilinear
 * interpolation, zero outside the box), then explicit diffusion with zero-flux walls (conserves mass exactly),
 * then the source. The velocity is a fixed flow plus a drift that grows by {@code dt · force} each step, i.e. a
 * constant body-force acceleration.
 */
public final class PlumeSolver {

    private final int size;
    private final double dt;
    private final double diffusion;
    private final double[] flowRow;
    private final double[] flowCol;
    private final double forceRow;
    private final double forceCol;
    private final float[] source;
    private final float[] density;
    private final float[] scratch;
    private int steps;

    /**
     * {@code flowRow/flowCol} are the flow's row and column velocity per cell, {@code force} the acceleration
     * vector (row, column), {@code source} the amount added per unit time per cell; {@code density} the initial
     * state (copied).
     */
    public PlumeSolver(int size, double dt, double diffusion, double[] flowRow, double[] flowCol, double forceRow,
                       double forceCol, float[] source, float[] density) {
        this.size = size;
        this.dt = dt;
        this.diffusion = diffusion;
        this.flowRow = flowRow;
        this.flowCol = flowCol;
        this.forceRow = forceRow;
        this.forceCol = forceCol;
        this.source = source;
        this.density = density.clone();
        this.scratch = new float[density.length];
    }

    public void step() {
        double time = steps * dt;
        double driftRow = forceRow * time;
        double driftCol = forceCol * time;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int c = i * size + j;
                double row = i - dt * (flowRow[c] + driftRow);
                double col = j - dt * (flowCol[c] + driftCol);
                scratch[c] = (float) ImageRotation.bilinear(density, 0, size, row, col);
            }
        }
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int c = i * size + j;
                double here = scratch[c];
                // A missing neighbour (wall) counts as equal to this cell: no flux through the wall.
                double up = i > 0 ? scratch[c - size] : here;
                double down = i < size - 1 ? scratch[c + size] : here;
                double left = j > 0 ? scratch[c - 1] : here;
                double right = j < size - 1 ? scratch[c + 1] : here;
                density[c] = (float) (here + dt * diffusion * (up + down + left + right - 4 * here)
                        + dt * source[c]);
            }
        }
        steps++;
    }

    /** The current density (a copy). */
    public float[] density() {
        return density.clone();
    }

    /** Total mass, accumulated in double. */
    public double mass() {
        double sum = 0;
        for (float v : density) {
            sum += v;
        }
        return sum;
    }

    /** Centre of mass (row, column). */
    public double[] centreOfMass() {
        double m = 0;
        double r = 0;
        double c = 0;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double v = density[i * size + j];
                m += v;
                r += v * i;
                c += v * j;
            }
        }
        return new double[] {r / m, c / m};
    }
}
