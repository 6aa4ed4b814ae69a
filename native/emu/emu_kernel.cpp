/*
 * The emulator's execution of a grid (jace_emu.h): blocks one after another, each block's threads as fibers, in the
 * order JACE_EMU_SCHEDULE names (forward, reverse or shuffle:<seed>; see Schedule). Every switch between the
 * scheduler and a fiber goes through switch_context (below).
 */
#include <sys/mman.h>
#include <unistd.h>
#if !defined(__x86_64__)
#include <setjmp.h>
#include <ucontext.h>
#endif

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <unordered_map>
#include <vector>

#include "emu_internal.h"

/* Under AddressSanitizer each switch of stacks is announced, so that it checks each fiber against its own stack. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define JACE_EMU_START_SWITCH(save, bottom, size) __sanitizer_start_switch_fiber(save, bottom, size)
#define JACE_EMU_FINISH_SWITCH(saved, bottom, size) __sanitizer_finish_switch_fiber(saved, bottom, size)
#else
#define JACE_EMU_START_SWITCH(save, bottom, size) ((void)0)
#define JACE_EMU_FINISH_SWITCH(saved, bottom, size) ((void)0)
#endif

namespace jace_emu {
namespace {

constexpr std::size_t kStackBytes = 256 * 1024;
constexpr int kMaxThreads = 1024;
constexpr std::size_t kSlotBytes = 8;

enum class State { runnable, at_block_barrier, at_warp_barrier, at_mbarrier, done };

/* The order of a grid's blocks, and of a block's runnable threads in each round (each runs until its next barrier
 * or its exit): ascending indices (forward), descending (reverse), or a pseudo-random permutation drawn afresh for
 * every launch and round (shuffle). The hardware runs them concurrently, so a kernel whose results change with the
 * schedule has a race: two threads of one barrier interval, one writing what the other reads or writes, run in
 * opposite orders under forward and reverse. Rounds keep warps in step, shuffle by shuffle, which the hardware does
 * not: so in each __syncthreads() interval shuffle also holds back a random subset of the warps (each with
 * probability 1/2) until the other warps wait at the barrier or exited, which lets these run ahead by any number of
 * warp shuffles. */
enum class Order { forward, reverse, shuffle };
struct Schedule {
    Order order;
    unsigned long long seed;
    char name[32]; /* as JACE_EMU_SCHEDULE spells it, for the messages of fatal() */
};

/* JACE_EMU_SCHEDULE's value (unset or empty: forward). */
Schedule parse_schedule(const char *text) {
    if (text == nullptr || *text == '\0' || std::strcmp(text, "forward") == 0) {
        return Schedule{Order::forward, 0, "forward"};
    }
    if (std::strcmp(text, "reverse") == 0) return Schedule{Order::reverse, 0, "reverse"};
    const std::size_t prefix = std::strlen("shuffle:");
    /* strtoull alone would also take a sign or leading blanks */
    if (std::strncmp(text, "shuffle:", prefix) == 0 && std::isdigit((unsigned char)text[prefix])) {
        char *end;
        errno = 0;
        const unsigned long long seed = std::strtoull(text + prefix, &end, 10);
        if (*end == '\0' && errno == 0) {
            Schedule s{Order::shuffle, seed, ""};
            std::snprintf(s.name, sizeof s.name, "shuffle:%llu", seed);
            return s;
        }
    }
    fatal("JACE_EMU_SCHEDULE=\"%s\" is not a schedule: use forward (the default), reverse, or shuffle:<seed> with a "
          "decimal seed below 2^64", text);
}

const Schedule &schedule() {
    static const Schedule s = parse_schedule(std::getenv("JACE_EMU_SCHEDULE"));
    return s;
}

void fiber_main();

/*
 * A suspended stack, and the switch from the running one to it. On x86-64 jace_emu_swap saves the callee-saved
 * registers on the stack it leaves and pops them from the one it enters. Neither longjmp (which AddressSanitizer
 * intercepts with a sigaltstack system call per switch: four fifths of the kernel tests' time under it) nor a call of
 * a noreturn function (before which the compiler makes the same call under it) is on the way. Elsewhere a fiber
 * starts with setcontext and switches with _setjmp/_longjmp, which save no signal mask; getcontext, setcontext and
 * swapcontext each make a system call.
 */
#if defined(__x86_64__)
struct Context {
    void *sp;
};

extern "C" void jace_emu_swap(void **save_sp, void *sp);
asm(".text\n"
    ".globl jace_emu_swap\n"
    ".hidden jace_emu_swap\n"
    ".type jace_emu_swap, @function\n"
    ".p2align 4\n"
    "jace_emu_swap:\n"
    "  pushq %rbp\n"
    "  pushq %rbx\n"
    "  pushq %r12\n"
    "  pushq %r13\n"
    "  pushq %r14\n"
    "  pushq %r15\n"
    "  movq %rsp, (%rdi)\n"
    "  movq %rsi, %rsp\n"
    "  popq %r15\n"
    "  popq %r14\n"
    "  popq %r13\n"
    "  popq %r12\n"
    "  popq %rbx\n"
    "  popq %rbp\n"
    "  ret\n"
    ".size jace_emu_swap, .-jace_emu_swap\n");

/* A fresh stack holds what jace_emu_swap pops: six zero registers (rbp = 0 ends a backtrace), then fiber_main as
 * the address to return to, entered with the stack 8 bytes off 16 as after a call (stacks are whole pages). */
void prepare_context(Context &c, char *stack, std::size_t bytes) {
    void **top = reinterpret_cast<void **>(stack + bytes);
    top[-1] = nullptr;
    top[-2] = reinterpret_cast<void *>(&fiber_main);
    for (int i = 3; i <= 8; ++i) top[-i] = nullptr;
    c.sp = top - 8;
}

void switch_context(Context &from, Context &to) { jace_emu_swap(&from.sp, to.sp); }
#else
struct Context {
    jmp_buf jump;
    ucontext_t start;
    bool fresh; /* prepared and not yet entered: entered by setcontext */
};

void prepare_context(Context &c, char *stack, std::size_t bytes) {
    if (getcontext(&c.start) != 0) fatal("getcontext failed to prepare a fiber");
    c.start.uc_stack.ss_sp = stack;
    c.start.uc_stack.ss_size = bytes;
    c.start.uc_link = nullptr;
    makecontext(&c.start, fiber_main, 0);
    c.fresh = true;
}

void switch_context(Context &from, Context &to) {
    if (_setjmp(from.jump) != 0) return;
    if (to.fresh) {
        to.fresh = false;
        setcontext(&to.start);
        fatal("setcontext failed to start a fiber");
    }
    _longjmp(to.jump, 1);
}
#endif

/* One cp.async (jace_emu.h's async_copy) not yet landed. */
struct AsyncCopy {
    void *dst;
    const void *src;
    std::size_t bytes, zfill;
    void land() const {
        if (bytes > zfill) std::memcpy(dst, src, bytes - zfill);
        std::memset(static_cast<char *>(dst) + (bytes - zfill), 0, zfill);
    }
};

