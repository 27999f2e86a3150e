package dev.hsresnet.core.engine;

import java.util.List;

/**
 * The outcome of one {@link SelfTestCase} on one path.
 *
 * @param conv the case's {@link SelfTestCase#label}
 * @param family the case's {@link SelfTestCase#family}
 * @param status what happened
 * @param forward relative error of the output; null when not finite or not measured
 * @param inputGradient relative error of the input gradient; null likewise
 * @param weightGradient relative error of the weight gradient; null likewise
 * @param detail for a crash or a time-out, how the child JVM ended (e.g. {@code "the JVM died
 *     of SIGFPE (exit status 134)"}); else null
 * @param crashReport for a crash, the first lines of the JVM's fatal error report (signal,
 *     versions, problematic frame; the file itself is deleted, {@link CrashReport}); else null
 */
public record CaseResult(
        String conv, String family, Status status, Double forward, Double inputGradient,
        Double weightGradient, String detail, List<String> crashReport) {

    /** What happened to a case. */
    public enum Status {
        /** All three errors within {@link ConvCheck#TOLERANCE}. */
        OK,
        /** A result off by more than the tolerance, or not finite. */
        WRONG,
        /** The child JVM died while running it. */
        CRASHED,
        /** The child JVM ran out of time while running it. */
        TIMED_OUT,
        /** Not run (the self-test's time ran out, or its child JVM failed before it). */
        NOT_RUN
    }

    /** @return the result of a case that ran to the end */
    static CaseResult measured(SelfTestCase c, ConvCheck.Errors e) {
        return new CaseResult(c.label(), c.family(), e.ok() ? Status.OK : Status.WRONG,
                finite(e.forward()), finite(e.inputGradient()), finite(e.weightGradient()), null,
                null);
    }

    /** @return the result of a case that did not run to the end */
    static CaseResult failed(SelfTestCase c, Status status, String detail) {
        return crashed(c, status, detail, null);
    }

    /** @return the result of a case whose child JVM died, with its fatal error report's head */
    static CaseResult crashed(SelfTestCase c, Status status, String detail, List<String> report) {
        return new CaseResult(c.label(), c.family(), status, null, null, null, detail,
                report == null ? null : List.copyOf(report));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
