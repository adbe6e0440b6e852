package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.config.Documents;
import org.tenantnat.config.Edit;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.ValidationError;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.tenantnat.config.Edit.all;
import static org.tenantnat.config.Edit.append;
import static org.tenantnat.config.Edit.remove;
import static org.tenantnat.config.Edit.set;

/**
 * Each bad document is the valid three-tenant example with one edit, so each proves one rule: it is rejected
 * with exactly one error, on the expected field, saying the expected thing.
 */
class DesiredStateReaderTest {

    // tenants: 0 acme (port 1 vlan 100), 1 globex (port 1 vlan 200), 2 initech (switch 2 port 1, untagged)
    // services: 0 backup (port 3), 1 archive (port 4)
    private static final String ACME = "/tenants/0";
    private static final String GLOBEX = "/tenants/1";
    private static final String INITECH = "/tenants/2";
    private static final String BACKUP = "/services/0";
    private static final String ARCHIVE = "/services/1";

    static Stream<Arguments> badDocuments() {
        return Stream.of(
                // form: unknown fields at every level
                bad("unknown top-level field", set("/pools", "[]"), "pools", "unknown field"),
                bad("unknown service field", set(BACKUP + "/port", "3"), "services[backup].port", "unknown field"),
                bad("unknown tenant field", set(ACME + "/vlanId", "100"), "tenants[acme].vlanId",
                    "unknown field (allowed: name, id, connectPoint, vlan"),
                bad("unknown access field", set(ACME + "/access/0/port", "443"), "tenants[acme].access[0].port",
                    "unknown field (allowed: service, vip)"),
                bad("unknown translation field", set(ACME + "/translation/size", "24"),
                    "tenants[acme].translation.size", "unknown field"),
                // form: JSON types
                bad("id as a string", set(ACME + "/id", "\"1\""), "tenants[acme].id",
                    "expected an integer, got string \"1\""),
                bad("id as a fraction", set(ACME + "/id", "1.5"), "tenants[acme].id", "expected an integer"),
                bad("id beyond 32 bits", set(ACME + "/id", "4294967296"), "tenants[acme].id", "too large"),
                bad("prefixes as a string", set(ACME + "/prefixes", "\"10.1.1.0/24\""), "tenants[acme].prefixes",
                    "expected an array, got string"),
                bad("tenants as an object", set("/tenants", "{}"), "tenants", "expected an array, got an object"),
                bad("service as a string", set(ARCHIVE, "\"archive\""), "services[1]", "expected an object"),
                bad("access entry as a string", set(ACME + "/access/0", "\"backup\""), "tenants[acme].access[0]",
                    "expected an object"),
                bad("translation as a string", set(ACME + "/translation", "\"static\""),
                    "tenants[acme].translation", "expected an object, got string"),
                bad("translatedPrefixes as an array", set(ACME + "/translatedPrefixes", "[]"),
                    "tenants[acme].translatedPrefixes", "expected an object, got an array"),
                bad("name as a number", set(INITECH + "/name", "3"), "tenants[2].name", "expected a string"),
                // form: missing and null required fields
                bad("service without a name", remove(ARCHIVE + "/name"), "services[1].name",
                    "missing required field"),
                bad("tenant without a routerIp", remove(ACME + "/routerIp"), "tenants[acme].routerIp",
                    "missing required field"),
                bad("tenant without prefixes", remove(INITECH + "/prefixes"), "tenants[initech].prefixes",
                    "missing required field"),
                bad("null gatewayIp", set(ACME + "/gatewayIp", "null"), "tenants[acme].gatewayIp",
                    "must not be null"),
                bad("translation without a mode", set(ACME + "/translation", "{}"),
                    "tenants[acme].translation.mode", "missing required field"),
                // form: malformed values
                bad("address with three octets", set(ACME + "/routerIp", "\"10.1.1\""), "tenants[acme].routerIp",
                    "'10.1.1' is not an IPv4 address"),
                bad("address with an octet over 255", set(BACKUP + "/gatewayIp", "\"10.1.1.256\""),
                    "services[backup].gatewayIp", "is not an IPv4 address"),
                bad("IPv6 service address", set(BACKUP + "/ip", "\"fd00::10\""), "services[backup].ip",
                    "fd00::10 is an IPv6 address; an IPv4 address is required"),
                bad("prefix without a length", set(ACME + "/prefixes/0", "\"10.1.1.0\""),
                    "tenants[acme].prefixes[0]", "'10.1.1.0' is not an IPv4 prefix"),
                bad("prefix length 33", set(INITECH + "/prefixes/0", "\"10.1.1.0/33\""),
                    "tenants[initech].prefixes[0]", "prefix length /33 is out of range 0..32"),
                bad("host bits set in a prefix", set(GLOBEX + "/prefixes/1", "\"172.16.1.0/20\""),
                    "tenants[globex].prefixes[1]", "host bits set in 172.16.1.0/20 (the network is 172.16.0.0/20)"),
                bad("IPv6 pool prefix", set("/pool/0", "\"fd00::/8\""), "pool[0]", "is an IPv6 prefix"),
                bad("MAC with five bytes", set("/gatewayMac", "\"02:00:00:00:00\""), "gatewayMac",
                    "is not a MAC address"),
                bad("connect point with a short datapath id", set(BACKUP + "/connectPoint", "\"of:1/3\""),
                    "services[backup].connectPoint", "'of:1/3' is not a connect point"),
                bad("connect point on port 0", set(INITECH + "/connectPoint", "\"of:0000000000000002/0\""),
                    "tenants[initech].connectPoint", "port 0 is not a physical port"),
                bad("vlan 4095", set(ACME + "/vlan", "4095"), "tenants[acme].vlan", "4095 is out of range 1..4094"),
                bad("vlan 0", set(GLOBEX + "/vlan", "0"), "tenants[globex].vlan", "0 is out of range 1..4094"),
                bad("unknown translation mode", set(ACME + "/translation/mode", "\"nat\""),
                    "tenants[acme].translation.mode", "'nat' is not a translation mode"),
                bad("pinned block with host bits", set(ACME + "/translatedPrefixes/10.1.1.0~124", "\"100.64.0.1/24\""),
                    "tenants[acme].translatedPrefixes[10.1.1.0/24]", "host bits set in 100.64.0.1/24"),
                bad("malformed pinned prefix key",
                    all(remove(ACME + "/translatedPrefixes/10.1.1.0~124"),
                        set(ACME + "/translatedPrefixes/10.1.1.0", "\"100.64.0.0/24\"")),
                    "tenants[acme].translatedPrefixes[10.1.1.0]", "is not an IPv4 prefix"),
                // pool
                bad("empty pool", set("/pool", "[]"), "pool", "the pool is empty"),
                bad("pool prefixes overlapping", set("/pool", "[\"100.64.0.0/10\", \"100.64.0.0/16\"]"), "pool[1]",
                    "100.64.0.0/16 overlaps pool[0] 100.64.0.0/10"),
                bad("pool overlapping loopback", append("/pool", "\"127.0.0.0/16\""), "pool[1]",
                    "overlaps 127.0.0.0/8 (loopback)"),
                bad("pool containing a service address", set(BACKUP + "/ip", "\"100.64.200.10\""), "pool[0]",
                    "contains 100.64.200.10, the address of services[backup].ip"),
                bad("pool containing a service gateway", set(ARCHIVE + "/gatewayIp", "\"100.127.255.1\""),
                    "pool[0]", "contains 100.127.255.1, the address of services[archive].gatewayIp"),
                bad("pool too small", all(set("/pool", "[\"100.64.0.0/19\"]"),
                                          append(INITECH + "/prefixes", "\"10.8.0.0/16\"")),
                    "pool", "it holds 8192 addresses but the static tenants' prefixes and the pool blocks of dynamic and pat "
                            + "tenants need 70400"),
                bad("pool fragmented by pins", all(set("/pool", "[\"100.64.0.0/19\"]"),
                                                   set(ACME + "/translatedPrefixes/10.1.1.0~124", "\"100.64.8.0/24\""),
                                                   append(INITECH + "/prefixes", "\"10.64.0.0/21\"")),
                    "pool", "no free /21 block left for tenants[initech].prefixes[1] 10.64.0.0/21"),
                bad("pool block fragmented by pins", all(set("/pool", "[\"100.64.0.0/19\"]"),
                                                        set(ACME + "/translatedPrefixes/10.1.1.0~124",
                                                            "\"100.64.8.0/24\""),
                                                        set(INITECH + "/translation", dynamic("\"blockSize\": 21"))),
                    "pool", "no free /21 block left for tenants[initech].translation.blockSize (the tenant's pool "
                            + "block)"),
                // gateway MAC
                bad("multicast gateway MAC", set("/gatewayMac", "\"01:00:5E:00:00:01\""), "gatewayMac",
                    "01:00:5E:00:00:01 is a multicast MAC"),
                bad("all-zero gateway MAC", set("/gatewayMac", "\"00:00:00:00:00:00\""), "gatewayMac",
                    "is the all-zero MAC"),
                // services
                bad("service name with a space", append("/services", service("back up", "10.1.1.12", 5)),
                    "services[2].name", "'back up' is not a valid name"),
                bad("service name too long", append("/services", service("s".repeat(64), "10.1.1.12", 5)),
                    "services[2].name", "is not a valid name"),
                bad("duplicate service name", append("/services", service("backup", "10.1.1.12", 5)),
                    "services[2].name", "duplicate service name 'backup' (also services[0])"),
                bad("duplicate service address", set(ARCHIVE + "/ip", "\"10.1.1.10\""), "services[archive].ip",
                    "10.1.1.10 is already the address of services[backup]"),
                bad("service gateway equal to its address", set(BACKUP + "/gatewayIp", "\"10.1.1.10\""),
                    "services[backup].gatewayIp", "10.1.1.10 is the service's own address"),
                bad("router MAC without a router", set(ARCHIVE + "/routerMac", "\"02:00:00:00:0B:02\""),
                    "services[archive].routerMac", "is given without routerIp"),
                bad("service behind itself", set(ARCHIVE + "/routerIp", "\"10.1.1.11\""), "services[archive].routerIp",
                    "10.1.1.11 is the service's own address"),
                bad("service router equal to its gateway", set(ARCHIVE + "/routerIp", "\"10.1.1.1\""),
                    "services[archive].routerIp", "10.1.1.1 is also the service's gatewayIp"),
                bad("service MAC behind a router", set(BACKUP + "/routerIp", "\"10.1.1.2\""), "services[backup].mac",
                    "a service behind router 10.1.1.2 is reached at the router's MAC; give it as routerMac"),
                bad("pool containing a service router", set(ARCHIVE + "/routerIp", "\"100.64.9.1\""), "pool[0]",
                    "contains 100.64.9.1, the address of services[archive].routerIp"),
                bad("loopback service address", set(BACKUP + "/ip", "\"127.0.0.1\""), "services[backup].ip",
                    "127.0.0.1 is a loopback address"),
                bad("broadcast service MAC", set(BACKUP + "/mac", "\"FF:FF:FF:FF:FF:FF\""), "services[backup].mac",
                    "is a broadcast MAC"),
                // tenants
                bad("tenant name starting with a dash", set(ACME + "/name", "\"-acme\""), "tenants[0].name",
                    "'-acme' is not a valid name"),
                bad("duplicate tenant name", set(INITECH + "/name", "\"acme\""), "tenants[2].name",
                    "duplicate tenant name 'acme' (also tenants[0])"),
                bad("duplicate tenant id", set(INITECH + "/id", "1"), "tenants[initech].id",
                    "tenant id 1 is already used by tenants[acme]"),
                bad("tenant id 0", set(ACME + "/id", "0"), "tenants[acme].id", "0 is out of range 1..65535"),
                bad("tenant id 65536", set(GLOBEX + "/id", "65536"), "tenants[globex].id",
                    "65536 is out of range 1..65535"),
                bad("two tenants on one port and VLAN", set(GLOBEX + "/vlan", "100"), "tenants[globex].vlan",
                    "of:0000000000000001/1 vlan 100 is already the attachment of tenants[acme]"),
                bad("two untagged tenants on one port",
                    all(remove(GLOBEX + "/vlan"), set(GLOBEX + "/connectPoint", "\"of:0000000000000002/1\"")),
                    "tenants[initech].connectPoint", "untagged is already the attachment of tenants[globex]"),
                bad("tenant on a service port", set(INITECH + "/connectPoint", "\"of:0000000000000001/3\""),
                    "tenants[initech].connectPoint", "of:0000000000000001/3 is the port of services[backup]"),
                bad("tagged tenant on a service port", set(ACME + "/connectPoint", "\"of:0000000000000001/4\""),
                    "tenants[acme].connectPoint", "is the port of services[archive]"),
                bad("routerIp equal to gatewayIp", set(ACME + "/routerIp", "\"10.1.1.1\""), "tenants[acme].gatewayIp",
                    "10.1.1.1 is also the tenant's routerIp"),
                bad("routerIp is the network address", set(ACME + "/routerIp", "\"10.1.1.0\""),
                    "tenants[acme].routerIp", "10.1.1.0 is the network address of the tenant's prefix 10.1.1.0/24"),
                bad("gatewayIp is the broadcast address", set(GLOBEX + "/gatewayIp", "\"10.1.1.255\""),
                    "tenants[globex].gatewayIp", "10.1.1.255 is the broadcast address of the tenant's prefix"),
                bad("multicast routerIp", set(INITECH + "/routerIp", "\"224.0.0.5\""), "tenants[initech].routerIp",
                    "224.0.0.5 is a multicast address"),
                bad("gatewayIp 0.0.0.0", set(INITECH + "/gatewayIp", "\"0.0.0.0\""), "tenants[initech].gatewayIp",
                    "0.0.0.0 is a 'this network' address"),
                bad("all-zero router MAC", set(GLOBEX + "/routerMac", "\"00:00:00:00:00:00\""),
                    "tenants[globex].routerMac", "is the all-zero MAC"),
                bad("no prefixes", set(INITECH + "/prefixes", "[]"), "tenants[initech].prefixes",
                    "the tenant has no prefixes"),
                bad("overlapping prefixes in one tenant", append(INITECH + "/prefixes", "\"10.1.0.0/16\""),
                    "tenants[initech].prefixes[1]", "10.1.0.0/16 overlaps prefixes[0] 10.1.1.0/24"),
                bad("prefix shorter than /8", all(set("/pool", "[\"100.0.0.0/6\"]"),
                                                  append(INITECH + "/prefixes", "\"12.0.0.0/7\"")),
                    "tenants[initech].prefixes[1]", "12.0.0.0/7 is too large: customer prefixes must be /8 to /32"),
                bad("multicast customer prefix", append(INITECH + "/prefixes", "\"224.1.0.0/24\""),
                    "tenants[initech].prefixes[1]", "overlaps 224.0.0.0/4 (multicast)"),
                bad("dynamic translation without blockSize", set(INITECH + "/translation/mode", "\"dynamic\""),
                    "tenants[initech].translation.blockSize", "is required for dynamic translation"),
                bad("blockSize that is no prefix length", set(INITECH + "/translation", dynamic("\"blockSize\": 40")),
                    "tenants[initech].translation.blockSize", "40 is out of range 8..32"),
                bad("idle timeout too short", set(INITECH + "/translation",
                                                  dynamic("\"blockSize\": 24, \"idleTimeout\": 5")),
                    "tenants[initech].translation.idleTimeout", "5 is out of range 10..86400 seconds"),
                bad("idle timeout too long", set(INITECH + "/translation",
                                                 dynamic("\"blockSize\": 24, \"idleTimeout\": 90000")),
                    "tenants[initech].translation.idleTimeout", "90000 is out of range 10..86400 seconds"),
                bad("hold-down negative", set(INITECH + "/translation",
                                              dynamic("\"blockSize\": 24, \"holdDown\": -1")),
                    "tenants[initech].translation.holdDown", "-1 is out of range 0..86400 seconds"),
                bad("more hosts than the pool block holds", set(INITECH + "/translation",
                                                                dynamic("\"blockSize\": 30, \"maxHosts\": 5")),
                    "tenants[initech].translation.maxHosts", "5 is out of range 1..4 hosts"),
                bad("port block size not a power of two", set(INITECH + "/translation",
                                                              pat("\"blockSize\": 30, \"portBlockSize\": 500")),
                    "tenants[initech].translation.portBlockSize", "500 is not a power of two from 64 to 32768"),
                bad("port block size too small", set(INITECH + "/translation",
                                                     pat("\"blockSize\": 30, \"portBlockSize\": 32")),
                    "tenants[initech].translation.portBlockSize", "32 is not a power of two from 64 to 32768"),
                bad("more pat hosts than port blocks", set(INITECH + "/translation", pat(
                        "\"blockSize\": 32, \"portBlockSize\": 32768, \"maxHosts\": 2")),
                    "tenants[initech].translation.maxHosts", "2 is out of range 1..1 hosts"),
                bad("maxPortBlocks of none", set(INITECH + "/translation",
                                                 pat("\"blockSize\": 30, \"maxPortBlocks\": 0")),
                    "tenants[initech].translation.maxPortBlocks", "0 is out of range 1..64 port blocks"),
                bad("port block size with dynamic translation", set(INITECH + "/translation",
                                                                    dynamic("\"blockSize\": 24, \"portBlockSize\": 512")),
                    "tenants[initech].translation.portBlockSize", "applies only to pat translation, but the mode is "
                            + "dynamic"),
                bad("pins on a dynamic tenant", set(ACME + "/translation", dynamic("\"blockSize\": 24")),
                    "tenants[acme].translatedPrefixes", "pins apply only to static translation"),
                bad("pool block larger than the pool", all(set("/pool", "[\"100.64.0.0/19\"]"),
                                                          set(INITECH + "/translation", dynamic("\"blockSize\": 18"))),
                    "pool", "it holds 8192 addresses but the static tenants' prefixes and the pool blocks of "
                            + "dynamic and pat tenants need"),
                bad("blockSize with static translation", set(ACME + "/translation/blockSize", "24"),
                    "tenants[acme].translation.blockSize", "applies only to dynamic and pat translation, but the mode is "
                            + "static"),
                bad("idleTimeout with static translation", set(INITECH + "/translation/idleTimeout", "300"),
                    "tenants[initech].translation.idleTimeout", "applies only to dynamic and pat translation, but the "
                            + "mode is static"),
                // access
                bad("access to an unknown service", set(ACME + "/access/0/service", "\"backupp\""),
                    "tenants[acme].access[0].service", "no service is named 'backupp'"),
                bad("service granted twice", append(GLOBEX + "/access", access("backup", "192.168.77.12")),
                    "tenants[globex].access[2].service", "service 'backup' is already granted by access[0]"),
                bad("two accesses on one VIP", set(GLOBEX + "/access/1/vip", "\"192.168.77.10\""),
                    "tenants[globex].access[1].vip",
                    "192.168.77.10 is already the VIP of access[0] (service 'backup')"),
                bad("VIP inside the tenant's prefix", set(ACME + "/access/0/vip", "\"10.1.1.20\""),
                    "tenants[acme].access[0].vip", "10.1.1.20 is inside the tenant's own prefix 10.1.1.0/24"),
                bad("VIP equal to the gateway", all(set(ACME + "/gatewayIp", "\"10.250.0.1\""),
                                                    set(ACME + "/access/0/vip", "\"10.250.0.1\"")),
                    "tenants[acme].access[0].vip", "10.250.0.1 is the tenant's gatewayIp"),
                bad("VIP equal to the router", set(INITECH + "/routerIp", "\"10.250.0.10\""),
                    "tenants[initech].access[0].vip", "10.250.0.10 is the tenant's routerIp"),
                bad("broadcast VIP", set(GLOBEX + "/access/1/vip", "\"255.255.255.255\""),
                    "tenants[globex].access[1].vip", "is the limited broadcast address"),
                bad("reserved VIP", set(ACME + "/access/0/vip", "\"240.0.0.10\""), "tenants[acme].access[0].vip",
                    "240.0.0.10 is a reserved address"),
                // pinned translated blocks
                bad("pin for a foreign prefix", set(ACME + "/translatedPrefixes/10.9.0.0~124", "\"100.64.2.0/24\""),
                    "tenants[acme].translatedPrefixes[10.9.0.0/24]", "10.9.0.0/24 is not one of the tenant's prefixes"),
                bad("pin of another length", set(ACME + "/translatedPrefixes/10.1.1.0~124", "\"100.64.2.0/23\""),
                    "tenants[acme].translatedPrefixes[10.1.1.0/24]", "pinned block 100.64.2.0/23 must be a /24"),
                bad("pin outside the pool", set(ACME + "/translatedPrefixes/10.1.1.0~124", "\"100.128.0.0/24\""),
                    "tenants[acme].translatedPrefixes[10.1.1.0/24]", "100.128.0.0/24 is not inside the pool"),
                bad("pins of two tenants overlapping",
                    set(INITECH + "/translatedPrefixes", "{\"10.1.1.0/24\": \"100.64.0.0/24\"}"),
                    "tenants[initech].translatedPrefixes[10.1.1.0/24]",
                    "pinned block 100.64.0.0/24 overlaps 100.64.0.0/24, pinned by tenants[acme] for 10.1.1.0/24"),
                bad("pins of one tenant overlapping",
                    set(GLOBEX + "/translatedPrefixes/10.1.1.0~124", "\"100.64.16.0/24\""),
                    "tenants[globex].translatedPrefixes[172.16.0.0/20]",
                    "overlaps 100.64.16.0/24, pinned by tenants[globex] for 10.1.1.0/24"),
                // links declared between switches
                bad("unknown link field", set("/links", "[{\"src\": \"of:0000000000000001/5\", "
                        + "\"dst\": \"of:0000000000000002/5\", \"speed\": 10}]"), "links[0].speed", "unknown field"),
                bad("malformed link end", set("/links", links("of:0000000000000001/5", "of:2")), "links[0].dst",
                    "'of:2' is not a connect point"),
                bad("link looping to one switch",
                    set("/links", links("of:0000000000000001/5", "of:0000000000000001/6")),
                    "links[0]", "joins of:0000000000000001 to itself"),
                bad("link declared twice", set("/links", links("of:0000000000000001/5", "of:0000000000000002/5",
                                                               "of:0000000000000002/5", "of:0000000000000001/5")),
                    "links[1]", "is already declared as links[0]"),
                bad("two links on one port", set("/links", links("of:0000000000000001/5", "of:0000000000000002/5",
                                                                 "of:0000000000000001/5", "of:0000000000000003/1")),
                    "links[1].src", "of:0000000000000001/5 is already links[0].src; a port holds one link"),
                bad("link on a tenant's port", set("/links", links("of:0000000000000002/1", "of:0000000000000001/5")),
                    "links[0].src", "of:0000000000000002/1 is the attachment of tenants[initech]"),
                bad("link on a service's port", set("/links", links("of:0000000000000002/5", "of:0000000000000001/4")),
                    "links[0].dst", "of:0000000000000001/4 is the port of services[archive]"));
    }

