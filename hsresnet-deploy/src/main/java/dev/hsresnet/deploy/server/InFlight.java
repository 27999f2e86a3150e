package dev.hsresnet.deploy.server;

/** Counts requests being handled, so that closing the server can wait for them to be answered. */
final class InFlight {

    private int count;

    /** A request started. */
    synchronized void enter() {
        count++;
    }

    /** A request was answered (or abandoned). */
    synchronized void exit() {
        if (--count == 0) {
            notifyAll();
        }
    }

    /** @return requests being handled now */
    synchronized int count() {
        return count;
    }

    /**
     * Waits until no request is being handled.
     *
     * @param timeoutNanos the longest wait
     * @return whether every request was answered in time
     */
    synchronized boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
