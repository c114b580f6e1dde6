package io.newswatch.matching.legacy;

import io.newswatch.cli.GeneratedRules;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.Match;
import io.newswatch.rules.Aliases;
import io.newswatch.document.Document;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes what the old engine matched with {@code GeneratedRules.of(count, 42)}: one line per
 * document, {@code corpus/file<TAB>matches<TAB>digest}, the digest being SHA-256 (first 16 hex
 * digits) of {@link #canonical}. The generated rules never change, so the old engine's answers
 * are fixed: running it on every build would cost minutes for nothing. The file is read by
 * {@code MatchingEquivalenceTest}; it holds no text of the shared corpus.
 *
 * <p>Arguments: {@code count output-file name=folder...}.
 */
public final class LegacyGoldenFile {
    private LegacyGoldenFile() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path output = Path.of(args[1]);
        GeneratedRules rules = GeneratedRules.of(count, 42);
        LegacyRuleCompiler compiler = new LegacyRuleCompiler(rules.aliases(Aliases.NONE));
        List<String> lines = new ArrayList<>();
        DocumentFileReader reader = new DocumentFileReader();
        try (LegacyRuleMatcher matcher = new LegacyRuleMatcher()) {
            for (Map.Entry<String, String> rule : rules.queries().entrySet()) {
                matcher.register(rule.getKey(), compiler.compile(rule.getValue()));
            }
            for (String corpus : List.of(args).subList(2, args.length)) {
                String name = corpus.substring(0, corpus.indexOf('='));
                Path folder = Path.of(corpus.substring(corpus.indexOf('=') + 1));
                for (Path file : reader.listFiles(folder)) {
                    Document document = reader.read(file, Instant.EPOCH);
                    List<String> canonical = canonical(matcher.match(document));
                    lines.add(name + "/" + folder.relativize(file) + "\t" + canonical.size() + "\t" + digest(canonical));
                }
            }
        }
        Files.write(output, lines, StandardCharsets.UTF_8);
    }

    /** One line per matching rule, sorted by rule id: id, highlights with offsets and words, snippet. The score is left out on purpose. */
    public static List<String> canonical(List<Match> matches) {
        return matches.stream()
                .map(m -> m.ruleId() + " " + m.highlights().stream()
                        .map(h -> h.field() + ":" + h.start() + "-" + h.end() + "=" + h.term())
                        .toList() + " | " + m.snippet())
                .sorted()
                .toList();
    }

    public static String digest(List<String> canonical) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String line : canonical) {
            sha.update(line.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }
}
