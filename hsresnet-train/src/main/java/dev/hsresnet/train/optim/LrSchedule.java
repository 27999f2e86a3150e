package dev.hsresnet.train.optim;

import java.util.List;

/**
 * The learning rate as a function of the optimizer step: a linear warmup from {@code base /
 * warmupSteps} to {@code base}, then cosine decay to {@code minLr} over the remaining steps, or
 * step decay by {@code gamma} at each milestone epoch.
 *
 * @param base peak learning rate
 * @param minLr floor of the cosine decay
 * @param warmupSteps steps of linear warmup (0 for none)
 * @param totalSteps steps of the whole run
 * @param stepsPerEpoch optimizer steps in one epoch (for milestones)
 * @param cosine cosine decay if true, else step decay
 * @param milestones epochs at which step decay multiplies by {@code gamma}
 * @param gamma step decay factor
 */
public record LrSchedule(
        double base,
        double minLr,
        long warmupSteps,
        long totalSteps,
        long stepsPerEpoch,
        boolean cosine,
        List<Integer> milestones,
        double gamma) {

    /** Validates the schedule. */
    public LrSchedule {
        if (!(base > 0) || !(minLr >= 0) || minLr > base) {
            throw new IllegalArgumentException(
                    "learning rates must satisfy 0 <= minLr <= lr, lr > 0; got lr " + base
                            + ", minLr " + minLr);
        }
        if (totalSteps < 1 || stepsPerEpoch < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("bad schedule length: " + warmupSteps
                    + " warmup steps of " + totalSteps + " total, " + stepsPerEpoch + " per epoch");
        }
        milestones = List.copyOf(milestones);
    }

    /**
     * @param step 0-based optimizer step
     * @return the learning rate to use for that step
     */
    public double at(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        if (cosine) {
            long span = Math.max(1, totalSteps - warmupSteps);
            double t = Math.min(1.0, (double) (step - warmupSteps) / span);
            return minLr + 0.5 * (base - minLr) * (1 + Math.cos(Math.PI * t));
        }
        long epoch = step / stepsPerEpoch;
        int passed = (int) milestones.stream().filter(m -> epoch >= m).count();
        return base * Math.pow(gamma, passed);
    }
}
