package org.tenantnat.standalone.dataplane;

import org.tenantnat.standalone.TestPki;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Calls the host's REST API under test, with its credentials.
 */
final class Rest {

    private final DataplaneLab lab;
    private final HttpClient client;

    Rest(DataplaneLab lab) {
        this.lab = lab;
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (lab.tls()) {
            // Trusts the lab's controller CA only, which signed the host's HTTPS certificate (for 127.0.0.1).
            builder.sslContext(TestPki.trusting(lab.pki("controller-ca")));
        }
        this.client = builder.build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        String auth = Base64.getEncoder().encodeToString(lab.credentials().getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(lab.restBase() + path))
                .header("Authorization", "Basic " + auth)
                .timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
