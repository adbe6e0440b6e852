package org.tenantnat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the desired-state documents the benchmarks run on: N tenants on one switch that all use the same
 * customer prefixes, each reaching one service at the same VIP, with every router and service MAC given (so
 * nothing waits for ARP and a benchmark measures compiling and programming only).
 *
 * <p>Tenant {@code t<id>} sits on port {@code 1 + (id - 1) / 4000}, VLAN {@code 1 + (id - 1) % 4000}, so 10,000
 * tenants fit on three trunk ports; the service is on port {@value #SERVICE_PORT}.
 *
 * <p>Command line (used by the benchmark scripts):
 * {@code java -cp benchmarks.jar org.tenantnat.bench.TenantDocuments --tenants N [--prefixes P1,P2,...]
 * [--out FILE]}; without {@code --out} the document goes to standard output.
 */
public final class TenantDocuments {

    /** The switch every tenant and the service attach to. */
    public static final String SWITCH = "of:0000000000000001";
    /** The four overlapping customer prefixes of the 10,000-tenant benchmarks (176 addresses per tenant). */
    public static final List<String> FOUR_PREFIXES =
            List.of("10.1.1.0/26", "10.1.2.0/27", "10.1.3.0/28", "10.1.4.0/26");
    /** A prefix no tenant of {@link #FOUR_PREFIXES} uses: what a one-tenant change swaps in. */
    public static final String OTHER_PREFIX = "10.1.5.0/26";
    /** The service's switch port. */
    public static final int SERVICE_PORT = 100;

    private static final int VLANS_PER_PORT = 4000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TenantDocuments() {
    }

    /**
     * Builds a document.
     *
     * @param tenants  number of tenants, 1..65535
     * @param prefixes the customer prefixes every tenant uses
     * @return the desired state as JSON
     */
    public static ObjectNode document(int tenants, List<String> prefixes) {
        if (tenants < 1 || tenants > 65535) {
            throw new IllegalArgumentException("tenants must be 1..65535, not " + tenants);
        }
        ObjectNode doc = MAPPER.createObjectNode();
        doc.putArray("pool").add("100.64.0.0/10");
        doc.put("gatewayMac", "02:00:00:00:00:01");
        doc.putArray("services").addObject()
                .put("name", "backup")
                .put("ip", "10.1.1.10")
                .put("connectPoint", SWITCH + "/" + SERVICE_PORT)
                .put("gatewayIp", "10.1.1.1")
                .put("mac", "02:05:00:00:00:01");
        ArrayNode list = doc.putArray("tenants");
        for (int id = 1; id <= tenants; id++) {
            list.add(tenant(id, prefixes));
        }
        return doc;
    }

    /**
     * Builds one tenant of a document.
     *
     * @param id       tenant id; the name is {@code t<id>}
     * @param prefixes its customer prefixes
     * @return the tenant as JSON
     */
    public static ObjectNode tenant(int id, List<String> prefixes) {
        ObjectNode tenant = MAPPER.createObjectNode()
                .put("name", "t" + id)
                .put("id", id)
                .put("connectPoint", SWITCH + "/" + (1 + (id - 1) / VLANS_PER_PORT))
                .put("vlan", 1 + (id - 1) % VLANS_PER_PORT)
                .put("routerIp", "192.168.0.2")
                .put("routerMac", String.format("02:01:%02x:%02x:00:01", id >> 8, id & 0xff))
                .put("gatewayIp", "192.168.0.1");
        ArrayNode p = tenant.putArray("prefixes");
        prefixes.forEach(p::add);
        tenant.putArray("access").addObject().put("service", "backup").put("vip", "10.250.0.10");
        return tenant;
    }

    /**
     * Returns a document as compact JSON text.
     *
     * @param tenants  number of tenants
     * @param prefixes customer prefixes of every tenant
     * @return JSON text
     */
    public static String json(int tenants, List<String> prefixes) {
        try {
            return MAPPER.writeValueAsString(document(tenants, prefixes));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /**
     * Writes a document.
     *
     * @param args {@code --tenants N [--prefixes P1,P2,...] [--out FILE]}
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        int tenants = -1;
        List<String> prefixes = FOUR_PREFIXES;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--tenants":
                    tenants = Integer.parseInt(required(args[i], value));
                    break;
                case "--prefixes":
                    prefixes = new ArrayList<>(Arrays.asList(required(args[i], value).split(",")));
                    break;
                case "--out":
                    out = Path.of(required(args[i], value));
                    break;
                default:
                    usage(System.err, "unknown argument " + args[i]);
                    return;
            }
            i++;
        }
        if (tenants < 0) {
            usage(System.err, "--tenants is required");
            return;
        }
        String json = json(tenants, prefixes);
        if (out == null) {
            System.out.println(json);
        } else {
            Files.writeString(out, json, StandardCharsets.UTF_8);
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static void usage(PrintStream err, String problem) {
        err.println("TenantDocuments: " + problem);
        err.println("usage: TenantDocuments --tenants N [--prefixes P1,P2,...] [--out FILE]");
        System.exit(2);
    }
}
