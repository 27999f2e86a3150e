package dev.hsresnet.vision.segmentation;

/** A head whose BatchNorms fold into its convolutions for inference. */
interface FoldableHead {

    /** Folds every BatchNorm of the head into the convolution before it; again does nothing. */
    void foldBatchNorm();
}
