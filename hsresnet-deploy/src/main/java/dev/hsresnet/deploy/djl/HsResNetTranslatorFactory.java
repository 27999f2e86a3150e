package dev.hsresnet.deploy.djl;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.translator.ImageServingTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link HsResNetTranslator}s for DJL's model loader: {@code (Image, Classifications)}, with
 * the preprocessing and labels read from the model directory's {@code model.json}, and
 * {@code (Input, Output)} (DJL Serving's types: encoded image bytes in, JSON classifications out)
 * by wrapping it in DJL's {@code ImageServingTranslator}. The argument {@code topK} (default 5)
 * sets how many classes an answer shows.
 */
public final class HsResNetTranslatorFactory implements TranslatorFactory {

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(Image.class, Classifications.class),
                new Pair<>(Input.class, Output.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model,
            Map<String, ?> arguments) throws TranslateException {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException("hsresnet models translate Image to Classifications "
                    + "or Input to Output, not "
                    + input.getName() + " to " + output.getName());
        }
        ModelConfig config;
        try {
            config = ModelDir.readConfig(model.getModelPath());
        } catch (IOException e) {
            throw new TranslateException("cannot read the model's configuration: " + e.getMessage(), e);
        }
        Object k = arguments.get("topK");
        int topK = k == null ? 5 : Integer.parseInt(k.toString());
        HsResNetTranslator translator = new HsResNetTranslator(config, topK);
        if (input == Input.class) {
            return (Translator<I, O>) new ImageServingTranslator(translator);
        }
        return (Translator<I, O>) translator;
    }
}
