package dev.hsresnet.vision.detection;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.complexity.StageCost;
import dev.hsresnet.core.nn.Layers;

/**
 * Parameters and MACs of an FCOS detector for one image, by the convention of {@link Complexity}
 * (a convolution costs {@code out_h * out_w * out_channels * in_channels * k * k}; BatchNorm and
 * GroupNorm affine parameters, conv biases and the per-level scales count as parameters;
 * normalization, activations, the scales' multiplications, resizes and additions cost nothing).
 * Decoding and NMS are not counted.
 *
 * @param backbone the backbone's cost (headless; its stem and all four stages)
 * @param levelSizes {height, width} of every pyramid level at this input, finest first
 * @param neckParams the FPN's parameters (laterals, output convolutions, extra levels)
 * @param neckMacs the FPN's MACs
 * @param headParams the FCOS head's parameters (shared over the levels, counted once)
 * @param headMacs the FCOS head's MACs, summed over the levels
 */
public record DetectionComplexity(Complexity backbone, int[][] levelSizes, long neckParams,
        long neckMacs, long headParams, long headMacs) {

    /**
     * @param spec the network
     * @param height input height in pixels
     * @param width input width in pixels
     * @return its cost
     * @throws IllegalArgumentException when the input size is not positive
     */
    public static DetectionComplexity of(DetectionSpec spec, int height, int width) {
        Complexity backbone = Complexity.of(spec.backbone(), height, width);
        long n = spec.neckChannels();
        int levels = spec.levels();
        int[][] sizes = new int[levels][];
        long neckParams = 0;
        long neckMacs = 0;
        int[] outIndices = spec.outIndices();
        for (int i = 0; i < outIndices.length; i++) {
            StageCost c = backbone.stages().get(outIndices[i]); // stages: stem, layer1..4
            long pixels = c.outHeight() * c.outWidth();
            long in = c.outChannels();
            neckParams += in * n + n + 9 * n * n + n;
            neckMacs += pixels * (in * n + 9 * n * n);
            sizes[i] = new int[] {Math.toIntExact(c.outHeight()), Math.toIntExact(c.outWidth())};
        }
        for (int i = outIndices.length; i < levels; i++) {
            long h = Layers.outSize(sizes[i - 1][0], 3, 2, 1);
            long w = Layers.outSize(sizes[i - 1][1], 3, 2, 1);
            neckParams += 9 * n * n + n;
            neckMacs += h * w * 9 * n * n;
            sizes[i] = new int[] {Math.toIntExact(h), Math.toIntExact(w)};
        }
        long classes = spec.numClasses();
        long towers = 2L * spec.towerConvs();
        long predictors = classes + 4 + 1;
        long headParams = towers * (9 * n * n + 2 * n) + 9 * n * predictors + predictors + levels;
        long perLocation = towers * 9 * n * n + 9 * n * predictors;
        long locations = 0;
        for (int[] s : sizes) {
            locations += (long) s[0] * s[1];
        }
        return new DetectionComplexity(backbone, sizes, neckParams, neckMacs, headParams,
                locations * perLocation);
    }

    /** @return the locations of all levels, {@code P}: the outputs' second axis */
    public long locations() {
        long p = 0;
        for (int[] s : levelSizes) {
            p += (long) s[0] * s[1];
        }
        return p;
    }

    /** @return all learnable parameters (BN running statistics excluded) */
    public long params() {
        return backbone.params() + neckParams + headParams;
    }

    /** @return the MACs of a forward */
    public long macs() {
        return backbone.macs() + neckMacs + headMacs;
    }

    /** @return {@link #macs()} in billions */
    public double gmacs() {
        return macs() / 1e9;
    }
}
