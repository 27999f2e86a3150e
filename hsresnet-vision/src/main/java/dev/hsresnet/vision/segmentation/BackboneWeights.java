package dev.hsresnet.vision.segmentation;

import dev.hsresnet.core.io.SafetensorsFile;
import dev.hsresnet.core.io.Tensor;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.model.NetworkModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a segmentation model's backbone from a classification model directory (e.g. {@code
 * RUN/best} of an ImageNet or CIFAR run): every classifier weight but {@code fc.*} goes to
 * {@code backbone.<name>}, checked by name and shape, and every backbone weight must be covered.
 * The classifier's directory is checked as {@link ModelDir#load} checks it (size, checksum,
 * names, finiteness). Dilation does not change any shape, so a classifier trained at output
 * stride 32 starts a dilated backbone.
 */
public final class BackboneWeights {

    private static final String PREFIX = "backbone.";

    private BackboneWeights() {}

    /**
     * @param model a dense-task model whose backbone weights are named {@code backbone.*}
     *     (segmentation, detection); its neck and heads keep their weights
     * @param classifierDir a classification model directory
     * @return the number of tensors copied
     * @throws IOException naming the directory and the first mismatched or missing weight; the
     *     model is unchanged then
     */
    public static int load(NetworkModel model, Path classifierDir) throws IOException {
        ModelConfig config = ModelDir.readConfig(classifierDir);
        if (!config.isClassifier()) {
            throw new IOException(classifierDir + " holds a '" + config.task()
                    + "' model; a backbone starts from a classifier's model directory");
        }
        SafetensorsFile file = ModelDir.readWeights(classifierDir, config);
        Map<String, Tensor> merged = new LinkedHashMap<>(model.stateDict());
        List<String> uncovered = new ArrayList<>();
        for (String name : merged.keySet()) {
            if (name.startsWith(PREFIX)) {
                uncovered.add(name);
            }
        }
        int copied = 0;
        for (Map.Entry<String, Tensor> e : file.tensors().entrySet()) {
            String name = e.getKey();
            if (name.startsWith("fc.")) {
                continue;
            }
            String target = PREFIX + name;
            Tensor mine = merged.get(target);
            if (mine == null) {
                throw new IOException(classifierDir + ": weight '" + name + "' of '"
                        + config.name() + "' has no counterpart '" + target + "' in '"
                        + model.config().name() + "' (different backbones?)");
            }
            if (!Arrays.equals(mine.shape(), e.getValue().shape())) {
                throw new IOException(classifierDir + ": weight '" + name + "' has shape "
                        + Arrays.toString(e.getValue().shape()) + " but '" + target + "' of '"
                        + model.config().name() + "' has " + Arrays.toString(mine.shape()));
            }
            merged.put(target, e.getValue());
            uncovered.remove(target);
            copied++;
        }
        if (!uncovered.isEmpty()) {
            throw new IOException(classifierDir + ": '" + config.name() + "' lacks "
                    + uncovered.size() + " backbone weights of '" + model.config().name()
                    + "', e.g. '" + uncovered.get(0).substring(PREFIX.length()) + "'");
        }
        model.loadStateDict(merged, classifierDir.resolve(ModelDir.WEIGHTS_FILE).toString());
        return copied;
    }
}
