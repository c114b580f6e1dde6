package io.newswatch.classify;

import java.util.Arrays;
import java.util.List;

/**
 * Logistic regression over dense vectors (sentence embeddings), and its training: full-batch
 * gradient descent with L2 regularisation from all-zero weights, a fixed number of steps, the
 * examples in the order given and class-balanced weights, so the same examples always give the
 * same weights, bit for bit (plain double arithmetic in a fixed order, no threads).
 */
public record DenseLogisticModel(double[] weights, double bias) {
    /** One training example. */
    public record Example(float[] features, boolean positive) {}

    /** Training settings: steps, step size, L2 strength (on the weights, not the bias). */
    public record Settings(int steps, double rate, double l2) {
        public static final Settings DEFAULT = new Settings(2_000, 1.0, 0.01);
    }

    public double probability(float[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("vector of " + x.length + " dimensions for a model of " + weights.length);
        }
        double z = bias;
        for (int i = 0; i < x.length; i++) {
            z += weights[i] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    public static DenseLogisticModel train(List<Example> examples, int dimensions, Settings settings) {
        double[] weights = new double[dimensions];
        double bias = 0;
        if (examples.isEmpty()) {
            return new DenseLogisticModel(weights, bias);
        }
        double n = examples.size();
        long positives = examples.stream().filter(Example::positive).count();
        double positiveWeight = positives > 0 ? n / (2.0 * positives) : 1;
        double negativeWeight = positives < n ? n / (2.0 * (n - positives)) : 1;
        double[] gradient = new double[dimensions];
        for (int step = 0; step < settings.steps(); step++) {
            for (int i = 0; i < dimensions; i++) {
                gradient[i] = settings.l2() * weights[i];
            }
            double biasGradient = 0;
            DenseLogisticModel current = new DenseLogisticModel(weights, bias);
            for (Example example : examples) {
                float[] x = example.features();
                double error = (current.probability(x) - (example.positive() ? 1 : 0))
                        * (example.positive() ? positiveWeight : negativeWeight) / n;
                for (int i = 0; i < dimensions; i++) {
                    gradient[i] += error * x[i];
                }
                biasGradient += error;
            }
            for (int i = 0; i < dimensions; i++) {
                weights[i] -= settings.rate() * gradient[i];
            }
            bias -= settings.rate() * biasGradient;
        }
        return new DenseLogisticModel(weights, bias);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DenseLogisticModel m && Double.compare(m.bias, bias) == 0 && Arrays.equals(m.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Double.hashCode(bias);
    }

    @Override
    public String toString() {
        return "DenseLogisticModel[" + weights.length + " weights, bias " + bias + "]";
    }
}
