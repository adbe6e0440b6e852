package org.tenantnat.standalone;

import org.junit.jupiter.api.Test;
import org.tenantnat.history.Retention;
import org.tenantnat.standalone.http.HttpLimits;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandaloneOptionsTest {

    @Test
    void defaultsBindLoopbackAndAutoRewrite() {
        StandaloneOptions o = StandaloneOptions.parse(new String[]{"--config", "c.json"}, Map.of());
        assertEquals(Paths.get("c.json"), o.config().orElseThrow());
        assertEquals("127.0.0.1", o.openflow().getHostString());
        assertEquals(6653, o.openflow().getPort());
        assertEquals("127.0.0.1", o.http().orElseThrow().getHostString());
        assertEquals(StandaloneOptions.RewriteChoice.AUTO, o.rewrite());
        assertFalse(o.credentials().isPresent());
        assertEquals(Retention.parse("365d,10000"), o.historyRetention());
        assertEquals(HttpLimits.DEFAULTS, o.httpLimits());
    }

    @Test
    void everyHttpLimitHasItsFlag() {
        HttpLimits limits = StandaloneOptions.parse(new String[]{
            "--http-max-header-bytes", "8192", "--http-header-timeout", "5", "--http-min-body-rate", "4096",
            "--http-idle-timeout", "120", "--http-max-connections", "250", "--http-idle-timeout-at-limit", "7"},
                                                    Map.of()).httpLimits();

        assertEquals(8192, limits.headerBytes());
        assertEquals(Duration.ofSeconds(5), limits.headerDeadline());
        assertEquals(4096, limits.minBodyBytesPerSecond());
        assertEquals(Duration.ofSeconds(120), limits.idleTimeout());
        assertEquals(250, limits.maxConnections());
        assertEquals(Duration.ofSeconds(7), limits.idleTimeoutAtLimit());
    }

    @Test
    void anHttpLimitFlagLeavesTheOthersAtTheirDefaults() {
        HttpLimits limits = StandaloneOptions.parse(new String[]{"--http-max-connections", "20"}, Map.of())
                .httpLimits();

        assertEquals(20, limits.maxConnections());
        assertEquals(HttpLimits.DEFAULTS.headerBytes(), limits.headerBytes());
        assertEquals(HttpLimits.DEFAULTS.idleTimeout(), limits.idleTimeout());
        assertEquals(HttpLimits.DEFAULTS.idleTimeoutAtLimit(), limits.idleTimeoutAtLimit());
    }

    @Test
    void badHttpLimitsNameTheFlag() {
        assertMessage("--http-max-header-bytes: expected a whole number from 1024 to 1048576, got '512'",
                      new String[]{"--http-max-header-bytes", "512"});
        assertMessage("--http-header-timeout: expected a whole number from 1 to 86400, got '0'",
                      new String[]{"--http-header-timeout", "0"});
        assertMessage("--http-min-body-rate: expected a whole number from 1 to 1073741824, got '1k'",
                      new String[]{"--http-min-body-rate", "1k"});
        assertMessage("--http-idle-timeout: expected a whole number from 1 to 86400, got '-5'",
                      new String[]{"--http-idle-timeout", "-5"});
        assertMessage("--http-max-connections: expected a whole number from 1 to 100000, got '1000000'",
                      new String[]{"--http-max-connections", "1000000"});
        assertMessage("--http-idle-timeout-at-limit: 40 s is longer than --http-idle-timeout (30 s)",
                      new String[]{"--http-idle-timeout-at-limit", "40"});
        assertMessage("--http-idle-timeout: missing value", new String[]{"--http-idle-timeout"});
    }

    @Test
    void helpListsEveryHttpLimitFlagWithItsDefault() {
        for (String line : new String[]{"--http-max-header-bytes BYTES", "(default 16384, 1024..1048576)",
                                        "--http-header-timeout S", "--http-min-body-rate BYTES/S",
                                        "--http-idle-timeout S", "--http-max-connections N", "(default 1000)",
                                        "--http-idle-timeout-at-limit S"}) {
            assertTrue(StandaloneOptions.USAGE.contains(line), line + " missing from --help");
        }
    }

    @Test
    void historyRetentionIsDaysCountOrBoth() {
        assertEquals(Retention.parse("30d"), StandaloneOptions.parse(
                new String[]{"--history-retention", "30d"}, Map.of()).historyRetention());
        assertEquals(Retention.parse("90d,500"), StandaloneOptions.parse(
                new String[]{"--history-retention", "90d,500"}, Map.of()).historyRetention());
    }

    @Test
    void credentialsComeFromTheEnvironmentUnlessGivenAsFlag() {
        Map<String, String> env = Map.of(StandaloneOptions.CREDENTIALS_ENV, "ops:env-secret");
        assertEquals("ops:env-secret",
                     StandaloneOptions.parse(new String[]{"--config", "c"}, env).credentials().orElseThrow());
        assertEquals("ops:flag", StandaloneOptions.parse(
                new String[]{"--config", "c", "--credentials", "ops:flag"}, env).credentials().orElseThrow());
    }

    @Test
    void httpOffDisablesTheServer() {
        assertTrue(StandaloneOptions.parse(new String[]{"--config", "c", "--http", "off"}, Map.of())
                           .http().isEmpty());
    }

    @Test
    void badOptionsNameTheFlag() {
        assertMessage("--replace-state: needs --config FILE", new String[]{"--replace-state"});
        assertMessage("--openflow: expected HOST:PORT", new String[]{"--config", "c", "--openflow", "6653"});
        assertMessage("--http: port must be 0..65535", new String[]{"--config", "c", "--http", "h:99999"});
        assertMessage("--rewrite: expected auto, prefix or per-host", new String[]{"--config", "c", "--rewrite", "x"});
        assertMessage("--credentials: expected USER:PASSWORD", new String[]{"--config", "c", "--credentials", "u"});
        assertMessage("--bogus: unknown option", new String[]{"--config", "c", "--bogus", "1"});
        assertMessage("--state: missing value", new String[]{"--config", "c", "--state"});
        assertMessage("--history-retention: expected DAYSd, COUNT or both, e.g. 365d,10000, got '1y'",
                      new String[]{"--history-retention", "1y"});
    }

    private static void assertMessage(String expected, String[] args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                                  () -> StandaloneOptions.parse(args, Map.of()));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
