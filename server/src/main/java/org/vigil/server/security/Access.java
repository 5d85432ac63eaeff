package org.vigil.server.security;

import org.vigil.organisation.CareHome;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.ResponderRole;
import org.vigil.organisation.Unit;
import org.vigil.organisation.Ward;
import org.vigil.organisation.tokens.Action;
import org.vigil.organisation.tokens.Principal;
import org.vigil.server.alerts.AlertBook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every scope question the server asks, answered here and nowhere else: for the REST API, the FHIR endpoints, the
 * walls' and responders' WebSocket views and the pages. Which token may do what is the access policy of
 * docs/security.md (§ Access policy), and {@code AuthorizationMatrixTest} asserts it cell by cell for every endpoint
 * and view against every kind of token. A token's scopes are matched by {@link Principal} (the organisation's
 * notion of a scope); what each scope means for each endpoint is decided here. Thread-safe: immutable.
 */
public final class Access {
    private final Organisation org;
    /** Every scope target of the organisation's units (ward:X, trust:T, place:P, home:H, system). */
    private final Set<String> targets;

    public Access(Organisation org) {
        this.org = org;
        Set<String> all = new HashSet<>();
        for (Unit u : org.units()) {
            all.addAll(u.scopeTargets());
        }
        this.targets = Set.copyOf(all);
    }

    /** Send events for the unit (the ingest API, FHIR Observation and Bundle): {@code ingest} on it. */
    public boolean mayIngest(Principal who, Unit unit) {
        return who.can(Action.INGEST, unit);
    }

    /**
     * Send events for some unit: a token that may ingest for none is refused before its body is read, so the
     * schema's answers (which field is wrong) are not told to a token that could never send anything.
     */
    public boolean mayIngestAnywhere(Principal who) {
        return who.canAnywhere(Action.INGEST, targets);
    }

    /**
     * Read the unit's figures (its snapshot, the overview, the FHIR search, a wall of it): {@code read} on the
     * unit, its trust, place or the system.
     */
    public boolean mayRead(Principal who, Unit unit) {
        return who.can(Action.READ, unit);
    }

    /**
     * List a care home's residents (pseudonymous ids, advice, SBARD): only the home's own token, read or ingest
     * scoped to this very home; a place or system view sees the home's counts, never its residents.
     */
    public boolean mayListResidents(Principal who, CareHome home) {
        return who.has("read:home:" + home.id()) || who.has("ingest:home:" + home.id());
    }

    /**
     * See the unit's alerts (list, read one): a token that reads or acknowledges on the unit, or answers alerts on
     * it in some role (a responder sees the alerts of the units its roles cover, and only those).
     */
    public boolean seesAlerts(Principal who, Unit unit) {
        return who.can(Action.READ, unit) || who.can(Action.ACK, unit)
                || !who.roles(org.policies().escalation().roles().values(), unit).isEmpty();
    }

    /** Acknowledge (and undo) alerts on the unit, as a wall does: {@code ack} on it. */
    public boolean mayAcknowledge(Principal who, Unit unit) {
        return who.can(Action.ACK, unit);
    }

    /** Answer alerts on the unit in this role (accept, decline, not escalating): {@code respond:role:ROLE:…}. */
    public boolean respondsAs(Principal who, ResponderRole role, Unit unit) {
        return who.respondsAs(role, unit);
    }

    /**
     * Read the unit's audit trail and review its incidents (a governance team): {@code audit} on the unit, its
     * trust, place or the system. It grants nothing else: no figures, no alerts, no answers.
     */
    public boolean mayAudit(Principal who, Unit unit) {
        return who.can(Action.AUDIT, unit);
    }

    /** Read the audit entries that name no unit (e.g. a FHIR search for an unknown patient): {@code audit:system}. */
    public boolean mayAuditSystem(Principal who) {
        return who.has("audit:system");
    }

    /** The units whose audit trail the token reads, in organisation-file order. */
    public List<Unit> auditable(Principal who) {
        return units(u -> mayAudit(who, u));
    }

    /** The units the token reads the figures of, in organisation-file order (the overview's units). */
    public List<Unit> readable(Principal who) {
        return units(u -> mayRead(who, u));
    }

    /** The units whose alerts the token sees, in organisation-file order. */
    public List<Unit> alertsSeen(Principal who) {
        return units(u -> seesAlerts(who, u));
    }

    private List<Unit> units(Predicate<Unit> keep) {
        List<Unit> out = new ArrayList<>();
        for (Unit u : org.units()) {
            if (keep.test(u)) {
                out.add(u);
            }
        }
        return out;
    }

    /** The token as the alert book sees it when deciding an answer. */
    public AlertBook.Requester requester(Principal who) {
        return new AlertBook.Requester() {
            @Override
            public String token() {
                return who.name();
            }

            @Override
            public boolean sees(Unit unit) {
                return seesAlerts(who, unit);
            }

            @Override
            public boolean acknowledges(Unit unit) {
                return mayAcknowledge(who, unit);
            }

            @Override
            public boolean respondsAs(ResponderRole role, Unit unit) {
                return Access.this.respondsAs(who, role, unit);
            }
        };
    }

    /** The wards a trust wall (a trust's id) or the system wall (null) shows the token: those it may read. */
    public List<Unit> readableWards(Principal who, String trust) {
        List<Unit> out = new ArrayList<>();
        for (Ward w : org.wards()) {
            if ((trust == null || w.trust().equals(trust)) && mayRead(who, w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** The care homes the community view (a place's id, or null for all) shows the token: those it may read. */
    public List<Unit> readableCareHomes(Principal who, String place) {
        List<Unit> out = new ArrayList<>();
        for (Unit u : org.units()) {
            if (u instanceof CareHome h && (place == null || h.place().equals(place)) && mayRead(who, h)) {
                out.add(h);
            }
        }
        return out;
    }

    /** The units where the token answers alerts in the role: what a responder's phone lists. */
    public List<Unit> respondsOn(Principal who, ResponderRole role) {
        List<Unit> out = new ArrayList<>();
        for (Unit u : org.units()) {
            if (respondsAs(who, role, u)) {
                out.add(u);
            }
        }
        return out;
    }

    /** The token's only responder role, or null when it holds none or several (then the page must say which). */
    public ResponderRole onlyRole(Principal who) {
        ResponderRole found = null;
        for (ResponderRole r : org.policies().escalation().roles().values()) {
            for (Unit u : org.units()) {
                if (respondsAs(who, r, u)) {
                    if (found != null && found != r) {
                        return null;
                    }
                    found = r;
                }
            }
        }
        return found;
    }
}
