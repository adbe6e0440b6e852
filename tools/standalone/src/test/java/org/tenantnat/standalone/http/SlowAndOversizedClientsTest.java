package org.tenantnat.standalone.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.web.HttpCalls;
import org.tenantnat.web.Reply;
import org.tenantnat.web.TestRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow and oversized clients on real loopback sockets cannot tie up the standalone host's HTTP server: a client
 * trickling its headers is disconnected at the header deadline, a slow body is answered 408, connections beyond the
 * limit make silent ones drop sooner, and oversized request lines and headers are refused with 414 and 431; all
 * the while another client's requests are answered. A body cut short by malformed chunked encoding is a 400.
 */
class SlowAndOversizedClientsTest {

    private static final String CREDENTIALS = "operator:s3cret-Passw0rd";
    private static final String AUTHORIZATION = "Authorization: Basic "
            + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(UTF_8)) + "\r\n";
    /** More offenders than the server has threads (32): if each held one, nobody else would be served. */
    private static final int OFFENDERS = 40;
    private static final Duration HEADER_DEADLINE = Duration.ofSeconds(2);
    /** Generous for a loaded machine, and far below how long the offenders would hold on unchecked. */
    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final HttpLimits TEST_LIMITS = new HttpLimits(16 * 1024, HEADER_DEADLINE, 1024,
                                                                 Duration.ofSeconds(20), 50, Duration.ofMillis(500));

    private final TestRuntime nat = new TestRuntime();
    private final List<Socket> offenders = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private StandaloneHttpServer server;
    private HttpCalls operator;

    private void start(HttpLimits limits) throws IOException {
        server = StandaloneHttpServer.builder(new InetSocketAddress("127.0.0.1", 0), nat.runtime())
                .credentials(CREDENTIALS).guiResources("test-gui").limits(limits).build();
        server.start();
        operator = new HttpCalls(server.apiUri()).withCredentials(CREDENTIALS);
    }

    @AfterEach
    void stop() throws IOException {
        trickle.shutdownNow();
        for (Socket s : offenders) {
            s.close();
        }
        server.stop();
        nat.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        offenders.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setTcpNoDelay(true);
        return s;
    }

    // Every 250 ms, one more byte to each offender still connected.
    private void trickleTo(List<Socket> sockets, byte b) {
        trickle.scheduleAtFixedRate(() -> sockets.forEach(s -> {
            try {
                s.getOutputStream().write(b);
            } catch (IOException closed) {
                // Disconnected by the server: what the test waits for.
            }
        }), 250, 250, TimeUnit.MILLISECONDS);
    }

    private void assertOthersAreServedPromptly() {
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Reply reply = operator.get("config");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(200, reply.status(), reply::toString);
            assertTrue(took.compareTo(PROMPT) < 0, "another client waited " + took);
        }
    }

    // Reads what the server sends until it closes the connection; fails when it has not by the deadline.
    private static String readUntilClosed(Socket s, Duration within) throws IOException {
        long end = System.nanoTime() + within.toNanos();
        s.setSoTimeout(100);
        StringBuilder seen = new StringBuilder();
        InputStream in = s.getInputStream();
        while (System.nanoTime() < end) {
            try {
                int b = in.read();
                if (b < 0) {
                    return seen.toString();
                }
                seen.append((char) b);
            } catch (SocketTimeoutException stillOpen) {
                // Keep waiting.
            } catch (IOException reset) {
                return seen.toString();
            }
        }
        throw new AssertionError("still connected after " + within + ", having received '" + seen + "'");
    }

    @Test
    void aClientTricklingItsHeadersIsDisconnectedAtTheDeadlineWhileOthersAreServed() throws Exception {
        start(TEST_LIMITS);
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < OFFENDERS; i++) {
            Socket s = connect();
            s.getOutputStream().write(("GET /onos/tenantnat/config HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                                              .getBytes(ISO_8859_1));
            slow.add(s);
        }
        long started = System.nanoTime();
        trickleTo(slow, (byte) 'a');

        assertOthersAreServedPromptly();
        for (Socket s : slow) {
            readUntilClosed(s, HEADER_DEADLINE.multipliedBy(5));
        }
        Duration held = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(held.compareTo(HEADER_DEADLINE) >= 0, "disconnected before the deadline, after " + held);
        assertOthersAreServedPromptly();
    }

    @Test
    void aSlowBodyIsAnswered408AndLeavesTheStateAlone() throws Exception {
        start(TEST_LIMITS);
        DesiredState before = nat.runtime().desiredState();
        int savesBefore = nat.store().saves();
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < OFFENDERS; i++) {
            Socket s = connect();
            s.getOutputStream().write(("PUT /onos/tenantnat/config HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTHORIZATION
                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n[").getBytes(ISO_8859_1));
            slow.add(s);
        }
        trickleTo(slow, (byte) ' ');

        assertOthersAreServedPromptly();
        int timedOut = 0;
        for (Socket s : slow) {
            String answer = readUntilClosed(s, Duration.ofSeconds(15));
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408 "), answer);
            timedOut += answer.isEmpty() ? 0 : 1;
        }
        assertTrue(timedOut > 0, "no slow body was answered 408");
        assertEquals(before, nat.runtime().desiredState());
        assertEquals(savesBefore, nat.store().saves());
    }

    @Test
    void silentConnectionsBeyondTheLimitAreDroppedSoOthersAreServed() throws Exception {
        start(TEST_LIMITS);
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < TEST_LIMITS.maxConnections() + 10; i++) {
            idle.add(connect());
        }

        assertOthersAreServedPromptly();
        int dropped = 0;
        for (Socket s : idle) {
            try {
                readUntilClosed(s, Duration.ofMillis(200));
                dropped++;
            } catch (AssertionError stillOpen) {
                // Accepted after the limit made room, and silent for less than the idle timeout.
            }
        }
        assertTrue(dropped >= 10, "only " + dropped + " silent connections dropped");
    }

    @Test
    void anOversizedHeaderIs431AndAnOversizedUri414ByDefault() throws Exception {
        start(HttpLimits.DEFAULTS);
        String huge = "x".repeat(64 * 1024);

        assertEquals("HTTP/1.1 431", statusLine("GET /onos/tenantnat/config HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + AUTHORIZATION + "X-Huge: " + huge + "\r\n\r\n").substring(0, 12));
        assertEquals("HTTP/1.1 414", statusLine("GET /onos/tenantnat/config?" + huge + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n" + AUTHORIZATION + "\r\n").substring(0, 12));
        assertOthersAreServedPromptly();
    }

    @Test
    void aMalformedChunkedBodyIsRefusedWith400NamingTheDocument() throws Exception {
        start(HttpLimits.DEFAULTS);

        String answer = answer("PUT /onos/tenantnat/config HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTHORIZATION
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\nzz\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("(document)") && answer.contains("could not be read to its end"), answer);
        assertOthersAreServedPromptly();
    }

    private String statusLine(String request) throws IOException {
        String answer = answer(request);
        return answer.isEmpty() ? "(closed without an answer)" : answer.lines().findFirst().orElse("");
    }

    private String answer(String request) throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(ISO_8859_1));
            } catch (IOException refusedEarly) {
                // The server answered before the whole request was sent; the answer is read below.
            }
            return readUntilClosed(s, Duration.ofSeconds(10));
        }
    }
}
