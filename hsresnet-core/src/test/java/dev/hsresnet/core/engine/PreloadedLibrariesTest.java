package dev.hsresnet.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreloadedLibrariesTest {

    private static final List<String> MAPS = List.of(
            "7f00-7f01 r-xp 00000000 08:01 12 /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.16",
            "7f02-7f03 r-xp 00000000 08:01 13 /work/.cache/native/libhsresnet_mkl_intel_path.so",
            "7f04-7f05 rw-p 00000000 00:00 0 [heap]");

    @Test
    void findsLibrariesByFileNameOnly() {
        assertTrue(PreloadedLibraries.mapped(PreloadedLibraries.TCMALLOC, MAPS));
        assertTrue(PreloadedLibraries.mapped(PreloadedLibraries.MKL_INTEL_PATH, MAPS));
        assertFalse(PreloadedLibraries.mapped("libtorch", MAPS));
        // a directory named like a library does not count
        assertFalse(PreloadedLibraries.mapped("native", MAPS));
    }

    @Test
    void agreesWithThisJvmsPreloads() {
        String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
        assertEquals(preload.contains(PreloadedLibraries.MKL_INTEL_PATH),
                PreloadedLibraries.mklIntelPath());
        assertEquals(preload.contains(PreloadedLibraries.TCMALLOC), PreloadedLibraries.tcmalloc());
    }
}
