package org.tenantnat.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * {@code java -jar tenantnat-standalone.jar apply FILE}: sends an edited desired-state file to a running host
 * ({@code PUT /onos/tenantnat/config}), which validates it, keeps it in its state directory and programs the
 * difference. Exit 0 when applied, 1 when the file was refused (errors printed by field), 2 for a usage error or
 * an unreachable host.
 */
final class ApplyCommand {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ApplyCommand() {
    }

    /**
     * Runs the command.
     *
     * @param args arguments after {@code apply}
     * @param env  environment, for the credentials variable
     * @param out  where the outcome goes
     * @param err  where errors go
     * @return exit status
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Path file = null;
        InetSocketAddress http = new InetSocketAddress("127.0.0.1", 8181);
        String credentials = env.get(StandaloneOptions.CREDENTIALS_ENV);
        Path state = Paths.get("tenantnat-state");
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    if (file != null) {
                        throw new IllegalArgumentException("apply: one FILE only, got '" + arg + "' too");
                    }
                    file = Paths.get(arg);
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + ": missing value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--http": http = StandaloneOptions.address(arg, value); break;
                    case "--credentials": credentials = StandaloneOptions.credentials(arg, value); break;
                    case "--state": state = Paths.get(value); break;
                    default: throw new IllegalArgumentException(arg + ": unknown option of apply (see --help)");
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("apply: FILE is required");
            }
            if (credentials == null) {
                credentials = storedCredentials(state);
            }
        } catch (IllegalArgumentException e) {
            err.println("tenantnat: " + e.getMessage());
            err.print(StandaloneOptions.USAGE);
            return 2;
        }
        return put(file, http, credentials, out, err);
    }

    private static int put(Path file, InetSocketAddress http, String credentials, PrintStream out, PrintStream err) {
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("tenantnat: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        URI uri = URI.create("http://" + http.getHostString() + ":" + http.getPort() + "/onos/tenantnat/config");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("tenantnat: cannot reach the host at " + uri + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        if (response.statusCode() == 200 && json != null) {
            out.println("tenantnat: applied " + file + ": " + json.path("tenants").size() + " tenants, "
                                + json.path("services").size() + " services now in force");
            return 0;
        }
        err.println("tenantnat: " + file + " refused (HTTP " + response.statusCode() + "), nothing changed:");
        if (json != null && json.path("errors").isArray() && json.path("errors").size() > 0) {
            json.path("errors").forEach(e -> err.println("  " + e.path("field").asText() + ": "
                                                                 + e.path("message").asText()));
        } else {
            err.println("  " + (json != null ? json.path("error").asText(response.body()) : response.body()));
        }
        return 1;
    }

    private static String storedCredentials(Path state) {
        Path stored = state.resolve(HttpCredentials.FILE);
        try {
            return Files.readString(stored, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("no credentials: give --credentials USER:PW, set "
                    + StandaloneOptions.CREDENTIALS_ENV + ", or --state DIR holding " + HttpCredentials.FILE);
        }
    }
}