/* One wgmma.mma_async (jace_emu.h's wgmma_tf32_m64n128k8 or wgmma_bf16_m64n128k16) not yet computed; `bytes`: an
 * operand element's, 4 (TF32) or 2 (BF16). */
struct WgmmaOp {
    float *d;
    std::uint64_t a, b;
    int bytes;
};

/* One tensor copy (tma_load) not yet landed: the box whose first element is at coords, to dynamic shared byte dst. */
struct TensorCopy {
    std::size_t dst;
    TensorMap map;
    long long coords[TensorMap::kMaxRank];
    long long bytes() const {
        long long b = map.element_bytes;
        for (std::uint32_t d = 0; d < map.rank; ++d) b *= map.box[d];
        return b;
    }
};

/* An mbarrier's state (jace_emu.h): its phase, the arrivals and transaction bytes its current phase waits for, and
 * the tensor copies that complete its transactions and have not landed. */
struct Mbarrier {
    unsigned count, pending, phase;
    long long tx;
    std::vector<TensorCopy> in_flight;
};

struct Fiber {
    void *asan_fake_stack; /* AddressSanitizer's bookkeeping while the fiber is switched out */
    Context context;
    bool started;
    dim3 thread_idx;
    int linear;
    State state;
    unsigned long long shuffles; /* warp exchanges this thread has done: lanes at one barrier must agree */
    const char *barrier_file;    /* where this thread's last __syncthreads() is: a block's threads must agree */
    int barrier_line;
    unsigned long long collectives; /* hash of the warp-collective operations done: a warp's lanes must agree */
    unsigned long long collective_count;
    const char *last_collective;
    std::vector<AsyncCopy> open_copies;               /* issued since the last __pipeline_commit() */
    std::deque<std::vector<AsyncCopy>> copy_groups; /* committed, oldest first */
    std::vector<std::pair<std::size_t, std::size_t>> unfenced_copies; /* dynamic shared memory (byte offset, bytes)
                                                        its landed cp.asyncs wrote, no fence.proxy.async since */
    bool wgmma_fenced;                                /* a wgmma.fence since the thread's start or last wait */
    std::vector<WgmmaOp> open_wgmmas;                 /* issued since the last wgmma.commit_group */
    std::deque<std::vector<WgmmaOp>> wgmma_groups;  /* committed, oldest first */
    void *waiting_bar;                                /* at_mbarrier: the barrier, and the parity of the phase */
    unsigned waiting_parity;
};

/* One OS thread's fibers and their stacks, reused from launch to launch. */
struct Runner {
    std::vector<Fiber> fibers;
    std::vector<char *> stacks;
    Context scheduler;
    void *scheduler_fake_stack = nullptr;
    const void *scheduler_stack = nullptr;
    std::size_t scheduler_stack_bytes = 0;
    Fiber *current = nullptr;
    int threads = 0;
    dim3 block_idx, block_dim, grid_dim;
    const std::function<void()> *body = nullptr;
    unsigned char slots[kMaxThreads][kSlotBytes];
    /* warp_gather's, the one or the other by the parity of the gathering lane's shuffles */
    alignas(16) unsigned char gathered[2][kMaxThreads][kGatherBytes];
    const char *gathering[kMaxThreads];                  /* the instruction of each thread's last gather */
    /* per warp: the shuffles count of its last gather or exchange checked (each count is one warp-level step) ... */
    unsigned long long warp_checked[kMaxThreads / 32];
    unsigned exchange_lanes[kMaxThreads / 32]; /* ... and, for an exchange, the lanes that were there to take part */
    bool running = false;
    const Schedule *schedule = nullptr;
    unsigned long long block_serial = 0; /* counts the blocks this runner ran */
    std::unordered_map<const void *, unsigned long long> shared_filled; /* variable -> block_serial it was filled in */
    std::unordered_map<const void *, Mbarrier> mbarriers; /* the running block's, by address */
    unsigned char *dynamic_shared = nullptr; /* the running grid's dynamic shared memory, exactly its launch's size */
    std::size_t dynamic_bytes = 0;
    /* per 4-byte word of it: the thread whose landed cp.async wrote it and that has run no fence.proxy.async since
     * (wgmma, which reads through the async proxy, may not see that write), or -1 */
    std::vector<int> async_unfenced;
    std::vector<int> order;                 /* the threads in the order of the next round */
    std::vector<unsigned long long> blocks; /* the linear block indices in the order they run (shuffle only) */
    unsigned long long draws = 0;           /* the shuffle generator's position, continued launch to launch */
    unsigned held_warps = 0;                /* bit w: warp w runs when the others wait (shuffle) */
};
/* Every threadIdx, blockIdx and barrier reads this, so it is a plain pointer at a fixed offset from the thread
 * pointer (initial-exec: 8 bytes of the static TLS that glibc keeps for libraries loaded later). A thread_local
 * Runner itself, in a library the JVM dlopens, cost a __tls_get_addr call and a guard check on each read: about a
 * tenth of an emulated training run. */
__attribute__((tls_model("initial-exec"))) thread_local Runner *t_runner = nullptr;

std::size_t page_bytes() { return (std::size_t)sysconf(_SC_PAGESIZE); }

char *new_stack() {
    const std::size_t page = page_bytes();
    void *p = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) fatal("cannot map a %zu-byte fiber stack", kStackBytes);
    mprotect(p, page, PROT_NONE); /* guard page: a stack overflow faults instead of corrupting a neighbour */
    return static_cast<char *>(p) + page;
}

/* Frees this thread's runner and its fiber stacks when the thread exits. */
struct RunnerOwner {
    ~RunnerOwner() {
        if (t_runner == nullptr) return;
        for (char *stack : t_runner->stacks) munmap(stack - page_bytes(), kStackBytes + page_bytes());
        delete t_runner;
        t_runner = nullptr;
    }
};

/* This thread's runner, made at its first launch. */
Runner &this_thread_runner() {
    if (t_runner == nullptr) {
        static thread_local RunnerOwner owner;
        (void)owner;
        t_runner = new Runner();
    }
    return *t_runner;
}

Runner &runner() {
    Runner *r = t_runner;
    if (r == nullptr || !r->running || r->current == nullptr) fatal("a device function ran outside a kernel launch");
    return *r;
}

/* The fiber side of a switch: back to the scheduler, keeping this stack (or dropping it when the thread is done). */
void to_scheduler(Runner &r, Fiber *f, bool done) {
    JACE_EMU_START_SWITCH(done ? nullptr : &f->asan_fake_stack, r.scheduler_stack, r.scheduler_stack_bytes);
    switch_context(f->context, r.scheduler);
}

void arrived_in_fiber(Runner &r, Fiber *f) {
    (void)r;
    (void)f;
    JACE_EMU_FINISH_SWITCH(f->asan_fake_stack, &r.scheduler_stack, &r.scheduler_stack_bytes);
}

