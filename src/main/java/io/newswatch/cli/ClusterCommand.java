package io.newswatch.cli;

import io.newswatch.stories.MiniLmHeadlineEncoder;
import io.newswatch.stories.StoryAssignment;
import io.newswatch.stories.StoryClusterer;
import io.newswatch.stories.StoryInput;
import io.newswatch.stories.StorySettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cluster [--window DURATION] [--threshold X] [--merge X] [--words-only] FILE}: feeds a tab-separated stream (header
 * line; columns {@code id}, {@code timestamp_iso}, {@code publisher}, {@code title}, optional
 * {@code body}) in file order through the daemon's {@link StoryClusterer} and prints
 * {@code id<TAB>story-id} per document on stdout, a summary on stderr. A bad line is reported with
 * its position and skipped; the rest of the file is still clustered. The settings are the daemon's
 * (words and headline meaning, {@link MiniLmHeadlineEncoder}) except the window: {@value #DEFAULT_WINDOW_TEXT} by
 * default, so that stories do not reach across days of a file whose timestamps are days, as in
 * the story corpora (the daemon's 48 h window is {@code --window 48h}). {@code --words-only} clusters on
 * TF-IDF alone, without the model.
 */
final class ClusterCommand {
    static final String DEFAULT_WINDOW_TEXT = "12h";
    static final String USAGE = "usage: cluster [--window DURATION] [--threshold X] [--merge X] [--words-only] FILE"
            + "  (DURATION like 48h, 12h, 30m; default window " + DEFAULT_WINDOW_TEXT + ")";

    private ClusterCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        StorySettings settings = StorySettings.defaults().withWindow(duration(DEFAULT_WINDOW_TEXT));
        Path file = null;
        Double threshold = null;
        Double merge = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--window" -> settings = settings.withWindow(duration(value(args, ++i, arg)));
                    case "--threshold" -> threshold = number(value(args, ++i, arg));
                    case "--merge" -> merge = number(value(args, ++i, arg));
                    case "--words-only" -> settings = StorySettings.wordsOnly().withWindow(settings.window());
                    default -> {
                        if (arg.startsWith("--") || file != null) {
                            err.println("cluster: unexpected argument \"" + arg + "\"; " + USAGE);
                            return 2;
                        }
                        file = Path.of(arg);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("cluster: " + e.getMessage() + "; " + USAGE);
            return 2;
        }
        if (file == null) {
            err.println("cluster: no file given; " + USAGE);
            return 2;
        }
        if (threshold != null || merge != null) {
            try {
                settings = threshold == null ? settings : settings.withThreshold(threshold);
                settings = merge == null ? settings : settings.withMergeSimilarity(merge);
            } catch (IllegalArgumentException e) {
                err.println("cluster: " + e.getMessage() + "; " + USAGE);
                return 2;
            }
        }
        return cluster(file, settings, out, err);
    }

    private static int cluster(Path file, StorySettings settings, PrintStream out, PrintStream err) {
        StoryClusterer clusterer;
        try {
            clusterer = new StoryClusterer(settings, settings.semantic() ? MiniLmHeadlineEncoder.load().ready() : null);
        } catch (IllegalStateException e) {
            err.println("cluster: " + e.getMessage() + "; --words-only clusters without the model");
            return 1;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        int documents = 0;
        int skipped = 0;
        int duplicates = 0;
        int stories = 0;
        int merges = 0;
        List<String> ids = new ArrayList<>();
        List<String> storyOf = new ArrayList<>();
        Map<String, String> mergedInto = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || !header.startsWith("id\t")) {
                err.println(file + ":1:1: expected a header line starting with \"id<TAB>timestamp_iso<TAB>publisher<TAB>title\"");
                return 1;
            }
            out.println("id\tpredicted_cluster");
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                StoryInput input;
                try {
                    input = parse(line);
                } catch (IllegalArgumentException e) {
                    err.println(file + ":" + lineNumber + ":" + e.getMessage() + "; line skipped");
                    skipped++;
                    continue;
                }
                StoryAssignment assignment = clusterer.assign(input);
                ids.add(input.id());
                storyOf.add(assignment.storyId());
                assignment.merged().forEach(absorbed -> mergedInto.put(absorbed, assignment.storyId()));
                merges += assignment.merged().size();
                documents++;
                if (assignment.started()) {
                    stories++;
                }
                if (assignment.duplicateOf() != null) {
                    duplicates++;
                }
            }
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
            return 1;
        }
        // a story absorbed later (a merge) hands its documents to the survivor: print where each document ended
        for (int i = 0; i < ids.size(); i++) {
            out.println(ids.get(i) + "\t" + survivor(mergedInto, storyOf.get(i)));
        }
        out.flush();
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        err.printf("cluster: %d documents, %d stories (%d merged into another), %d near-duplicates, %d lines skipped, %d stories open at the end; "
                        + "%.1f CPU s on this thread (%.0f documents per CPU-second; the headline model also uses its own threads); "
                        + "window %s, threshold %.2f, semantic weight %.2f, merge similarity %.2f%n",
                documents, stories, merges, duplicates, skipped, clusterer.openStories(), cpuSeconds,
                cpuSeconds > 0 ? documents / cpuSeconds : 0.0, settings.window(), settings.threshold(), settings.semanticWeight(),
                settings.mergeSimilarity());
        return skipped > 0 ? 1 : 0;
    }

    /** The story a story id ended in, following merges (a survivor may itself be absorbed later). */
    static String survivor(Map<String, String> mergedInto, String id) {
        String current = id;
        for (String next = mergedInto.get(current); next != null; next = mergedInto.get(current)) {
            current = next;
        }
        return current;
    }

    /** One data line; the message of a failure starts with the 1-based column. */
    static StoryInput parse(String line) {
        String[] columns = line.split("\t", -1);
        if (columns.length < 4) {
            throw new IllegalArgumentException("1: expected at least 4 tab-separated columns (id, timestamp_iso, publisher, title), got " + columns.length);
        }
        if (columns[0].isBlank()) {
            throw new IllegalArgumentException("1: empty id");
        }
        Instant time;
        try {
            time = Instant.parse(columns[1].strip());
        } catch (DateTimeParseException e) {
            int column = columns[0].length() + 2;
            throw new IllegalArgumentException(column + ": timestamp \"" + columns[1] + "\" is not ISO-8601 UTC like 2014-03-10T00:00:00Z");
        }
        String body = columns.length > 4 ? columns[4] : "";
        return new StoryInput(columns[0].strip(), time, columns[2], columns[3], body, null);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long amount = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("duration \"" + text + "\" needs a unit: s, m, h or d (as in 48h)");
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("duration \"" + text + "\" is not a number with a unit, as in 48h");
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a number");
        }
    }
}
