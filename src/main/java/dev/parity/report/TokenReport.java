package dev.parity.report;

import dev.parity.compare.CallMatrix;
import dev.parity.compare.TokenFlip;
import dev.parity.compare.TokenParity;
import dev.parity.compare.TokenProb;
import dev.parity.compare.TokenStep;
import dev.parity.report.doc.Block;
import dev.parity.report.doc.Section;
import dev.parity.report.doc.Table;
import dev.parity.report.doc.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The sentences and tables of a {@link TokenParity}, shared by the compare reports, the CLI and the diagnosis. */
public final class TokenReport {
    private static final int TOP_SHOWN = 3;

    private TokenReport() {
    }

    /**
     * "First token divergence at step k: reference token a, candidate token b; margin m nats under the reference's
     * argmax(p/q) — a near-tie ..." or "Tokens: all N sampled tokens equal ...".
     */
    public static String headline(TokenParity t) {
        TokenFlip f = t.firstFlip();
        if (f == null) {
            return "Tokens: all " + t.refSteps() + " sampled tokens equal (" + t.candSteps() + " candidate steps)"
                    + worst(t) + ".";
        }
        return "First token divergence at step " + f.step() + ": reference token " + token(f.refToken())
                + ", candidate token " + token(f.candToken()) + "; " + margin(f) + " — " + cause(t, f) + "; "
                + f.laterEqual() + " of " + f.later() + " later steps sample equal tokens (" + t.refSteps()
                + " reference, " + t.candSteps() + " candidate steps).";
    }

    /** A status-line phrase: "tokens: all 26 equal" or "first token divergence at step k (margin m nats, near-tie)". */
    public static String brief(TokenParity t) {
        TokenFlip f = t.firstFlip();
        if (f == null) {
            return "tokens: all " + t.refSteps() + " equal";
        }
        return "first token divergence at step " + f.step() + " (margin " + Numbers.num(f.margin()) + " nats, "
                + (f.cause().isNearTie() ? "near-tie" : "real divergence") + ")";
    }

    private static String margin(TokenFlip f) {
        return f.margin() == Double.POSITIVE_INFINITY ? "margin inf (the reference gives that token probability 0)"
                : "margin " + Numbers.num(f.margin()) + " nats under the reference's argmax(p/q)";
    }

    private static String worst(TokenParity t) {
        TokenStep l = t.steps().stream().filter(s -> !Double.isNaN(s.logitsRelL2()))
                .max(Comparator.comparingDouble(TokenStep::logitsRelL2)).orElse(null);
        TokenStep m = t.steps().stream().filter(s -> !Double.isNaN(s.margin()))
                .min(Comparator.comparingDouble(TokenStep::margin)).orElse(null);
        String s = l == null ? "" : "; worst logits rel L2 " + Numbers.num(l.logitsRelL2()) + " (step " + l.step() + ")";
        s += m == null ? "" : "; closest call: margin " + Numbers.num(m.margin()) + " nats (step " + m.step() + ")";
        TokenFlip p = t.firstPickFlip();
        return s + (p == null ? "" : "; but the candidate's own argmax(p/q) first differs at step " + p.step()
                + " (" + token(p.candToken()) + " instead of " + token(p.refToken()) + ", " + margin(p) + " — "
                + cause(t, p) + "; " + t.pickFlips() + " step(s) in all: tokens forced?)");
    }

    private static String cause(TokenParity t, TokenFlip f) {
        TokenStep s = t.steps().get(f.step());
        return switch (f.cause()) {
            case STEP_MISSING -> "the " + (f.refToken() < 0 ? "reference" : "candidate") + " has no step "
                    + f.step() + ": its run ended earlier (a stop condition or a smaller step limit)";
            case NEAR_TIE -> "a near-tie (≤ " + Numbers.num(TokenParity.NEAR_TIE_NATS) + " nats; the candidate moved "
                    + "the pair by " + Numbers.num(f.shift()) + "): rounding can flip it, compare the later steps with "
                    + "teacher forcing";
            case PROBABILITIES_DIFFER -> "a real divergence: the step's logits already differ (rel L2 "
                    + Numbers.num(s.logitsRelL2()) + ", KL " + Numbers.num(s.kl()) + ") — the error is upstream of "
                    + "the sampler";
            case NOISE_DIFFERS -> "a real divergence: the candidate's noise q differs from the reference's (the "
                    + "recorded draws were not injected)";
            case SAMPLER_DIFFERS -> "a real divergence: logits and noise agree (logits rel L2 "
                    + Numbers.num(s.logitsRelL2()) + "), yet the token is not argmax(p/q) of the candidate's own "
                    + "probabilities (which give " + token(s.candPick()) + ") — the sampler differs or the token "
                    + "was forced";
        };
    }

    private static String token(long t) {
        return t < 0 ? "none" : Long.toString(t);
    }

    /** The per-step table's header. */
    private static List<String> stepHeader() {
        return List.of("step", "ref token", "cand token", "cand argmax(p/q)", "logits rel L2", "logits max abs",
                "KL(ref‖cand)", "margin (nats)", "ref top-" + TOP_SHOWN, "cand top-" + TOP_SHOWN);
    }

    /** One row per step, the first flip marked with "≠". */
    private static List<List<String>> stepRows(TokenParity t) {
        List<List<String>> rows = new ArrayList<>();
        for (TokenStep s : t.steps()) {
            rows.add(List.of(String.valueOf(s.step()), token(s.refToken()),
                    token(s.candToken()) + (s.tokensEqual() ? "" : " ≠"), token(s.candPick()),
                    Numbers.num(s.logitsRelL2()), Numbers.num(s.logitsMaxAbs()), Numbers.num(s.kl()),
                    Numbers.num(s.margin()), top(s.refTop()), top(s.candTop())));
        }
        return rows;
    }

    private static String top(List<TokenProb> ps) {
        return String.join(" ", ps.stream().limit(TOP_SHOWN).map(p -> p.token() + ":" + Numbers.num(p.p())).toList());
    }

    /** The step × layer table's header: "step" then the matrix columns. */
    private static List<String> matrixHeader(CallMatrix m) {
        List<String> h = new ArrayList<>(List.of("step"));
        h.addAll(m.columns());
        return h;
    }

    /** The step × layer table's rows ({@value Numbers#NAN} where nothing was recorded). */
    private static List<List<String>> matrixRows(CallMatrix m) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < m.steps().size(); i++) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(m.steps().get(i))));
            m.cells().get(i).forEach(v -> row.add(Numbers.num(v)));
            rows.add(row);
        }
        return rows;
    }

    /**
     * The "Sampled tokens" section: the headline (set off), an optional explanation, the per-step table and the
     * step × layer table.
     */
    public static Section section(TokenParity t, String explanation) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Paragraph(Text.of(headline(t)), t.firstFlip() == null ? Block.Paragraph.Style.VERDICT_OK
                : Block.Paragraph.Style.VERDICT));
        if (explanation != null) {
            blocks.add(new Block.Paragraph(Text.of(explanation)));
        }
        blocks.add(Table.ofStrings(stepHeader(), stepRows(t)));
        blocks.add(new Block.Heading("Step × layer (rel L2)"));
        blocks.add(Table.ofStrings(matrixHeader(t.matrix()), matrixRows(t.matrix())));
        return new Section("Sampled tokens", blocks);
    }
}
