package dev.hsresnet.core.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Regression tests for the two libtorch 2.7.1 bugs of ENGINE.md, each in a child JVM so that a
 * native crash is a failed test, not a dead build.
 */
class LibtorchBugsTest {

    @Test
    void hsBlockGradientsStayFiniteWithTwoThreads() throws Exception {
        ChildJvm.Result r = ChildJvm.run(HsBlockTrainingChild.class, 300);
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void plainShortcutBackwardWithManyChannelsDoesNotCrash() throws Exception {
        ChildJvm.Result r = ChildJvm.run(StridedPointwiseBackward.class, 300);
        assertEquals(0, r.exitCode(), r.output());
    }
}
