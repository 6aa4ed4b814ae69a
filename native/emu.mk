# emu.mk — libjace built for the CPU emulator (emu/): every launcher and kernel of src/ and ../cuda/ runs on the
# host, so CI (no GPU) executes them. Included from Makefile; `make test-emu [OBJ=dir]` builds and runs the checks.
EMU_DIR     := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
EMU_BUILD   ?= $(OBJ)/emu
EMU_CXX     ?= $(CXX)
# The kernel tests run under AddressSanitizer (a kernel's access outside its buffers, like compute-sanitizer's memcheck)
# and UBSan (misaligned float4 accesses, indices past a shared array, signed overflow, a float cast to an int it does
# not fit, which GCC's "undefined" leaves out). A second build with UBSan only,
# in $(OBJ)/emu-ubsan, holds the Java libraries (loaded into a JVM, where ASan would need preloading) and
# conv_gpu_check (5x slower under ASan; conv_reference_check already proves its gathers in bounds).
# EMU_SANITIZE= builds without either.
EMU_SANITIZE ?= -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
EMU_UBSAN    := -fsanitize=undefined,float-cast-overflow -fno-sanitize-recover=all
EMU_UBSAN_BUILD := $(abspath $(OBJ))/emu-ubsan
# nvcc contracts a * b + c into an FMA wherever the code does not forbid it (the _rn intrinsics, explicit fmaf), so
# results differ from the uncontracted ones in their last bits. The kernel tests' build does not contract; the UBSan
# build does, where the CPU has FMA: its Java GPU tests, which check some ops bit for bit against the Java backend,
# and conv_gpu_check then see both roundings, as a GPU would give one of them.
EMU_CONTRACT ?= -ffp-contract=off
EMU_FMA_CONTRACT := $(if $(shell grep -qw fma /proc/cpuinfo 2>/dev/null && echo y),-ffp-contract=fast -mfma,-ffp-contract=off)
# The ASan build compiles at -O1: at -O2, GCC spent a minute on conv.cu's unrolled kernels under ASan (5 times the UBSan
# build's time), while the kernel tests run as fast at -O1. The UBSan build, whose kernels the Java tests and
# conv_gpu_check run, keeps -O2. -g1 keeps the line tables that sanitizer reports print; full debug information
# doubled the compile.
EMU_OPT     ?= -O1 -g1
# The UBSan build leaves the emulator's kernel-execution core (emu_kernel.cpp: threads, barriers, warp collectives,
# wgmma; emu_mma_sync.cpp) unsanitized: the kernels are what it checks, and the core's own checks cost a third of
# conv_gpu_check's time there. The kernel tests run the core under both sanitizers. Where EMU_UBSAN asks for ASan too
# (native/README), the core takes it: its fiber switches must tell ASan of each stack.
EMU_CORE_SANITIZE ?= $(EMU_SANITIZE)
EMU_UBSAN_CORE  := $(if $(findstring address,$(EMU_UBSAN)),$(EMU_UBSAN))
EMU_UBSAN_MAKE  := $(MAKE) -s -C $(EMU_DIR) OBJ=$(abspath $(OBJ)) EMU_BUILD=$(EMU_UBSAN_BUILD) EMU_SANITIZE='$(EMU_UBSAN)' \
                   EMU_CORE_SANITIZE='$(EMU_UBSAN_CORE)' \
                   EMU_CONTRACT='$(EMU_FMA_CONTRACT)' EMU_OPT='-O2 -g1'
