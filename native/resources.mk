# resources.mk — compile-time resource check of every kernel (included from Makefile). Reads the ptxas reports
# ($(OBJ)/*.res) that the library's own compilation writes, so it adds no compilation.
# The objects are prerequisites too: a header change (known from the .d files) rebuilds an object, and with it
# its report.
KERNEL_RES := $(OBJS:.o=.res)
KERNEL_RESOURCES := python3 test/kernel_resources.py --sources src ../cuda include --res $(KERNEL_RES)

.PHONY: check-kernel-resources kernel-resources-table
# Fails on a spill, a local-memory stack frame, or a launch that sm_80 / sm_90 would refuse.
check-kernel-resources: $(OBJS) $(KERNEL_RES)
	@$(KERNEL_RESOURCES)

# The table of bench/RESULTS.md's "Compile-time kernel facts (sm_90)"; TABLE_ARCH=sm_80 for the other target.
TABLE_ARCH ?= sm_90
kernel-resources-table: $(OBJS) $(KERNEL_RES)
	@$(KERNEL_RESOURCES) --table $(TABLE_ARCH)
