package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.Match;
import io.newswatch.stories.MiniLmHeadlineEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings of a match's {@link Passages}, by the bundled all-MiniLM-L6-v2 model (the one
 * instance the process shares with story clustering: {@link MiniLmHeadlineEncoder#load()}, a
 * single-threaded ONNX session, so the same text gives the same vector bit for bit). Each vector has
 * length 1. The model loads on first use (1-5 s).
 */
public final class PassageEmbedder {
    private final MiniLmHeadlineEncoder encoder;

    public PassageEmbedder() {
        this.encoder = MiniLmHeadlineEncoder.load();
    }

    /** One vector per passage, in passage order. */
    public List<float[]> embed(Document document, Match match) {
        List<float[]> vectors = new ArrayList<>();
        for (String passage : Passages.of(document, match)) {
            vectors.add(encoder.ready().encode(passage));
        }
        return vectors;
    }

    /** The mean of the vectors (the {@code mean} pooling's input). */
    public static float[] mean(List<float[]> vectors) {
        float[] mean = new float[vectors.getFirst().length];
        for (float[] v : vectors) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += v[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= vectors.size();
        }
        return mean;
    }
}
