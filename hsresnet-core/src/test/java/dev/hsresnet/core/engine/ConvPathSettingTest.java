package dev.hsresnet.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link ConvPathSetting}: the property wins over the variable; auto; clear errors. */
class ConvPathSettingTest {

    private static ConvPathSetting read(Map<String, String> props, Map<String, String> env) {
        UnaryOperator<String> p = props::get;
        UnaryOperator<String> e = env::get;
        return ConvPathSetting.read(p, e);
    }

    @Test
    void theVariableForcesEitherPath() {
        ConvPathSetting s = read(Map.of(), Map.of("HSRESNET_CONV_PATH", "standard"));
        assertEquals(ConvPath.STANDARD, s.forced());
        assertEquals("environment variable HSRESNET_CONV_PATH", s.source());
        assertEquals(ConvPath.CHANNELS_LAST,
                read(Map.of(), Map.of("HSRESNET_CONV_PATH", "Channels-Last")).forced());
    }

    @Test
    void thePropertyWinsOverTheVariable() {
        ConvPathSetting s = read(Map.of("hsresnet.conv.path", "channels-last"),
                Map.of("HSRESNET_CONV_PATH", "standard"));
        assertEquals(ConvPath.CHANNELS_LAST, s.forced());
        assertEquals("system property hsresnet.conv.path", s.source());
        assertNull(read(Map.of("hsresnet.conv.path", "auto"),
                Map.of("HSRESNET_CONV_PATH", "standard")).forced());
    }

    @Test
    void autoAndNothingLeaveTheChoiceToTheSelfTest() {
        assertNull(read(Map.of(), Map.of()).forced());
        assertNull(read(Map.of(), Map.of("HSRESNET_CONV_PATH", "auto")).forced());
        assertNull(read(Map.of("hsresnet.conv.path", " "), Map.of()).forced());
    }

    @Test
    void anUnknownValueNamesTheVariableTheValueAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(), Map.of("HSRESNET_CONV_PATH", "nchw")));
        assertEquals("environment variable HSRESNET_CONV_PATH must be "
                + "auto|standard|channels-last; got 'nchw'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("hsresnet.conv.path", "fast"), Map.of()));
        assertTrue(e.getMessage().startsWith("system property hsresnet.conv.path"), e.getMessage());
    }
}
