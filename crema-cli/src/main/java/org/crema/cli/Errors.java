package org.crema.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the tool reports problems: wrong arguments print one line with the reason and then the usage (exit 2);
 * runtime failures print one line naming what failed (exit 1). Set CREMA_DEBUG=1 to also get the stack trace.
 */
final class Errors {
    private Errors() {}

    static int onBadArguments(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(prefix(cl) + oneLine(ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        // the synopsis, not the whole help: the reason stays visible above it
        CommandLine.Help help = cl.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return CremaCli.USAGE;
    }

    static int onFailure(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        err.println(prefix(cl) + describe(ex));
        if (System.getenv("CREMA_DEBUG") != null) ex.printStackTrace(err);
        err.flush();
        return CremaCli.FAILED;
    }

    /** One line for any failure; bugs (exceptions without a message meant for users) keep their type. */
    static String describe(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof UncheckedIOException || t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NoSuchFileException nf) return "file not found: " + nf.getFile();
        if (t instanceof AccessDeniedException ad) return "permission denied: " + ad.getFile();
        if (t instanceof CliException || t instanceof IllegalArgumentException
                || t instanceof org.crema.data.io.CremaDataException) {
            return oneLine(t.getMessage());
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more heap (CREMA_JAVA_OPTS=-Xmx8g) or use a smaller --batch-size";
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + oneLine(msg))
                + " (set CREMA_DEBUG=1 for the stack trace)";
    }

    private static String prefix(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName() + ": ";
    }

    static String oneLine(String s) {
        if (s == null) return "(no message)";
        String line = s.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl).strip();
    }
}
