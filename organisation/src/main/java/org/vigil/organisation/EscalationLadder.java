package org.vigil.organisation;

import java.util.List;

/**
 * Who is told about an unanswered alert, and when: rung 0 at once, each later rung so many minutes after the
 * ladder started (the episode's first raise, or the worsening that restarted it), and, once the last rung is
 * reached, a repeat every {@code repeatMinutes} while nobody answers (0: no repeat).
 */
public record EscalationLadder(List<Rung> rungs, int repeatMinutes) {
    /** One step: the role told, and the minutes after the ladder's start at which it is. */
    public record Rung(String role, int minutes) {}

    public EscalationLadder {
        rungs = List.copyOf(rungs);
    }

    public static EscalationLadder of(int repeatMinutes, Object... roleMinutes) {
        Rung[] rungs = new Rung[roleMinutes.length / 2];
        for (int i = 0; i < rungs.length; i++) {
            rungs[i] = new Rung((String) roleMinutes[2 * i], (Integer) roleMinutes[2 * i + 1]);
        }
        return new EscalationLadder(List.of(rungs), repeatMinutes);
    }

    public Rung rung(int index) {
        return rungs.get(index);
    }

    public int size() {
        return rungs.size();
    }

    /** The index of the rung whose role is {@code role}, or -1. */
    public int indexOf(String role) {
        for (int i = 0; i < rungs.size(); i++) {
            if (rungs.get(i).role().equals(role)) {
                return i;
            }
        }
        return -1;
    }
}
