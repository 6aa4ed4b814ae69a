/* Emulator test of JACE_EMU_SCHEDULE. This program runs itself as a child under each schedule; the child launches a
 * deliberately racy kernel that records the order in which its blocks and, in each barrier interval, its threads
 * ran, and whose result depends on that order. The parent checks that forward and reverse run in ascending and
 * descending order and give the racy kernel different results, that shuffle permutes afresh each round, lets warps
 * run ahead of others and repeats for a seed, that warp shuffles still exchange correctly, and that a bad value and a
 * fatal error name the schedule; that threads waiting at two different __syncthreads(), a warp-collective operation
 * by part of a warp and device code outside a launch are refused, and that several host threads run grids, each with
 * its own runner. */
#include <unistd.h>

#include <climits>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>

#include "emu_check.h"

using namespace emu_check;

namespace {

constexpr int kBlocks = 16, kThreads = 64, kRounds = 3;
typedef std::vector<int> Ints;
typedef std::map<std::string, Ints> Record; /* the child's output: a line "key: v v v" per entry */

/* On a GPU every access of *ticket, slot[] and last_warp_done below would be a race. In the emulator one thread runs
 * at a time, so a thread's ticket is its position in the launch; neighbour[] reads the slot that the next thread
 * writes in the same interval, already written when that thread ran first; and thread 0 sees the last warp done with
 * its shuffles only when that warp ran ahead of warp 0. */
void racy_kernel(int *ticket, int *tickets, int *neighbour, int *saw_run_ahead, int *saw_first_ahead,
                 int *warp_sums) {
    __shared__ int slot[kThreads];
    __shared__ int last_warp_done, first_warp_done;
    const int t = threadIdx.x, b = blockIdx.x;
    slot[t] = 0;
    last_warp_done = 0;
    first_warp_done = 0;
    for (int r = 0; r < kRounds; ++r) {
        __syncthreads();
        tickets[(b * kRounds + r) * kThreads + t] = (*ticket)++;
    }
    __syncthreads();
    slot[t] = t + 1;
    neighbour[b * kThreads + t] = slot[(t + 1) % kThreads];
    if (t == 0) saw_run_ahead[b] = last_warp_done;
    if (t == kThreads - 1) saw_first_ahead[b] = first_warp_done;
    int v = t;
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    warp_sums[b * kThreads + t] = v;
    if (t == kThreads - 1) last_warp_done = 1;
    if (t == 0) first_warp_done = 1;
}

/* Records which of a 2-block grid's blocks and which of its 2 threads ran first: the smallest permutations, which a
 * shuffle that skips a swap of Fisher-Yates leaves in forward order. */
void pair_kernel(int *ticket, int *tickets) {
    tickets[blockIdx.x * 2 + threadIdx.x] = (*ticket)++;
}

Ints ints(const Vec &v) { return Ints(v.begin(), v.end()); }

/* The indices 0..n-1 sorted by key. */
Ints ranked(const Ints &key) {
    Ints order(key.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key[a] < key[b]; });
    return order;
}

void print(const std::string &key, const Ints &values) {
    std::printf("%s:", key.c_str());
    for (int v : values) std::printf(" %d", v);
    std::printf("\n");
}

/* The child: runs the racy kernel and prints the block order, each interval's thread order, block 0's neighbour
 * values, which blocks saw the last warp run ahead, and whether every warp sum was right. */
