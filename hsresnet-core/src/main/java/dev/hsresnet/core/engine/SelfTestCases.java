package dev.hsresnet.core.engine;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.complexity.ConvShape;
import dev.hsresnet.core.models.ModelEntry;
import dev.hsresnet.core.models.Models;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The convolutions {@link EnginePathSelfTest} checks, in a fixed order (a crash is reported by
 * index, so parent and child must agree): the known failures of docs/engine.md at batch 2 on 9x9
 * inputs, then every distinct convolution of every registered network at batch 2 on 7x7 inputs,
 * then the two shapes that killed the process with SIGFPE on the AMD build machines (last, so a
 * crash there costs no other result).
 */
public final class SelfTestCases {

    /** Batch of every case: batch 1 takes another libtorch kernel than training does. */
    static final int BATCH = 2;
    /** Input size of the known failures (that of {@link ConvCheck}). */
    static final int KNOWN_SIZE = 9;
    /** Input size of the networks' shapes: small, to keep the plain-loop reference fast. */
    static final int NETWORK_SIZE = 7;

    private static final List<SelfTestCase> ALL = build();

    private SelfTestCases() {}

    /** @return every case, in the order the self-test runs them */
    public static List<SelfTestCase> all() {
        return ALL;
    }

    private static List<SelfTestCase> build() {
        List<SelfTestCase> cases = new ArrayList<>();
        for (int[] c : ConvCheck.CASES) {
            cases.add(new SelfTestCase(knownFamily(c), c[0], c[1], c[2], c[3], 1, BATCH,
                    KNOWN_SIZE, false));
        }
        // dilated backbones (output stride 8 or 16) use dilated 3x3s: another oneDNN kernel
        cases.add(new SelfTestCase("3x3 dilation 2 (dilated backbones)", 24, 36, 3, 1, 2, BATCH,
                KNOWN_SIZE, false));
        cases.add(new SelfTestCase("3x3 dilation 4 (dilated backbones)", 32, 32, 3, 1, 4, BATCH,
                KNOWN_SIZE, false));
        Map<ConvShape, List<String>> users = new LinkedHashMap<>();
        for (ModelEntry e : Models.list()) {
            for (ConvShape s : Complexity.convShapes(e.spec())) {
                users.computeIfAbsent(s, k -> new ArrayList<>()).add(e.name());
            }
        }
        users.forEach((s, names) -> cases.add(new SelfTestCase("network shape of "
                + String.join(", ", names), s.in(), s.out(), s.kernel(), s.stride(),
                s.dilation(), BATCH, NETWORK_SIZE, false)));
        cases.add(new SelfTestCase("1x1 stride 2 backward with >= 512 channels (SIGFPE)",
                512, 1024, 1, 2, 1, BATCH, 14, false));
        cases.add(new SelfTestCase("1x1 on a channels-last input (SIGFPE in planning)",
                64, 256, 1, 1, 1, BATCH, KNOWN_SIZE, true));
        return List.copyOf(cases);
    }

    /** @return the docs/engine.md family a {@link ConvCheck#CASES} entry stands for */
    private static String knownFamily(int[] c) {
        int in = c[0];
        int out = c[1];
        if (in == 1) {
            return "3x3 with a 1-channel input (input gradient)";
        }
        if (c[3] == 2) {
            return "3x3 stride 2 with 48 channels (input gradient)";
        }
        if (in > 16 && in % 16 != 0) {
            return "3x3 with input channels > 16, not a multiple of 16 (forward)";
        }
        if (out % 16 != 0) {
            return "3x3 with output channels not a multiple of 16 (input gradient)";
        }
        return "3x3 with channels a multiple of 16 (right on the AMD build machines)";
    }
}
