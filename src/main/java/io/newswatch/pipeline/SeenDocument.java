package io.newswatch.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the dedup store keeps per document id: when it was first processed and under which name
 * (file path or URL), so a later copy can be logged with both names.
 *
 * <p>Stored as the 8-byte big-endian timestamp (the format of the earlier {@code Long} values, which
 * still read, with no name) followed by the name in UTF-8.
 *
 * @param location the first document's file path or URL; null for entries written before names were kept
 */
record SeenDocument(long timestamp, String location) {
    static Serde<SeenDocument> serde() {
        Serializer<SeenDocument> serializer = (topic, seen) -> {
            if (seen == null) {
                return null;
            }
            byte[] name = seen.location() == null ? new byte[0] : seen.location().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(Long.BYTES + name.length).putLong(seen.timestamp()).put(name).array();
        };
        Deserializer<SeenDocument> deserializer = (topic, bytes) -> {
            if (bytes == null || bytes.length < Long.BYTES) {
                return bytes == null ? null : new SeenDocument(0L, null);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long timestamp = buffer.getLong();
            String location = bytes.length == Long.BYTES ? null
                    : new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8);
            return new SeenDocument(timestamp, location);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
