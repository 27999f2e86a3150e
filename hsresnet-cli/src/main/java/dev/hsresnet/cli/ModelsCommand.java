package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.vision.detection.DetectionComplexity;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import dev.hsresnet.vision.segmentation.SegmentationComplexity;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hsresnet models}: the registry with params and MACs at each model's default input. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List every registered model with its parameters and MACs at its default "
                + "input size (computed from the architecture; nothing is loaded).")
final class ModelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Option(names = "--markdown", description = "Print a Markdown table (the README's).")
    private boolean markdown;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(SpecJson.write(toJson()));
        } else if (markdown) {
            out.print(markdownTable());
        } else {
            out.print(table());
            out.println();
            out.println("Aliases: " + String.join(", ", Models.aliases().entrySet().stream()
                    .map(e -> e.getKey() + " = " + e.getValue()).toList()));
            out.println("MACs: convolutions and the classifier, one image at the input size. "
                    + "Params include BN affine weights.");
            out.println();
            out.println("Segmentation (task segmentation; " + SegmentationModels.DEFAULT_CLASSES
                    + " classes, MACs at " + SEG_H + "x" + SEG_W + ", CamVid's size):");
            out.print(segmentationTable());
            out.println();
            out.println("Detection (task detection; FCOS, P3-P7, " + DetectionModels.DEFAULT_CLASSES
                    + " class, MACs at " + DetectionModels.NOMINAL_SIZE + "x"
                    + DetectionModels.NOMINAL_SIZE + "; decoding and NMS not counted):");
            out.print(detectionTable());
        }
        out.flush();
        return 0;
    }

    static String table() {
        TextTable t = new TextTable("name", "family", "input>", "3x3 stage", "params>", "MACs>",
                "description");
        for (ModelEntry e : Models.list()) {
            Complexity c = Complexity.of(e.spec(), e.inputSize());
            t.row(e.name(), e.family(), e.inputSize(), e.usesHs() ? "HS" : "plain",
                    TextTable.count(c.params()), TextTable.macs(c.macs()), e.description());
        }
        return t.render();
    }

    /** Height and width at which segmentation MACs are counted (CamVid's frames). */
    static final int SEG_H = 360;
    static final int SEG_W = 480;

    /** @return the registered segmentation networks with params and MACs at 360x480 */
    static String segmentationTable() {
        TextTable t = new TextTable("name", "head", "backbone", "twin", "params>", "MACs>");
        for (String name : SegmentationModels.names()) {
            SegmentationSpec spec = SegmentationModels.spec(name,
                    SegmentationModels.DEFAULT_CLASSES);
            SegmentationComplexity c = SegmentationComplexity.of(spec, SEG_H, SEG_W);
            t.row(name, spec.decodeHead().id(), spec.backbone().hasHsStages() ? "HS" : "plain",
                    SegmentationModels.twin(name), TextTable.count(c.params()),
                    TextTable.macs(c.macs()));
        }
        return t.render();
    }

    /** @return the registered detectors with params and MACs at 512x512 */
    static String detectionTable() {
        TextTable t = new TextTable("name", "backbone", "neck>", "twin", "params>", "MACs>");
        int size = DetectionModels.NOMINAL_SIZE;
        for (String name : DetectionModels.names()) {
            DetectionSpec spec = DetectionModels.spec(name, DetectionModels.DEFAULT_CLASSES);
            DetectionComplexity c = DetectionComplexity.of(spec, size, size);
            t.row(name, spec.backbone().hasHsStages() ? "HS" : "plain", spec.neckChannels(),
                    DetectionModels.twin(name), TextTable.count(c.params()),
                    TextTable.macs(c.macs()));
        }
        return t.render();
    }

    /** @return the registry as the Markdown table the README embeds */
    static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| name | family | input | 3x3 stage | params | GMACs | twin | description |\n");
        sb.append("|---|---|---:|---|---:|---:|---|---|\n");
        for (ModelEntry e : Models.list()) {
            Complexity c = Complexity.of(e.spec(), e.inputSize());
            sb.append("| `").append(e.name()).append("` | ").append(e.family()).append(" | ")
                    .append(e.inputSize()).append(" | ").append(e.usesHs() ? "HS" : "plain")
                    .append(" | ").append(TextTable.count(c.params())).append(" | ")
                    .append(String.format(java.util.Locale.ROOT, "%.3f", c.gmacs()))
                    .append(" | `").append(e.twin()).append("` | ").append(e.description())
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static ArrayNode toJson() {
        ArrayNode list = SpecJson.mapper().createArrayNode();
        for (ModelEntry e : Models.list()) {
            Complexity c = Complexity.of(e.spec(), e.inputSize());
            ObjectNode o = list.addObject();
            o.put("name", e.name());
            o.put("family", e.family());
            o.put("description", e.description());
            o.put("inputSize", e.inputSize());
            o.put("hs", e.usesHs());
            o.put("twin", e.twin());
            o.put("params", c.params());
            o.put("macs", c.macs());
            o.set("aliases", SpecJson.mapper().valueToTree(Models.aliases().entrySet().stream()
                    .filter(a -> a.getValue().equals(e.name())).map(Map.Entry::getKey).toList()));
            o.set("architecture", SpecJson.mapper().valueToTree(e.spec()));
            o.set("preprocessing", SpecJson.mapper().valueToTree(e.preprocessing()));
        }
        return list;
    }
}
