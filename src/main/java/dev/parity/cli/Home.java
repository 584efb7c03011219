package dev.parity.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project lives: the repository holding {@code target/parity.jar}, else the working directory. */
final class Home {
    private Home() {
    }

    static Path dir() {
        String prop = System.getProperty("parity.home");
        if (prop != null) {
            return Path.of(prop);
        }
        try {
            Path jar = Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path repo = jar.getParent() == null ? null : jar.getParent().getParent();
            if (repo != null && Files.isDirectory(repo.resolve("reference-dumps"))) {
                return repo;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
