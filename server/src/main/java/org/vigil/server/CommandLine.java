package org.vigil.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The command-line rules every Vigil program shares (server, gateway, simulator): options come as
 * {@code --flag value} pairs, {@code --help} prints the usage, and a bad value is refused naming its flag.
 */
public final class CommandLine {
    private CommandLine() {
    }

    /** One {@code --flag value} pair. */
    public record Option(String flag, String value) {}

    /** The pairs in order; refuses {@code --help}/{@code -h} (with the usage as the message) and a flag without a value. */
    public static List<Option> options(String[] args, String usage) {
        List<Option> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(usage);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + usage);
            }
            out.add(new Option(flag, args[++i]));
        }
        return out;
    }

    public static int integer(String flag, String v, int min, int max) {
        return (int) Math.rint(decimal(flag, v, min, max, true));
    }

    public static long integer(String flag, String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(flag + " must be from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, not " + v);
        }
    }

    public static double decimal(String flag, String v, double min, double max) {
        return decimal(flag, v, min, max, false);
    }

    private static double decimal(String flag, String v, double min, double max, boolean whole) {
        double n;
        try {
            n = whole ? Integer.parseInt(v) : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be " + (whole ? "a whole number" : "a number") + ", not " + v);
        }
        if (Double.isNaN(n) || n < min || n > max) {
            throw new IllegalArgumentException(flag + " must be from " + fmt(min) + " to " + fmt(max));
        }
        return n;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
