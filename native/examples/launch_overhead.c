/*
 * jace's C ABI from C: what a kernel launch costs without Java, the reference for FFM's share of a launch.
 *
 *   cc -std=c11 -I native/include native/examples/launch_overhead.c -L DIR -ljace -Wl,-rpath,DIR -o launch_overhead
 *
 * (DIR as in d4_lifting.c.) Times jace_noop, an empty kernel, on a stream of jace_stream_create, as bench's
 * FfmOverheadBench does through FFM, three ways:
 *  - in bursts of 32 launches, each burst timed alone between two drains of the stream (untimed), so that the
 *    launch queue never fills: the host's own cost of a launch (FfmOverheadBench.noopLaunchBurst);
 *  - enqueue only, without pause: once the queue is full each launch waits for a free slot, so this is the
 *    sustained launch rate, which the GPU may bound rather than the host (FfmOverheadBench.noopLaunch);
 *  - each launch followed by jace_stream_synchronize (FfmOverheadBench.noopLaunchSync).
 * Each figure is the mean of 5 rounds of 0.2 s after one of 0.5 s to warm up, one line each, e.g. (the figures are
 * made up):
 *
 *   launch from C, bursts of 32: 1.500 us per jace_noop (5 rounds, 320000 launches)
 *   launch from C, enqueue only: 2.000 us per jace_noop (5 rounds, 500000 launches)
 *   launch from C + synchronize: 6.000 us per jace_noop + jace_stream_synchronize (5 rounds, 160000 launches)
 *
 * jace gpu-report reads these lines from the device check's log of this program and judges FFM's share of a launch
 * as FfmOverheadBench.noopLaunchBurst less the first figure.
 * Exit status 0 when every call succeeded, 1 when one failed, 2 without a CUDA device.
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "jace.h"

/* BATCH is also the burst: far below the depth of a stream's launch queue (about a thousand launches). */
enum { ROUNDS = 5, BATCH = 32 };
static const double ROUND_SECONDS = 0.2, WARM_UP_SECONDS = 0.5;

enum mode { BURSTS, ENQUEUE_ONLY, SYNCHRONIZED };

static double seconds_now(void) {
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0) {
        perror("clock_gettime(CLOCK_MONOTONIC)");
        exit(1);
    }
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Launches in batches of BATCH for `seconds`; returns µs per launch over the timed batches and adds the launches to
 * *count. The stream is drained before and after the round and, in BURSTS mode, after each batch, all untimed. */
static double timed_round(cudaStream_t stream, enum mode mode, double seconds, long long *count) {
    CHECK(jace_stream_synchronize(stream));
    long long launches = 0;
    double timed = 0;
    const double start = seconds_now();
    do {
        const double batch_start = seconds_now();
        for (int i = 0; i < BATCH; i++) {
            CHECK(jace_noop(stream));
            if (mode == SYNCHRONIZED) CHECK(jace_stream_synchronize(stream));
        }
        timed += seconds_now() - batch_start;
        launches += BATCH;
        if (mode == BURSTS) CHECK(jace_stream_synchronize(stream));
    } while (seconds_now() - start < seconds);
    CHECK(jace_stream_synchronize(stream));
    *count += launches;
    return timed * 1e6 / (double)launches;
}

/* The mean over ROUNDS rounds after one warm-up round, as JMH averages its iterations. */
static double mean_us(cudaStream_t stream, enum mode mode, long long *count) {
    long long warm_up = 0;
    timed_round(stream, mode, WARM_UP_SECONDS, &warm_up);
    double sum = 0;
    for (int r = 0; r < ROUNDS; r++) sum += timed_round(stream, mode, ROUND_SECONDS, count);
    return sum / ROUNDS;
}

int main(void) {
    require_compatible_library();
    char name[256];
    require_device(name, sizeof name);
    printf("%s\n", name);
    cudaStream_t stream;
    CHECK(jace_stream_create(&stream));
    long long bursts = 0, enqueued = 0, synchronized = 0;
    const double burst_us = mean_us(stream, BURSTS, &bursts);
    printf("launch from C, bursts of %d: %.3f us per jace_noop (%d rounds, %lld launches)\n", BATCH, burst_us, ROUNDS,
           bursts);
    const double enqueue_us = mean_us(stream, ENQUEUE_ONLY, &enqueued);
    printf("launch from C, enqueue only: %.3f us per jace_noop (%d rounds, %lld launches)\n", enqueue_us, ROUNDS,
           enqueued);
    const double sync_us = mean_us(stream, SYNCHRONIZED, &synchronized);
    printf("launch from C + synchronize: %.3f us per jace_noop + jace_stream_synchronize (%d rounds, %lld launches)\n",
           sync_us, ROUNDS, synchronized);
    CHECK(jace_stream_destroy(stream));
    return 0;
}
