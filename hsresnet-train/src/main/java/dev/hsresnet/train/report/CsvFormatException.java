package dev.hsresnet.train.report;

import java.io.IOException;
import java.nio.file.Path;

/** A CSV file that does not have the expected layout; the message names file, line and column. */
public final class CsvFormatException extends IOException {
    private final transient Path file;
    private final int line;
    private final int column;

    /**
     * @param file the file read
     * @param line 1-based line number
     * @param column 1-based column number, 0 when the problem concerns the whole line
     * @param problem what is wrong
     */
    public CsvFormatException(Path file, int line, int column, String problem) {
        super(file + ":" + line + (column > 0 ? ": column " + column : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** @return the file read */
    public Path file() {
        return file;
    }

    /** @return 1-based line number */
    public int line() {
        return line;
    }

    /** @return 1-based column number, 0 when the problem concerns the whole line */
    public int column() {
        return column;
    }
}
