package dev.hsresnet.core.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.engine.ConvCheck;
import dev.hsresnet.core.engine.ConvPath;
import dev.hsresnet.core.nn.Conv;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Guards against ENGINE bug 1 as measured here (docs/engine.md): libtorch 2.7.1's oneDNN computes
 * wrong NCHW 3x3 convolutions on the project's build machines when input channels are above 16
 * and not a multiple of 16 (forward), for many output channel counts (input gradient), and for a
 * 1-channel input (input gradient). The project's {@link Conv} on its workaround path ({@link
 * ConvPath#CHANNELS_LAST}, forced here whatever path this machine's self-test chose, so that the
 * AMD path stays tested everywhere) must match the plain-loop reference in the forward pass and
 * both gradients, at batch 2 (batch 1 takes another path), for those shapes and for the 1x1 and
 * 7x7 shapes the networks use.
 */
class ConvCorrectnessTest {

    @ParameterizedTest(name = "{0}->{1} k{2} s{3}")
    @CsvSource({
        "24, 36, 3, 1", "36, 42, 3, 1", "17, 17, 3, 1", "45, 48, 3, 1",
        "16, 12, 3, 1", "12, 12, 3, 1", "5, 5, 3, 1", "3, 15, 3, 1",
        "1, 8, 3, 1", "1, 1, 3, 1", "48, 48, 3, 2", "36, 5, 3, 2",
        "3, 32, 3, 2", "3, 64, 7, 2", "1, 16, 7, 2",
        "40, 24, 1, 1", "24, 96, 1, 1", "64, 256, 1, 2", "512, 1024, 1, 2",
    })
    void matchesThePlainLoopReference(int in, int out, int kernel, int stride) {
        ConvCheck.Errors e = ConvCheck.errors(new ConvCheck.Problem(2, in, out, kernel, stride, 9),
                ConvPath.CHANNELS_LAST, false);
        assertTrue(e.ok(), in + "->" + out + " k" + kernel + " s" + stride + ": " + e);
    }
}
