package org.tenantnat.standalone.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ICMP errors about a pat host's connections cross the translation both ways, headers and quotes translated by the
 * tenant's conntrack and the controller together, on {@code tools/examples/mtu-lab.json} with umbrella and initech
 * in pat mode: the service behind a provider router whose link to it has a smaller MTU, initech's router with a
 * smaller MTU on its LAN. Fragmentation needed from the provider router (path-MTU discovery), port unreachable from
 * the service and time exceeded (traceroute) reach umbrella's host from the VIP, quoting the host's own address and
 * the source port it sent from, whatever port conntrack gave the connection; fragmentation needed from initech's
 * router reaches the service from initech's pool address, quoting the pool address and port it sent to.
 */
class PatIcmpErrorsTest {

    /** services[backup].router.mtu in mtu-lab.json. */
    private static final int PROVIDER_LINK_MTU = 1400;
    /** tenants[initech].lanMtu in mtu-lab.json. */
    private static final int CUSTOMER_LAN_MTU = 1300;
    private static final long FILE_BYTES = 4L << 20;
    private static final String HOST = "umbrella";
    /** No server listens there on the service. */
    private static final int CLOSED_PORT = 9;
    private static final int SOURCE_PORT = 40100;
    private static final Duration ERROR_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ERROR = Pattern.compile(
            "ICMP from=(\\S+) type=(\\d+) code=(\\d+) quote src=(\\S+) sport=(\\d+) dst=(\\S+) dport=(\\d+)");
    /**
     * Sends one datagram from a connected UDP socket and reports what came back: {@code refused} when the kernel
     * matched a port unreachable to the socket (quoted source address and port, destination and port, checksums
     * right), and the first ICMP error a raw socket saw, with the header it quotes.
     */
    private static final String PROBE = String.join("\n",
            "import socket, struct, sys",
            "src, sport, dst, dport = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])",
            "raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)",
            "raw.settimeout(2)",
            "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "u.bind((src, sport))",
            "u.connect((dst, dport))",
            "u.settimeout(2)",
            "u.send(b'probe')",
            "try:",
            "    u.recv(100)",
            "    print('answered')",
            "except ConnectionRefusedError:",
            "    print('refused')",
            "except socket.timeout:",
            "    print('no answer')",
            "try:",
            "    while True:",
            "        p, a = raw.recvfrom(2000)",
            "        o = (p[0] & 15) * 4",
            "        if p[o] not in (3, 11):",
            "            continue",
            "        q = p[o + 8:]",
            "        qo = (q[0] & 15) * 4",
            "        sp, dp = struct.unpack('!HH', q[qo:qo + 4])",
            "        print('ICMP from=%s type=%d code=%d quote src=%s sport=%d dst=%s dport=%d' % (a[0], p[o], "
                    + "p[o + 1], socket.inet_ntoa(q[12:16]), sp, socket.inet_ntoa(q[16:20]), dp))",
            "        break",
            "except socket.timeout:",
            "    pass");

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().scenario("tools/examples/mtu-lab.json")
            .config(PatIcmpErrorsTest::umbrellaAndInitechInPat).withHttp();

    private static void umbrellaAndInitechInPat(ObjectNode config) {
        for (JsonNode tenant : config.withArray("tenants")) {
            if (List.of(HOST, "initech").contains(tenant.path("name").asText())) {
                ((ObjectNode) tenant).putObject("translation").put("mode", "pat").put("blockSize", 32);
            }
        }
    }

    /** The first binding in force of a tenant, once its host sent something. */
    private static JsonNode binding(String tenant) throws Exception {
        HttpResponse<String> bindings = new Rest(LAB).get("/bindings?tenant=" + tenant);
        assertEquals(200, bindings.statusCode(), bindings.body());
        JsonNode first = new ObjectMapper().readTree(bindings.body()).path("bindings").path(0);
        assertTrue(first.isObject(), tenant + " has a binding: " + bindings.body());
        return first;
    }

