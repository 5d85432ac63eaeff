package org.vigil.server.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The rules that have thrown since start-up (replay included: a journal that makes a rule throw makes it throw
 * again on every replay, so the fault is as real after a restart as before). A rule that throws is never
 * silent: this feeds {@code vigil_rule_failures_total{rule}}, {@code /health} ("degraded", naming the rules) and
 * the banner every wall shows. Written on the engine thread only; read from any thread.
 */
public final class RuleFailures implements SnapshotSlice {
    /** One rule's failures: how many, and the event time and input of the last one (never its message). */
    public record Failure(String rule, long count, long lastAt, String during) {}

    private static final class Entry {
        final AtomicLong count = new AtomicLong();
        volatile long lastAt;
        volatile String during;
    }

    private final Map<String, Entry> byRule = new ConcurrentSkipListMap<>();
    private volatile List<String> failing = List.of();
    private volatile Consumer<String> newRule = rule -> { };

    /**
     * Engine thread: counts a failure of {@code rule} while handling {@code during} (an event type's wire name,
     * "deadline" or "snapshot") at event time {@code at}. Returns whether it is the rule's first.
     */
    public boolean record(String rule, String during, long at) {
        Entry e = byRule.get(rule);
        boolean first = e == null;
        if (first) {
            e = new Entry();
            byRule.put(rule, e);
            failing = List.copyOf(byRule.keySet());
        }
        e.lastAt = at;
        e.during = during;
        e.count.incrementAndGet();
        if (first) {
            newRule.accept(rule);
        }
        return first;
    }

    /** Told, on the engine thread, the name of each rule that fails for the first time (to register a meter). */
    public void onNewRule(Consumer<String> listener) {
        this.newRule = listener;
    }

    /** Failures of the rule so far (0 when it never failed). */
    public long count(String rule) {
        Entry e = byRule.get(rule);
        return e == null ? 0 : e.count.get();
    }

    /** Every rule that has failed, by name. */
    public List<String> failing() {
        return failing;
    }

    public long total() {
        long n = 0;
        for (Entry e : byRule.values()) {
            n += e.count.get();
        }
        return n;
    }

    public List<Failure> failures() {
        List<Failure> out = new ArrayList<>();
        for (Map.Entry<String, Entry> en : byRule.entrySet()) {
            Entry e = en.getValue();
            out.add(new Failure(en.getKey(), e.count.get(), e.lastAt, e.during));
        }
        return out;
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    /** Every rule that has failed: a restart from a snapshot still says so (metrics, /health, the walls' banner). */
    @Override
    public void writeSnapshot(SnapshotOut out) {
        List<Failure> all = failures();
        out.writeCount(all.size());
        for (Failure f : all) {
            out.writeString(f.rule());
            out.writeLong(f.count());
            out.writeLong(f.lastAt());
            out.writeString(f.during());
        }
    }

    @Override
    public void readSnapshot(SnapshotIn in) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            Entry e = new Entry();
            String rule = in.readString();
            e.count.set(in.readLong());
            e.lastAt = in.readLong();
            e.during = in.readString();
            byRule.put(rule, e);
        }
        failing = List.copyOf(byRule.keySet());
    }
}