int child_race() {
    DeviceArray<int> ticket(Vec{0}), tickets(kBlocks * kRounds * kThreads), neighbour(kBlocks * kThreads),
        saw_run_ahead(kBlocks), saw_first_ahead(kBlocks), warp_sums(kBlocks * kThreads);
    jace_emu::launch([&] {
        racy_kernel(ticket.p, tickets.p, neighbour.p, saw_run_ahead.p, saw_first_ahead.p, warp_sums.p);
    },
                     dim3(kBlocks), dim3(kThreads));
    const Ints all = ints(tickets.get()), near = ints(neighbour.get()), sums = ints(warp_sums.get());
    Ints first(kBlocks);
    for (int b = 0; b < kBlocks; ++b) first[b] = all[b * kRounds * kThreads];
    print("blocks", ranked(first));
    for (int b = 0; b < kBlocks; ++b)
        for (int r = 0; r < kRounds; ++r) {
            const auto at = all.begin() + (b * kRounds + r) * kThreads;
            print("b" + std::to_string(b) + "r" + std::to_string(r), ranked(Ints(at, at + kThreads)));
        }
    print("neighbour", Ints(near.begin(), near.begin() + kThreads));
    print("run_ahead", ints(saw_run_ahead.get()));
    print("first_ahead", ints(saw_first_ahead.get()));
    /* 16 launches of a 2x2 grid (the generator continues launch to launch): the first block and thread of each. */
    Ints first_block, first_thread;
    for (int launch = 0; launch < 16; ++launch) {
        DeviceArray<int> pair_ticket(Vec{0}), pair_tickets(4);
        jace_emu::launch([&] { pair_kernel(pair_ticket.p, pair_tickets.p); }, dim3(2), dim3(2));
        const Ints order = ints(pair_tickets.get());
        first_block.push_back(std::min(order[0], order[1]) == 0 ? 0 : 1);
        first_thread.push_back(order[0] < order[1] ? 0 : 1);
    }
    print("pair_first_block", first_block);
    print("pair_first_thread", first_thread);
    bool right = true;
    for (int i = 0; i < kBlocks * kThreads; ++i) right &= sums[i] == (i % kThreads / 32) * 32 * 32 + 31 * 32 / 2;
    print("warp_sums_right", Ints{right});
    return 0;
}

/* The child: a __syncthreads() that thread 0 skips, which the emulator reports and aborts on. */
int child_diverge() {
    jace_emu::launch(
        [] {
            if (threadIdx.x != 0) __syncthreads();
        },
        dim3(1), dim3(kThreads));
    cudaDeviceSynchronize();
    return 0;
}

/* The child: odd and even threads wait at two different __syncthreads(), which the emulator reports and aborts on. */
int child_two_barriers() {
    jace_emu::launch(
        [] {
            if (threadIdx.x % 2 == 0) {
                __syncthreads();
            } else {
                __syncthreads();
            }
        },
        dim3(1), dim3(kThreads));
    cudaDeviceSynchronize();
    return 0;
}

/* The child: a warp-collective operation (wgmma's commit and wait, which need no warpgroup) that a warp's lanes do not
 * all do alike, which the emulator reports and aborts on: `mode` "half" (lanes 0-15 only), "barrier" (lanes 16-31
 * after a __syncthreads(), so only that barrier's check sees it), "operands" (a wait for another number of groups) or
 * "partial" (by a warp of 16 threads). */
int child_uneven_collective(const std::string &mode) {
    jace_emu::launch(
        [mode] {
            const bool low = threadIdx.x < 16;
            if (mode == "half" && low) jace_emu::wgmma_commit();
            if (mode == "barrier") {
                if (low) jace_emu::wgmma_commit();
                __syncthreads();
                if (!low) jace_emu::wgmma_commit();
            }
            if (mode == "operands") jace_emu::wgmma_wait(low ? 0 : 1);
            if (mode == "partial") jace_emu::wgmma_commit();
        },
        dim3(1), dim3(mode == "partial" ? 16 : 32));
    cudaDeviceSynchronize();
    return 0;
}

/* The child: a shuffle whose mask names a lane that is not there to take part: `mode` "exited" (lane 3 returned
 * first), "absent" (lane 16 of a warp of 16 threads) or "outside" (a read of lane 5, which the mask leaves out). */
int child_shuffle_mask(const std::string &mode) {
    DeviceArray<int> out(kThreads);
    jace_emu::launch(
        [&] {
            const int lane = (int)threadIdx.x;
            if (mode == "exited" && lane == 3) return;
            const unsigned mask = mode == "outside" ? 0xffffffdfu : 0xffffffffu;
            out.p[lane] = __shfl_sync(mask, lane, mode == "outside" ? 5 : 0);
        },
        dim3(1), dim3(mode == "absent" ? 16 : 32));
    cudaDeviceSynchronize();
    return 0;
}