void fiber_main() {
    Runner &r = *t_runner;
    arrived_in_fiber(r, r.current);
    (*r.body)();
    r.current->state = State::done;
    to_scheduler(r, r.current, true);
    fatal("a finished fiber was resumed");
}

void wait(State state) {
    Runner &r = runner();
    Fiber *f = r.current;
    f->state = state;
    to_scheduler(r, f, false);
    arrived_in_fiber(r, f);
}

const char *describe(State s) {
    switch (s) {
        case State::runnable: return "running";
        case State::at_block_barrier: return "at __syncthreads";
        case State::at_warp_barrier: return "at a warp shuffle";
        case State::at_mbarrier: return "at an mbarrier wait";
        default: return "exited";
    }
}

/* Opens each warp barrier that every live lane of the warp reached; true when one opened. */
bool release_warps(Runner &r) {
    bool released = false;
    for (int w = 0; w * 32 < r.threads; ++w) {
        const int end = (w + 1) * 32 < r.threads ? (w + 1) * 32 : r.threads;
        bool any = false, all = true;
        for (int i = w * 32; i < end; ++i) {
            const State s = r.fibers[i].state;
            any |= s == State::at_warp_barrier;
            all &= s == State::at_warp_barrier || s == State::done;
        }
        if (!any || !all) continue;
        unsigned long long shuffles = ~0ULL;
        for (int i = w * 32; i < end; ++i) {
            Fiber &f = r.fibers[i];
            if (f.state != State::at_warp_barrier) continue;
            if (shuffles != ~0ULL && f.shuffles != shuffles) {
                r.current = &f;
                fatal("lanes of warp %d are at different shuffles (diverged warp)", w);
            }
            shuffles = f.shuffles;
            f.state = State::runnable;
        }
        released = true;
    }
    return released;
}

/* The next number of splitmix64 seeded with the schedule's seed: the same sequence on every platform and library,
 * which std::shuffle and the std distributions do not promise. */
unsigned long long draw(Runner &r) {
    unsigned long long z = r.schedule->seed + ++r.draws * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Fisher-Yates. */
template <typename T>
void permute(Runner &r, std::vector<T> &v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[draw(r) % i]);
}

/* The first round's thread order; shuffle permutes it again before every round. */
void arrange_threads(Runner &r) {
    r.order.resize(r.threads);
    const bool reverse = r.schedule->order == Order::reverse;
    for (int i = 0; i < r.threads; ++i) r.order[i] = reverse ? r.threads - 1 - i : i;
}

/* Shuffle's block order: a random permutation of the linear block indices (forward and reverse need none). */
void arrange_blocks(Runner &r, unsigned long long blocks) {
    if (r.schedule->order != Order::shuffle) return;
    r.blocks.resize(blocks);
    for (unsigned long long b = 0; b < blocks; ++b) r.blocks[b] = b;
    permute(r, r.blocks);
}

/* The k-th block to run of a grid of `blocks`, x fastest in forward order. */
dim3 block_at(const Runner &r, unsigned long long k, unsigned long long blocks) {
    const Order order = r.schedule->order;
    const unsigned long long b = order == Order::forward ? k : order == Order::reverse ? blocks - 1 - k : r.blocks[k];
    const unsigned long long gx = r.grid_dim.x, gy = r.grid_dim.y;
    return dim3((unsigned)(b % gx), (unsigned)(b / gx % gy), (unsigned)(b / (gx * gy)));
}

/* The warps to hold back in the interval that starts: a random subset under shuffle (kMaxThreads / 32 bits). */
unsigned pick_held_warps(Runner &r) {
    const int warps = (r.threads + 31) / 32;
    return r.schedule->order == Order::shuffle ? (unsigned)draw(r) & (unsigned)((1ULL << warps) - 1) : 0;
}

/* Every thread of the block waits at the same __syncthreads() as thread 0, or the launch is aborted: the emulator would
 * otherwise open the two as one barrier, where a GPU makes them undefined. */
void require_one_barrier(Runner &r) {
    const Fiber &first = r.fibers[0];
    for (int i = 1; i < r.threads; ++i) {
        const Fiber &f = r.fibers[i];
        if (f.barrier_line != first.barrier_line ||
            (f.barrier_file != first.barrier_file && std::strcmp(f.barrier_file, first.barrier_file) != 0)) {
            r.current = &r.fibers[i];
            fatal("__syncthreads() at two places in one block: thread %d waits at %s:%d, thread 0 at %s:%d", i,
                  f.barrier_file, f.barrier_line, first.barrier_file, first.barrier_line);
        }
    }
}

/* Every lane of each warp did the same warp-collective operations so far, or the launch is aborted. */
void require_warps_agree(Runner &r) {
    for (int i = 0; i < r.threads; ++i) {
        const Fiber &f = r.fibers[i], &first = r.fibers[i & ~31];
        if (f.collectives != first.collectives) {
            r.current = &r.fibers[i];
            fatal("lanes of warp %d did different warp-collective operations: lane %d did %llu (the last %s), lane 0 "
                  "%llu (the last %s); every lane of a warp must do each one, on the same operands", i / 32, i & 31,
                  f.collective_count, f.last_collective, first.collective_count, first.last_collective);
        }
    }
}

/* At a block's end: a thread that ended with multiplies pending would leave its accumulators undefined. */
void require_no_wgmma_pending(Runner &r) {
    for (int i = 0; i < r.threads; ++i) {
        if (!r.fibers[i].open_wgmmas.empty() || !r.fibers[i].wgmma_groups.empty()) {
            r.current = &r.fibers[i];
            fatal("the thread ended with wgmma.mma_async operations pending: wgmma.wait_group 0 before the "
                  "accumulators are read, and before the kernel ends");
        }
    }
}

/* Whether the phase of `parity` has completed: the barrier's current phase has the other parity. */
bool phase_done(const Mbarrier &m, unsigned parity) { return (m.phase & 1u) != parity; }

/* A phase completes once its arrivals are in and its transaction bytes have landed. */
void complete_if_done(Mbarrier &m) {
    if (m.pending == 0 && m.tx == 0) {
        ++m.phase;
        m.pending = m.count;
    }
}

/* Byte `at` of dynamic shared memory under a 128-byte swizzle: bits 4-6 (the 16-byte chunk of a 128-byte row) XOR
 * bits 7-9 (the row among 8), as the hardware swizzles a shared address. */
std::size_t swizzled_128(std::size_t at) { return at ^ ((at >> 7 & 7u) << 4); }

/* Writes a tensor copy's box into dynamic shared memory: rows of box[0] elements (128 bytes each under the swizzle)
 * one after another, the outer dimensions' indices in order (dimension 1 fastest), zeros for elements outside the
 * tensor. */
