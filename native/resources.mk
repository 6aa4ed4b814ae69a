# resources.mk — compile-time resource check of every kernel (included from Makefile). Reads the ptxas reports
# ($(OBJ)/*.res) that the library's own compilation writes, so it adds no compilation.
# The objects are prerequisites too: a header change (known from the .d files) rebuilds an object, and with it
# its report.
KERNEL_RES := $(OBJS:.o=.res)
# The dynamic shared memory of the kernel instances whose launches compute it from template parameters, which the check
# cannot evaluate from the source: printed by a host program from the functions the launchers call (its one compile).
KERNEL_DYN := $(OBJ)/kernel_dynamic_smem.txt
KERNEL_RESOURCES := python3 test/kernel_resources.py --sources src ../cuda include --res $(KERNEL_RES) \
                    --dynamic-smem $(KERNEL_DYN)

$(KERNEL_DYN): test/kernel_dynamic_smem.cu $(wildcard ../cuda/*.cuh) Makefile resources.mk | $(OBJ)
	$(NVCC) -std=c++17 -arch=sm_80 -Iinclude -Isrc -I../cuda $< -o $(OBJ)/kernel_dynamic_smem
	$(OBJ)/kernel_dynamic_smem > $@

.PHONY: check-kernel-resources kernel-resources-table
# Fails on a spill, a local-memory stack frame or a launch that sm_80 / sm_90 would refuse.
check-kernel-resources: $(OBJS) $(KERNEL_RES) $(KERNEL_DYN)
	@$(KERNEL_RESOURCES)

# The table of bench/RESULTS.md's "Compile-time kernel facts (sm_90)"; TABLE_ARCH=sm_80 for the other target.
TABLE_ARCH ?= sm_90
kernel-resources-table: $(OBJS) $(KERNEL_RES) $(KERNEL_DYN)
	@$(KERNEL_RESOURCES) --table $(TABLE_ARCH)
