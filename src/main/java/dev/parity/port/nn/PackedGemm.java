package dev.parity.port.nn;

import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * OpenBLAS' float32 product x·Wᵀ with the weight W packed once, in OpenBLAS' own panel layout, instead of on every
 * call. {@code cblas_sgemm} packs both operands into its buffers each time; for a CFG half's 150 rows, packing each
 * weight (read from memory, not cache: the estimator streams 235 MB of weights per step) was 10 % of the half's
 * time in {@code perf}, besides 45 % in the kernel (bench/gemm.md). Here the weight is packed by OpenBLAS' own copy
 * routine the first time it is used, block by block as its level-3 driver would ({@code driver/level3/level3.c},
 * 0.3.21), and each product only packs x and calls OpenBLAS' kernel on the stored blocks: the same kernel on the
 * same blocks in the same order, so the result is bit for bit {@code cblas_sgemm}'s. That is not assumed: the
 * blocking is known for a few cores (the driver's P, Q and M unroll from OpenBLAS' {@code param.h}), and
 * {@link #load} checks every product shape class (k and m split once, twice, not at all, row counts above the
 * chunk) against {@code cblas_sgemm} and gives up on any difference.
 *
 * <p>The copy routines and the kernel are OpenBLAS' per-core exports ({@code sgemm_incopy_COOPERLAKE},
 * {@code sgemm_oncopy_…}, {@code sgemm_kernel_…}), bound by JNA's direct mapping.
 */
final class PackedGemm {
    /** Rows of x packed at a time (the driver's GEMM_R is larger; chunking rows changes no element's sums). */
    static final int ROW_CHUNK = 1024;
    /**
     * rows·in·out at or below which {@code cblas_sgemm} may take OpenBLAS' small-matrix kernels instead of the
     * level-3 driver (0.3.21's AVX-512 cores: {@code sgemm_small_kernel_permit_skylakex.c}); such products are left
     * to it ({@link #handles}).
     */
    static final double SMALL_MATRIX_LIMIT = 100.0 * 100.0 * 100.0;
    /**
     * The driver's blocking per core: P (rows of the packed weight per block), Q (depth per block), the kernel's
     * M unroll; OpenBLAS 0.3.21 {@code param.h}, x86_64. Other cores keep {@code cblas_sgemm}.
     */
    private static final Map<String, int[]> BLOCKING = Map.of(
            "COOPERLAKE", new int[] {640, 320, 16},
            "SAPPHIRERAPIDS", new int[] {640, 320, 16},
            "SKYLAKEX", new int[] {448, 448, 16},
            "HASWELL", new int[] {320, 320, 8},
            "ZEN", new int[] {320, 320, 8});

    private final String core;
    private final int p;
    private final int q;
    private final int unrollM;

    private PackedGemm(String core, int[] blocking) {
        this.core = core;
        this.p = blocking[0];
        this.q = blocking[1];
        this.unrollM = blocking[2];
    }

    /** OpenBLAS' per-core routines, named by the mapper {@link #load} gives the library. */
    private static final class Kernels {
        static native int incopy(long m, long n, long a, long lda, long b);

        static native int oncopy(long m, long n, long a, long lda, long b);

        static native int kernel(long m, long n, long k, float alpha, long sa, long sb, long c, long ldc);
    }

    /** The reference a packed product must equal: {@code cblas_sgemm} row-major, x·Wᵀ, into y. */
    interface Reference {
        void product(int rows, int in, int out, long x, long w, long y);
    }

    /** What {@link #load} settled: the packing, or why there is none. */
    record Loaded(PackedGemm gemm, String description) {
    }

    /**
     * Binds the routines of {@code coreName} (OpenBLAS' {@code openblas_get_corename}) in the library at
     * {@code path} and checks them against {@code reference}; a description either way.
     */
    static Loaded load(String path, int openFlags, String coreName, Reference reference) {
        String core = coreName == null ? "" : coreName.trim().toUpperCase(Locale.ROOT);
        int[] blocking = BLOCKING.get(core);
        if (blocking == null) {
            return new Loaded(null, "weights not packed: no known blocking for core " + coreName);
        }
        FunctionMapper names = (lib, method) -> "sgemm_" + method.getName() + "_" + core;
        try {
            NativeLibrary lib = NativeLibrary.getInstance(path, Map.of(Library.OPTION_OPEN_FLAGS, openFlags,
                    Library.OPTION_FUNCTION_MAPPER, names));
            Native.register(Kernels.class, lib);
        } catch (RuntimeException | LinkageError e) {
            return new Loaded(null, "weights not packed: " + e.getMessage());
        }
        PackedGemm g = new PackedGemm(core, blocking);
        String mismatch = g.check(reference);
        if (mismatch != null) {
            return new Loaded(null, "weights not packed: " + mismatch);
        }
        return new Loaded(g, String.format(Locale.ROOT, "weights packed once (%s blocking P %d, Q %d, unroll %d; "
                + "bit-identical to cblas_sgemm)", core, blocking[0], blocking[1], blocking[2]));
    }

    /** Whether a product of these sizes goes through the level-3 driver that the packed product reproduces. */
    static boolean handles(long rows, long in, long out) {
        return (double) rows * in * out > SMALL_MATRIX_LIMIT;
    }

