package dev.hsresnet.train.recipe;

/**
 * A recipe that cannot be accepted. The message names where (file, line and column when known),
 * which field (dotted path from the recipe root, e.g. {@code optimizer.momentum}) and what is wrong
 * with which value.
 */
public final class RecipeException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final int column;
    private final String field;
    private final String detail;

    /**
     * @param field dotted path of the offending field relative to the object being built ("" when unknown)
     * @param detail what is wrong, including the offending value
     */
    public RecipeException(String field, String detail) {
        this(null, 0, 0, field, detail, null);
    }

    RecipeException(String source, int line, int column, String field, String detail, Throwable cause) {
        super(compose(source, line, column, field, detail), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.field = field == null ? "" : field;
        this.detail = detail;
    }

    private static String compose(String source, int line, int column, String field, String detail) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) {
                    sb.append(':').append(column);
                }
            }
            sb.append(": ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(detail).toString();
    }

    /** @return the file or other source named in the message, null when none */
    public String source() {
        return source;
    }

    /** @return 1-based line of the problem, 0 when unknown */
    public int line() {
        return line;
    }

    /** @return 1-based column of the problem, 0 when unknown */
    public int column() {
        return column;
    }

    /** @return dotted path of the offending field, "" when the problem is not tied to one */
    public String field() {
        return field;
    }

    /** @return what is wrong, without source and field */
    public String detail() {
        return detail;
    }

    /** The same problem seen from an enclosing object at {@code parentPath}. */
    RecipeException within(String parentPath) {
        if (parentPath == null || parentPath.isEmpty()) {
            return this;
        }
        return new RecipeException(source, line, column, field.isEmpty() ? parentPath : parentPath + "." + field,
                detail, getCause());
    }

    /** The same problem, located in a source. */
    RecipeException at(String newSource, int newLine, int newColumn, Throwable cause) {
        return new RecipeException(newSource, newLine, newColumn, field, detail, cause);
    }
}
