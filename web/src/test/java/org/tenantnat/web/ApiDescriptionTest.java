package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.Values;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Swagger description the build generates (and ONOS shows in its REST docs) describes every operation the
 * application serves, at the web context ONOS serves it under.
 */
class ApiDescriptionTest {

    private static final List<Class<? extends Annotation>> METHODS = List.of(GET.class, POST.class, PUT.class,
                                                                            DELETE.class);

    private static JsonNode description() throws Exception {
        try (InputStream in = ApiDescriptionTest.class.getResourceAsStream("/apidoc/swagger.json")) {
            assertNotNull(in, "the build did not generate apidoc/swagger.json");
            return new ObjectMapper().readTree(in);
        }
    }

    private static Set<String> servedOperations() {
        Set<String> operations = new TreeSet<>();
        for (Class<?> c : new TenantNatWebApplication().getClasses()) {
            Path root = c.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method m : c.getMethods()) {
                Path sub = m.getAnnotation(Path.class);
                String path = "/" + root.value() + (sub == null ? "" : "/" + sub.value());
                METHODS.stream().filter(a -> m.isAnnotationPresent(a))
                        .forEach(a -> operations.add(a.getSimpleName().toLowerCase() + " " + path));
            }
        }
        return operations;
    }

    @Test
    void descriptionListsEveryServedOperation() throws Exception {
        JsonNode doc = description();
        Set<String> described = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(method -> described.add(method + " " + p.getKey())));

        assertEquals(servedOperations(), described);
        assertEquals("/onos/tenantnat", doc.path("basePath").asText());
        assertEquals("tenantnat REST API", doc.path("info").path("title").asText());
    }

    @Test
    void everyReferencedModelIsDefined() throws Exception {
        JsonNode doc = description();
        Set<String> refs = new TreeSet<>();
        doc.path("paths").findValues("$ref").forEach(r -> refs.add(r.asText()));
        doc.path("definitions").findValues("$ref").forEach(r -> refs.add(r.asText()));

        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            String name = ref.substring("#/definitions/".length());
            assertTrue(doc.path("definitions").has(name), ref + " is not defined");
        }
    }

    @Test
    void everyOperationHasASummary() throws Exception {
        description().path("paths").forEach(path -> path.forEach(op ->
                assertFalse(op.path("summary").asText().isEmpty(), op::toString)));
    }

    @Test
    void theDescribedTranslationModesAreExactlyTheAcceptedOnes() throws Exception {
        JsonNode mode = description().path("definitions").path("Tenant").path("properties").path("translation")
                .path("properties").path("mode");
        Set<String> described = new TreeSet<>();
        mode.path("enum").forEach(m -> described.add(m.asText()));
        Set<String> accepted = new TreeSet<>();
        for (TranslationPolicy.Mode m : TranslationPolicy.Mode.values()) {
            String text = Values.modeText(m);
            // Dynamic and pat need their pool block's size; nothing else.
            String size = m == TranslationPolicy.Mode.STATIC ? "" : ", \"blockSize\": 30";
            String document = Documents.CONFIG.replace("\"access\"", "\"translation\": {\"mode\": \"" + text
                    + "\"" + size + "}, \"access\"");
            try {
                DesiredStateReader.parseAndValidate(document);
                accepted.add(text);
            } catch (InvalidConfigException e) {
                assertTrue(e.getMessage().contains("translation.mode"), e::getMessage);
            }
        }

        assertFalse(described.isEmpty(), mode::toString);
        assertEquals(accepted, described);
    }
}
