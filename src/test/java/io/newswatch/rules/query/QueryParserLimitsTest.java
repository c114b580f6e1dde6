package io.newswatch.rules.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Pathological queries from the fault runs (issue 12, F1): each is refused with a QueryException
 * at the offending column, never a StackOverflowError. The parser runs on a thread with a small
 * stack (256 KiB, a quarter of the usual) so recursion driven by input would show.
 */
class QueryParserLimitsTest {

    private static QueryException refusedOnSmallStack(String query) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread parser = new Thread(null, () -> {
            try {
                outcome.set(QueryParser.parse(query));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small-stack-parser", 256 * 1024);
        parser.start();
        parser.join();
        return assertInstanceOf(QueryException.class, outcome.get(), () -> "expected a QueryException, got " + outcome.get());
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    @Test
    void twoThousandNestedParenthesesAreRefusedAtTheFirstLevelTooDeep() throws InterruptedException {
        String query = repeat("(", 2000) + "troops" + repeat(")", 2000);
        QueryException e = refusedOnSmallStack(query);
        assertEquals(QueryParser.MAX_DEPTH, e.offset(), e.getMessage()); // the 33rd "(" is at offset 32
        assertTrue(e.getMessage().contains("nested more than " + QueryParser.MAX_DEPTH + " levels deep"), e.getMessage());
    }

    @Test
    void thousandsOfRepeatedNotAreRefusedAsDoubleNegationWithoutNesting() throws InterruptedException {
        QueryException e = refusedOnSmallStack("troops " + repeat("NOT ", 5000) + "exercise");
        assertEquals("NOT NOT cancels out; remove both", e.getMessage());
        assertEquals("troops NOT ".length(), e.offset());
    }

    @Test
    void deeplyNestedNotGroupsAreRefusedByDepth() throws InterruptedException {
        QueryException e = refusedOnSmallStack("troops " + repeat("NOT (a AND ", 3000) + "b" + repeat(")", 3000));
        assertTrue(e.getMessage().contains("levels deep"), e.getMessage());
    }

    @Test
    void nestedTitleScopesAreRefusedByDepth() throws InterruptedException {
        QueryException e = refusedOnSmallStack(repeat("title:(", 2000) + "troops" + repeat(")", 2000));
        assertTrue(e.getMessage().contains("nested more than " + QueryParser.MAX_DEPTH + " levels deep"), e.getMessage());
        // title:( is two levels (the scope and the group): the 17th title: is the 33rd level
        assertEquals(16 * "title:(".length(), e.offset(), e.getMessage());
    }

    @Test
    void aThreeThousandTermNearChainIsRefusedAtTheOperatorTooMany() throws InterruptedException {
        String query = IntStream.range(0, 3000).mapToObj(i -> "w" + i).collect(Collectors.joining(" NEAR/2 "));
        QueryException e = refusedOnSmallStack(query);
        int expected = query.indexOf("NEAR/2 w" + (QueryParser.MAX_DEPTH + 1));
        assertEquals(expected, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("NEAR/2 at column " + (expected + 1) + " nests the query more than"), e.getMessage());
    }

    @Test
    void aNearChainAtTheLimitStillParses() throws QueryException {
        String query = IntStream.range(0, QueryParser.MAX_DEPTH + 1).mapToObj(i -> "w" + i).collect(Collectors.joining(" NEAR/2 "));
        assertInstanceOf(QueryNode.Near.class, QueryParser.parse(query));
    }

    @Test
    void nestingAtTheLimitStillParses() throws QueryException {
        String query = repeat("(", QueryParser.MAX_DEPTH) + "troops OR soldiers" + repeat(")", QueryParser.MAX_DEPTH);
        assertEquals("(OR troops soldiers)", QueryParser.parse(query).render());
    }

    @Test
    void tooManyWordsAreRefusedAtTheFirstOneOverTheLimit() throws InterruptedException {
        String query = IntStream.range(0, 1500).mapToObj(i -> "w" + i).collect(Collectors.joining(" OR "));
        QueryException e = refusedOnSmallStack(query);
        assertEquals(query.indexOf("w" + QueryParser.MAX_OPERANDS + " "), e.offset());
        assertTrue(e.getMessage().contains("more than " + QueryParser.MAX_OPERANDS + " words"), e.getMessage());
    }

    @Test
    void anOverlongQueryIsRefusedBeforeItIsRead() throws InterruptedException {
        QueryException e = refusedOnSmallStack(repeat("(", 1_000_000));
        assertEquals(QueryParser.MAX_LENGTH, e.offset());
        assertTrue(e.getMessage().contains("1000000 characters long"), e.getMessage());
    }

    @Test
    void aHandBuiltTreeTooDeepIsRefusedByValidateWithoutRecursing() throws InterruptedException {
        QueryNode node = new QueryNode.Term("troops", 0);
        for (int i = 0; i < 100_000; i++) {
            node = new QueryNode.FieldScope("title", node, 0);
        }
        QueryNode deep = node;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                QueryParser.validate(deep);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack-validate", 256 * 1024);
        t.start();
        t.join();
        assertInstanceOf(QueryException.class, failure.get(), () -> String.valueOf(failure.get()));
    }
}
