package org.tenantnat.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tenantnat.config.ValidationError;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.List;

/**
 * The body of every error answer: {@code {"error": "..."}} with a sentence naming the field, plus
 * {@code "errors": [{"field": ..., "message": ...}]} when the offending fields are known.
 */
public final class ErrorJson {

    private ErrorJson() {
    }

    /**
     * Builds an error body without field detail.
     *
     * @param message what is wrong
     * @return error body
     */
    public static ObjectNode of(String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message);
    }

    /**
     * Builds an error body listing the offending fields.
     *
     * @param message summary of what is wrong
     * @param errors  every offending field
     * @return error body
     */
    public static ObjectNode of(String message, List<ValidationError> errors) {
        ObjectNode json = of(message);
        ArrayNode list = json.putArray("errors");
        errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
        return json;
    }

    /**
     * Builds a JSON error response.
     *
     * @param status HTTP status
     * @param body   error body
     * @return response builder, for more headers
     */
    public static Response.ResponseBuilder response(int status, ObjectNode body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }
}
