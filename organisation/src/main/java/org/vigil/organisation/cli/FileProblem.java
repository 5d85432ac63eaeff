package org.vigil.organisation.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Why a file or directory a program was given cannot be used, in one line an operator can act on:
 * {@code --org /etc/vigil/org.yaml: no such file or directory}. The JDK's commonest file errors
 * ({@link NoSuchFileException}, {@link AccessDeniedException}, …) carry only the path as their message, so
 * printing the message alone named the file but never the reason.
 */
public final class FileProblem {
    private FileProblem() {
    }

    /** "OPTION PATH: why", and the file at fault when it is another (a parent directory, a file inside). */
    public static String describe(String option, Path path, IOException e) {
        String why = reason(e);
        // the operating system's own words begin with a capital ("Read-only file system"): as the others read
        String said = option + " " + path + ": " + Character.toLowerCase(why.charAt(0)) + why.substring(1);
        if (e instanceof FileSystemException f && f.getFile() != null && !Path.of(f.getFile()).equals(path)) {
            said += " (" + f.getFile() + ")";
        }
        return said;
    }

    private static String reason(IOException e) {
        if (!(e instanceof FileSystemException f)) {
            return e.getMessage() == null || e.getMessage().isEmpty() ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (f.getReason() != null && !f.getReason().isEmpty()) {
            return f.getReason();
        }
        if (f instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        return f.getClass().getSimpleName();
    }
}
