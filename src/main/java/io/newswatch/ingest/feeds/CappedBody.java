package io.newswatch.ingest.feeds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body but stops reading once it passes a cap, so an oversized or endless
 * feed costs at most the cap in memory. The JDK's byte-array subscriber has no such limit.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body passed the cap; the connection was abandoned. */
    static final class TooLargeException extends IOException {
        TooLargeException(long cap) {
            super("body larger than " + cap + " bytes");
        }
    }

    private final long cap;
    private final boolean failWhenOver;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private boolean rejected;

    /**
     * @param failWhenOver fail with {@link TooLargeException} past the cap; otherwise complete
     *                     with what was read (for error responses, whose body is only a hint)
     */
    CappedBody(long cap, boolean failWhenOver) {
        this.cap = cap;
        this.failWhenOver = failWhenOver;
    }

    /** The declared Content-Length is already over the cap: read nothing. */
    void rejectUpfront() {
        rejected = true;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (rejected) {
            s.cancel();
            result.completeExceptionally(new TooLargeException(cap));
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if ((long) out.size() + buffer.remaining() > cap) {
                subscription.cancel();
                if (failWhenOver) {
                    result.completeExceptionally(new TooLargeException(cap));
                } else {
                    result.complete(out.toByteArray());
                }
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            out.writeBytes(chunk);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
