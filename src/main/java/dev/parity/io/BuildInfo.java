package dev.parity.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions this build was made with, from {@code build.properties}, which Maven fills in from the pom: the
 * tool, DJL and libtorch. The one place these versions are read; nothing types them into code.
 */
public final class BuildInfo {
    private static final Properties PROPS = load();

    /** E.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = PROPS.getProperty("parity.version");
    /** E.g. {@code 0.36.0}. */
    public static final String DJL = PROPS.getProperty("djl.version");
    /** E.g. {@code 2.7.1}. */
    public static final String LIBTORCH = PROPS.getProperty("libtorch.version");
    /** The tool as reports name it: {@code parity-workbench VERSION}. */
    public static final String TOOL = "parity-workbench " + VERSION;
    /** The Java port's framework as traces record it: {@code djl 0.36.0 / libtorch 2.7.1}. */
    public static final String FRAMEWORK = "djl " + DJL + " / libtorch " + LIBTORCH;

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties missing from the build (dev/parity/io)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
