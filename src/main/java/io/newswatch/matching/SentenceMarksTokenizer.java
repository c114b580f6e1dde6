package io.newswatch.matching;

import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The tokens of {@link Fields#SENTENCES}: at the first and the last word of every sentence (found
 * by {@link SentenceSplitter}; words cut by the same {@link StandardTokenizer} as the word fields,
 * so positions agree) the sentence's parity, {@link #EVEN} for the first, third, ... sentence and
 * {@link #ODD} for the others; nothing at other positions. An interval of the word fields that
 * spans two sentences holds the last word of one and the first word of the next, so both
 * parities; an interval inside one sentence holds only that sentence's parity. That is how {@code
 * NEAR/S} and {@code BEFORE/S} are evaluated (an interval is kept if it does not contain one of
 * the two), with the word positions, and so every other operator, left as they are.
 */
final class SentenceMarksTokenizer extends Tokenizer {
    /** At the first and last word of the first, third, ... sentence. */
    static final String EVEN = "even";
    /** At the first and last word of the second, fourth, ... sentence. */
    static final String ODD = "odd";

    private final StandardTokenizer words = new StandardTokenizer();
    private final OffsetAttribute wordOffset = words.getAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute wordIncrement = words.getAttribute(PositionIncrementAttribute.class);

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);

    /** Marks in order: position, 0 = EVEN / 1 = ODD, start and end offset of the word. */
    private int[] marks = new int[0];
    private int markCount;
    private int next;
    private int lastPosition;
    private int finalOffset;

    @Override
    public void reset() throws IOException {
        super.reset();
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
            text.append(buffer, 0, read);
        }
        Marks found = new Marks(SentenceSplitter.starts(text));
        next = 0;
        lastPosition = -1;
        words.setReader(new StringReader(text.toString()));
        words.reset();
        int position = -1;
        try {
            while (words.incrementToken()) {
                position += wordIncrement.getPositionIncrement();
                found.word(position, wordOffset.startOffset(), wordOffset.endOffset());
            }
            words.end();
            finalOffset = wordOffset.endOffset();
        } finally {
            words.close();
        }
        found.finish();
        marks = found.marks;
        markCount = found.count;
    }

    /**
     * The marks of one text, from its words in order (position, start and end offset, as {@link
     * StandardTokenizer} cuts them) and the offsets where its sentences start: shared by this
     * tokenizer and {@link FieldTokens}, which takes the words from a pass it makes anyway.
     */
    static final class Marks {
        private final int[] starts;
        /** Position, 0 = EVEN / 1 = ODD, start and end offset of the word, per mark. */
        int[] marks = new int[64];
        int count;
        private int sentence;
        private int previousSentence = -1;
        private int previousPosition = -1;
        private int previousStart;
        private int previousEnd;

        Marks(int[] sentenceStarts) {
            this.starts = sentenceStarts;
        }

        void word(int position, int wordStart, int wordEnd) {
            while (sentence < starts.length && starts[sentence] <= wordStart) {
                sentence++;
            }
            if (sentence != previousSentence) {
                if (previousSentence >= 0 && marks[(count - 1) * 4] != previousPosition) {
                    add(previousPosition, previousSentence % 2, previousStart, previousEnd);
                }
                add(position, sentence % 2, wordStart, wordEnd);
            }
            previousSentence = sentence;
            previousPosition = position;
            previousStart = wordStart;
            previousEnd = wordEnd;
        }

        /** After the last word: the last sentence's last word. */
        void finish() {
            if (previousSentence >= 0 && marks[(count - 1) * 4] != previousPosition) {
                add(previousPosition, previousSentence % 2, previousStart, previousEnd);
            }
        }

        /**
         * Sets the attributes to mark {@code index} of {@code marks}, which follows a mark at {@code
         * lastPosition} (-1 before the first), its offsets through {@code correct}; returns its position.
         */
        static int emit(int[] marks, int index, int lastPosition, CharTermAttribute term, PositionIncrementAttribute increment,
                        OffsetAttribute offset, IntUnaryOperator correct) {
            int at = index * 4;
            term.setEmpty().append(marks[at + 1] == 0 ? EVEN : ODD);
            increment.setPositionIncrement(marks[at] - lastPosition);
            offset.setOffset(correct.applyAsInt(marks[at + 2]), correct.applyAsInt(marks[at + 3]));
            return marks[at];
        }

        private void add(int position, int kind, int start, int end) {
            if ((count + 1) * 4 > marks.length) {
                marks = Arrays.copyOf(marks, marks.length * 2);
            }
            int at = count * 4;
            marks[at] = position;
            marks[at + 1] = kind;
            marks[at + 2] = start;
            marks[at + 3] = end;
            count++;
        }
    }

    @Override
    public boolean incrementToken() {
        if (next >= markCount) {
            return false;
        }
        clearAttributes();
        lastPosition = Marks.emit(marks, next++, lastPosition, term, increment, offset, this::correctOffset);
        return true;
    }

    @Override
    public void end() throws IOException {
        super.end();
        int end = correctOffset(finalOffset);
        offset.setOffset(end, end);
    }
}
