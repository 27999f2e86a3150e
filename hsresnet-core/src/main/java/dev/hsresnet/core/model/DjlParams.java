package dev.hsresnet.core.model;

import dev.hsresnet.core.io.AtomicFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a model's parameters in DJL's own {@code .params} layout, the one {@code Model.save}
 * writes and {@code Model.load} reads: the {@code DJL@} magic, version 1, model name, data type, no
 * input descriptions or properties, then the block's parameters. Name the file {@code
 * <prefix>-0000.params} for {@code Model.load(dir, prefix)} to find it.
 */
public final class DjlParams {

    private static final int MODEL_VERSION = 1;

    private DjlParams() {}

    /**
     * @param model the model
     * @param file the target file, written atomically
     * @throws IOException when writing fails
     */
    public static void write(ResNetModel model, Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeBytes("DJL@");
            out.writeInt(MODEL_VERSION);
            out.writeUTF(model.config().name());
            out.writeUTF("FLOAT32");
            out.writeInt(0);
            out.writeInt(0);
            model.network().saveParameters(out);
            out.flush();
        });
    }
}
