package org.tenantnat.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.config.InvalidFieldException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantNatConfigTest {

    private static TenantNatConfig config(ObjectNode json) {
        TenantNatConfig config = new TenantNatConfig();
        config.init(new DefaultApplicationId(1, TenantNatManager.APP_NAME), TenantNatConfig.CONFIG_KEY, json,
                    new ObjectMapper(), null);
        return config;
    }

    @Test
    void validDocumentIsValidAndDecodesToTheDesiredState() {
        TenantNatConfig config = config(Documents.twoSwitches());

        assertTrue(config.isValid());
        assertEquals(Documents.decode(Documents.twoSwitches()), config.desiredState());
        assertEquals(3, config.desiredState().tenants().size());
    }

    @Test
    void malformedDocumentIsRefusedNamingEveryField() {
        ObjectNode doc = Documents.twoSwitches();
        ((ObjectNode) doc.withArray("tenants").get(0)).put("routerMac", "not-a-mac");
        ((ObjectNode) doc.withArray("services").get(0)).put("ip", "10.1.1.300");

        InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> config(doc).isValid());

        assertTrue(e.reason().contains("tenants[acme].routerMac"), e.reason());
        assertTrue(e.reason().contains("services[backup].ip"), e.reason());
    }

    @Test
    void meaninglessDocumentIsRefusedWithTheValidatorsMessages() {
        ObjectNode doc = Documents.twoSwitches();
        ((ObjectNode) doc.withArray("tenants").get(1)).put("id", 1);
        ((ObjectNode) doc.withArray("tenants").get(2).withArray("access").get(0)).put("service", "nosuch");

        InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> config(doc).isValid());

        assertTrue(e.reason().contains("tenants[globex].id"), e.reason());
        assertTrue(e.reason().contains("tenants[initech].access[0].service"), e.reason());
    }
}
