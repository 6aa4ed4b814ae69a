package dev.jace.io;

/** Malformed JSON; the message gives the line, column and character offset of the problem. */
public final class JsonParseException extends IllegalArgumentException {

    private final int offset;
    private final int line;
    private final int column;

    JsonParseException(String problem, String text, int offset) {
        this(problem, offset, lineOf(text, offset), columnOf(text, offset));
    }

    private JsonParseException(String problem, int offset, int line, int column) {
        super("JSON parse error at line " + line + ", column " + column + " (offset " + offset + "): " + problem);
        this.offset = offset;
        this.line = line;
        this.column = column;
    }

    /** Zero-based character offset. */
    public int offset() {
        return offset;
    }

    /** One-based line. */
    public int line() {
        return line;
    }

    /** One-based column. */
    public int column() {
        return column;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int columnOf(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', Math.min(offset, text.length()) - 1) + 1;
        return offset - lineStart + 1;
    }
}
