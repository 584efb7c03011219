package dev.parity.io;

import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0.
 *
 * <p>Reading maps the file into memory and returns a {@link Tensor} view over it, so arrays larger than the
 * heap can be read; a file of at most {@link #READ_WHOLE_BYTES} is read onto the heap instead, which costs less
 * than mapping and unmapping it (bench/compare.md, "Small entries"). Every numeric dtype (complex64 {@code c8} and
 * complex128 {@code c16} included) and bool, either byte order, C or Fortran order. Object arrays, structured
 * dtypes and pickles are refused. Writing always produces C order, little-endian, version 1.0 (2.0 when the header
 * needs it), with the header padded to 64 bytes like NumPy does.
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Headers larger than this are refused; NumPy's own limit is far lower. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** The longest header NumPy reads without being told to trust the file ({@code max_header_size}). */
    static final int NUMPY_MAX_HEADER = 10_000;
    /** NumPy aligns the data of a {@code .npy} file to this many bytes. */
    static final int ALIGN = 64;
    /** NumPy leaves room in the header for the growth axis to reach this many digits. */
    static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Files up to this size are read onto the heap rather than mapped. */
    static final int READ_WHOLE_BYTES = 1 << 20;

    private Npy() {
    }

    /** Memory-maps (or, when small, reads) and validates {@code file}. */
    public static Tensor read(Path file) {
        InputFiles.requireRegular(file, "a .npy file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new FormatException(file, "file of " + size + " bytes is larger than one mapping (2 GiB)");
            }
            if (size > READ_WHOLE_BYTES) {
                MappedFiles.mapping(file, size);
            }
            ByteBuffer all = size <= READ_WHOLE_BYTES ? readWhole(ch, (int) size)
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return parse(file, all);
        } catch (NoSuchFileException e) {
            throw new FormatException(file, "file not found");
        } catch (IOException e) {
            throw new FormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The channel's first {@code size} bytes, or fewer when it ends sooner (parse then names the truncation). */
    private static ByteBuffer readWhole(FileChannel ch, int size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size);
        while (b.hasRemaining() && ch.read(b) >= 0) {
            // read until full or at the end
        }
        return b.flip();
    }

    /**
     * Parses a whole {@code .npy} image held in {@code bytes} (position 0 to limit).
     *
     * @param source named in error messages
     */
    public static Tensor parse(Path source, ByteBuffer bytes) {
        NpyHeader h = NpyHeader.parse(source, bytes);
        long need;
        try {
            need = Math.multiplyExact(h.shape().numel(), (long) h.dtype().size());
        } catch (ArithmeticException e) {
            throw new FormatException(source, "shape " + h.shape() + " overflows");
        }
        long have = bytes.limit() - (long) h.dataOffset();
        if (have != need) {
            throw new FormatException(source, "header shape " + h.shape() + " of " + h.dtype() + " needs " + need
                    + " data bytes but the file holds " + have + (have < need ? " (truncated)" : ""));
        }
        ByteBuffer data = bytes.duplicate().position(h.dataOffset()).slice();
        return Tensor.wrap(h.dtype(), h.shape(), data, h.order(), h.fortranOrder());
    }

    /** Writes {@code t} to {@code file} (C order, little-endian) through a temporary file. */
    public static void write(Path file, Tensor t) throws IOException {
        AtomicFiles.write(file, out -> write(out, t));
    }

    /** Writes {@code t} as a {@code .npy} image to {@code out}. */
    public static void write(OutputStream out, Tensor t) throws IOException {
        out.write(header(t.dtype(), t.shape()));
        ByteBuffer data = t.toBytes(ByteOrder.LITTLE_ENDIAN);
        out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
    }

    /**
     * The magic, version, length and padded header dict for a C-ordered little-endian array, byte for byte
     * what NumPy's {@code np.save} writes: keys sorted, {@value #GROWTH_AXIS_MAX_DIGITS} digits of room to grow
     * the first axis, then 1 to 64 spaces and a newline so the data starts on a 64-byte boundary.
     */
    public static byte[] header(DType dtype, Shape shape) {
        return header(dtype, shape, 0);
    }

    /**
     * {@link #header(DType, Shape)} with more spaces before its newline where that makes the file (header and data)
     * a whole number of {@code fileAlign} bytes: where the data's length is a multiple of 64, so that the header
     * grows in 64-byte steps and the data still starts on a 64-byte boundary, and the header stays within NumPy's
     * default limit ({@value #NUMPY_MAX_HEADER} bytes) and version 1.0. Else, and for a {@code fileAlign} of 0 or
     * one that is not a multiple of 64, np.save's header. NumPy pads its own headers with spaces the same way;
     * readers take the header's length as written.
     */
    public static byte[] header(DType dtype, Shape shape, int fileAlign) {
        String dict = "{'descr': '" + descr(dtype) + "', 'fortran_order': False, 'shape': " + pyShape(shape) + ", }";
        if (shape.rank() > 0) {
            dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape.dim(0)).length());
        }
        int hlen = dict.length() + 1;
        boolean v2 = hlen + (ALIGN - (10 + hlen) % ALIGN) > 65535;
        int prefix = v2 ? 12 : 10;
        int pad = ALIGN - (prefix + hlen) % ALIGN;
        long data = shape.numel() * dtype.size();
        if (fileAlign > 0 && fileAlign % ALIGN == 0 && !v2 && data % ALIGN == 0) {
            int more = (int) ((fileAlign - (prefix + hlen + pad + data) % fileAlign) % fileAlign);
            if (prefix + hlen + pad + more <= NUMPY_MAX_HEADER) {
                pad += more;
            }
        }
        byte[] text = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) {
            b.putInt(text.length);
        } else {
            b.putShort((short) text.length);
        }
        return b.put(text).array();
    }

    static String descr(DType dtype) {
        return switch (dtype) {
            case BOOL -> "|b1";
            case INT8 -> "|i1";
            case UINT8 -> "|u1";
            case INT16 -> "<i2";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case UINT16 -> "<u2";
            case UINT32 -> "<u4";
            case UINT64 -> "<u8";
            case FLOAT16 -> "<f2";
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case COMPLEX64 -> "<c8";
            case COMPLEX128 -> "<c16";
            case BFLOAT16, FLOAT8_E4M3FN, FLOAT8_E5M2 ->
                    throw new IllegalArgumentException(dtype + " has no .npy type; convert to float32 first");
        };
    }

    private static String pyShape(Shape s) {
        if (s.rank() == 1) {
            return "(" + s.dim(0) + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.rank(); i++) {
            sb.append(i == 0 ? "" : ", ").append(s.dim(i));
        }
        return sb.append(')').toString();
    }
}
