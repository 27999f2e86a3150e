package dev.hsresnet.train.loop;

/** The loss became NaN or infinite: the run stopped, keeping its last good checkpoint. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, where, and what to try */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
