package org.vigil.organisation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * What the Vigil programs (server, gateway, simulator) share on the command line, on top of picocli: one way to
 * run a command (so {@code --help} exits 0 and a bad or unknown option exits 2 with the usage, for every
 * program), and the value checks that name the option they refuse.
 */
public final class Cli {
    private Cli() {
    }

    /** Parses and runs a picocli command; the exit code: 0, 2 for a usage error, or what the command returned. */
    public static int execute(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /** Parses only (for tests and for callers that build a configuration): the command's fields are filled in. */
    public static <T> T parse(T command, String... args) {
        commandLine(command).parseArgs(args);
        return command;
    }

    private static CommandLine commandLine(Object command) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).setUsageHelpAutoWidth(true)
                .setParameterExceptionHandler(Cli::refused);
    }

    /**
     * A usage error: the reason, picocli's suggestions for a mistyped option, and always the usage (picocli's own
     * handler leaves the usage out whenever it has a suggestion, e.g. for an unknown option like a real one).
     */
    private static int refused(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        cmd.usage(err, cmd.getColorScheme());
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A usage error (exit 2, message and usage on stderr) naming the option. */
    public static ParameterException refuse(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    public static int within(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw refuse(spec, option + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    public static long within(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw refuse(spec, option + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    public static double within(CommandSpec spec, String option, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw refuse(spec, option + " must be from " + fmt(min) + " to " + fmt(max) + ", not " + value);
        }
        return value;
    }

    /** An http(s) URL with a host, or a usage error naming the option. */
    public static String httpUrl(CommandSpec spec, String option, String v) {
        try {
            URI u = new URI(v);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return v;
            }
        } catch (URISyntaxException e) {
            // falls through to the refusal below
        }
        throw refuse(spec, option + " must be http(s)://host:port, not " + v);
    }

    /** The name of an environment variable (secrets are named on the command line, never given there). */
    public static String envName(CommandSpec spec, String option, String v) {
        if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw refuse(spec, option + " takes an environment variable's name, not " + v);
        }
        return v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
