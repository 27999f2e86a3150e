package dev.hsresnet.core.models;

import dev.hsresnet.core.nn.ResNet;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.Stem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of named models. ImageNet models (HS-RESNET.md's table): deep stem, avg-down
 * shortcut, planes 64-128-256-512, expansion 4, 224x224 input. CIFAR-scale models (this project's
 * design, see docs/models.md): cifar stem, three stages with planes 16-32-64 (or 32-64-128 for
 * {@code w2}), expansion 4, avg-down shortcut, 32x32 input, and for HS stages s = 4 with {@code s *
 * w} = 1.5 x planes, the same ratio as hs_resnet50; each has a plain twin of equal depth.
 *
 * <pre>{@code
 * ResNet net = Models.create("hs_resnet50", 1000, 3);   // uninitialized DJL block
 * for (ModelEntry e : Models.list()) System.out.println(e.name());
 * }</pre>
 */
public final class Models {

    private static final Map<String, ModelEntry> ENTRIES = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        int[] r50 = {3, 4, 6, 3};
        int[] r101 = {3, 4, 23, 3};
        int[] r152 = {3, 8, 36, 3};
        imagenet("resnet50d", "ResNet-50-D baseline: plain 3x3 bottlenecks", r50, null, 0,
                "hs_resnet50");
        imagenet("hs_resnet50", "HS-ResNet-50, s=4, w=24/48/96/192", r50,
                new int[] {24, 48, 96, 192}, 4, "resnet50d");
        imagenet("hs_resnet101", "HS-ResNet-101, s=4, w=24/48/96/192", r101,
                new int[] {24, 48, 96, 192}, 4, "resnet101d");
        imagenet("hs_resnet152", "HS-ResNet-152, s=4, w=24/48/96/192", r152,
                new int[] {24, 48, 96, 192}, 4, "resnet152d");
        imagenet("hs_resnet50_16w_5s", "HS-ResNet-50, s=5, w=16/32/64/128", r50,
                new int[] {16, 32, 64, 128}, 5, "resnet50d");
        imagenet("hs_resnet50_8w_8s", "HS-ResNet-50, s=8, w=8/16/32/64", r50,
                new int[] {8, 16, 32, 64}, 8, "resnet50d");
        imagenet("resnet101d", "ResNet-101-D baseline: plain twin of hs_resnet101", r101, null, 0,
                "hs_resnet101");
        imagenet("resnet152d", "ResNet-152-D baseline: plain twin of hs_resnet152", r152, null, 0,
                "hs_resnet152");
        ALIASES.put("hs_resnet50_24w_4s", "hs_resnet50");

        cifar("hs_resnet29_cifar", 3, new int[] {16, 32, 64}, true, "resnet29_cifar");
        cifar("resnet29_cifar", 3, new int[] {16, 32, 64}, false, "hs_resnet29_cifar");
        cifar("hs_resnet56_cifar", 6, new int[] {16, 32, 64}, true, "resnet56_cifar");
        cifar("resnet56_cifar", 6, new int[] {16, 32, 64}, false, "hs_resnet56_cifar");
        cifar("hs_resnet29w2_cifar", 3, new int[] {32, 64, 128}, true, "resnet29w2_cifar");
        cifar("resnet29w2_cifar", 3, new int[] {32, 64, 128}, false, "hs_resnet29w2_cifar");

        lite("hs_resnet26_lite", new int[] {24, 48, 96, 192}, true, "resnet26_lite");
        lite("resnet26_lite", new int[] {24, 48, 96, 192}, false, "hs_resnet26_lite");
        lite("hs_resnet26_nano", new int[] {16, 32, 64, 128}, true, "resnet26_nano");
        lite("resnet26_nano", new int[] {16, 32, 64, 128}, false, "hs_resnet26_nano");
    }

    private Models() {}

    private static void imagenet(
            String name, String description, int[] depths, int[] widths, int s, String twin) {
        ResNetSpec.Builder b =
                ResNetSpec.builder()
                        .stem(Stem.DEEP)
                        .depths(depths)
                        .planes(64, 128, 256, 512)
                        .numClasses(1000);
        if (widths != null) {
            b.hs(s, widths);
        }
        register(new ModelEntry(name, "imagenet", description, b.build(),
                Preprocessing.imagenet(224), twin));
    }

    /** CIFAR-scale: depth 9n+2 (3 stages of n bottlenecks, stem conv, classifier). */
    private static void cifar(String name, int n, int[] planes, boolean hs, String twin) {
        ResNetSpec.Builder b =
                ResNetSpec.builder()
                        .stem(Stem.CIFAR)
                        .depths(n, n, n)
                        .planes(planes)
                        .numClasses(10);
        String kind;
        if (hs) {
            int[] widths = {planes[0] * 3 / 8, planes[1] * 3 / 8, planes[2] * 3 / 8};
            b.hs(4, widths);
            kind = "HS, s=4, w=" + widths[0] + "/" + widths[1] + "/" + widths[2];
        } else {
            kind = "plain 3x3";
        }
        String description = "CIFAR-scale " + (9 * n + 2) + "-layer bottleneck ResNet, planes "
                + planes[0] + "/" + planes[1] + "/" + planes[2] + ", " + kind;
        register(new ModelEntry(name, "cifar", description, b.build(), Preprocessing.cifar(),
                twin));
    }

    /**
     * Small 4-stage backbones for dense tasks on a CPU (semantic segmentation of CamVid at 360x480
     * on 2 cores): deep stem of 32 channels (16 in its first two convs), 2 bottlenecks per stage,
     * expansion 4, C2-C5 at strides 4-32; HS with s = 4 and w = 3/8 of the planes (the 3x3 stage
     * 1.5x as wide as the plain twin's, as in hs_resnet50).
     */
    private static void lite(String name, int[] planes, boolean hs, String twin) {
        ResNetSpec.Builder b =
                ResNetSpec.builder()
                        .stem(Stem.DEEP)
                        .stemWidth(32)
                        .depths(2, 2, 2, 2)
                        .planes(planes)
                        .numClasses(1000);
        String kind;
        if (hs) {
            int[] widths = new int[4];
            for (int i = 0; i < 4; i++) {
                widths[i] = planes[i] * 3 / 8;
            }
            b.hs(4, widths);
            kind = "HS, s=4, w=" + widths[0] + "/" + widths[1] + "/" + widths[2] + "/" + widths[3];
        } else {
            kind = "plain 3x3";
        }
        String description = "small 26-layer backbone for dense tasks, stem 32, planes "
                + planes[0] + "/" + planes[1] + "/" + planes[2] + "/" + planes[3] + ", " + kind;
        register(new ModelEntry(name, "lite", description, b.build(),
                Preprocessing.imagenet(224), twin));
    }

    private static void register(ModelEntry entry) {
        if (ENTRIES.put(entry.name(), entry) != null) {
            throw new IllegalStateException("duplicate model name " + entry.name());
        }
    }

    /** @return every registered model, in registry order (aliases not repeated) */
    public static List<ModelEntry> list() {
        return List.copyOf(ENTRIES.values());
    }

    /** @return alias to registry name, e.g. {@code hs_resnet50_24w_4s -> hs_resnet50} */
    public static Map<String, String> aliases() {
        return Collections.unmodifiableMap(ALIASES);
    }

    /**
     * @param name a registry name or alias, or the path of a {@link SpecFile} (a name ending in
     *     {@value SpecFile#SUFFIX})
     * @return the entry
     * @throws IllegalArgumentException listing the known names when {@code name} is unknown, or
     *     naming the spec file and its problem
     */
    public static ModelEntry get(String name) {
        ModelEntry entry = lookup(name).orElse(null);
        if (entry == null) {
            List<String> known = new ArrayList<>(ENTRIES.keySet());
            known.addAll(ALIASES.keySet());
            throw new IllegalArgumentException(
                    "unknown model '" + name + "'; known models: " + String.join(", ", known));
        }
        return entry;
    }

    /**
     * @param name a registry name or alias, or the path of a {@link SpecFile}
     * @return the entry, empty when {@code name} is not registered (a spec file is read: its
     *     problems throw rather than give empty)
     * @throws IllegalArgumentException naming a spec file that cannot be read or is invalid
     */
    public static Optional<ModelEntry> lookup(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (SpecFile.isFileName(name)) {
            return Optional.of(SpecFile.read(Path.of(name)).entry());
        }
        return Optional.ofNullable(ENTRIES.get(ALIASES.getOrDefault(name, name)));
    }

    /**
     * @param name a registry name or alias, or the path of a {@link SpecFile}
     * @param numClasses classifier outputs (0 = no classifier)
     * @param inChannels input channels
     * @return the architecture
     */
    public static ResNetSpec spec(String name, int numClasses, int inChannels) {
        return get(name).spec().toBuilder().numClasses(numClasses).inChannels(inChannels).build();
    }

    /**
     * Builds a registered network (parameters not yet initialized).
     *
     * @param name a registry name or alias
     * @param numClasses classifier outputs (0 = no classifier)
     * @param inChannels input channels
     * @return the DJL block
     */
    public static ResNet create(String name, int numClasses, int inChannels) {
        return ResNet.of(spec(name, numClasses, inChannels));
    }
}
