package dev.hsresnet.cli;

import dev.hsresnet.core.engine.EngineSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hsresnet} command. */
@Command(
        name = "hsresnet",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "HS-ResNet (Hierarchical-Split block networks) on the JVM.",
        subcommands = {
            DemoCommand.class,
            ModelsCommand.class,
            InfoCommand.class,
            InitCommand.class,
            ForwardCommand.class,
            ConvertCommand.class,
            ExportCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ServeCommand.class,
            PredictCommand.class,
            DoctorCommand.class,
            BenchStepCommand.class,
            BenchTrainCommand.class,
            BenchPredictCommand.class,
            BenchCommand.class,
            ProfileCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status: 0 success, 1 failure, 2 usage error.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        DirectStderr.install(System.getProperty(DirectStderr.PROPERTY));
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting (for tests and embedding).
     *
     * @param args the arguments
     * @return the exit status
     */
    public static int run(String... args) {
        EngineSettings.applyDefaults();
        return commandLine().execute(args);
    }

    /** @return the configured command line: one-line errors, usage errors with a hint */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(ErrorHandler::usageError);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
