package org.vigil.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

import java.util.List;

/**
 * HAPI's instance validator against base R4 only: the structure definitions and value sets HAPI ships, no
 * terminology server and no UK Core package (neither can be fetched here; docs/fhir.md says so). LOINC and
 * SNOMED CT codes therefore cannot be checked for existence here; their systems, structure, cardinality and
 * invariants can, and UCUM units are checked by the bundled UCUM service.
 */
final class R4Validator {
    private static FhirValidator validator;

    private R4Validator() {
    }

    private static synchronized FhirValidator validator() {
        if (validator == null) {
            FhirContext ctx = FhirContext.forR4Cached();
            ValidationSupportChain chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(ctx),
                    new CommonCodeSystemsTerminologyService(ctx),
                    new InMemoryTerminologyServerValidationSupport(ctx),
                    new SnapshotGeneratingValidationSupport(ctx));
            FhirInstanceValidator module = new FhirInstanceValidator(chain);
            validator = ctx.newValidator().registerValidatorModule(module);
        }
        return validator;
    }

    /** Every message of severity error or fatal, as "severity location: message" lines. */
    static List<String> errors(String json) {
        ValidationResult r = validator().validateWithResult(json);
        return r.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R4Validator::line).toList();
    }

    /** Every message, for a reader of the test output. */
    static List<String> all(String json) {
        return validator().validateWithResult(json).getMessages().stream().map(R4Validator::line).toList();
    }

    private static String line(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
