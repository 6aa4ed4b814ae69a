/*
 * The CPU's measured FP32 peak, the ceiling of issue #6's "CPU backend >= 30% of the 2-core FP32 peak on conv":
 * `cpu MHz` in a VM is usually the nominal clock, below the one the cores run at, so a peak derived from it
 * overstates every fraction of it (bench/RESULTS.md, 2026-12-05).
 *
 *   gcc -O2 -pthread bench/cpu-peak/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak [seconds per timing, default 1]
 *
 * Prints, per thread count from 1 to the online CPUs: the clock each thread runs at (chains of dependent integer
 * adds, one a cycle), and the FP32 rate of twelve independent vfmadd231ps chains in registers, 256-bit (AVX2 + FMA)
 * and, where the CPU has AVX-512F, 512-bit; each the best of three timings. Java's loops are no such ceiling: C2's
 * code for one loop ran at 44-108 GFLOP/s a thread on one machine, depending on where it was inlined.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CHAINS 12
#define FMA_ROUNDS 100000L /* rounds of CHAINS instructions between checks of the clock */

typedef long (*kernel)(double seconds);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define ADD10 "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t" \
              "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"

/* Dependent adds run until `seconds` have passed; returns the adds done. */
static long adds(double seconds) {
    long x = 0;
    long done = 0;
    double end = now() + seconds;
    while (now() < end) {
        for (int i = 0; i < 100000; i++) {
            __asm__ volatile(ADD10 ADD10 ADD10 ADD10 ADD10 ADD10 ADD10 ADD10 ADD10 ADD10 : "+r"(x));
        }
        done += 100000L * 100;
    }
    return done + (x & 0);
}

#define F256(r) "vfmadd231ps %%ymm12, %%ymm13, %%ymm" #r "\n\t"
#define F512(r) "vfmadd231ps %%zmm12, %%zmm13, %%zmm" #r "\n\t"

/*
 * NAME(seconds) runs CHAINS independent multiply-add chains of LANES floats, instruction F, until `seconds` have
 * passed and returns the FP32 operations done (a multiply-add counts two per lane); ISA is gcc's target for it.
 */
#define FMA_KERNEL(NAME, ISA, F, LANES)                                                                            \
    __attribute__((target(ISA))) static long NAME(double seconds) {                                                \
        long done = 0;                                                                                             \
        double end = now() + seconds;                                                                              \
        while (now() < end) {                                                                                      \
            for (long k = 0; k < FMA_ROUNDS; k++) {                                                                \
                __asm__ volatile(F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11) ::: "xmm0", "xmm1", \
                                 "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11");   \
            }                                                                                                      \
            done += FMA_ROUNDS * CHAINS * (LANES) * 2;                                                             \
        }                                                                                                          \
        return done;                                                                                               \
    }

FMA_KERNEL(fma256, "avx2,fma", F256, 8)
FMA_KERNEL(fma512, "avx512f", F512, 16)

struct job {
    kernel run;
    double seconds;
    long done;
};

static void *start(void *arg) {
    struct job *job = arg;
    job->done = job->run(job->seconds);
    return NULL;
}

/* Work per second of `run` on `threads` threads at once, the best of three timings. */
static double best_rate(kernel run, int threads, double seconds) {
    double best = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        pthread_t ids[threads];
        struct job jobs[threads];
        double t0 = now();
        for (int i = 0; i < threads; i++) {
            jobs[i] = (struct job){run, seconds, 0};
            if (pthread_create(&ids[i], NULL, start, &jobs[i]) != 0) {
                fprintf(stderr, "fma_peak: pthread_create failed\n");
                exit(1);
            }
        }
        long done = 0;
        for (int i = 0; i < threads; i++) {
            pthread_join(ids[i], NULL);
            done += jobs[i].done;
        }
        double rate = done / (now() - t0);
        best = rate > best ? rate : best;
    }
    return best;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (seconds <= 0 || seconds > 60 || cpus < 1) {
        fprintf(stderr, "usage: fma_peak [seconds per timing, above 0 and at most 60; default 1]\n");
        return 2;
    }
    __builtin_cpu_init();
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    int avx512 = __builtin_cpu_supports("avx512f");
    printf("threads  GHz per thread  FP32 GFLOP/s 256-bit  FP32 GFLOP/s 512-bit\n");
    for (int threads = 1; threads <= cpus; threads++) {
        double ghz = best_rate(adds, threads, seconds) / threads / 1e9;
        char r256[32] = "-";
        char r512[32] = "-";
        if (avx2) {
            snprintf(r256, sizeof r256, "%.1f", best_rate(fma256, threads, seconds) / 1e9);
        }
        if (avx512) {
            snprintf(r512, sizeof r512, "%.1f", best_rate(fma512, threads, seconds) / 1e9);
        }
        printf("%7d  %14.3f  %20s  %20s\n", threads, ghz, r256, r512);
    }
    if (!avx2) {
        printf("no AVX2 + FMA: the FP32 rates need them (x86-64 only)\n");
    }
    return 0;
}
