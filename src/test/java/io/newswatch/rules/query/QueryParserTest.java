package io.newswatch.rules.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.rules.query.QueryNode.Alias;
import io.newswatch.rules.query.QueryNode.And;
import io.newswatch.rules.query.QueryNode.FieldScope;
import io.newswatch.rules.query.QueryNode.Near;
import io.newswatch.rules.query.QueryNode.Not;
import io.newswatch.rules.query.QueryNode.Or;
import io.newswatch.rules.query.QueryNode.Phrase;
import io.newswatch.rules.query.QueryNode.Term;
import io.newswatch.rules.query.QueryNode.Wildcard;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParserTest {

    private static String render(String query) throws QueryException {
        return QueryParser.parse(query).render();
    }

    private static QueryException error(String query) {
        return assertThrows(QueryException.class, () -> QueryParser.parse(query), query);
    }

    private static void assertError(String query, int offset, String message) {
        QueryException e = error(query);
        assertEquals(message, e.getMessage(), query);
        assertEquals(offset, e.offset(), "offset for " + query + ": " + e.getMessage());
    }

    // ------------------------------------------------------------ operators and precedence

    @Test
    void readsASingleWord() throws QueryException {
        assertEquals(new Term("troops", 2), QueryParser.parse("  troops "));
    }

    @Test
    void adjacentClausesAreJoinedWithAnd() throws QueryException {
        assertEquals("(AND troops russia \"north korea\" (OR a b))", render("troops russia \"north korea\" (a OR b)"));
        assertEquals(render("troops AND russia"), render("troops russia"));
    }

    @Test
    void orBindsLooserThanAnd() throws QueryException {
        assertEquals("(OR (AND a b) c)", render("a b OR c"));
        assertEquals("(OR a (AND b c))", render("a OR b AND c"));
    }

    @Test
    void nearAndBeforeBindTighterThanAnd() throws QueryException {
        assertEquals("(AND a (NEAR/5 b c))", render("a b NEAR/5 c"));
        assertEquals("(OR (BEFORE/2 a b) c)", render("a BEFORE/2 b OR c"));
    }

    @Test
    void notBindsTightest() throws QueryException {
        assertEquals("(AND a (NOT b) c)", render("a NOT b c"));
        assertEquals("(OR a (AND b (NOT c)))", render("a OR b NOT c"));
        assertEquals("(AND troops (NOT (NEAR/3 military exercise)))", render("troops NOT (military NEAR/3 exercise)"));
    }

    @Test
    void notAfterANearExcludesFromTheWholeNearAndCannotBeOneOfItsSides() throws QueryException {
        // NOT binds tighter than NEAR, so "NOT x" is a clause of its own, ANDed with the NEAR beside it.
        assertEquals("(AND (NEAR/5 troops russia) (NOT exercise))", render("troops NEAR/5 russia NOT exercise"));
        assertEquals("(AND (NOT exercise) (NEAR/5 troops russia))", render("NOT exercise troops NEAR/5 russia"));
        assertEquals("(AND troops (NOT (NEAR/5 russia exercise)))", render("troops NOT (russia NEAR/5 exercise)"));
        assertEquals("NEAR and BEFORE cannot take NOT as a side; exclude separately, as in (troops NEAR/5 russia) NOT exercise",
                error("troops NEAR/5 NOT exercise").getMessage());
    }

    @Test
    void explicitAndNotExcludes() throws QueryException {
        assertEquals("(AND troops (NOT exercise))", render("troops AND NOT exercise"));
    }

    @Test
    void parenthesesGroup() throws QueryException {
        assertEquals("(AND (OR a b) c)", render("(a OR b) c"));
        assertEquals("(OR a b c)", render("a OR (b OR c)"));
        assertEquals("(AND a (OR b (AND c d)))", render("a ((b OR (c d)))"));
    }

    @Test
    void proximityChainsFromTheLeft() throws QueryException {
        assertEquals("(BEFORE/3 (NEAR/2 a b) c)", render("a NEAR/2 b BEFORE/3 c"));
        assertEquals("(NEAR/2 a (BEFORE/3 b c))", render("a NEAR/2 (b BEFORE/3 c)"));
    }

    @Test
    void proximitySidesMayBeGroupsPhrasesWildcardsAndAliases() throws QueryException {
        assertEquals("(NEAR/5 (OR troops soldiers) \"north korea\")", render("(troops OR soldiers) NEAR/5 \"north korea\""));
        assertEquals("(BEFORE/3 @north_korea deploy*)", render("@north_korea BEFORE/3 deploy*"));
        Near near = assertInstanceOf(Near.class, QueryParser.parse("troops NEAR/12 russia"));
        assertEquals(12, near.maxWords());
    }

    @Test
    void lowerCaseOperatorsAreOrdinaryWords() throws QueryException {
        assertEquals("(AND troops and near or not before)", render("troops and near or not before"));
        assertEquals("(AND near/5 x)", render("near/5 x"));
    }

    @Test
    void readsFieldScopes() throws QueryException {
        assertEquals("title:(OR troops soldiers)", render("title:(troops OR soldiers)"));
        assertEquals("(AND title:troops russia)", render("title:troops russia"));
        assertEquals("title:\"north korea\"", render("title:\"north korea\""));
        assertEquals("title:deploy*", render("title:deploy*"));
        assertEquals("title:@north_korea", render("title:@north_korea"));
        assertEquals("title:(NEAR/3 a b)", render("title:(a NEAR/3 b)"));
        FieldScope scope = assertInstanceOf(FieldScope.class, QueryParser.parse("title:troops"));
        assertEquals("title", scope.field());
        assertEquals(new Term("troops", 6), scope.query());
    }

    @Test
    void aNotInsideATitleScopeExcludesFromTheTitle() throws QueryException {
        assertEquals("(AND troops title:(AND russia (NOT exercise)))", render("troops title:(russia NOT exercise)"));
        assertEquals("(AND troops title:(NOT exercise))", render("troops title:(NOT exercise)"));
    }

    @Test
    void readsWildcardsPhrasesAndAliases() throws QueryException {
        assertEquals(new Wildcard("deploy", 0), QueryParser.parse("deploy*"));
        assertEquals(new Phrase("Troops  deployed", 0), QueryParser.parse("\"Troops  deployed\""));
        assertEquals(new Alias("north-korea_2", 0), QueryParser.parse("@north-korea_2"));
    }

    @Test
    void wordsWithPunctuationStayOneTerm() throws QueryException {
        assertEquals(new Term("north-korea", 0), QueryParser.parse("north-korea"));
        assertEquals(new Term("10:30", 0), QueryParser.parse("10:30"));
        assertEquals(new Term("U.S.", 0), QueryParser.parse("U.S."));
    }

    @Test
    void everyNodeKnowsWhereItStarts() throws QueryException {
        String q = "troops  NEAR/5 (north OR @south) NOT \"drill\" title:xyz*";
        And and = assertInstanceOf(And.class, QueryParser.parse(q));
        Near near = assertInstanceOf(Near.class, and.operands().get(0));
        assertEquals(0, near.offset());
        assertEquals(new Term("troops", 0), near.left());
        Or or = assertInstanceOf(Or.class, near.right());
        assertEquals(q.indexOf("north"), or.offset());
        assertEquals(List.of(new Term("north", q.indexOf("north")), new Alias("south", q.indexOf("@south"))), or.operands());
        Not not = assertInstanceOf(Not.class, and.operands().get(1));
        assertEquals(q.indexOf("NOT"), not.offset());
        assertEquals(new Phrase("drill", q.indexOf('"')), not.operand());
        FieldScope title = assertInstanceOf(FieldScope.class, and.operands().get(2));
        assertEquals(q.indexOf("title"), title.offset());
        assertEquals(new Wildcard("xyz", q.indexOf("xyz*")), title.query());
    }

    // ------------------------------------------------------------ errors

    @Test
    void rejectsAnEmptyQuery() {
        assertError("", 0, "the query is empty; write at least one word to look for, as in troops");
        assertError("   \n", 0, "the query is empty; write at least one word to look for, as in troops");
    }

    @Test
    void rejectsAnUnclosedParenthesis() {
        assertError("troops (north OR south", 7,
                "unbalanced parenthesis: this \"(\" is never closed; add a \")\" where the group ends");
        assertError("((a) b", 0,
                "unbalanced parenthesis: this \"(\" is never closed; add a \")\" where the group ends");
    }

    @Test
    void rejectsAnUnopenedParenthesis() {
        assertError("troops north) south", 12,
                "unbalanced parenthesis: this \")\" has no matching \"(\"; remove it or add a \"(\" before it");
        assertError(") troops", 0,
                "unbalanced parenthesis: this \")\" has no matching \"(\"; remove it or add a \"(\" before it");
    }

    @Test
    void rejectsEmptyParentheses() {
        assertError("troops ()", 7, "empty parentheses; put something to search for inside them or remove them");
    }

    @Test
    void rejectsNearWithZeroDistance() {
        assertError("troops NEAR/0 russia", 7,
                "NEAR needs a distance of at least 1 word, as in NEAR/5; for words right next to each other use a \"phrase\"");
        assertError("troops BEFORE/0 russia", 7,
                "BEFORE needs a distance of at least 1 word, as in BEFORE/5; for words right next to each other use a \"phrase\"");
    }

    @Test
    void rejectsNearWithANonNumericDistance() {
        assertError("troops NEAR/x russia", 7, "NEAR/x: the distance must be a whole number of words, as in NEAR/5");
        assertError("troops NEAR/-3 russia", 7, "NEAR/-3: the distance must be a whole number of words, as in NEAR/5");
        assertError("troops BEFORE/5x russia", 7, "BEFORE/5x: the distance must be a whole number of words, as in BEFORE/5");
    }

    @Test
    void rejectsNearWithoutADistance() {
        assertError("troops NEAR/ russia", 7,
                "NEAR/ is missing its distance: write the most words allowed between the two sides, as in NEAR/5");
        assertError("troops NEAR russia", 7,
                "NEAR needs a distance, as in NEAR/5 (the most words allowed between the two sides); "
                        + "to search for the word itself, write it in lower case");
    }

    @Test
    void rejectsAnOversizedDistance() {
        assertError("a NEAR/1001 b", 2, "NEAR/1001 is too far: the largest distance is 1000 words");
        assertError("a NEAR/99999999999999 b", 2, "NEAR/99999999999999 is too far: the largest distance is 1000 words");
    }

    @Test
    void rejectsDanglingOperators() {
        assertError("troops AND", 7, "expected a term, phrase or \"(\" after AND, but the query ends there");
        assertError("troops OR", 7, "expected a term, phrase or \"(\" after OR, but the query ends there");
        assertError("troops NEAR/3", 7, "expected a term, phrase or \"(\" after NEAR/3, but the query ends there");
        assertError("troops NOT", 7, "expected a term, phrase or \"(\" after NOT, but the query ends there");
        assertError("troops AND OR russia", 11, "expected a term, phrase or \"(\" after AND, found OR");
        assertError("(troops OR) russia", 10, "expected a term, phrase or \"(\" after OR, found \")\"");
        assertError("AND troops", 0, "AND needs a term, phrase or \"(\" before it");
        assertError("troops (OR russia)", 8, "OR needs a term, phrase or \"(\" before it");
        assertError("NEAR/3 troops", 0, "NEAR/3 needs a term, phrase or \"(\" before it");
    }

    @Test
    void rejectsEmptyPhrases() {
        assertError("troops \"\"", 7, "empty phrase: put the words to look for between the quotes, as in \"troops deployed\"");
        assertError("\" - \"", 0, "empty phrase: put the words to look for between the quotes, as in \"troops deployed\"");
    }

    @Test
    void rejectsAnUnterminatedQuote() {
        assertError("troops \"north korea", 7, "unterminated quote: this \" is never closed; add a closing \"");
    }

    @Test
    void rejectsAStarInsideQuotes() {
        assertError("\"north kor*\"", 10,
                "a * inside quotes is not a wildcard; quotes match exact words, so write the wildcard outside them, as in north korea*");
    }

    @Test
    void rejectsAnUnknownFieldScope() {
        String message = "unknown field scope body:; the only field scope is title: (without a scope, title and body are "
                + "searched together); to search for the text itself, put it in quotes";
        assertError("body:troops", 0, message);
        assertError("troops body:(a OR b)", 7, message);
    }

    @Test
    void rejectsAFieldScopeFollowedBySpaceOrOperator() {
        assertError("title: troops", 0, "title: must be followed directly, with no space, by a word, a \"phrase\" or a group "
                + "in parentheses, as in title:(troops OR soldiers)");
        assertError("title:NOT troops", 6, "title: must be followed by a word, a \"phrase\" or a group in parentheses, as in "
                + "title:(troops OR soldiers); found NOT");
    }

    @Test
    void rejectsAQueryOfOnlyNotClauses() {
        String message = "the query has only NOT clauses, so it would match almost every document; "
                + "add something to look for, as in troops NOT exercise";
        assertError("NOT troops", 0, message);
        assertError("  NOT troops NOT russia", 2, message);
        assertError("NOT troops AND NOT russia", 0, message);
        assertError("title:(NOT troops)", 7, message);
    }

    @Test
    void rejectsNotInsideOr() {
        String message = "NOT inside OR would match almost every document; join NOT to the rest with AND, "
                + "as in (troops OR soldiers) NOT exercise";
        assertError("troops OR NOT exercise", 10, message);
        assertError("troops OR (NOT a NOT b)", 11, message);
        assertError("NOT a OR b", 0, message);
    }

    @Test
    void rejectsDoubleNegation() {
        assertError("troops NOT NOT exercise", 11, "NOT NOT cancels out; remove both");
        assertError("troops NOT (NOT a NOT b)", 12, "NOT of a group that has only NOT clauses is a double negation; rewrite it without NOT NOT");
    }

    @Test
    void rejectsSidesOfNearWithoutPositions() {
        assertError("troops NOT exercise NEAR/3 russia", 7,
                "NEAR and BEFORE cannot take NOT as a side; exclude separately, as in (troops NEAR/5 russia) NOT exercise");
        assertError("(troops soldiers) NEAR/3 russia", 1,
                "NEAR and BEFORE cannot take an AND group as a side; a side is a word, a \"phrase\", a wildcard, an @alias, "
                        + "an OR group or another NEAR/BEFORE, as in (troops OR soldiers) NEAR/5 russia");
        assertError("(a OR (b c)) BEFORE/3 d", 7,
                "NEAR and BEFORE cannot take an AND group as a side; a side is a word, a \"phrase\", a wildcard, an @alias, "
                        + "an OR group or another NEAR/BEFORE, as in (troops OR soldiers) NEAR/5 russia");
        assertError("russia NEAR/3 title:troops", 14,
                "title: cannot cover just one side of NEAR or BEFORE; put it around the whole expression, as in title:(troops NEAR/5 russia)");
    }

    @Test
    void rejectsMisplacedWildcards() {
        assertError("troops de*", 7, "wildcard de* is too short: put at least 3 letters before the *, as in dep*");
        assertError("*", 0, "wildcard * is too short: put at least 3 letters before the *, as in dep*");
        assertError("troops de*ploy", 9, "only a trailing * is a wildcard, as in deploy*; \"de*ploy\" has one elsewhere");
        assertError("deploy**", 6, "only a trailing * is a wildcard, as in deploy*; \"deploy**\" has one elsewhere");
    }

    @Test
    void rejectsSyntaxFromOtherQueryLanguages() {
        assertError("troops -exercise", 7, "a leading - does not exclude anything here; write NOT exercise to exclude it");
        assertError("+troops", 0, "a leading + is not needed: every word is required unless joined by OR; write troops");
        assertError("troops~2", 6, "\"~\" has no meaning in this query language (the only wildcard is a trailing *); "
                + "remove it, or put the text in quotes to search for its words");
        assertError("troop?", 5, "\"?\" has no meaning in this query language (the only wildcard is a trailing *); "
                + "remove it, or put the text in quotes to search for its words");
    }

    @Test
    void rejectsWordsWithNothingToSearch() {
        assertError("troops &", 7, "\"&\" has no letters or digits to search for; remove it");
    }

    @Test
    void rejectsBadAliasNames() {
        assertError("troops @", 7, "@ must be followed by an alias name, as in @north_korea");
        assertError("@north.korea", 6, "alias names use only letters, digits, _ and -; \".\" in @north.korea is not allowed "
                + "(leave a space after the alias)");
    }

    @Test
    void pointsAtTheProblemUnderTheQuery() {
        QueryException e = error("troops NEAR/0 russia");
        assertEquals("troops NEAR/0 russia\n       ^", e.pointer("troops NEAR/0 russia"));
        assertEquals(8, e.column());
    }

    @Test
    void validatesHandBuiltTrees() {
        QueryException e = assertThrows(QueryException.class, () -> QueryParser.validate(new Not(new Term("x", 4), 0)));
        assertTrue(e.getMessage().startsWith("the query has only NOT clauses"), e.getMessage());
    }

    // ------------------------------------------------------------ sentence scope

    @Test
    void readsTheSentenceScopeOfNearAndBefore() throws QueryException {
        assertEquals(new QueryNode.SameSentence(new Term("treaty", 0), new Term("russia", 14), false, 0, 0),
                QueryParser.parse("treaty NEAR/S russia"));
        assertEquals("(BEFORE/S russia treaty)", render("russia BEFORE/S treaty"));
        assertEquals("(NEAR/10S a b)", render("a NEAR/10S b"));
        assertEquals("(BEFORE/3S a b)", render("a BEFORE/3S b"));
    }

    @Test
    void sentenceScopeHasTheSamePrecedenceAsNear() throws QueryException {
        assertEquals("(AND a (NEAR/S b c))", render("a b NEAR/S c"));
        assertEquals("(BEFORE/5 (NEAR/S a b) c)", render("a NEAR/S b BEFORE/5 c"));
        assertEquals("(NEAR/S (NEAR/2 a b) (OR c d))", render("(a NEAR/2 b) NEAR/S (c OR d)"));
        assertEquals("(AND (NEAR/S a b) (NOT c))", render("a NEAR/S b NOT c"));
    }

    @Test
    void rejectsMisspeltSentenceScopes() {
        assertError("a NEAR/s b", 7, "NEAR/s: write the sentence scope in upper case, as in NEAR/S (both sides in one sentence)");
        assertError("a BEFORE/S5 b", 2, "BEFORE/S5: the sentence scope S comes last, after the distance, as in BEFORE/10S "
                + "(at most 10 words between, in one sentence) or BEFORE/S (anywhere in one sentence)");
        assertError("a NEAR/0S b", 2, "NEAR needs a distance of at least 1 word, as in NEAR/5; for words right next to each "
                + "other use a \"phrase\"");
        assertError("a NEAR/xS b", 2, "NEAR/xS: the distance must be a whole number of words, as in NEAR/5S");
        assertError("a NEAR/1001S b", 2, "NEAR/1001S is too far: the largest distance is 1000 words");
        assertError("a NEAR/S", 2, "expected a term, phrase or \"(\" after NEAR/S, but the query ends there");
    }

    @Test
    void sentenceScopeSidesFollowTheRulesOfNear() {
        assertError("a NEAR/S NOT b", 9, "NEAR and BEFORE cannot take NOT as a side; exclude separately, "
                + "as in (troops NEAR/5 russia) NOT exercise");
        assertError("(a b) BEFORE/S c", 1, "NEAR and BEFORE cannot take an AND group as a side; a side is a word, "
                + "a \"phrase\", a wildcard, an @alias, an OR group or another NEAR/BEFORE, as in (troops OR soldiers) NEAR/5 russia");
        assertError("a NEAR/S title:b", 9, "title: cannot cover just one side of NEAR or BEFORE; put it around the whole "
                + "expression, as in title:(troops NEAR/5 russia)");
    }

    // ------------------------------------------------------------ NOT/S

    @Test
    void sentenceNotIsAClauseOfItsAndLikeNot() throws QueryException {
        assertEquals("(AND (NEAR/8S treaty signed) (NOT/S (BEFORE/3 vow* sign)))",
                render("(treaty NEAR/8S signed) NOT/S (vow* BEFORE/3 sign)"));
        assertEquals("(AND (OR (NEAR/3 a b) (BEFORE/2 c d)) (NOT/S x) (NOT y))", render("(a NEAR/3 b OR c BEFORE/2 d) AND NOT/S x NOT y"));
        assertEquals("(AND (NOT/S x) (NEAR/3 a b))", render("NOT/S x a NEAR/3 b"));
    }

    @Test
    void sentenceNotVetoesOnlyProximityMatches() {
        assertError("treaty NOT/S vow*", 0, "NOT/S vetoes only matches of NEAR or BEFORE (it drops those in a sentence holding its "
                + "words), and treaty is not one; put it inside a NEAR/BEFORE, or exclude with NOT");
        assertError("(a NEAR/3 b OR c) NOT/S x", 15, "NOT/S vetoes only matches of NEAR or BEFORE (it drops those in a sentence "
                + "holding its words), and c is not one; put it inside a NEAR/BEFORE, or exclude with NOT");
        assertError("title:(a NEAR/3 b) NOT/S x", 0, "NOT/S vetoes only matches of NEAR or BEFORE (it drops those in a sentence "
                + "holding its words), and title:(NEAR/3 a b) is not one; put it inside a NEAR/BEFORE, or exclude with NOT");
    }

    @Test
    void sentenceNotTakesWhatANearSideTakes() throws QueryException {
        assertEquals("(AND (NEAR/3 a b) (NOT/S (OR x \"y z\" www* @v)))", render("a NEAR/3 b NOT/S (x OR \"y z\" OR www* OR @v)"));
        assertError("a NEAR/3 b NOT/S (x y)", 18, "NOT/S takes a word, a \"phrase\", a wildcard, an @alias, an OR group or a "
                + "NEAR/BEFORE, found in one sentence, as in (treaty NEAR/8S signed) NOT/S (vow* BEFORE/3 sign)");
        assertError("a NEAR/3 b NOT/S title:x", 17, "NOT/S takes a word, a \"phrase\", a wildcard, an @alias, an OR group or a "
                + "NEAR/BEFORE, found in one sentence, as in (treaty NEAR/8S signed) NOT/S (vow* BEFORE/3 sign)");
    }

    @Test
    void sentenceNotKeepsTheRulesOfNot() {
        assertError("NOT/S x", 0, "the query has only NOT clauses, so it would match almost every document; "
                + "add something to look for, as in troops NOT exercise");
        assertError("a NEAR/3 b OR NOT/S x", 14, "NOT inside OR would match almost every document; join NOT to the rest with AND, "
                + "as in (troops OR soldiers) NOT exercise");
        assertError("a NEAR/3 b NOT (c NEAR/2 d NOT/S x)", 27, "NOT/S cannot stand inside NOT: it vetoes matches of the clauses "
                + "beside it, and under NOT there are none");
        assertError("a NEAR/3 (b NOT/S x)", 10, "NEAR and BEFORE cannot take an AND group as a side; a side is a word, "
                + "a \"phrase\", a wildcard, an @alias, an OR group or another NEAR/BEFORE, as in (troops OR soldiers) NEAR/5 russia");
    }

    @Test
    void sentenceNotIsWrittenInUpperCaseWithoutADistance() {
        assertError("a NEAR/3 b NOT/s x", 11, "NOT/s: write the sentence scope in upper case, NOT/S (vetoes only the sentence it occurs in)");
        assertError("a NEAR/3 b NOT/5 x", 11, "NOT/5: NOT takes no distance; write NOT x to exclude texts holding x, or NOT/S x to "
                + "veto only matches in a sentence holding x");
    }
}
