package io.newswatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka Streams runs one stream thread per core unless NEWSWATCH_STREAM_THREADS says otherwise. */
class StreamThreadsSettingTest {
    private static String threads(Map<String, String> overrides) throws Exception {
        URL properties = StreamThreadsSettingTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 400))
                .build();
        return config.getValue("kafka-streams.num.stream.threads", String.class);
    }

    @Test
    void oneThreadPerCoreByDefault() throws Exception {
        assertEquals("2", threads(Map.of(Main.CORES_PROPERTY, "2")));
        assertEquals("16", threads(Map.of(Main.CORES_PROPERTY, "16")));
    }

    @Test
    void theOperatorsSettingWins() throws Exception {
        assertEquals("3", threads(Map.of(Main.CORES_PROPERTY, "16", "newswatch.stream-threads", "3")));
    }

    @Test
    void oneThreadWhenNothingSaysHowManyCores() throws Exception {
        assertEquals("1", threads(Map.of()));
    }
}
