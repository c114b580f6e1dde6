package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * newswatch against Python's feedparser on the shared real-world corpus ({@code ../shared/feeds},
 * see its README): for every file, the distinct documents newswatch makes of it must be at least
 * feedparser's distinct-item count from {@code expected.tsv}, except where
 * {@code feed-corpus-exceptions.tsv} (next to this test, on the test classpath) lists a lower
 * count with the reason. The overall agreement, the share of feedparser's items newswatch also
 * finds ({@code sum(min(ours, expected)) / sum(expected)}), is printed and must be at least 97 %.
 *
 * <p>Files are parsed as the corpus README serves them: the Content-Type from a feedparser
 * file's {@code Header:} comment when its path contains {@code http}, else
 * {@code application/xml}; the document's URL is {@code http://127.0.0.1:39080/<path>}. The
 * corpus is resolved from the project directory as {@code ../shared/feeds}, or from
 * {@code -Dnewswatch.feeds.corpus=DIR}; without it the test is skipped with a message.
 */
class FeedCorpusAgreementTest {
    static final Path CORPUS = corpus();
    private static final double REQUIRED_AGREEMENT = 0.97;
    private static final String BASE = "http://127.0.0.1:39080/";
    private static final Pattern HEADER = Pattern.compile("(?m)^Header:\\s*([A-Za-z-]+):\\s*(.*?)\\s*$");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static Path corpus() {
        String override = System.getProperty("newswatch.feeds.corpus");
        return override != null && !override.isBlank() ? Path.of(override) : Path.of("..", "shared", "feeds");
    }

    record Expected(String file, int expected, int linkless, String note) {}

    record Exception(int allowed, String reason) {}

    @Test
    void newswatchFindsAtLeastFeedparsersItemsInEveryCorpusFile() throws IOException {
        Path tsv = CORPUS.resolve("expected.tsv");
        assumeTrue(Files.isRegularFile(tsv), "no feed corpus at " + CORPUS.toAbsolutePath().normalize()
                + " (expected.tsv missing); set -Dnewswatch.feeds.corpus=DIR to run this test");
        List<Expected> expected = readExpected(tsv);
        Map<String, Exception> exceptions = readExceptions();
        FeedParser parser = new FeedParser();
        FeedDocuments documents = new FeedDocuments("en");

        long expectedTotal = 0;
        long agreed = 0;
        long ours = 0;
        List<String> shortfalls = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (Expected e : expected) {
            Path file = CORPUS.resolve(e.file());
            byte[] body = Files.readAllBytes(file);
            String url = BASE + e.file();
            int found;
            String error = null;
            try {
                ParsedFeed feed = parser.parse(body, contentType(e.file(), body), URI.create(url));
                FeedSpec spec = new FeedSpec(url, null, null, null);
                Set<String> ids = new HashSet<>();
                for (FeedDocuments.FeedDocument d : documents.toDocuments(feed, spec, URI.create(url), NOW)) {
                    ids.add(d.document().id());
                }
                found = ids.size();
            } catch (FeedParseException ex) {
                found = 0;
                error = ex.getMessage();
            }
            expectedTotal += e.expected();
            agreed += Math.min(found, e.expected());
            ours += found;
            Exception exception = exceptions.get(e.file());
            int required = exception != null ? exception.allowed() : e.expected();
            if (found < required) {
                shortfalls.add(e.file() + ": " + found + " documents, expected " + required
                        + (error == null ? "" : " (" + error + ")"));
            }
            if (found != e.expected()) {
                report.add(e.file() + "\t" + found + "\t" + e.expected() + "\t" + e.linkless() + "\t" + (error == null ? "" : error));
                if (error != null) {
                    reasons.merge(error.length() > 90 ? error.substring(0, 90) : error, 1, Integer::sum);
                }
            }
        }
        Path out = Path.of("target", "feed-corpus-differences.tsv");
        Files.createDirectories(out.getParent());
        Files.write(out, report, StandardCharsets.UTF_8);
        double agreement = expectedTotal == 0 ? 1 : (double) agreed / expectedTotal;
        System.out.printf("feed corpus %s: %d files, feedparser %d items, newswatch %d documents, agreement %.2f %%"
                        + " (%d of feedparser's items found); %d files differ (listed in %s), %d documented exceptions%n",
                CORPUS.toAbsolutePath().normalize(), expected.size(), expectedTotal, ours, 100.0 * agreement, agreed,
                report.size(), out, exceptions.size());
        reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(20)
                .forEach(r -> System.out.printf("  %4d  %s%n", r.getValue(), r.getKey()));
        shortfalls.stream().limit(40).forEach(s -> System.out.println("  short: " + s));
        assertTrue(shortfalls.isEmpty(), shortfalls.size() + " corpus files give fewer documents than expected.tsv"
                + " minus documented exceptions, e.g. " + shortfalls.subList(0, Math.min(5, shortfalls.size())));
        assertTrue(agreement >= REQUIRED_AGREEMENT, String.format("agreement %.2f %% is below %.0f %%",
                100 * agreement, 100 * REQUIRED_AGREEMENT));
    }

    /** The Content-Type the corpus harness serves the file with (see the corpus README). */
    static String contentType(String file, byte[] body) {
        if (file.startsWith("feedparser/") && file.contains("http")) {
            String head = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.ISO_8859_1);
            Matcher m = HEADER.matcher(head);
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase("Content-Type")) {
                    return m.group(2);
                }
            }
            return "text/xml";
        }
        return "application/xml";
    }

    private static List<Expected> readExpected(Path tsv) throws IOException {
        List<Expected> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t", -1);
            rows.add(new Expected(c[0], Integer.parseInt(c[2]), Integer.parseInt(c[3]), c.length > 7 ? c[7] : ""));
        }
        return rows;
    }

    /** {@code file<TAB>documents newswatch must still find<TAB>reason}; {@code #} starts a comment. */
    private static Map<String, Exception> readExceptions() throws IOException {
        Map<String, Exception> exceptions = new LinkedHashMap<>();
        try (InputStream in = FeedCorpusAgreementTest.class.getResourceAsStream("feed-corpus-exceptions.tsv")) {
            if (in == null) {
                throw new IOException("feed-corpus-exceptions.tsv is missing from the test classpath");
            }
            int lineNo = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t", 3);
                if (c.length < 3 || c[2].isBlank()) {
                    throw new IOException("feed-corpus-exceptions.tsv line " + lineNo + ": expected file, count and reason separated by tabs");
                }
                exceptions.put(c[0], new Exception(Integer.parseInt(c[1].strip()), c[2].strip()));
            }
        }
        return exceptions;
    }
}
