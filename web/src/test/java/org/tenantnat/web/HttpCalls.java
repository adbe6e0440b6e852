package org.tenantnat.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends requests to a tenantnat REST API over real HTTP, optionally with basic-auth credentials.
 */
public final class HttpCalls {

    /**
     * Bodies above this size are sent as a careful client sends them, after the server's 100 Continue: a server
     * refusing them (413) then answers before any of the body is on the wire, instead of closing the connection
     * under a client still writing it, which the client would see as a reset with no answer.
     */
    private static final int LARGE_BODY = 64 * 1024;

    /** The media type of every request body unless a test says otherwise. */
    public static final String JSON = "application/json";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI root;
    private final Map<String, String> headers;

    /**
     * Creates a client without credentials.
     *
     * @param root API root, e.g. {@code http://127.0.0.1:8181/onos/tenantnat/}
     */
    public HttpCalls(URI root) {
        this(root, Map.of());
    }

    private HttpCalls(URI root, Map<String, String> headers) {
        this.root = root;
        this.headers = headers;
    }

    /**
     * Returns the API root every path is resolved against.
     *
     * @return root, ending in {@code /}
     */
    public URI root() {
        return root;
    }

    /**
     * Returns a client that sends basic-auth credentials.
     *
     * @param credentials {@code user:password}
     * @return client
     */
    public HttpCalls withCredentials(String credentials) {
        return withAuthorization("Basic " + Base64.getEncoder()
                .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Returns a client that sends this Authorization header verbatim.
     *
     * @param header header value
     * @return client
     */
    public HttpCalls withAuthorization(String header) {
        return withHeader("Authorization", header);
    }

    /**
     * Returns a client that sends one more header with every request.
     *
     * @param name  header name
     * @param value header value
     * @return client
     */
    public HttpCalls withHeader(String name, String value) {
        Map<String, String> more = new TreeMap<>(headers);
        more.put(name, value);
        return new HttpCalls(root, more);
    }

    /**
     * Sends a GET.
     *
     * @param path path below the root
     * @return reply
     */
    public Reply get(String path) {
        return send("GET", path, null, null);
    }

    /**
     * Sends a DELETE.
     *
     * @param path path below the root
     * @return reply
     */
    public Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    /**
     * Sends a POST with a JSON body.
     *
     * @param path path below the root
     * @param body JSON text
     * @return reply
     */
    public Reply post(String path, String body) {
        return send("POST", path, JSON, body);
    }

    /**
     * Sends a PUT with a JSON body.
     *
     * @param path path below the root
     * @param body JSON text
     * @return reply
     */
    public Reply put(String path, String body) {
        return send("PUT", path, JSON, body);
    }

    /**
     * Sends any request with a body of known length.
     *
     * @param method      HTTP method
     * @param path        path below the root
     * @param contentType Content-Type, or null for none
     * @param body        body text, or null for none
     * @return reply
     */
    public Reply send(String method, String path, String contentType, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        return send(request(method, path, contentType).method(method, publisher)
                            .expectContinue(body != null && body.length() > LARGE_BODY));
    }

    /**
     * Sends a request whose body is chunked: no Content-Length tells the server its size in advance.
     *
     * @param method HTTP method
     * @param path   path below the root
     * @param body   body text
     * @return reply
     */
    public Reply sendChunked(String method, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(request(method, path, JSON).method(method,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                            .expectContinue(bytes.length > LARGE_BODY));
    }

    private HttpRequest.Builder request(String method, String path, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(20));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return b;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            return new Reply(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
