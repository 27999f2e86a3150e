package dev.hsresnet.core.engine;

import java.util.function.UnaryOperator;

/**
 * What the user asked for: the system property {@value #PROPERTY}, else the environment variable
 * {@value #ENV}; each is {@code auto} (the default: the self-test's choice), {@code standard} or
 * {@code channels-last}.
 *
 * @param forced the path asked for, or null for {@code auto}
 * @param source where it was asked for ({@code "system property hsresnet.conv.path"}, {@code
 *     "environment variable HSRESNET_CONV_PATH"}), or null when nothing was set
 */
public record ConvPathSetting(ConvPath forced, String source) {

    /** The system property; it wins over {@link #ENV}. */
    public static final String PROPERTY = "hsresnet.conv.path";
    /** The environment variable. */
    public static final String ENV = "HSRESNET_CONV_PATH";
    /** The value that leaves the choice to the self-test. */
    public static final String AUTO = "auto";

    /** @return the setting of this process */
    public static ConvPathSetting current() {
        return read(System::getProperty, System::getenv);
    }

    /**
     * @param properties looks up a system property (null when absent)
     * @param env looks up an environment variable (null when absent)
     * @return the setting; an empty value counts as absent
     * @throws IllegalArgumentException naming the variable, its value and the choices when the
     *     value is none of them
     */
    public static ConvPathSetting read(UnaryOperator<String> properties, UnaryOperator<String> env) {
        String value = properties.apply(PROPERTY);
        String source = "system property " + PROPERTY;
        if (value == null || value.isBlank()) {
            value = env.apply(ENV);
            source = "environment variable " + ENV;
        }
        if (value == null || value.isBlank()) {
            return new ConvPathSetting(null, null);
        }
        if (value.trim().equalsIgnoreCase(AUTO)) {
            return new ConvPathSetting(null, source);
        }
        ConvPath path = ConvPath.byId(value);
        if (path == null) {
            throw new IllegalArgumentException(source + " must be " + AUTO + "|"
                    + ConvPath.ids() + "; got '" + value + "'");
        }
        return new ConvPathSetting(path, source);
    }
}
