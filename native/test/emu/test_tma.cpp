/* Emulator test of Hopper's transaction barriers and tensor copies (cuda/tma.cuh on jace_emu), the copy engine of
 * conv_wgmma_tma.cuh: a tensor map from cuTensorMapEncodeTiled (through cudaGetDriverEntryPointByVersion, as libjace
 * gets it) copies its box into shared memory at the documented places (rows one after another; under the 128-byte
 * swizzle the 16-byte chunk c of row r at chunk c ^ (r % 8)), zeros outside the tensor, FP32 and BF16; a
 * producer/consumer ring on full and empty barriers delivers every tile to its consumers under every schedule; a
 * wgmma reads 128-byte swizzled operands that tensor copies landed, stepping its descriptors along K, exactly as a
 * float64 product; a copy lands where the schedule says (forward: at the wait, so a read before it sees the old
 * contents; reverse: at once). The encoder refuses what the driver documents it refuses, and what the hardware leaves
 * undefined aborts naming it: a wait nothing can complete, a block ending with copies in flight, a copy onto a
 * barrier, a swizzled copy to a misaligned destination, a copy past the end of shared memory, a barrier never
 * initialized or overwritten, a map the encoder did not write, a descriptor of another swizzle. */
#include <cuda.h>

#include <string>

#include "emu_check.h"
#include "tma.cuh"
#include "wgmma.cuh"
#include "wgmma_operands.h"

using namespace emu_check;
using namespace jace_tma;
using namespace jace_wgmma;

namespace {

typedef CUresult (*EncodeTiled)(CUtensorMap *, CUtensorMapDataType, cuuint32_t, void *, const cuuint64_t *,
                                const cuuint64_t *, const cuuint32_t *, const cuuint32_t *, CUtensorMapInterleave,
                                CUtensorMapSwizzle, CUtensorMapL2promotion, CUtensorMapFloatOOBfill);

EncodeTiled encoder() {
    void *f = nullptr;
    cudaDriverEntryPointQueryResult found = cudaDriverEntryPointSymbolNotFound;
    require(cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &f, 12000, cudaEnableDefault, &found),
            "cudaGetDriverEntryPointByVersion");
    if (found != cudaDriverEntryPointSuccess || f == nullptr) {
        std::printf("FAIL no cuTensorMapEncodeTiled (status %d)\n", (int)found);
        std::exit(1);
    }
    return reinterpret_cast<EncodeTiled>(f);
}

/* A tensor of `bytes`-byte elements at p: dims[0] along a row, rank 2 or 3 (planes 0: rank 2), index 1 of dimension
 * d + 1 strides[d] bytes on; boxes of box[0] x .. x box[rank - 1]. */
CUresult encode_tensor(CUtensorMap *map, const void *p, int bytes, cuuint32_t rank, const cuuint64_t *dims,
                       const cuuint64_t *strides, const cuuint32_t *box, bool swizzle) {
    const cuuint32_t unit[3] = {1, 1, 1};
    return encoder()(map, bytes == 2 ? CU_TENSOR_MAP_DATA_TYPE_BFLOAT16 : CU_TENSOR_MAP_DATA_TYPE_FLOAT32, rank,
                     const_cast<void *>(p), dims, strides, box, unit, CU_TENSOR_MAP_INTERLEAVE_NONE,
                     swizzle ? CU_TENSOR_MAP_SWIZZLE_128B : CU_TENSOR_MAP_SWIZZLE_NONE,
                     CU_TENSOR_MAP_L2_PROMOTION_NONE, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
}

/* A rows x cols matrix of `bytes`-byte elements at p (rows `stride` bytes apart), boxes of box_cols x box_rows. */
CUresult encode(CUtensorMap *map, const void *p, int bytes, int cols, int rows, unsigned long long stride,
                unsigned box_cols, unsigned box_rows, bool swizzle) {
    const cuuint64_t dims[2] = {(cuuint64_t)cols, (cuuint64_t)rows}, strides[1] = {stride};
    const cuuint32_t box[2] = {box_cols, box_rows};
    return encode_tensor(map, p, bytes, 2, dims, strides, box, swizzle);
}

/* Element (r, c) of the test matrices: distinct in FP32 (BF16 keeps its upper half, as the test compares). */
float value(int r, int c) { return (float)(r * 64 + c); }

/* The bytes of `planes` matrices of rows x cols elements of `bytes` bytes (BF16: the float's upper half), rows
 * `stride` bytes apart, planes `plane_stride` bytes apart; element (r, c) of plane z is value(z * rows + r, c). */
std::vector<unsigned char> tensor(int planes, int rows, int cols, int bytes, std::size_t stride,
                                  std::size_t plane_stride) {
    std::vector<unsigned char> m((std::size_t)planes * plane_stride, 0);
    for (int z = 0; z < planes; ++z)
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const float v = value(z * rows + r, c);
                std::memcpy(m.data() + z * plane_stride + r * stride + c * bytes,
                            reinterpret_cast<const unsigned char *>(&v) + (4 - bytes), bytes);
            }
    return m;
}

