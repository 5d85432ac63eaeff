package org.vigil.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka broker (and controller) in its own JVM: {@code kafka.Kafka server.properties} from the Maven-resolved
 * jars, its output in {@code broker.log} beside its properties. Restarted on the same ports and log directory.
 */
final class Broker {
    /** A small heap: three brokers and three Vigil nodes share one 2-core machine with the tests. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

    final BrokerSettings settings;
    private final Path config;
    final Path log;
    private Process process;
    /** Killed or stopped on purpose: its exit is not a failure. */
    private boolean stoppedOnPurpose;

    Broker(BrokerSettings settings, Path home) {
        this.settings = settings;
        this.config = home.resolve("server.properties");
        this.log = home.resolve("broker.log");
    }

    /** Writes its properties (its storage is formatted by the caller before the first start). */
    Path writeConfig() throws IOException {
        settings.write(config);
        return config;
    }

    void start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException("broker " + settings.nodeId() + " is already running");
        }
        stoppedOnPurpose = false;
        process = ChildJava.start(JVM_OPTIONS, "kafka.Kafka", List.of(config.toString()), log);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** True when it was killed or stopped by this program rather than having exited by itself. */
    boolean wasKilled() {
        return stoppedOnPurpose;
    }

    int exitValue() {
        return process.exitValue();
    }

    Optional<ProcessHandle> handle() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /** SIGKILL: no shutdown hook, no controlled shutdown, as when a machine dies. */
    void kill() throws InterruptedException {
        stoppedOnPurpose = true;
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Asks for a clean stop (SIGTERM: Kafka's controlled shutdown); {@link #kill} if it has not stopped in time. */
    void requestStop() {
        stoppedOnPurpose = true;
        if (process != null) {
            process.destroy();
        }
    }

    String describe() {
        return "broker " + settings.nodeId() + " (127.0.0.1:" + settings.brokerPort() + ", log " + log + ")";
    }

    String tail() {
        return ChildJava.tail(log, 40);
    }
}
