package org.tenantnat.config;

/**
 * The field names of the desired-state document, shared by the codecs that read and write it and by the
 * validator, whose error paths name the same fields.
 */
public final class FieldNames {

    /** The translation pool's prefixes. */
    public static final String POOL = "pool";
    /** The MAC the switch answers ARP with. */
    public static final String GATEWAY_MAC = "gatewayMac";
    /** The list of services. */
    public static final String SERVICES = "services";
    /** The list of tenants. */
    public static final String TENANTS = "tenants";
    /** The document's links declared between switches. */
    public static final String LINKS = "links";
    /** One end of a link. */
    public static final String SRC = "src";
    /** The other end of a link. */
    public static final String DST = "dst";
    /** A tenant's or service's name. */
    public static final String NAME = "name";
    /** A service's address. */
    public static final String IP = "ip";
    /** A switch port. */
    public static final String CONNECT_POINT = "connectPoint";
    /** The provider gateway on an attachment. */
    public static final String GATEWAY_IP = "gatewayIp";
    /** A service's MAC. */
    public static final String MAC = "mac";
    /** A tenant's id. */
    public static final String ID = "id";
    /** A tenant's VLAN. */
    public static final String VLAN = "vlan";
    /** A tenant's router address. */
    public static final String ROUTER_IP = "routerIp";
    /** A tenant's router MAC. */
    public static final String ROUTER_MAC = "routerMac";
    /** A tenant's prefixes. */
    public static final String PREFIXES = "prefixes";
    /** A tenant's translation policy. */
    public static final String TRANSLATION = "translation";
    /** The translation mode. */
    public static final String MODE = "mode";
    /** Dynamic and pat translation's pool block size (a prefix length). */
    public static final String BLOCK_SIZE = "blockSize";
    /** Dynamic and pat translation's host limit. */
    public static final String MAX_HOSTS = "maxHosts";
    /** Dynamic and pat translation's idle timeout. */
    public static final String IDLE_TIMEOUT = "idleTimeout";
    /** Dynamic and pat translation's hold-down time before a released address or port block is reused. */
    public static final String HOLD_DOWN = "holdDown";
    /** Pat translation's ports per port block. */
    public static final String PORT_BLOCK_SIZE = "portBlockSize";
    /** Pat translation's port blocks per host. */
    public static final String MAX_PORT_BLOCKS = "maxPortBlocks";
    /** A tenant's access list. */
    public static final String ACCESS = "access";
    /** The service of an access. */
    public static final String SERVICE = "service";
    /** The VIP of an access. */
    public static final String VIP = "vip";
    /** A tenant's pinned translated blocks. */
    public static final String TRANSLATED_PREFIXES = "translatedPrefixes";

    private FieldNames() {
    }
}