    @Test
    void anUploadFromAPatHostAcrossTheProvidersSmallerLinkCompletesAndTheHostLearnsThatMtu() {
        LabHost host = LAB.lab().host(HOST);
        String vip = LAB.vipOf(host);
        LAB.awaitVip(host);
        assertEquals(Optional.empty(), LAB.lab().pathMtu(HOST, vip), "no MTU learned yet");

        assertEquals(FILE_BYTES, LAB.lab().transfer("upload", HOST, vip, FILE_BYTES),
                     "upload of a 4 MiB file with DF set, through conntrack");

        Optional<Integer> learned = LAB.lab().pathMtu(HOST, vip);
        System.out.println("path MTU " + HOST + " (pat) -> " + vip + " (VIP): " + learned.orElse(null));
        assertEquals(Optional.of(PROVIDER_LINK_MTU), learned,
                     "the pat host learned the provider link's MTU from the provider router's ICMP error");
    }

    @Test
    void aDatagramToAClosedPortGetsPortUnreachableQuotingTheHostsOwnAddressAndSourcePort() throws Exception {
        LabHost host = LAB.lab().host(HOST);
        String vip = LAB.vipOf(host);
        LAB.awaitVip(host);
        // Conntrack cannot keep the source port: it is outside the host's port block.
        String[] block = binding(HOST).path("ports").asText().split("-");
        assertTrue(SOURCE_PORT < Integer.parseInt(block[0]) || SOURCE_PORT > Integer.parseInt(block[1]),
                   "port block " + String.join("-", block));

        // The service's kernel rate-limits its errors: ask again until one came back.
        CommandResult probe = Poll.until(ERROR_TIMEOUT, () -> LAB.lab().exec(
                HOST, "python3", "-c", PROBE, host.address().toString(), String.valueOf(SOURCE_PORT), vip,
                String.valueOf(CLOSED_PORT)), r -> r.output().contains("refused"));

        System.out.println(probe.output());
        assertTrue(probe.output().contains("refused"), "the host's kernel matched the error to the connected socket "
                + "(quoted addresses and ports its own, checksums right): " + probe);
        Matcher m = ERROR.matcher(probe.output());
        assertTrue(m.find(), "the raw socket saw the error: " + probe);
        assertEquals(List.of(vip, "3", "3", host.address().toString(), String.valueOf(SOURCE_PORT), vip,
                             String.valueOf(CLOSED_PORT)),
                     List.of(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7)),
                     "port unreachable from the VIP, quoting the host's own address and source port to the VIP");
    }

    @Test
    void aDownloadAcrossAPatCustomerRoutersSmallerLanCompletesAndTheServiceLearnsThatMtu() throws Exception {
        LabHost host = LAB.lab().host("initech-h1");
        String vip = LAB.vipOf(host);
        LAB.awaitVip(host);
        String pooled = binding("initech").path("translated").asText();

        assertEquals(FILE_BYTES, LAB.lab().transfer("download", host.name(), vip, FILE_BYTES),
                     "download of a 4 MiB file with DF set, through conntrack");

        Optional<Integer> learned = LAB.lab().pathMtu("backup", pooled);
        System.out.println("path MTU backup -> " + pooled + " (initech-h1, pat): " + learned.orElse(null));
        assertEquals(Optional.of(CUSTOMER_LAN_MTU), learned, "the service learned the customer LAN's MTU from the "
                + "customer router's ICMP error, sent from its own address outside the tenant's prefixes");
    }

    @Test
    void tracerouteFromAPatHostTerminatesAtItsVip() {
        LabHost host = LAB.lab().host(HOST);
        String vip = LAB.vipOf(host);
        LAB.awaitVip(host);

        List<String> hops = LAB.lab().tracerouteHops(HOST, vip, 8);

        // The provider router (time exceeded), the service (port unreachable): both from the VIP.
        assertEquals(List.of(vip, vip), hops);
    }
}
