package org.vigil.server.fhir;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * {@code GET /fhir/metadata}: what this FHIR endpoint does, as an R4 CapabilityStatement. Answered without a token,
 * as FHIR servers do (the capabilities interaction is how a client learns how to authenticate; SMART App Launch
 * requires it to be public); it holds no patient data.
 */
final class Capability {
    /** When this statement last changed (what the endpoint does changes with releases, not with requests). */
    private static final String DATE = "2026-11-24";

    private Capability() {
    }

    static CapabilityStatement statement(String base) {
        CapabilityStatement c = new CapabilityStatement();
        c.setStatus(Enumerations.PublicationStatus.ACTIVE);
        c.setDateElement(new DateTimeType(DATE));
        c.setPublisher("Vigil");
        c.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        c.getSoftware().setName("Vigil");
        c.getImplementation().setDescription("Vigil FHIR R4 edge: vital-sign Observations in, NEWS2 scores out "
                + "(docs/fhir.md)").setUrl(base);
        c.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        c.addFormat("application/fhir+json");
        CapabilityStatement.CapabilityStatementRestComponent rest = c.addRest();
        rest.setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.setDocumentation("Readings of one patient with the same effective time are one NEWS2 observation set, "
                + "which must hold all seven parameters; Vigil scores it and journals it before answering.");
        rest.getSecurity().setDescription("Bearer tokens (RFC 6750) listed by SHA-256 in Vigil's organisation file. "
                + "POST needs the scope ingest:... covering the Observation's ward; GET needs read:... (results the "
                + "token may not read are left out). Only this statement is public.");
        CapabilityStatement.CapabilityStatementRestResourceComponent obs = rest.addResource();
        obs.setType("Observation");
        obs.setDocumentation("Create: vital signs (LOINC vital-signs codes, UK Core SNOMED CT codes, ACVPU). "
                + "Search: the NEWS2 totals Vigil computed, SNOMED CT 1104051000000101, with sub-scores as components.");
        obs.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
        obs.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        obs.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("Required: Patient/{local pseudonymous id} or the id alone");
        obs.addSearchParam().setName("code").setType(Enumerations.SearchParamType.TOKEN)
                .setDocumentation("Optional: http://snomed.info/sct|1104051000000101 (the only code Vigil answers)");
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION)
                .setDocumentation("A transaction Bundle of Observation creates; all or nothing");
        return c;
    }
}
