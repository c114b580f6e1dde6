package io.newswatch.stories;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' {@link HeadlineEncoder}: the vectors of {@link MiniLmHeadlineEncoder} for every
 * headline of a corpus, computed once and kept in a file under {@code target/} (the model costs
 * ~3.5 ms of CPU per headline, so 60,000 headlines take minutes; a sweep runs the stream many times).
 * File format: the number of vectors, then per headline in stream order its length and floats.
 * A headline not in the file is encoded by the model.
 */
final class HeadlineVectorCache implements HeadlineEncoder {
    private final Map<String, float[]> vectors = new HashMap<>();

    HeadlineVectorCache(List<StoryInput> stream, Path file) throws IOException {
        int cached = 0;
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                int n = in.readInt();
                for (int i = 0; i < n && i < stream.size(); i++) {
                    float[] v = new float[in.readInt()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = in.readFloat();
                    }
                    vectors.putIfAbsent(StoryClusterer.headline(stream.get(i)), v);
                    cached++;
                }
            } catch (EOFException e) {
                // a partial file: the rest is encoded below
            }
        }
        if (cached < stream.size()) {
            System.out.printf("encoding %d headlines with the model (%d cached in %s)%n", stream.size() - cached, cached, file);
            MiniLmHeadlineEncoder model = MiniLmHeadlineEncoder.load().ready();
            // the model is thread-safe and runs each headline on the calling thread: -DencodeThreads=N encodes on N threads
            int threads = Integer.getInteger("encodeThreads", 1);
            List<String> missing = stream.stream().map(StoryClusterer::headline).distinct().filter(h -> !vectors.containsKey(h)).toList();
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
            try {
                Map<String, float[]> encoded = pool.submit(() -> missing.parallelStream()
                        .collect(java.util.stream.Collectors.toConcurrentMap(h -> h, model::encode))).get();
                vectors.putAll(encoded);
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IOException("encoding the headlines failed", e);
            } finally {
                pool.shutdown();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(stream.size());
                for (StoryInput input : stream) {
                    float[] v = vectors.computeIfAbsent(StoryClusterer.headline(input), model::encode);
                    out.writeInt(v.length);
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                }
            }
        }
    }

    @Override
    public float[] encode(String headline) {
        float[] v = vectors.get(headline);
        return v != null ? v.clone() : MiniLmHeadlineEncoder.load().encode(headline);
    }
}
