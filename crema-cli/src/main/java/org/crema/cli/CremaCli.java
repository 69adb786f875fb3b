package org.crema.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code crema} command: {@code crema demo}, {@code crema train}, {@code crema evaluate}, {@code crema predict},
 * {@code crema summary}. Exit codes: 0 success, 1 a runtime failure (missing dataset, unreadable model), 2 wrong
 * arguments (one line saying why, then the usage, on stderr).
 */
@Command(name = "crema", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Crema: deep learning in pure Java. Train, evaluate and use models from the command line.",
        subcommands = {CommandLine.HelpCommand.class},
        footer = {"", "Start with: crema demo"})
public final class CremaCli implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams and returns its exit code; never calls System.exit. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(out, err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The configured command line, for tests and for embedding. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new CremaCli());
        for (Object sub : Commands.all()) cl.addSubcommand(sub);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Errors::onBadArguments);
        cl.setExecutionExceptionHandler(Errors::onFailure);
        return cl;
    }

    @Override
    public void run() {
        // "crema" alone: say what there is, as --help does, but as a usage error
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed (try: crema demo)");
    }
}
