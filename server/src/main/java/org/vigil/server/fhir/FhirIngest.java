package org.vigil.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.vigil.events.EventParser;
import org.vigil.server.fhir.ObservationSets.Located;
import org.vigil.server.fhir.ObservationSets.ObservationSet;
import org.vigil.server.http.RepeatedMembers;
import org.vigil.server.http.Utf8;
import org.vigil.organisation.Organisation;

import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The FHIR ingest parser: the body of {@code POST /fhir/Observation} or {@code POST /fhir} to Vigil observation
 * sets, or a {@link FhirRejection}. HAPI's R4 JSON parser reads the body strictly (an unknown or malformed element
 * is a 400 naming it: a misspelt {@code valueQuantiy} must not silently drop a reading); {@link ObservationSets}
 * reads the vital signs. No Vert.x and no state: the fuzz target calls it directly. Thread-safe.
 */
public final class FhirIngest {
    private final FhirContext fhir;
    private final ObservationSets sets;
    private final int maxSets;

    /** @param maxSets observation sets per request (the NDJSON batch limit); more is 413 */
    public FhirIngest(FhirContext fhir, Organisation org, EventParser parser, int maxSets) {
        this.fhir = fhir;
        this.sets = new ObservationSets(org, parser);
        this.maxSets = maxSets;
    }

    /** What a request will add: its observation sets, and how many Bundle entries they came from. */
    public record Accepted(List<ObservationSet> sets, int entries) {}

    /** {@code POST /fhir/Observation}: one Observation holding a whole set (a panel with the readings as components). */
    public Accepted observation(byte[] body) throws FhirRejection {
        IBaseResource r = parse(body);
        if (!(r instanceof Observation o)) {
            throw new FhirRejection(400, IssueType.INVALID, "expected an Observation, not a " + r.fhirType()
                    + " (a transaction Bundle goes to POST /fhir)", r.fhirType());
        }
        return new Accepted(sets.read(List.of(new Located(o, "Observation")), "Observation"), 1);
    }

    /** {@code POST /fhir}: a transaction Bundle whose entries all create Observations; all or nothing. */
    public Accepted transaction(byte[] body) throws FhirRejection {
        IBaseResource r = parse(body);
        if (!(r instanceof Bundle b)) {
            throw new FhirRejection(400, IssueType.INVALID, "expected a transaction Bundle, not a " + r.fhirType()
                    + " (one Observation goes to POST /fhir/Observation)", r.fhirType());
        }
        if (b.getType() != Bundle.BundleType.TRANSACTION) {
            throw FhirRejection.unusable(IssueType.NOTSUPPORTED, "Bundle.type must be transaction (all or nothing), not "
                    + (b.hasType() ? b.getType().toCode() : "missing"), "Bundle.type");
        }
        if (b.getEntry().isEmpty()) {
            throw FhirRejection.unusable(IssueType.REQUIRED, "the Bundle has no entries", "Bundle.entry");
        }
        List<Located> observations = new ArrayList<>(b.getEntry().size());
        Set<String> fullUrls = new HashSet<>();
        for (int i = 0; i < b.getEntry().size(); i++) {
            Bundle.BundleEntryComponent e = b.getEntry().get(i);
            String path = "Bundle.entry[" + i + "]";
            // R4 invariant bdl-7, which HAPI's parser does not check: fullUrl is unique unless meta.versionId differs
            if (e.hasFullUrl() && !fullUrls.add(e.getFullUrl() + "|" + (e.hasResource()
                    ? e.getResource().getMeta().getVersionId() : null))) {
                throw new FhirRejection(400, IssueType.INVARIANT, "two entries have the fullUrl " + e.getFullUrl()
                        + " (FHIR R4 bdl-7)", path + ".fullUrl");
            }
            Bundle.BundleEntryRequestComponent req = e.getRequest();
            if (req.getMethod() != Bundle.HTTPVerb.POST || !"Observation".equals(req.getUrl())) {
                throw FhirRejection.unusable(IssueType.NOTSUPPORTED, "each entry must create an Observation: request "
                        + "{method: POST, url: Observation}", path + ".request");
            }
            if (!(e.getResource() instanceof Observation o)) {
                throw FhirRejection.unusable(IssueType.NOTSUPPORTED, "Vigil takes Observations only, not "
                        + (e.hasResource() ? e.getResource().fhirType() : "an empty entry"), path + ".resource");
            }
            observations.add(new Located(o, path + ".resource"));
        }
        List<ObservationSet> read = sets.read(observations, "Bundle");
        if (read.size() > maxSets) {
            throw new FhirRejection(413, IssueType.TOOCOSTLY, "more than " + maxSets + " observation sets in one "
                    + "transaction", "Bundle.entry");
        }
        return new Accepted(read, b.getEntry().size());
    }

