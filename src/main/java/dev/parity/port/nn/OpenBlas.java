package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The machine's OpenBLAS ({@code cblas_sgemm}, called through JNA on libtorch's own memory) as a third kernel for
 * the float32 products of {@link Linear} and the estimator's attention ({@link #attention}), where it is installed
 * (Debian: {@code libopenblas0}). Why: DJL's libtorch
 * links oneMKL, whose sgemm takes a generic path on AMD CPUs, and oneDNN's route cannot run on hosts that report
 * no cache sizes ({@link CpuCaches}); OpenBLAS picks its kernels by instruction set (bench/gemm.md).
 *
 * <p>It computes on the calling thread alone ({@code OPENBLAS_NUM_THREADS=1} before it loads, so that it starts no
 * threads of its own): the route is only taken where libtorch computes on one thread too
 * ({@link Torch#oneThreadHere}). OpenBLAS picks its kernels from the CPU ({@link #chooseCore}).
 * {@code -Dparity.openblas=PATH} (or {@code PARITY_OPENBLAS}) names the library, {@code off} turns it off.
 */
public final class OpenBlas {
    private static final List<String> CANDIDATES = List.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
            "/usr/lib64/libopenblas.so.0", "/usr/lib/libopenblas.so.0", "/usr/local/lib/libopenblas.so.0");
    private static final int RTLD_LAZY_LOCAL = 1;
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static volatile Optional<OpenBlas> loaded;
    private static volatile String why = "not loaded yet";

    private final String description;

    private OpenBlas(String description) {
        this.description = description;
    }

    /**
     * {@code cblas_sgemm}, bound by JNA's direct mapping ({@link Native#register(Class, NativeLibrary)}) and called
     * with addresses: a call costs about what a JNI call does, where {@code Function.invoke} converted every
     * argument by reflection (1.5 % of a CFG half's time in {@code perf}) and, until the JIT had compiled it, made
     * the OpenBLAS route look slower than it is when {@link GemmRoute} measured it early in a process.
     */
    private static final class Cblas {
        static native void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, long a,
                                       int lda, long b, int ldb, float beta, long c, int ldc);
    }

    /** The library, loaded on first use; empty where there is none (or it is turned off). */
    public static Optional<OpenBlas> get() {
        Optional<OpenBlas> o = loaded;
        if (o == null) {
            synchronized (OpenBlas.class) {
                o = loaded;
                if (o == null) {
                    o = load();
                    loaded = o;
                }
            }
        }
        return o;
    }

    /** What was loaded ("OpenBLAS 0.3.21 ..., core SkylakeX"), or why nothing was. */
    public static String describe() {
        return get().map(b -> b.description).orElse(why);
    }

    private static Optional<OpenBlas> load() {
        String given = System.getProperty("parity.openblas", System.getenv("PARITY_OPENBLAS"));
        if (given != null && given.trim().equalsIgnoreCase("off")) {
            why = "OpenBLAS turned off (-Dparity.openblas=off)";
            return Optional.empty();
        }
        List<String> paths = given != null && !given.isBlank() ? List.of(given.trim()) : CANDIDATES;
        for (String p : paths) {
            if (!Files.isRegularFile(Path.of(p))) {
                continue;
            }
            try {
                String core = chooseCore();
                NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {"OPENBLAS_NUM_THREADS",
                    "1", 1});
                // RTLD_LAZY without RTLD_GLOBAL: libtorch exports its own sgemm_ and binds it lazily, so a global
                // OpenBLAS would silently take over every product libtorch computes, F.linear's included
                NativeLibrary lib = NativeLibrary.getInstance(p, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY_LOCAL));
                lib.getFunction("openblas_set_num_threads").invokeVoid(new Object[] {1});
                String config = lib.getFunction("openblas_get_config").invokeString(new Object[0], false);
                String name = lib.getFunction("openblas_get_corename").invokeString(new Object[0], false);
                String[] words = (config == null ? "OpenBLAS" : config).trim().split("\\s+"); // "OpenBLAS 0.3.21 ..."
                String version = words.length > 1 ? words[0] + " " + words[1] : words[0];
                Native.register(Cblas.class, lib);
                return Optional.of(new OpenBlas(String.format(Locale.ROOT,
                        "%s (%s), core %s%s", version, p, name, core)));
            } catch (RuntimeException | LinkageError e) {
                why = "OpenBLAS at " + p + " could not be used: " + e.getMessage();
                return Optional.empty();
            }
        }
        why = given != null ? "no OpenBLAS at " + given : "no OpenBLAS installed (" + CANDIDATES.get(0) + ")";
        return Optional.empty();
    }

    /**
     * Lets OpenBLAS pick its kernels from the CPU, or uses {@code -Dparity.openblas.core} /
     * {@code PARITY_OPENBLAS_CORE}: an {@code OPENBLAS_CORETYPE} inherited from the environment is removed before
     * the library loads (a machine image may pin it for its Python stack: Haswell on the Zen 5 hosts here, where
     * OpenBLAS 0.3.21 itself picks its AVX-512 Cooperlake kernels, twice as fast; bench/gemm.md). A blank value
     * sets nothing. Returns a note for the description.
     */
    private static String chooseCore() {
        String inherited = System.getenv("OPENBLAS_CORETYPE");
        String given = System.getProperty("parity.openblas.core", System.getenv("PARITY_OPENBLAS_CORE"));
        given = given == null || given.isBlank() ? null : given;
        Function f = NativeLibrary.getInstance("c").getFunction(given != null ? "setenv" : "unsetenv");
        if (given != null) {
            f.invokeInt(new Object[] {"OPENBLAS_CORETYPE", given.trim(), 1});
            return " (PARITY_OPENBLAS_CORE=" + given.trim() + ")";
        }
        f.invokeInt(new Object[] {"OPENBLAS_CORETYPE"});
        return inherited == null ? " (its own pick)" : " (its own pick; OPENBLAS_CORETYPE=" + inherited
                + " of the environment not applied)";
    }

    /**
     * x·Wᵀ (+ b) for float32 x (.., in), weight (out, in) and bias (out) or null, on the calling thread; the result
     * lives on x's manager.
     */
    public NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        if (x.getDataType() != DataType.FLOAT32 || weight.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("OpenBLAS route: float32 only, not " + x.getDataType() + " × "
                    + weight.getDataType());
        }
        long out = weight.getShape().get(0);
        long in = weight.getShape().get(1);
        long[] shape = x.getShape().getShape().clone();
        long rows = x.size() / in;
        shape[shape.length - 1] = out;
        NDArray y = x.getManager().create(new Shape(shape), DataType.FLOAT32); // uninitialised; beta is 0
        // reshape(-1) is a view of contiguous memory, else a contiguous copy: rows × in, row-major either way
        try (NDArray flat = x.reshape(-1); NDArray w = weight.reshape(-1)) {
            Cblas.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, (int) rows, (int) out, (int) in, 1.0f, address(flat),
                    (int) in, address(w), (int) in, 0.0f, address(y), (int) out);
        }
        if (bias == null) {
            return y;
        }
        try (y) { // not addi: the port changes no tensor in place (ArchitectureTest)
            return y.add(bias);
        }
    }

    /**
     * Scaled dot-product attention per head, read straight from the stacked projection {@code qkv} (B, T, 3·h·d),
     * float32 (read in place when contiguous), whose last axis holds q, k and v one after the other, each in head
     * order (h, d): softmax(scale·q·kᵀ + bias)·v for every batch row and head, as (B, T, h·d) — the layout the
     * output projection takes. The products are OpenBLAS's on the calling thread, one per head, with strides
     * instead of copies into head order; {@code scale} is OpenBLAS's alpha, applied to each finished sum as
     * {@code scores·scale} does. {@code bias} (B, 1, T) or null is added over keys before the softmax, which is
     * libtorch's.
     */
    public NDArray attention(NDArray qkv, int heads, int dimHead, double scale, NDArray bias) {
        if (qkv.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("OpenBLAS route: float32 only, not " + qkv.getDataType());
        }
        long[] s = qkv.getShape().getShape(); // (B, T, 3·h·d)
        int inner = heads * dimHead;
        int row = 3 * inner;
        if (s.length != 3 || s[2] != row) {
            throw new IllegalArgumentException("OpenBLAS attention: qkv " + qkv.getShape() + " is not (B, T, "
                    + row + ")");
        }
        int b = Math.toIntExact(s[0]);
        int t = Math.toIntExact(s[1]);
        NDArray scores = qkv.getManager().create(new Shape(b, heads, t, t), DataType.FLOAT32);
        NDArray out = qkv.getManager().create(new Shape(b, t, inner), DataType.FLOAT32);
        try (NDArray flat = qkv.reshape(-1)) {
            long pq = address(flat);
            long ps = address(scores);
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < heads; j++) {
                    long q = pq + ((long) i * t * row + (long) j * dimHead) * Float.BYTES;
                    long scoresAt = ps + ((long) i * heads + j) * t * t * Float.BYTES;
                    Cblas.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, t, t, dimHead, (float) scale, q, row,
                            q + (long) inner * Float.BYTES, row, 0.0f, scoresAt, t);
                }
            }
            NDArray biased = scores;
            if (bias != null) {
                try (NDArray perHead = bias.expandDims(1)) { // (B, 1, 1, T), a view
                    biased = scores.add(perHead);
                }
            }
            try (NDArray p = biased.softmax(-1)) {
                if (biased != scores) {
                    biased.close();
                }
                long pp = address(p);
                long po = address(out);
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < heads; j++) {
                        long v = pq + ((long) i * t * row + 2L * inner + (long) j * dimHead) * Float.BYTES;
                        Cblas.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, t, dimHead, t, 1.0f,
                                pp + ((long) i * heads + j) * t * t * Float.BYTES, t, v, row, 0.0f,
                                po + ((long) i * t * inner + (long) j * dimHead) * Float.BYTES, inner);
                    }
                }
            }
        } finally {
            scores.close();
        }
        return out;
    }

    /** The address of a contiguous float32 array's first element (libtorch's memory, read in place). */
    private static long address(NDArray a) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(a.toByteBuffer(true)));
    }
}
