package dev.parity.report;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.compare.Metrics;
import dev.parity.io.TraceEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;

/** The CSV and JUnit XML writers: one row or testcase per entry, for machines (the documents are in {@link ComparisonDocument}). */
public final class TextReportWriters {

    private TextReportWriters() {
    }

    private static PrintWriter writer(OutputStream out) {
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    /** CSV: one row per reference entry (aligned or missing), RFC 4180 quoting. */
    public static void csv(Report report, OutputStream out) {
        PrintWriter w = writer(out);
        w.print("index,name,call,kind,arg,module_type,status,step,ref_shape,cand_shape,dtype,max_abs,mean_abs,rmse,"
                + "rel_l2,max_rel,cosine,pearson,snr_db,nan_ref,nan_cand,inf_ref,inf_cand,frac_within_tol,ref_min,"
                + "ref_max,cand_min,cand_max,min_passing_atol,tolerance,finding\r\n");
        for (EntryResult r : report.comparison().results()) {
            w.print(csvRow(r));
            w.print("\r\n");
        }
        w.flush();
    }

    private static String csvRow(EntryResult r) {
        TraceEntry e = r.reference();
        StringBuilder sb = new StringBuilder();
        sb.append(e.index()).append(',').append(q(e.name())).append(',').append(e.call()).append(',')
                .append(e.kind().label()).append(',').append(q(e.arg())).append(',').append(q(e.moduleType()))
                .append(',').append(r.status().label()).append(',').append(r.step() >= 0 ? r.step() : "")
                .append(',').append(q(e.shape().toString())).append(',')
                .append(q(r.candidate() == null ? null : r.candidate().shape().toString())).append(',')
                .append(e.dtype().numpyName());
        Metrics m = r.metrics();
        double[] vs = m == null ? new double[0] : new double[] {m.maxAbs(), m.meanAbs(), m.rmse(), m.relL2(),
            m.maxRel(), m.cosine(), m.pearson(), m.snrDb(), m.nanRef(), m.nanCand(), m.infRef(), m.infCand(),
            m.fracWithinTol(), m.refMin(), m.refMax(), m.candMin(), m.candMax(), m.minPassingAtol()};
        for (int i = 0; i < 18; i++) {
            sb.append(',').append(i < vs.length ? Double.toString(vs[i]) : "");
        }
        return sb.append(',').append(q(r.tolerance().toString())).append(',').append(q(r.finding())).toString();
    }

    private static String q(String s) {
        if (s == null) {
            return "";
        }
        boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /**
     * JUnit XML: one testcase per selected reference entry; divergences are failures, and so are missing entries
     * (skipped with {@code --allow-missing}). A comparison of nothing is one failing testcase.
     */
    public static void junit(Report report, OutputStream out) {
        Comparison c = report.comparison();
        PrintWriter w = writer(out);
        boolean none = c.nothingCompared();
        long skipped = c.missing() - c.missingFailures();
        w.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        w.println("<testsuite name=\"" + Escape.xml("parity." + report.title()) + "\" tests=\"" + (c.results().size()
                + (none ? 1 : 0)) + "\" failures=\"" + (c.failedTotal() + (none ? 1 : 0)) + "\" errors=\"0\" skipped=\""
                + skipped + "\" timestamp=\"" + report.created() + "\">");
        if (none) {
            w.println("  <testcase classname=\"parity\" name=\"comparison\">");
            w.println("    <failure message=\"" + Escape.xml(Summaries.headline(c)) + "\" type=\"nothing_compared\"/>");
            w.println("  </testcase>");
        }
        for (EntryResult r : c.results()) {
            w.print("  <testcase classname=\"" + Escape.xml(r.reference().name()) + "\" name=\""
                    + Escape.xml(r.reference().id().toString()) + "\"");
            boolean missing = r.status() == dev.parity.compare.EntryStatus.MISSING;
            if (r.status().isDivergence() || (missing && !c.options().allowMissing())) {
                w.println(">");
                w.println("    <failure message=\"" + Escape.xml(Summaries.describe(r)) + "\" type=\"" + r.status().label()
                        + "\"/>");
                w.println("  </testcase>");
            } else if (missing) {
                w.println("><skipped message=\"missing in candidate (allowed)\"/></testcase>");
            } else {
                w.println("/>");
            }
        }
        w.println("</testsuite>");
        w.flush();
    }
}
