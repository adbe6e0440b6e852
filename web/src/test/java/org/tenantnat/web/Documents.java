package org.tenantnat.web;

/**
 * Desired-state documents and items the REST tests send. Two tenants on one switch use the same prefix, as
 * overlapping customers do; both services sit in the provider's same 10.1.1.0/24.
 */
public final class Documents {

    /** The starting desired state: services backup and portal, tenants acme (VLAN 100) and globex. */
    public static final String CONFIG = "{\"pool\": [\"100.64.0.0/16\"], \"gatewayMac\": \"02:00:00:00:00:01\","
            + " \"services\": [" + service("backup", "10.1.1.10", 3) + ", " + service("portal", "10.1.1.20", 4) + "],"
            + " \"tenants\": [" + tenant("acme", 1, 1, "\"vlan\": 100,") + ", " + tenant("globex", 2, 2, "") + "]}";

    private Documents() {
    }

    /**
     * Returns a service object.
     *
     * @param name service name
     * @param ip   its address
     * @param port its switch port
     * @return JSON text
     */
    public static String service(String name, String ip, int port) {
        return "{\"name\": \"" + name + "\", \"ip\": \"" + ip + "\", \"connectPoint\": \"of:0000000000000001/"
                + port + "\", \"gatewayIp\": \"10.1.1.1\", \"mac\": \"02:00:00:00:0a:0" + port + "\"}";
    }

    /**
     * Returns a tenant object on prefix 10.1.1.0/24 that reaches backup at 10.250.0.10.
     *
     * @param name  tenant name
     * @param id    tenant id
     * @param port  switch port
     * @param extra more fields, each followed by a comma, e.g. {@code "\"vlan\": 100,"}
     * @return JSON text
     */
    public static String tenant(String name, int id, int port, String extra) {
        return "{\"name\": \"" + name + "\", \"id\": " + id + ", \"connectPoint\": \"of:0000000000000001/" + port
                + "\", " + extra + " \"routerIp\": \"10.1.1.254\", \"routerMac\": \"02:00:00:00:01:0" + port
                + "\", \"gatewayIp\": \"10.1.1.1\", \"prefixes\": [\"10.1.1.0/24\"],"
                + " \"access\": [{\"service\": \"backup\", \"vip\": \"10.250.0.10\"}]}";
    }

    /**
     * Returns a new tenant "initech" on port 5 that the starting state accepts.
     *
     * @return JSON text
     */
    public static String newTenant() {
        return tenant("initech", 3, 5, "");
    }
}
