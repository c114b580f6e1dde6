package io.newswatch.classify;

import java.util.Arrays;
import java.util.List;

/**
 * A logistic-regression model over {@link PassageFeatures} vectors, and its training: full-batch
 * gradient descent with L2 regularisation from all-zero weights, a fixed number of steps and the
 * examples in the order given, so the same examples always give the same weights.
 */
public record LogisticModel(double[] weights, double bias) {
    /** One training example. */
    public record Example(PassageFeatures.Vector features, boolean positive) {}

    /**
     * Training settings: steps, step size, L2 strength; {@code balanced} weighs each class by the
     * inverse of its share, so the fewer false alarms count as much as the many true reports.
     */
    public record Settings(int steps, double rate, double l2, boolean balanced) {
        public static final Settings DEFAULT = new Settings(600, 20.0, 0.001, true);
    }

    public double probability(PassageFeatures.Vector x) {
        double z = bias;
        for (int i = 0; i < x.indexes().length; i++) {
            z += weights[x.indexes()[i]] * x.values()[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    public static LogisticModel train(List<Example> examples, Settings settings) {
        double[] weights = new double[PassageFeatures.DIMENSIONS];
        double bias = 0;
        if (examples.isEmpty()) {
            return new LogisticModel(weights, bias);
        }
        double[] gradient = new double[PassageFeatures.DIMENSIONS];
        int[] touched = touched(examples);
        double n = examples.size();
        long positives = examples.stream().filter(Example::positive).count();
        double positiveWeight = settings.balanced() && positives > 0 ? n / (2.0 * positives) : 1;
        double negativeWeight = settings.balanced() && positives < n ? n / (2.0 * (n - positives)) : 1;
        for (int step = 0; step < settings.steps(); step++) {
            double biasGradient = 0;
            for (int i : touched) {
                gradient[i] = settings.l2() * weights[i];
            }
            for (Example example : examples) {
                double error = (new LogisticModel(weights, bias).probability(example.features()) - (example.positive() ? 1 : 0))
                        * (example.positive() ? positiveWeight : negativeWeight);
                int[] indexes = example.features().indexes();
                double[] values = example.features().values();
                for (int k = 0; k < indexes.length; k++) {
                    gradient[indexes[k]] += error * values[k] / n;
                }
                biasGradient += error / n;
            }
            for (int i : touched) {
                weights[i] -= settings.rate() * gradient[i];
            }
            bias -= settings.rate() * biasGradient;
        }
        return new LogisticModel(weights, bias);
    }

    private static int[] touched(List<Example> examples) {
        return examples.stream().flatMapToInt(e -> Arrays.stream(e.features().indexes())).distinct().sorted().toArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogisticModel m && m.bias == bias && Arrays.equals(m.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Double.hashCode(bias);
    }

    @Override
    public String toString() {
        return "LogisticModel[" + Arrays.stream(weights).filter(w -> w != 0).count() + " non-zero weights, bias " + bias + "]";
    }
}
