package dev.parity.io;

import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsed header of a {@code .npy} file: dtype, byte order, memory order, shape and data offset. */
record NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, Shape shape, int dataOffset) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static NpyHeader parse(Path src, ByteBuffer b) {
        ByteBuffer in = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (in.limit() < 10) {
            throw new FormatException(src, "not a .npy file: only " + in.limit() + " bytes");
        }
        for (int i = 0; i < Npy.MAGIC.length; i++) {
            if (in.get(i) != Npy.MAGIC[i]) {
                throw new FormatException(src, "not a .npy file: bad magic");
            }
        }
        int major = in.get(6) & 0xFF;
        int minor = in.get(7) & 0xFF;
        long len;
        int prefix;
        switch (major) {
            case 1 -> {
                len = in.getShort(8) & 0xFFFF;
                prefix = 10;
            }
            case 2, 3 -> {
                if (in.limit() < 12) {
                    throw new FormatException(src, "truncated .npy header");
                }
                len = in.getInt(8) & 0xFFFFFFFFL;
                prefix = 12;
            }
            default -> throw new FormatException(src, "unsupported .npy format version " + major + "." + minor);
        }
        if (len > Npy.MAX_HEADER_BYTES || prefix + len > in.limit()) {
            throw new FormatException(src, "header length " + len + " exceeds the file (" + in.limit() + " bytes)");
        }
        byte[] text = new byte[(int) len];
        in.position(prefix);
        in.get(text);
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return fromDict(src, dict, prefix + (int) len);
    }

    private static NpyHeader fromDict(Path src, String dict, int dataOffset) {
        if (dict.contains("'descr': [") || dict.contains("'descr':[")) {
            throw new FormatException(src, "structured dtypes are not supported");
        }
        String descr = group(src, DESCR, dict, "descr");
        String fortran = group(src, FORTRAN, dict, "fortran_order");
        String shape = group(src, SHAPE, dict, "shape");
        ByteOrder order = descr.startsWith(">") || descr.startsWith("=") && ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        DType dtype = dtypeOf(src, descr);
        return new NpyHeader(dtype, order, fortran.equals("True"), parseShape(src, shape), dataOffset);
    }

    private static String group(Path src, Pattern p, String dict, String key) {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new FormatException(src, "header has no valid '" + key + "': " + dict.trim());
        }
        return m.group(1);
    }

    private static DType dtypeOf(Path src, String descr) {
        String code = descr.isEmpty() || "<>|=".indexOf(descr.charAt(0)) < 0 ? descr : descr.substring(1);
        if (code.startsWith("O")) {
            throw new FormatException(src, "object arrays (pickles) are refused (dtype '" + descr + "')");
        }
        if (code.length() == descr.length()) {
            throw new FormatException(src, "unknown dtype '" + descr + "' (no byte-order character)");
        }
        return switch (code) {
            case "b1", "?" -> DType.BOOL;
            case "i1" -> DType.INT8;
            case "i2" -> DType.INT16;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "u1" -> DType.UINT8;
            case "u2" -> DType.UINT16;
            case "u4" -> DType.UINT32;
            case "u8" -> DType.UINT64;
            case "f2" -> DType.FLOAT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "c8" -> DType.COMPLEX64;
            case "c16" -> DType.COMPLEX128;
            default -> throw new FormatException(src, "unknown or unsupported dtype '" + descr + "'");
        };
    }

    private static Shape parseShape(Path src, String text) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(p);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new FormatException(src, "bad shape (" + text + ")");
            }
        }
        return Shape.of(dims);
    }
}
