/*
 * check.h — the examples' checks: CHECK(call) (every jace call returns a status; on failure jace_last_error() names
 * the argument or the CUDA error, and the example exits with status 1) and require_device (exit status 2 without a
 * CUDA device). Found beside the example that includes it, so the compile lines need no -I for it.
 */
#ifndef JACE_EXAMPLES_CHECK_H
#define JACE_EXAMPLES_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#include "jace.h"

#define CHECK(call)                                                                                            \
    do {                                                                                                       \
        jace_status status_ = (call);                                                                          \
        if (status_ != JACE_SUCCESS) {                                                                         \
            fprintf(stderr, "%s:%d: %s: %s: %s\n", __FILE__, __LINE__, #call, jace_status_string(status_),     \
                    jace_last_error());                                                                        \
            exit(1);                                                                                           \
        }                                                                                                      \
    } while (0)

/* Device 0's name into name[0..len); exits with status 2, which `make examples` counts as skipped, without a device. */
static inline void require_device(char *name, int len) {
    int devices = 0;
    CHECK(jace_device_count(&devices));
    if (devices == 0) {
        fprintf(stderr, "no CUDA device: libjace.so found no driver or no GPU\n");
        exit(2);
    }
    CHECK(jace_device_name(0, name, len));
}

#endif
