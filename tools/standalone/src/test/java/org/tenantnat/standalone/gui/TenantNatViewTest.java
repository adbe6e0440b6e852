package org.tenantnat.standalone.gui;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Tenant NAT view in a real browser (Debian's headless Chromium) against the standalone host running the demo
 * on a real Open vSwitch: what it shows agrees with the REST API, it follows changes and traffic, it is usable by
 * keyboard and on a narrow window, and its console stays free of errors. Leaves screenshots under
 * {@code tools/standalone/target/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantNatViewTest {

    @RegisterExtension
    static final GuiLab LAB = new GuiLab();

    private static final List<String> DEMO_TENANTS = List.of("acme", "globex", "initech", "umbrella");
    private static final String VIP = "10.250.0.10";
    private static final Duration SETTLE = Duration.ofSeconds(45);
    private static final String FAILING_TENANT = "{\"name\": \"hooli\", \"id\": 5,"
            + " \"connectPoint\": \"of:0000000000000002/1\", \"routerIp\": \"10.1.1.20\", \"gatewayIp\": \"10.1.1.1\","
            + " \"prefixes\": [\"10.1.1.0/24\"], \"access\": [{\"service\": \"backup\", \"vip\": \"" + VIP + "\"}]}";

    private static Chromium browser;
    private static WebDriver driver;

    @BeforeAll
    static void openBrowser() {
        browser = new Chromium(LAB.directory(), 1280, 800);
        driver = browser.driver();
        driver.get("about:blank");
        browser.viewport(1280, 800);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void consoleStayedFreeOfErrors() {
        assertEquals(List.of(), browser.consoleErrors(), "errors in the browser console");
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void pageLoadsWithoutConsoleErrorsAndShowsEveryDemoTenantWithTheBlocksTheApiReports() {
        open("/");

        Set<String> expected = new TreeSet<>();
        LAB.getJson("/translations").path("translations").forEach(
                b -> expected.add(b.path("tenant").asText() + " " + b.path("original").asText() + " -> "
                                  + b.path("translated").asText()));
        assertEquals(4, expected.size(), "the demo has one prefix per tenant");
        browser.await(Duration.ofSeconds(10), d -> blocksOnPage().equals(expected));
        assertEquals(DEMO_TENANTS, tenantNames());

        for (JsonNode tenant : LAB.getJson("/tenants").path("tenants")) {
            String name = tenant.path("name").asText();
            String vlan = tenant.has("vlan") ? "VLAN " + tenant.path("vlan").asInt() : "untagged";
            assertEquals(tenant.path("id").asText(), cellText(name, "id"));
            assertEquals(tenant.path("connectPoint").asText() + "\n" + vlan, cellText(name, "attachment"));
            assertTrue(cellText(name, "router").startsWith(tenant.path("routerIp").asText()),
                       cellText(name, "router"));
        }
        JsonNode pool = LAB.getJson("/pool");
        assertTrue(text("pool-text").startsWith(String.format(Locale.US, "%,d of %,d addresses allocated",
                pool.path("allocated").asLong(), pool.path("size").asLong())), text("pool-text"));
        assertEquals(0, pool.path("bindings").size(), "the demo's tenants are static");
        assertTrue(driver.findElement(By.id("blocks-none")).isDisplayed(), "one line for no pool blocks");
        assertFalse(driver.findElement(By.id("blocks-table")).isDisplayed(), "no empty pool blocks table");
        assertEquals(List.of(), browser.consoleErrors(), "errors in the browser console after loading");
    }

    @Test
    @Order(2)
    void pageIsAlsoServedBesideTheRestApiWhereOnosEmbedsIt() {
        open("/onos/tenantnat/gui");

        assertTrue(driver.getCurrentUrl().endsWith("/onos/tenantnat/gui/"), driver.getCurrentUrl());
        browser.await(Duration.ofSeconds(10), d -> tenantNames().equals(DEMO_TENANTS));
        assertEquals(4, blocksOnPage().size());
    }

    @Test
    @Order(3)
    void onosViewFramesTheSamePageAndItWorksThere() throws IOException {
        // Any page of the same origin stands in for ONOS's GUI; the view's own fragment and style go into it.
        driver.get(LAB.siteWithCredentials() + "/onos/tenantnat/gui/tenantnat.css");
        // The stand-in (a stylesheet shown as a page) has no icon, so Chromium asks for /favicon.ico and logs the
        // 404; ONOS's GUI has an icon. Let that happen before the view loads, then leave it out.
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 30 && errors.stream().noneMatch(TenantNatViewTest::isStandInIcon); i++) {
            errors.addAll(browser.consoleErrors());
            sleep(100);
        }
        browser.script("document.head.innerHTML = '<style>' + arguments[0] + '</style>';"
                       + "document.body.innerHTML = arguments[1];",
                       resource("app/view/tenantnat/tenantnat.css"), resource("app/view/tenantnat/tenantnat.html"));

        WebElement frame = driver.findElement(By.cssSelector("#ov-tenantnat iframe"));
        assertEquals(browser.script("return window.innerHeight - 48;"), (long) frame.getRect().getHeight(),
                     "the frame fills the view below ONOS's 48 px masthead");
        driver.switchTo().frame(frame);
        try {
            browser.await(Duration.ofSeconds(10), d -> tenantNames().equals(DEMO_TENANTS));
            assertEquals(Boolean.TRUE, browser.script(
                    "return document.documentElement.classList.contains('embedded');"), "slim masthead in a frame");
        } finally {
            driver.switchTo().defaultContent();
        }
        errors.addAll(browser.consoleErrors());
        errors.removeIf(TenantNatViewTest::isStandInIcon);
        assertEquals(List.of(), errors, "errors in the browser console of the framed view");
    }

    private static boolean isStandInIcon(String consoleError) {
        return consoleError.contains("/favicon.ico - Failed to load resource");
    }

    @Test
    @Order(4)
    void lookupNamesTheTenantAndHostOfATranslatedAddressAndCallsAFreeOneFree() {
        open("/");
        for (JsonNode block : LAB.getJson("/translations").path("translations")) {
            Ip4Address translated = hostTen(block.path("translated").asText());
            String original = hostTen(block.path("original").asText()).toString();

            lookup(translated.toString());

            WebElement result = driver.findElement(By.id("lookup-result"));
            assertEquals(block.path("tenant").asText(), result.findElement(By.className("lookup-tenant")).getText());
            assertEquals(original, result.findElement(By.className("lookup-original")).getText());
        }

        String free = "100.127.255.254";
        assertEquals(404, LAB.get("/lookup/" + free).statusCode(), "the address must be free for this check");
        assertTrue(lookup(free).contains("is free"), text("lookup-result"));
        assertTrue(lookup("100.64.0").contains("not an IPv4 address"), text("lookup-result"));
    }

    @Test
    @Order(5)
    void countersAndRateGrowWithTraffic() throws Exception {
        awaitEveryIntent("INSTALLED");
        open("/");
        long before = browser.await(Duration.ofSeconds(10), d -> packetsOnPage("acme"));

        CompletableFuture<String> ping = pingInBackground("acme", 15);
        double rate = browser.await(Duration.ofSeconds(15), d -> rateOnPage("acme") > 0 ? rateOnPage("acme") : null);
        String rateText = cellText("acme", "rate");
        ping.get();
        // 15 echo requests from acme and 15 replies to it (ARP is answered by the switch, not counted).
        long after = browser.await(Duration.ofSeconds(10), d -> packetsOnPage("acme") >= before + 30
                ? packetsOnPage("acme") : null);

        assertTrue(rate > 0);
        assertTrue(rateText.matches("(?s)[0-9.,]+ pkt/s\n[0-9.,]+ [kMG]?bit/s"), rateText);
        JsonNode stats = stats("acme");
        assertTrue(stats.path("fromTenant").path("packets").asLong() + stats.path("toTenant").path("packets").asLong()
                   >= after, "the page never shows more than the API counted");
    }

    @Test
    @Order(6)
    void columnsSortByClickAndByKeyboard() {
        open("/");
        browser.await(Duration.ofSeconds(10), d -> tenantNames().equals(DEMO_TENANTS));
        assertEquals("ascending", header("tenants-table", "name").getAttribute("aria-sort"));

        header("tenants-table", "name").findElement(By.tagName("button")).click();
        assertEquals(List.of("umbrella", "initech", "globex", "acme"), tenantNames());
        assertEquals("descending", header("tenants-table", "name").getAttribute("aria-sort"));

        WebElement byId = header("tenants-table", "id").findElement(By.tagName("button"));
        byId.sendKeys(Keys.ENTER);
        assertEquals(List.of("1", "2", "3", "4"), column("id"));
        assertEquals("ascending", header("tenants-table", "id").getAttribute("aria-sort"));
        byId.sendKeys(Keys.SPACE);
        assertEquals(List.of("4", "3", "2", "1"), column("id"));
        assertEquals(null, header("tenants-table", "name").getAttribute("aria-sort"));
    }

    @Test
    @Order(7)
    void keyboardAloneReachesEverythingInOrderSelectsATenantAndLooksUpAnAddress() {
        open("/");
        browser.await(Duration.ofSeconds(10), d -> tenantNames().equals(DEMO_TENANTS));

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 60 && !order.contains("input#lookup-ip"); i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            String focused = focusedElement();
            // A date and time box has a stop per field (day, month, year, hours...): one entry for all of them.
            if (order.isEmpty() || !order.get(order.size() - 1).equals(focused)) {
                order.add(focused);
            }
        }
        List<String> expected = new ArrayList<>(List.of("a.skip-link", "button#pause"));
        List.of("name", "id", "attachment", "blocks", "router", "state", "packets", "rate")
                .forEach(c -> expected.add("th:" + c));
        DEMO_TENANTS.forEach(t -> expected.add("tr:" + t));
        List.of("tenant", "service", "vip", "state", "reason").forEach(c -> expected.add("th:" + c));
        expected.addAll(List.of("select#bindings-tenant", "select#trail-tenant", "input#trail-from",
                                "input#trail-to", "button#trail-go", "input#lookup-ip"));
        assertEquals(expected, order);

        // Keys go to whatever has focus, as a person's would; a table row is not "interactable" to WebDriver's
        // element-level sendKeys while the view redraws, so focus the row and type through Actions.
        browser.script("document.querySelector(\"#tenants-body tr[data-key='acme']\").focus();");
        new Actions(driver).sendKeys(Keys.ARROW_DOWN).perform();
        assertEquals("tr:globex", focusedElement());
        assertEquals("solid", browser.script("return getComputedStyle(document.activeElement).outlineStyle;"),
                     "keyboard focus is visible");

        new Actions(driver).sendKeys(Keys.ENTER).perform();
        assertTrue(driver.findElement(By.id("details")).isDisplayed());
        assertEquals("globex", text("details-title"));
        assertEquals("true", browser.script(
                "return document.querySelector(\"#tenants-body tr[data-key='globex']\").getAttribute('aria-selected');"));
        String globexBlock = LAB.getJson("/translations?tenant=globex").path("translations").get(0)
                .path("translated").asText();
        assertTrue(text("details-body").contains(globexBlock), text("details-body"));

        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        assertFalse(driver.findElement(By.id("details")).isDisplayed());
        assertEquals("tr:globex", focusedElement(), "focus returns to the row");

        WebElement input = driver.findElement(By.id("lookup-ip"));
        input.sendKeys(hostTen(globexBlock).toString(), Keys.ENTER);
        browser.await(Duration.ofSeconds(10), d -> text("lookup-result").contains("globex"));
    }

    @Test
    @Order(8)
    void aTenantAddedThroughRestShowsWithinTwoSecondsWithItsChangeAndItsFailedIntentShowsTheReason() {
        open("/");
        browser.await(Duration.ofSeconds(10), d -> tenantNames().equals(DEMO_TENANTS));
        List<String> seeded = browser.await(Duration.ofSeconds(5), d -> newestChange().isEmpty() ? null : newestChange());
        assertEquals("config-file", seeded.get(2), "the demo's config file seeded the state: " + seeded);
        assertTrue(seeded.contains("tenant acme added"), seeded::toString);

        HttpResponse<String> created = LAB.post("/tenants", FAILING_TENANT);
        long added = System.nanoTime();
        assertEquals(201, created.statusCode(), created.body());
        browser.await(Duration.ofSeconds(5), d -> tenantNames().contains("hooli"));
        long shownAfterMs = (System.nanoTime() - added) / 1_000_000;
        assertTrue(shownAfterMs <= 2000, "the new tenant showed after " + shownAfterMs + " ms");
        List<String> change = browser.await(Duration.ofSeconds(5), d -> newestChange().contains("tenant hooli added")
                ? newestChange() : null);
        long changeShownAfterMs = (System.nanoTime() - added) / 1_000_000;
        assertTrue(changeShownAfterMs <= 2000, "the change showed after " + changeShownAfterMs + " ms");
        JsonNode recorded = LAB.getJson("/changes?limit=1").path("changes").get(0);
        assertEquals(List.of(recorded.path("time").asText(), LAB.user(), "rest", "tenant hooli added"),
                     change, "time, user, source and summary as GET /changes lists them");

        String reason = LAB.getJson("/intents/hooli/backup").path("reason").asText();
        assertEquals("switch of:0000000000000002 is not connected", reason);
        Map<String, Object> intent = browser.await(Duration.ofSeconds(5), d -> intentOnPage("hooli", "FAILED"));
        assertEquals(reason, intent.get("reason"));
        assertTrue(intent.get("rowClass").toString().contains("row-failed"), intent.toString());
        assertEquals("FAILED", intent.get("badge"));
        assertEquals("rgb(198, 40, 40)", intent.get("badgeColour"), "FAILED is white on red");
        assertEquals("FAILED", cellText("hooli", "state"));
    }

    @Test
    @Order(9)
    void screenshotAt1280x800ShowsEverythingWithoutHorizontalScrolling() throws Exception {
        browser.viewport(1280, 800);
        open("/");
        browser.await(Duration.ofSeconds(10), d -> tenantNames().contains("hooli"));
        clickTenantRow("acme");
        String acmeHost = hostTen(LAB.getJson("/translations?tenant=acme").path("translations").get(0)
                .path("translated").asText()).toString();
        assertTrue(lookup(acmeHost).contains("acme"), text("lookup-result"));
        CompletableFuture<String> ping = pingInBackground("acme", 25);
        browser.await(Duration.ofSeconds(15), d -> rateOnPage("acme") > 0);

        Path file = LAB.target().resolve("gui-screenshot.png");
        browser.screenshot(file);
        ping.get();

        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(800, image.getHeight());
        assertFalse(overflowsHorizontally(), "the page scrolls sideways at 1280x800");
        for (WebElement scroller : driver.findElements(By.className("table-scroll"))) {
            assertTrue((Boolean) browser.script("return arguments[0].scrollWidth <= arguments[0].clientWidth;",
                                                scroller), "a table needs sideways scrolling at 1280x800");
        }
        WebElement details = driver.findElement(By.id("details"));
        assertTrue(details.isDisplayed());
        assertTrue(details.getRect().getX() >= driver.findElement(By.id("tenants-table")).getRect().getX()
                   + driver.findElement(By.id("tenants-table")).getRect().getWidth(), "details on the right");
        assertTrue(details.getRect().getY() < 800, "details visible without scrolling");
    }

    @Test
    @Order(10)
    void narrowWindowKeepsThePageReadableWithoutSidewaysScrolling() {
        browser.viewport(480, 900);
        try {
            open("/");
            browser.await(Duration.ofSeconds(10), d -> tenantNames().contains("acme"));

            assertFalse(overflowsHorizontally(), "the page scrolls sideways at 480 px");
            WebElement input = driver.findElement(By.id("lookup-ip"));
            assertTrue(input.getRect().getX() + input.getRect().getWidth() <= 480, "lookup box fits");
            assertTrue(input.getRect().getY() < driver.findElement(By.id("tenants-table")).getRect().getY(),
                       "lookup comes first on a narrow window");
            browser.screenshot(LAB.target().resolve("gui-screenshot-narrow.png"));
        } finally {
            browser.viewport(1280, 800);
        }
    }

    @Test
    @Order(11)
    void pausedViewKeepsWhatItShowsUntilResumed() {
        open("/");
        browser.await(Duration.ofSeconds(10), d -> tenantNames().contains("hooli"));

        driver.findElement(By.id("pause")).click();
        assertEquals("true", driver.findElement(By.id("pause")).getAttribute("aria-pressed"));
        assertTrue(text("status").startsWith("Paused"), text("status"));
        sleep(500);     // a refresh already under way when pausing may still land
        assertEquals(204, LAB.delete("/tenants/hooli").statusCode());
        sleep(3000);
        assertTrue(tenantNames().contains("hooli"), "a paused view does not refresh");

        driver.findElement(By.id("pause")).sendKeys(Keys.ENTER);
        assertEquals("false", driver.findElement(By.id("pause")).getAttribute("aria-pressed"));
        browser.await(Duration.ofSeconds(2), d -> !tenantNames().contains("hooli"));
        assertEquals(DEMO_TENANTS, tenantNames());
    }

    @Test
    @Order(12)
    void disconnectingTheSwitchShowsEveryDemoIntentFailedWithTheReason() {
        open("/");
        browser.await(Duration.ofSeconds(10), d -> tenantNames().containsAll(DEMO_TENANTS));

        LAB.run(Duration.ofSeconds(30), "vsctl", "del-controller", "s1");

        for (String tenant : DEMO_TENANTS) {
            Map<String, Object> intent = browser.await(Duration.ofSeconds(15), d -> intentOnPage(tenant, "FAILED"));
            assertEquals("switch of:0000000000000001 is not connected", intent.get("reason"));
            assertEquals(LAB.getJson("/intents/" + tenant + "/backup").path("reason").asText(),
                         intent.get("reason"));
            assertEquals("FAILED", cellText(tenant, "state"));
        }
    }

    @Test
    @Order(13)
    void consoleCheckSeesAnErrorInThePage() {
        open("/");
        browser.script("console.error('tenantnat console check');");

        List<String> errors = browser.consoleErrors();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("tenantnat console check"), errors.toString());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void open(String path) {
        driver.get(LAB.siteWithCredentials() + path);
        browser.await(Duration.ofSeconds(15), d -> !driver.findElements(By.cssSelector("#tenants-body tr[data-key]"))
                .isEmpty());
    }


    private static JsonNode stats(String tenant) {
        for (JsonNode s : LAB.getJson("/stats").path("stats")) {
            if (s.path("tenant").asText().equals(tenant)) {
                return s;
            }
        }
        throw new AssertionError("no stats for " + tenant);
    }

    private static void awaitEveryIntent(String state) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        JsonNode intents = null;
        while (System.nanoTime() < deadline) {
            intents = LAB.getJson("/intents").path("intents");
            boolean all = intents.size() > 0;
            for (JsonNode i : intents) {
                all &= state.equals(i.path("state").asText());
            }
            if (all) {
                return;
            }
            sleep(250);
        }
        throw new AssertionError("not every intent became " + state + ": " + intents + "\n" + LAB.hostLog());
    }

    private static CompletableFuture<String> pingInBackground(String host, int count) {
        return CompletableFuture.supplyAsync(() -> LAB.run(Duration.ofSeconds(60), "ping", host, VIP,
                                                           "--count", String.valueOf(count), "--timeout", "2"));
    }

    private static Ip4Address hostTen(String prefix) {
        return Ip4Address.valueOf(Ip4Prefix.valueOf(prefix).address().toInt() + 10);
    }

    private static String lookup(String address) {
        WebElement input = driver.findElement(By.id("lookup-ip"));
        input.clear();
        input.sendKeys(address, Keys.ENTER);
        return browser.await(Duration.ofSeconds(10), d -> {
            WebElement result = driver.findElement(By.id("lookup-result"));
            return result.getAttribute("class").contains("lookup-pending") ? null : result.getText();
        });
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = TenantNatViewTest.class.getClassLoader().getResourceAsStream(path)) {
            assertTrue(in != null, path + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** The tenants table as the page shows it, read in one go: a row per tenant, its cells by column. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tenantTable() {
        return (List<Map<String, Object>>) browser.script(
                "var cols = Array.from(document.querySelectorAll('#tenants-table th[data-col]'))"
                + "    .map(function (th) { return th.dataset.col; });"
                + "return Array.from(document.querySelectorAll('#tenants-body tr[data-key]')).map(function (tr) {"
                + "  var cells = {};"
                + "  Array.from(tr.cells).forEach(function (td, i) { cells[cols[i]] = td.innerText; });"
                + "  var traffic = tr.querySelector('.traffic');"
                + "  return {key: tr.dataset.key, cells: cells,"
                + "    blocks: Array.from(tr.querySelectorAll('.block')).map(function (b) {"
                + "      return b.dataset.original + ' -> ' + b.dataset.translated; }),"
                + "    packets: traffic ? Number(traffic.dataset.packets) : -1,"
                + "    pps: Number(tr.querySelector('.rate').dataset.pps)};"
                + "});");
    }

    private static Map<String, Object> tenantOnPage(String name) {
        return tenantTable().stream().filter(r -> name.equals(r.get("key"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not on the page"));
    }

    @SuppressWarnings("unchecked")
    private static String cellText(String tenant, String column) {
        return String.valueOf(((Map<String, Object>) tenantOnPage(tenant).get("cells")).get(column));
    }

    private static List<String> tenantNames() {
        return tenantTable().stream().map(r -> (String) r.get("key")).collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static List<String> column(String column) {
        return tenantTable().stream().map(r -> String.valueOf(((Map<String, Object>) r.get("cells")).get(column)))
                .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> blocksOnPage() {
        Set<String> blocks = new TreeSet<>();
        for (Map<String, Object> row : tenantTable()) {
            ((List<String>) row.get("blocks")).forEach(b -> blocks.add(row.get("key") + " " + b));
        }
        return blocks;
    }

    private static long packetsOnPage(String tenant) {
        return ((Number) tenantOnPage(tenant).get("packets")).longValue();
    }

    private static double rateOnPage(String tenant) {
        return ((Number) tenantOnPage(tenant).get("pps")).doubleValue();
    }

    private static WebElement tenantRow(String name) {
        return driver.findElement(By.cssSelector("#tenants-body tr[data-key='" + name + "']"));
    }

    /** Clicks a tenant's row; a redraw between finding and clicking it only means finding it again. */
    private static void clickTenantRow(String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                tenantRow(name).click();
                return;
            } catch (StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** The intent rows of a tenant in a state, read in one go: reason, row class, badge text and colour. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> intentOnPage(String tenant, String state) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.script(
                "return Array.from(document.querySelectorAll('#intents-body tr[data-state]')).map(function (tr) {"
                + "  var badge = tr.querySelector('.badge');"
                + "  return {tenant: tr.cells[0].innerText, state: tr.dataset.state, rowClass: tr.className,"
                + "    reason: tr.querySelector('.reason').innerText, badge: badge.innerText,"
                + "    badgeColour: getComputedStyle(badge).backgroundColor};"
                + "});");
        return rows.stream().filter(r -> tenant.equals(r.get("tenant")) && state.equals(r.get("state")))
                .findFirst().orElse(null);
    }

    /** The newest row of the changes table: its time (UTC, from the cell's title), user, source, summary lines. */
    @SuppressWarnings("unchecked")
    private static List<String> newestChange() {
        return (List<String>) browser.script(
                "var tr = document.querySelector('#changes-body tr[data-revision]');"
                + "if (!tr) { return []; }"
                + "return [tr.cells[0].title.split(' ')[0], tr.cells[1].innerText, tr.cells[2].innerText].concat("
                + "  Array.from(tr.querySelectorAll('.summary-line')).map(function (l) { return l.innerText; }));");
    }

    private static WebElement header(String table, String column) {
        return driver.findElement(By.cssSelector("#" + table + " th[data-col='" + column + "']"));
    }

    private static boolean overflowsHorizontally() {
        return (Boolean) browser.script(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
    }

    /** Names a focused element the way the focus-order check lists them. */
    /**
     * Describes the focused element in one script, so a row the view redraws meanwhile cannot go stale under us
     * (the view itself puts focus back on the redrawn row).
     */
    private String focusedElement() {
        return (String) browser.script(String.join("\n",
                "var e = document.activeElement, tag = e.tagName.toLowerCase();",
                "if (tag === 'tr') { return 'tr:' + e.getAttribute('data-key'); }",
                "if (tag === 'button' && e.parentNode.tagName.toLowerCase() === 'th') {",
                "  return 'th:' + e.parentNode.getAttribute('data-col'); }",
                "if (e.id) { return tag + '#' + e.id; }",
                "return tag + (e.className ? '.' + e.className : '');"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
