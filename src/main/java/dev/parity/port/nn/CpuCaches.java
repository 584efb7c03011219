package dev.parity.port.nn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this machine reports its cache sizes, as the kernel read them from CPUID (leaf 4 on Intel, 0x8000001D on
 * AMD) into {@code /sys/devices/system/cpu/cpu0/cache/index*}. Some KVM hosts answer those leaves with zeros: the
 * directory is then missing, and oneDNN 3.7.1 (libtorch 2.7.1), which sizes its blocking from the same leaves,
 * divides by zero in its 1×1 brgemm convolution (SIGFPE, the JVM dies; seen on a Zen 5 host, bench/gemm.md). The
 * port then keeps large products on {@code F.linear} ({@link GemmRoute}).
 */
public final class CpuCaches {
    /** Where Linux lists the caches of the first CPU. */
    public static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");
    private static volatile Boolean reported;

    private CpuCaches() {
    }

    /** True when this machine lists a level-2 (or higher) cache with a size; read once per process. */
    public static boolean reported() {
        Boolean r = reported;
        if (r == null) {
            r = reported(SYSFS);
            reported = r;
        }
        return r;
    }

    /** True when {@code dir} (laid out as {@link #SYSFS}) lists a cache of level 2 or higher with a nonzero size. */
    static boolean reported(Path dir) {
        try (DirectoryStream<Path> leaves = Files.newDirectoryStream(dir, "index*")) {
            for (Path leaf : leaves) {
                if (level(leaf) >= 2 && sizeKiB(leaf) > 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int level(Path leaf) throws IOException {
        Path f = leaf.resolve("level");
        return Files.isRegularFile(f) ? Integer.parseInt(read(f)) : 0;
    }

    /** "2048K" → 2048; 0 when absent or unreadable. */
    private static long sizeKiB(Path leaf) throws IOException {
        Path f = leaf.resolve("size");
        String s = Files.isRegularFile(f) ? read(f) : "";
        String digits = s.endsWith("K") ? s.substring(0, s.length() - 1) : s;
        return digits.matches("[0-9]{1,12}") ? Long.parseLong(digits) : 0;
    }

    private static String read(Path f) throws IOException {
        return new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).trim();
    }
}
