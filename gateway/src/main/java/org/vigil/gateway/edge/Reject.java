package org.vigil.gateway.edge;

/**
 * A request the edge answers itself, without forwarding: travels down the pipeline in place of the request so the
 * answer takes its turn with the connection's other responses.
 *
 * @param retryAfterSeconds 0 for no Retry-After header
 * @param close             close the connection after answering (the rest of the stream cannot be trusted)
 */
record Reject(int status, String message, long retryAfterSeconds, boolean keepAlive, boolean close) {
}
