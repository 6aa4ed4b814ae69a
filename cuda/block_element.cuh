/* Device helper of the kernels that apply one group element per block through jace_fast_sample_src. */
#ifndef JACE_BLOCK_ELEMENT_CUH
#define JACE_BLOCK_ELEMENT_CUH

#include "group_index.cuh"
#include "jace_device.cuh"

/* The pixel map and slot table (into `src_ch`, in shared memory) of the element a block applies; images get the
 * identity's slot 0. Contains __syncthreads(): every thread of the block must call it. */
__device__ __forceinline__ jace_pixel_map jace_block_element(const jace_element &e,
                                                             const jace_fast_sample_geom &geom,
                                                             unsigned char *src_ch) {
    if (threadIdx.x < JACE_MAX_GROUP_ORDER) {
        src_ch[threadIdx.x] = geom.group_order > 0 ? e.src_ch[threadIdx.x] : (unsigned char)0;
    }
    __syncthreads();
    const int w = (int)geom.w.divisor;
    return jace_make_pixel_map(e.rot, e.flip, geom.h, w, w);
}

/* Every element's slot table, its dst_ch (DST) or src_ch, into tables[s] ({0} for images), filled by all the block's
 * threads together; the caller's next barrier publishes them. */
template <bool DST>
__device__ __forceinline__ void jace_fill_slot_tables(const jace_elements &el, int group_order,
                                                      unsigned char (*tables)[JACE_MAX_GROUP_ORDER]) {
    for (int t = (int)threadIdx.x; t < el.count * JACE_MAX_GROUP_ORDER; t += (int)blockDim.x) {
        const int s = t / JACE_MAX_GROUP_ORDER, slot = t % JACE_MAX_GROUP_ORDER;
        tables[s][slot] = group_order > 0 ? (DST ? el.e[s].dst_ch[slot] : el.e[s].src_ch[slot]) : (unsigned char)0;
    }
}

#endif