/* The matrix's bytes, elements of `bytes` bytes (BF16: the float's upper half), rows `stride` bytes apart. */
std::vector<unsigned char> matrix(int rows, int cols, int bytes, std::size_t stride) {
    return tensor(1, rows, cols, bytes, stride, (std::size_t)rows * stride);
}

/* The block's one barrier at shared memory's byte `at`, one arrival a phase: thread 0 inits it, then every thread
 * waits until it can use it. */
std::uint64_t *one_barrier(unsigned char *smem, std::size_t at) {
    std::uint64_t *bar = reinterpret_cast<std::uint64_t *>(smem + at);
    if (threadIdx.x == 0) {
        mbarrier_init(bar, 1);
        fence_barrier_init();
    }
    __syncthreads();
    return bar;
}

/* Thread 0 copies the box at (x, y) (rank 2) or (x, y, z) (rank 3) onto the block's barrier; every thread waits, then
 * the first `out_bytes` bytes of shared memory go to out. */
void load_kernel(const CUtensorMap *map, int rank, int x, int y, int z, unsigned box_bytes, unsigned char *out,
                 std::size_t out_bytes) {
    extern __shared__ __align__(128) unsigned char smem[];
    std::uint64_t *bar = one_barrier(smem, 8192);
    if (threadIdx.x == 0) {
        mbarrier_arrive_expect_tx(bar, box_bytes);
        if (rank == 3) {
            tma_load_3d(smem, map, x, y, z, bar);
        } else {
            tma_load_2d(smem, map, x, y, bar);
        }
    }
    mbarrier_wait(bar, 0);
    for (std::size_t i = threadIdx.x; i < out_bytes; i += blockDim.x) out[i] = smem[i];
}

/* A tensor copy's case: `bytes`-byte elements, `planes` (0: a rank-2 map) of rows x cols, the box's extents and first
 * element (planes' box and z unused at rank 2). */
struct Placement {
    int bytes, cols, rows, planes;
    unsigned box_cols, box_rows, box_planes;
    int x, y, z;
    bool swizzle;
};

/* The box copied from the tensor, each element checked at its place: rows of the box one after another (y, then z),
 * under the swizzle the 16-byte chunk c of box row r at chunk c ^ (r % 8). Rows are padded 16 bytes and planes 32
 * past what they hold, so that a stride taken for a length shows. */
