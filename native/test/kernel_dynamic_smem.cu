/*
 * kernel_dynamic_smem.cu — the dynamic shared memory of each kernel instance whose launch computes it from template
 * parameters, which test/kernel_resources.py cannot evaluate from the source: one line "<instance, as c++filt -p
 * names it> <bytes>" each, from the functions the launchers call. Host code only; resources.mk builds and runs it.
 */
#include <cstdio>

#include "conv_packed_filter.cuh"
#include "conv_wgmma_layout.cuh"

template <int PREC, int BM, int BN>
void print_packed_tile() {
    std::printf("jace_conv::conv_packed_kernel<%d, %d, %d> %d\n", PREC, BM, BN,
                jace_conv::conv_packed_smem_bytes<PREC, BM, BN>());
    std::printf("jace_conv::conv_packed_filter_kernel<%d, %d, %d> %d\n", PREC, BM, BN,
                jace_conv::conv_packed_filter_smem_bytes<PREC, BM, BN>());
}

template <int PREC>
void print_packed_precision() {
#define JACE_PRINT_TILE(BM, BN) print_packed_tile<PREC, BM, BN>();
    JACE_PACKED_TILES(JACE_PRINT_TILE)
#undef JACE_PRINT_TILE
}

/* The data kernels of a tile height (TF32 and BF16), and its filter and plain GEMM kernels where there are some (not at
 * 192 rows). */
template <int BM>
void print_wgmma_tile(bool filter_and_plain) {
    using namespace jace_conv;
    std::printf("jace_conv::conv_wgmma%d_kernel<%d> %d\n", BM, PREC_TF32, WgmmaTile<PREC_TF32, BM>::BYTES);
    std::printf("jace_conv::conv_wgmma%d_kernel<%d> %d\n", BM, PREC_BF16, WgmmaTile<PREC_BF16, BM>::BYTES);
    if (!filter_and_plain) return;
    std::printf("jace_conv::conv_wgmma%d_plain_kernel<%d> %d\n", BM, PREC_TF32, WgmmaTile<PREC_TF32, BM>::BYTES);
    std::printf("jace_conv::conv_wgmma%d_plain_kernel<%d> %d\n", BM, PREC_BF16, WgmmaTile<PREC_BF16, BM>::BYTES);
    std::printf("jace_conv::conv_wgmma%d_filter_kernel<%d> %d\n", BM, PREC_TF32, WgmmaTile<PREC_TF32, BM>::BYTES);
    std::printf("jace_conv::conv_wgmma%d_filter_kernel<%d> %d\n", BM, PREC_BF16, WgmmaTile<PREC_BF16, BM>::BYTES);
}

int main() {
    print_packed_precision<jace_conv::PREC_FP32>();
    print_packed_precision<jace_conv::PREC_TF32>();
    print_packed_precision<jace_conv::PREC_BF16>();
    print_wgmma_tile<128>(true);
    print_wgmma_tile<192>(false);
    print_wgmma_tile<256>(true);
    for (const char *kernel : {"plain", "filter", "data"}) {
        std::printf("jace_conv::conv_wgmma_tma_%s_kernel<%d> %d\n", kernel, jace_conv::PREC_TF32,
                    jace_conv::WgmmaTmaTile<jace_conv::PREC_TF32>::BYTES);
        std::printf("jace_conv::conv_wgmma_tma_%s_kernel<%d> %d\n", kernel, jace_conv::PREC_BF16,
                    jace_conv::WgmmaTmaTile<jace_conv::PREC_BF16>::BYTES);
    }
    return 0;
}
