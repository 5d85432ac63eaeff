package org.vigil.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.server.TestServer;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.server.TestServer.EXEC;
import static org.vigil.server.TestServer.FEED;

/**
 * A FHIR client nobody here wrote: HAPI's generic client, over real HTTP, builds its resources with HAPI's model
 * (the Encounter contained by HAPI itself), reads the CapabilityStatement as it connects, creates an Observation,
 * sends a transaction Bundle of one Observation per vital sign, and searches the NEWS2 results.
 */
class FhirClientTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static IGenericClient feed;
    static IGenericClient reader;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        FhirContext ctx = FhirContext.forR4Cached();
        String base = "http://127.0.0.1:" + server.port() + "/fhir";
        feed = ctx.newRestfulGenericClient(base);
        feed.registerInterceptor(new BearerTokenAuthInterceptor(FEED));
        reader = ctx.newRestfulGenericClient(base);
        reader.registerInterceptor(new BearerTokenAuthInterceptor(EXEC));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Encounter onWard12() {
        Encounter e = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
        e.addLocation().setLocation(new Reference().setIdentifier(new Identifier().setSystem(News2Coding.UNIT_ID).setValue("RVT-W12")));
        e.addLocation().setLocation(new Reference().setIdentifier(new Identifier().setSystem(News2Coding.BED_ID).setValue("B7")));
        return e;
    }

    static Observation reading(String patient, String time, String system, String code) {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory().addCoding().setSystem(News2Coding.OBSERVATION_CATEGORY).setCode("vital-signs");
        o.setCode(new CodeableConcept().addCoding(new Coding(system, code, null)));
        o.setSubject(new Reference("Patient/" + patient));
        o.setEncounter(new Reference(onWard12())); // HAPI contains it when encoding
        o.setEffective(new DateTimeType(time));
        return o;
    }

    static Quantity q(double v, String ucum) {
        return new Quantity().setValue(v).setSystem(News2Coding.UCUM).setCode(ucum);
    }

    static int news2(String patient) {
        Bundle found = reader.search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId("Patient/" + patient))
                .and(Observation.CODE.exactly().systemAndCode(News2Coding.SNOMED, News2Coding.NEWS2_TOTAL))
                .returnBundle(Bundle.class).execute();
        assertEquals(1, found.getTotal());
        return ((Observation) found.getEntryFirstRep().getResource()).getValueQuantity().getValue().intValue();
    }

    @Test
    void theClientReadsTheCapabilityStatement() {
        CapabilityStatement cs = reader.capabilities().ofType(CapabilityStatement.class).execute();
        assertEquals("4.0.1", cs.getFhirVersion().toCode());
        assertEquals("Observation", cs.getRestFirstRep().getResourceFirstRep().getType());
    }

    @Test
    void aPanelObservationIsCreatedAndScored() {
        Observation panel = reading("P-CLIENT-1", "2026-03-10T08:15:00Z", News2Coding.LOINC, News2Coding.VITAL_SIGNS_PANEL);
        panel.addComponent().setCode(new CodeableConcept(new Coding(News2Coding.LOINC, "9279-1", null))).setValue(q(26, "/min"));
        panel.addComponent().setCode(new CodeableConcept(new Coding(News2Coding.LOINC, "59408-5", null))).setValue(q(91, "%"));
        panel.addComponent().setCode(new CodeableConcept(new Coding(News2Coding.SNOMED, "722742002", null)));
        panel.addComponent().setCode(new CodeableConcept(new Coding(News2Coding.LOINC, "8480-6", null))).setValue(q(88, "mm[Hg]"));
        panel.addComponent().setCode(new CodeableConcept(new Coding(News2Coding.LOINC, "8867-4", null))).setValue(q(135, "/min"));
        panel.addComponent().setCode(new CodeableConcept(new Coding(News2Coding.SNOMED, "1104441000000107", null)))
                .setValue(new CodeableConcept(new Coding(News2Coding.SNOMED, "422768004", "Unresponsive")));
        panel.addComponent().setCode(new CodeableConcept(new Coding(News2Coding.LOINC, "8310-5", null))).setValue(q(39.5, "Cel"));
        MethodOutcome out = feed.create().resource(panel).execute();
        assertTrue(out.getId().getIdPart().startsWith("fhir-"), out.getId().getValue());
        // RR 26 → 3, SpO2 91 → 3, air → 0, SBP 88 → 3, pulse 135 → 3, U → 3, 39.5 °C → 2 (RCP 2017 Chart 1)
        assertEquals(17, news2("P-CLIENT-1"));
    }

    @Test
    void aTransactionOfOneObservationPerVitalSignIsOneSet() {
        String p = "P-CLIENT-2";
        String t = "2026-03-10T08:30:00+00:00";
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Observation[] readings = {
                reading(p, t, News2Coding.LOINC, "9279-1").setValue(q(18, "/min")),
                reading(p, t, News2Coding.SNOMED, "103228002").setValue(q(97, "%")),
                reading(p, t, News2Coding.SNOMED, "722742002"),
                reading(p, t, News2Coding.SNOMED, "72313002").setValue(q(128, "mm[Hg]")),
                reading(p, t, News2Coding.SNOMED, "78564009").setValue(q(76, "/min")),
                reading(p, t, News2Coding.SNOMED, "1104441000000107")
                        .setValue(new CodeableConcept(new Coding(News2Coding.SNOMED, "248234008", "Mentally alert"))),
                reading(p, t, News2Coding.SNOMED, "276885007").setValue(q(36.9, "Cel"))};
        for (Observation o : readings) {
            tx.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(o)
                    .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        }
        Bundle response = feed.transaction().withBundle(tx).execute();
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertEquals(7, response.getEntry().size());
        assertEquals(0, news2(p));
    }

    @Test
    void refusalsReachTheClientAsOperationOutcomes() {
        Observation incomplete = reading("P-CLIENT-3", "2026-03-10T08:45:00Z", News2Coding.LOINC, "9279-1").setValue(q(18, "/min"));
        UnprocessableEntityException e = assertThrows(UnprocessableEntityException.class,
                () -> feed.create().resource(incomplete).execute());
        OperationOutcome oo = (OperationOutcome) e.getOperationOutcome();
        assertTrue(oo.getIssueFirstRep().getDiagnostics().contains("NEWS2 needs all seven"), oo.getIssueFirstRep().getDiagnostics());
        IGenericClient anonymous = FhirContext.forR4Cached().newRestfulGenericClient("http://127.0.0.1:" + server.port() + "/fhir");
        assertThrows(AuthenticationException.class, () -> anonymous.create().resource(incomplete).execute());
    }
}
