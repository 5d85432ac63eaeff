package org.vigil.server.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.util.List;

/**
 * Why a FHIR request is refused, as its OperationOutcome will say it: the HTTP status (400 unparseable or the wrong
 * resource type; 422 valid FHIR that Vigil cannot use; 413 too many sets), the issue type, the message and the
 * elements at fault (FHIRPath expressions such as {@code Bundle.entry[2].resource.valueQuantity}). Thrown before
 * anything reaches the engine, so a rejected request stores nothing. No stack trace: it is an answer, not a fault.
 */
public final class FhirRejection extends Exception {
    private final int status;
    private final IssueType type;
    private final List<String> expressions;

    public FhirRejection(int status, IssueType type, String message, List<String> expressions) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.expressions = List.copyOf(expressions);
    }

    public FhirRejection(int status, IssueType type, String message, String expression) {
        this(status, type, message, expression == null ? List.of() : List.of(expression));
    }

    /** 422: valid FHIR, but not something Vigil can turn into an observation set. */
    static FhirRejection unusable(IssueType type, String message, String expression) {
        return new FhirRejection(422, type, message, expression);
    }

    public int status() {
        return status;
    }

    public IssueType type() {
        return type;
    }

    public List<String> expressions() {
        return expressions;
    }
}
