package io.newswatch.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.Label;
import org.junit.jupiter.api.Test;

/** The GUIDE's core view: which labels it keeps. */
class LabelViewTest {
    private static Label label(String reason) {
        return new Label("docs/a.txt", "treaty", true, reason, 1);
    }

    @Test
    void theCoreViewDropsTheFourMarksAsWordsInAnyCase() {
        for (String reason : new String[] {"borderline: talks only", "passing: TPP killed", "incidental: a veteran",
                "borderline: ops-only: strikes", "Borderline yes", "PASSING mention"}) {
            assertFalse(LabelView.CORE.keeps(label(reason)), reason);
            assertTrue(LabelView.FULL.keeps(label(reason)), reason);
        }
        for (String reason : new String[] {"", "Russia ratifies the treaty", "bypassing the treaty", "ops: units sent"}) {
            assertTrue(LabelView.CORE.keeps(label(reason)), reason);
        }
    }

    @Test
    void viewsAreNamedAsOnTheCommandLine() {
        assertEquals(LabelView.CORE, LabelView.named("core"));
        assertEquals(LabelView.FULL, LabelView.named("FULL"));
        assertEquals("unknown view \"half\"; use one of full, core",
                assertThrows(IllegalArgumentException.class, () -> LabelView.named("half")).getMessage());
    }
}
