package dev.parity.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes new files past the page cache ({@code O_DIRECT}) where the file system allows it, for the large tensors of
 * a trace. On the 2-core VMs this project runs on, a buffered write spends most of its kernel time copying into
 * fresh page-cache pages: 6 s of CPU for 1 GiB with {@code dd}, against 0.12 s with {@code oflag=direct}, and a
 * trace of every call writes about 5 GB beside the computation (bench/pipeline.md). Direct I/O needs the memory, the
 * file offset and the length aligned to the file system's block: a buffer already laid out that way (the trace sink's
 * ring) is written as it stands; other bytes pass through one aligned staging buffer (a memory copy, far cheaper than
 * the page cache). The last block is written whole and the file is then cut to its length.
 *
 * <p>Where the file system or the platform refuses direct I/O (a tmpfs before Linux 6.6, macOS, Windows, a zip
 * file system, an alignment the device rejects), the first refusal turns it off for this writer and the file is
 * written the ordinary way; any other failure is the caller's to report. Not thread-safe: one writer thread uses
 * an instance.
 */
final class DirectWriter {
    /** The staging buffer's size: large writes, few system calls. */
    private static final int STAGE_BYTES = 8 << 20;
    /** The smallest alignment used; a larger block size of the file system raises it. */
    static final int MIN_ALIGN = 4096;
    private final int align;
    private ByteBuffer stage;
    private boolean refused;

    DirectWriter(Path dir) {
        int a = MIN_ALIGN;
        try {
            a = (int) Math.max(a, Math.min(1 << 16, Files.getFileStore(dir).getBlockSize()));
        } catch (IOException | UnsupportedOperationException e) {
            // 4096 suits every device this will meet; a refusal falls back below
        }
        this.align = Integer.highestOneBit(a);
    }

    /**
     * Whether {@code dir}'s file system keeps its files in memory (tmpfs, ramfs): every byte written there is copied
     * by the CPU into fresh pages, direct I/O or not, where a file system on a disk takes this writer's blocks from
     * its buffers. False where the type cannot be read.
     */
    static boolean heldInMemory(Path dir) {
        try {
            String type = Files.getFileStore(dir).type();
            return type.equals("tmpfs") || type.equals("ramfs");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Whether direct writes are still on (no refusal yet). */
    boolean enabled() {
        return !refused;
    }

    /**
     * Creates {@code f} (which must not exist) holding {@code image} from its position to its limit. An image that
     * starts on a block boundary of a direct buffer with room up to the next boundary past its limit is written from
     * where it is (the bytes beyond the limit go to the file and are cut off again); another goes through the staging
     * buffer.
     *
     * @return false, with no file left behind, if direct I/O was refused
     * @throws IOException if the file could not be written for another reason (it is deleted)
     */
    boolean write(Path f, ByteBuffer image) throws IOException {
        long length = image.remaining();
        if (refused || !image.isDirect() || image.alignmentOffset(image.position(), align) != 0
                || image.position() + roundUp((int) length) > image.capacity()) {
            return write(f, image, ByteBuffer.allocate(0));
        }
        FileChannel ch = open(f);
        if (ch == null) {
            return false;
        }
        try (ch) {
            ByteBuffer whole = image.duplicate().limit(image.position() + roundUp((int) length));
            long pos = 0;
            try {
                while (whole.hasRemaining()) {
                    pos += ch.write(whole, pos);
                }
            } catch (IOException e) {
                if (pos == 0 && isInvalidArgument(e)) {
                    ch.close();
                    refuse(f);
                    return false;
                }
                throw e;
            }
            ch.truncate(length);
            return true;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(f);
            throw e;
        }
    }

    /** The file opened for direct writes, or null (and direct I/O off) if that was refused. */
    private FileChannel open(Path f) throws IOException {
        try {
            return FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    ExtendedOpenOption.DIRECT);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            // refused by the platform, the provider (a zip file system: IllegalArgumentException) or the file
            // system (EINVAL; an old tmpfs creates the file first); another cause fails again the ordinary way
            refuse(f);
            return null;
        }
    }

    /**
     * Creates {@code f} (which must not exist) holding {@code head} then {@code body}, both read from their position
     * to their limit (their positions are not moved).
     *
     * @return false, with no file left behind, if direct I/O was refused; the caller writes the file another way
     * @throws IOException if the file could not be written for another reason (it is deleted)
     */
    boolean write(Path f, ByteBuffer head, ByteBuffer body) throws IOException {
        if (refused) {
            return false;
        }
        FileChannel ch = open(f);
        if (ch == null) {
            return false;
        }
        long length = (long) head.remaining() + body.remaining();
        try (ch) {
            if (stage == null) {
                stage = ByteBuffer.allocateDirect(STAGE_BYTES + align).alignedSlice(align);
            }
            ByteBuffer[] parts = {head.duplicate(), body.duplicate()};
            long pos = 0;
            stage.clear();
            while (true) {
                for (ByteBuffer p : parts) {
                    int take = Math.min(stage.remaining(), p.remaining());
                    if (take > 0) {
                        stage.put(stage.position(), p, p.position(), take);
                        stage.position(stage.position() + take);
                        p.position(p.position() + take);
                    }
                }
                boolean last = !parts[0].hasRemaining() && !parts[1].hasRemaining();
                int filled = stage.position();
                int whole = last ? roundUp(filled) : filled / align * align;
                if (whole > filled) {
                    stage.limit(whole);
                    while (stage.hasRemaining()) {
                        stage.put((byte) 0); // the padding the truncation below removes
                    }
                }
                stage.flip();
                stage.limit(whole);
                try {
                    while (stage.hasRemaining()) {
                        pos += ch.write(stage, pos);
                    }
                } catch (IOException e) {
                    if (pos == 0 && isInvalidArgument(e)) { // an alignment the device rejects
                        ch.close();
                        refuse(f);
                        return false;
                    }
                    throw e;
                }
                if (last) {
                    break;
                }
                stage.limit(filled); // keep the part of a block not written yet
                stage.compact();
            }
            ch.truncate(length);
            return true;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(f);
            throw e;
        }
    }

    private int roundUp(int n) {
        return (n + align - 1) / align * align;
    }

    private void refuse(Path f) {
        refused = true;
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // the caller writes the file again the ordinary way and reports what fails there
        }
    }

    private static boolean isInvalidArgument(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("Invalid argument");
    }
}
