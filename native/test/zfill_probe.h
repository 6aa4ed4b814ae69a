/*
 * zfill_probe.h — zfill_probe.cu's check, on the device, of a zero-filling cp.async from an unmapped address
 * (conv_gpu_check zfill).
 */
#ifndef JACE_ZFILL_PROBE_H
#define JACE_ZFILL_PROBE_H

/* Copies 32 floats and zero-fills 32 from an address nothing is mapped at, and prints the outcome (a FAIL line where
 * the copy faulted or landed otherwise); returns the failures (0 or 1). */
int zfill_probe();

#endif