/* The child: device code run outside a launch, on a thread that never launched one (no runner yet) or after one. */
int child_outside(bool after_a_launch) {
    if (after_a_launch) {
        DeviceArray<int> ticket(Vec{0}), tickets(4);
        jace_emu::launch([&] { pair_kernel(ticket.p, tickets.p); }, dim3(2), dim3(2));
        cudaDeviceSynchronize();
    }
    return (int)threadIdx.x;
}

/* Grids launched from several OS threads at once, twice over: each thread that runs one gets its own runner (fibers
 * and their stacks) at its first launch and frees it when it exits, where LeakSanitizer (the ASan build) reports one
 * left behind. Every result is right. */
void expect_threads_run_grids() {
    constexpr int kHostThreads = 4;
    for (int round = 0; round < 2; ++round) {
        std::vector<Ints> results(kHostThreads);
        std::vector<std::thread> threads;
        for (int h = 0; h < kHostThreads; ++h) {
            threads.emplace_back([&results, h] {
                DeviceArray<int> out(kThreads);
                jace_emu::launch([&] { out.p[threadIdx.x] = (int)threadIdx.x * (h + 1); }, dim3(1), dim3(kThreads));
                results[h] = ints(out.get());
            });
        }
        for (std::thread &t : threads) t.join();
        for (int h = 0; h < kHostThreads; ++h) {
            bool right = (int)results[h].size() == kThreads;
            for (int t = 0; right && t < kThreads; ++t) right = results[h][t] == t * (h + 1);
            EXPECT(right, "round %d: host thread %d's grid gave wrong values", round, h);
        }
    }
}

struct Child {
    int status;
    std::string output; /* stdout and stderr */
    Record record;
};

/* Runs this program as a child in `mode` under `schedule` (null: the variable unset) and reads its lines. */
Child run_child(const char *mode, const char *schedule) {
    const ChildRun run = run_self(mode, schedule);
    Child c{run.status, run.output, {}};
    std::istringstream lines(c.output);
    for (std::string line; std::getline(lines, line);) {
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::istringstream values(line.substr(colon + 1));
        Ints &v = c.record[line.substr(0, colon)];
        for (int x; values >> x;) v.push_back(x);
    }
    return c;
}

Ints ascending(int n) {
    Ints v(n);
    std::iota(v.begin(), v.end(), 0);
    return v;
}
Ints descending(int n) {
    Ints v = ascending(n);
    std::reverse(v.begin(), v.end());
    return v;
}
std::string round_key(int b, int r) { return "b" + std::to_string(b) + "r" + std::to_string(r); }

/* The child's line `key`, empty when it printed none. */
Ints field(const Child &c, const std::string &key) {
    const auto it = c.record.find(key);
    return it == c.record.end() ? Ints{} : it->second;
}

/* What every schedule must give: all rounds recorded, each a permutation, and right warp sums. */
void expect_well_formed(const char *schedule, const Child &c) {
    EXPECT(c.status == 0, "%s: the child failed (status %d):\n%s", schedule, c.status, c.output.c_str());
    Ints blocks = field(c, "blocks");
    std::sort(blocks.begin(), blocks.end());
    EXPECT(blocks == ascending(kBlocks), "%s: the block order is no permutation", schedule);
    for (int b = 0; b < kBlocks; ++b)
        for (int r = 0; r < kRounds; ++r) {
            Ints order = field(c, round_key(b, r));
            std::sort(order.begin(), order.end());
            EXPECT(order == ascending(kThreads), "%s: block %d round %d is no permutation", schedule, b, r);
        }
    EXPECT(field(c, "warp_sums_right") == Ints{1},
           "%s: a warp shuffle exchanged wrong values", schedule);
}

