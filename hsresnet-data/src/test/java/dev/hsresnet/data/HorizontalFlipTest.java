package dev.hsresnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HorizontalFlipTest {

    private final Image img = Images.coded(3, 4, 5);

    @Test
    void probabilityOneAlwaysFlipsAndTwiceIsIdentity() {
        HorizontalFlip always = new HorizontalFlip(1.0);
        SplittableRandom rng = new SplittableRandom(1);
        Image once = always.apply(img, rng);
        assertEquals(Crops.flipHorizontal(img), once);
        assertEquals(img, always.apply(once, rng));
    }

    @Test
    void probabilityZeroNeverFlips() {
        HorizontalFlip never = new HorizontalFlip(0.0);
        for (int s = 0; s < 50; s++) {
            assertSame(img, never.apply(img, new SplittableRandom(s)));
        }
    }

    @Test
    void halfTheTimeByDefaultAndOneDrawPerCall() {
        HorizontalFlip half = new HorizontalFlip();
        int flipped = 0;
        for (int s = 0; s < 2000; s++) {
            SplittableRandom rng = new SplittableRandom(s);
            if (half.apply(img, rng) != img) {
                flipped++;
            }
            SplittableRandom ref = new SplittableRandom(s);
            ref.nextDouble();
            assertEquals(ref.nextLong(), rng.nextLong(), "exactly one draw");
        }
        assertTrue(flipped > 900 && flipped < 1100, "flipped " + flipped + " of 2000");
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
    }
}
