package dev.hsresnet.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsresnet.core.complexity.Complexity;
import dev.hsresnet.core.models.Models;
import dev.hsresnet.core.spec.ResNetSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    @Test
    void everyCandidatesSummedCostIsItsExactComplexity() {
        SearchSpace space = TinySpaces.space();
        assertEquals(1000, space.size());
        CostModel costs = CostModel.of(space);
        int[] c = new int[3];
        for (int m = 0; m < space.size(); m++) {
            ResNetSpec spec = space.spec(c);
            Complexity exact = Complexity.of(spec, 32);
            assertEquals(exact.params(), costs.params(c), space.label(c));
            assertEquals(exact.macs(), costs.macs(c), space.label(c));
            assertArrayEquals(c, space.choiceOf(spec));
            for (int i = 2; i >= 0 && ++c[i] == 10; i--) {
                c[i] = 0;
            }
        }
    }

    @Test
    void blockKeysFollowTheNetworksShapes() {
        SearchSpace space = SearchSpace.around(Models.get("hs_resnet50"), List.of(4),
                List.of(24), List.of(0), false, true);
        CostModel costs = CostModel.of(space);
        assertEquals("in64-p64-out256-hs4w24-s1-56x56", costs.firstBlock(0, 0).id());
        assertEquals("in256-p64-out256-hs4w24-s1-56x56", costs.repeatBlock(0, 0).id());
        assertEquals("in256-p128-out512-hs4w48-s2-stage-56x56", costs.firstBlock(1, 0).id());
        assertEquals("in512-p128-out512-hs4w48-s1-28x28", costs.repeatBlock(1, 0).id());
        assertEquals("in1024-p512-out2048-hs4w192-s2-stage-14x14", costs.firstBlock(3, 0).id());
        assertEquals(8, costs.blocks().size());
        assertEquals(Complexity.of(Models.get("hs_resnet50").spec(), 224).params(),
                costs.params(new int[4]));
    }

    @Test
    void anEmptySpaceOrAnInvalidOptionIsRefusedByName() {
        var empty = assertThrows(IllegalArgumentException.class, () -> SearchSpace.around(
                TinySpaces.base(), List.of(2), List.of(2), List.of(0), false, false));
        assertTrue(empty.getMessage().contains("empty") && empty.getMessage().contains("stage 1"),
                empty.getMessage());
        var badS = assertThrows(IllegalArgumentException.class, () -> SearchSpace.around(
                TinySpaces.base(), List.of(9), List.of(2), List.of(0), false, true));
        assertTrue(badS.getMessage().contains("s=9"), badS.getMessage());
        var noDepth = assertThrows(IllegalArgumentException.class, () -> SearchSpace.around(
                TinySpaces.base(), List.of(2), List.of(2), List.of(-5), true, true));
        assertTrue(noDepth.getMessage().contains("empty"), noDepth.getMessage());
    }

    @Test
    void aHugeSpaceIsRefusedWithItsSize() {
        SearchSpace space = SearchSpace.around(Models.get("hs_resnet152"), List.of(2, 3, 4, 5,
                6, 7, 8), List.of(8, 12, 16, 20, 24, 28, 32), List.of(-2, -1, 0, 1, 2), true, true);
        assertEquals((long) Math.pow(5 * 50, 4), space.size());
        var e = assertThrows(IllegalArgumentException.class, () -> Enumeration.run(
                CostModel.of(space), null, Budget.NONE, Goal.FASTEST, 1));
        assertTrue(e.getMessage().contains("3,906,250,000 candidates"), e.getMessage());
    }
}
