package dev.hsresnet.core.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What a training loop does to memory between a forward and its backward, in a few milliseconds:
 * garbage collections, after which direct buffers nobody holds are freed, and new small direct
 * buffers, filled with NaN, that take the freed native memory.
 */
public final class GcPressure {

    private GcPressure() {}

    /** @return the NaN-filled buffers (keep them until the backward is done) */
    public static List<ByteBuffer> apply() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        List<ByteBuffer> held = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(Float.BYTES).order(ByteOrder.nativeOrder());
            b.putFloat(0, Float.NaN);
            held.add(b);
        }
        return held;
    }
}
