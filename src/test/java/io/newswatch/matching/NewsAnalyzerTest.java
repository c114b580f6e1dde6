package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

class NewsAnalyzerTest {
    private static final String TEXT = "North Korea’s Kim Yong-hyun: 8,000 troops DEPLOYED to Pyŏngyang's deployments.";

    /** One token an analyzer gave: its term, position and character offsets. */
    record Token(String term, int position, int start, int end) {}

    private static List<Token> tokens(Analyzer analyzer, String field) throws IOException {
        return tokens(analyzer, field, TEXT);
    }

    /** The tokens {@code analyzer} makes of {@code text} in {@code field}, with positions counted from 0. */
    static List<Token> tokens(Analyzer analyzer, String field, String text) throws IOException {
        List<Token> out = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += increment.getPositionIncrement();
                out.add(new Token(term.toString(), position, offset.startOffset(), offset.endOffset()));
            }
            stream.end();
        }
        return out;
    }

    @Test
    void unstemmedFieldFoldsCaseAccentsAndPossessivesOnly() throws IOException {
        assertEquals(List.of("north", "korea", "kim", "yong", "hyun", "8,000", "troops", "deployed", "to", "pyongyang", "deployments"),
                tokens(NewsAnalyzer.unstemmed(), Fields.TEXT_UNSTEMMED).stream().map(Token::term).toList());
    }

    @Test
    void stemmedFieldAlsoStems() throws IOException {
        assertEquals(List.of("north", "korea", "kim", "yong", "hyun", "8,000", "troop", "deploi", "to", "pyongyang", "deploy"),
                tokens(NewsAnalyzer.stemmed(), Fields.TEXT).stream().map(Token::term).toList());
    }

    @Test
    void bothFieldsKeepTheSamePositionsAndOffsets() throws IOException {
        Analyzer perField = NewsAnalyzer.perField();
        List<Token> stemmed = tokens(perField, Fields.TEXT);
        List<Token> unstemmed = tokens(perField, Fields.TEXT_UNSTEMMED);
        assertEquals(stemmed.size(), unstemmed.size());
        for (int i = 0; i < stemmed.size(); i++) {
            assertEquals(stemmed.get(i).position(), unstemmed.get(i).position());
            assertEquals(stemmed.get(i).start(), unstemmed.get(i).start());
            assertEquals(stemmed.get(i).end(), unstemmed.get(i).end());
        }
        assertEquals(List.of("deploi"), tokens(perField, Fields.TITLE).stream().map(Token::term).filter(t -> t.startsWith("deploi")).toList());
        assertEquals(List.of("deployed", "deployments"),
                tokens(perField, Fields.TITLE_UNSTEMMED).stream().map(Token::term).filter(t -> t.startsWith("deploy")).toList());
    }
}
