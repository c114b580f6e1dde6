package io.newswatch.rules;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A trained passage classifier as its weights file holds it ({@code rules/<rule>.classifier.json},
 * written by {@code train-classifier}, read by {@link ClassifierWeightsFile}): a logistic regression
 * over the sentence embeddings of the passages around the words a rule's query matched.
 *
 * @param file      the weights file
 * @param features  what the weights apply to; {@link #FEATURES} is the only kind
 * @param pooling   how passage scores make the document's: {@code max} (the best passage) or
 *                  {@code mean} (the model reads the mean of the passages' vectors)
 * @param weights   one per embedding dimension ({@link #DIMENSIONS})
 * @param bias      the intercept
 * @param threshold the threshold the trainer chose; the rule file's {@code threshold} overrides it
 * @param trainedOn one line on what it was trained on, for the log and {@code check-rules}
 */
public record ClassifierWeights(Path file, String features, String pooling, double[] weights, double bias,
                                double threshold, String trainedOn) {
    /** Sentence embeddings of passages by the bundled quantised all-MiniLM-L6-v2 model. */
    public static final String FEATURES = "all-minilm-l6-v2-q passages";
    /** The model's vector size. */
    public static final int DIMENSIONS = 384;
    /** Supported poolings. */
    public static final List<String> POOLINGS = List.of("max", "mean");

    public ClassifierWeights {
        weights = weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassifierWeights w && w.file.equals(file) && w.features.equals(features)
                && w.pooling.equals(pooling) && Arrays.equals(w.weights, weights) && Double.compare(w.bias, bias) == 0
                && Double.compare(w.threshold, threshold) == 0 && w.trainedOn.equals(trainedOn);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights) * 31 + file.hashCode();
    }

    @Override
    public String toString() {
        return "ClassifierWeights[" + file + ", " + features + ", " + pooling + ", " + weights.length + " weights]";
    }
}
