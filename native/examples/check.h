/*
 * check.h — the examples' checks: CHECK(call) (every jace call returns a status; on failure jace_last_error() names
 * the argument or the CUDA error, and the example exits with status 1), require_compatible_library (exit status 1
 * when libjace.so's version is not this jace.h's major.minor) and require_device (exit status 2 without a CUDA
 * device). Found beside the example that includes it, so the compile lines need no -I for it.
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

/* Exits with status 1 unless the loaded libjace.so has this header's major.minor version (see JACE_VERSION in jace.h):
 * a program built against another would call functions whose signatures or behaviour may have changed. */
static inline void require_compatible_library(void) {
    const int version = jace_version();
    if (!JACE_VERSION_COMPATIBLE(version)) {
        fprintf(stderr,
                "libjace.so is version %d.%d.%d, but this program was built against jace.h %d.%d.%d: it works only "
                "with a libjace.so of version %d.%d.x; rebuild it against that library's jace.h, or load the "
                "libjace.so it was built with\n",
                version / 10000, version / 100 % 100, version % 100, JACE_VERSION_MAJOR, JACE_VERSION_MINOR,
                JACE_VERSION_PATCH, JACE_VERSION_MAJOR, JACE_VERSION_MINOR);
        exit(1);
    }
}

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
