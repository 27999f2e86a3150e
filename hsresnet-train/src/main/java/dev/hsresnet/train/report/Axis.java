package dev.hsresnet.train.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Axis arithmetic for the plots: 1-2-5 tick steps, decade ticks and tick labels. */
final class Axis {
    private Axis() {
    }

    /** A tick: where it is and what it reads. */
    record Tick(double value, String label, boolean major) {
    }

    /** Ticks plus the axis range they imply. */
    record Scale(double lo, double hi, List<Tick> ticks) {
    }

    /**
     * The 1-2-5 step (times a power of ten) that splits {@code range} into at most about
     * {@code maxTicks} intervals.
     */
    static double niceStep(double range, int maxTicks) {
        if (!(range > 0) || !Double.isFinite(range)) {
            return 1;
        }
        double rough = range / Math.max(1, maxTicks);
        double mag = Math.pow(10, Math.floor(Math.log10(rough)));
        double r = rough / mag;
        double m = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
        return m * mag;
    }

    /** Decimal places that the labels of a 1-2-5 step need. */
    static int decimals(double step) {
        return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    }

    /**
     * Linear scale whose ends are whole steps enclosing [lo, hi] ("loose" labelling).
     *
     * @param integerStep whether the step must be a whole number (epochs)
     */
    static Scale linearLoose(double lo, double hi, int maxTicks, boolean integerStep) {
        double[] r = widen(lo, hi);
        double step = niceStep(r[1] - r[0], maxTicks);
        if (integerStep) {
            step = Math.max(1, Math.rint(step));
        }
        double a = Math.floor(r[0] / step + 1e-9) * step;
        double b = Math.ceil(r[1] / step - 1e-9) * step;
        return new Scale(a, b, linearTicks(a, b, step));
    }

    /**
     * Linear scale covering exactly [lo, hi] plus {@code padFraction} of the range each side, with
     * nice ticks inside it.
     */
    static Scale linearTight(double lo, double hi, double padFraction, int maxTicks, boolean integerStep) {
        double[] r = widen(lo, hi);
        double pad = (r[1] - r[0]) * padFraction;
        double a = r[0] - pad;
        double b = r[1] + pad;
        double step = niceStep(r[1] - r[0], maxTicks);
        if (integerStep) {
            step = Math.max(1, Math.rint(step));
        }
        return new Scale(a, b, linearTicks(a, b, step));
    }

    private static double[] widen(double lo, double hi) {
        if (hi > lo) {
            return new double[] {lo, hi};
        }
        double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
        return new double[] {lo - d, hi + d};
    }

    private static List<Tick> linearTicks(double a, double b, double step) {
        List<Tick> ticks = new ArrayList<>();
        if (!Double.isFinite(b - a) || !(step > 0) || (b - a) / step > 200) {
            // Absurd ranges (values near Double.MAX_VALUE): label the ends only.
            double maxAbs = Math.max(Math.abs(a), Math.abs(b));
            ticks.add(new Tick(a, label(a, Math.max(Math.abs(a), 1), maxAbs), true));
            ticks.add(new Tick(b, label(b, Math.max(Math.abs(b), 1), maxAbs), true));
            return ticks;
        }
        long k0 = (long) Math.ceil(a / step - 1e-9);
        long k1 = (long) Math.floor(b / step + 1e-9);
        double maxAbs = Math.max(Math.abs(a), Math.abs(b));
        for (long k = k0; k <= k1; k++) {
            double v = k * step;
            ticks.add(new Tick(v, label(v, step, maxAbs), true));
        }
        return ticks;
    }

    /** Label of {@code v} on an axis with the given step; scientific for very small or large values. */
    static String label(double v, double step, double maxAbs) {
        int dec = decimals(step);
        BigDecimal bd = BigDecimal.valueOf(v).setScale(dec, RoundingMode.HALF_UP);
        if (bd.signum() == 0) {
            return "0";
        }
        if (dec > 4 || maxAbs >= 1e6) {
            return scientific(bd);
        }
        return bd.toPlainString();
    }

    private static String scientific(BigDecimal bd) {
        BigDecimal s = bd.stripTrailingZeros();
        int exponent = s.precision() - s.scale() - 1;
        return s.movePointLeft(exponent).toPlainString() + "e" + exponent;
    }

    /**
     * Log scale from the decade at or below {@code lo} to the decade at or above {@code hi}
     * (both &gt; 0). Decades are labelled; with few decades 2 and 5 are labelled too, and the
     * other multiples are unlabelled minor ticks.
     */
    static Scale log(double lo, double hi) {
        int d0 = (int) Math.floor(Math.log10(lo) + 1e-9);
        int d1 = (int) Math.ceil(Math.log10(hi) - 1e-9);
        if (d1 <= d0) {
            d1 = d0 + 1;
        }
        int decades = d1 - d0;
        int every = Math.max(1, (int) Math.ceil(decades / 8.0));
        List<Tick> ticks = new ArrayList<>();
        for (int d = d0; d <= d1; d++) {
            double base = Math.pow(10, d);
            if ((d - d0) % every == 0) {
                ticks.add(new Tick(base, logLabel(d, 1), true));
            }
            if (d == d1 || decades > 6) {
                continue;
            }
            for (int m = 2; m <= 9; m++) {
                boolean labelled = decades <= 2 && (m == 2 || m == 5);
                ticks.add(new Tick(m * base, labelled ? logLabel(d, m) : "", labelled));
            }
        }
        return new Scale(Math.pow(10, d0), Math.pow(10, d1), ticks);
    }

    private static String logLabel(int decade, int mantissa) {
        if (decade >= -3 && decade <= 4) {
            return BigDecimal.valueOf(mantissa).scaleByPowerOfTen(decade).stripTrailingZeros().toPlainString();
        }
        return mantissa + "e" + decade;
    }
}
