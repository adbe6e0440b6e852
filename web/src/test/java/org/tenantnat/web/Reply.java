package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An HTTP answer as a test looks at it.
 */
public final class Reply {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpResponse<String> response;

    Reply(HttpResponse<String> response) {
        this.response = response;
    }

    /**
     * Returns the status code.
     *
     * @return status
     */
    public int status() {
        return response.statusCode();
    }

    /**
     * Returns the body text.
     *
     * @return body
     */
    public String body() {
        return response.body();
    }

    /**
     * Parses the body as JSON.
     *
     * @return JSON tree
     */
    public JsonNode json() {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /**
     * Returns a response header.
     *
     * @param name header name
     * @return first value
     */
    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /**
     * Returns every value of a response header, comma-separated lists split.
     *
     * @param name header name
     * @return values in order
     */
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        response.headers().allValues(name).forEach(v -> Arrays.stream(v.split(",")).map(String::trim)
                .filter(t -> !t.isEmpty()).forEach(values::add));
        return values;
    }

    @Override
    public String toString() {
        return response.statusCode() + " " + response.body();
    }
}
