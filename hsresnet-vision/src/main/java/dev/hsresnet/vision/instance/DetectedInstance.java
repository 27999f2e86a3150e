package dev.hsresnet.vision.instance;

import dev.hsresnet.data.mask.InstanceMask;
import dev.hsresnet.vision.detection.DetectedBox;

/**
 * One instance of a decoded image: its detection (class, score, box in original pixels) and its
 * mask over the original image.
 *
 * @param box the detection, as {@link dev.hsresnet.vision.detection.FcosDecoder} returns it
 * @param mask the object's pixels in the original image
 */
public record DetectedInstance(DetectedBox box, InstanceMask mask) {}
