package org.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.vigil.organisation.OrganisationLoader;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The organisation file (server/org): whatever the bytes, the loader gives an organisation or an IOException
 * naming the entry at fault (the server then refuses to start, saying why) — never another exception, never a
 * hang on a YAML alias bomb.
 */
class OrganisationYamlFuzzTest {
    @FuzzTest
    void organisationFile(byte[] yaml) {
        try {
            OrganisationLoader.load(new ByteArrayInputStream(yaml), "fuzz.yaml");
        } catch (IOException documented) {
            // start-up refused with "<file>: <path>: <reason>"
        }
    }
}
