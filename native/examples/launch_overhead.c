/*
 * jace's C ABI from C: what a kernel launch costs without Java, the reference for FFM's share of a launch.
 *
 *   cc -std=c11 -I native/include native/examples/launch_overhead.c -L DIR -ljace -Wl,-rpath,DIR -o launch_overhead
 *
 * (DIR as in d4_lifting.c.) Times jace_noop, an empty kernel, on a stream of jace_stream_create, as bench's
 * FfmOverheadBench does through FFM: enqueue only (once the stream's launch queue is full, the loop runs at the
 * sustained launch rate; the drain after each round is not counted), then each launch followed by
 * jace_stream_synchronize. Each figure is the mean of 5 rounds of 0.2 s after one of 0.5 s to warm up:
 *
 *   launch from C, enqueue only: 2.104 us per jace_noop (5 rounds, 475123 launches)
 *   launch from C + synchronize: 5.871 us per jace_noop + jace_stream_synchronize (5 rounds, 170301 launches)
 *
 * jace gpu-report reads these lines from the device check's log of this program and judges FFM's share of a launch:
 * FfmOverheadBench.noopLaunch less the first figure.
 * Exit status 0 when every call succeeded, 1 when one failed, 2 without a CUDA device.
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "jace.h"

enum { ROUNDS = 5, BATCH = 32 };
static const double ROUND_SECONDS = 0.2, WARM_UP_SECONDS = 0.5;

static double seconds_now(void) {
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0) {
        perror("clock_gettime(CLOCK_MONOTONIC)");
        exit(1);
    }
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Launches in batches of BATCH until `seconds` have passed; returns µs per launch and adds the launches to *count.
 * The stream is drained before and after, outside the timed span. */
static double timed_round(cudaStream_t stream, int synchronize, double seconds, long long *count) {
    CHECK(jace_stream_synchronize(stream));
    long long launches = 0;
    const double start = seconds_now();
    double elapsed;
    do {
        for (int i = 0; i < BATCH; i++) {
            CHECK(jace_noop(stream));
            if (synchronize) CHECK(jace_stream_synchronize(stream));
        }
        launches += BATCH;
        elapsed = seconds_now() - start;
    } while (elapsed < seconds);
    CHECK(jace_stream_synchronize(stream));
    *count += launches;
    return elapsed * 1e6 / (double)launches;
}

/* The mean over ROUNDS rounds after one warm-up round, as JMH averages its iterations. */
static double mean_us(cudaStream_t stream, int synchronize, long long *count) {
    long long warm_up = 0;
    timed_round(stream, synchronize, WARM_UP_SECONDS, &warm_up);
    double sum = 0;
    for (int r = 0; r < ROUNDS; r++) sum += timed_round(stream, synchronize, ROUND_SECONDS, count);
    return sum / ROUNDS;
}

int main(void) {
    char name[256];
    require_device(name, sizeof name);
    printf("%s\n", name);
    cudaStream_t stream;
    CHECK(jace_stream_create(&stream));
    long long enqueued = 0, synchronized = 0;
    const double enqueue_us = mean_us(stream, 0, &enqueued);
    printf("launch from C, enqueue only: %.3f us per jace_noop (%d rounds, %lld launches)\n", enqueue_us, ROUNDS,
           enqueued);
    const double sync_us = mean_us(stream, 1, &synchronized);
    printf("launch from C + synchronize: %.3f us per jace_noop + jace_stream_synchronize (%d rounds, %lld launches)\n",
           sync_us, ROUNDS, synchronized);
    CHECK(jace_stream_destroy(stream));
    return 0;
}
