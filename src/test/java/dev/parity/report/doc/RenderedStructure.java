package dev.parity.report.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.NodeList;

/** Structure checks of the renderings of a document, shared by the tests of every converter. */
public final class RenderedStructure {
    private RenderedStructure() {
    }

    /** Every section present in Markdown, HTML and the terminal; Markdown tables parse; the HTML is well-formed. */
    public static void check(Document d) throws Exception {
        String md = MarkdownRenderer.render(d);
        String html = HtmlRenderer.render(d);
        String text = TextRenderer.render(d);
        int tables = 0;
        for (Section s : d.sections()) {
            if (s.title() != null) {
                assertTrue(md.contains("\n## " + dev.parity.report.Escape.markdown(s.title()) + "\n"), s.title());
                assertTrue(text.contains("== " + s.title() + "\n"), s.title());
            }
            tables += (int) s.blocks().stream().filter(b -> b instanceof Table).count();
        }
        assertEquals(tables, markdownTables(md), "Markdown tables");
        org.w3c.dom.Document x = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertEquals(d.sections().stream().filter(s -> s.title() != null).count(),
                x.getElementsByTagName("h2").getLength(), "h2 per titled section");
        NodeList t = x.getElementsByTagName("table");
        assertEquals(tables, t.getLength(), "HTML tables");
        for (int i = 0; i < t.getLength(); i++) {
            NodeList rows = ((org.w3c.dom.Element) t.item(i)).getElementsByTagName("tr");
            int cols = ((org.w3c.dom.Element) rows.item(0)).getElementsByTagName("th").getLength();
            for (int r = 1; r < rows.getLength(); r++) {
                assertEquals(cols, ((org.w3c.dom.Element) rows.item(r)).getElementsByTagName("td").getLength());
            }
        }
    }

    /** Counts the Markdown tables, asserting that each has a separator row and one cell per column in every row. */
    static int markdownTables(String md) {
        List<List<String>> tables = new ArrayList<>();
        List<String> current = null;
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("|")) {
                if (current == null) {
                    current = new ArrayList<>();
                    tables.add(current);
                }
                current.add(line);
            } else {
                current = null;
            }
        }
        for (List<String> table : tables) {
            int cols = cells(table.get(0));
            assertTrue(table.size() >= 2 && table.get(1).matches("\\|(---\\|)+"), table.get(0));
            assertEquals(cols, table.get(1).split("---", -1).length - 1, table.get(1));
            for (String row : table) {
                assertEquals(cols, cells(row), row);
            }
        }
        return tables.size();
    }

    /** The cells of a table row: pipes not escaped by a backslash, less the two at its ends. */
    static int cells(String row) {
        int pipes = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '\\') {
                i++;
            } else if (row.charAt(i) == '|') {
                pipes++;
            }
        }
        assertTrue(row.endsWith("|"), row);
        return pipes - 1;
    }
}
