/*
 * wgmma_probe.h — wgmma_probe.cu's check of the wgmma facts on the device (for conv_gpu_check, on Hopper only).
 */
#ifndef JACE_WGMMA_PROBE_H
#define JACE_WGMMA_PROBE_H

/* Multiplies a 64 x 128 x 8 TF32 product and a 64 x 128 x 16 BF16 one with wgmma as the convolution kernels do and
 * prints each outcome (a FAIL line naming the likely misreading where one is not exact); returns the failures (0 to
 * 2). */
int wgmma_probe();

/* Copies a 64-row and a 128-row operand, one 128-byte K tile each, by tensor copies in 128-byte swizzle (TF32, then
 * BF16), checks where each element landed, and multiplies them with 128-byte swizzled descriptors as the tensor-copy
 * loop does (conv_wgmma_tma.cuh); prints each outcome (a FAIL line naming which of the two the device does otherwise,
 * or the tensor map's error, error_message()'s); returns the failures (0 to 2). */
int tma_probe(const char *(*error_message)());

#endif
