package dev.jace.backend;

/** TEMP shim until branch scalars merges. */
final class TempScalars implements DeviceScalars {
    private final double[] staged;
    private final double[] live;

    TempScalars(int n) {
        staged = new double[n];
        live = new double[n];
    }

    static double value(DeviceScalar s) {
        return ((TempScalars) s.block()).live[s.index()];
    }

    static int step(float beta1, double correction1) {
        for (int t = 1; t < 10_000_000; t++) {
            if (1 - Math.pow(beta1, t) == correction1) {
                return t;
            }
        }
        throw new IllegalStateException();
    }

    public int size() { return live.length; }
    public void set(int i, double v) { staged[i] = v; }
    public void publish() { System.arraycopy(staged, 0, live, 0, live.length); }
    public void close() { }
}
