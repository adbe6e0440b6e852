package org.tenantnat.web;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One request a hostile client sends: method, path and query (percent-encoded as sent), headers, body, and what
 * was done to it, for the report of a failing try.
 */
final class HostileRequest {

    /** What a request is aimed at, when it is a change whose result can be read back. */
    enum Target {
        /** {@code PUT /config}: read back at {@code config}. */
        CONFIG("PUT", "config", "config"),
        /** {@code POST /tenants}: read back at {@code tenants/{name}}. */
        NEW_TENANT("POST", "tenants", "tenants/"),
        /** {@code PUT /tenants/acme}: read back at {@code tenants/acme}. */
        REPLACE_TENANT("PUT", "tenants/acme", "tenants/acme"),
        /** {@code POST /services}: read back at {@code services/{name}}. */
        NEW_SERVICE("POST", "services", "services/"),
        /** {@code POST /intents}: read back at {@code intents/{tenant}/{service}}. */
        NEW_INTENT("POST", "intents", "intents/");

        final String method;
        final String path;
        final String readBack;

        Target(String method, String path, String readBack) {
            this.method = method;
            this.path = path;
            this.readBack = readBack;
        }
    }

    final String method;
    final String pathAndQuery;
    final String contentType;
    final String accept;
    final byte[] body;
    final boolean chunked;
    final Optional<Target> target;
    final String mutation;

    HostileRequest(String method, String pathAndQuery, String contentType, String accept, byte[] body,
                   boolean chunked, Optional<Target> target, String mutation) {
        this.method = method;
        this.pathAndQuery = pathAndQuery;
        this.contentType = contentType;
        this.accept = accept;
        this.body = body;
        this.chunked = chunked;
        this.target = target;
        this.mutation = mutation;
    }

    /**
     * Tells whether the method asks for a change (anything but a read).
     *
     * @return true for POST, PUT, DELETE, PATCH and unknown methods
     */
    boolean isChange() {
        switch (method) {
            case "GET":
            case "HEAD":
            case "OPTIONS":
            case "TRACE":
                return false;
            default:
                return true;
        }
    }

    @Override
    public String toString() {
        String shown = body == null ? "no body" : body.length + " bytes: " + abbreviated(body);
        return method + " " + pathAndQuery + " [" + mutation + "] Content-Type " + contentType + ", Accept " + accept
                + (chunked ? ", chunked" : "") + ", " + shown;
    }

    private static String abbreviated(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return body.length > 300 ? text + "..." : text;
    }
}