void land_tensor(Runner &r, const TensorCopy &c) {
    const TensorMap &t = c.map;
    const std::size_t e = t.element_bytes, pitch = (std::size_t)t.box[0] * e;
    const long long rows = c.bytes() / (long long)pitch;
    for (long long i = 0; i < rows; ++i) {
        bool inside = true;
        std::size_t offset = 0; /* of the row's first element, outer dimensions only */
        long long rest = i;
        for (std::uint32_t d = 1; d < t.rank; ++d) {
            const long long g = c.coords[d] + rest % t.box[d];
            rest /= t.box[d];
            inside = inside && g >= 0 && (std::uint64_t)g < t.dims[d];
            offset += inside ? (std::size_t)g * t.strides[d - 1] : 0;
        }
        for (std::uint32_t j = 0; j < t.box[0]; ++j) {
            const long long gx = c.coords[0] + j;
            const std::size_t logical = c.dst + (std::size_t)i * pitch + j * e;
            const std::size_t at = t.swizzle_bytes == 128 ? swizzled_128(logical) : logical;
            unsigned char *to = r.dynamic_shared + at;
            if (inside && gx >= 0 && (std::uint64_t)gx < t.dims[0]) {
                std::memcpy(to, t.base + offset + (std::size_t)gx * e, e);
            } else {
                std::memset(to, 0, e);
            }
            for (std::size_t w = at / 4; w < (at + e + 3) / 4; ++w) r.async_unfenced[w] = -1;
        }
    }
}

/* A landed copy completes its bytes of the barrier's transactions. One that lands on a barrier of the block aborts:
 * on a GPU it would overwrite the barrier's state. */
void complete_tensor_copy(Runner &r, Mbarrier &m, const TensorCopy &c) {
    const unsigned char *from = r.dynamic_shared + c.dst, *to = from + c.bytes();
    for (const auto &[bar, other] : r.mbarriers) {
        const unsigned char *at = static_cast<const unsigned char *>(bar);
        if (at + 8 > from && at < to) {
            fatal("a tensor copy of %lld bytes to dynamic shared byte %zu lands on the mbarrier at %p", c.bytes(),
                  c.dst, bar);
        }
    }
    land_tensor(r, c);
    m.tx -= c.bytes();
    complete_if_done(m);
}

/* Frees each thread at an mbarrier wait whose phase completed; where a waited barrier's arrivals are all in, its
 * copies in flight land first (forward's latest moment: nothing else of the block can run). True when one was freed. */
bool release_mbarriers(Runner &r) {
    bool released = false;
    for (int i = 0; i < r.threads; ++i) {
        Fiber &f = r.fibers[i];
        if (f.state != State::at_mbarrier) continue;
        Mbarrier &m = r.mbarriers.at(f.waiting_bar);
        if (!phase_done(m, f.waiting_parity) && m.pending == 0 && !m.in_flight.empty()) {
            r.current = &f;
            const std::vector<TensorCopy> copies = std::move(m.in_flight);
            m.in_flight.clear();
            for (const TensorCopy &c : copies) complete_tensor_copy(r, m, c);
        }
        if (phase_done(m, f.waiting_parity)) {
            f.state = State::runnable;
            released = true;
        }
    }
    return released;
}

/* At a block's end: copies still in flight would land in the shared memory of a block that has exited. */
void require_no_tensor_copies(Runner &r) {
    for (const auto &[bar, m] : r.mbarriers) {
        if (!m.in_flight.empty()) {
            r.current = &r.fibers[0];
            fatal("the block ended with %zu tensor copies in flight on the mbarrier at shared %p: wait for the phase "
                  "they complete before the block exits", m.in_flight.size(), bar);
        }
    }
}

/* A deadlock with threads at mbarrier waits: for each barrier waited on (up to 4), its first waiter, the parity it
 * waits for and what the barrier's phase still waits for. */
void require_no_mbarrier_waiter(Runner &r) {
    std::string waits;
    int first = -1, barriers = 0;
    std::vector<const void *> seen;
    for (int i = 0; i < r.threads; ++i) {
        const Fiber &f = r.fibers[i];
        if (f.state != State::at_mbarrier ||
            std::find(seen.begin(), seen.end(), f.waiting_bar) != seen.end()) {
            continue;
        }
        seen.push_back(f.waiting_bar);
        if (first < 0) first = i;
        if (++barriers > 4) continue;
        const Mbarrier &m = r.mbarriers.at(f.waiting_bar);
        char line[256];
        std::snprintf(line, sizeof line, "%sthread %d waits for the phase of parity %u of the mbarrier at shared %p "
                      "(in phase %u: %u of its %u arrivals and %lld transaction bytes pending)",
                      waits.empty() ? "" : "; ", i, f.waiting_parity, f.waiting_bar, m.phase, m.pending, m.count, m.tx);
        waits += line;
    }
    if (first < 0) return;
    r.current = &r.fibers[first];
    fatal("deadlock: %s%s, which no thread or copy left completes (thread 0 is %s)", waits.c_str(),
          barriers > 4 ? " (and more barriers)" : "", describe(r.fibers[0].state));
}

void run_block(Runner &r) {
    for (int i = 0; i < r.threads; ++i) {
        Fiber &f = r.fibers[i];
        const unsigned bx = r.block_dim.x, by = r.block_dim.y;
        f.thread_idx = dim3(i % bx, (i / bx) % by, i / (bx * by));
        f.linear = i;
        f.state = State::runnable;
        f.shuffles = 0;
        f.collectives = 0;
        f.collective_count = 0;
        f.last_collective = "none";
        f.open_copies.clear(); /* a block's copies still in flight at its end land in shared memory that died with it */
        f.copy_groups.clear();
        f.unfenced_copies.clear();
        f.wgmma_fenced = false;
        f.open_wgmmas.clear();
        f.wgmma_groups.clear();
        f.started = false;
        f.asan_fake_stack = nullptr;
    }
    ++r.block_serial;
    r.mbarriers.clear();
    if (r.dynamic_bytes > 0) std::memset(r.dynamic_shared, 0xff, r.dynamic_bytes);
    std::fill(r.async_unfenced.begin(), r.async_unfenced.end(), -1);
    std::fill(std::begin(r.warp_checked), std::end(r.warp_checked), 0ULL); /* a checked count is at least 1 */
    r.held_warps = pick_held_warps(r);
    for (;;) {
        if (r.schedule->order == Order::shuffle) permute(r, r.order);
        for (const int i : r.order) {
            Fiber &f = r.fibers[i];
            if (f.state != State::runnable || (r.held_warps >> (i >> 5) & 1u)) continue;
            r.current = &f;
            if (!f.started) {
                f.started = true;
                prepare_context(f.context, r.stacks[i], kStackBytes);
            }
            JACE_EMU_START_SWITCH(&r.scheduler_fake_stack, r.stacks[i], kStackBytes);
            switch_context(r.scheduler, f.context);
            JACE_EMU_FINISH_SWITCH(r.scheduler_fake_stack, nullptr, nullptr);
        }
        int done = 0, at_block = 0;
        for (int i = 0; i < r.threads; ++i) {
            done += r.fibers[i].state == State::done;
            at_block += r.fibers[i].state == State::at_block_barrier;
        }
        if (done == r.threads) {
            require_warps_agree(r);
            require_no_wgmma_pending(r);
            require_no_tensor_copies(r);
            return;
        }
        if (release_warps(r)) continue;
        if (release_mbarriers(r)) continue;
        if (r.held_warps != 0) { /* the others wait: the held lanes are still runnable */
            r.held_warps = 0;
            continue;
        }
        if (at_block + done == r.threads) {
            if (done > 0) {
                r.current = &r.fibers[0];
                fatal("__syncthreads() reached by %d of the block's %d threads; the other %d exited", at_block,
                      r.threads, done);
            }
            require_one_barrier(r);
            require_warps_agree(r);
            for (int i = 0; i < r.threads; ++i) r.fibers[i].state = State::runnable;
            r.held_warps = pick_held_warps(r);
            continue;
        }
        for (int i = 0; i < r.threads; ++i) {
            if (r.fibers[i].state == State::at_warp_barrier) {
                r.current = &r.fibers[i];
                fatal("deadlock: thread %d is %s while others of its warp are not (thread 0 is %s)", i,
                      describe(r.fibers[i].state), describe(r.fibers[0].state));
            }
        }
        require_no_mbarrier_waiter(r);
        fatal("deadlock in the block");
    }
}

}  // namespace