    private IBaseResource parse(byte[] body) throws FhirRejection {
        if (body.length == 0) {
            throw new FhirRejection(400, IssueType.STRUCTURE, "empty body", List.of());
        }
        Buffer buffer = Buffer.buffer(body); // a copy of the bytes: made once, for both readers below
        if (Utf8.firstMalformed(buffer) >= 0) {
            // HAPI reads with a lenient decoder (a bad byte becomes U+FFFD, so a patient id would change silently)
            // and the checks after it strictly: refused here, before either (found by an HTTP audit: it was a 500)
            throw new FhirRejection(400, IssueType.STRUCTURE, "the body is not UTF-8, as FHIR JSON must be",
                    List.of());
        }
        IBaseResource resource;
        try {
            resource = strict(body);
        } catch (Malformed m) {
            throw new FhirRejection(400, IssueType.STRUCTURE, m.getMessage(), locate(body, m));
        } catch (RuntimeException e) {
            // HAPI's own parse errors (DataFormatException) and whatever else malformed input provokes in it
            throw new FhirRejection(400, IssueType.STRUCTURE, "not FHIR R4 JSON: " + firstLine(e.getMessage()),
                    locate(body, null));
        }
        String repeated = RepeatedMembers.in(body);
        if (repeated != null) {
            String where = resource.fhirType() + "." + repeated;
            throw new FhirRejection(400, IssueType.STRUCTURE, "a member given twice (not FHIR R4 JSON): " + where,
                    List.of(where));
        }
        // HAPI parsed it, so it is a JSON object
        check(new JsonObject(buffer), resource.fhirType(), false, false);
        return resource;
    }

