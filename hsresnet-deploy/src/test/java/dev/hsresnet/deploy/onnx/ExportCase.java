package dev.hsresnet.deploy.onnx;

import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Shortcut;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.spec.Stem;
import java.util.List;

/**
 * Small networks that together cover every part of the exported graph: the three stems, both
 * shortcuts, HS blocks with several s and w (odd w, w = 1) in both forms, plain stages, one input
 * channel, a headless network, odd feature-map sizes (so avg-down's ceil-mode pools have
 * partial windows), a dilated network (output stride 8: the HS stage form at stride 1, dilated
 * convs), and a registered CIFAR HS network with its plain twin.
 *
 * @param name what the case covers
 * @param spec the architecture
 * @param size the input size
 */
record ExportCase(String name, ResNetSpec spec, int size) {

    @Override
    public String toString() {
        return name;
    }

    static List<ExportCase> all() {
        return List.of(
                new ExportCase("cifar stem, d, HS s4w3 s5w2 s3w5, 9x9",
                        base(Stem.CIFAR, Shortcut.AVG_DOWN, 3, 7)
                                .stages(List.of(StageSpec.hs(2, 8, 4, 3), StageSpec.hs(1, 12, 5, 2),
                                        StageSpec.hs(2, 16, 3, 5)))
                                .build(), 9),
                new ExportCase("cifar stem, b, 1 channel, HS s2w1 s6w1 s3w4, 7x7",
                        base(Stem.CIFAR, Shortcut.PLAIN, 1, 5)
                                .stages(List.of(StageSpec.hs(2, 4, 2, 1), StageSpec.hs(2, 8, 6, 1),
                                        StageSpec.hs(2, 8, 3, 4)))
                                .build(), 7),
                new ExportCase("resnet stem, d, plain then HS s4w7, 27x27",
                        base(Stem.RESNET, Shortcut.AVG_DOWN, 3, 6)
                                .stages(List.of(StageSpec.plain(1, 8), StageSpec.hs(2, 12, 4, 7)))
                                .build(), 27),
                new ExportCase("deep stem, b, plain twin, 19x19",
                        base(Stem.DEEP, Shortcut.PLAIN, 3, 4)
                                .stages(List.of(StageSpec.plain(2, 8), StageSpec.plain(1, 12),
                                        StageSpec.plain(1, 16)))
                                .build(), 19),
                new ExportCase("deep stem, d, HS s8w3 s4w5, headless, 21x21",
                        base(Stem.DEEP, Shortcut.AVG_DOWN, 2, 0)
                                .stages(List.of(StageSpec.hs(1, 8, 8, 3), StageSpec.hs(2, 12, 4, 5)))
                                .build(), 21),
                new ExportCase("deep stem, d, HS s4w3 and plain, output stride 8 (dilated), 25x25",
                        base(Stem.DEEP, Shortcut.AVG_DOWN, 3, 5)
                                .stages(List.of(StageSpec.hs(1, 4, 4, 3), StageSpec.plain(1, 8),
                                        StageSpec.hs(2, 8, 4, 3), StageSpec.plain(2, 8)))
                                .outputStride(8)
                                .build(), 25),
                registered("hs_resnet29_cifar"),
                registered("resnet29_cifar"));
    }

    /** A registered network at its own input size, residual branches active. */
    private static ExportCase registered(String name) {
        ModelEntry entry = Models.get(name);
        return new ExportCase(name + " (registered), " + entry.inputSize() + "x"
                + entry.inputSize(), entry.spec().toBuilder().zeroInitLastBn(false).build(),
                entry.inputSize());
    }

    private static ResNetSpec.Builder base(Stem stem, Shortcut shortcut, int inChannels,
            int classes) {
        return ResNetSpec.builder().stem(stem).shortcut(shortcut).inChannels(inChannels)
                .numClasses(classes).expansion(4).zeroInitLastBn(false);
    }
}