# -fno-strict-aliasing: kernels move 16-byte vectors of one type through pointers to another (uint4 over bfloat16
# rows), which CUDA allows and C++'s aliasing rules leave the optimizer free to reorder. -Wno-psabi: GCC notes that
# passing a 128-byte aligned parameter (a CUtensorMap, as the tensor-copy kernels take one) changed ABI in GCC 4.6;
# every caller here is compiled alike.
EMU_OBJ_SANITIZE = $(EMU_SANITIZE)
EMU_FLAGS   = $(EMU_OPT) -fPIC -fno-strict-aliasing $(EMU_CONTRACT) -U_FORTIFY_SOURCE $(EMU_OBJ_SANITIZE) -std=c++17 \
               -Wall -Wno-unknown-pragmas -Wno-unused-function -Wno-psabi \
               -I$(EMU_BUILD)/cuda -I$(EMU_DIR)/emu/include -I$(EMU_DIR)/include -I$(EMU_DIR)/src -I$(EMU_DIR)/test
EMU_CORE    := $(EMU_DIR)/emu/emu_kernel.cpp $(EMU_DIR)/emu/emu_runtime.cpp $(EMU_DIR)/emu/emu_tensor_map.cpp \
               $(EMU_DIR)/emu/emu_mma_sync.cpp
