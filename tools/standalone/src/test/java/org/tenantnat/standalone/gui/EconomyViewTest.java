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
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Tenant NAT view on the economy lab ({@code tools/examples/economy.json}: pat, dynamic and static tenants on a
 * real Open vSwitch) in Debian's headless Chromium: the pool block of every dynamic and pat tenant with its slots
 * in use, ALARM and FAILED with the reason; the bindings hosts' first packets made; the lookup of an address and
 * port at a time, in the browser's own time zone, also after the binding ended and when nobody held it; the audit
 * trail of a window. No test leaves an error in the browser console. Leaves screenshots under
 * {@code tools/standalone/target/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EconomyViewTest {

    @RegisterExtension
    static final GuiLab LAB = GuiLab.economy();

    private static final List<String> BINDING_TENANTS = List.of("alpha", "bravo", "charlie", "delta", "foxtrot");
    private static final String VIP = "10.250.0.10";
    private static final String CHARLIE_VIP = "172.31.250.10";
    /** Not a whole hour from UTC, so a time sent without the browser's offset would name the wrong moment. */
    private static final String ZONE = "Asia/Kolkata";
    /** Idle timeout of economy.json's bindings (10 s), counted in whole seconds by the switch, and some slack. */
    private static final Duration EXPIRY = Duration.ofSeconds(30);
    /** Sends a datagram every 300 ms for a while, from one socket (and source port when given), replies unread. */
    private static final String STEADY_SENDER = String.join("\n",
            "import socket, sys, time",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.bind(('', int(sys.argv[3])))",
            "end = time.time() + float(sys.argv[2])",
            "while time.time() < end:",
            "    s.sendto(b'steady\\n', (sys.argv[1], 7000))",
            "    time.sleep(0.3)");

    /**
     * Gives charlie's host more addresses of its /8 (on the interface holding 10.20.30.40), sends a datagram from
     * each every half second for a while (so none goes idle, and a first packet the punt meter dropped is sent
     * again), then takes the addresses away again. Each address is a host of its own to the switch: a binding each.
     */
    private static final String MANY_HOSTS = String.join("\n",
            "import socket, subprocess, sys, time",
            "dev = subprocess.check_output(['ip', '-o', '-4', 'addr', 'show', 'to', '10.20.30.40/32'],",
            "                              text=True).split()[1]",
            "hosts = ['10.20.40.%d' % i for i in range(1, int(sys.argv[2]) + 1)]",
            "for h in hosts:",
            "    subprocess.check_call(['ip', 'addr', 'add', h + '/32', 'dev', dev])",
            "try:",
            "    sockets = []",
            "    for h in hosts:",
            "        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "        s.bind((h, 0))",
            "        sockets.append(s)",
            "    end = time.time() + float(sys.argv[3])",
            "    while time.time() < end:",
            "        for s in sockets:",
            "            s.sendto(b'many\\n', (sys.argv[1], 7000))",
            "        time.sleep(0.5)",
            "finally:",
            "    for h in hosts:",
            "        subprocess.call(['ip', 'addr', 'del', h + '/32', 'dev', dev])");

    private static Chromium browser;
    private static WebDriver driver;

    @BeforeAll
    static void openBrowser() {
        browser = new Chromium(LAB.directory(), 1280, 800, Optional.of(ZONE));
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
    void everyDynamicAndPatTenantsPoolBlockIsListedAsThePoolReportsIt() {
        open("/");
        assertEquals(-330L, browser.script("return new Date().getTimezoneOffset();"),
                     "the browser runs in its own time zone, 5:30 ahead of UTC");

        browser.await(Duration.ofSeconds(10), d -> poolBlockNames().equals(BINDING_TENANTS));
        for (JsonNode u : LAB.getJson("/pool").path("bindings")) {
            Map<String, Object> row = poolBlockOnPage(u.path("tenant").asText());
            assertEquals(u.path("poolBlock").asText(), row.get("block"));
            assertEquals(u.path("mode").asText(), row.get("mode"));
            assertEquals(u.path("capacity").asText(), row.get("capacity"));
            assertEquals("0", row.get("inUse"), row.toString());
            assertEquals("OK", row.get("badge"));
            assertEquals("0 of " + String.format("%,d", u.path("capacity").asInt()) + " (0 %)", row.get("usage"));
            assertEquals(u.path("poolBlock").asText(), browser.script(
                    "return document.querySelector(\"#tenants-body tr[data-key='\" + arguments[0] + \"'] .block\")"
                    + ".dataset.poolBlock;", u.path("tenant").asText()), "the tenants table shows the pool block");
        }
        assertEquals("5", text("block-count"));
        assertEquals(List.of("", "alpha", "bravo", "charlie", "delta", "foxtrot"), bindingsFilterOptions(),
                     "the bindings filter offers every dynamic and pat tenant; echo is static");
        assertEquals("No binding in force", text("bindings-body"));
    }

    @Test
    @Order(2)
    void aHostsFirstPacketShowsAsItsBindingAndAsASlotInUseOfItsPoolBlock() {
        open("/");
        LAB.run(Duration.ofSeconds(30), "udp", "charlie", CHARLIE_VIP, "--timeout", "3");
        JsonNode binding = LAB.getJson("/bindings?tenant=charlie").path("bindings").get(0);
        assertEquals("10.20.30.40", binding.path("original").asText(), binding.toString());

        Map<String, Object> row = browser.await(Duration.ofSeconds(5), d -> bindingOnPage("charlie", "10.20.30.40"));
        assertEquals(binding.path("translated").asText(), row.get("translated"));
        assertEquals(binding.path("from").asText(), row.get("from"));
        assertEquals(binding.path("from").asText(), row.get("sinceTitle"), "the start in UTC in the tooltip");
        assertEquals(localTime(Instant.parse(binding.path("from").asText())), row.get("since"),
                     "the start in the browser's time zone");
        Map<String, Object> block = browser.await(Duration.ofSeconds(5), d -> "1".equals(poolBlockOnPage("charlie")
                .get("inUse")) ? poolBlockOnPage("charlie") : null);
        assertEquals("1 of 256 (0.39 %)", block.get("usage"));
        assertTrue(((Number) block.get("fillWidth")).doubleValue() > 0, "the bar shows the slot in use: " + block);

        clickTenantRow("charlie");
        browser.await(Duration.ofSeconds(5), d -> text("details-body").contains("POOL BLOCK"));
        String details = text("details-body");
        assertTrue(details.contains(poolUsage("charlie").path("poolBlock").asText()), details);
        assertTrue(details.contains("Slots in use\n1 of 256 (0.39 %)"), details);
        assertEquals("charlie", new Select(driver.findElement(By.id("bindings-tenant"))).getFirstSelectedOption()
                .getAttribute("value"), "the bindings card follows the tenant chosen");
        assertEquals(List.of("charlie"), bindingTenantsOnPage());

        new Select(driver.findElement(By.id("bindings-tenant"))).selectByValue("");
        browser.await(Duration.ofSeconds(5), d -> "All tenants".equals(new Select(d.findElement(By.id("bindings-tenant")))
                .getFirstSelectedOption().getText()));
        assertTrue(bindingsRequested().stream().anyMatch(u -> u.endsWith("/bindings?limit=100")),
                   "every tenant's bindings are read a page at a time: " + bindingsRequested());
        assertTrue(bindingsRequested().stream().anyMatch(u -> u.endsWith("/bindings?limit=100&tenant=charlie")),
                   bindingsRequested().toString());
    }

    @Test
    @Order(3)
    void aPoolBlockAtTheAlarmThresholdIsMarkedAndARefusalTurnsItFailedWithTheReason() throws Exception {
        open("/");
        // delta's /31 holds two hosts: two steady senders keep it full while its third host asks.
        CompletableFuture<String> h1 = steady("delta-h1", VIP, 25, 0);
        CompletableFuture<String> h2 = steady("delta-h2", VIP, 25, 0);

        Map<String, Object> alarm = browser.await(Duration.ofSeconds(15), d -> "ALARM".equals(
                poolBlockOnPage("delta").get("state")) ? poolBlockOnPage("delta") : null);
        assertEquals("2", alarm.get("inUse"));
        assertEquals("ALARM", alarm.get("badge"), "the state in words, not only in colour");
        assertTrue(alarm.get("rowClass").toString().contains("row-alarm"), alarm.toString());
        assertEquals("rgb(255, 217, 112)", alarm.get("badgeColour"), "ALARM is dark on amber");

        assertFalse(LAB.succeeds(Duration.ofSeconds(30), "udp", "delta-h3", VIP, "--timeout", "2"),
                    "a third host finds no free address");
        Map<String, Object> failed = browser.await(Duration.ofSeconds(5), d -> "FAILED".equals(
                poolBlockOnPage("delta").get("state")) ? poolBlockOnPage("delta") : null);
        JsonNode delta = poolUsage("delta");
        assertEquals("FAILED", delta.path("state").asText(), delta.toString());
        assertEquals(delta.path("reason").asText(), failed.get("reason"));
        assertTrue(failed.get("reason").toString().startsWith("no free address in tenant delta's pool block "
                                                               + delta.path("poolBlock").asText()), failed.toString());
        assertEquals("FAILED", failed.get("badge"));
        assertEquals("rgb(198, 40, 40)", failed.get("badgeColour"), "FAILED is white on red");
        assertTrue(failed.get("rowClass").toString().contains("row-failed"), failed.toString());
        assertEquals(delta.path("refusals").path("poolBlockFull").asText(), failed.get("refusals"));
        assertEquals(delta.path("refusals").path("poolBlockFull").asText() + " poolBlockFull",
                     failed.get("refusalKinds"));
        h1.get();
        h2.get();
    }

    @Test
    @Order(4)
    void aLookupOfAnAddressAndPortAtATimeNamesTheHostAlsoAfterItsBindingEnded() throws Exception {
        open("/");
        CompletableFuture<String> sender = steady("foxtrot", VIP, 6, 40100);
        JsonNode binding = browser.await(Duration.ofSeconds(10), d -> {
            JsonNode list = LAB.getJson("/bindings?tenant=foxtrot").path("bindings");
            return list.size() == 1 ? list.get(0) : null;
        });
        assertEquals("1024-1087", binding.path("ports").asText(), binding.toString());
        String address = binding.path("translated").asText();
        Instant from = Instant.parse(binding.path("from").asText());
        // The time box takes whole seconds: the first whole second after the binding began.
        Instant at = from.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        String typed = LocalDateTime.ofInstant(at, ZoneId.of(ZONE))
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        browser.await(Duration.ofSeconds(5), d -> Instant.now().isAfter(at));

        Map<String, Object> during = lookup(address, "1030", typed);
        assertEquals("foxtrot", during.get("tenant"), during.toString());
        assertEquals("10.1.1.10", during.get("original"));
        assertEquals("1024-1087", during.get("ports"));
        assertEquals(binding.path("from").asText(), during.get("from"));
        assertEquals("still in force", during.get("toText"));
        assertTrue(during.get("question").toString().startsWith(address + " port 1030 at "
                                                                + typed.replace('T', ' ')), during.toString());
        String sent = lookupsRequested().get(lookupsRequested().size() - 1);
        assertTrue(sent.endsWith("/lookup/" + address + "?port=1030&at="
                                 + URLEncoder.encode(typed + "+05:30", StandardCharsets.UTF_8) + "&nobody=empty"),
                   "the time is sent with the browser's offset: " + sent);

        sender.get();
        browser.await(EXPIRY, d -> LAB.getJson("/bindings?tenant=foxtrot").path("bindings").size() == 0);
        Map<String, Object> after = lookup(address, "1030", typed);
        assertEquals("foxtrot", after.get("tenant"), after.toString());
        assertEquals("10.1.1.10", after.get("original"));
        assertEquals("1024-1087", after.get("ports"));
        JsonNode trail = LAB.getJson("/lookup/" + address + "?port=1030&at=" + at).path("bindings").get(0);
        assertEquals(trail.path("to").asText(), after.get("to"), "the end the trail recorded");
        assertEquals("to " + localTime(Instant.parse(trail.path("to").asText())), after.get("toText"));

        // An hour before, nobody held it: the view says so, and the console stays clean (see the check after each).
        String earlier = LocalDateTime.ofInstant(at.minus(Duration.ofHours(1)), ZoneId.of(ZONE))
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        assertEquals(address + " port 1030 at " + earlier.replace('T', ' ') + ": nobody held it.",
                     lookupAnswer(address, "1030", earlier));
        String asked = lookupsRequested().get(lookupsRequested().size() - 1);
        assertTrue(asked.endsWith("&nobody=empty"), asked);
        assertEquals(404, LAB.get(asked.substring(asked.indexOf("/lookup/")).replace("&nobody=empty", ""))
                .statusCode(), "other clients still get 404 when nobody held it");
    }

    @Test
    @Order(5)
    void theAuditTrailOfAWindowListsTheRecordsTheApiAnswersInTheBrowsersTimeZone() {
        open("/");
        browser.await(Duration.ofSeconds(5), d -> trailTenantOptions().contains("foxtrot"));
        assertEquals(List.of("", "alpha", "bravo", "charlie", "delta", "echo", "foxtrot"), trailTenantOptions(),
                     "every tenant, static ones too: the trail records static blocks");
        new Select(driver.findElement(By.id("trail-tenant"))).selectByValue("foxtrot");

        // Default window: the last 24 h, sent with the browser's offset.
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> rows = listTrail("", "");
        String sent = trailRequested();
        Map<String, String> query = query(sent);
        assertEquals("foxtrot", query.get("tenant"));
        assertEquals("100", query.get("limit"), "a page at a time, like the bindings card");
        assertTrue(query.get("from").endsWith("+05:30") && query.get("to").endsWith("+05:30"), sent);
        Instant to = OffsetDateTime.parse(query.get("to")).toInstant();
        assertFalse(to.isBefore(before), "empty To is now: " + sent);
        assertEquals(to.minus(Duration.ofHours(24)), OffsetDateTime.parse(query.get("from")).toInstant(),
                     "empty From is 24 h before To");
        JsonNode records = LAB.getJson(sent.substring(sent.indexOf("/bindings/history"))).path("records");
        assertTrue(records.size() >= 1, "foxtrot's port block of the lookup test: " + records);
        assertEquals(records.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = records.get(i);
            Map<String, Object> row = rows.get(i);
            assertEquals("foxtrot", row.get("tenant"));
            assertEquals(r.path("original").asText(), row.get("original"));
            assertEquals(r.path("translated").asText(), row.get("translated"));
            assertEquals(r.path("ports").asText(), row.get("ports"));
            assertEquals(r.path("from").asText(), row.get("from"));
            assertEquals(localTime(Instant.parse(r.path("from").asText())), row.get("fromText"));
            assertEquals(r.path("to").asText(""), row.get("to"), row.toString());
            assertEquals(r.has("to") ? localTime(Instant.parse(r.path("to").asText())) : "still in force",
                         row.get("toText"));
        }
        JsonNode ended = records.get(0);
        assertEquals("10.1.1.10", ended.path("original").asText(), ended.toString());
        assertEquals("1024-1087", ended.path("ports").asText(), ended.toString());
        assertTrue(ended.has("to"), "the block of the lookup test has ended: " + ended);
        assertEquals(String.valueOf(records.size()), text("trail-count"));

        // A window typed in the browser's time zone: just around that port block.
        Instant start = Instant.parse(ended.path("from").asText()).truncatedTo(ChronoUnit.SECONDS);
        Instant end = Instant.parse(ended.path("to").asText()).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        List<Map<String, Object>> window = listTrail(localInput(start), localInput(end));
        Map<String, String> typed = query(trailRequested());
        assertEquals(localInput(start) + "+05:30", typed.get("from"));
        assertEquals(localInput(end) + "+05:30", typed.get("to"));
        assertEquals(ended.path("from").asText(), window.get(0).get("from"), window.toString());
        assertTrue(text("trail-shown").startsWith(window.size() + (window.size() == 1 ? " record" : " records")
                                                  + ", oldest first. Window: " + localTime(start) + " to "
                                                  + localTime(end)), text("trail-shown"));

        // To before From is told in the card, not sent (a 400 would be an error in the console).
        listTrailRequest(localInput(end), localInput(start));
        browser.await(Duration.ofSeconds(5), d -> text("trail-shown").equals("To (" + localTime(start) + ") is before From ("
                                                                      + localTime(end) + ")"));
        assertEquals(List.of(), trailsRequested(), "nothing asked of the API");
    }

    @Test
    @Order(6)
    void keyboardReachesTheBindingsFilterTheTrailsWindowAndEveryLookupField() {
        open("/");
        browser.script("document.getElementById('lookup-ip').focus();");

        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertEquals("lookup-port", focusedId());
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertEquals("lookup-at", focusedId());
        // The date and time box has a stop per field (day, month, year, hours...), then comes the button.
        List<String> stops = new ArrayList<>();
        for (int i = 0; i < 10 && !"lookup-go".equals(focusedId()); i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            stops.add(focusedId());
        }
        assertEquals("lookup-go", focusedId(), "Tab after the time reaches Look up: " + stops);

        browser.script("document.getElementById('bindings-tenant').focus();");
        List<String> trail = new ArrayList<>();
        for (int i = 0; i < 30 && !"lookup-ip".equals(focusedId()); i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            trail.add(focusedId());
        }
        assertEquals("trail-tenant", trail.get(0), "the trail's tenant follows the bindings filter: " + trail);
        assertEquals(List.of("trail-tenant", "trail-from", "trail-to", "trail-go", "lookup-ip"),
                     trail.stream().distinct().collect(Collectors.toList()),
                     "then the trail's window (a stop per field of each date), List and the lookup box");
        assertEquals("solid", browser.script("return getComputedStyle(document.activeElement).outlineStyle;"),
                     "keyboard focus is visible");
    }

    @Test
    @Order(7)
    void withMoreBindingsThanARefreshReadsTheCardListsTheFirstHundredAndTellsTheTotal() throws Exception {
        open("/");
        CompletableFuture<String> hosts = CompletableFuture.supplyAsync(() -> LAB.run(Duration.ofSeconds(90),
                "exec", "charlie", "--", "python3", "-c", MANY_HOSTS, CHARLIE_VIP, "120", "20"));

        // The page and the API agree once every host is bound: the total, a hundred rows, the slots in use.
        int total = browser.await(Duration.ofSeconds(20), d -> {
            int now = LAB.getJson("/bindings?tenant=charlie&limit=1").path("total").asInt();
            return now == 120 && bindingTable().size() == 100
                    && text("bindings-title").equals("Bindings in force (" + now + " total)")
                    && poolBlockOnPage("charlie").get("inUse").equals(String.valueOf(now)) ? now : null;
        });
        assertEquals("Showing the first 100 of " + total + " (by tenant, host and start): choose a tenant, or look "
                     + "an address up.", text("bindings-shown"));
        assertEquals(LAB.getJson("/bindings?limit=100").path("bindings").get(99).path("original").asText(),
                     bindingTable().get(99).get("original"), "the first hundred as the API lists them");
        hosts.get();
    }

    @Test
    @Order(8)
    void withBindingsInForceThePageFitsAt1280AndAt480WithoutSidewaysScrolling() throws Exception {
        CompletableFuture<String> alpha = steady("alpha", VIP, 15, 0);
        CompletableFuture<String> charlie = steady("charlie", CHARLIE_VIP, 15, 0);
        try {
            browser.viewport(1280, 800);
            open("/");
            browser.await(Duration.ofSeconds(10), d -> bindingTenantsOnPage().containsAll(List.of("alpha", "charlie")));
            clickTenantRow("alpha");
            browser.await(Duration.ofSeconds(5), d -> text("details-body").contains("POOL BLOCK"));
            // An address of a pool block, no port, no time: every binding on it now, from the trail.
            Map<String, Object> now = lookup(poolUsage("alpha").path("poolBlock").asText().replace("/32", ""), "", "");
            assertEquals("alpha", now.get("tenant"), now.toString());
            assertEquals("10.1.1.10", now.get("original"));
            assertEquals("still in force", now.get("toText"));
            browser.screenshot(LAB.target().resolve("gui-economy-screenshot.png"));
            assertFalse(overflowsHorizontally(), "the page scrolls sideways at 1280x800");
            for (WebElement scroller : driver.findElements(By.className("table-scroll"))) {
                assertTrue((Boolean) browser.script("return arguments[0].scrollWidth <= arguments[0].clientWidth;",
                                                    scroller), "a table needs sideways scrolling at 1280x800");
            }

            browser.viewport(480, 900);
            open("/");
            browser.await(Duration.ofSeconds(10), d -> !bindingTenantsOnPage().isEmpty());
            assertFalse(overflowsHorizontally(), "the page scrolls sideways at 480 px");
            for (String id : List.of("lookup-ip", "lookup-port", "lookup-at", "lookup-go", "trail-from", "trail-to",
                                     "trail-go")) {
                WebElement field = driver.findElement(By.id(id));
                assertTrue(field.getRect().getX() + field.getRect().getWidth() <= 480, id + " fits");
            }
            browser.screenshot(LAB.target().resolve("gui-economy-screenshot-narrow.png"));
        } finally {
            browser.viewport(1280, 800);
            alpha.get();
            charlie.get();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void open(String path) {
        driver.get(LAB.siteWithCredentials() + path);
        browser.await(Duration.ofSeconds(15), d -> !driver.findElements(By.cssSelector("#blocks-body tr[data-tenant]"))
                .isEmpty());
    }


    private static JsonNode poolUsage(String tenant) {
        for (JsonNode u : LAB.getJson("/pool").path("bindings")) {
            if (u.path("tenant").asText().equals(tenant)) {
                return u;
            }
        }
        throw new AssertionError("no pool block for " + tenant);
    }

    /** Runs {@link #STEADY_SENDER} in a host's namespace in the background. */
    private static CompletableFuture<String> steady(String host, String dst, int seconds, int sourcePort) {
        return CompletableFuture.supplyAsync(() -> LAB.run(Duration.ofSeconds(seconds + 30), "exec", host, "--",
                "python3", "-c", STEADY_SENDER, dst, String.valueOf(seconds), String.valueOf(sourcePort)));
    }

    /** A moment as the view shows it in the browser's time zone. */
    private static String localTime(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneId.of(ZONE)).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static String focusedId() {
        return (String) browser.script("return document.activeElement.id;");
    }

    /** The pool blocks card, read in one go: a row per tenant with what it shows. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> poolBlockTable() {
        return (List<Map<String, Object>>) browser.script(
                "return Array.from(document.querySelectorAll('#blocks-body tr[data-tenant]')).map(function (tr) {"
                + "  var badge = tr.querySelector('.badge');"
                + "  return {tenant: tr.dataset.tenant, state: tr.dataset.state, inUse: tr.dataset.inUse,"
                + "    capacity: tr.dataset.capacity, rowClass: tr.className,"
                + "    mode: tr.cells[0].querySelector('.sub').innerText, block: tr.querySelector('.block').innerText,"
                + "    usage: tr.querySelector('.usage-text').innerText,"
                + "    fillWidth: tr.querySelector('.usage-fill').getBoundingClientRect().width,"
                + "    refusals: tr.dataset.refusals, refusalKinds: tr.querySelector('.refusals .sub').innerText,"
                + "    badge: badge.innerText, badgeColour: getComputedStyle(badge).backgroundColor,"
                + "    reason: tr.querySelector('.reason').innerText};"
                + "});");
    }

    private static List<String> poolBlockNames() {
        return poolBlockTable().stream().map(r -> (String) r.get("tenant")).collect(Collectors.toList());
    }

    private static Map<String, Object> poolBlockOnPage(String tenant) {
        return poolBlockTable().stream().filter(r -> tenant.equals(r.get("tenant"))).findFirst()
                .orElseThrow(() -> new AssertionError(tenant + "'s pool block is not on the page"));
    }

    /** The bindings card's rows: tenant, original, translated, ports, start (UTC) and start as shown. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> bindingTable() {
        return (List<Map<String, Object>>) browser.script(
                "return Array.from(document.querySelectorAll('#bindings-body tr[data-tenant]')).map(function (tr) {"
                + "  return {tenant: tr.dataset.tenant, original: tr.dataset.original,"
                + "    translated: tr.dataset.translated, ports: tr.dataset.ports, from: tr.dataset.from,"
                + "    since: tr.cells[4].innerText, sinceTitle: tr.cells[4].title};"
                + "});");
    }

    private static Map<String, Object> bindingOnPage(String tenant, String original) {
        return bindingTable().stream().filter(r -> tenant.equals(r.get("tenant")) && original.equals(r.get("original")))
                .findFirst().orElse(null);
    }

    private static List<String> bindingTenantsOnPage() {
        return bindingTable().stream().map(r -> (String) r.get("tenant")).distinct().collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static List<String> bindingsFilterOptions() {
        return (List<String>) browser.script("return Array.from(document.getElementById('bindings-tenant').options)"
                                             + ".map(function (o) { return o.value; });");
    }

    @SuppressWarnings("unchecked")
    private static List<String> requested(String part) {
        return ((List<String>) browser.script("return performance.getEntriesByType('resource')"
                                              + ".map(function (e) { return e.name; });"))
                .stream().filter(u -> u.contains(part)).collect(Collectors.toList());
    }

    private static List<String> bindingsRequested() {
        return requested("/onos/tenantnat/bindings");
    }

    private static List<String> lookupsRequested() {
        return requested("/onos/tenantnat/lookup/");
    }

    /**
     * Fills in the lookup box (the time as a person picks it in the date and time box, the browser's own zone) and
     * presses Look up by keyboard; returns the first holder the view lists.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> lookup(String address, String port, String localTime) {
        fillInLookup(address, port, localTime);
        return browser.await(Duration.ofSeconds(10), d -> {
            List<Map<String, Object>> holders = (List<Map<String, Object>>) browser.script(
                    "var result = document.getElementById('lookup-result');"
                    + "if (result.classList.contains('lookup-pending')) { return null; }"
                    + "var q = result.querySelector('.lookup-question');"
                    + "return Array.from(result.querySelectorAll('.lookup-holder')).map(function (li) {"
                    + "  return {tenant: li.dataset.tenant, original: li.dataset.original, ports: li.dataset.ports,"
                    + "    from: li.dataset.from, to: li.dataset.to,"
                    + "    toText: li.querySelector('.lookup-to').innerText, question: q ? q.innerText : ''};"
                    + "});");
            if (holders == null) {
                return null;
            }
            assertFalse(holders.isEmpty(), "no holder listed: " + text("lookup-result"));
            return holders.get(0);
        });
    }

    /** Fills in the lookup box and presses Look up by keyboard. */
    private static void fillInLookup(String address, String port, String localTime) {
        WebElement ip = driver.findElement(By.id("lookup-ip"));
        ip.clear();
        ip.sendKeys(address);
        WebElement portBox = driver.findElement(By.id("lookup-port"));
        portBox.clear();
        portBox.sendKeys(port);
        browser.script("var at = document.getElementById('lookup-at'); at.value = arguments[0];"
                       + "at.dispatchEvent(new Event('input', {bubbles: true}));"
                       + "at.dispatchEvent(new Event('change', {bubbles: true}));", localTime);
        assertEquals(localTime, driver.findElement(By.id("lookup-at")).getAttribute("value"));
        browser.script("performance.clearResourceTimings();");
        driver.findElement(By.id("lookup-go")).sendKeys(Keys.ENTER);
    }

    /** The answer the lookup box shows, once it is no longer pending. */
    private static String lookupAnswer(String address, String port, String localTime) {
        fillInLookup(address, port, localTime);
        return browser.await(Duration.ofSeconds(10), d -> (Boolean) browser.script(
                "return document.getElementById('lookup-result').classList.contains('lookup-pending');")
                ? null : text("lookup-result"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> trailTenantOptions() {
        return (List<String>) browser.script("return Array.from(document.getElementById('trail-tenant').options)"
                                             + ".map(function (o) { return o.value; });");
    }

    /** A moment as typed into a date and time box in the browser's time zone. */
    private static String localInput(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneId.of(ZONE)).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
    }

    /** Sets the trail's window (empty: the default) and presses List by keyboard. */
    private static void listTrailRequest(String from, String to) {
        browser.script("var values = arguments;"
                       + "['trail-from', 'trail-to'].forEach(function (id, i) {"
                       + "  var box = document.getElementById(id); box.value = values[i];"
                       + "  box.dispatchEvent(new Event('change', {bubbles: true}));"
                       + "});", from, to);
        browser.script("performance.clearResourceTimings();"
                       + "document.getElementById('trail-shown').textContent = '';");
        driver.findElement(By.id("trail-go")).sendKeys(Keys.ENTER);
    }

    /** Lists the trail of a window and returns the rows the card shows once it has listed them. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listTrail(String from, String to) {
        listTrailRequest(from, to);
        browser.await(Duration.ofSeconds(10), d -> text("trail-shown").contains("Window: ") && !trailsRequested().isEmpty());
        return (List<Map<String, Object>>) browser.script(
                "return Array.from(document.querySelectorAll('#trail-body tr[data-tenant]')).map(function (tr) {"
                + "  return {tenant: tr.dataset.tenant, original: tr.dataset.original,"
                + "    translated: tr.dataset.translated, ports: tr.dataset.ports, from: tr.dataset.from,"
                + "    to: tr.dataset.to, fromText: tr.cells[4].innerText, toText: tr.cells[5].innerText};"
                + "});");
    }

    private static List<String> trailsRequested() {
        return requested("/onos/tenantnat/bindings/history");
    }

    private static String trailRequested() {
        List<String> sent = trailsRequested();
        return sent.get(sent.size() - 1);
    }

    /** The query parameters of a URL, decoded. */
    private static Map<String, String> query(String url) {
        return Arrays.stream(url.substring(url.indexOf('?') + 1).split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    /** Clicks a tenant's row; a redraw between finding and clicking it only means finding it again. */
    private static void clickTenantRow(String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                driver.findElement(By.cssSelector("#tenants-body tr[data-key='" + name + "']")).click();
                return;
            } catch (StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static boolean overflowsHorizontally() {
        return (Boolean) browser.script(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
    }
}