const dim3 &thread_idx() { return runner().current->thread_idx; }
const dim3 &block_idx() { return runner().block_idx; }
const dim3 &block_dim() { return runner().block_dim; }
const dim3 &grid_dim() { return runner().grid_dim; }
int lane_id() { return runner().current->linear & 31; }

void sync_threads(const char *file, int line) {
    Fiber *f = runner().current;
    f->barrier_file = file;
    f->barrier_line = line;
    wait(State::at_block_barrier);
}

void warp_collective(const char *what, const void *instance, std::size_t operands) {
    Runner &r = runner();
    Fiber *f = r.current;
    const int warp_threads = std::min(32, r.threads - (f->linear & ~31));
    if (warp_threads < 32) {
        fatal("%s in warp %d, which has %d threads: a warp-collective operation needs all 32", what, f->linear / 32,
              warp_threads);
    }
    /* FNV-1a's steps, order-sensitive; lanes run the same code, so an instance has one address for all of them */
    f->collectives = (f->collectives ^ reinterpret_cast<std::uintptr_t>(instance)) * 1099511628211ULL;
    f->collectives = (f->collectives ^ operands) * 1099511628211ULL;
    ++f->collective_count;
    f->last_collective = what;
}

namespace {

/* Lands a copy of the running thread; where it writes dynamic shared memory, its words are marked the thread's until
 * the thread's next fence.proxy.async (which clears the ranges listed: a range is listed when a word of it was not
 * yet the thread's, so that kernels that never fence list each word once, not each copy). */
void land(Runner &r, const AsyncCopy &c) {
    c.land();
    const unsigned char *dst = static_cast<const unsigned char *>(c.dst);
    if (r.dynamic_shared == nullptr || dst < r.dynamic_shared || dst >= r.dynamic_shared + r.dynamic_bytes) return;
    const std::size_t at = (std::size_t)(dst - r.dynamic_shared);
    const int me = r.current->linear;
    bool fresh = false;
    for (std::size_t w = at / 4; w < (at + c.bytes + 3) / 4; ++w) {
        fresh = fresh || r.async_unfenced[w] != me;
        r.async_unfenced[w] = me;
    }
    if (fresh) r.current->unfenced_copies.emplace_back(at, c.bytes);
}

}  // namespace

void async_copy(void *dst, const void *src, std::size_t bytes, std::size_t zfill) {
    Runner &r = runner();
    if (bytes != 4 && bytes != 8 && bytes != 16) fatal("cp.async of %zu bytes: it copies 4, 8 or 16", bytes);
    if (zfill > bytes) fatal("cp.async of %zu bytes zero-fills %zu of them", bytes, zfill);
    if ((reinterpret_cast<std::uintptr_t>(dst) | reinterpret_cast<std::uintptr_t>(src)) % bytes != 0) {
        fatal("cp.async of %zu bytes from %p to %p: both must be %zu-byte aligned", bytes, src, dst, bytes);
    }
    const AsyncCopy c{dst, src, bytes, zfill};
    const Order order = r.schedule->order;
    if (order == Order::reverse || (order == Order::shuffle && (draw(r) & 1u))) {
        land(r, c);
    } else {
        r.current->open_copies.push_back(c);
    }
}

void async_commit() {
    Fiber *f = runner().current;
    f->copy_groups.push_back(std::move(f->open_copies));
    f->open_copies.clear();
}

void async_wait(std::size_t prior) {
    Runner &r = runner();
    Fiber *f = r.current;
    while (f->copy_groups.size() > prior) {
        for (const AsyncCopy &c : f->copy_groups.front()) land(r, c);
        f->copy_groups.pop_front();
    }
}

void fence_proxy_async() {
    Runner &r = runner();
    Fiber *f = r.current;
    for (const auto &[at, bytes] : f->unfenced_copies)
        for (std::size_t w = at / 4; w < (at + bytes + 3) / 4; ++w)
            if (r.async_unfenced[w] == f->linear) r.async_unfenced[w] = -1;
    f->unfenced_copies.clear();
}

namespace {

/* What mbarrier_init writes into a barrier's 8 bytes, and every operation on it finds there: a copy or store that
 * overwrote the barrier (on a GPU, its state) aborts at the next. */
constexpr std::uint64_t kBarrierWord = 0x726569727261626dULL; /* "mbarrier" */

Mbarrier &barrier_at(Runner &r, void *bar, const char *what) {
    const auto it = r.mbarriers.find(bar);
    if (it == r.mbarriers.end()) fatal("%s on %p, which no mbarrier.init of this block initialized", what, bar);
    std::uint64_t word;
    std::memcpy(&word, bar, sizeof word);
    if (word != kBarrierWord) {
        fatal("%s on the mbarrier at %p, whose 8 bytes were overwritten since its mbarrier.init (they hold "
              "0x%016llx): a copy or store into the barrier's shared memory", what, bar, (unsigned long long)word);
    }
    return it->second;
}

}  // namespace

void mbarrier_init(void *bar, unsigned count) {
    Runner &r = runner();
    if (reinterpret_cast<std::uintptr_t>(bar) % 8 != 0) fatal("mbarrier.init at %p: not 8-byte aligned", bar);
    if (count == 0 || count >= (1u << 20)) fatal("mbarrier.init with %u arrivals: the count is 1 .. 2^20 - 1", count);
    const auto it = r.mbarriers.find(bar);
    if (it != r.mbarriers.end() && !it->second.in_flight.empty()) {
        fatal("mbarrier.init at %p with %zu tensor copies in flight on it", bar, it->second.in_flight.size());
    }
    std::memcpy(bar, &kBarrierWord, sizeof kBarrierWord);
    r.mbarriers[bar] = Mbarrier{count, count, 0, 0, {}};
}

