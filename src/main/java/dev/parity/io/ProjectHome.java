package dev.parity.io;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the project lives, for finding the bundled {@code reference-dumps}: {@code -Dparity.home} when set, else the
 * repository that holds the running code ({@code target/parity.jar} or {@code target/classes}) when it has a
 * {@code reference-dumps} folder, else the working directory.
 */
public final class ProjectHome {
    private ProjectHome() {
    }

    /** The project directory (never null). */
    public static Path dir() {
        String prop = System.getProperty("parity.home");
        if (prop != null) {
            return Path.of(prop);
        }
        Path repo = codeRepository();
        if (repo != null && Files.isDirectory(repo.resolve("reference-dumps"))) {
            return repo;
        }
        return Path.of("").toAbsolutePath();
    }

    /** Two folders above the jar or class folder this class was loaded from, or null when that is not a file. */
    private static Path codeRepository() {
        CodeSource source = ProjectHome.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return null;
        }
        try {
            Path target = Path.of(location.toURI()).getParent();
            return target == null ? null : target.getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null; // not a path on this file system: no repository to find
        }
    }
}
