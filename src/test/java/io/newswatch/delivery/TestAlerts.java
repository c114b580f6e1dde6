package io.newswatch.delivery;

import io.newswatch.alerts.Alert;
import io.newswatch.matching.Highlight;
import io.newswatch.rules.Rule;
import io.newswatch.rules.Severity;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;
import io.newswatch.matching.Match;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Alerts for tests, including the ones the five seed articles give for a troop-deployment rule. */
public final class TestAlerts {
    public static final Rule TROOPS = rule("troop-deployment", "Troop deployment");

    private TestAlerts() {}

    public static Rule rule(String id, String title) {
        return new Rule(id, title, "", Severity.HIGH, "troops", Rule.defaultTopic(id), List.of(), List.of(), List.of(),
                Path.of("rules", id + ".yml"));
    }

    /** One alert per seed file, as the matcher would give for a rule on troops/deployment. */
    public static List<Alert> seeds(Rule rule) {
        Path dir = Path.of("seeds");
        List<Alert> alerts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            int minute = 0;
            for (Path file : sorted) {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                String title = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
                if (title.length() > 80) {
                    title = title.substring(0, 80);
                }
                Instant time = Instant.parse("2024-10-08T09:00:00Z").plusSeconds(60L * minute++);
                Document doc = new Document(DocumentIds.forText(text), "file", file.toString(), title, text, time, "en", time,
                        List.of(), List.of());
                alerts.add(Alert.of(rule, doc, match(rule, doc, text), time));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return alerts;
    }

    private static Match match(Rule rule, Document doc, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<Highlight> highlights = new ArrayList<>();
        int at = lower.indexOf("troop");
        if (at < 0) {
            at = lower.indexOf("military");
        }
        if (at < 0) {
            at = 0;
        }
        int end = at;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        highlights.add(new Highlight("body", text.substring(at, end), at, end));
        int from = Math.max(0, at - 60);
        String snippet = text.substring(from, Math.min(text.length(), end + 80));
        return new Match(rule.id(), doc.id(), 1.0, highlights, snippet);
    }

    /** A feed item alert with the given title, snippet and URL. */
    public static Alert feedItem(Rule rule, String title, String snippet, String url, String term, Instant time) {
        Document doc = new Document(DocumentIds.forUrl(url + title), "Example Feed", url, title, snippet, time, "en", time,
                List.of(), List.of());
        int at = Math.max(0, snippet.toLowerCase(Locale.ROOT).indexOf(term.toLowerCase(Locale.ROOT)));
        Match match = new Match(rule.id(), doc.id(), 1.0, List.of(new Highlight("body", term, at, at + term.length())), snippet);
        return Alert.of(rule, doc, match, time);
    }

    public static Alert simple(Rule rule, String n, Instant time) {
        return feedItem(rule, "Article " + n, "Troops were seen in " + n, "https://news.example.org/" + n, "troops", time);
    }

    /**
     * Alert {@code n} of {@code rule} on story {@code storyId}, from {@code source}, as the pipeline writes it:
     * the story as of this alert ({@code documents} and {@code sources} so far) and the rule's first alert on it.
     */
    public static Alert inStory(Rule rule, String storyId, int n, String source, int documents, int sources, Instant time) {
        Alert plain = simple(rule, storyId + "-" + n, time);
        var d = plain.document();
        Alert withSource = new Alert(plain.id(), plain.time(), plain.rule(),
                new Alert.DocumentSummary(d.id(), "Troops cross the border, report " + n, d.url(), d.path(), source, d.published()),
                plain.score(), plain.highlights(), plain.snippet());
        String first = simple(rule, storyId + "-0", time).id();
        Instant start = Instant.parse("2024-10-08T09:00:00Z");
        return withSource.inStory(new Alert.StorySummary(storyId, "Troops cross the border", documents, sources, start, time)
                .withFirstAlert(first), null);
    }
}
