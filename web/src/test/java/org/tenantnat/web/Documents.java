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

    /**
     * Returns a whole desired state of many small tenants: each on its own VLAN of ports 10 and up, prefix
     * 10.1.1.0/30, reaching backup at 10.250.0.10.
     *
     * @param tenants how many
     * @return JSON text
     */
    public static String manyTenants(int tenants) {
        StringBuilder json = new StringBuilder("{\"pool\": [\"100.64.0.0/16\"], \"gatewayMac\": \"02:00:00:00:00:01\","
                + " \"services\": [" + service("backup", "10.1.1.10", 3) + "], \"tenants\": [");
        for (int i = 0; i < tenants; i++) {
            json.append(i == 0 ? "" : ", ").append(String.format(
                    "{\"name\": \"t%d\", \"id\": %d, \"connectPoint\": \"of:0000000000000001/%d\", \"vlan\": %d,"
                            + " \"routerIp\": \"10.1.1.1\", \"routerMac\": \"02:00:00:%02x:%02x:01\","
                            + " \"gatewayIp\": \"10.1.1.2\", \"prefixes\": [\"10.1.1.0/30\"],"
                            + " \"access\": [{\"service\": \"backup\", \"vip\": \"10.250.0.10\"}]}",
                    i + 1, i + 1, 10 + i / 4000, 2 + i % 4000, (i + 1) >> 8, (i + 1) & 0xff));
        }
        return json.append("]}").toString();
    }
}
