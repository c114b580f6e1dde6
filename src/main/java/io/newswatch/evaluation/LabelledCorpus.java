package io.newswatch.evaluation;

import io.newswatch.document.Document;
import io.newswatch.ingest.IngestException;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.Label;
import io.newswatch.matching.LabelsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The labels of a labels file that can be evaluated, with their documents read as {@code scan} reads
 * files (so the figures are those of the daemon). Labels of rules that are not loaded, documents that
 * cannot be read and bad lines are reported as {@code file:line: message} in {@link #problems()} and
 * left out; one typo never stops an evaluation.
 *
 * @param labels    usable labels, in file order
 * @param documents each labelled document once, by its path as the labels file writes it
 */
public record LabelledCorpus(Path labelsFile, EvaluationSplit split, List<Label> labels, Map<String, Document> documents,
                             List<String> problems) {
    public LabelledCorpus {
        labels = List.copyOf(labels);
        documents = Collections.unmodifiableMap(new LinkedHashMap<>(documents));
        problems = List.copyOf(problems);
    }

    /** What to read and against which rules. */
    public record Request(Path labelsFile, Path docsDir, EvaluationSplit split, Set<String> onlyRules) {
        public Request {
            onlyRules = Set.copyOf(onlyRules);
        }

        /** The folder the labels' document paths are read from: {@code docsDir}, else the labels file's folder. */
        public Path documentsFolder() {
            return docsDir != null ? docsDir : labelsFile.toAbsolutePath().getParent();
        }
    }

    /**
     * @param loaded      ids of the rules that can be evaluated
     * @param rulesOrigin where those rules come from, for messages ({@code rules}, "the rules in force")
     * @throws EvaluationException when the labels file cannot be read or nothing is left to evaluate
     */
    public static LabelledCorpus read(Request request, Set<String> loaded, String rulesOrigin, DocumentFileReader reader, Instant now)
            throws EvaluationException {
        Path labelsFile = request.labelsFile();
        LabelsFile.Result parsed;
        try {
            parsed = LabelsFile.read(labelsFile);
        } catch (NoSuchFileException e) {
            throw new EvaluationException(labelsFile + ": no such labels file; check the path", List.of());
        } catch (IOException | UncheckedIOException e) {
            throw new EvaluationException(labelsFile + ": cannot read the labels file (" + e.getMessage() + ")", List.of());
        }
        List<String> problems = new ArrayList<>(parsed.problems());
        String loadedList = String.join(", ", new TreeSet<>(loaded));

        // Labels of rules that are not loaded, reported once per rule at its first line.
        List<Label> usable = new ArrayList<>();
        Map<String, List<Label>> unknownRules = new LinkedHashMap<>();
        for (Label label : parsed.labels()) {
            if (!request.onlyRules().isEmpty() && !request.onlyRules().contains(label.rule())) {
                continue;
            }
            if (!request.split().contains(label.document())) {
                continue;
            }
            if (loaded.contains(label.rule())) {
                usable.add(label);
            } else {
                unknownRules.computeIfAbsent(label.rule(), r -> new ArrayList<>()).add(label);
            }
        }
        for (Map.Entry<String, List<Label>> unknown : unknownRules.entrySet()) {
            problems.add(labelsFile + ":" + unknown.getValue().getFirst().line() + ": no rule \"" + unknown.getKey()
                    + "\" was loaded from " + rulesOrigin + " (loaded: " + loadedList + "); its " + unknown.getValue().size()
                    + " label(s) are left out — add " + unknown.getKey() + ".yml to the rules directory or fix the rule id");
        }
        for (String rule : new TreeSet<>(request.onlyRules())) {
            if (!loaded.contains(rule)) {
                problems.add(rulesOrigin + ": --rule " + rule + ": no such rule was loaded (loaded: " + loadedList + ")");
            }
        }

        // Each document once; a document that cannot be read costs its labels only.
        Path base = request.documentsFolder();
        Map<String, Document> documents = new LinkedHashMap<>();
        Set<String> unreadable = new TreeSet<>();
        for (Label label : usable) {
            if (documents.containsKey(label.document()) || unreadable.contains(label.document())) {
                continue;
            }
            try {
                documents.put(label.document(), reader.read(base.resolve(label.document()), now));
            } catch (IngestException e) {
                unreadable.add(label.document());
                problems.add(labelsFile + ":" + label.line() + ": document " + e.getMessage()
                        + (request.docsDir() == null ? " (paths are read from the labels file's folder; use --docs DIR to read them elsewhere)" : ""));
            }
        }
        usable.removeIf(label -> unreadable.contains(label.document()));
        if (usable.isEmpty()) {
            throw new EvaluationException("nothing to evaluate: no label names a readable document and a loaded rule"
                    + (request.split() == EvaluationSplit.ALL ? "" : " in the " + request.split().label() + " split"), problems);
        }
        return new LabelledCorpus(labelsFile, request.split(), usable, documents, problems);
    }

    /** The rules the usable labels name, in the order they first appear. */
    public Set<String> rules() {
        Set<String> rules = new LinkedHashSet<>();
        labels.forEach(label -> rules.add(label.rule()));
        return rules;
    }

    /** The same documents with only the labels {@code view} counts (problems kept: they are the reading's). */
    public LabelledCorpus in(LabelView view) {
        return new LabelledCorpus(labelsFile, split, labels.stream().filter(view::keeps).toList(), documents, problems);
    }
}
