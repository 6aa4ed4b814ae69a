package dev.jace.backend.cpu;

import dev.jace.backend.DeviceScalar;
import dev.jace.tensor.Tensor;

/**
 * SGD with momentum and Adam, elementwise in place; each element's update is computed in double. The versions taking
 * {@link DeviceScalar}s read them here, when the op executes.
 */
final class CpuOptim {

    private static final int CHUNK = 1 << 15;

    private CpuOptim() {
    }

    static void sgd(Tensor param, Tensor grad, Tensor velocity, DeviceScalar lr, float momentum, float weightDecay) {
        sgd(param, grad, velocity, (float) CpuScalars.value(lr), momentum, weightDecay);
    }

    static void sgd(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay) {
        float[] p = CpuBackend.array(param);
        float[] g = CpuBackend.array(grad);
        float[] vel = CpuBackend.array(velocity);
        CpuChunks.forEach(p.length, CHUNK, CHUNK, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                double v = (double) momentum * vel[i] + (g[i] + (double) weightDecay * p[i]);
                vel[i] = (float) v;
                p[i] = (float) (p[i] - (double) lr * v);
            }
        });
    }

    static void adam(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                     float weightDecay, int step) {
        adamUpdate(param, grad, m, v, lr, 1 - Math.pow(beta1, step), 1 - Math.pow(beta2, step), beta1, beta2, eps,
                weightDecay);
    }

    static void adam(Tensor param, Tensor grad, Tensor m, Tensor v, DeviceScalar lr, DeviceScalar correction1,
                     DeviceScalar correction2, float beta1, float beta2, float eps, float weightDecay) {
        adamUpdate(param, grad, m, v, (float) CpuScalars.value(lr), CpuScalars.value(correction1),
                CpuScalars.value(correction2), beta1, beta2, eps, weightDecay);
    }

    /** One Adam step with the bias corrections {@code 1 - beta^t} given. */
    private static void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, double correction1,
                                   double correction2, float beta1, float beta2, float eps, float weightDecay) {
        float[] p = CpuBackend.array(param);
        float[] g = CpuBackend.array(grad);
        float[] mv = CpuBackend.array(m);
        float[] vv = CpuBackend.array(v);
        CpuChunks.forEach(p.length, CHUNK, 4L * CHUNK, (chunk, from, to) -> {
            for (int i = from; i < to; i++) {
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
