package org.vigil.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Starts a Java main in a child JVM on this JVM's classpath, behind {@link OrphanGuard}, with its standard output
 * and error appended to a log file: the brokers' and nodes' output never reaches the launcher's or the test's.
 */
final class ChildJava {
    private ChildJava() {
    }

    /** {@code java <jvmOptions> -cp <this classpath> OrphanGuard <mainClass> <args>}, output appended to log. */
    static Process start(List<String> jvmOptions, String mainClass, List<String> args, Path log) throws IOException {
        return start(jvmOptions, mainClass, args, log, Map.of());
    }

    /** As {@link #start(List, String, List, Path)}, with {@code env} added to this JVM's environment. */
    static Process start(List<String> jvmOptions, String mainClass, List<String> args, Path log,
                         Map<String, String> env) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OrphanGuard.class.getName(), mainClass));
        command.addAll(args);
        // stdin stays a pipe held by this JVM: its end-of-file is how OrphanGuard learns that we are gone
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        child.environment().putAll(env);
        return child.start();
    }

    /** The first line of a stack trace and of each cause: where the reason is written. */
    private static final Pattern EXCEPTION = Pattern.compile("(Caused by: )?[\\w.$]+(Exception|Error)(: |$)");

    /**
     * For a failure's message: the log's first ERROR lines (the cause, which a process's shutdown logging pushes
     * far up) or, if it has none, its first lines; then its last lines.
     */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> errors = all.stream().filter(l -> l.contains(" ERROR ") || l.contains(" FATAL ")
                    || EXCEPTION.matcher(l).lookingAt()).limit(15).toList();
            String end = String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            if (errors.isEmpty() && all.size() > lines) {
                // a command line refused: the reason is the first line, above the usage that follows it
                errors = all.subList(0, 2);
            }
            return errors.isEmpty() ? end : String.join("\n", errors) + "\n...\n" + end;
        } catch (IOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }
}
