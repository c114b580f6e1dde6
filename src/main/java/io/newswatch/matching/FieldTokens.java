package io.newswatch.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The tokens of one text as {@link NewsAnalyzer#unstemmed()} cuts them, recorded once and replayed
 * for each field that holds the text: unstemmed as they are, stemmed through the same {@link
 * PorterStemFilter} the stemmed chain ends with (both chains share every step before it, so that is
 * exactly the stemmed chain's output), and as the sentence marks of {@link SentenceMarksTokenizer},
 * computed from the recorded words' positions and offsets instead of cutting the text again. One
 * pass of the tokenizer and filters instead of three ({@link Fields#toLuceneAnalysedOnce}).
 */
final class FieldTokens {
    /** The terms one after another; token i is {@code terms[termStarts[i] .. termStarts[i + 1])}. */
    private char[] terms = new char[256];
    private int[] termStarts = new int[65];
    private int[] increments = new int[64];
    private int[] startOffsets = new int[64];
    private int[] endOffsets = new int[64];
    private int count;
    private int endIncrement;
    private int finalStartOffset;
    private int finalEndOffset;
    private final String text;

    private FieldTokens(String text) {
        this.text = text;
    }

    /** Cuts {@code text} with the unstemmed chain once and records every token. */
    static FieldTokens of(String field, String text) {
        FieldTokens tokens = new FieldTokens(text);
        try (TokenStream stream = NewsAnalyzer.unstemmed().tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.buffer(), term.length(), increment.getPositionIncrement(), offset.startOffset(), offset.endOffset());
            }
            stream.end();
            tokens.endIncrement = increment.getPositionIncrement();
            tokens.finalStartOffset = offset.startOffset();
            tokens.finalEndOffset = offset.endOffset();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String does not fail to read
        }
        return tokens;
    }

    private void add(char[] buffer, int length, int increment, int start, int end) {
        if (count == increments.length) {
            int size = count * 2;
            termStarts = Arrays.copyOf(termStarts, size + 1);
            increments = Arrays.copyOf(increments, size);
            startOffsets = Arrays.copyOf(startOffsets, size);
            endOffsets = Arrays.copyOf(endOffsets, size);
        }
        int at = termStarts[count];
        if (at + length > terms.length) {
            terms = Arrays.copyOf(terms, Math.max(terms.length * 2, at + length));
        }
        System.arraycopy(buffer, 0, terms, at, length);
        increments[count] = increment;
        startOffsets[count] = start;
        endOffsets[count] = end;
        count++;
        termStarts[count] = at + length;
    }

    /** The tokens as the unstemmed chain gave them. */
    TokenStream unstemmed() {
        return new Replay();
    }

    /** The tokens as the stemmed chain gives them. */
    TokenStream stemmed() {
        return new PorterStemFilter(new Replay());
    }

    /** The tokens {@link SentenceMarksTokenizer} gives for the same text. */
    TokenStream sentenceMarks() {
        SentenceMarksTokenizer.Marks marks = new SentenceMarksTokenizer.Marks(SentenceSplitter.starts(text));
        int position = -1;
        for (int i = 0; i < count; i++) {
            position += increments[i];
            marks.word(position, startOffsets[i], endOffsets[i]);
        }
        marks.finish();
        return new MarksReplay(marks.marks, marks.count, finalEndOffset);
    }

    /** Plays the recorded tokens back, end state included. One use per stream, as the indexer makes. */
    private final class Replay extends TokenStream {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private int next;

        @Override
        public boolean incrementToken() {
            if (next >= count) {
                return false;
            }
            clearAttributes();
            int from = termStarts[next];
            term.copyBuffer(terms, from, termStarts[next + 1] - from);
            increment.setPositionIncrement(increments[next]);
            offset.setOffset(startOffsets[next], endOffsets[next]);
            next++;
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            increment.setPositionIncrement(endIncrement);
            offset.setOffset(finalStartOffset, finalEndOffset);
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }

    /** Plays sentence marks back as {@link SentenceMarksTokenizer} emits them. */
    private static final class MarksReplay extends TokenStream {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private final int[] marks;
        private final int count;
        private final int finalOffset;
        private int next;
        private int lastPosition = -1;

        MarksReplay(int[] marks, int count, int finalOffset) {
            this.marks = marks;
            this.count = count;
            this.finalOffset = finalOffset;
        }

        @Override
        public boolean incrementToken() {
            if (next >= count) {
                return false;
            }
            clearAttributes();
            lastPosition = SentenceMarksTokenizer.Marks.emit(marks, next++, lastPosition, term, increment, offset, o -> o);
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            offset.setOffset(finalOffset, finalOffset);
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
            lastPosition = -1;
        }
    }
}
