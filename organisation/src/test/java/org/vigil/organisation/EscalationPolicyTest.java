package org.vigil.organisation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** policies.escalation in the organisation file: roles, ladders, responder scopes, and the mistakes refused. */
class EscalationPolicyTest {
    /** Ward W1 of trust T1, care homes H1 and H2 of place P1. */
    private static final String BASE = TestOrganisations.UNITS;

    private static Organisation load(String yaml) throws IOException {
        return OrganisationLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String refused(String yaml) {
        return assertThrows(IOException.class, () -> load(yaml)).getMessage();
    }

    /** The demo file spells the defaults out as a worked example: the two must not drift apart. */
    @Test
    void theDemoFileSpellsOutTheDefaults() throws IOException {
        assertEquals(Policies.defaults().escalation(), OrganisationLoader.demo().policies().escalation());
    }

    @Test
    void theDefaultLaddersAreTheCitedOnes() throws IOException {
        Policies.Escalation e = load(BASE).policies().escalation();
        Unit ward = load(BASE).unit("W1");
        Unit home = load(BASE).unit("H1");
        assertEquals(EscalationLadder.of(15, "nurse-in-charge", 0, "outreach", 15, "site-manager", 30),
                e.ladder(ward, "NEWS2_HIGH", "HIGH"));
        assertEquals(EscalationLadder.of(30, "nurse-in-charge", 0, "outreach", 30, "site-manager", 60),
                e.ladder(ward, "NEWS2_MEDIUM", "MEDIUM"));
        assertEquals(EscalationLadder.of(15, "nurse-in-charge", 0, "outreach", 0, "site-manager", 30),
                e.ladder(ward, "PATIENT_CONCERN", "HIGH"), "Martha's rule: outreach at once");
        assertEquals(EscalationLadder.of(15, "care-home", 0, "community", 15), e.ladder(home, "RESTORE2_ESCALATION", "HIGH"));
        assertEquals(30, e.holdDownMinutes());
        assertEquals(10, e.ackUndoSeconds());
    }

    @Test
    void aLadderAndARoleGivenReplaceOnlyTheirDefault() throws IOException {
        Organisation org = load(BASE + """
                policies:
                  escalation:
                    roles:
                      registrar: { name: "Medical registrar", scope: trust }
                    ladders:
                      ward:
                        HIGH: { rungs: [ { role: nurse-in-charge, minutes: 0 }, { role: registrar, minutes: 10 } ], repeatMinutes: 5 }
                """);
        Policies.Escalation e = org.policies().escalation();
        assertEquals(EscalationLadder.of(5, "nurse-in-charge", 0, "registrar", 10), e.ladder(org.unit("W1"), "X", "HIGH"));
        assertEquals(Policies.defaults().escalation().wardLadders().get("MEDIUM"), e.wardLadders().get("MEDIUM"));
        assertEquals("Medical registrar", e.role("registrar").name());
        assertEquals("outreach", e.role("outreach").id());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "escalation: { highMinutes: 15 }|policies.escalation.highMinutes: replaced by escalation ladders",
            "escalation: { ladders: { ward: { HIGH: { rungs: [ { role: surgeon, minutes: 0 } ] } } } }|unknown role 'surgeon'",
            "escalation: { ladders: { ward: { HIGH: { rungs: [ { role: outreach, minutes: 5 } ] } } } }|HIGH.rungs[0].minutes",
            "escalation: { ladders: { ward: { HIGH: { rungs: [ { role: outreach, minutes: 0 }, { role: site-manager, minutes: 30 }, { role: outreach, minutes: 20 } ] } } } }|HIGH.rungs[2].minutes",
            "escalation: { ladders: { ward: { HIGH: { rungs: [ ] } } } }|HIGH.rungs: must list 1 to 8 rungs",
            "escalation: { ladders: { careHome: { HIGH: { rungs: [ { role: outreach, minutes: 0 } ] } } } }|a trust role cannot answer for a care home",
            "escalation: { ladders: { ward: { High: { rungs: [ { role: outreach, minutes: 0 } ] } } } }|ladders.ward.High",
            "escalation: { roles: { Bad_Id: { name: x, scope: ward } } }|roles.Bad_Id",
            "escalation: { roles: { porter: { name: x, scope: hospital } } }|roles.porter.scope",
            "escalation: { notEscalatingMinutes: 100, notEscalatingMaxMinutes: 60 }|notEscalatingMinutes: must not exceed",
            "escalation: { ackUndoSeconds: 61 }|ackUndoSeconds"})
    void mistakesStopStartUpNamingThePath(String policy, String expected) {
        String message = refused(BASE + "policies:\n  " + policy + "\n");
        assertTrue(message.contains(expected), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "respond:role:surgeon:T1|unknown role 'surgeon'",
            "respond:role:outreach:W1|there is no trust 'W1'",
            "respond:role:nurse-in-charge:T1|there is no ward 'T1'",
            "respond:role:care-home:W1|there is no home 'W1'",
            "respond:role:community:T1|there is no place 'T1'",
            "respond:outreach:T1|tokens[0].scopes[0]"})
    void aResponderScopeMustNameAKnownRoleAtAPlaceOfItsLevel(String scope, String expected) {
        String message = refused(BASE + "tokens:\n  - { name: t, sha256: " + "c".repeat(64) + ", scopes: [ \"" + scope + "\" ] }\n");
        assertTrue(message.contains(expected), message);
    }

    @Test
    void responderScopesAtEachLevelAreAccepted() throws IOException {
        Organisation org = load(BASE + "tokens:\n  - { name: t, sha256: " + "d".repeat(64) + ", scopes: [ "
                + "\"respond:role:outreach:T1\", \"respond:role:nurse-in-charge:W1\", \"respond:role:care-home:H1\", "
                + "\"respond:role:community:P1\" ] }\n");
        assertEquals(4, org.tokens().get(0).scopes().size());
    }

    /** What each role at each level covers: a trust role no care home; a place role both. */
    @Test
    void aRoleCoversTheUnitsOfItsTarget() throws IOException {
        Organisation org = load(BASE);
        Policies.Escalation e = org.policies().escalation();
        assertEquals("respond:role:outreach:T1", e.role("outreach").scope(org.unit("W1")));
        assertEquals(null, e.role("outreach").scope(org.unit("H1")));
        assertEquals("respond:role:community:P1", e.role("community").scope(org.unit("W1")));
        assertEquals("respond:role:community:P1", e.role("community").scope(org.unit("H1")));
        assertEquals("respond:role:care-home:H1", e.role("care-home").scope(org.unit("H1")));
        assertEquals("respond:role:nurse-in-charge:W1", e.role("nurse-in-charge").scope(org.unit("W1")));
    }
}
