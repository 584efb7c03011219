/**
 * One report model and its writers (JSON, Markdown, HTML, CSV, JUnit XML), plus chart rendering to PNG with
 * JFreeChart. Every file is written atomically.
 */
package dev.parity.report;
