package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableSet;
import org.onlab.packet.Ip4Address;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.ValidationError;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /intents}: {@code {"tenant": "acme", "service": "backup", "vip": "10.250.0.10"}},
 * decoded strictly (every field required, no unknown field) with every error reported at once.
 */
final class IntentRequest {

    static final String TENANT = "tenant";
    static final String SERVICE = "service";
    static final String VIP = "vip";
    private static final Set<String> FIELDS = ImmutableSet.of(TENANT, SERVICE, VIP);

    private final String tenant;
    private final String service;
    private final Ip4Address vip;

    private IntentRequest(String tenant, String service, Ip4Address vip) {
        this.tenant = tenant;
        this.service = service;
        this.vip = vip;
    }

    /**
     * Decodes a request body.
     *
     * @param json the body
     * @return request
     * @throws InvalidConfigException listing every error of the body
     */
    static IntentRequest decode(JsonNode json) {
        if (!json.isObject()) {
            throw new InvalidConfigException("(document)", "expected an object {\"tenant\", \"service\", \"vip\"}, got "
                    + json.getNodeType().toString().toLowerCase());
        }
        List<ValidationError> errors = new ArrayList<>();
        json.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                errors.add(new ValidationError(f, "unknown field (expected tenant, service, vip)"));
            }
        });
        String tenant = text(json, TENANT, errors);
        String service = text(json, SERVICE, errors);
        String vipText = text(json, VIP, errors);
        Ip4Address vip = null;
        if (vipText != null) {
            try {
                vip = RequestValues.ipv4(VIP, vipText);
            } catch (InvalidConfigException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new IntentRequest(tenant, service, vip);
    }

    private static String text(JsonNode json, String field, List<ValidationError> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            errors.add(new ValidationError(field, "missing (required)"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new ValidationError(field, "expected a string, got "
                    + value.getNodeType().toString().toLowerCase() + " " + value));
            return null;
        }
        return value.textValue();
    }

    /** Returns the tenant name. */
    String tenant() {
        return tenant;
    }

    /** Returns the service name. */
    String service() {
        return service;
    }

    /** Returns the VIP. */
    Ip4Address vip() {
        return vip;
    }
}
