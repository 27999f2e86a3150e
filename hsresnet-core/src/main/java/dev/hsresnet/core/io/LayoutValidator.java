package dev.hsresnet.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks that the tensors tile the data section exactly: every tensor lies inside it, no two
 * overlap, and there are no gaps or trailing bytes. Without this, a crafted header could make two
 * tensors alias the same bytes or hide unreferenced data in the file.
 */
final class LayoutValidator {
    private LayoutValidator() {
    }

    /**
     * @param file used in error messages only
     * @param tensors entries that already passed per-entry checks (begin <= end, size matches shape)
     * @param dataBytes size of the data section
     */
    static void validate(Path file, Map<String, TensorInfo> tensors, long dataBytes) throws SafetensorsException {
        for (Map.Entry<String, TensorInfo> e : tensors.entrySet()) {
            TensorInfo t = e.getValue();
            if (t.end() > dataBytes) {
                throw new SafetensorsException(file, "tensor '" + e.getKey() + "' ends at data offset " + t.end()
                        + " but the data section has only " + dataBytes + " bytes (file truncated?)");
            }
        }
        List<Map.Entry<String, TensorInfo>> byOffset = new ArrayList<>(tensors.entrySet());
        byOffset.sort(Comparator.comparingLong((Map.Entry<String, TensorInfo> e) -> e.getValue().begin())
                .thenComparingLong(e -> e.getValue().end()));
        long covered = 0; // every byte in [0, covered) belongs to exactly one tensor seen so far
        String previous = null;
        long previousBegin = 0;
        for (Map.Entry<String, TensorInfo> e : byOffset) {
            TensorInfo t = e.getValue();
            if (t.begin() < covered) {
                throw new SafetensorsException(file, "tensors '" + previous + "' [" + previousBegin + ", " + covered
                        + "] and '" + e.getKey() + "' [" + t.begin() + ", " + t.end() + "] overlap");
            }
            if (t.begin() > covered) {
                throw new SafetensorsException(file, "data section bytes [" + covered + ", " + t.begin()
                        + ") are not covered by any tensor (hole before tensor '" + e.getKey() + "')");
            }
            // A zero-size tensor leaves 'covered' unchanged and must not become the overlap partner
            // reported for the next tensor, since it occupies no bytes.
            if (t.end() > t.begin()) {
                covered = t.end();
                previous = e.getKey();
                previousBegin = t.begin();
            }
        }
        if (covered < dataBytes) {
            throw new SafetensorsException(file, "data section has " + (dataBytes - covered)
                    + " trailing bytes after the last tensor (tensors end at " + covered + ", data section is "
                    + dataBytes + " bytes)");
        }
    }
}
