package dev.hsresnet.core.complexity;

/**
 * Parameters and multiply-accumulates of one part of a network at a given input size.
 *
 * @param name {@code stem}, {@code layer1} .. {@code layerN}, or {@code head}
 * @param outChannels channels leaving this part (classes for the head)
 * @param reduction stride of the output relative to the input (1 for the head)
 * @param outHeight output height in pixels (1 for the head)
 * @param outWidth output width in pixels (1 for the head)
 * @param params learnable parameters: conv and linear weights, linear bias, BN gamma and beta
 *     (running statistics are buffers, not parameters)
 * @param macs multiply-accumulates of the convolutions and the linear layer for one image (BN,
 *     ReLU, pooling and additions are not counted)
 */
public record StageCost(
        String name,
        int outChannels,
        int reduction,
        long outHeight,
        long outWidth,
        long params,
        long macs) {}
