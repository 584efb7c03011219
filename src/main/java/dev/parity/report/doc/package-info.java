/**
 * The neutral document model (a title, a headline, sections of paragraphs, lists, tables and figures) and its four
 * renderers: Markdown, HTML, JSON and terminal text. Comparisons, diagnoses and weight results are converted to
 * documents; every report and listing of the tool is one of these renderings.
 */
package dev.parity.report.doc;
