package dev.hsresnet.deploy.djl;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.deploy.ImagePreprocessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Image in, {@link Classifications} out, with the preprocessing and labels saved in the model's
 * {@code model.json}. Batches stack along a new first axis: {@code (N, C, size, size)}.
 */
public final class HsResNetTranslator implements Translator<Image, Classifications> {

    private final ImagePreprocessor preprocessor;
    private final List<String> labels;
    private final int topK;

    /**
     * @param config the model's configuration
     * @param topK classes kept in each answer (DJL's {@code Classifications} keeps all; this sets
     *     how many {@code topK()} and {@code toString()} show)
     */
    public HsResNetTranslator(ModelConfig config, int topK) {
        this.preprocessor = new ImagePreprocessor(config);
        int classes = config.architecture().numClasses();
        List<String> names = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            names.add(config.labels() == null ? "class_" + i : config.labels().get(i));
        }
        this.labels = List.copyOf(names);
        this.topK = topK;
    }

    /**
     * Prepares the loaded network for inference, as {@code DjlBackend} does: parameters frozen (no
     * autograd bookkeeping) and BatchNorm folded into the convolutions.
     */
    @Override
    public void prepare(TranslatorContext ctx) {
        if (ctx.getModel().getBlock() instanceof ResNet network) {
            network.prepareForInference();
        }
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        float[] chw = preprocessor.apply(input);
        int s = preprocessor.size();
        return new NDList(ctx.getNDManager().create(chw, new Shape(preprocessor.channels(), s, s)));
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray probabilities = list.singletonOrThrow().softmax(-1);
        Classifications c = new Classifications(labels, probabilities);
        c.setTopK(topK);
        return c;
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
