package org.tenantnat.standalone.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tenantnat.standalone.auth.FakeTicker;
import org.tenantnat.standalone.auth.LoginThrottle;
import org.tenantnat.web.HttpCalls;
import org.tenantnat.web.Reply;
import org.tenantnat.web.TestRuntime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed logins over HTTP: each is logged with the client address and user name (never the password); after five
 * in a row the address gets 429 with Retry-After, even with the right password, until its lockout ends.
 */
class LoginThrottlingTest {

    private static final String CREDENTIALS = "operator:s3cret-Passw0rd";
    private static final String GUESS = "operator:guess-number-";

    private final FakeTicker clock = new FakeTicker();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream stderr;
    private TestRuntime nat;
    private StandaloneHttpServer server;
    private HttpCalls anonymous;

    @BeforeEach
    void start() throws IOException {
        // slf4j-simple writes to whatever System.err is when it logs.
        stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        nat = new TestRuntime();
        server = StandaloneHttpServer.builder(new InetSocketAddress("127.0.0.1", 0), nat.runtime())
                .credentials(CREDENTIALS).throttle(new LoginThrottle(clock)).build();
        server.start();
        anonymous = new HttpCalls(server.apiUri());
    }

    @AfterEach
    void stop() {
        System.setErr(stderr);
        server.stop();
        nat.close();
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void failedLoginsAreLoggedWithAddressAndUserButNotThePassword() {
        assertEquals(401, anonymous.withCredentials(GUESS + 1).get("pool").status());

        assertTrue(logged().contains("failed login from 127.0.0.1 as 'operator' (1 in a row)"), logged());
        assertFalse(logged().contains("guess-number"), "the password is not logged");
    }

    @Test
    void afterFiveFailuresTheAddressIsLockedOutWith429UntilItsLockoutEnds() {
        for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(401, anonymous.withCredentials(GUESS + i).get("pool").status(), "failure " + i);
        }
        assertEquals(200, anonymous.withCredentials(CREDENTIALS).get("pool").status(),
                     "five failures cost nothing yet, and a success clears them");
        for (int i = 1; i <= LoginThrottle.FREE_FAILURES + 1; i++) {
            anonymous.withCredentials(GUESS + i).get("pool");
        }
        assertTrue(logged().contains("(6 in a row; locked out for 1 s)"), logged());

        Reply locked = anonymous.withCredentials(CREDENTIALS).get("pool");

        assertEquals(429, locked.status(), locked::toString);
        assertEquals("1", locked.header("Retry-After").orElseThrow());
        assertEquals("too many failed logins from 127.0.0.1; retry in 1 s", locked.json().path("error").asText());
        assertEquals(429, anonymous.withCredentials(GUESS + 7).get("pool").status(), "guesses are not checked");

        clock.advance(Duration.ofSeconds(1));

        assertEquals(200, anonymous.withCredentials(CREDENTIALS).get("pool").status(), "after the lockout");
    }

    @Test
    void requestsWithoutCredentialsAreChallengedButNotCountedAsFailures() {
        for (int i = 0; i < 10; i++) {
            assertEquals(401, anonymous.get("pool").status());
        }

        assertEquals(200, anonymous.withCredentials(CREDENTIALS).get("pool").status());
        assertFalse(logged().contains("failed login"), logged());
    }
}
