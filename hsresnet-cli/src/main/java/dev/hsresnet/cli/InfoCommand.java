package dev.hsresnet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.complexity.StageCost;
import dev.hsresnet.core.model.ModelConfig;
import dev.hsresnet.core.model.ModelDir;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.nn.FeatureInfo;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.vision.segmentation.SegmentationSpec;
import dev.hsresnet.vision.segmentation.DecodeHead;
import dev.hsresnet.vision.segmentation.SegmentationComplexity;
import dev.hsresnet.vision.segmentation.SegmentationModels;
import dev.hsresnet.vision.segmentation.SegmentationTask;
import dev.hsresnet.core.spec.SpecJson;
import dev.hsresnet.core.spec.StageSpec;
import dev.hsresnet.core.text.Printable;
import dev.hsresnet.vision.detection.DetectionComplexity;
import dev.hsresnet.vision.detection.DetectionModels;
import dev.hsresnet.vision.detection.DetectionSpec;
import dev.hsresnet.vision.detection.DetectionTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hsresnet info}: per-stage channels, strides, params and MACs of one model. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model's stages: blocks, 3x3 stage, channels, stride, output size, "
                + "params and MACs, and its feature levels.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME|DIR", description = "A registered model name, or a model "
            + "directory (with model.json).")
    private String model;

    @Option(names = "--input", converter = OptionTypes.Positive.class, paramLabel = "PIXELS",
            description = "Input height and width (default: the model's).")
    private Integer input;

    @Mixin
    private ArchitectureOptions architecture;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        ResNetSpec arch;
        String title;
        int defaultSize;
        SegmentationSpec segmentation = null;
        DetectionSpec detection = null;
        if (Files.isDirectory(Path.of(model))) {
            ModelConfig config = ModelDir.readConfig(Path.of(model));
            if (SegmentationTask.NAME.equals(config.task())) {
                segmentation = SegmentationTask.spec(config);
            } else if (DetectionTask.NAME.equals(config.task())) {
                detection = DetectionTask.spec(config);
            }
            arch = config.architecture();
            title = Printable.escape(config.name() + " (" + model + ")");
            defaultSize = config.inputSize();
        } else if (SegmentationModels.isKnown(model)) {
            segmentation = SegmentationModels.spec(model, SegmentationModels.DEFAULT_CLASSES);
            arch = segmentation.backbone();
            title = model.toLowerCase(Locale.ROOT) + ": "
                    + (segmentation.decodeHead() == DecodeHead.ASPP ? "DeepLabV3 (ASPP)"
                            : "semantic FPN") + " on " + (arch.hasHsStages() ? "an HS" : "a plain")
                    + " backbone";
            defaultSize = ModelsCommand.SEG_H;
        } else if (DetectionModels.isKnown(model)) {
            detection = DetectionModels.spec(model, DetectionModels.DEFAULT_CLASSES);
            arch = detection.backbone();
            title = model.toLowerCase(Locale.ROOT) + ": FCOS on " + (arch.hasHsStages() ? "an HS"
                    : "a plain") + " backbone";
            defaultSize = DetectionModels.NOMINAL_SIZE;
        } else {
            var entry = Models.get(model);
            arch = entry.spec();
            title = entry.name() + ": " + entry.description();
            defaultSize = entry.inputSize();
        }
        arch = architecture.apply(arch);
        int size = input == null ? defaultSize : input;
        Complexity c = Complexity.of(arch, size);
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = SpecJson.mapper().createObjectNode();
            o.put("model", title);
            o.put("inputSize", size);
            o.put("params", c.params());
            o.put("macs", c.macs());
            o.set("stages", SpecJson.mapper().valueToTree(c.stages()));
            o.set("features", SpecJson.mapper().valueToTree(FeatureInfo.of(arch)));
            o.set("architecture", SpecJson.mapper().valueToTree(arch));
            if (segmentation != null) {
                SegmentationComplexity sc = segmentationCost(segmentation);
                ObjectNode seg = o.putObject("segmentation");
                seg.put("height", sc.backbone().inputHeight());
                seg.put("width", sc.backbone().inputWidth());
                seg.put("params", sc.params());
                seg.put("macs", sc.macs());
                seg.set("head", SegmentationTask.head(segmentation));
            }
            if (detection != null) {
                DetectionComplexity dc = DetectionComplexity.of(detection, size, size);
                ObjectNode det = o.putObject("detection");
                det.put("height", size);
                det.put("width", size);
                det.put("params", dc.params());
                det.put("macs", dc.macs());
                det.put("locations", dc.locations());
                det.set("head", DetectionTask.head(detection));
            }
            out.println(SpecJson.write(o));
        } else {
            out.print(describe(title, arch, c));
            if (segmentation != null) {
                SegmentationComplexity sc = segmentationCost(segmentation);
                out.println();
                String head = segmentation.decodeHead() == DecodeHead.ASPP
                        ? "ASPP head " + segmentation.headChannels() + " channels (rates "
                                + java.util.Arrays.toString(segmentation.asppRates()) + ")"
                        : "FPN neck " + segmentation.neckChannels() + " channels, head "
                                + segmentation.headChannels() + " channels";
                out.println(String.format(Locale.ROOT, "segmentation network: %s, %d classes%s; "
                        + "at %dx%d: %s params, %s MACs (inference: backbone and heads, logits "
                        + "resized to the input)", head, segmentation.numClasses(),
                        segmentation.auxHead() ? ", auxiliary FCN head on C4 (training only)" : "",
                        sc.backbone().inputHeight(), sc.backbone().inputWidth(),
                        TextTable.count(sc.params()), TextTable.macs(sc.macs())));
            }
            if (detection != null) {
                DetectionComplexity dc = DetectionComplexity.of(detection, size, size);
                out.println();
                out.println(String.format(Locale.ROOT, "detection network: FCOS, FPN P3-P%d %d "
                        + "channels, towers of %d conv + GroupNorm (%d groups), %d classes; at "
                        + "%dx%d: %d locations, %s params, %s MACs (backbone, neck and head; "
                        + "decoding and NMS not counted)", detection.levels() + 2,
                        detection.neckChannels(), detection.towerConvs(), detection.groups(),
                        detection.numClasses(), size, size, dc.locations(),
                        TextTable.count(dc.params()), TextTable.macs(dc.macs())));
            }
        }
        out.flush();
        return 0;
    }

    private SegmentationComplexity segmentationCost(SegmentationSpec seg) {
        int h = input == null ? ModelsCommand.SEG_H : input;
        int w = input == null ? ModelsCommand.SEG_W : input;
        return SegmentationComplexity.of(seg, h, w);
    }

    static String describe(String title, ResNetSpec arch, Complexity c) {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n');
        sb.append("input ").append(arch.inChannels()).append('x').append(c.inputHeight())
                .append('x').append(c.inputWidth()).append(", ").append(arch.numClasses())
                .append(" classes, stem ").append(arch.stem().id()).append(", shortcut ")
                .append(arch.shortcut().id()).append(", expansion ").append(arch.expansion())
                .append("\n\n");
        TextTable t = new TextTable("stage", "blocks>", "3x3 stage", "channels>", "stride>",
                "output>", "params>", "MACs>");
        for (StageCost s : c.stages()) {
            String blocks = "-";
            String stage = s.name().equals("head") ? "fc" : "-";
            if (s.name().startsWith("layer")) {
                StageSpec st = arch.stages().get(Integer.parseInt(s.name().substring(5)) - 1);
                blocks = String.valueOf(st.depth());
                stage = st.usesHs() ? "HS s=" + st.hs().s() + " w=" + st.hs().w()
                        : "conv " + st.planes();
            }
            t.row(s.name(), blocks, stage, s.outChannels(),
                    s.name().equals("head") ? "-" : String.valueOf(s.reduction()),
                    s.outHeight() + "x" + s.outWidth(), TextTable.count(s.params()),
                    TextTable.macs(s.macs()));
        }
        t.row("total", arch.blockCount(), "", "", "", "", TextTable.count(c.params()),
                TextTable.macs(c.macs()));
        sb.append(t.render()).append('\n');
        sb.append("feature levels (outIndices):\n");
        TextTable f = new TextTable("index>", "name", "channels>", "reduction>");
        for (FeatureInfo fi : FeatureInfo.of(arch)) {
            f.row(fi.index(), fi.name(), fi.channels(), fi.reduction());
        }
        sb.append(f.render());
        return sb.toString();
    }
}