    // A JSON list of links, each given by its two ends.
    private static String links(String... ends) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < ends.length; i += 2) {
            json.append(i == 0 ? "" : ", ").append(String.format("{\"src\": \"%s\", \"dst\": \"%s\"}", ends[i],
                                                                 ends[i + 1]));
        }
        return json.append("]").toString();
    }

    private static Arguments bad(String what, Edit edit, String field, String message) {
        return arguments(what, edit, field, message);
    }

    private static String service(String name, String ip, int port) {
        return String.format("{\"name\": \"%s\", \"ip\": \"%s\", \"connectPoint\": \"of:0000000000000001/%d\","
                + " \"gatewayIp\": \"10.1.1.1\"}", name, ip, port);
    }

    private static String access(String service, String vip) {
        return String.format("{\"service\": \"%s\", \"vip\": \"%s\"}", service, vip);
    }

    private static ObjectNode base() {
        return Documents.tree(Documents.THREE_TENANTS);
    }

    @Test
    void theBaseDocumentIsValid() {
        DesiredState state = DesiredStateReader.parseAndValidate(base());

        assertEquals(3, state.tenants().size());
    }

    @Test
    void servicesShareAPortAndSitBehindARouterAndLinksJoinSwitches() {
        ObjectNode document = all(set(ARCHIVE + "/connectPoint", "\"of:0000000000000001/3\""),
                                  set(ARCHIVE + "/routerIp", "\"10.1.1.2\""),
                                  set(ARCHIVE + "/routerMac", "\"02:00:00:00:0B:02\""),
                                  set("/links", links("of:0000000000000001/5", "of:0000000000000002/5")))
                .applyTo(base());

        DesiredState state = DesiredStateReader.parseAndValidate(document);

        assertEquals(state.service("backup").orElseThrow().connectPoint(),
                     state.service("archive").orElseThrow().connectPoint());
        assertEquals("10.1.1.2", state.service("archive").orElseThrow().nextHopIp().toString());
        assertEquals(1, state.links().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void rejectsBadDocumentWithOneErrorNamingTheField(String what, Edit edit, String field, String message) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> DesiredStateReader.parseAndValidate(edit.applyTo(base())));

        assertEquals(1, e.errors().size(), () -> what + ": " + e.errors());
        ValidationError error = e.errors().get(0);
        assertEquals(field, error.field(), what);
        assertTrue(error.message().contains(message),
                   () -> what + ": '" + error.message() + "' lacks '" + message + "'");
    }

    // Text is streamed into the codecs' reader without a tree; a tree is read through the same reader. Both must
    // refuse a document with the very same errors.
    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void rejectsBadDocumentAsTextWithTheErrorsOfTheTree(String what, Edit edit, String field, String message) {
        ObjectNode document = edit.applyTo(base());
        InvalidConfigException fromTree = assertThrows(InvalidConfigException.class,
                () -> DesiredStateReader.parseAndValidate(document));

        InvalidConfigException fromText = assertThrows(InvalidConfigException.class,
                () -> DesiredStateReader.parseAndValidate(document.toPrettyString()));

        assertEquals(fromTree.errors(), fromText.errors(), what);
    }

    // Text that is not exactly one object is refused by the streaming read with the strict tree parser's words.
    @ParameterizedTest(name = "{0}")
    @MethodSource("textsThatAreNotOneObject")
    void refusesTextThatIsNotOneObjectAsTheStrictParserDoes(String what, String text, String message) {
        InvalidConfigException strict = assertThrows(InvalidConfigException.class,
                () -> DesiredStateReader.parseAndValidate(JsonDocument.parse(text)));

        InvalidConfigException streamed = assertThrows(InvalidConfigException.class,
                () -> DesiredStateReader.parseAndValidate(text));

        assertEquals(strict.errors(), streamed.errors(), what);
        assertTrue(streamed.getMessage().contains(message), () -> what + ": " + streamed.getMessage());
    }

    static Stream<Arguments> textsThatAreNotOneObject() {
        return Stream.of(
                arguments("repeated key in a tenant",
                          "{\"tenants\": [{\"name\": \"a\", \"id\": 1, \"name\": \"b\"}]}",
                          "Duplicate field 'name'"),
                arguments("text after the document", "{} {}", "malformed JSON"),
                arguments("empty text", "  ", "the document is empty"),
                arguments("an array", "[]", "expected an object, got an array"),
                arguments("a string", "\"tenants\"", "expected an object, got string"),
                arguments("unclosed object", "{\"pool\": [", "malformed JSON at line 1"));
    }

    @Test
    void theBaseDocumentReadsAlikeAsTextAndAsTree() {
        assertEquals(DesiredStateReader.parseAndValidate(base()),
                     DesiredStateReader.parseAndValidate(base().toPrettyString()));
    }

    @Test
    void everyBadDocumentIsDistinctAndProvesItsOwnRule() {
        List<Arguments> cases = badDocuments().collect(Collectors.toList());
        Set<ObjectNode> documents = new HashSet<>();
        Set<List<Object>> expectations = new HashSet<>();
        for (Arguments c : cases) {
            Object[] a = c.get();
            documents.add(((Edit) a[1]).applyTo(base()));
            expectations.add(List.of(a[2], a[3]));
        }

        assertTrue(cases.size() >= 45, "only " + cases.size() + " bad documents");
        assertEquals(cases.size(), documents.size(), "two cases edit the document the same way");
        assertEquals(cases.size(), expectations.size(), "two cases expect the same error");
    }

    @Test
    void malformedTextIsRejectedBeforeAnythingElse() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> DesiredStateReader.parseAndValidate("{\"pool\": [\"100.64.0.0/10\"] \"tenants\": []}"));

        assertEquals(1, e.errors().size());
        assertEquals("(document)", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().startsWith("malformed JSON at line 1, column"));
    }

    @Test
    void formErrorsAreReportedWithoutMeaningErrors() {
        // The pool error is one of meaning, the id error one of form: the validator only sees decodable documents.
        ObjectNode document = all(set("/pool", "[]"), set(ACME + "/id", "\"1\"")).applyTo(base());

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> DesiredStateReader.parseAndValidate(document));

        assertEquals(List.of(new ValidationError("tenants[acme].id", "expected an integer, got string \"1\"")),
                     e.errors());
    }

    @Test
    void aDocumentWithThreeIndependentErrorsReportsAllThree() {
        ObjectNode document = all(set(INITECH + "/id", "1"),
                                  set(ACME + "/access/0/vip", "\"10.1.1.20\""),
                                  set(ARCHIVE + "/ip", "\"10.1.1.10\"")).applyTo(base());

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> DesiredStateReader.parseAndValidate(document));

        assertEquals(Set.of("tenants[initech].id", "tenants[acme].access[0].vip", "services[archive].ip"),
                     e.errors().stream().map(ValidationError::field).collect(Collectors.toSet()));
        assertEquals(3, e.errors().size());
    }

    @Test
    void aDocumentWithThreeIndependentFormErrorsReportsAllThree() {
        ObjectNode document = all(set(INITECH + "/vlan", "\"7\""),
                                  set(GLOBEX + "/prefixes/0", "\"10.1.1.1/24\""),
                                  set(BACKUP + "/colour", "\"blue\"")).applyTo(base());

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> DesiredStateReader.parseAndValidate(document));

        assertEquals(Set.of("tenants[initech].vlan", "tenants[globex].prefixes[0]", "services[backup].colour"),
                     e.errors().stream().map(ValidationError::field).collect(Collectors.toSet()));
        assertEquals(3, e.errors().size());
    }

    private static String dynamic(String fields) {
        return "{\"mode\": \"dynamic\", " + fields + "}";
    }

    private static String pat(String fields) {
        return "{\"mode\": \"pat\", " + fields + "}";
    }
}
