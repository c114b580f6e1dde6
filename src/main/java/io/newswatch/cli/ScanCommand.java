package io.newswatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.ingest.IngestException;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleExplainer;
import io.newswatch.rules.query.QueryException;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.classify.ClassifierTrainer;
import io.newswatch.classify.SecondStage;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import io.newswatch.document.Document;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code scan [--rules DIR] PATH...}: one-shot matching of files against the rules, one JSON
 * object per match on stdout (for jq and friends), problems and a summary on stderr.
 */
final class ScanCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScanCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path rulesDir = Path.of("rules");
        List<Path> inputs = new ArrayList<>();
        boolean explain = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--explain")) {
                explain = true;
            } else if (arg.equals("--rules")) {
                if (i + 1 >= args.size()) {
                    err.println("scan: --rules needs a directory, as in --rules rules/");
                    return 2;
                }
                rulesDir = Path.of(args.get(++i));
            } else if (arg.startsWith("--")) {
                err.println("scan: unknown option " + arg + "; usage: scan [--rules DIR] [--explain] PATH...");
                return 2;
            } else {
                inputs.add(Path.of(arg));
            }
        }
        if (inputs.isEmpty()) {
            err.println("scan: no files given; usage: scan [--rules DIR] [--explain] PATH...");
            return 2;
        }
        long started = System.nanoTime();
        RuleSet rules = new RuleLoader(RecipientsFile.knownNames(rulesDir)).load(rulesDir);
        rules.problems().forEach(err::println);
        int read = 0;
        int skipped = 0;
        Map<String, Integer> matchesByRule = new TreeMap<>();
        RuleExplainer explainer = explain ? new RuleExplainer(new RuleCompiler(rules.aliases())) : null;
        Map<String, String> queryTexts = new HashMap<>();
        rules.rules().forEach(rule -> queryTexts.put(rule.id(), rule.rule().query()));
        SecondStage stage = new SecondStage(new ClassifierTrainer(), err::println);
        try (RuleMatcher matcher = new RuleMatcher()) {
            rules.rules().forEach(rule -> {
                matcher.register(rule.id(), rule.query());
                stage.prepare(rule);
            });
            DocumentFileReader reader = new DocumentFileReader();
            for (Path input : inputs) {
                List<Path> files;
                try {
                    files = reader.listFiles(input);
                } catch (IngestException e) {
                    err.println(e.getMessage());
                    skipped++;
                    continue;
                }
                for (Path file : files) {
                    Document document;
                    try {
                        document = reader.read(file, Instant.now());
                    } catch (IngestException e) {
                        err.println(e.getMessage());
                        skipped++;
                        continue;
                    }
                    read++;
                    for (Match match : stage.apply(document, matcher.match(document))) {
                        ObjectNode json = toJson(document, match);
                        if (explainer != null) {
                            addExplanation(json, explainer, queryTexts.get(match.ruleId()), document, err);
                        }
                        out.println(json);
                        matchesByRule.merge(match.ruleId(), 1, Integer::sum);
                    }
                }
            }
        }
        out.flush();
        long millis = (System.nanoTime() - started) / 1_000_000;
        int total = matchesByRule.values().stream().mapToInt(Integer::intValue).sum();
        err.printf("scan: %d file(s) read, %d skipped, %d match(es) %s with %d rule(s) (%d rule problem(s)) in %d ms%n",
                read, skipped, total, matchesByRule.isEmpty() ? "" : matchesByRule.toString(),
                rules.rules().size(), rules.problems().size(), millis);
        return 0;
    }

    /** {@code "explain": [{"part": "@troops NEAR/8 @deploy", "words": ["troops", "deployed"]}, ...]}: the alternatives that fired. */
    private static void addExplanation(ObjectNode json, RuleExplainer explainer, String query, Document document, PrintStream err) {
        ArrayNode parts = json.putArray("explain");
        try {
            for (RuleExplainer.FiredPart part : explainer.explain(query, document)) {
                ObjectNode node = parts.addObject();
                node.put("part", part.part());
                ArrayNode words = node.putArray("words");
                part.words().stream().map(Highlight::term).distinct().forEach(words::add);
            }
        } catch (QueryException e) {
            // The rule compiled a moment ago with the same aliases, so this is not expected.
            err.println("scan: could not explain rule " + json.path("rule").asText() + ": " + e.getMessage());
        }
    }

    static ObjectNode toJson(Document document, Match match) {
        ObjectNode node = JSON.createObjectNode();
        node.put("document", document.id());
        node.put("path", document.location());
        node.put("title", document.title());
        node.put("rule", match.ruleId());
        node.put("score", match.score());
        AlertCodec.writeHighlights(node.putArray("highlights"), match.highlights());
        node.put("snippet", match.snippet());
        return node;
    }
}
