/*
 * jace's C ABI from C: a D4 lifting convolution on the GPU, checked against a plain loop on the host, and the
 * equivariance deviation of that layer measured on the GPU (f(g.x) against g.f(x) for every element g of D4).
 *
 *   cc -std=c11 -I native/include native/examples/d4_lifting.c -L DIR -ljace -lm -Wl,-rpath,DIR -o d4_lifting
 *
 * where DIR holds libjace.so: native/target/native-classes/dev/jace/native/linux-x86_64 after a Maven build; in a
 * bundle (bin/jace bundle), the same path inside lib/jace-native-*.jar, taken out as its README.txt says.
 * Exit status 0 when both checks pass, 1 when one fails or a call fails, 2 without a CUDA device.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "jace.h"

enum { N = 2, CIN = 1, COUT = 3, H = 9, W = 9, K = 3, G = 8 };

/* D4 element e = r^(e % 4) m^(e / 4): first the mirror m (flip of the last axis) when e >= 4, then e % 4
 * counter-clockwise quarter turns. r^a m^f r^b m^g = r^(a + (f ? -b : b)) m^(f xor g). */
static jace_group d4(void) {
    jace_group g = {.order = G};
    for (int e = 0; e < G; e++) {
        g.rotation[e] = e % 4;
        g.flip[e] = e / 4;
    }
    for (int a = 0; a < G; a++) {
        for (int b = 0; b < G; b++) {
            int turns = (g.rotation[a] + (g.flip[a] ? 4 - g.rotation[b] : g.rotation[b])) % 4;
            int product = turns + 4 * (g.flip[a] ^ g.flip[b]);
            g.compose[a * G + b] = product;
            if (product == 0) {
                g.inverse[a] = b;
            }
        }
    }
    return g;
}

/* Element e's copy of a K×K filter at (i, j): the filter flipped when e >= 4, then turned e % 4 times. */
static float acted(const float *filter, int e, int i, int j) {
    for (int t = 0; t < e % 4; t++) { /* numpy rot90 once: out[i][j] = in[j][K-1-i] */
        int row = j;
        j = K - 1 - i;
        i = row;
    }
    if (e >= 4) {
        j = K - 1 - j;
    }
    return filter[i * K + j];
}

static float uniform(unsigned *state) {
    *state = *state * 1664525u + 1013904223u;
    return (float)(*state >> 8) / (float)(1u << 24) * 2.0f - 1.0f;
}

int main(void) {
    require_compatible_library();
    char name[256];
    require_device(name, sizeof name);

    enum { X = N * CIN * H * W, WT = COUT * CIN * K * K, Y = N * COUT * G * H * W };
    static float x[X], w[WT], y[Y], deviation[G * N], norm[N];
    unsigned seed = 7;
    for (int i = 0; i < X; i++) x[i] = uniform(&seed);
    for (int i = 0; i < WT; i++) w[i] = uniform(&seed);
    const jace_group group = d4();
    int elements[G];
    for (int e = 0; e < G; e++) elements[e] = e;
    const jace_conv_shape shape = {.n = N, .cin = CIN, .cout = COUT, .h = H, .w = W, .k = K, .pad = K / 2};
    jace_conv_shape shape_gx = shape;
    shape_gx.n = G * N;

    float *dx, *dw, *dy, *dgx, *dfgx, *ddev, *dnorm;
    CHECK(jace_malloc((void **)&dx, sizeof x));
    CHECK(jace_malloc((void **)&dw, sizeof w));
    CHECK(jace_malloc((void **)&dy, sizeof y));
    CHECK(jace_malloc((void **)&dgx, G * sizeof x));
    CHECK(jace_malloc((void **)&dfgx, G * sizeof y));
    CHECK(jace_malloc((void **)&ddev, sizeof deviation));
    CHECK(jace_malloc((void **)&dnorm, sizeof norm));
    cudaStream_t stream;
    CHECK(jace_stream_create(&stream));

    /* Everything is enqueued on one stream; the host waits once, at the end. */
    CHECK(jace_memcpy_htod_async(dx, x, sizeof x, stream));
    CHECK(jace_memcpy_htod_async(dw, w, sizeof w, stream));
    CHECK(jace_lifting_conv_forward(dx, dw, dy, &group, &shape, JACE_PRECISION_FP32, stream));           /* f(x) */
    CHECK(jace_group_action(dx, dgx, &group, elements, G, JACE_REP_IMAGE, N, CIN, H, W, stream));        /* g.x */
    CHECK(jace_lifting_conv_forward(dgx, dw, dfgx, &group, &shape_gx, JACE_PRECISION_FP32, stream));     /* f(g.x) */
    CHECK(jace_equivariance_deviation(dfgx, dy, &group, elements, G, JACE_REP_GROUP_MAP, N, COUT, H, W, ddev,
                                      dnorm, stream));
    CHECK(jace_memcpy_dtoh_async(y, dy, sizeof y, stream));
    CHECK(jace_memcpy_dtoh_async(deviation, ddev, sizeof deviation, stream));
    CHECK(jace_memcpy_dtoh_async(norm, dnorm, sizeof norm, stream));
    CHECK(jace_stream_synchronize(stream));

    /* y[n, o, e] is x[n] cross-correlated with element e's copy of filter o; float64 on the host. */
    double worst = 0;
    for (int n = 0; n < N; n++)
        for (int o = 0; o < COUT; o++)
            for (int e = 0; e < G; e++)
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++) {
                        double sum = 0, scale = 0;
                        for (int c = 0; c < CIN; c++)
                            for (int u = 0; u < K; u++)
                                for (int v = 0; v < K; v++) {
                                    int r = i + u - K / 2, s = j + v - K / 2;
                                    if (r < 0 || r >= H || s < 0 || s >= W) continue;
                                    double term = (double)x[((n * CIN + c) * H + r) * W + s] *
                                                  acted(w + (o * CIN + c) * K * K, e, u, v);
                                    sum += term;
                                    scale += fabs(term);
                                }
                        double error = fabs(y[(((n * COUT + o) * G + e) * H + i) * W + j] - sum) / (scale + 1e-30);
                        worst = error > worst ? error : worst;
                    }
    double relative = 0;
    for (int s = 0; s < G * N; s++) {
        double r = deviation[s] / norm[s % N];
        relative = r > relative ? r : relative;
    }
    printf("%s: D4 lifting conv [%d, %d, %d, %d, %d]: largest error against float64 %.2e of the terms' scale; "
           "largest relative equivariance deviation %.2e\n", name, N, COUT, G, H, W, worst, relative);

    CHECK(jace_stream_destroy(stream));
    float *buffers[] = {dx, dw, dy, dgx, dfgx, ddev, dnorm};
    for (int i = 0; i < 7; i++) CHECK(jace_free(buffers[i]));
    /* FP32 sums of at most 9 terms; the lifting conv is exactly equivariant up to the order of those sums. */
    if (worst > 1e-6 || relative > 1e-12) {
        fprintf(stderr, "FAILED: error %.2e (limit 1e-6), deviation %.2e (limit 1e-12)\n", worst, relative);
        return 1;
    }
    return 0;
}
