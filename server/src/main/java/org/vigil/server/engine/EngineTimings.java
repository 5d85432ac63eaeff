package org.vigil.server.engine;

/**
 * Where the engine reports its own timings, on the engine thread (the metrics edge implements it): so the engine
 * knows nothing of Micrometer, and the metrics edge depends on the engine, never the reverse.
 */
public interface EngineTimings {
    /** One command, from its hand-off by an event loop to its completion (queueing included). */
    void command(Engine.Command kind, long nanos);

    /** One journal append. */
    void appended(long nanos);
}