void mbarrier_arrive(void *bar) {
    Mbarrier &m = barrier_at(runner(), bar, "mbarrier.arrive");
    --m.pending;
    complete_if_done(m);
}

void mbarrier_arrive_expect_tx(void *bar, unsigned bytes) {
    Mbarrier &m = barrier_at(runner(), bar, "mbarrier.arrive.expect_tx");
    m.tx += bytes;
    --m.pending;
    complete_if_done(m);
}

void mbarrier_wait(void *bar, unsigned parity) {
    Runner &r = runner();
    if (parity > 1) fatal("mbarrier.try_wait.parity with parity %u: 0 or 1", parity);
    if (phase_done(barrier_at(r, bar, "mbarrier.try_wait.parity"), parity)) return;
    Fiber *f = r.current;
    f->waiting_bar = bar;
    f->waiting_parity = parity;
    wait(State::at_mbarrier);
}

namespace {

/* cp.async.bulk.tensor.<rank>d of the box at coords (jace_emu.h). */
void tma_load(void *dst, const void *tensor_map, const long long *coords, std::uint32_t rank, void *bar) {
    Runner &r = runner();
    TensorMap t;
    std::memcpy(&t, tensor_map, sizeof t);
    if (t.magic != TensorMap::kMagic) {
        fatal("cp.async.bulk.tensor with a tensor map at %p that cuTensorMapEncodeTiled did not write", tensor_map);
    }
    if (t.rank != rank) {
        fatal("cp.async.bulk.tensor.%ud with a tensor map of rank %u: the instruction's dimensions are the map's", rank,
              t.rank);
    }
    Mbarrier &m = barrier_at(r, bar, "cp.async.bulk.tensor");
    const unsigned char *to = static_cast<const unsigned char *>(dst);
    const std::size_t align = t.swizzle_bytes == 128 ? 1024 : 128;
    TensorCopy c{0, t, {}};
    std::copy(coords, coords + rank, c.coords);
    const long long bytes = c.bytes();
    if (r.dynamic_shared == nullptr || to < r.dynamic_shared ||
        (std::size_t)(to - r.dynamic_shared) + bytes > r.dynamic_bytes) {
        fatal("cp.async.bulk.tensor of %lld bytes to %p, outside the launch's %zu bytes of dynamic shared memory",
              bytes, dst, r.dynamic_bytes);
    }
    c.dst = (std::size_t)(to - r.dynamic_shared);
    if (c.dst % align != 0) {
        fatal("cp.async.bulk.tensor to dynamic shared byte %zu: %s wants %zu-byte alignment", c.dst,
              t.swizzle_bytes == 128 ? "the 128-byte swizzle" : "a tensor copy", align);
    }
    const Order order = r.schedule->order;
    if (order == Order::reverse || (order == Order::shuffle && (draw(r) & 1u))) {
        complete_tensor_copy(r, m, c);
    } else {
        m.in_flight.push_back(c);
    }
}

}  // namespace

void tma_load_2d(void *dst, const void *tensor_map, int x, int y, void *bar) {
    const long long coords[] = {x, y};
    tma_load(dst, tensor_map, coords, 2, bar);
}

void tma_load_3d(void *dst, const void *tensor_map, int x, int y, int z, void *bar) {
    const long long coords[] = {x, y, z};
    tma_load(dst, tensor_map, coords, 3, bar);
}

void tma_load_4d(void *dst, const void *tensor_map, int x, int y, int z, int w, void *bar) {
    const long long coords[] = {x, y, z, w};
    tma_load(dst, tensor_map, coords, 4, bar);
}

void *dynamic_shared() { return runner().dynamic_shared; }

std::uint32_t shared_offset(const void *p) {
    const Runner &r = runner();
    const unsigned char *q = static_cast<const unsigned char *>(p);
    if (r.dynamic_shared == nullptr || q < r.dynamic_shared || q > r.dynamic_shared + r.dynamic_bytes) {
        fatal("shared address of %p, which is not in the launch's %zu bytes of dynamic shared memory (the emulator's "
              "shared addresses cover those only)", p, r.dynamic_bytes);
    }
    return (std::uint32_t)(q - r.dynamic_shared);
}

