package org.vigil.server.security;

import org.vigil.server.org.Unit;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, and their scopes: {@code action:target} where target is {@code ward:ID}, {@code home:ID},
 * {@code trust:ID}, {@code place:ID} or {@code system}; {@code admin} grants everything.
 */
public final class Principal {
    public static final String ADMIN = "admin";

    private final String name;
    private final Set<String> scopes;

    public Principal(String name, List<String> scopes) {
        this.name = name;
        this.scopes = Set.copyOf(scopes);
    }

    public String name() {
        return name;
    }

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

    /** Whether the token holds this scope exactly (or is admin), e.g. {@code read:trust:LTH}. */
    public boolean has(String scope) {
        return scopes.contains(ADMIN) || scopes.contains(scope);
    }
}
