package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.ingest.IngestException;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.Label;
import io.newswatch.matching.LabelsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled documents a classifier may learn from: the labels file's lines in the development
 * split ({@link EvaluationSplit#DEVELOPMENT}) only, so {@code evaluate --split validation} stays a
 * measure on texts no classifier has seen. Documents are read as {@code scan} and {@code evaluate}
 * read them; lines that are bad or name unreadable documents are counted and left out.
 *
 * @param labels    usable labels, in file order, each with its document in {@code documents}
 * @param documents document path as the labels write it, to the document
 * @param skipped   labels left out (bad lines, unreadable documents)
 */
public record TrainingCorpus(Path labelsFile, List<Label> labels, Map<String, Document> documents, int skipped) {
    public TrainingCorpus {
        labels = List.copyOf(labels);
        documents = Map.copyOf(documents);
    }

    /** @throws IOException when the labels file cannot be read at all (missing included) */
    public static TrainingCorpus read(Path labelsFile, Path docsDir) throws IOException {
        if (!Files.isRegularFile(labelsFile)) {
            throw new java.nio.file.NoSuchFileException(labelsFile.toString());
        }
        LabelsFile.Result result = LabelsFile.read(labelsFile);
        DocumentFileReader reader = new DocumentFileReader();
        Instant now = Instant.now();
        Map<String, Document> documents = new HashMap<>();
        Map<String, Boolean> unreadable = new HashMap<>();
        List<Label> usable = new ArrayList<>();
        int skipped = result.problems().size();
        for (Label label : result.labels()) {
            if (!EvaluationSplit.DEVELOPMENT.contains(label.document())) {
                continue;
            }
            if (!documents.containsKey(label.document()) && !unreadable.containsKey(label.document())) {
                try {
                    documents.put(label.document(), reader.read(docsDir.resolve(label.document()), now));
                } catch (IngestException | RuntimeException e) {
                    unreadable.put(label.document(), true);
                }
            }
            if (documents.containsKey(label.document())) {
                usable.add(label);
            } else {
                skipped++;
            }
        }
        return new TrainingCorpus(labelsFile, usable, documents, skipped);
    }

    /** The labels of one rule, in file order. */
    public List<Label> labelsOf(String ruleId) {
        return labels.stream().filter(l -> l.rule().equals(ruleId)).toList();
    }
}
