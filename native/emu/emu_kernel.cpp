/*
 * The emulator's execution of a grid (jace_emu.h): blocks in order, each block's threads as fibers. A fiber starts
 * on its own stack with setcontext; later switches use _setjmp/_longjmp, which do not save the signal mask and so
 * make no system call (swapcontext makes one per switch, which was a third of the run time).
 */
#include <setjmp.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
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

enum class State { runnable, at_block_barrier, at_warp_barrier, done };

struct Fiber {
    void *asan_fake_stack; /* AddressSanitizer's bookkeeping while the fiber is switched out */
    ucontext_t start;
    jmp_buf resume;
    bool started;
    dim3 thread_idx;
    int linear;
    State state;
    unsigned long long shuffles; /* warp exchanges this thread has done: lanes at one barrier must agree */
};

/* One OS thread's fibers and their stacks, reused from launch to launch. */
struct Runner {
    std::vector<Fiber> fibers;
    std::vector<char *> stacks;
    jmp_buf scheduler;
    void *scheduler_fake_stack = nullptr;
    const void *scheduler_stack = nullptr;
    std::size_t scheduler_stack_bytes = 0;
    Fiber *current = nullptr;
    int threads = 0;
    dim3 block_idx, block_dim, grid_dim;
    const std::function<void()> *body = nullptr;
    unsigned char slots[kMaxThreads][kSlotBytes];
    bool running = false;
};
thread_local Runner t_runner;

char *new_stack() {
    const std::size_t page = (std::size_t)sysconf(_SC_PAGESIZE);
    void *p = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) fatal("cannot map a %zu-byte fiber stack", kStackBytes);
    mprotect(p, page, PROT_NONE); /* guard page: a stack overflow faults instead of corrupting a neighbour */
    return static_cast<char *>(p) + page;
}

Runner &runner() {
    Runner &r = t_runner;
    if (!r.running || r.current == nullptr) fatal("a device function ran outside a kernel launch");
    return r;
}

/* The fiber side of a switch: back to the scheduler, keeping this stack (or dropping it when the thread is done). */
[[noreturn]] void to_scheduler(Runner &r, Fiber *f, bool done) {
    JACE_EMU_START_SWITCH(done ? nullptr : &f->asan_fake_stack, r.scheduler_stack, r.scheduler_stack_bytes);
    _longjmp(r.scheduler, 1);
}

void arrived_in_fiber(Runner &r, Fiber *f) {
    (void)r;
    (void)f;
    JACE_EMU_FINISH_SWITCH(f->asan_fake_stack, &r.scheduler_stack, &r.scheduler_stack_bytes);
}

void fiber_main() {
    Runner &r = t_runner;
    arrived_in_fiber(r, r.current);
    (*r.body)();
    r.current->state = State::done;
    to_scheduler(r, r.current, true);
}

void wait(State state) {
    Runner &r = runner();
    Fiber *f = r.current;
    f->state = state;
    if (_setjmp(f->resume) == 0) to_scheduler(r, f, false);
    arrived_in_fiber(r, f);
}

