package dev.hsresnet.vision.detection;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hsresnet.core.spec.InvalidFieldException;
import dev.hsresnet.core.spec.ResNetSpec;
import dev.hsresnet.core.spec.SpecLimits;

/**
 * An FCOS detector (Tian et al. 2019) as a value: a backbone (any four-stage {@link ResNetSpec},
 * HS or plain, undilated, its classifier unused), an FPN on its C3-C5 with extra levels up to
 * P7, and the FCOS head shared over the levels ({@link FcosNet}); with the settings its target
 * assignment and its decoding read.
 *
 * <p>Levels: {@code levels} 3 gives P3-P5, 4 P3-P6, 5 (the default, the paper's) P3-P7, at
 * strides 8, 16, 32, 64, 128 ({@link #strides()}). An object is assigned to the level whose size
 * range ({@link #sizeRanges()}) holds its largest regression distance.
 *
 * <p>JSON: {@code {"backbone", "neckChannels", "numClasses"}} required; {@code "levels"} (5),
 * {@code "towerConvs"} (4), {@code "groups"} (32), {@code "priorProb"} (0.01), {@code
 * "centerSampleRadius"} (1.5), {@code "scoreThreshold"} (0.05), {@code "nmsIou"} (0.6), {@code
 * "topK"} (1000), {@code "maxDetections"} (100), {@code "minSize"} (384) and {@code "maxSize"}
 * (640) optional with those defaults (torchvision's
 * and mmdet's FCOS settings); all are always written.
 *
 * @param backbone the backbone: four stages, C3-C5 at strides 8, 16, 32 (an ImageNet-style
 *     {@code deep} or {@code resnet} stem, no dilation); its {@code numClasses} is ignored
 * @param neckChannels channels of every FPN level and of the head's towers, 1 to {@link
 *     SpecLimits#MAX_CHANNELS}
 * @param numClasses object classes (no background class: FCOS's classifier is one sigmoid per
 *     class), 1 to {@link SpecLimits#MAX_CLASSES}
 * @param levels pyramid levels, 3 to 5 (P3 up to P5, P6 or P7)
 * @param towerConvs 3x3 conv + GroupNorm + ReLU units in each of the two towers, 0 to {@value
 *     #MAX_TOWER_CONVS}
 * @param groups GroupNorm groups of the towers, 1 to {@code neckChannels}, dividing {@code
 *     neckChannels}
 * @param priorProb the probability every class starts at (the classifier's bias {@code
 *     -log((1 - p) / p)}), in (0, 1)
 * @param centerSampleRadius centre sampling: a location is a positive of a box only within {@code
 *     radius * stride} pixels of its centre (and inside it), positive and finite
 * @param scoreThreshold inference: candidates with a score below it are dropped, in [0, 1)
 * @param nmsIou inference: the IoU above which class-wise NMS suppresses a box, in (0, 1]
 * @param topK inference: the candidates kept per level before NMS, 1 to {@value #MAX_TOP_K}
 * @param maxDetections inference: detections kept per image after NMS, 1 to {@value
 *     #MAX_TOP_K}
 * @param minSize inference: an image is resized, its aspect kept, to this short side in pixels
 *     (torchvision's {@code min_size}; a training run writes its evaluation size), 32 to {@value
 *     #MAX_SIZE}
 * @param maxSize inference: ... unless its long side would then pass this many pixels, when the
 *     long side is resized to it instead ({@code max_size}), {@code minSize} to {@value
 *     #MAX_SIZE}
 */
@JsonPropertyOrder({"backbone", "neckChannels", "numClasses", "levels", "towerConvs", "groups",
    "priorProb", "centerSampleRadius", "scoreThreshold", "nmsIou", "topK", "maxDetections", "minSize", "maxSize"})
