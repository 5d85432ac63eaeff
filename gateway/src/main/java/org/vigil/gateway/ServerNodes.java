package org.vigil.gateway;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the gateway forwards: one Vigil server, or the nodes of a cluster ({@code --server URL,URL,…};
 * docs/cluster.md), any of which takes ingest for any unit. Requests go to the node that last answered; one that
 * cannot be reached (dead, or restarting) is passed over for the next, so the gateway's senders never wait on a
 * dead node. Any thread.
 */
public final class ServerNodes {
    private final List<String> bases;
    private final AtomicInteger answering = new AtomicInteger();

    /** {@code urls}: each node's base URL, in the order they are tried first. */
    public ServerNodes(List<String> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no server to forward to");
        }
        this.bases = urls.stream().map(u -> u.replaceAll("/+$", "")).toList();
    }

    /** One server. */
    public static ServerNodes of(String url) {
        return new ServerNodes(List.of(url));
    }

    /** How many nodes there are: the most tries one request gets. */
    public int size() {
        return bases.size();
    }

    /** The order one request tries the nodes in: the node that last answered first, then the ones after it. */
    public Route route() {
        return new Route(answering.get());
    }

    /** One request's order of nodes, fixed when it starts (other requests may meanwhile find another node). */
    public final class Route {
        private final int first;

        private Route(int first) {
            this.first = first;
        }

        /** The base URL of the {@code attempt}th try (0 first). */
        public String base(int attempt) {
            return bases.get(index(attempt));
        }

        /** The node of that try answered: later requests go to it first. */
        public void answered(int attempt) {
            answering.set(index(attempt));
        }

        private int index(int attempt) {
            return Math.floorMod(first + attempt, bases.size());
        }
    }

    @Override
    public String toString() {
        return String.join(",", bases);
    }
}