/* Forward and reverse: blocks and threads in `order`, and the racy reads that order implies. */
void expect_ordered(const char *schedule, const Child &c, bool reverse) {
    expect_well_formed(schedule, c);
    const Ints blocks = reverse ? descending(kBlocks) : ascending(kBlocks);
    const Ints threads = reverse ? descending(kThreads) : ascending(kThreads);
    EXPECT(field(c, "blocks") == blocks, "%s: blocks ran out of order", schedule);
    for (int b = 0; b < kBlocks; ++b)
        for (int r = 0; r < kRounds; ++r)
            EXPECT(field(c, round_key(b, r)) == threads, "%s: block %d round %d ran out of order", schedule, b, r);
    /* Forward: thread t reads slot t + 1 before its writer ran, except the last thread (slot 0 is written). */
    Ints near(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        const bool written = reverse ? t + 1 < kThreads : t + 1 == kThreads;
        near[t] = written ? (t + 1) % kThreads + 1 : 0;
    }
    EXPECT(field(c, "neighbour") == near, "%s: the racy reads are not this order's", schedule);
    EXPECT(field(c, "run_ahead") == Ints(kBlocks, 0), "%s: a warp ran ahead of warp 0 (rounds keep them in step)",
           schedule);
    EXPECT(field(c, "first_ahead") == Ints(kBlocks, 0), "%s: warp 0 ran ahead of the last warp", schedule);
    EXPECT(field(c, "pair_first_block") == Ints(16, reverse ? 1 : 0), "%s: 2-block grids ran out of order", schedule);
    EXPECT(field(c, "pair_first_thread") == Ints(16, reverse ? 1 : 0), "%s: 2-thread blocks ran out of order",
           schedule);
}

/* Shuffle: not forward or reverse, a fresh thread order per round, and warps running ahead of others. */
void expect_shuffled(const char *schedule, const Child &c) {
    expect_well_formed(schedule, c);
    const Ints blocks = field(c, "blocks"), first = field(c, "b0r0");
    EXPECT(blocks != ascending(kBlocks) && blocks != descending(kBlocks), "%s: blocks not shuffled", schedule);
    int distinct = 0;
    for (int b = 0; b < kBlocks; ++b)
        for (int r = 0; r < kRounds; ++r) {
            const Ints order = field(c, round_key(b, r));
            distinct += order != first;
            EXPECT(order != ascending(kThreads) && order != descending(kThreads), "%s: block %d round %d not shuffled",
                   schedule, b, r);
        }
    EXPECT(distinct == kBlocks * kRounds - 1, "%s: only %d rounds differ from the first", schedule, distinct);
    const Ints ahead = field(c, "run_ahead");
    EXPECT(std::count(ahead.begin(), ahead.end(), 1) > 0, "%s: no block saw its last warp run ahead of warp 0",
           schedule);
    /* Any warp may be held back, the last one too. */
    const Ints first_ahead = field(c, "first_ahead");
    EXPECT(std::count(first_ahead.begin(), first_ahead.end(), 1) > 0,
           "%s: no block saw warp 0 run ahead of its last warp", schedule);
    /* Permutations of two: both orders occur over 16 launches. */
    for (const char *key : {"pair_first_block", "pair_first_thread"}) {
        const Ints firsts = field(c, key);
        EXPECT(firsts.size() == 16 && std::count(firsts.begin(), firsts.end(), 0) > 0 &&
                   std::count(firsts.begin(), firsts.end(), 1) > 0,
               "%s: %s: a 2-element order was never shuffled", schedule, key);
    }
}

