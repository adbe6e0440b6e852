package org.tenantnat.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Example desired-state documents kept under {@code src/test/resources/config}.
 */
public final class Documents {

    /** The example of design.md (optional MACs left out). */
    public static final String DESIGN_EXAMPLE = "design-example.json";

    /** Three tenants and two services all on 10.1.1.0/24, with VLANs, pins and a router MAC. */
    public static final String THREE_TENANTS = "three-tenants.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Documents() {
    }

    /** Returns a document's text. */
    public static String text(String name) {
        try (InputStream in = Documents.class.getResourceAsStream("/config/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test document " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a fresh, mutable tree of a document. */
    public static ObjectNode tree(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text into a tree, for tests that write small documents inline. */
    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
