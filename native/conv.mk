# conv.mk — rules owned by the convolution kernels (included from native/Makefile: `include conv.mk`).
# Usable on its own from anywhere, e.g.  make -f native/conv.mk test-conv-host
CONV_MK_DIR  := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# The repository; build.sh names it when it builds through a link (see NATIVE_DIR in Makefile).
CONV_ROOT    ?= $(abspath $(CONV_MK_DIR)/..)
NVCC         ?= nvcc
CONV_BUILD   ?= $(CONV_ROOT)/build/conv-host
CONV_GENCODE := -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 \
                -gencode arch=compute_90,code=compute_90
CONV_FLAGS   := -O3 -std=c++17 -Xcompiler -fPIC -I $(CONV_ROOT)/native/include -I $(CONV_ROOT)/native/src -I $(CONV_ROOT)/cuda
CONV_HEADERS := $(wildcard $(CONV_ROOT)/cuda/conv_*.cuh)

.PHONY: test-conv-host conv-ptxas

# Host-only self-check of the convolution index arithmetic (no GPU needed). TRIALS=n for more random cases.
test-conv-host: $(CONV_BUILD)/conv_reference_check
	$(CONV_BUILD)/conv_reference_check $(TRIALS)

$(CONV_BUILD)/conv_reference_check: $(CONV_ROOT)/native/test/conv_reference_check.cu $(CONV_ROOT)/native/test/conv_reference.h $(CONV_HEADERS) $(CONV_ROOT)/native/include/jace.h
	@mkdir -p $(CONV_BUILD)
	$(NVCC) -O2 -std=c++17 -I $(CONV_ROOT)/native/include -o $@ $<

# Register / spill report of the convolution kernels (compiles native/src/conv.cu to an object only).
conv-ptxas: $(CONV_ROOT)/native/src/conv.cu $(CONV_HEADERS)
	@mkdir -p $(CONV_BUILD)
	$(NVCC) $(CONV_FLAGS) $(CONV_GENCODE) -Xptxas -v -c $< -o $(CONV_BUILD)/conv.o

.PHONY: test-conv-gpu conv-gpu-check
# Builds the GPU check without running it (CI has no GPU; the bundle's device check runs it).
conv-gpu-check: $(CONV_BUILD)/conv_gpu_check

# GPU check of the nine entry points against float64 references (prints SKIP without a device). ARGS=bench times three layers, ARGS=profile runs one for ncu.
test-conv-gpu: $(CONV_BUILD)/conv_gpu_check
	$(CONV_BUILD)/conv_gpu_check $(ARGS)

# The check links the kernels' objects (conv.cu, bf16_convert.cu: its bench times the bfloat16 staging of the BF16
# cuDNN baseline; conv_wgmma.cu) from CONV_LIB_OBJ: native/Makefile, which includes this file, names its own OBJ, so
# they are libjace.so's; on its own, this file compiles them into $(CONV_BUILD). conv_wgmma.cu and the check's wgmma
# probe are built for sm_90a alone (see ARCH_SM90A in Makefile).
CONV_WGMMA_DEPS := $(CONV_ROOT)/native/src/conv_wgmma.h $(CONV_HEADERS) $(CONV_ROOT)/cuda/wgmma.cuh \
                   $(CONV_ROOT)/cuda/tma.cuh
ifndef CONV_LIB_OBJ
CONV_LIB_OBJ := $(CONV_BUILD)
$(CONV_BUILD)/conv.o: $(CONV_ROOT)/native/src/conv.cu $(wildcard $(CONV_ROOT)/native/src/*.h $(CONV_ROOT)/cuda/*.cuh)
	@mkdir -p $(CONV_BUILD)
	$(NVCC) $(CONV_FLAGS) $(CONV_GENCODE) -c $< -o $@

$(CONV_BUILD)/bf16_convert.o: $(CONV_ROOT)/native/src/bf16_convert.cu $(CONV_ROOT)/cuda/bf16_convert.cuh
	@mkdir -p $(CONV_BUILD)
	$(NVCC) $(CONV_FLAGS) $(CONV_GENCODE) -c $< -o $@

$(CONV_BUILD)/conv_wgmma.o: $(CONV_ROOT)/native/src/conv_wgmma.cu $(CONV_WGMMA_DEPS)
	@mkdir -p $(CONV_BUILD)
	$(NVCC) $(CONV_FLAGS) -gencode arch=compute_90a,code=sm_90a -c $< -o $@
endif
CONV_KERNEL_OBJS := $(CONV_LIB_OBJ)/conv.o $(CONV_LIB_OBJ)/bf16_convert.o $(CONV_LIB_OBJ)/conv_wgmma.o

$(CONV_BUILD)/wgmma_probe.o: $(CONV_ROOT)/native/test/wgmma_probe.cu $(CONV_ROOT)/native/test/wgmma_probe.h \
                             $(CONV_ROOT)/native/test/wgmma_operands.h $(CONV_ROOT)/cuda/wgmma.cuh \
                             $(CONV_ROOT)/cuda/tma.cuh $(CONV_ROOT)/native/src/conv_wgmma.h
	@mkdir -p $(CONV_BUILD)
	$(NVCC) $(CONV_FLAGS) -gencode arch=compute_90a,code=sm_90a -c $< -o $@

$(CONV_BUILD)/conv_gpu_check: $(CONV_ROOT)/native/test/conv_gpu_check.cu $(CONV_ROOT)/native/test/conv_reference.h \
                              $(CONV_HEADERS) $(CONV_KERNEL_OBJS) $(CONV_BUILD)/wgmma_probe.o \
                              $(CONV_ROOT)/native/test/mma_sync_probe.cu \
                              $(CONV_ROOT)/native/test/mma_sync_probe.h $(CONV_ROOT)/cuda/mma_sync.cuh \
                              $(CONV_ROOT)/native/test/zfill_probe.cu $(CONV_ROOT)/native/test/zfill_probe.h
	@mkdir -p $(CONV_BUILD)
	$(NVCC) $(CONV_FLAGS) $(CONV_GENCODE) -DJACE_CONV_STANDALONE -o $@ $(CONV_ROOT)/native/test/conv_gpu_check.cu \
	  $(CONV_ROOT)/native/test/mma_sync_probe.cu $(CONV_ROOT)/native/test/zfill_probe.cu $(CONV_KERNEL_OBJS) \
	  $(CONV_BUILD)/wgmma_probe.o