void placement_case(const Placement &c) {
    const int rank = c.planes == 0 ? 2 : 3, planes = std::max(c.planes, 1);
    const unsigned box_planes = rank == 3 ? c.box_planes : 1;
    const std::size_t stride = ((std::size_t)c.cols * c.bytes + 15) / 16 * 16 + (rank == 3 ? 16 : 0);
    const std::size_t plane_stride = c.rows * stride + (rank == 3 ? 32 : 0);
    const std::vector<unsigned char> host = tensor(planes, c.rows, c.cols, c.bytes, stride, plane_stride);
    unsigned char *dev, *out;
    require(cudaMalloc(&dev, host.size()), "cudaMalloc");
    const std::size_t box_bytes = (std::size_t)c.box_cols * c.box_rows * box_planes * c.bytes;
    require(cudaMalloc(&out, box_bytes), "cudaMalloc");
    require(cudaMemcpy(dev, host.data(), host.size(), cudaMemcpyHostToDevice), "cudaMemcpy");
    CUtensorMap map;
    const cuuint64_t dims[3] = {(cuuint64_t)c.cols, (cuuint64_t)c.rows, (cuuint64_t)planes},
                     strides[2] = {stride, plane_stride};
    const cuuint32_t box[3] = {c.box_cols, c.box_rows, box_planes};
    EXPECT(encode_tensor(&map, dev, c.bytes, rank, dims, strides, box, c.swizzle) == CUDA_SUCCESS, "encode");
    jace_emu::launch([&] { load_kernel(&map, rank, c.x, c.y, c.z, (unsigned)box_bytes, out, box_bytes); }, dim3(1),
                     dim3(64), 16384);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    std::vector<unsigned char> got(box_bytes);
    require(cudaMemcpy(got.data(), out, box_bytes, cudaMemcpyDeviceToHost), "cudaMemcpy");
    int wrong = 0;
    const std::size_t pitch = (std::size_t)c.box_cols * c.bytes;
    for (unsigned k = 0; k < box_planes; ++k)
        for (unsigned i = 0; i < c.box_rows; ++i)
            for (unsigned j = 0; j < c.box_cols; ++j) {
                const std::size_t row = k * c.box_rows + i, chunk = j * c.bytes / 16;
                const std::size_t at =
                    row * pitch + (c.swizzle ? (chunk ^ (row % 8)) * 16 + j * c.bytes % 16 : j * c.bytes);
                const int z = rank == 3 ? c.z + (int)k : 0, r = c.y + (int)i, col = c.x + (int)j;
                std::uint32_t want = 0, word = 0;
                if (z >= 0 && r >= 0 && col >= 0 && z < planes && r < c.rows && col < c.cols) {
                    const float v = value(z * c.rows + r, col);
                    std::memcpy(&want, &v, 4);
                    want &= c.bytes == 2 ? 0xffff0000u : ~0u;
                }
                std::memcpy(reinterpret_cast<unsigned char *>(&word) + (4 - c.bytes), got.data() + at, c.bytes);
                wrong += word != want;
            }
    EXPECT(wrong == 0, "%d-byte box %ux%ux%u at (%d, %d, %d) of a rank-%d tensor%s: %d of %zu elements misplaced",
           c.bytes, c.box_cols, c.box_rows, box_planes, c.x, c.y, c.z, rank, c.swizzle ? " in 128-byte swizzle" : "",
           wrong, box_bytes / c.bytes);
    cudaFree(dev);
    cudaFree(out);
}

/* A ring of 2 stages of 8 x 32 floats over 5 tiles: thread 64 produces, warps 0 and 1 consume, each thread adding
 * 4 floats of every tile; lane 0 of each consumer warp frees the stage after its warp's reads. */
constexpr int kRingTiles = 5, kRingStages = 2, kTileFloats = 8 * 32;
void ring_kernel(const CUtensorMap *map, float *out) {
    extern __shared__ __align__(128) unsigned char smem[];
    float *const ring = reinterpret_cast<float *>(smem);
    std::uint64_t *const full = reinterpret_cast<std::uint64_t *>(smem + kRingStages * kTileFloats * 4);
    std::uint64_t *const empty = full + kRingStages;
    const int t = threadIdx.x;
    if (t == 0) {
        for (int s = 0; s < kRingStages; ++s) {
            mbarrier_init(full + s, 1);
            mbarrier_init(empty + s, 2);
        }
        fence_barrier_init();
    }
    __syncthreads();
    if (t >= 64) {
        if (t == 64) {
            for (int kt = 0; kt < kRingTiles; ++kt) {
                const int s = kt % kRingStages;
                mbarrier_wait(empty + s, (kt / kRingStages & 1) ^ 1);
                mbarrier_arrive_expect_tx(full + s, kTileFloats * 4);
                tma_load_2d(ring + s * kTileFloats, map, 0, 8 * kt, full + s);
            }
        }
        return;
    }
    float sum = 0.f;
    for (int kt = 0; kt < kRingTiles; ++kt) {
        const int s = kt % kRingStages;
        mbarrier_wait(full + s, kt / kRingStages & 1);
        for (int j = 0; j < 4; ++j) sum += ring[s * kTileFloats + 4 * t + j] * (float)(kt + 1);
        __syncwarp();
        if (t % 32 == 0) mbarrier_arrive(empty + s);
    }
    out[t] = sum;
}

