package dev.hsresnet.core.text;

import dev.hsresnet.core.io.RegularFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads configuration text files (model.json, recipes) strictly and within a size limit. */
public final class TextFiles {

    private TextFiles() {}

    /**
     * Reads a whole file as UTF-8, refusing anything that is not.
     *
     * @param file a regular file
     * @param maxBytes the largest size accepted
     * @return the text
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws IOException naming the file when it is not a regular file ({@link
     *     RegularFiles#require}), is larger than {@code maxBytes}, or is not valid UTF-8 (with the
     *     byte offset of the first bad byte)
     */
    public static String readUtf8(Path file, long maxBytes) throws IOException {
        RegularFiles.require(file);
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IOException(file + ": " + size + " bytes, more than the " + maxBytes
                    + " a file of its kind may have");
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8 text (bad byte at offset "
                    + in.position() + ")", e);
        }
    }
}
