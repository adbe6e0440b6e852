package org.tenantnat.standalone;

import org.junit.jupiter.api.Test;
import org.tenantnat.history.Retention;

import java.nio.file.Paths;
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
