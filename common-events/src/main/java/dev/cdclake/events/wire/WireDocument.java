package dev.cdclake.events.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.annotation.Nullable;
import java.io.IOException;

/**
 * Reading the versioned JSON documents capture-job writes beside its messages (published schemas, DDL markers): one
 * place for the checks every reader makes and the messages they give.
 */
public final class WireDocument {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WireDocument() {}

    /**
     * The document's root object, once its {@code version} is the one this code reads.
     *
     * @param kind what the document is, for the message (e.g. "schema document")
     * @throws IllegalArgumentException when the bytes are no JSON object or of another version
     */
    public static JsonNode read(byte[] document, String kind, int version) {
        JsonNode root;
        try {
            root = MAPPER.readTree(document);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int found = root.path("version").asInt(-1);
        if (found != version) {
            throw new IllegalArgumentException(kind + " version " + found + ", but this ingest-job reads version "
                    + version + "; use ingest-job of the same release as capture-job or newer");
        }
        return root;
    }

    /** A member that must be a string. */
    public static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("member '" + name + "' is missing or not a string");
        }
        return v.asText();
    }

    /** A member that may be absent or null. */
    @Nullable
    public static String optionalText(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
