package org.tenantnat.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The test documents: two switches, each with a service; acme (VLAN 100) and globex on switch 1 (prefix rewrite),
 * initech on switch 2 (per-host rewrite). Every router and service MAC is given, so no ARP resolution is needed.
 */
final class Documents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Documents() {
    }

    /**
     * Returns the two-switch document.
     *
     * @return JSON document
     */
    static ObjectNode twoSwitches() {
        try (InputStream in = Documents.class.getResourceAsStream("two-switches.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the two-switch document without one tenant.
     *
     * @param tenant tenant name
     * @return JSON document
     */
    static ObjectNode twoSwitchesWithout(String tenant) {
        ObjectNode doc = twoSwitches();
        var tenants = doc.withArray("tenants");
        for (int i = 0; i < tenants.size(); i++) {
            if (tenants.get(i).path("name").asText().equals(tenant)) {
                tenants.remove(i);
                break;
            }
        }
        return doc;
    }

    /**
     * Decodes a document.
     *
     * @param json document
     * @return desired state
     */
    static DesiredState decode(JsonNode json) {
        return LocalCodecContext.withTenantNatCodecs().decode(JsonDocument.object(json), DesiredState.class);
    }

    /**
     * Decodes a tenant as the REST API does.
     *
     * @param json tenant
     * @return tenant
     */
    static Tenant tenant(JsonNode json) {
        return LocalCodecContext.withTenantNatCodecs().decode(JsonDocument.object(json), Tenant.class);
    }
}
