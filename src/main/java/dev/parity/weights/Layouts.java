package dev.parity.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The permutations tried when a candidate tensor's shape or values differ from the reference, named ones first:
 * <ul>
 *   <li>Conv1d, reference {@code [out, in, k]}: MLX {@code [out, k, in]} = {@code permute(0, 2, 1)}.</li>
 *   <li>ConvTranspose1d, reference {@code [in, out, k]}: MLX {@code [out, k, in]} = {@code permute(1, 2, 0)};
 *       Conv1d-style {@code [out, in, k]} = {@code permute(1, 0, 2)}.</li>
 *   <li>Linear / Embedding {@code [out, in]}: transposed = {@code permute(1, 0)}.</li>
 *   <li>then every other permutation of a tensor of rank ≤ 4, named {@code axes permuted (…)}.</li>
 * </ul>
 */
public final class Layouts {
    private static final String MLX = "MLX layout [out,k,in]";

    private Layouts() {
    }

    /** The non-identity layouts to try for a reference tensor of {@code type} and {@code rank}. */
    public static List<Layout> candidates(LayerType type, int rank) {
        List<Layout> out = new ArrayList<>(named(type, rank));
        if (rank <= 4) {
            for (int[] p : permutations(rank)) {
                if (!isIdentity(p) && out.stream().noneMatch(l -> Arrays.equals(l.perm(), p))) {
                    out.add(new Layout("axes permuted " + Arrays.toString(p).replace(" ", ""), p));
                }
            }
        }
        return out;
    }

    private static List<Layout> named(LayerType type, int rank) {
        if (rank == 3 && type == LayerType.CONV1D) {
            return List.of(new Layout(MLX, new int[] {0, 2, 1}));
        }
        if (rank == 3 && type == LayerType.CONV_TRANSPOSE1D) {
            return List.of(new Layout(MLX, new int[] {1, 2, 0}),
                    new Layout("Conv1d layout [out,in,k]", new int[] {1, 0, 2}));
        }
        if (rank == 2) {
            return List.of(new Layout("transposed [in,out]", new int[] {1, 0}));
        }
        return List.of();
    }

    private static boolean isIdentity(int[] p) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] cur, boolean[] used, int pos, List<int[]> out) {
        if (pos == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (int v = 0; v < cur.length; v++) {
            if (!used[v]) {
                used[v] = true;
                cur[pos] = v;
                permute(cur, used, pos + 1, out);
                used[v] = false;
            }
        }
    }
}
