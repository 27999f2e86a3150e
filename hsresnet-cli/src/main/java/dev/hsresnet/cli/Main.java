package dev.hsresnet.cli;

import dev.hsresnet.core.engine.ConvPathSetting;
import dev.hsresnet.core.engine.EngineSettings;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

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
            dev.hsresnet.spark.cli.SparkCommand.class,
            SearchCommand.class,
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

    /**
     * @return the configured command line: one-line errors, usage errors with a hint, and the
     *     settings every command depends on checked before any command runs
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(ErrorHandler::usageError);
        cl.setExecutionStrategy(Main::executeChecked);
        return cl;
    }

    /**
     * Answers {@code --help} and {@code --version}, else checks the settings read from the
     * environment and then runs the command. A bad {@value ConvPathSetting#ENV} (or {@code
     * -D}{@value ConvPathSetting#PROPERTY}) is a usage error (exit status 2) here, not a failure
     * of the first convolution, which may come after minutes of work.
     */
    private static int executeChecked(ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        try {
            ConvPathSetting.current();
        } catch (IllegalArgumentException e) {
            List<CommandLine> commands = parsed.asCommandLineList();
            CommandLine cmd = commands.get(commands.size() - 1);
            PrintWriter err = cmd.getErr();
            err.println((cmd.getParent() == null ? "hsresnet" : "hsresnet " + cmd.getCommandName())
                    + ": " + e.getMessage());
            err.flush();
            return ErrorHandler.USAGE;
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
