package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rules ask of every tenant, gathered in one pass: the 32 bits of its router, gateway, prefixes and VIPs,
 * its id, VLAN and port, and the answers to questions about its text and small objects (is the name valid, is the
 * router MAC unicast, is each granted service known). The tenants of a large document do not fit a processor's
 * cache, so every rule walking them again would wait on memory for each tenant, and onlab's {@code toInt()} copies
 * an address each time it is asked; the rules read these arrays instead and go back to a tenant only to word an
 * error or for what few tenants have (pins, a translation other than plain static, several accesses).
 * <p>
 * Tenant {@code t}'s prefixes are entries {@code firstPrefix(t)} to {@code firstPrefix(t + 1) - 1} of the flat
 * prefix arrays, in the tenant's order; its accesses likewise.
 */
final class TenantFacts {

    private static final int VALID_NAME = 1;
    private static final int TAGGED = 1 << 1;
    private static final int ROUTER_MAC_NOT_UNICAST = 1 << 2;
    private static final int PLAIN_STATIC = 1 << 3;
    private static final int STATIC = 1 << 4;
    private static final int PINS = 1 << 5;
    private static final int SEVERAL_ACCESSES = 1 << 6;

    // An attachment packs into 64 bits as device slot (16), port (32) and VLAN (16) when its numbers fit.
    private static final int MAX_DEVICE_SLOTS = 1 << 16;
    private static final long MAX_PACKED_PORT = 0xffffffffL;
    // Prefixes and accesses of a tenant whose addresses' bits are remembered, by position.
    private static final int PLACES = 8;

    private final int[] flags;
    private final int[] id;
    private final short[] vlan;
    private final int[] nameHash;
    private final ConnectPoint[] connectPoint;
    private final long[] attachment;
    private boolean attachmentsPacked = true;
    private final int[] router;
    private final int[] gateway;
    private final int[] prefixStart;
    private final int[] network;
    private final int[] length;
    private final int[] accessStart;
    private final int[] vip;
    private final boolean[] knownService;
    private final LastBits routerBits = new LastBits();
    private final LastBits gatewayBits = new LastBits();
    private final LastBits[] prefixBits = lastBits(PLACES);
    private final LastBits[] vipBits = lastBits(PLACES);

    /**
     * Gathers the facts of tenants.
     *
     * @param tenants  tenants
     * @param services names of the services that exist
     */
    TenantFacts(List<Tenant> tenants, Set<String> services) {
        int count = tenants.size();
        flags = new int[count];
        id = new int[count];
        vlan = new short[count];
        nameHash = new int[count];
        connectPoint = new ConnectPoint[count];
        attachment = new long[count];
        router = new int[count];
        gateway = new int[count];
        prefixStart = new int[count + 1];
        accessStart = new int[count + 1];
        for (int t = 0; t < count; t++) {
            Tenant tenant = tenants.get(t);
            prefixStart[t + 1] = prefixStart[t] + tenant.prefixes().size();
            accessStart[t + 1] = accessStart[t] + tenant.access().size();
        }
        network = new int[prefixStart[count]];
        length = new int[prefixStart[count]];
        vip = new int[accessStart[count]];
        knownService = new boolean[accessStart[count]];
        DeviceSlots devices = new DeviceSlots();
        for (int t = 0; t < count; t++) {
            gather(t, tenants.get(t), services, devices);
        }
    }

    /**
     * The 32 bits of the address last seen in one place of a tenant (its router, its first prefix...): the codec
     * hands every tenant the same object for a repeated text, and onlab's {@code toInt()} copies the address's
     * bytes into a new buffer each time it is asked.
     */
    private static final class LastBits {
        private Ip4Address last;
        private int bits;

        int of(Ip4Address address) {
            if (address != last) {
                last = address;
                bits = address.toInt();
            }
            return bits;
        }
    }

    private static LastBits[] lastBits(int places) {
        LastBits[] bits = new LastBits[places];
        Arrays.setAll(bits, i -> new LastBits());
        return bits;
    }