    /** Floats the packed image of an (out, in) weight takes: exactly out·in. */
    static long packedLength(long out, long in) {
        return out * in;
    }

    /** Packs the row-major (out, in) float32 weight at {@code w} into {@code dst} ({@link #packedLength} floats). */
    void pack(long w, int out, int in, long dst) {
        long to = dst;
        for (int[] kb : blocks(in, q, unrollM, false)) {
            for (int[] mb : blocks(out, p, unrollM, true)) {
                Kernels.incopy(kb[1], mb[1], w + ((long) kb[0] + (long) mb[0] * in) * Float.BYTES, in, to);
                to += (long) kb[1] * mb[1] * Float.BYTES;
            }
        }
    }

    /** Floats of the buffer {@link #product} packs x's rows into, for these sizes (64-byte aligned, as libtorch's). */
    long scratchFloats(int rows, int in) {
        int depth = blocks(in, q, unrollM, false).stream().mapToInt(b -> b[1]).max().orElse(0);
        return (long) depth * (Math.min(rows, ROW_CHUNK) + 4);
    }

    /**
     * y (rows, out) += x (rows, in) · Wᵀ for the packed weight at {@code packed}, all row-major float32; y must
     * hold zeros (or what the products add to) beforehand, as {@code cblas_sgemm} with beta 0 zeroes it first.
     * {@code scratch}: {@link #scratchFloats} floats, the caller's (each thread its own).
     */
    void product(long x, int rows, int in, long packed, int out, long y, long scratch) {
        List<int[]> kBlocks = blocks(in, q, unrollM, false);
        List<int[]> mBlocks = blocks(out, p, unrollM, true);
        for (int r0 = 0; r0 < rows; r0 += ROW_CHUNK) {
            int n = Math.min(ROW_CHUNK, rows - r0);
            long from = packed;
            for (int[] kb : kBlocks) {
                Kernels.oncopy(kb[1], n, x + ((long) r0 * in + kb[0]) * Float.BYTES, in, scratch);
                for (int[] mb : mBlocks) {
                    Kernels.kernel(mb[1], n, kb[1], 1.0f, from, scratch, y + ((long) r0 * out + mb[0]) * Float.BYTES,
                            out);
                    from += (long) kb[1] * mb[1] * Float.BYTES;
                }
            }
        }
    }

    /**
     * The driver's blocks of a dimension of {@code size}: {@code (start, length)} pairs. Depth (k): blocks of Q
     * while twice Q remains, a remainder between Q and 2Q halved (rounded up to the unroll); rows of the weight
     * (m): the same with P.
     */
    static List<int[]> blocks(int size, int limit, int unroll, boolean rows) {
        List<int[]> out = new ArrayList<>();
        for (int at = 0; at < size; ) {
            int len = size - at;
            if (len >= 2 * limit) {
                len = limit;
            } else if (len > limit) {
                len = (len / 2 + unroll - 1) / unroll * unroll;
            }
            out.add(new int[] {at, len});
            at += len;
        }
        return out;
    }

    /**
     * Every block pattern the products can take ({@link #handles} them all), packed against {@code reference}:
     * null when all are bit for bit equal, else the first difference.
     */
    private String check(Reference reference) {
        int[][] shapes = { // rows, in, out
            {150, 256, 1024}, {150, 1024, 256}, {150, 2048, 512}, {37, 704, 1536}, {1100, 320, 80}, {150, 512, 1536},
            {7, 2048, 72}};
        SplittableRandom r = new SplittableRandom(1);
        for (int[] s : shapes) {
            int rows = s[0];
            int in = s[1];
            int out = s[2];
            try (Memory x = random(r, (long) rows * in); Memory w = random(r, (long) out * in);
                 Memory packed = new Memory(packedLength(out, in) * Float.BYTES);
                 Memory want = new Memory((long) rows * out * Float.BYTES);
                 Memory got = new Memory((long) rows * out * Float.BYTES);
                 Memory scratch = new Memory(scratchFloats(rows, in) * Float.BYTES + 64)) {
                got.clear();
                reference.product(rows, in, out, Pointer.nativeValue(x), Pointer.nativeValue(w),
                        Pointer.nativeValue(want));
                pack(Pointer.nativeValue(w), out, in, Pointer.nativeValue(packed));
                product(Pointer.nativeValue(x), rows, in, Pointer.nativeValue(packed), out, Pointer.nativeValue(got),
                        (Pointer.nativeValue(scratch) + 63) & ~63L);
                for (long i = 0; i < (long) rows * out; i++) {
                    int a = want.getInt(i * Float.BYTES);
                    int b = got.getInt(i * Float.BYTES);
                    if (a != b) {
                        return String.format(Locale.ROOT, "the packed %d × %d → %d product differs from cblas_sgemm "
                                + "at element %d (%s against %s)", rows, in, out, i, Float.intBitsToFloat(b),
                                Float.intBitsToFloat(a));
                    }
                }
            }
        }
        return null;
    }

    private static Memory random(SplittableRandom r, long n) {
        Memory m = new Memory(n * Float.BYTES);
        for (long i = 0; i < n; i++) {
            m.setFloat(i * Float.BYTES, (float) (r.nextDouble() - 0.5));
        }
        return m;
    }

    String core() {
        return core;
    }
}
