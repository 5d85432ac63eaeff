package org.vigil.server.flags;

import java.util.List;

/**
 * The reference ward dashboard's "How reliable are your current processes?": today's count per rating.
 *
 * @param ratingsToday five counts, for the ratings 1 to 5 in order
 */
public record ReliabilitySummary(List<Integer> ratingsToday) {
    public ReliabilitySummary {
        ratingsToday = List.copyOf(ratingsToday);
    }
}
