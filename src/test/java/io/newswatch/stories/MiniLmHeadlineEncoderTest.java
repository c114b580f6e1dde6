package io.newswatch.stories;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The encoder's single-threaded ONNX session against the model as langchain4j ships it. */
class MiniLmHeadlineEncoderTest {
    /** The first headlines of the shared stories corpus (real news headlines of many lengths). */
    static List<String> headlines(int count) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../shared/corpus/stories/stream.tsv"));
        List<String> headlines = new ArrayList<>();
        for (String line : lines.subList(1, Math.min(lines.size(), count + 1))) {
            headlines.add(line.split("\t", -1)[3]);
        }
        return headlines;
    }

    @Test
    void theSingleThreadedSessionGivesBitForBitTheVectorsOfTheBundledModel() throws Exception {
        MiniLmHeadlineEncoder encoder = MiniLmHeadlineEncoder.load().ready();
        AllMiniLmL6V2QuantizedEmbeddingModel bundled = new AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String headline : headlines(200)) {
            float[] expected = bundled.embed(headline).content().vector();
            double norm = 0;
            for (float v : expected) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) (expected[i] / norm);
            }
            assertArrayEquals(expected, encoder.encode(headline), headline);
        }
    }

    @Test
    void twoThreadsEncodingAtOnceGetTheSameVectorsAsOneThread() throws Exception {
        MiniLmHeadlineEncoder encoder = MiniLmHeadlineEncoder.load().ready();
        List<String> headlines = headlines(120);
        List<float[]> alone = headlines.stream().map(encoder::encode).toList();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[]>> together = new ArrayList<>();
            for (String headline : headlines) {
                together.add(pool.submit(() -> encoder.encode(headline)));
            }
            for (int i = 0; i < headlines.size(); i++) {
                assertArrayEquals(alone.get(i), together.get(i).get(), headlines.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(384, alone.get(0).length);
    }
}
