package org.vigil.server.wall;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.events.AssessmentKind;
import org.vigil.events.Consciousness;
import org.vigil.events.EventParser;
import org.vigil.events.OmissionReason;
import org.vigil.events.SoftSign;
import org.vigil.server.TestServer;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertState;
import org.vigil.server.alerts.DeclineReason;
import org.vigil.server.alerts.Severity;
import org.vigil.server.engine.Engine;
import org.vigil.clinical.news2.ClinicalRisk;
import org.vigil.clinical.restore2.Restore2Level;
import org.vigil.organisation.OrganisationLoader;
import org.vigil.organisation.ResponderRole;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/meta} over HTTP: every constant of every enum a page shows has a label in people's words
 * (not its enum name, none blank, none shared), in the enum's order; the responder roles and the zone are the
 * organisation's; the ranges are ingest's own; no token needed.
 */
class MetaApiTest {
    /** Abbreviations a ward says as they are written: their label may be the constant itself. */
    private static final Set<String> SAID_AS_WRITTEN = Set.of("VTE");

    @TempDir
    static Path dir;
    static TestServer server;
    static JsonObject meta;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        TestServer.Reply r = server.get("/api/v1/meta", null);
        assertEquals(200, r.status(), "the pages read it before they have a token: " + r);
        meta = r.json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSingleNodeNamesNoOtherNodeForScreensToFallBackTo() throws Exception {
        assertEquals(0, meta.getJsonArray("nodes").size(), meta.encode());
        JsonObject cluster = new MetaApi(OrganisationLoader.demo(), List.of("https://vigil-1.example.nhs.uk",
                "https://vigil-2.example.nhs.uk"), Engine.ClockMode.WALL).meta();
        assertEquals(List.of("https://vigil-1.example.nhs.uk", "https://vigil-2.example.nhs.uk"),
                cluster.getJsonArray("nodes").getList());
    }

    static Stream<Arguments> enums() {
        return Stream.of(
                Arguments.of("alertKind", AlertKind.values()),
                Arguments.of("severity", Severity.values()),
                Arguments.of("alertState", AlertState.values()),
                Arguments.of("clinicalRisk", ClinicalRisk.values()),
                Arguments.of("restore2Level", Restore2Level.values()),
                Arguments.of("assessmentKind", AssessmentKind.values()),
                Arguments.of("softSign", SoftSign.values()),
                Arguments.of("consciousness", Consciousness.values()),
                Arguments.of("omissionReason", OmissionReason.values()),
                Arguments.of("declineReason", DeclineReason.values()),
                Arguments.of("wardRiskLevel", WardRiskScore.Level.values()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enums")
    void everyConstantHasItsOwnLabelInPeoplesWords(String name, Enum<?>[] constants) {
        JsonObject labels = meta.getJsonObject("enums").getJsonObject(name);
        assertNotNull(labels, name);
        assertEquals(Stream.of(constants).map(Enum::name).toList(), List.copyOf(labels.fieldNames()),
                name + ": every constant, in the enum's order, and nothing else");
        Set<String> seen = new HashSet<>();
        for (Enum<?> c : constants) {
            String label = labels.getString(c.name());
            assertNotNull(label, c.name());
            assertFalse(label.isBlank(), c.name());
            if (!SAID_AS_WRITTEN.contains(c.name())) {
                assertNotEquals(c.name(), label, c.name() + " must not be shown as its enum name");
            }
            assertFalse(label.contains("_"), c.name() + ": " + label);
            assertTrue(seen.add(label), name + ": two constants share the label " + label);
        }
    }

    @Test
    void theEnumsListedAreAllThereAre() {
        assertEquals(enums().map(a -> (String) a.get()[0]).toList(), List.copyOf(meta.getJsonObject("enums").fieldNames()));
    }

    @Test
    void responderRolesAreTheOrganisationsByIdAsPeopleCallThem() throws Exception {
        JsonObject roles = meta.getJsonObject("roles");
        Map<String, ResponderRole> org = OrganisationLoader.demo().policies().escalation().roles();
        assertEquals(List.copyOf(org.keySet()), List.copyOf(roles.fieldNames()));
        org.values().forEach(r -> assertEquals(r.name(), roles.getString(r.id()), r.id()));
        assertEquals("Critical care outreach", roles.getString("outreach"));
    }

    @Test
    void theZoneIsTheOrganisationsSoEveryPageShowsItsTimesWhateverTheScreensOwnZone() throws Exception {
        assertEquals(OrganisationLoader.demo().zone().getId(), meta.getString("zone"));
        assertEquals("Europe/London", meta.getString("zone"));
    }

    @Test
    void vitalRangesAreIngestsOwnSoTheTabletRefusesWhatTheServerWould() {
        JsonObject v = meta.getJsonObject("vitals");
        assertEquals(EventParser.TEMP_MIN, v.getJsonObject("temperature").getDouble("min"));
        assertEquals(EventParser.TEMP_MAX, v.getJsonObject("temperature").getDouble("max"));
        assertEquals(EventParser.RR_MAX, v.getJsonObject("respirationRate").getDouble("max"));
        assertEquals(EventParser.SPO2_MAX, v.getJsonObject("spo2").getDouble("max"));
        assertEquals(EventParser.SBP_MAX, v.getJsonObject("systolicBp").getDouble("max"));
        assertEquals(EventParser.PULSE_MAX, v.getJsonObject("pulse").getDouble("max"));
    }

    @Test
    void everyWallFeedHasItsWindowAndTypes() {
        JsonObject feeds = meta.getJsonObject("walls").getJsonObject("feeds");
        for (WallFeed f : WallFeed.values()) {
            JsonObject j = feeds.getJsonObject(f.id());
            assertNotNull(j, f.name());
            assertEquals(f.validityHours(), j.getInteger("validityHours"));
            assertFalse(j.getJsonArray("types").isEmpty(), f.name());
        }
    }
}
