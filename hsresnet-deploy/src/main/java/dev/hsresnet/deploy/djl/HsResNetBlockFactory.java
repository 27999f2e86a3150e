package dev.hsresnet.deploy.djl;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.nn.Parameter;
import dev.hsresnet.core.io.Weights;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.core.nn.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * DJL's way to rebuild our network from a model directory: reads {@code model.json}, builds the
 * {@link ResNet} block, initializes it in the model's manager and fills it from the directory's
 * safetensors weights (all or nothing). Named in every model directory's {@code serving.properties},
 * together with {@code option.hasParameter=false} (DJL then reads no {@code .params} file) and
 * {@link HsResNetTranslatorFactory}. DJL picks the translator factory before it reads
 * {@code serving.properties}, so name one: ours, or DJL's {@code DeferredTranslatorFactory},
 * which takes it from {@code serving.properties} as DJL Serving does.
 *
 * <pre>{@code
 * Criteria<Image, Classifications> c = Criteria.builder()
 *         .setTypes(Image.class, Classifications.class)
 *         .optModelPath(Path.of("runs/a/best"))
 *         .optTranslatorFactory(new HsResNetTranslatorFactory())
 *         .build();
 * try (ZooModel<Image, Classifications> m = c.loadModel(); Predictor<Image, Classifications> p = m.newPredictor()) {
 *     Classifications top = p.predict(ImageFactory.getInstance().fromFile(Path.of("cat.jpg")));
 * }
 * }</pre>
 */
public final class HsResNetBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        Path dir = Files.isRegularFile(modelPath) ? modelPath.getParent() : modelPath;
        ModelConfig config = ModelDir.readConfig(dir);
        var file = ModelDir.readWeights(dir, config);
        ResNet block = ResNet.of(config.architecture());
        int size = config.inputSize();
        block.initialize(model.getNDManager(), DataType.FLOAT32,
                new Shape(1, config.architecture().inChannels(), size, size));
        Map<String, Parameter> params = StateDict.of(block);
        Weights.load(params, file.tensors(), dir.resolve(config.weights().file()).toString(),
                "model '" + config.name() + "'",
                Set.of());
        return block;
    }
}