namespace {

/* The warpgroup of the running thread: its 128 threads must all be in the block. */
int warpgroup_thread(const Runner &r, const char *what) {
    const int first = r.current->linear & ~127;
    if (first + 128 > r.threads) {
        fatal("%s by a thread of a warpgroup of %d threads: a warpgroup is 4 whole warps (128 threads)", what,
              r.threads - first);
    }
    return r.current->linear & 127;
}

/* The K-major operand (`which`: A or B) that descriptor `desc` describes (wgmma.cuh): its start address, its leading
 * and stride byte offsets, its elements' size (4 bytes TF32, 2 BF16), and whether it is in 128-byte swizzle. */
struct WgmmaOperand {
    std::uint64_t desc;
    std::size_t start, lbo, sbo;
    char which;
    int bytes;
    bool swizzled;
};

WgmmaOperand wgmma_operand_of(std::uint64_t desc, char which, int bytes) {
    const unsigned swizzle = (unsigned)(desc >> 62), base = (unsigned)(desc >> 49) & 7u;
    if (swizzle > 1 || base != 0) {
        fatal("wgmma descriptor 0x%016llx of %c: layout type %u, base offset %u; the emulator models the unswizzled "
              "layout and the 128-byte swizzle (types 0 and 1, base offset 0) only", (unsigned long long)desc, which,
              swizzle, base);
    }
    const WgmmaOperand o{desc, (std::size_t)(desc & 0x3FFF) << 4, (std::size_t)((desc >> 16) & 0x3FFF) << 4,
                         (std::size_t)((desc >> 32) & 0x3FFF) << 4, which, bytes, swizzle == 1};
    if (o.swizzled && o.start % 128 + 32 > 128) {
        fatal("wgmma descriptor 0x%016llx of %c in 128-byte swizzle starts at byte %zu of a row: the step's 32 bytes "
              "of K cross the row's end", (unsigned long long)desc, which, o.start % 128);
    }
    return o;
}

/* The dynamic shared byte of element (row, k) of operand o: unswizzled, a core matrix's row is 16 bytes of
 * consecutive k; in 128-byte swizzle, 8 rows of 128 bytes from the start, swizzled (swizzled_128) as the tensor copies
 * land them. */
std::size_t wgmma_operand_byte(const Runner &r, const WgmmaOperand &o, int row, int k) {
    const int per_row = 16 / o.bytes;
    const std::size_t at =
        o.swizzled ? swizzled_128(o.start + (std::size_t)(row / 8) * o.sbo + (std::size_t)(row % 8) * 128 +
                                  (std::size_t)k * o.bytes)
                   : o.start + (std::size_t)(row / 8) * o.sbo + (std::size_t)(k / per_row) * o.lbo +
                         (std::size_t)(row % 8) * 16 + (std::size_t)(k % per_row) * o.bytes;
    if (at + o.bytes > r.dynamic_bytes) {
        fatal("wgmma reads %c[%d][%d] at shared byte %zu (descriptor 0x%016llx), past the launch's %zu bytes of "
              "dynamic shared memory", o.which, row, k, at, (unsigned long long)o.desc, r.dynamic_bytes);
    }
    return at;
}

/* Row `row` of operand o, the step's 32 bytes of k, as floats: two 16-byte core-matrix rows, each contiguous in both
 * layouts (the swizzle moves 16-byte units only). */
void wgmma_operand_row(const Runner &r, const WgmmaOperand &o, int row, float *out) {
    const int per_chunk = 16 / o.bytes;
    for (int chunk = 0; chunk < 2; ++chunk) {
        const std::size_t at = wgmma_operand_byte(r, o, row, chunk * per_chunk);
        if (at + 16 > r.dynamic_bytes) {
            const int k = chunk * per_chunk + (int)((r.dynamic_bytes - at) / o.bytes);
            wgmma_operand_byte(r, o, row, k); /* aborts, naming the first element past the end */
        }
        unsigned char bytes[16];
        std::memcpy(bytes, r.dynamic_shared + at, sizeof bytes);
        for (int j = 0; j < per_chunk; ++j) {
            std::uint32_t bits = 0;
            if (o.bytes == 2) {
                std::uint16_t half;
                std::memcpy(&half, bytes + 2 * j, sizeof half);
                bits = (std::uint32_t)half << 16;
            } else {
                std::memcpy(&bits, bytes + 4 * j, sizeof bits);
                if ((bits & 0x7f800000u) != 0x7f800000u && (bits & 0x1fffu) != 0) {
                    fatal("wgmma TF32 operand %c[%d][%d] = 0x%08x has mantissa bits below TF32's 10: round it first "
                          "(cvt.rn.tf32.f32)", o.which, row, chunk * per_chunk + j, bits);
                }
            }
            std::memcpy(out + chunk * per_chunk + j, &bits, sizeof bits);
        }
    }
}

/* Aborts where an element of the operand (rows x the step's 16 bytes of k) that `desc` describes was written by a
 * landed cp.async whose thread has run no fence.proxy.async since: wgmma reads shared memory through the async proxy,
 * which need not see that write. */
void require_async_fenced(const Runner &r, std::uint64_t desc, int rows, char which, int bytes) {
    const WgmmaOperand o = wgmma_operand_of(desc, which, bytes);
    for (int row = 0; row < rows; ++row)
        for (int k = 0; k < 32 / bytes; ++k) {
            const std::size_t at = wgmma_operand_byte(r, o, row, k);
            if (r.async_unfenced[at / 4] >= 0) {
                fatal("wgmma reads %c[%d][%d] at shared byte %zu, which a cp.async of thread %d wrote with no "
                      "fence.proxy.async of that thread since: the multiply reads through the async proxy, which need "
                      "not see it (fence.proxy.async.shared::cta after the copy's wait, then a barrier, before the "
                      "multiply)", which, row, k, at, r.async_unfenced[at / 4]);
            }
        }
}

/* d += A B^T for this thread's 64 accumulators (wgmma.cuh gives which elements they are): the step's 8 (TF32) or 16
 * (BF16) products summed, then added to the accumulator, where mma.sync's emulation adds each product to it in turn;
 * the hardware leaves its order unspecified, and the two orders' bits differ, as the two kernels' may on a GPU. The
 * thread's two rows of A and 32 columns of B are read once each, every element that its accumulators take. */
void wgmma_compute(const Runner &r, const WgmmaOp &op) {
    const int t = r.current->linear & 127, w = t / 32, l = t % 32, depth = 32 / op.bytes;
    const WgmmaOperand A = wgmma_operand_of(op.a, 'A', op.bytes), B = wgmma_operand_of(op.b, 'B', op.bytes);
    float a[2][16], b[32][16];
    for (int h = 0; h < 2; ++h) wgmma_operand_row(r, A, 16 * w + l / 4 + 8 * h, a[h]);
    for (int j = 0; j < 32; ++j) wgmma_operand_row(r, B, 8 * (j / 2) + 2 * (l % 4) + j % 2, b[j]);
    for (int i = 0; i < 64; ++i) {
        const float *ai = a[i % 4 / 2], *bi = b[2 * (i / 4) + i % 2];
        float step = 0.f;
        for (int k = 0; k < depth; ++k) step += ai[k] * bi[k];
        op.d[i] += step;
    }
}

/* wgmma.mma_async `name` of this thread (operand elements of `bytes` bytes): checked, then computed or queued. */
void wgmma_issue(float *d, std::uint64_t a, std::uint64_t b, int bytes, const char *name, const void *site) {
    Runner &r = runner();
    Fiber *f = r.current;
    warpgroup_thread(r, "wgmma.mma_async");
    warp_collective(name, site, (std::size_t)(a * 1099511628211ULL ^ b));
    if (!f->wgmma_fenced) {
        fatal("wgmma.mma_async without a wgmma.fence since the thread started or last waited (wgmma.wait_group): "
              "the fence orders the accumulators' other accesses before it");
    }
    if ((f->linear & 127) == 0) { /* once a warpgroup: every thread of the block has passed the barrier before it */
        require_async_fenced(r, a, 64, 'A', bytes);
        require_async_fenced(r, b, 128, 'B', bytes);
    }
    const WgmmaOp op{d, a, b, bytes};
    const Order order = r.schedule->order;
    const bool pending = !f->open_wgmmas.empty() ||
                         std::any_of(f->wgmma_groups.begin(), f->wgmma_groups.end(),
                                     [](const std::vector<WgmmaOp> &g) { return !g.empty(); });
    if (!pending && (order == Order::reverse || (order == Order::shuffle && (draw(r) & 1u)))) {
        wgmma_compute(r, op);
    } else {
        f->open_wgmmas.push_back(op);
    }
}

}  // namespace

void wgmma_fence() {
    Runner &r = runner();
    warpgroup_thread(r, "wgmma.fence");
    warp_collective("wgmma.fence", reinterpret_cast<const void *>(&wgmma_fence), 0);
    r.current->wgmma_fenced = true;
}

void wgmma_tf32_m64n128k8(float *d, std::uint64_t a, std::uint64_t b) {
    wgmma_issue(d, a, b, 4, "wgmma.mma_async.m64n128k8.f32.tf32.tf32",
                reinterpret_cast<const void *>(&wgmma_tf32_m64n128k8));
}

void wgmma_bf16_m64n128k16(float *d, std::uint64_t a, std::uint64_t b) {
    wgmma_issue(d, a, b, 2, "wgmma.mma_async.m64n128k16.f32.bf16.bf16",
                reinterpret_cast<const void *>(&wgmma_bf16_m64n128k16));
}

