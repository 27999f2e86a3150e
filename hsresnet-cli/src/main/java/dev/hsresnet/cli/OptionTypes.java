package dev.hsresnet.cli;

import dev.hsresnet.deploy.BackendKind;
import dev.hsresnet.train.recipe.DataKind;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Option value types with their range, for {@code @Option(converter = ...)}: picocli checks them
 * while parsing, so a bad value is a usage error (exit 2) whose message names the option, e.g.
 * {@code Invalid value for option '--batch': must be >= 1, got 0}. The CLI's one rule: usage
 * errors and bad option values exit 2, failures while running exit 1 ({@link ErrorHandler}).
 */
final class OptionTypes {

    private OptionTypes() {}

    /** An int of at least 1 (counts, batch sizes). */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return atLeast(parseInt(text), 1);
        }
    }

    /** An int of at least 0 (warm-up steps). */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return atLeast(parseInt(text), 0);
        }
    }

    /** A long of at least 1 (milliseconds, megabytes, pixels). */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return atLeast(parseLong(text), 1);
        }
    }

    /** A long of at least 0. */
    static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return atLeast(parseLong(text), 0);
        }
    }

    /** A finite double above 0 (minutes, learning rates). */
    static final class PositiveDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a number");
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new TypeConversionException("must be a finite number > 0, got " + text);
            }
            return v;
        }
    }

    /** A score threshold: a number in [0, 1). */
    static final class UnitInterval implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a number");
            }
            if (!(v >= 0 && v < 1)) {
                throw new TypeConversionException("must be a number in [0, 1), got " + text);
            }
            return v;
        }
    }

    /** A TCP port, 0 (any free port) to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int v = parseInt(text);
            if (v < 0 || v > 65535) {
                throw new TypeConversionException("must be a port in 0..65535, got " + v);
            }
            return v;
        }
    }

    /** An inference backend: djl or onnx. */
    static final class Backend implements ITypeConverter<BackendKind> {
        @Override
        public BackendKind convert(String text) {
            return reword(() -> BackendKind.parse(text));
        }
    }

    /** A training data kind: folder, cifar10, cifar10-jpg or fashion-mnist. */
    /**
     * A classifier's data kind given as text (the option also takes segmentation kinds, so it
     * is converted after parsing), with the message picocli gives a bad value.
     *
     * @param spec the command
     * @param text the value of {@code --kind}
     * @return the kind
     * @throws ParameterException naming the option and the known kinds (exit status 2)
     */
    static DataKind dataKind(CommandSpec spec, String text) {
        try {
            return new Kind().convert(text);
        } catch (RuntimeException e) {
            throw usage(spec, "Invalid value for option '--kind': " + e.getMessage());
        }
    }

    static final class Kind implements ITypeConverter<DataKind> {
        @Override
        public DataKind convert(String text) {
            return reword(() -> DataKind.of(text));
        }
    }

    /**
     * A usage error found after parsing: two options that do not go together, or a value that
     * only a command's own code can check.
     *
     * @param spec the command
     * @param message what is wrong, naming the option
     * @return the exception to throw (exit 2)
     */
    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Runs a check of option values done by library code, turning its
     * {@link IllegalArgumentException} into a usage error.
     *
     * @param spec the command
     * @param prefix what the values are, e.g. the option's name, put before the library's message
     * @param check the code that validates
     * @param <T> what it returns
     * @return its result
     */
    static <T> T usageChecked(CommandSpec spec, String prefix, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), prefix + ": " + e.getMessage(), e);
        }
    }

    private static <T> T reword(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static int atLeast(int v, int min) {
        return (int) atLeast((long) v, min);
    }

    private static long atLeast(long v, long min) {
        if (v < min) {
            throw new TypeConversionException("must be >= " + min + ", got " + v);
        }
        return v;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not an integer");
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not an integer");
        }
    }
}
