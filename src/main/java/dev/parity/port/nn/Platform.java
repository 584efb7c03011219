package dev.parity.port.nn;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the port's numbers depend on: the CPU ({@code /proc/cpuinfo}), the ISA oneDNN dispatches to, the thread
 * count and the versions of DJL, libtorch, oneDNN and MKL. libtorch's own build summary ({@code at::show_config})
 * and NNPACK's state are read from the loaded library; where a symbol is missing the field says "unknown".
 *
 * @param onednnIsa oneDNN's ISA as it derives it from the CPU flags (capped by {@code ONEDNN_MAX_CPU_ISA})
 * @param atenCapability the vector ISA of libtorch's own kernels ({@code at::get_cpu_capability})
 * @param nnpack "available", or why not: libtorch prints "Could not initialize NNPACK! Reason: Unsupported
 *     hardware." each time it asks (this probe) when its CPU probe (cpuinfo) cannot read the caches, as on some
 *     VMs. The port never uses NNPACK (conv1d goes to oneDNN) and turns it off at engine start
 *     ({@link Torch#prepareThread}), so libtorch's convolutions no longer ask
 */
public record Platform(String cpuModel, String vendor, String cpuFamily, int cores, int threads, String onednnIsa,
        String atenCapability, String djl, String libtorch, String onednn, String mkl, String nnpack) {

    private static final String UNKNOWN = "unknown";

    /** Reads the platform; loads the engine if needed. */
    public static Platform detect() {
        Torch.prepareThread();
        List<String> cpuinfo = cpuinfo();
        Set<String> flags = new HashSet<>(Arrays.asList(field(cpuinfo, "flags").split("\\s+")));
        String config = libtorchString("_ZN2at11show_configB5cxx11Ev");
        return new Platform(field(cpuinfo, "model name"), field(cpuinfo, "vendor_id"), field(cpuinfo, "cpu family"),
                Runtime.getRuntime().availableProcessors(), Torch.threads(), onednnIsa(flags),
                libtorchString("_ZN2at18get_cpu_capabilityB5cxx11Ev").trim(), ai.djl.engine.Engine.getDjlVersion(),
                ai.djl.engine.Engine.getEngine("PyTorch").getVersion(), match(config, "MKL-DNN (v[0-9.]+)"),
                match(config, "(Math Kernel Library Version [0-9.]+)"), nnpackState());
    }

    /**
     * The ISA oneDNN 3.x picks from the CPU flags, as its {@code cpu_isa_t} hierarchy names it. An
     * {@code ONEDNN_MAX_CPU_ISA} cap in the environment is shown beside it.
     */
    static String onednnIsa(Set<String> f) {
        String isa;
        if (f.contains("amx_tile") && f.contains("amx_bf16")) {
            isa = "avx512_core_amx";
        } else if (f.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
            isa = f.contains("avx512_bf16") ? "avx512_core_bf16"
                    : f.contains("avx512_vnni") ? "avx512_core_vnni" : "avx512_core";
        } else if (f.contains("avx2")) {
            isa = f.contains("avx_vnni") ? "avx2_vnni" : "avx2";
        } else if (f.contains("avx")) {
            isa = "avx";
        } else {
            isa = f.contains("sse4_1") ? "sse41" : "none";
        }
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        return cap == null ? isa : isa + " (capped by ONEDNN_MAX_CPU_ISA=" + cap + ")";
    }

    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String field(List<String> cpuinfo, String name) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return UNKNOWN;
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : UNKNOWN;
    }

    /** The engine's {@code libtorch_cpu.so} (loaded by DJL), for the few symbols the port calls itself. */
    static NativeLibrary libtorchLibrary() {
        return NativeLibrary.getInstance(Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath(), "libtorch_cpu.so")
                .toString());
    }

    /** Calls a libtorch function returning a {@code std::string} (returned through a hidden pointer). */
    private static String libtorchString(String symbol) {
        try {
            Function f = libtorchLibrary().getFunction(symbol);
            Memory ret = new Memory(32); // std::string (libstdc++ C++11 ABI): data pointer, size, buffer
            ret.clear();
            f.invokeVoid(new Object[] {ret});
            Pointer data = ret.getPointer(0);
            long size = ret.getLong(8);
            return data == null || size < 0 || size > 1 << 20 ? UNKNOWN
                    : new String(data.getByteArray(0, (int) size), StandardCharsets.UTF_8);
        } catch (RuntimeException | LinkageError e) {
            return UNKNOWN;
        }
    }

    private static String nnpackState() {
        try {
            Function available = libtorchLibrary().getFunction("_ZN2at6native17_nnpack_availableEv");
            boolean ok = (available.invokeInt(new Object[0]) & 0xFF) != 0; // a C++ bool comes back in AL
            return ok ? "available" : "unavailable: libtorch's CPU probe cannot identify this CPU (harmless: the "
                    + "port turns NNPACK off; this probe made libtorch print 'Could not initialize NNPACK' once)";
        } catch (RuntimeException | LinkageError e) {
            return UNKNOWN;
        }
    }

    /** One line: CPU, ISA, threads, versions. */
    public String summary() {
        return String.format(Locale.ROOT, "%s (%s family %s), %d cores, libtorch threads: %d; oneDNN ISA %s; DJL %s, "
                + "libtorch %s, oneDNN %s", cpuModel, vendor, cpuFamily, cores, threads, onednnIsa, djl, libtorch,
                onednn);
    }
}
