package org.vigil.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The first main of every child JVM that {@link ChildJava} starts (a broker, a Vigil node): it runs the real main
 * (named by its first argument) and ends this JVM when the parent dies, so that no broker or node outlives the
 * launcher or test that started it — not even one that was SIGKILLed, whose shutdown hooks never ran. The parent
 * holds the write end of this process's standard input and never writes; the kernel closes it when the parent
 * exits by any means, and the read below then returns end-of-file.
 */
public final class OrphanGuard {
    /** How long the child's own shutdown (a broker's controlled shutdown, a node's journal close) may take. */
    private static final long GRACE_SECONDS = 10;

    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: OrphanGuard MAIN-CLASS [ARGS...]");
        }
        Thread watch = new Thread(OrphanGuard::exitWhenParentGone, "orphan-guard");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenParentGone() {
        try (InputStream parent = System.in) {
            while (parent.read() != -1) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException gone) {
            // a broken pipe means the same: the parent is gone
        }
        System.err.println("orphan-guard: the parent process is gone; stopping");
        Thread halt = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(GRACE_SECONDS);
            } catch (InterruptedException ignored) {
                // halting now is what was asked for anyway
            }
            Runtime.getRuntime().halt(1);
        }, "orphan-guard-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(1); // runs the child's shutdown hooks; the halt above bounds them
    }
}
