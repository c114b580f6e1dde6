package io.newswatch.config;


import java.nio.file.Path;
import java.util.List;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Where a YAML string value sits in its file, so that an error found at some offset inside the
 * value (a query syntax error, say) can be reported at the file's own line and column.
 * Block scalars ({@code |}, {@code >}) are mapped line by line; quoted and plain ones by offset.
 */
public record ScalarLocation(Path file, int line, int column, ScalarStyle style, List<String> fileLines) {

    static ScalarLocation of(Path file, ScalarNode node, List<String> fileLines) {
        var mark = node.getStartMark().orElseThrow();
        return new ScalarLocation(file, mark.getLine() + 1, mark.getColumn() + 1, node.getScalarStyle(), fileLines);
    }

    /** The problem as it stands at the start of the value. */
    public FileProblem problem(String message) {
        return new FileProblem(file, line, column, message);
    }

    /** The problem at {@code offset} characters into the value. */
    public FileProblem problemAt(int offset, String message) {
        int[] lc = locate(Math.max(0, offset));
        return new FileProblem(file, lc[0], lc[1], message);
    }

    private int[] locate(int offset) {
        return switch (style) {
            case LITERAL, FOLDED -> locateInBlock(offset);
            case DOUBLE_QUOTED, SINGLE_QUOTED -> new int[] {line, column + 1 + offset};
            default -> new int[] {line, column + offset};
        };
    }

    /**
     * Block content starts on the line after the indicator; its first line fixes the indentation,
     * and each content line contributes its text plus one separator to the value.
     */
    private int[] locateInBlock(int offset) {
        int remaining = offset;
        int blockIndent = -1;
        int lastLine = line;
        int lastColumn = column;
        for (int i = line; i < fileLines.size(); i++) { // index i is the 1-based line i + 1
            String raw = fileLines.get(i);
            String trimmed = raw.strip();
            if (trimmed.isEmpty()) {
                remaining -= 1;
                continue;
            }
            int indent = raw.indexOf(trimmed.charAt(0));
            if (blockIndent < 0) {
                blockIndent = indent;
            } else if (indent < blockIndent) {
                break; // dedented: the block ended
            }
            int length = raw.stripTrailing().length() - blockIndent;
            lastLine = i + 1;
            lastColumn = blockIndent + 1;
            if (remaining <= length) {
                return new int[] {i + 1, blockIndent + 1 + Math.max(0, remaining)};
            }
            remaining -= length + 1;
        }
        return new int[] {lastLine, lastColumn};
    }
}
