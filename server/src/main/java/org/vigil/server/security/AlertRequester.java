package org.vigil.server.security;

import org.vigil.server.alerts.AlertBook;
import org.vigil.server.org.Organisation;
import org.vigil.server.org.ResponderRole;
import org.vigil.server.org.Unit;

/**
 * A token as the alert book sees it. Who may see a unit's alerts: a token that reads or acknowledges on the unit,
 * or answers alerts on it in some role (a responder sees the alerts of the units its roles cover, and only
 * those). Who may acknowledge: {@code ack} on the unit. Who may answer as a role: {@code respond:role:…}.
 */
public final class AlertRequester implements AlertBook.Requester {
    private final Principal who;
    private final Organisation org;

    public AlertRequester(Principal who, Organisation org) {
        this.who = who;
        this.org = org;
    }

    @Override
    public String token() {
        return who.name();
    }

    @Override
    public boolean sees(Unit unit) {
        return who.can(Action.READ, unit) || who.can(Action.ACK, unit)
                || !who.roles(org.policies().escalation().roles().values(), unit).isEmpty();
    }

    @Override
    public boolean acknowledges(Unit unit) {
        return who.can(Action.ACK, unit);
    }

    @Override
    public boolean respondsAs(ResponderRole role, Unit unit) {
        return who.respondsAs(role, unit);
    }
}