const char *describe(State s) {
    switch (s) {
        case State::runnable: return "running";
        case State::at_block_barrier: return "at __syncthreads";
        case State::at_warp_barrier: return "at a warp shuffle";
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

void run_block(Runner &r) {
    for (int i = 0; i < r.threads; ++i) {
        Fiber &f = r.fibers[i];
        const unsigned bx = r.block_dim.x, by = r.block_dim.y;
        f.thread_idx = dim3(i % bx, (i / bx) % by, i / (bx * by));
        f.linear = i;
        f.state = State::runnable;
        f.shuffles = 0;
        f.started = false;
        f.asan_fake_stack = nullptr;
    }
    for (;;) {
        for (int i = 0; i < r.threads; ++i) {
            Fiber &f = r.fibers[i];
            if (f.state != State::runnable) continue;
            r.current = &f;
            if (_setjmp(r.scheduler) != 0) {
                JACE_EMU_FINISH_SWITCH(r.scheduler_fake_stack, nullptr, nullptr);
                continue;
            }
            JACE_EMU_START_SWITCH(&r.scheduler_fake_stack, r.stacks[i], kStackBytes);
            if (f.started) _longjmp(f.resume, 1);
            f.started = true;
            getcontext(&f.start);
            f.start.uc_stack.ss_sp = r.stacks[i];
            f.start.uc_stack.ss_size = kStackBytes;
            f.start.uc_link = nullptr;
            makecontext(&f.start, fiber_main, 0);
            setcontext(&f.start);
        }
        int done = 0, at_block = 0;
        for (int i = 0; i < r.threads; ++i) {
            done += r.fibers[i].state == State::done;
            at_block += r.fibers[i].state == State::at_block_barrier;
        }
        if (done == r.threads) return;
        if (release_warps(r)) continue;
        if (at_block + done == r.threads) {
            if (done > 0) {
                r.current = &r.fibers[0];
                fatal("__syncthreads() reached by %d of the block's %d threads; the other %d exited", at_block,
                      r.threads, done);
            }
            for (int i = 0; i < r.threads; ++i) r.fibers[i].state = State::runnable;
            continue;
        }
        for (int i = 0; i < r.threads; ++i) {
            if (r.fibers[i].state == State::at_warp_barrier) {
                r.current = &r.fibers[i];
                fatal("deadlock: thread %d is %s while others of its warp are not (thread 0 is %s)", i,
                      describe(r.fibers[i].state), describe(r.fibers[0].state));
            }
        }
        fatal("deadlock in the block");
    }
}

}  // namespace

const dim3 &thread_idx() { return runner().current->thread_idx; }
const dim3 &block_idx() { return runner().block_idx; }
const dim3 &block_dim() { return runner().block_dim; }
const dim3 &grid_dim() { return runner().grid_dim; }
int lane_id() { return runner().current->linear & 31; }

void sync_threads() { wait(State::at_block_barrier); }

void warp_exchange(unsigned mask, const void *value, void *out, std::size_t bytes, int src_lane) {
    Runner &r = runner();
    Fiber *f = r.current;
    const int warp = f->linear >> 5;
    ++f->shuffles;
    std::memcpy(r.slots[f->linear], value, bytes);
    wait(State::at_warp_barrier);
    for (int l = 0; l < 32; ++l) {
        if (!((mask >> l) & 1u)) continue;
        const int t = warp * 32 + l;
        if (t >= r.threads) fatal("shuffle mask 0x%08x names lane %d, which the block does not have", mask, l);
        if (r.fibers[t].state == State::done) fatal("shuffle mask 0x%08x names lane %d, which exited", mask, l);
    }
    if (src_lane < 0 || src_lane > 31 || !((mask >> src_lane) & 1u)) {
        fatal("shuffle reads lane %d, outside its mask 0x%08x", src_lane, mask);
    }
    std::memcpy(out, r.slots[warp * 32 + src_lane], bytes);
    ++f->shuffles;
    wait(State::at_warp_barrier); /* every lane has read before any lane publishes again */
}

void fatal(const char *fmt, ...) {
    std::fflush(stdout);
    std::fprintf(stderr, "jace-emu: ");
    va_list ap;
    va_start(ap, fmt);
    std::vfprintf(stderr, fmt, ap);
    va_end(ap);
    const Runner &r = t_runner;
    if (r.running && r.current != nullptr) {
        std::fprintf(stderr, " [block (%u,%u,%u) of (%u,%u,%u), thread (%u,%u,%u) of (%u,%u,%u)]",
                     r.block_idx.x, r.block_idx.y, r.block_idx.z, r.grid_dim.x, r.grid_dim.y, r.grid_dim.z,
                     r.current->thread_idx.x, r.current->thread_idx.y, r.current->thread_idx.z, r.block_dim.x,
                     r.block_dim.y, r.block_dim.z);
    }
    std::fprintf(stderr, "\n");
    std::abort();
}

void run_grid(const std::function<void()> &body, dim3 grid, dim3 block) {
    Runner &r = t_runner;
    if (r.running) fatal("a kernel launched another kernel (dynamic parallelism is not emulated)");
    r.threads = (int)(block.x * block.y * block.z);
    if ((int)r.fibers.size() < r.threads) r.fibers.resize(r.threads);
    while ((int)r.stacks.size() < r.threads) r.stacks.push_back(new_stack());
    r.block_dim = block;
    r.grid_dim = grid;
    r.body = &body;
    r.running = true;
    for (unsigned z = 0; z < grid.z; ++z)
        for (unsigned y = 0; y < grid.y; ++y)
            for (unsigned x = 0; x < grid.x; ++x) {
                r.block_idx = dim3(x, y, z);
                run_block(r);
            }
    r.running = false;
    r.current = nullptr;
}

}  // namespace jace_emu