    private void gather(int t, Tenant tenant, Set<String> services, DeviceSlots devices) {
        String name = tenant.name();
        int f = ConfigValidator.isValidName(name) ? VALID_NAME : 0;
        nameHash[t] = name.hashCode();
        id[t] = tenant.id();
        Attachment a = tenant.attachment();
        vlan[t] = a.vlan().toShort();
        f |= a.isTagged() ? TAGGED : 0;
        connectPoint[t] = a.connectPoint();
        long port = a.connectPoint().port().toLong();
        int slot = devices.slot(a.connectPoint().deviceId());
        if (port < 0 || port > MAX_PACKED_PORT || slot >= MAX_DEVICE_SLOTS) {
            attachmentsPacked = false;
        }
        attachment[t] = (long) slot << 48 | port << 16 | (vlan[t] & 0xffff);
        router[t] = routerBits.of(tenant.routerIp());
        gateway[t] = gatewayBits.of(tenant.gatewayIp());
        MacAddress mac = tenant.routerMac().orElse(null);
        f |= mac != null && !RuleContext.isUnicast(mac) ? ROUTER_MAC_NOT_UNICAST : 0;
        TranslationPolicy translation = tenant.translation();
        f |= translation == TranslationPolicy.STATIC ? PLAIN_STATIC : 0;
        f |= translation.mode() == TranslationPolicy.Mode.STATIC ? STATIC : 0;
        f |= tenant.translatedPrefixes().isEmpty() ? 0 : PINS;
        List<Ip4Prefix> prefixes = tenant.prefixes();
        for (int p = 0; p < prefixes.size(); p++) {
            network[prefixStart[t] + p] = prefixBits[p % PLACES].of(prefixes.get(p).address());
            length[prefixStart[t] + p] = prefixes.get(p).prefixLength();
        }
        List<Access> access = tenant.access();
        f |= access.size() > 1 ? SEVERAL_ACCESSES : 0;
        for (int i = 0; i < access.size(); i++) {
            vip[accessStart[t] + i] = vipBits[i % PLACES].of(access.get(i).vip());
            knownService[accessStart[t] + i] = services.contains(access.get(i).service());
        }
        flags[t] = f;
    }

    /** Numbers the devices tenants attach to, in order of appearance; consecutive tenants mostly share one. */
    private static final class DeviceSlots {
        private final Map<DeviceId, Integer> slots = new HashMap<>();
        private DeviceId last;
        private int lastSlot;

        int slot(DeviceId device) {
            if (device != last) {
                last = device;
                lastSlot = slots.computeIfAbsent(device, d -> slots.size());
            }
            return lastSlot;
        }
    }

    /** Tells whether tenant t's name can appear in a REST URL. */
    boolean validName(int t) {
        return (flags[t] & VALID_NAME) != 0;
    }

    /** Returns the hash of tenant t's name. */
    int nameHash(int t) {
        return nameHash[t];
    }

    /** Returns tenant t's id. */
    int id(int t) {
        return id[t];
    }

    /** Returns tenant t's VLAN. */
    short vlan(int t) {
        return vlan[t];
    }

    /** Tells whether tenant t's attachment is tagged. */
    boolean tagged(int t) {
        return (flags[t] & TAGGED) != 0;
    }

    /** Returns tenant t's switch port. */
    ConnectPoint connectPoint(int t) {
        return connectPoint[t];
    }

    /**
     * Tells whether every attachment packed into 64 bits; only then do equal {@link #attachment} keys mean equal
     * attachments.
     */
    boolean attachmentsPacked() {
        return attachmentsPacked;
    }

    /** Returns tenant t's attachment packed into 64 bits: device slot, port and VLAN. */
    long attachment(int t) {
        return attachment[t];
    }

    /** Tells whether tenant t has a router MAC that is not a unicast MAC. */
    boolean routerMacNotUnicast(int t) {
        return (flags[t] & ROUTER_MAC_NOT_UNICAST) != 0;
    }

    /** Tells whether tenant t's translation is plain static, with nothing that could be wrong in it. */
    boolean plainStatic(int t) {
        return (flags[t] & PLAIN_STATIC) != 0;
    }

    /** Tells whether tenant t's translation mode is static. */
    boolean isStatic(int t) {
        return (flags[t] & STATIC) != 0;
    }

    /** Tells whether tenant t pins any translated block. */
    boolean hasPins(int t) {
        return (flags[t] & PINS) != 0;
    }

    /** Tells whether tenant t has more than one access. */
    boolean severalAccesses(int t) {
        return (flags[t] & SEVERAL_ACCESSES) != 0;
    }

    /** Returns the bits of tenant t's routerIp. */
    int router(int t) {
        return router[t];
    }

    /** Returns the bits of tenant t's gatewayIp. */
    int gateway(int t) {
        return gateway[t];
    }

    /** Returns the flat index of tenant t's first prefix; {@code firstPrefix(t + 1)} ends its prefixes. */
    int firstPrefix(int t) {
        return prefixStart[t];
    }

    /** Returns the network bits of the prefix at a flat index. */
    int network(int p) {
        return network[p];
    }

    /** Returns the length of the prefix at a flat index. */
    int length(int p) {
        return length[p];
    }

    /** Returns the flat index of tenant t's first access; {@code firstAccess(t + 1)} ends its accesses. */
    int firstAccess(int t) {
        return accessStart[t];
    }

    /** Returns the bits of the VIP of the access at a flat index. */
    int vip(int a) {
        return vip[a];
    }

    /** Tells whether the service of the access at a flat index exists. */
    boolean knownService(int a) {
        return knownService[a];
    }
}
