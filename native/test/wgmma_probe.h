/*
 * wgmma_probe.h — wgmma_probe.cu's check of the wgmma facts on the device (for conv_gpu_check, on Hopper only).
 */
#ifndef JACE_WGMMA_PROBE_H
#define JACE_WGMMA_PROBE_H

/* Multiplies a 64 x 128 x 8 TF32 product with wgmma as the convolution kernels do and prints the outcome (a FAIL line
 * naming the likely misreading where it is not exact); returns the failures (0 or 1). */
int wgmma_probe();

#endif
