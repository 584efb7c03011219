package dev.parity.io;

import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
    /** Members are read onto the heap; one Java array holds at most this many bytes. */
    static final long MAX_MEMBER_BYTES = Integer.MAX_VALUE - 8;

    private Npz() {
    }

    private static byte[] readMember(InputStream in, ZipEntry e) throws IOException {
        long declared = e.getSize() < 0 ? MAX_MEMBER_BYTES : e.getSize();
        return in.readNBytes((int) Math.min(MAX_MEMBER_BYTES, declared));
    }

    /** {@code archive.npz/member.npy}, for error messages. */
    private static Path memberPath(Path file, ZipEntry e) {
        try {
            return file.resolve(e.getName().replaceFirst("^/+", ""));
        } catch (InvalidPathException ex) {
            return file;
        }
    }

    /**
     * Reads every member of the archive; a member's name loses its {@code .npy} suffix.
     *
     * @throws FormatException naming the archive (and the member) when it is missing, not a zip, or a member
     *     is not a valid {@code .npy} image or is larger than one heap array
     */
    public static Map<String, Tensor> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FormatException(file, Files.exists(file) ? "not a regular file" : "file not found");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> it = zip.entries();
            while (it.hasMoreElements()) {
                ZipEntry e = it.nextElement();
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4)
                        : e.getName();
                if (e.getSize() > MAX_MEMBER_BYTES) {
                    throw new FormatException(file, "member '" + e.getName() + "' of " + e.getSize()
                            + " bytes is larger than one heap array");
                }
                try (InputStream in = zip.getInputStream(e)) {
                    ByteBuffer bytes = ByteBuffer.wrap(readMember(in, e));
                    out.put(name, Npy.parse(memberPath(file, e), bytes));
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
