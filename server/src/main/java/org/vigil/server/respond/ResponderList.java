package org.vigil.server.respond;

import org.vigil.organisation.Organisation;
import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertBook;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.rules.EngineState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a responder's phone lists: the alerts, on the units its role covers, whose ladder has reached the role (or
 * that the role accepted), most severe first; each with its unit's name, since a responder covers many. It carries
 * the failing rules too: an alert a failed rule did not raise is missing from this list, so the phone shows the
 * same "check manually" banner as the walls. Immutable once built.
 *
 * @param role the role's id
 */
public record ResponderList(String role, List<Item> alerts, List<String> rulesFailing) {

    /** One alert and the name of its unit. */
    public record Item(AlertView alert, String unitName) {}

    /** The role's list now, from the state (engine thread). */
    public static ResponderList of(EngineState state, Organisation org, Collection<String> units, String role) {
        List<Alert> mine = new ArrayList<>();
        for (String unit : units) {
            for (Alert a : state.alerts().activeOn(unit)) {
                if (state.alerts().reached(a, role)) {
                    mine.add(a);
                }
            }
        }
        mine.sort(AlertBook.WALL_ORDER);
        List<Item> items = new ArrayList<>(mine.size());
        for (Alert a : mine) {
            items.add(new Item(AlertView.of(a, false), org.unit(a.unit()).name()));
        }
        return new ResponderList(role, List.copyOf(items), state.ruleFailures().failing());
    }
}
