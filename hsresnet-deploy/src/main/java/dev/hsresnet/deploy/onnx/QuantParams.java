package dev.hsresnet.deploy.onnx;

/**
 * The affine uint8 quantization of one activation tensor: {@code real = scale * (q - zeroPoint)},
 * {@code q} in 0..255, as ONNX {@code QuantizeLinear} / {@code DequantizeLinear} define it.
 *
 * @param scale real units per step, positive
 * @param zeroPoint the {@code q} that stands for 0.0, 0..255
 */
record QuantParams(float scale, int zeroPoint) {

    /** The largest uint8 code. */
    static final int UINT8_MAX = 255;

    QuantParams {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("quantization scale must be positive and finite, "
                    + "got " + scale);
        }
        if (zeroPoint < 0 || zeroPoint > UINT8_MAX) {
            throw new IllegalArgumentException("uint8 zero point must be 0..255, got "
                    + zeroPoint);
        }
    }

    /**
     * Asymmetric uint8 parameters covering a calibrated range widened to include 0 (so that 0.0,
     * the padding value, is exact). A range of one value gets scale 1.
     *
     * @param range the calibrated range, not empty, finite
     * @param name the tensor, for the error message
     * @return the parameters
     * @throws IllegalArgumentException for an empty or non-finite range
     */
    static QuantParams uint8(ValueRange range, String name) {
        if (range.isEmpty() || !Float.isFinite(range.min()) || !Float.isFinite(range.max())) {
            throw new IllegalArgumentException("calibration range of '" + name + "' is "
                    + (range.isEmpty() ? "empty" : "[" + range.min() + ", " + range.max() + "]")
                    + ": cannot quantize it");
        }
        float lo = Math.min(range.min(), 0f);
        float hi = Math.max(range.max(), 0f);
        if (hi == lo) {
            return new QuantParams(1f, 0);
        }
        float scale = (hi - lo) / UINT8_MAX;
        int zero = (int) Math.rint(-lo / scale);
        return new QuantParams(scale, Math.max(0, Math.min(UINT8_MAX, zero)));
    }
}