void ring_case() {
    const int rows = 8 * kRingTiles, cols = 32;
    const std::vector<unsigned char> host = matrix(rows, cols, 4, cols * 4);
    unsigned char *dev;
    Dev out(64);
    require(cudaMalloc(&dev, host.size()), "cudaMalloc");
    require(cudaMemcpy(dev, host.data(), host.size(), cudaMemcpyHostToDevice), "cudaMemcpy");
    CUtensorMap map;
    EXPECT(encode(&map, dev, 4, cols, rows, cols * 4, 32, 8, false) == CUDA_SUCCESS, "encode");
    jace_emu::launch([&] { ring_kernel(&map, out.p); }, dim3(2), dim3(96), kRingStages * kTileFloats * 4 + 64);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec got = out.get();
    int wrong = 0;
    for (int t = 0; t < 64; ++t) {
        double want = 0;
        for (int kt = 0; kt < kRingTiles; ++kt)
            for (int j = 0; j < 4; ++j) {
                const int e = 4 * t + j;
                want += (double)value(8 * kt + e / 32, e % 32) * (kt + 1);
            }
        wrong += got[t] != want;
    }
    EXPECT(wrong == 0, "ring of %d stages over %d tiles: %d of 64 sums wrong (thread 0 %g)", kRingStages, kRingTiles,
           wrong, got[0]);
    cudaFree(dev);
}

/* D = A B^T, A 64 x K and B 128 x K (K one 128-byte row: 32 TF32 or 64 BF16), each landed by one tensor copy in
 * 128-byte swizzle and multiplied in 4 steps of 32 bytes along K (wgmma_sw128_k_tile), as conv_wgmma_tma.cuh does. */
void swizzled_product_kernel(const CUtensorMap *a_map, const CUtensorMap *b_map, int bytes, float *out) {
    extern __shared__ __align__(128) unsigned char smem[];
    std::uint64_t *bar = one_barrier(smem, 3 * 8192);
    const int t = threadIdx.x;
    if (t == 0) {
        mbarrier_arrive_expect_tx(bar, 3 * 8192);
        tma_load_2d(smem, a_map, 0, 0, bar);
        tma_load_2d(smem + 8192, b_map, 0, 0, bar);
    }
    mbarrier_wait(bar, 0);
    float d[64] = {};
    const std::uint32_t base = shared_address(smem);
    wgmma_fence();
    if (bytes == 2) {
        wgmma_sw128_k_tile<2>(d, base, base + 8192);
    } else {
        wgmma_sw128_k_tile<4>(d, base, base + 8192);
    }
    wgmma_commit();
    wgmma_wait<0>();
    for (int i = 0; i < 64; ++i) out[wgmma_acc_row(t, i) * 128 + wgmma_acc_col(t, i)] = d[i];
}

void swizzled_product_case(int bytes) {
    const int k = 128 / bytes;
    const std::vector<unsigned char> a = wgmma_operands::k_major(64, k, bytes, wgmma_operands::a_value);
    const std::vector<unsigned char> b = wgmma_operands::k_major(128, k, bytes, wgmma_operands::b_value);
    unsigned char *da, *db;
    require(cudaMalloc(&da, a.size()), "cudaMalloc");
    require(cudaMalloc(&db, b.size()), "cudaMalloc");
    require(cudaMemcpy(da, a.data(), a.size(), cudaMemcpyHostToDevice), "cudaMemcpy");
    require(cudaMemcpy(db, b.data(), b.size(), cudaMemcpyHostToDevice), "cudaMemcpy");
    CUtensorMap a_map, b_map;
    EXPECT(encode(&a_map, da, bytes, k, 64, 128, k, 64, true) == CUDA_SUCCESS, "encode A");
    EXPECT(encode(&b_map, db, bytes, k, 128, 128, k, 128, true) == CUDA_SUCCESS, "encode B");
    Dev out(64 * 128);
    jace_emu::launch([&] { swizzled_product_kernel(&a_map, &b_map, bytes, out.p); }, dim3(1), dim3(128),
                     3 * 8192 + 64);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec got = out.get();
    int wrong = 0;
    for (int r = 0; r < 64; ++r)
        for (int c = 0; c < 128; ++c) {
            wrong += got[r * 128 + c] != wgmma_operands::product_over(r, c, k);
        }
    EXPECT(wrong == 0, "%s product of 128-byte swizzled operands: %d of %d elements wrong",
           bytes == 2 ? "BF16" : "TF32", wrong, 64 * 128);
    cudaFree(da);
    cudaFree(db);
}

