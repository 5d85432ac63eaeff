package org.vigil.organisation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A small organisation for rule tests that need a policy other than the demo's: one ward, two care homes. */
public final class TestOrganisations {
    /** Ward W1 (day shift 07:30–19:30, Europe/London), residential home H1, nursing home H2. */
    public static final String UNITS = """
            system: { id: S, name: Test System }
            places:
              - id: P1
                name: Place One
                trusts:
                  - id: T1
                    name: Trust One
                    wards:
                      - { id: W1, name: Ward One, beds: 20, shifts: { day: "07:30", night: "19:30" } }
                careHomes:
                  - { id: H1, name: Home One, beds: 30 }
                  - { id: H2, name: Nursing Home Two, beds: 30, nursing: true }
            """;

    private TestOrganisations() {
    }

    /** The small organisation with the given {@code policies:} block (YAML, indented two spaces under it). */
    public static Organisation withPolicies(String policies) {
        String yaml = UNITS + "policies:\n" + policies.stripIndent().lines().map(l -> "  " + l)
                .reduce("", (a, b) -> a + b + "\n");
        try {
            return OrganisationLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
