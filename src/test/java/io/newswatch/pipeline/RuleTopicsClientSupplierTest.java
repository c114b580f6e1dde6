package io.newswatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class RuleTopicsClientSupplierTest {
    @Test
    void streamProducersKeepTopicMetadataForADayUnlessTheStreamsSettingsSayOtherwise() {
        Map<String, Object> chosen = RuleTopicsClientSupplier.producerConfig(Map.of(ProducerConfig.LINGER_MS_CONFIG, 100));
        assertEquals(RuleTopicsClientSupplier.METADATA_MAX_IDLE_MS, chosen.get(ProducerConfig.METADATA_MAX_IDLE_CONFIG));
        assertEquals(100, chosen.get(ProducerConfig.LINGER_MS_CONFIG), "the other settings are passed on");
        assertEquals("60000", RuleTopicsClientSupplier.producerConfig(Map.of(ProducerConfig.METADATA_MAX_IDLE_CONFIG, "60000"))
                .get(ProducerConfig.METADATA_MAX_IDLE_CONFIG), "an operator's producer.metadata.max.idle.ms is kept");
    }

    @Test
    void withoutRuleTopicsThereIsNothingToPreload() throws Exception {
        assertEquals(0, RuleTopicsClientSupplier.preload(null, List.of(), "none").get(1, TimeUnit.SECONDS));
    }
}
