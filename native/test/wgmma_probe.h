/*
 * wgmma_probe.h — wgmma_probe.cu's check of the wgmma facts on the device (for conv_gpu_check, on Hopper only).
 */
#ifndef JACE_WGMMA_PROBE_H
#define JACE_WGMMA_PROBE_H

/* Multiplies a 64 x 128 x 8 TF32 product and a 64 x 128 x 16 BF16 one with wgmma as the convolution kernels do and
 * prints each outcome (a FAIL line naming the likely misreading where one is not exact); returns the failures (0 to
 * 2). */
int wgmma_probe();

#endif