void wgmma_commit() {
    Runner &r = runner();
    Fiber *f = r.current;
    warp_collective("wgmma.commit_group", reinterpret_cast<const void *>(&wgmma_commit), 0);
    f->wgmma_groups.push_back(std::move(f->open_wgmmas));
    f->open_wgmmas.clear();
}

void wgmma_wait(int pending) {
    Runner &r = runner();
    Fiber *f = r.current;
    warp_collective("wgmma.wait_group", reinterpret_cast<const void *>(&wgmma_wait), (std::size_t)pending);
    while (f->wgmma_groups.size() > (std::size_t)pending) {
        for (const WgmmaOp &op : f->wgmma_groups.front()) wgmma_compute(r, op);
        f->wgmma_groups.pop_front();
    }
    f->wgmma_fenced = false;
}

namespace {
constexpr std::align_val_t kDynamicAlign{128}; /* as __align__(128), the most a kernel asks of it */
struct AlignedFree {
    void operator()(unsigned char *p) const { ::operator delete(p, kDynamicAlign); }
};
}  // namespace

void fresh_shared(void *p, std::size_t bytes) {
    Runner &r = runner();
    unsigned long long &filled = r.shared_filled[p];
    if (filled == r.block_serial) return;
    filled = r.block_serial;
    std::memset(p, 0xff, bytes);
}

void warp_exchange(unsigned mask, const void *value, void *out, std::size_t bytes, int src_lane) {
    Runner &r = runner();
    Fiber *f = r.current;
    const int warp = f->linear >> 5;
    ++f->shuffles;
    std::memcpy(r.slots[f->linear], value, bytes);
    wait(State::at_warp_barrier);
    if (r.warp_checked[warp] != f->shuffles) { /* once a warp: no lane exits before the exchange's second barrier */
        r.warp_checked[warp] = f->shuffles;
        unsigned lanes = 0;
        for (int l = 0; l < 32 && warp * 32 + l < r.threads; ++l) {
            if (r.fibers[warp * 32 + l].state != State::done) lanes |= 1u << l;
        }
        r.exchange_lanes[warp] = lanes;
    }
    if (const unsigned absent = mask & ~r.exchange_lanes[warp]) {
        const int l = __builtin_ctz(absent);
        fatal(warp * 32 + l >= r.threads ? "shuffle mask 0x%08x names lane %d, which the block does not have"
                                         : "shuffle mask 0x%08x names lane %d, which exited",
              mask, l);
    }
    if (src_lane < 0 || src_lane > 31 || !((mask >> src_lane) & 1u)) {
        fatal("shuffle reads lane %d, outside its mask 0x%08x", src_lane, mask);
    }
    std::memcpy(out, r.slots[warp * 32 + src_lane], bytes);
    ++f->shuffles;
    wait(State::at_warp_barrier); /* every lane has read before any lane publishes again */
}

/* One barrier: a lane's next gather publishes into the other buffer, and the one after it, into this one again, only
 * once every lane of the warp has reached the next gather's barrier, after reading this one's. */
const unsigned char *warp_gather(const char *what, const void *value, std::size_t bytes) {
    Runner &r = runner();
    Fiber *f = r.current;
    const int warp = f->linear >> 5;
    if (bytes > kGatherBytes) {
        fatal("%s: a lane publishes %zu bytes, more than the emulator's %zu", what, bytes, kGatherBytes);
    }
    unsigned char (&buffer)[kMaxThreads][kGatherBytes] = r.gathered[f->shuffles & 1];
    ++f->shuffles;
    std::memcpy(buffer[f->linear], value, bytes);
    r.gathering[f->linear] = what;
    wait(State::at_warp_barrier);
    if (r.warp_checked[warp] != f->shuffles) { /* once a warp: the first of its lanes to run on */
        r.warp_checked[warp] = f->shuffles;
        for (int l = 0; l < 32; ++l) {
            const Fiber &lane = r.fibers[warp * 32 + l];
            /* a lane that exited after this gather has counted it, one before has not */
            if (lane.shuffles < f->shuffles) fatal("%s: lane %d of the warp exited before it", what, l);
            if (r.gathering[warp * 32 + l] != what) {
                fatal("%s: lane %d of the warp is at %s: a warp's lanes do each warp-level instruction together", what,
                      l, r.gathering[warp * 32 + l]);
            }
        }
    }
    return buffer[warp * 32];
}

void fatal(const char *fmt, ...) {
    std::fflush(stdout);
    std::fprintf(stderr, "jace-emu: ");
    va_list ap;
    va_start(ap, fmt);
    std::vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (t_runner != nullptr && t_runner->running && t_runner->current != nullptr) {
        const Runner &r = *t_runner;
        std::fprintf(stderr, " [block (%u,%u,%u) of (%u,%u,%u), thread (%u,%u,%u) of (%u,%u,%u), JACE_EMU_SCHEDULE=%s]",
                     r.block_idx.x, r.block_idx.y, r.block_idx.z, r.grid_dim.x, r.grid_dim.y, r.grid_dim.z,
                     r.current->thread_idx.x, r.current->thread_idx.y, r.current->thread_idx.z, r.block_dim.x,
                     r.block_dim.y, r.block_dim.z, r.schedule->name);
    }
    std::fprintf(stderr, "\n");
    std::abort();
}

void run_grid(const std::function<void()> &body, dim3 grid, dim3 block, std::size_t shared_bytes) {
    Runner &r = this_thread_runner();
    if (r.running) fatal("a kernel launched another kernel (dynamic parallelism is not emulated)");
    r.threads = (int)(block.x * block.y * block.z);
    if ((int)r.fibers.size() < r.threads) r.fibers.resize(r.threads);
    while ((int)r.stacks.size() < r.threads) r.stacks.push_back(new_stack());
    r.block_dim = block;
    r.grid_dim = grid;
    r.body = &body;
    r.schedule = &schedule();
    const unsigned long long blocks = (unsigned long long)grid.x * grid.y * grid.z;
    arrange_threads(r);
    arrange_blocks(r, blocks);
    /* allocated to size for each grid, so that AddressSanitizer reports an access past the launch's bytes */
    const std::unique_ptr<unsigned char, AlignedFree> dynamic(
        shared_bytes > 0 ? static_cast<unsigned char *>(::operator new(shared_bytes, kDynamicAlign)) : nullptr);
    r.dynamic_shared = dynamic.get();
    r.dynamic_bytes = shared_bytes;
    r.async_unfenced.assign((shared_bytes + 3) / 4, -1);
    r.running = true;
    for (unsigned long long k = 0; k < blocks; ++k) {
        r.block_idx = block_at(r, k, blocks);
        run_block(r);
    }
    r.running = false;
    r.current = nullptr;
    r.dynamic_shared = nullptr;
    r.dynamic_bytes = 0;
    r.async_unfenced.clear();
}

}  // namespace jace_emu
