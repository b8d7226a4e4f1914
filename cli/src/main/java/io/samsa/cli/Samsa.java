package io.samsa.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code samsa} program: {@code produce} (console producer), {@code broker} (embedded Apache Kafka) and
 * {@code perf} (the benchmark, also against Apache Kafka's producer and kcat).
 *
 * <p>Exit status: 0 success; 1 the command ran and something failed (records not delivered, a client run
 * failed); 2 bad usage or input (option syntax, unreadable file, unreachable broker, missing topic), with a
 * message naming what was wrong.
 */
@Command(name = "samsa", mixinStandardHelpOptions = true, versionProvider = Samsa.Version.class,
        description = "Samsa Kafka tools: a console producer, an embedded broker, and a producer benchmark.",
        subcommands = {ProduceCommand.class, BrokerCommand.class, PerfCommand.class,
                CommandLine.HelpCommand.class})
public final class Samsa implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: produce, broker or perf");
    }

    public static void main(String[] args) {
        int status = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(status);
    }

    /** Runs the program with the given streams; returns the exit status (never calls System.exit). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Samsa());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof CliException ? USAGE : FAILED);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String name = commandLine.getCommandSpec().qualifiedName();
            if (e instanceof CliException) {
                commandLine.getErr().println(name + ": error: " + e.getMessage());
                commandLine.getErr().flush();
                return USAGE;
            }
            commandLine.getErr().println(name + ": failed: " + describe(e));
            commandLine.getErr().flush();
            return FAILED;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": error: " + e.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            c.getErr().flush();
            return USAGE;
        });
        return cl;
    }

    /** The message of an exception and its causes, for one line of output. */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getMessage() != null ? e.getMessage() : e.getClass().getName());
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(" (").append(c.getMessage()).append(')');
            }
        }
        return sb.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Samsa.class.getPackage().getImplementationVersion();
            return new String[] {"samsa " + (v != null ? v : "0.1.0-SNAPSHOT")};
        }
    }
}
