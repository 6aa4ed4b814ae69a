/*
 * mma_sync_probe.h — mma_sync_probe.cu's check of the warp-level MMA facts on the device (for conv_gpu_check, first,
 * on any device; and test/emu/test_mma_sync.cpp on the emulator).
 */
#ifndef JACE_MMA_SYNC_PROBE_H
#define JACE_MMA_SYNC_PROBE_H

/* Asks the device the five facts the TF32 and BF16 convolution kernels rest on (mma.sync TF32 and BF16 at the
 * documented fragment positions, ldmatrix.x4.trans's registers, BF16 through ldmatrix.trans as WarpTileMma loads it,
 * round_tf32 to nearest even) and prints each outcome (a FAIL line naming the likely misreading where one is wrong);
 * returns the failures (0 to 5). */
int mma_sync_probe();

#endif
