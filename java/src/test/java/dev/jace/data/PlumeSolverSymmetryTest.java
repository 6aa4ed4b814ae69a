package dev.jace.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plume's dynamics commute with D4 when everything they act on is transformed (density, source, flow and force),
 * so only the fixed body force breaks the symmetry: held up, it keeps the mirror across its axis and breaks rotations.
 * The transforms are written here in (row, column) index space, apart from jace's group code.
 */
class PlumeSolverSymmetryTest {

    private static final int SIZE = 12;
    private static final int STEPS = 6;

    /** A transform of the square grid: where cell (i, j) goes, and what it does to a (row, column) vector. */
    private enum Transform {
        /** Quarter turn counter-clockwise (numpy's rot90): (i, j) to (n−1−j, i), (dr, dc) to (−dc, dr). */
        ROTATE,
        /** Mirror of the columns: (i, j) to (i, n−1−j), (dr, dc) to (dr, −dc). */
        MIRROR;

        int cell(int i, int j) {
            return this == ROTATE ? (SIZE - 1 - j) * SIZE + i : i * SIZE + SIZE - 1 - j;
        }

        double[] vector(double dr, double dc) {
            return this == ROTATE ? new double[] {-dc, dr} : new double[] {dr, -dc};
        }

        float[] scalars(float[] field) {
            float[] out = new float[field.length];
            for (int i = 0; i < SIZE; i++) {
                for (int j = 0; j < SIZE; j++) {
                    out[cell(i, j)] = field[i * SIZE + j];
                }
            }
            return out;
        }

        /** {row, col} fields of a vector field. */
        double[][] vectors(double[] rows, double[] cols) {
            double[][] out = new double[2][rows.length];
            for (int i = 0; i < SIZE; i++) {
                for (int j = 0; j < SIZE; j++) {
                    double[] v = vector(rows[i * SIZE + j], cols[i * SIZE + j]);
                    out[0][cell(i, j)] = v[0];
                    out[1][cell(i, j)] = v[1];
                }
            }
            return out;
        }
    }

    private record State(float[] density, float[] source, double[] flowRow, double[] flowCol, double[] force) {

        static State random(long seed, double[] force) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] density = new float[SIZE * SIZE];
            float[] source = new float[SIZE * SIZE];
            double[] flowRow = new double[SIZE * SIZE];
            double[] flowCol = new double[SIZE * SIZE];
            for (int c = 0; c < SIZE * SIZE; c++) {
                density[c] = (float) random.nextDouble();
                source[c] = (float) random.nextDouble(0.1);
                flowRow[c] = random.nextDouble(-0.5, 0.5);
                flowCol[c] = random.nextDouble(-0.5, 0.5);
            }
            return new State(density, source, flowRow, flowCol, force);
        }

        /** g applied to every field; the force too only when {@code withForce}. */
        State transformed(Transform g, boolean withForce) {
            double[][] flow = g.vectors(flowRow, flowCol);
            return new State(g.scalars(density), g.scalars(source), flow[0], flow[1],
                    withForce ? g.vector(force[0], force[1]) : force);
        }

        float[] run() {
            PlumeSolver solver = new PlumeSolver(SIZE, 0.5, 0.2, flowRow, flowCol, force[0], force[1], source,
                    density);
            for (int t = 0; t < STEPS; t++) {
                solver.step();
            }
            return solver.density();
        }
    }

    private static double relativeDeviation(float[] expected, float[] actual) {
        double difference = 0;
        double norm = 0;
        for (int c = 0; c < expected.length; c++) {
            difference += Math.pow(actual[c] - expected[c], 2);
            norm += Math.pow(expected[c], 2);
        }
        return Math.sqrt(difference / norm);
    }

    @Test
    void theStepCommutesWithEachGeneratorWhenTheForceTurnsToo() {
        State state = State.random(5, new double[] {0.03, -0.02});
        for (Transform g : Transform.values()) {
            double deviation = relativeDeviation(g.scalars(state.run()), state.transformed(g, true).run());
            assertTrue(deviation < 1e-6, g + ": g·solve(x) and solve(g·x) differ by " + deviation);
        }
    }

    /** A force pointing up (to row 0) is its own mirror image under the column mirror, not under a quarter turn. */
    @Test
    void aFixedUpwardForceKeepsTheMirrorAndBreaksTheRotation() {
        State state = State.random(7, new double[] {-0.2, 0});
        double mirror = relativeDeviation(Transform.MIRROR.scalars(state.run()),
                state.transformed(Transform.MIRROR, false).run());
        double rotation = relativeDeviation(Transform.ROTATE.scalars(state.run()),
                state.transformed(Transform.ROTATE, false).run());
        assertTrue(mirror < 1e-6, "the mirror is broken by " + mirror);
        assertTrue(rotation > 0.05, "the quarter turn is kept to " + rotation);
    }
}
