package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;

/** SGD with momentum and Adam, elementwise in place; each element's update is computed in double. */
final class CpuOptim {

    private static final int CHUNK = 1 << 15;

    private CpuOptim() {
    }

    static void sgd(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay) {
        float[] p = CpuBackend.array(param);
        float[] g = CpuBackend.array(grad);
        float[] vel = CpuBackend.array(velocity);
        int chunks = (p.length + CHUNK - 1) / CHUNK;
        CpuParallel.forRange(chunks, CHUNK, chunk -> {
            for (int i = chunk * CHUNK, end = Math.min(p.length, i + CHUNK); i < end; i++) {
                double v = (double) momentum * vel[i] + (g[i] + (double) weightDecay * p[i]);
                vel[i] = (float) v;
                p[i] = (float) (p[i] - (double) lr * v);
            }
        });
    }

    static void adam(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                     float weightDecay, int step) {
        float[] p = CpuBackend.array(param);
        float[] g = CpuBackend.array(grad);
        float[] mv = CpuBackend.array(m);
        float[] vv = CpuBackend.array(v);
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        int chunks = (p.length + CHUNK - 1) / CHUNK;
        CpuParallel.forRange(chunks, 4L * CHUNK, chunk -> {
            for (int i = chunk * CHUNK, end = Math.min(p.length, i + CHUNK); i < end; i++) {
                double gi = g[i] + (double) weightDecay * p[i];
                double mi = beta1 * (double) mv[i] + (1 - (double) beta1) * gi;
                double vi = beta2 * (double) vv[i] + (1 - (double) beta2) * gi * gi;
                mv[i] = (float) mi;
                vv[i] = (float) vi;
                p[i] = (float) (p[i] - lr * (mi / correction1) / (Math.sqrt(vi / correction2) + eps));
            }
        });
    }
}
