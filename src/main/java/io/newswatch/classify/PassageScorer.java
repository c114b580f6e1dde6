package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.Match;
import io.newswatch.rules.ClassifierWeights;
import java.util.List;

/**
 * The passage-embedding model of a weights file ({@code classifier: file:}): a logistic regression
 * over the embeddings of the passages around a match's words. With {@code max} pooling the
 * document's score is its best passage's; with {@code mean} the model reads the passages' mean vector.
 */
public final class PassageScorer implements MatchScorer {
    private final DenseLogisticModel model;
    private final boolean max;
    private final PassageEmbedder embedder;

    public PassageScorer(ClassifierWeights weights, PassageEmbedder embedder) {
        this(new DenseLogisticModel(weights.weights(), weights.bias()), weights.pooling().equals("max"), embedder);
    }

    PassageScorer(DenseLogisticModel model, boolean max, PassageEmbedder embedder) {
        this.model = model;
        this.max = max;
        this.embedder = embedder;
    }

    @Override
    public double probability(Document document, Match match) {
        return score(embedder.embed(document, match));
    }

    /** The document's score from its passages' vectors. */
    public double score(List<float[]> passages) {
        if (!max) {
            return model.probability(PassageEmbedder.mean(passages));
        }
        double best = 0;
        for (float[] passage : passages) {
            best = Math.max(best, model.probability(passage));
        }
        return best;
    }

    public DenseLogisticModel model() {
        return model;
    }
}
