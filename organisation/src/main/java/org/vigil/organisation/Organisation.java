package org.vigil.organisation;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integrated care system Vigil watches: its places, trusts, wards and care homes, its policies, its tokens
 * and its webhook endpoints. Immutable once loaded.
 */
public final class Organisation {
    private final String systemId;
    private final String systemName;
    private final ZoneId zone;
    private final Map<String, Unit> units;
    private final List<Unit> unitOrder;
    private final Map<String, String> trustNames;
    private final Map<String, String> trustPlaces;
    private final Map<String, String> placeNames;
    private final Policies policies;
    private final List<TokenGrant> tokens;
    private final List<WebhookConfig> webhooks;

    public Organisation(String systemId, String systemName, ZoneId zone, Collection<Unit> units,
                        Map<String, String> trustNames, Map<String, String> trustPlaces,
                        Map<String, String> placeNames, Policies policies, List<TokenGrant> tokens,
                        List<WebhookConfig> webhooks) {
        this.systemId = systemId;
        this.systemName = systemName;
        this.zone = zone;
        Map<String, Unit> byId = new LinkedHashMap<>();
        for (Unit u : units) {
            if (byId.put(u.id(), u) != null) {
                throw new IllegalArgumentException("unit id '" + u.id() + "' appears twice");
            }
        }
        this.units = Map.copyOf(byId);
        this.unitOrder = List.copyOf(byId.values());
        this.trustNames = Map.copyOf(trustNames);
        this.trustPlaces = Map.copyOf(trustPlaces);
        this.placeNames = Map.copyOf(placeNames);
        this.policies = policies;
        this.tokens = List.copyOf(tokens);
        this.webhooks = List.copyOf(webhooks);
    }

    /**
     * A bearer token's SHA-256 hash (hex), what it may do, and when: valid from {@code notBefore} (inclusive) until
     * {@code notAfter} (exclusive), either null for "no limit". Several grants may share a name, with the same scopes:
     * that is a rotation, the old and the new token both valid while their windows overlap (docs/organisation.md).
     */
    public record TokenGrant(String name, String sha256, List<String> scopes, Instant notBefore, Instant notAfter) {
        /** A grant without a validity window. */
        public TokenGrant(String name, String sha256, List<String> scopes) {
            this(name, sha256, scopes, null, null);
        }
    }

    public String systemId() {
        return systemId;
    }

    public String systemName() {
        return systemName;
    }

    public ZoneId zone() {
        return zone;
    }

    public Unit unit(String id) {
        return units.get(id);
    }

    public boolean exists(String id) {
        return units.containsKey(id);
    }

    /** Every unit, in the order of the organisation file. */
    public List<Unit> units() {
        return unitOrder;
    }

    public List<Ward> wards() {
        List<Ward> wards = new ArrayList<>();
        for (Unit u : unitOrder) {
            if (u instanceof Ward w) {
                wards.add(w);
            }
        }
        return wards;
    }

    public String trustName(String trust) {
        return trustNames.get(trust);
    }

    public Map<String, String> trustNames() {
        return trustNames;
    }

    public String trustPlace(String trust) {
        return trustPlaces.get(trust);
    }

    public String placeName(String place) {
        return placeNames.get(place);
    }

    public Map<String, String> placeNames() {
        return placeNames;
    }

    public Policies policies() {
        return policies;
    }

    public List<TokenGrant> tokens() {
        return tokens;
    }

    /** The webhook endpoints alert transitions are delivered to, in the order of the file. */
    public List<WebhookConfig> webhooks() {
        return webhooks;
    }
}