    private IBaseResource strict(byte[] body) {
        IParser p = fhir.newJsonParser();
        p.setParserErrorHandler(STRICT);
        return p.parseResource(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    /**
     * Where in the request HAPI's parser stopped, as FHIRPath: HAPI names only the element (and the value it
     * refused), not where it is. A Bundle's entries are parsed again one at a time to find the entry at fault
     * ({@code fault} is null when HAPI's own error said nothing); within it, the element is the one key of that name
     * (and value) in the JSON, and when there are several the entry (or resource) alone is named, never a guess. A
     * missing or unknown resourceType is named as such. Only on the way to a 400: a good request never pays for it.
     */
    private List<String> locate(byte[] body, Malformed fault) {
        JsonObject root;
        try {
            root = new JsonObject(Buffer.buffer(body));
        } catch (RuntimeException notAnObject) {
            return List.of(); // not a JSON object: there is no element to name
        }
        if (!knownType(root)) {
            return List.of("resourceType");
        }
        Map<String, Object> rest = new LinkedHashMap<>(root.getMap());
        if (root.getValue("resourceType").equals("Bundle") && root.getValue("entry") instanceof JsonArray entries) {
            rest.remove("entry");
            for (int i = 0; i < entries.size(); i++) {
                Object entry = entries.getValue(i);
                Map<String, Object> one = new LinkedHashMap<>(rest);
                one.put("entry", new JsonArray().add(entry));
                String at = "Bundle.entry[" + i + "]";
                try {
                    strict(new JsonObject(one).toBuffer().getBytes());
                } catch (Malformed m) {
                    return List.of(find(entry, at, m));
                } catch (RuntimeException e) {
                    return List.of(entry instanceof JsonObject o && o.getValue("resource") instanceof JsonObject r
                            && !knownType(r) ? at + ".resource.resourceType" : at);
                }
            }
        }
        return fault == null ? List.of() : List.of(find(new JsonObject(rest), (String) root.getValue("resourceType"), fault));
    }

    private boolean knownType(JsonObject resource) {
        return resource.getValue("resourceType") instanceof String type && fhir.getResourceTypes().contains(type);
    }

    /** The path of the one key in {@code node} that is the element at fault, or {@code path} if not just one. */
    private static String find(Object node, String path, Malformed fault) {
        List<String> found = new ArrayList<>(2);
        find(node, path, fault, found);
        return found.size() == 1 ? found.get(0) : path;
    }

    private static void find(Object node, String path, Malformed fault, List<String> found) {
        if (node instanceof JsonObject o) {
            for (String key : o.fieldNames()) {
                Object v = o.getValue(key);
                String at = path + "." + key;
                if (key.equals(fault.element) && (fault.value == null || fault.value.equals(String.valueOf(v)))) {
                    found.add(at);
                }
                find(v, at, fault, found);
            }
        } else if (node instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                find(a.getValue(i), path + "[" + i + "]", fault, found);
            }
        }
    }

    /**
     * What HAPI's parser takes and Vigil must not, found in the JSON as sent ({@code path} is the FHIRPath of
     * {@code node}):
     * <ul>
     * <li>a Quantity's {@code value} (the readings: {@code valueQuantity}, a component's too) that is not a JSON
     * number (400). FHIR R4 JSON writes a decimal as a number ("value": 37.5), never a string; HAPI's parser takes
     * "37.5" as well and never tells its error handler, so a reading sent as a string — a sender's mapping fault —
     * would be scored.</li>
     * <li>a {@code modifierExtension}, anywhere (422). R4 (Extensibility, "Modifier Extensions"): a system must not
     * process a resource holding a modifier extension it does not understand, and Vigil understands none; ignored,
     * one saying e.g. "not done" would have a reading scored.</li>
     * <li>a contained resource that contains resources (400): R4 invariant dom-2, which HAPI's parser does not
     * check ({@code contained} says whether {@code node} is inside a contained resource).</li>
     * </ul>
     */
    private static void check(Object node, String path, boolean quantity, boolean contained) throws FhirRejection {
        if (node instanceof JsonObject o) {
            for (String key : o.fieldNames()) {
                Object v = o.getValue(key);
                String at = path + "." + key;
                if (quantity && key.equals("value") && !(v instanceof Number)) {
                    throw new FhirRejection(400, IssueType.STRUCTURE, at + ": a decimal is a JSON number, not a "
                            + (v instanceof String ? "string" : "JSON " + (v == null ? "null" : v.getClass().getSimpleName())), at);
                }
                if (key.equals("modifierExtension")) {
                    throw FhirRejection.unusable(IssueType.NOTSUPPORTED, "a modifier extension changes the meaning of "
                            + "what holds it, and Vigil understands none: it cannot use this (FHIR R4 Extensibility)", at);
                }
                if (contained && key.equals("contained")) {
                    throw new FhirRejection(400, IssueType.INVARIANT, "a contained resource cannot contain resources "
                            + "(FHIR R4 dom-2)", at);
                }
                check(v, at, key.equals("valueQuantity"), contained || key.equals("contained"));
            }
        } else if (node instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                check(a.getValue(i), path + "[" + i + "]", quantity, contained);
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /**
     * A structural fault the strict handler found: the element's name (HAPI's element, or the one it was in) and,
     * for an invalid value, the value as sent.
     */
    private static final class Malformed extends RuntimeException {
        final String element;
        final String value;

        Malformed(String message, IParserErrorHandler.IParseLocation where, String element) {
            this(message, where, element, null);
        }

        Malformed(String message, IParserErrorHandler.IParseLocation where, String element, String value) {
            super(message, null, false, false);
            this.element = element != null ? element : where == null ? null : where.getParentElementName();
            this.value = value;
        }
    }

    /** Every structural fault is a 400 naming the element (HAPI's default handler would only log most of them). */
    private static final IParserErrorHandler STRICT = new IParserErrorHandler() {
        @Override
        public void containedResourceWithNoId(IParseLocation where) {
            throw new Malformed("a contained resource needs an id", where, "contained");
        }

        @Override
        public void incorrectJsonType(IParseLocation where, String element, BaseJsonLikeValue.ValueType expected,
                                      BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found,
                                      BaseJsonLikeValue.ScalarType foundScalar) {
            throw new Malformed(element + ": expected a JSON " + describe(expected, expectedScalar) + ", found "
                    + describe(found, foundScalar), where, element);
        }

        @Override
        public void invalidValue(IParseLocation where, String value, String error) {
            throw new Malformed("invalid value '" + abbreviate(value) + "': " + error, where, null, value);
        }

        @Override
        public void missingRequiredElement(IParseLocation where, String element) {
            throw new Malformed(element + " is required", where, element);
        }

        @Override
        public void unexpectedRepeatingElement(IParseLocation where, String element) {
            throw new Malformed(element + " may appear only once", where, element);
        }

        @Override
        public void unknownAttribute(IParseLocation where, String attribute) {
            throw new Malformed("unknown attribute " + attribute, where, attribute);
        }

        @Override
        public void unknownElement(IParseLocation where, String element) {
            throw new Malformed("unknown element " + element + " (not FHIR R4)", where, element);
        }

        @Override
        public void unknownReference(IParseLocation where, String reference) {
            throw new Malformed("reference " + abbreviate(reference) + " resolves to nothing", where, null);
        }

        @Override
        public void invalidInternalReference(IParseLocation where, String reference) {
            throw new Malformed("internal reference " + abbreviate(reference) + " resolves to nothing", where, null);
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(IParseLocation where) {
            throw new Malformed("an extension has a value or nested extensions, not both", where, "extension");
        }
    };

    private static String describe(BaseJsonLikeValue.ValueType type, BaseJsonLikeValue.ScalarType scalar) {
        return scalar == null ? String.valueOf(type).toLowerCase() : String.valueOf(scalar).toLowerCase();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