/* A read before the wait: out[t] is 1 where thread t saw the copy's value, 0 where it saw the old contents. */
void window_kernel(const CUtensorMap *map, float *out) {
    extern __shared__ __align__(128) unsigned char smem[];
    float *const tile = reinterpret_cast<float *>(smem);
    std::uint64_t *bar = one_barrier(smem, 4096);
    const int t = threadIdx.x;
    if (t == 0) {
        mbarrier_arrive_expect_tx(bar, 32 * 8 * 4);
        tma_load_2d(tile, map, 0, 0, bar);
    }
    __syncthreads();
    const float early = tile[t];
    mbarrier_wait(bar, 0);
    out[t] = early == tile[t] ? 1.f : std::isnan(early) ? 0.f : -1.f;
}

void window_case() {
    const std::vector<unsigned char> host = matrix(8, 32, 4, 128);
    unsigned char *dev;
    require(cudaMalloc(&dev, host.size()), "cudaMalloc");
    require(cudaMemcpy(dev, host.data(), host.size(), cudaMemcpyHostToDevice), "cudaMemcpy");
    CUtensorMap map;
    EXPECT(encode(&map, dev, 4, 32, 8, 128, 32, 8, false) == CUDA_SUCCESS, "encode");
    Dev out(64);
    jace_emu::launch([&] { window_kernel(&map, out.p); }, dim3(1), dim3(64), 4096 + 64);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    const Vec got = out.get();
    const char *env = std::getenv("JACE_EMU_SCHEDULE");
    const std::string schedule = env == nullptr || *env == '\0' ? "forward" : env;
    int landed = 0, old = 0;
    for (int t = 0; t < 64; ++t) {
        landed += got[t] == 1.0;
        old += got[t] == 0.0;
    }
    EXPECT(landed + old == 64, "%s: %d reads before the wait neither the copy's value nor the old contents",
           schedule.c_str(), 64 - landed - old);
    if (schedule == "forward") EXPECT(old == 64, "forward: %d reads before the wait saw the copy", landed);
    if (schedule == "reverse") EXPECT(landed == 64, "reverse: %d reads before the wait missed the copy", old);
    cudaFree(dev);
}

/* What the encoder refuses, as the driver documents: CUDA_ERROR_INVALID_VALUE, and an unknown symbol not found. */
void encoder_refusals() {
    float *dev;
    require(cudaMalloc(&dev, 4096), "cudaMalloc");
    CUtensorMap map;
    EXPECT(encode(&map, dev, 4, 16, 16, 100, 16, 16, false) == CUDA_ERROR_INVALID_VALUE, "a stride of 100 bytes");
    EXPECT(encode(&map, dev, 4, 16, 16, 64, 16, 300, false) == CUDA_ERROR_INVALID_VALUE, "a box of 300 rows");
    EXPECT(encode(&map, dev, 4, 64, 16, 256, 64, 8, true) == CUDA_ERROR_INVALID_VALUE,
           "a 256-byte box row under the 128-byte swizzle");
    EXPECT(encode(&map, dev, 4, 6, 16, 32, 6, 8, false) == CUDA_ERROR_INVALID_VALUE, "a 24-byte box row");
    EXPECT(encode(&map, reinterpret_cast<char *>(dev) + 4, 4, 16, 16, 64, 16, 8, false) == CUDA_ERROR_INVALID_VALUE,
           "a global address off 16 bytes");
    const cuuint64_t dims[3] = {8, 4, 4}, strides[2] = {32, 136};
    const cuuint32_t box[3] = {8, 4, 4};
    EXPECT(encode_tensor(&map, dev, 4, 3, dims, strides, box, false) == CUDA_ERROR_INVALID_VALUE,
           "a rank-3 map's planes 136 bytes apart");
    EXPECT(encode_tensor(&map, dev, 4, 6, dims, strides, box, false) == CUDA_ERROR_INVALID_VALUE, "rank 6");
    void *f = &map;
    cudaDriverEntryPointQueryResult found = cudaDriverEntryPointSuccess;
    EXPECT(cudaGetDriverEntryPointByVersion("cuNoSuchFunction", &f, 13000, cudaEnableDefault, &found) == cudaSuccess &&
               f == nullptr && found == cudaDriverEntryPointSymbolNotFound,
           "an unknown driver symbol: status %d", (int)found);
    cudaFree(dev);
}

