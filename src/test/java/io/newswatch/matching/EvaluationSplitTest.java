package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvaluationSplitTest {
    @Test
    void aDocumentIsInExactlyOnePartDecidedByItsFileNameAlone() {
        int development = 0;
        for (int i = 0; i < 2000; i++) {
            String name = "docs/reuters-" + i + ".txt";
            assertNotEquals(EvaluationSplit.DEVELOPMENT.contains(name), EvaluationSplit.VALIDATION.contains(name));
            assertTrue(EvaluationSplit.ALL.contains(name));
            assertEquals(EvaluationSplit.DEVELOPMENT.contains(name), EvaluationSplit.DEVELOPMENT.contains("reuters-" + i + ".txt"));
            development += EvaluationSplit.DEVELOPMENT.contains(name) ? 1 : 0;
        }
        assertTrue(development > 1300 && development < 1500, "about 70% in development: " + development);
    }

    @Test
    void namesAreTheOnesTheOptionAccepts() {
        assertEquals(EvaluationSplit.DEVELOPMENT, EvaluationSplit.named("dev"));
        assertEquals(EvaluationSplit.VALIDATION, EvaluationSplit.named("validation"));
        assertEquals(EvaluationSplit.ALL, EvaluationSplit.named("ALL"));
    }
}
