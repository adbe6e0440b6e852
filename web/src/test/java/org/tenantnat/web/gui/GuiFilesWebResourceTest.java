package org.tenantnat.web.gui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tenantnat.web.RestHost;
import org.tenantnat.web.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The view's files are served beside the REST API at {@code /onos/tenantnat/gui/}, as ONOS's GUI embeds them,
 * and the view reads nothing but that API on its own origin.
 */
class GuiFilesWebResourceTest {

    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    private static RestHost host;

    @BeforeAll
    static void start() throws Exception {
        host = new RestHost();
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    private static String contentType(Reply reply) {
        return reply.header("Content-Type").orElse("");
    }

    @Test
    void pageIsServedAtGuiSlash() {
        Reply page = host.http().get("gui/");

        assertEquals(200, page.status(), page::toString);
        assertTrue(contentType(page).startsWith("text/html"), page::toString);
        assertTrue(page.body().contains("<title>Tenant NAT</title>"), page::toString);
    }

    @Test
    void guiWithoutTheSlashRedirectsSoRelativeLinksResolveBelowIt() {
        Reply reply = host.http().get("gui");

        assertEquals(301, reply.status(), reply::toString);
        assertTrue(reply.header("Location").orElse("").endsWith("/onos/tenantnat/gui/"), reply::toString);
    }

    @Test
    void everyFileThePageLoadsIsServedWithItsType() {
        List<String> files = new ArrayList<>();
        Matcher m = REFERENCE.matcher(host.http().get("gui/").body());
        while (m.find()) {
            if (!m.group(1).startsWith("data:") && !m.group(1).startsWith("#")) {
                files.add(m.group(1));
            }
        }

        assertEquals(List.of("tenantnat.css", "tenantnat.js"), files);
        Reply css = host.http().get("gui/tenantnat.css");
        Reply js = host.http().get("gui/tenantnat.js");
        assertEquals(200, css.status(), css::toString);
        assertTrue(contentType(css).startsWith("text/css"), css::toString);
        assertEquals(200, js.status(), js::toString);
        assertTrue(contentType(js).startsWith("text/javascript"), js::toString);
    }

    @Test
    void namesOutsideTheViewAreNotFound() {
        for (String path : List.of("gui/missing.js", "gui/Tenant.json",
                                   "gui/.hidden.js", "gui/index.html.bak")) {
            Reply reply = host.http().get(path);
            assertEquals(404, reply.status(), path + ": " + reply);
        }
        Reply missing = host.http().get("gui/missing.js");
        assertTrue(missing.json().path("error").asText().startsWith("file: "), missing::toString);
    }

    @Test
    void viewReadsOnlyTheRestApiOnItsOwnOrigin() {
        Pattern elsewhere = Pattern.compile("(?i)https?:|(?:src|href)=\"//|url\\(");
        for (String file : List.of("gui/", "gui/tenantnat.js", "gui/tenantnat.css")) {
            String text = host.http().get(file).body();
            assertFalse(elsewhere.matcher(text).find(), file + " refers to another host or loads a URL");
        }
        String script = host.http().get("gui/tenantnat.js").body();
        assertTrue(script.contains("var API = '/onos/tenantnat';"), "the script's API root");
    }
}