EMU_HEADERS := $(wildcard $(EMU_DIR)/emu/include/*.h) $(EMU_DIR)/emu/emu_internal.h $(EMU_DIR)/emu/emu_device.h \
               $(EMU_DIR)/emu/injected_failures.h $(EMU_DIR)/emu/own_runtime.h
EMU_SRCS    := $(sort $(wildcard $(EMU_DIR)/src/*.cu))
# The kernel headers, their __shared__ variables refilled with NaN bytes in each block (emu/shared.pl) and their
# unroll pragmas in GCC's spelling (emu/unroll.pl).
EMU_KERNEL_HEADERS := $(patsubst $(EMU_DIR)/../cuda/%,$(EMU_BUILD)/cuda/%,$(wildcard $(EMU_DIR)/../cuda/*.cuh))
EMU_OBJS    := $(patsubst $(EMU_DIR)/src/%.cu,$(EMU_BUILD)/%.o,$(EMU_SRCS)) \
               $(patsubst $(EMU_DIR)/emu/%.cpp,$(EMU_BUILD)/%.o,$(EMU_CORE))
EMU_LIB     := $(EMU_BUILD)/libjace_emu.a
EMU_TESTS   := $(patsubst $(EMU_DIR)/test/emu/%.cpp,$(EMU_BUILD)/%,$(sort $(wildcard $(EMU_DIR)/test/emu/test_*.cpp)))
# The C examples (examples/*.c), compiled as C11 against jace.h and examples/check.h and run like the kernel tests.
EMU_EXAMPLES := $(patsubst $(EMU_DIR)/examples/%.c,$(EMU_BUILD)/example_%,$(sort $(wildcard $(EMU_DIR)/examples/*.c)))
# The emulator's cuBLAS and cuDNN (below), for the Java tests of the backend's cuBLAS/cuDNN paths.
EMU_NVIDIA      := $(EMU_BUILD)/nvidia
EMU_NVIDIA_LIBS := $(EMU_NVIDIA)/libcublas.so.13 $(EMU_NVIDIA)/libcudnn.so.9 \
                   $(patsubst %,$(EMU_NVIDIA)/libcudnn_%.so.9,graph ops cnn)

# The kernel tests run again under other schedules (JACE_EMU_SCHEDULE, see emu/emu_kernel.cpp), which reorder the
# threads of each barrier interval and the blocks of each grid, so that a race there changes results; conv_gpu_check
# runs in full under shuffle:2 and its quick subset reversed. Forward and reverse land each cp.async copy and compute
# each wgmma in the same order, so only shuffle, which lands a copy at once and defers a multiply to its wait, shows a
# wgmma wait too shallow for the ring (wgmma_wait<2> in wgmma_gemm: 141 failures under shuffle:2, none under the other
# two); of the barriers that native/README's table removes, shuffle finds every one that forward does.
# example_launch_overhead runs once: it times an empty kernel for 4.5 s, which no schedule reorders.
EMU_SCHEDULES ?= reverse shuffle:1
EMU_SCHEDULED := $(EMU_TESTS) $(filter-out %/example_launch_overhead,$(EMU_EXAMPLES))

# Runs every check even when one fails, then fails if any did. The emulator runs a kernel on one thread, so
# conv_gpu_check runs beside the kernel tests as two jobs, its full run and its zfill probe then quick subset, their
# output kept in files and printed after the tests'.
CONV_CHECK_SCHEDULE       := shuffle:2
CONV_CHECK_QUICK_SCHEDULE := reverse
.PHONY: test-emu
test-emu: emu-ubsan $(EMU_TESTS) $(EMU_EXAMPLES)
	@full_log=$$(mktemp); quick_log=$$(mktemp); \
	{ echo "[jace-native] conv_gpu_check under JACE_EMU_SCHEDULE=$(CONV_CHECK_SCHEDULE)"; \
	  JACE_EMU_SCHEDULE=$(CONV_CHECK_SCHEDULE) $(EMU_UBSAN_BUILD)/conv_gpu_check; } > "$$full_log" 2>&1 & \
	full=$$!; \
	{ quick_status=0; \
	  $(EMU_UBSAN_BUILD)/conv_gpu_check zfill || quick_status=1; \
	  echo "[jace-native] conv_gpu_check quick under JACE_EMU_SCHEDULE=$(CONV_CHECK_QUICK_SCHEDULE)"; \
	  JACE_EMU_SCHEDULE=$(CONV_CHECK_QUICK_SCHEDULE) $(EMU_UBSAN_BUILD)/conv_gpu_check quick || quick_status=1; \
	  exit $$quick_status; } > "$$quick_log" 2>&1 & \
	quick=$$!; status=0; \
	for t in $(EMU_TESTS) $(EMU_EXAMPLES); do $$t || status=1; done; \
	for s in $(EMU_SCHEDULES); do \
	  echo "[jace-native] kernel tests under JACE_EMU_SCHEDULE=$$s"; \
	  for t in $(EMU_SCHEDULED); do JACE_EMU_SCHEDULE=$$s $$t || { echo "FAIL $$t under JACE_EMU_SCHEDULE=$$s"; status=1; }; done; \
	done; \
	wait $$full || status=1; \
	echo "[jace-native] conv_gpu_check (run beside the kernel tests)"; cat "$$full_log"; \
	wait $$quick || status=1; \
	cat "$$quick_log"; rm -f "$$full_log" "$$quick_log"; \
	if [ $$status -ne 0 ]; then echo "[jace-native] emulator checks FAILED (see FAIL lines above)"; fi; exit $$status

# The UBSan-only build, in one sub-make so that no two recipes build its objects at once.
.PHONY: emu-ubsan emu-ubsan-targets emu-java-libs
emu-ubsan:
	@echo "[jace-native] emulator build for Java and conv_gpu_check: $(EMU_FMA_CONTRACT)$(if $(findstring fast,$(EMU_FMA_CONTRACT)),, (this CPU has no FMA))"
	+@$(EMU_UBSAN_MAKE) emu-ubsan-targets
emu-ubsan-targets: $(EMU_BUILD)/libjace.so $(EMU_BUILD)/driver/libcuda.so.1 $(EMU_BUILD)/conv_gpu_check $(EMU_NVIDIA_LIBS)
# The Java backend on the emulator: JACE_NATIVE_LIB=$(OBJ)/emu-ubsan/libjace.so JACE_CUDA_LIBS=$(OBJ)/emu-ubsan/driver.
emu-java-libs: emu-ubsan

# A .cu file as C++: its launches rewritten (emu/chevrons.pl), then its __shared__ declarations (emu/shared.pl) and
# unroll pragmas (emu/unroll.pl).
EMU_REWRITERS := $(EMU_DIR)/emu/chevrons.pl $(EMU_DIR)/emu/shared.pl $(EMU_DIR)/emu/unroll.pl
EMU_REWRITE   = perl $(EMU_DIR)/emu/chevrons.pl $< > $@.launches && perl $(EMU_DIR)/emu/shared.pl $@.launches > $@.shared \
                && perl $(EMU_DIR)/emu/unroll.pl $@.shared > $@

$(EMU_BUILD)/%.cpp: $(EMU_DIR)/src/%.cu $(EMU_REWRITERS) | $(EMU_BUILD)
	$(EMU_REWRITE)

$(EMU_BUILD)/cuda/%.cuh: $(EMU_DIR)/../cuda/%.cuh $(EMU_DIR)/emu/shared.pl $(EMU_DIR)/emu/unroll.pl
	@mkdir -p $(dir $@)
	perl $(EMU_DIR)/emu/shared.pl $< > $@.shared && perl $(EMU_DIR)/emu/unroll.pl $@.shared > $@

$(EMU_BUILD)/%.o: $(EMU_BUILD)/%.cpp $(EMU_DIR)/emu.mk $(EMU_HEADERS) $(EMU_KERNEL_HEADERS) $(wildcard $(EMU_DIR)/src/*.h)
	$(EMU_CXX) $(EMU_FLAGS) -c $< -o $@

$(EMU_BUILD)/%.o: $(EMU_DIR)/emu/%.cpp $(EMU_DIR)/emu.mk $(EMU_HEADERS) | $(EMU_BUILD)
	$(EMU_CXX) $(EMU_FLAGS) -c $< -o $@
$(EMU_BUILD)/emu_kernel.o $(EMU_BUILD)/emu_mma_sync.o: EMU_OBJ_SANITIZE = $(EMU_CORE_SANITIZE)

$(EMU_LIB): $(EMU_OBJS)
	ar rcs $@ $^

$(EMU_BUILD)/libjace.so: $(EMU_OBJS)
	$(EMU_CXX) $(EMU_SANITIZE) -shared -o $@ $^

$(EMU_BUILD)/driver/libcuda.so.1: $(EMU_DIR)/emu/fake_driver.cpp $(EMU_DIR)/emu/emu_device.h \
                                  $(EMU_DIR)/emu/injected_failures.h | $(EMU_BUILD)
	@mkdir -p $(dir $@)
	$(EMU_CXX) -O2 -fPIC -shared -Wl,-soname,libcuda.so.1 -o $@ $<

# cuBLAS and cuDNN of the emulator (emu/fake_cublas.cpp, emu/fake_cudnn.cpp): they run their work on libjace.so's
# emulated streams, so they link against it and find it beside them ($ORIGIN/..), where the dynamic linker reuses the
# copy the JVM loaded (the same file). The cuDNN sub-libraries that jace requires beside libcudnn.so.9 (LibrarySpec)
# are empty here: the emulated cuDNN is one library.
EMU_NVIDIA_LINK = mkdir -p $(dir $@) && $(EMU_CXX) -O2 -g1 -fPIC $(EMU_CONTRACT) -std=c++17 -Wall $(EMU_SANITIZE) \
                  -I$(EMU_DIR)/emu/include -shared -Wl,-soname,$(notdir $@) -o $@ $< -L$(EMU_BUILD) -l:libjace.so \
                  -Wl,-rpath,'$$ORIGIN/..'
EMU_NVIDIA_DEPS = $(EMU_HEADERS) $(EMU_DIR)/emu/fake_rounding.h $(EMU_DIR)/emu.mk $(EMU_BUILD)/libjace.so

$(EMU_NVIDIA)/libcublas.so.13: $(EMU_DIR)/emu/fake_cublas.cpp $(EMU_NVIDIA_DEPS)
	$(EMU_NVIDIA_LINK)

$(EMU_NVIDIA)/libcudnn.so.9: $(EMU_DIR)/emu/fake_cudnn.cpp $(EMU_NVIDIA_DEPS)
	$(EMU_NVIDIA_LINK)

$(EMU_NVIDIA)/libcudnn_%.so.9:
	@mkdir -p $(dir $@)
	$(EMU_CXX) -fPIC -shared -Wl,-soname,$(notdir $@) -x c++ /dev/null -o $@

$(EMU_BUILD)/conv_gpu_check.cpp: $(EMU_DIR)/test/conv_gpu_check.cu $(EMU_REWRITERS) | $(EMU_BUILD)
	$(EMU_REWRITE)

$(EMU_BUILD)/wgmma_probe.cpp: $(EMU_DIR)/test/wgmma_probe.cu $(EMU_REWRITERS) | $(EMU_BUILD)
	$(EMU_REWRITE)
$(EMU_BUILD)/wgmma_probe.o: $(EMU_DIR)/test/wgmma_probe.h $(EMU_DIR)/test/wgmma_operands.h

$(EMU_BUILD)/mma_sync_probe.cpp: $(EMU_DIR)/test/mma_sync_probe.cu $(EMU_REWRITERS) | $(EMU_BUILD)
	$(EMU_REWRITE)
$(EMU_BUILD)/mma_sync_probe.o: $(EMU_DIR)/test/mma_sync_probe.h
$(EMU_BUILD)/zfill_probe.cpp: $(EMU_DIR)/test/zfill_probe.cu $(EMU_REWRITERS) | $(EMU_BUILD)
	$(EMU_REWRITE)
$(EMU_BUILD)/zfill_probe.o: $(EMU_DIR)/test/zfill_probe.h

$(EMU_BUILD)/conv_gpu_check: $(EMU_BUILD)/conv_gpu_check.o $(EMU_BUILD)/wgmma_probe.o $(EMU_BUILD)/mma_sync_probe.o \
                             $(EMU_BUILD)/zfill_probe.o $(EMU_LIB)
	$(EMU_CXX) $(EMU_SANITIZE) -o $@ $^

$(EMU_BUILD)/test_%.cpp: $(EMU_DIR)/test/emu/test_%.cpp $(EMU_DIR)/emu/shared.pl | $(EMU_BUILD)
	perl $(EMU_DIR)/emu/shared.pl $< > $@

$(EMU_BUILD)/test_%: $(EMU_BUILD)/test_%.cpp $(wildcard $(EMU_DIR)/test/emu/*.h) $(EMU_DIR)/test/wgmma_operands.h \
                    $(EMU_KERNEL_HEADERS) $(EMU_LIB)
	$(EMU_CXX) $(EMU_FLAGS) -I$(EMU_DIR)/test/emu -o $@ $< $(EMU_LIB)

# test_mma_sync runs the device probe of the same facts (test/mma_sync_probe.cu) on the emulator.
$(EMU_BUILD)/test_mma_sync: $(EMU_BUILD)/test_mma_sync.cpp $(EMU_BUILD)/mma_sync_probe.o \
                            $(wildcard $(EMU_DIR)/test/emu/*.h) $(EMU_KERNEL_HEADERS) $(EMU_LIB)
	$(EMU_CXX) $(EMU_FLAGS) -I$(EMU_DIR)/test/emu -o $@ $< $(EMU_BUILD)/mma_sync_probe.o $(EMU_LIB)

$(EMU_BUILD)/example_%.o: $(EMU_DIR)/examples/%.c $(EMU_DIR)/examples/check.h $(EMU_DIR)/include/jace.h | $(EMU_BUILD)
	$(CC) -std=c11 -pedantic -O2 -g -Wall -Wextra -Werror $(EMU_SANITIZE) -I$(EMU_DIR)/include -c $< -o $@

$(EMU_BUILD)/example_%: $(EMU_BUILD)/example_%.o $(EMU_LIB)
	$(EMU_CXX) $(EMU_SANITIZE) -o $@ $^ -lm

$(EMU_BUILD):
	mkdir -p $@