/* The children: what aborts. 0: a wait nothing completes; 1: a copy in flight at the block's end; 2: a copy onto its
 * barrier; 3: a swizzled copy to byte 128; 4: an arrival on memory never initialized; 5: a map of zeros; 6: a
 * barrier overwritten by a store; 7: a descriptor in 64-byte swizzle; 8: a copy past the end of shared memory; 9: a
 * rank-3 copy of a rank-2 map. */
void refused_kernel(int mode, const CUtensorMap *map) {
    extern __shared__ __align__(128) unsigned char smem[];
    std::uint64_t *bar = reinterpret_cast<std::uint64_t *>(smem + (mode == 2 ? 64 : 8192));
    if (mode == 4) mbarrier_arrive(bar);
    mbarrier_init(bar, 1);
    if (mode == 0) mbarrier_wait(bar, 0);
    if (mode == 6) *bar = 0;
    if (mode == 7) {
        float d[64] = {};
        wgmma_fence();
        wgmma_tf32_m64n128k8(d, wgmma_desc(0, 16, 1024) | 2ULL << 62, wgmma_desc(0, 16, 1024));
        wgmma_commit();
        wgmma_wait<0>();
    }
    mbarrier_arrive_expect_tx(bar, 32 * 8 * 4);
    CUtensorMap zeros = {};
    if (mode == 9) {
        tma_load_3d(smem, map, 0, 0, 0, bar);
    } else {
        tma_load_2d(smem + (mode == 3 ? 128 : mode == 8 ? 16384 - 512 : 0), mode == 5 ? &zeros : map, 0, 0, bar);
    }
    if (mode != 1) mbarrier_wait(bar, 0);
}

int child_refused(int mode) {
    float *dev;
    require(cudaMalloc(&dev, 32 * 32 * 4), "cudaMalloc");
    CUtensorMap map;
    if (encode(&map, dev, 4, 32, 32, 128, 32, 8, mode == 3) != CUDA_SUCCESS) return 2;
    jace_emu::launch([&] { refused_kernel(mode, &map); }, dim3(1), dim3(mode == 7 ? 128 : 1), 16384);
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    return 0;
}

void refusal_cases() {
    const char *messages[] = {"deadlock: thread 0 waits for the phase of parity 0 of the mbarrier",
                              "the block ended with 1 tensor copies in flight on the mbarrier",
                              "a tensor copy of 1024 bytes to dynamic shared byte 0 lands on the mbarrier",
                              "cp.async.bulk.tensor to dynamic shared byte 128: the 128-byte swizzle wants 1024-byte",
                              "mbarrier.arrive on",
                              "with a tensor map at",
                              "whose 8 bytes were overwritten since its mbarrier.init",
                              "layout type 2, base offset 0; the emulator models the unswizzled layout and the "
                              "128-byte swizzle",
                              "cp.async.bulk.tensor of 1024 bytes to",
                              "cp.async.bulk.tensor.3d with a tensor map of rank 2"};
    for (int mode = 0; mode < 10; ++mode) {
        const ChildRun c = run_self("refused" + std::to_string(mode), mode == 1 ? "forward" : "reverse");
        EXPECT(c.status != 0 && contains(c.output, messages[mode]), "refused tma %d: status %d:\n%s", mode, c.status,
               c.output.c_str());
    }
}

}  // namespace

int main(int argc, char **argv) {
    if (argc > 1 && std::strncmp(argv[1], "refused", 7) == 0) return child_refused(std::atoi(argv[1] + 7));
    placement_case({4, 40, 70, 0, 32, 16, 0, 16, 60, 0, true});
    placement_case({4, 40, 70, 0, 8, 16, 0, 4, 3, 0, false});
    placement_case({2, 72, 20, 0, 64, 8, 0, 32, 16, 0, true});
    placement_case({4, 32, 24, 0, 32, 16, 0, -8, -4, 0, true});
    /* rank 3, as backward_filter's tensor-copy loop reads x's planes: one row of many planes, rows past the plane's
     * end zeros rather than the next plane's; and a box of several rows and planes, partly outside every dimension */
    placement_case({4, 50, 3, 20, 32, 1, 16, 30, 1, 2, true});
    placement_case({2, 100, 2, 9, 64, 1, 12, 70, 0, -3, true});
    placement_case({4, 12, 5, 4, 8, 3, 3, -2, 3, 2, false});
    ring_case();
    swizzled_product_case(4);
    swizzled_product_case(2);
    window_case();
    encoder_refusals();
    refusal_cases();
    return finish("test_tma");
}
