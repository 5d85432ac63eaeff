package org.vigil.organisation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which keys of the organisation file the loader asked for, so that any other key is refused: a misspelt optional
 * key ({@code screenWithinMinuts}, {@code nursng}) would otherwise leave its default in force without a word — a
 * trust that tightened a clinical window would not get it (hazard log HAZ-22). Every key the loader reads counts as
 * known, wherever it reads it, so there is no second list of keys to keep in step with the loader.
 */
final class AskedKeys extends JsonNodeFactory {
    AskedKeys() {
        super(false);
    }

    @Override
    public ObjectNode objectNode() {
        return new Mapping(this);
    }

    /** The first key the loader never asked for: its path, and the keys it did ask for there, sorted; null if none. */
    static String[] firstUnasked(JsonNode node, String path) {
        if (node instanceof Mapping m) {
            for (Map.Entry<String, JsonNode> e : m.children()) {
                String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!m.asked.contains(e.getKey())) {
                    return new String[] {at, String.join(", ", new TreeSet<>(m.asked))};
                }
                String[] inside = firstUnasked(e.getValue(), at);
                if (inside != null) {
                    return inside;
                }
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String[] inside = firstUnasked(node.get(i), path + "[" + i + "]");
                if (inside != null) {
                    return inside;
                }
            }
        }
        return null;
    }

    /** A YAML mapping that remembers the keys asked of it; iterating its entries asks for them all. */
    private static final class Mapping extends ObjectNode {
        final Set<String> asked = new HashSet<>();

        Mapping(JsonNodeFactory nc) {
            super(nc);
        }

        Iterable<Map.Entry<String, JsonNode>> children() {
            return _children.entrySet();
        }

        @Override
        public JsonNode get(String key) {
            asked.add(key);
            return super.get(key);
        }

        @Override
        public JsonNode path(String key) {
            asked.add(key);
            return super.path(key);
        }

        @Override
        public Iterator<Map.Entry<String, JsonNode>> fields() {
            asked.addAll(_children.keySet());
            return super.fields();
        }

        @Override
        public Set<Map.Entry<String, JsonNode>> properties() {
            asked.addAll(_children.keySet());
            return super.properties();
        }

        @Override
        public Iterator<String> fieldNames() {
            asked.addAll(_children.keySet());
            return super.fieldNames();
        }
    }
}
