package dev.hsresnet.bench;

import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * The command line of a step benchmark ({@code SegStepBench}, {@code DetStepBench}): {@code MODEL
 * BATCH HEIGHT WIDTH WARMUP REPEATS}, then the benchmark's own arguments.
 *
 * @param model the registered name
 * @param batch images per step
 * @param height input height, pixels
 * @param width input width, pixels
 * @param timing warm-up and timed steps
 */
public record StepArgs(String model, int batch, int height, int width, TimingPolicy timing) {

    /**
     * @param args at least the six arguments above
     * @return them parsed
     * @throws IllegalArgumentException when fewer are given or a number is not one
     */
    public static StepArgs parse(String[] args) {
        if (args.length < 6) {
            throw new IllegalArgumentException(
                    "usage: MODEL BATCH HEIGHT WIDTH WARMUP REPEATS ..., got " + args.length
                            + " arguments");
        }
        return new StepArgs(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), TimingPolicy.steps(Integer.parseInt(args[4]),
                        Integer.parseInt(args[5])));
    }

    /** @return the input shape {@code (batch, 3, height, width)} */
    public Shape shape() {
        return new Shape(batch, 3, height, width);
    }

    /** @return {@link #shape()}'s worth of standard-normal pixels from {@code rng} */
    public float[] gaussianPixels(SplittableRandom rng) {
        float[] pixels = new float[Math.toIntExact(shape().size())];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rng.nextGaussian();
        }
        return pixels;
    }

    /**
     * Prints one {@link StepLine} for these arguments.
     *
     * @param engine {@code djl} or {@code ort}
     * @param mode {@code train} or {@code inference}
     * @param ms each timed step, milliseconds
     */
    public void print(String engine, String mode, double[] ms) {
        System.out.println(StepLine.of(engine, model, mode, batch, height, width, ms));
    }
}
