package dev.hsresnet.data.mask;

import java.util.Arrays;

/**
 * COCO's compressed counts string, pycocotools' {@code rleToString} and {@code rleFrString}.
 * Each count is written as a signed number in 5-bit groups, least significant group first; a
 * group is the character {@code '0' + g} (48..111), where {@code g} holds 5 bits of the number
 * and bit {@code 0x20} is set while more groups follow. Writing stops once the rest of the
 * number is all 0 bits (or, for a negative number, all 1 bits) and the last group's bit
 * {@code 0x10} already shows that sign; reading sign-extends from that bit. From the fourth
 * count on ({@code i > 2}), the number written is the count minus the count two places before,
 * which is small for masks whose runs repeat from column to column.
 */
final class CocoRleString {

    private static final int FIRST = '0';
    private static final int LAST = FIRST + 63;
    /** 7 groups carry 35 bits: any difference of two 31-bit counts, with its sign. */
    private static final int MAX_GROUPS = 7;

    private CocoRleString() {}

    static String encode(int[] counts) {
        StringBuilder s = new StringBuilder(counts.length * 2);
        for (int i = 0; i < counts.length; i++) {
            long x = counts[i];
            if (i > 2) {
                x -= counts[i - 2];
            }
            boolean more = true;
            while (more) {
                int group = (int) (x & 0x1f);
                x >>= 5;
                more = (group & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    group |= 0x20;
                }
                s.append((char) (FIRST + group));
            }
        }
        return s.toString();
    }

    /**
     * @return the counts, not yet checked against a size
     * @throws IllegalArgumentException on a bad character, a string ending inside a count, a
     *     count with more than 7 groups, or a count that is negative or beyond 31 bits
     */
    static int[] decode(String s) {
        int[] counts = new int[s.length()];
        int m = 0;
        int p = 0;
        while (p < s.length()) {
            int start = p;
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p == s.length()) {
                    throw new IllegalArgumentException("RLE string ends inside count " + m
                            + " (its last character, at index " + (p - 1) + ", says more follow)");
                }
                char c = s.charAt(p);
                if (c < FIRST || c > LAST) {
                    throw new IllegalArgumentException("RLE string has character '" + c + "' (code "
                            + (int) c + ") at index " + p + ", outside '0'..'o'");
                }
                int group = c - FIRST;
                if (k == MAX_GROUPS) {
                    throw new IllegalArgumentException("RLE string count " + m + " (from index "
                            + start + ") has more than " + MAX_GROUPS + " characters");
                }
                x |= (long) (group & 0x1f) << (5 * k);
                more = (group & 0x20) != 0;
                p++;
                k++;
                if (!more && (group & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            if (m > 2) {
                x += counts[m - 2];
            }
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("RLE string count " + m + " (from index "
                        + start + ") decodes to " + x + ", outside 0..2^31-1");
            }
            counts[m++] = (int) x;
        }
        return Arrays.copyOf(counts, m);
    }
}