int parent() {
    const auto race = [&](const char *schedule) { return run_child("race", schedule); };
    const Child unset = race(nullptr), empty = race(""), forward = race("forward"), reverse = race("reverse"),
                shuffle1 = race("shuffle:1"), again = race("shuffle:1"), shuffle2 = race("shuffle:2");
    expect_ordered("forward", forward, false);
    expect_ordered("reverse", reverse, true);
    EXPECT(unset.output == forward.output, "unset is not forward:\n%s", unset.output.c_str());
    EXPECT(empty.output == forward.output, "empty is not forward:\n%s", empty.output.c_str());
    EXPECT(field(forward, "neighbour") != field(reverse, "neighbour"), "the race gave one result in both orders");
    expect_shuffled("shuffle:1", shuffle1);
    expect_shuffled("shuffle:2", shuffle2);
    EXPECT(again.output == shuffle1.output, "shuffle:1 ran in another order the second time");
    EXPECT(shuffle2.output != shuffle1.output, "shuffle:2 ran in shuffle:1's order");

    for (const char *bad : {"Reverse", "shuffle:", "shuffle:-1", "shuffle:1x", "shuffle:18446744073709551616"}) {
        const Child c = race(bad);
        EXPECT(c.status != 0 && contains(c.output, "JACE_EMU_SCHEDULE=\"" + std::string(bad) +
                                                       "\" is not a schedule: use forward (the default), reverse, "
                                                       "or shuffle:<seed>"),
               "JACE_EMU_SCHEDULE=\"%s\" was not refused: status %d:\n%s", bad, c.status, c.output.c_str());
    }
    const Child diverged = run_child("diverge", "shuffle:3");
    EXPECT(diverged.status != 0 && contains(diverged.output, "__syncthreads() reached by 63 of the block's 64") &&
               contains(diverged.output, "JACE_EMU_SCHEDULE=shuffle:3]"),
           "a fatal error does not name the schedule: status %d:\n%s", diverged.status, diverged.output.c_str());
    const Child two = run_child("two_barriers", nullptr);
    EXPECT(two.status != 0 && contains(two.output, "__syncthreads() at two places in one block: thread 1 waits at ") &&
               contains(two.output, "test_schedule.cpp:"),
           "threads at two __syncthreads() were not refused: status %d:\n%s", two.status, two.output.c_str());
    const std::string uneven = "lanes of warp 0 did different warp-collective operations: lane 16 did ";
    const std::map<std::string, std::string> refusals = {
        {"half", uneven + "0 (the last none), lane 0 1 (the last wgmma.commit_group)"},
        {"barrier", uneven + "0 (the last none), lane 0 1 (the last wgmma.commit_group)"},
        {"operands", uneven + "1 (the last wgmma.wait_group), lane 0 1 (the last wgmma.wait_group)"},
        {"partial", "wgmma.commit_group in warp 0, which has 16 threads: a warp-collective operation needs all"}};
    for (const auto &[mode, message] : refusals) {
        const Child c = run_child(("uneven_collective_" + mode).c_str(), nullptr);
        EXPECT(c.status != 0 && contains(c.output, message),
               "%s: an uneven warp-collective operation was not refused: status %d:\n%s", mode.c_str(), c.status,
               c.output.c_str());
    }
    const std::map<std::string, std::string> shuffle_refusals = {
        {"exited", "shuffle mask 0xffffffff names lane 3, which exited"},
        {"absent", "shuffle mask 0xffffffff names lane 16, which the block does not have"},
        {"outside", "shuffle reads lane 5, outside its mask 0xffffffdf"}};
    for (const auto &[mode, message] : shuffle_refusals) {
        const Child c = run_child(("shuffle_mask_" + mode).c_str(), "reverse");
        EXPECT(c.status != 0 && contains(c.output, message),
               "%s: a shuffle naming a lane not there was not refused: status %d:\n%s", mode.c_str(), c.status,
               c.output.c_str());
    }
    for (const char *mode : {"outside", "outside_after_launch"}) {
        const Child c = run_child(mode, nullptr);
        EXPECT(c.status != 0 && contains(c.output, "jace-emu: a device function ran outside a kernel launch"),
               "%s: threadIdx outside a launch was not refused: status %d:\n%s", mode, c.status, c.output.c_str());
    }
    expect_threads_run_grids();
    return finish("test_schedule");
}

}  // namespace

int main(int argc, char **argv) {
    if (argc > 1 && std::strcmp(argv[1], "race") == 0) return child_race();
    if (argc > 1 && std::strcmp(argv[1], "diverge") == 0) return child_diverge();
    if (argc > 1 && std::strcmp(argv[1], "two_barriers") == 0) return child_two_barriers();
    if (argc > 1 && std::strncmp(argv[1], "uneven_collective_", 18) == 0) {
        return child_uneven_collective(argv[1] + 18);
    }
    if (argc > 1 && std::strncmp(argv[1], "shuffle_mask_", 13) == 0) return child_shuffle_mask(argv[1] + 13);
    if (argc > 1 && std::strcmp(argv[1], "outside") == 0) return child_outside(false);
    if (argc > 1 && std::strcmp(argv[1], "outside_after_launch") == 0) return child_outside(true);
    return parent();
}