public record DetectionSpec(ResNetSpec backbone, int neckChannels, int numClasses, int levels,
        int towerConvs, int groups, double priorProb, double centerSampleRadius,
        double scoreThreshold, double nmsIou, int topK, int maxDetections, int minSize,
        int maxSize) {

    /** The default number of levels: P3-P7, as the FCOS paper. */
    public static final int DEFAULT_LEVELS = 5;

    /** The default convolutions per tower, the paper's. */
    public static final int DEFAULT_TOWER_CONVS = 4;

    /** The default GroupNorm groups, the paper's. */
    public static final int DEFAULT_GROUPS = 32;

    /** The default prior probability of the classifier's bias. */
    public static final double DEFAULT_PRIOR_PROB = 0.01;

    /** The default centre-sampling radius, in strides (torchvision's). */
    public static final double DEFAULT_CENTER_SAMPLE_RADIUS = 1.5;

    /** The default score threshold of inference (torchvision's). */
    public static final double DEFAULT_SCORE_THRESHOLD = 0.05;

    /** The default NMS IoU threshold (torchvision's and mmdet's). */
    public static final double DEFAULT_NMS_IOU = 0.6;

    /** The default candidates per level before NMS (torchvision's). */
    public static final int DEFAULT_TOP_K = 1000;

    /** The default detections per image (torchvision's and COCO's maxDets). */
    public static final int DEFAULT_MAX_DETECTIONS = 100;

    /** The default inference short side in pixels. */
    public static final int DEFAULT_MIN_SIZE = 384;

    /** The default inference cap of the long side in pixels. */
    public static final int DEFAULT_MAX_SIZE = 640;

    /** The largest {@code minSize} and {@code maxSize}. */
    public static final int MAX_SIZE = 8192;

    /** The most convolutions a tower may have. */
    public static final int MAX_TOWER_CONVS = 16;

    /** The largest {@code topK} and {@code maxDetections}. */
    public static final int MAX_TOP_K = 100_000;

    /** The stride of P3, the finest level; each level above doubles it. */
    public static final int FINEST_STRIDE = 8;

    /** The backbone stages the FPN reads: C3, C4, C5 ({@code ResNet}'s out indices). */
    private static final int[] OUT_INDICES = {2, 3, 4};

    /** Validates: {@link InvalidFieldException} naming the field. */
    public DetectionSpec {
        if (backbone == null) {
            throw new InvalidFieldException("backbone", "must be given");
        }
        int stages = backbone.stages().size();
        if (stages != 4) {
            throw new InvalidFieldException("backbone.stages", "FCOS reads C3-C5 of a four-stage "
                    + "backbone, got " + stages + " stages");
        }
        for (int i = 1; i < 4; i++) {
            int expected = FINEST_STRIDE << (i - 1);
            if (backbone.stageReduction(i) != expected) {
                throw new InvalidFieldException("backbone", "FCOS needs C3-C5 at strides 8, 16, "
                        + "32 (an undilated backbone with a deep or resnet stem), got C" + (i + 2)
                        + " at stride " + backbone.stageReduction(i));
            }
        }
        SpecLimits.inRange("neckChannels", neckChannels, 1, SpecLimits.MAX_CHANNELS);
        SpecLimits.inRange("numClasses", numClasses, 1, SpecLimits.MAX_CLASSES);
        SpecLimits.inRange("levels", levels, 3, 5);
        SpecLimits.inRange("towerConvs", towerConvs, 0, MAX_TOWER_CONVS);
        SpecLimits.inRange("groups", groups, 1, neckChannels);
        if (neckChannels % groups != 0) {
            throw new InvalidFieldException("groups", groups + " groups do not divide the "
                    + neckChannels + " neck channels");
        }
        if (!(priorProb > 0 && priorProb < 1)) {
            throw new InvalidFieldException("priorProb", "must be in (0, 1), got " + priorProb);
        }
        if (!(centerSampleRadius > 0) || !Double.isFinite(centerSampleRadius)) {
            throw new InvalidFieldException("centerSampleRadius", "must be positive and finite, "
                    + "got " + centerSampleRadius);
        }
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new InvalidFieldException("scoreThreshold", "must be in [0, 1), got "
                    + scoreThreshold);
        }
        if (!(nmsIou > 0 && nmsIou <= 1)) {
            throw new InvalidFieldException("nmsIou", "must be in (0, 1], got " + nmsIou);
        }
        SpecLimits.inRange("topK", topK, 1, MAX_TOP_K);
        SpecLimits.inRange("maxDetections", maxDetections, 1, MAX_TOP_K);
        SpecLimits.inRange("minSize", minSize, 32, MAX_SIZE);
        SpecLimits.inRange("maxSize", maxSize, minSize, MAX_SIZE);
        backbone = backbone.withNumClasses(0);
    }

    /**
     * A detector with the default levels (P3-P7), head (32 GroupNorm groups) and inference
     * settings.
     *
     * @param backbone the backbone
     * @param neckChannels channels of the FPN and the head, a multiple of 32
     * @param numClasses object classes
     */
    public DetectionSpec(ResNetSpec backbone, int neckChannels, int numClasses) {
        this(backbone, neckChannels, numClasses, DEFAULT_GROUPS);
    }

    /**
     * A detector with the default levels (P3-P7), head and inference settings.
     *
     * @param backbone the backbone
     * @param neckChannels channels of the FPN and the head
     * @param numClasses object classes
     * @param groups GroupNorm groups, dividing {@code neckChannels}
     */
    public DetectionSpec(ResNetSpec backbone, int neckChannels, int numClasses, int groups) {
        this(backbone, neckChannels, numClasses, DEFAULT_LEVELS, DEFAULT_TOWER_CONVS, groups,
                DEFAULT_PRIOR_PROB, DEFAULT_CENTER_SAMPLE_RADIUS, DEFAULT_SCORE_THRESHOLD,
                DEFAULT_NMS_IOU, DEFAULT_TOP_K, DEFAULT_MAX_DETECTIONS, DEFAULT_MIN_SIZE,
                DEFAULT_MAX_SIZE);
    }

    /** Reads the JSON form: absent optional fields take their defaults. */
    @JsonCreator
    static DetectionSpec fromJson(
            @JsonProperty(value = "backbone", required = true) ResNetSpec backbone,
            @JsonProperty(value = "neckChannels", required = true) int neckChannels,
            @JsonProperty(value = "numClasses", required = true) int numClasses,
            @JsonProperty("levels") Integer levels,
            @JsonProperty("towerConvs") Integer towerConvs,
            @JsonProperty("groups") Integer groups,
            @JsonProperty("priorProb") Double priorProb,
            @JsonProperty("centerSampleRadius") Double centerSampleRadius,
            @JsonProperty("scoreThreshold") Double scoreThreshold,
            @JsonProperty("nmsIou") Double nmsIou,
            @JsonProperty("topK") Integer topK,
            @JsonProperty("maxDetections") Integer maxDetections,
            @JsonProperty("minSize") Integer minSize,
            @JsonProperty("maxSize") Integer maxSize) {
        return new DetectionSpec(backbone, neckChannels, numClasses,
                or(levels, DEFAULT_LEVELS), or(towerConvs, DEFAULT_TOWER_CONVS),
                or(groups, DEFAULT_GROUPS), or(priorProb, DEFAULT_PRIOR_PROB),
                or(centerSampleRadius, DEFAULT_CENTER_SAMPLE_RADIUS),
                or(scoreThreshold, DEFAULT_SCORE_THRESHOLD), or(nmsIou, DEFAULT_NMS_IOU),
                or(topK, DEFAULT_TOP_K), or(maxDetections, DEFAULT_MAX_DETECTIONS),
                or(minSize, DEFAULT_MIN_SIZE), or(maxSize, DEFAULT_MAX_SIZE));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** @return this spec with another number of levels (3 to 5) */
    public DetectionSpec withLevels(int value) {
        return new DetectionSpec(backbone, neckChannels, numClasses, value, towerConvs, groups,
                priorProb, centerSampleRadius, scoreThreshold, nmsIou, topK, maxDetections,
                minSize, maxSize);
    }

    /** @return this spec with other object classes */
    public DetectionSpec withNumClasses(int value) {
        return new DetectionSpec(backbone, neckChannels, value, levels, towerConvs, groups,
                priorProb, centerSampleRadius, scoreThreshold, nmsIou, topK, maxDetections,
                minSize, maxSize);
    }

    /** @return this spec with another tower depth (0 to {@value #MAX_TOWER_CONVS}) */
    public DetectionSpec withTowerConvs(int value) {
        return new DetectionSpec(backbone, neckChannels, numClasses, levels, value, groups,
                priorProb, centerSampleRadius, scoreThreshold, nmsIou, topK, maxDetections,
                minSize, maxSize);
    }

    /**
     * @return this spec with other inference settings
     * @param score the score threshold, in [0, 1)
     * @param iou the NMS IoU threshold, in (0, 1]
     * @param k candidates per level
     * @param max detections per image
     */
    public DetectionSpec withInference(double score, double iou, int k, int max) {
        return new DetectionSpec(backbone, neckChannels, numClasses, levels, towerConvs, groups,
                priorProb, centerSampleRadius, score, iou, k, max, minSize, maxSize);
    }

    /**
     * @return this spec with another inference size
     * @param min the short side in pixels
     * @param max the cap of the long side in pixels
     */
    public DetectionSpec withInputSize(int min, int max) {
        return new DetectionSpec(backbone, neckChannels, numClasses, levels, towerConvs, groups,
                priorProb, centerSampleRadius, scoreThreshold, nmsIou, topK, maxDetections, min,
                max);
    }

    /** @return the backbone levels the FPN reads (1-based stages): {@code 2, 3, 4} = C3, C4, C5 */
    public int[] outIndices() {
        return OUT_INDICES.clone();
    }

    /** @return the channels of C3, C4 and C5, the FPN's inputs */
    public int[] backboneChannels() {
        int[] channels = new int[OUT_INDICES.length];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = backbone.stageChannels(OUT_INDICES[i] - 1);
        }
        return channels;
    }

    /** @return the FPN's stride-2 levels above P5: {@code levels - 3} (2 for P6-P7) */
    public int extraLevels() {
        return levels - OUT_INDICES.length;
    }

    /** @return each level's stride in input pixels, finest first: 8, 16, 32 (, 64 (, 128)) */
    public int[] strides() {
        int[] strides = new int[levels];
        for (int i = 0; i < levels; i++) {
            strides[i] = FINEST_STRIDE << i;
        }
        return strides;
    }

    /**
     * The regression size range of each level, finest first, torchvision's: level {@code i} of
     * stride {@code s} takes the locations whose largest distance {@code max(l, t, r, b)} lies in
     * {@code [4 s, 8 s]} pixels, with the lower bound of P3 0 and the upper bound of the coarsest
     * level infinite whatever the number of levels. For 5 levels {@code [0, 64], [64, 128], [128,
     * 256], [256, 512], [512, inf)}; for 3 {@code [0, 64], [64, 128], [128, inf)}.
     *
     * @return {@code [levels][2]}: {lower, upper} in pixels; the last upper is {@link
     *     Double#POSITIVE_INFINITY}
     */
    public double[][] sizeRanges() {
        int[] strides = strides();
        double[][] ranges = new double[levels][];
        for (int i = 0; i < levels; i++) {
            double lower = i == 0 ? 0 : 4.0 * strides[i];
            double upper = i == levels - 1 ? Double.POSITIVE_INFINITY : 8.0 * strides[i];
            ranges[i] = new double[] {lower, upper};
        }
        return ranges;
    }

    /** @return the classifier's initial bias, {@code -log((1 - priorProb) / priorProb)} */
    public double classBias() {
        return -Math.log((1 - priorProb) / priorProb);
    }
}
