package org.vigil.organisation.tokens;

import org.vigil.organisation.ResponderRole;
import org.vigil.organisation.Unit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who is calling, and their scopes: {@code action:target} where target is {@code ward:ID}, {@code home:ID},
 * {@code trust:ID}, {@code place:ID} or {@code system}; {@code respond:role:ROLE:ID}, a role held at the ward,
 * home, trust or place the role's level says; {@code admin} grants everything.
 */
public final class Principal {
    public static final String ADMIN = "admin";

    private final String name;
    private final Set<String> scopes;
    private final long notBefore;
    private final long notAfter;

    /** A principal whose token never expires (the bootstrap operator). */
    public Principal(String name, List<String> scopes) {
        this(name, scopes, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** @param notBefore first valid epoch millisecond; @param notAfter first epoch millisecond no longer valid */
    public Principal(String name, List<String> scopes, long notBefore, long notAfter) {
        this.name = name;
        this.scopes = Set.copyOf(scopes);
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    public String name() {
        return name;
    }

    /**
     * The token's validity window: valid from {@code notBefore} inclusive until {@code notAfter} exclusive, as JWT's
     * {@code nbf}/{@code exp} (RFC 7519 §4.1.4–4.1.5: not accepted "on or after" the expiry).
     */
    public boolean validAt(long epochMillis) {
        return epochMillis >= notBefore && epochMillis < notAfter;
    }

    /** When the token stops being valid (epoch ms), or {@link Long#MAX_VALUE} when it never does. */
    public long notAfter() {
        return notAfter;
    }

    long notBefore() {
        return notBefore;
    }

    /**
     * Whether the token may take this action on the unit. For {@link Action#RESPOND} that is never true by a plain
     * scope: responders hold roles, asked with {@link #respondsAs}.
     */
    public boolean can(Action action, Unit unit) {
        if (scopes.contains(ADMIN)) {
            return true;
        }
        for (String target : unit.scopeTargets()) {
            if (scopes.contains(action.word() + ":" + target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the token may take this action on some unit, given every scope target of the organisation's units
     * ({@link Unit#scopeTargets}): {@link #can} for any of them, asked of the token's few scopes rather than of
     * every unit.
     */
    public boolean canAnywhere(Action action, Set<String> targets) {
        if (scopes.contains(ADMIN)) {
            return true;
        }
        String prefix = action.word() + ":";
        for (String scope : scopes) {
            if (scope.startsWith(prefix) && targets.contains(scope.substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the token answers alerts on the unit in this role ({@code respond:role:ROLE:ID}, or admin). */
    public boolean respondsAs(ResponderRole role, Unit unit) {
        String scope = role.scope(unit);
        return scope != null && (scopes.contains(ADMIN) || scopes.contains(scope));
    }

    /** The roles, of those given, in which the token answers alerts on the unit, in the order given. */
    public List<String> roles(Collection<ResponderRole> roles, Unit unit) {
        List<String> out = new ArrayList<>();
        for (ResponderRole r : roles) {
            if (respondsAs(r, unit)) {
                out.add(r.id());
            }
        }
        return out;
    }

    /** Whether the token holds this scope exactly (or is admin), e.g. {@code read:trust:LTH}. */
    public boolean has(String scope) {
        return scopes.contains(ADMIN) || scopes.contains(scope);
    }
}
