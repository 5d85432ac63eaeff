package org.vigil.organisation;

/**
 * A role that answers alerts (nurse in charge, critical-care outreach, site manager, the care home's senior on
 * duty, the community team), and the level of the organisation one holder covers: a token holds a role at one
 * target, {@code respond:role:outreach:RVT} being outreach for every ward of trust RVT.
 *
 * @param id    as used in ladders and scopes (lower case, digits and dashes)
 * @param name  as shown to people
 * @param level what one holder covers
 */
public record ResponderRole(String id, String name, Level level) {

    /** What one holder of a role covers. */
    public enum Level {
        /** One ward (a ward's nurse in charge). */
        WARD("ward"),
        /** One care home. */
        HOME("home"),
        /** Every ward of one trust (outreach, site manager). */
        TRUST("trust"),
        /** Every ward and care home of one place (community and GP teams). */
        PLACE("place");

        private final String word;

        Level(String word) {
            this.word = word;
        }

        /** As written in the organisation file: ward, home, trust or place. */
        public String word() {
            return word;
        }

        /** Whether a holder at this level can cover a unit of that kind at all. */
        public boolean covers(Unit unit) {
            return switch (this) {
                case WARD, TRUST -> unit instanceof Ward;
                case HOME -> unit instanceof CareHome;
                case PLACE -> true;
            };
        }
    }

    /** The id of the ward, home, trust or place whose holder of this role answers for {@code unit}; null if none. */
    public String target(Unit unit) {
        if (!level.covers(unit)) {
            return null;
        }
        return switch (level) {
            case WARD, HOME -> unit.id();
            case TRUST -> ((Ward) unit).trust();
            case PLACE -> unit instanceof Ward w ? w.place() : ((CareHome) unit).place();
        };
    }

    /** The scope a token needs to answer alerts on {@code unit} in this role, or null if the role cannot. */
    public String scope(Unit unit) {
        String target = target(unit);
        return target == null ? null : "respond:role:" + id + ":" + target;
    }
}
