package dev.parity.io;

import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** NumPy {@code .npz} archives (stored or deflated), read into heap tensors keyed by array name. */
public final class Npz {
    private Npz() {
    }

    public static Map<String, Tensor> read(Path file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> it = zip.entries();
            while (it.hasMoreElements()) {
                ZipEntry e = it.nextElement();
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4)
                        : e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes());
                    out.put(name, Npy.parse(file.resolve(e.getName()), bytes));
                }
            }
        } catch (NoSuchFileException e) {
            throw new FormatException(file, "file not found");
        } catch (ZipException e) {
            throw new FormatException(file, "not a valid .npz (zip) archive: " + e.getMessage());
        } catch (IOException e) {
            throw new FormatException(file, "cannot read: " + e.getMessage(), e);
        }
        return out;
    }
}
