package org.tenantnat.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.config.FieldNames;

/**
 * Adds a provider service ({@code POST /services}); the arguments are read by the service's codec, so a
 * malformed one is named as the REST API names it.
 */
@Service
@Command(scope = "onos", name = "tenantnat-service-add",
        description = "Adds a provider service: its name, address, switch port and gateway address")
public class ServiceAddCommand extends TenantNatCommand {

    @Argument(index = 0, name = "name", description = "Service name", required = true)
    String name = null;

    @Argument(index = 1, name = "ip", description = "The service's real IPv4 address", required = true)
    String ip = null;

    @Argument(index = 2, name = "connect-point", description = "Switch port, e.g. of:0000000000000001/3",
            required = true)
    String connectPoint = null;

    @Argument(index = 3, name = "gateway-ip", description = "Provider gateway address on the service's port",
            required = true)
    String gatewayIp = null;

    @Option(name = "--mac", description = "The service's MAC; resolved by ARP when left out")
    String mac = null;

    @Override
    protected void run() {
        ObjectNode json = mapper().createObjectNode()
                .put(FieldNames.NAME, name)
                .put(FieldNames.IP, ip)
                .put(FieldNames.CONNECT_POINT, connectPoint)
                .put(FieldNames.GATEWAY_IP, gatewayIp);
        if (mac != null) {
            json.put(FieldNames.MAC, mac);
        }
        org.tenantnat.api.model.Service service = nat().addService(origin(),
                decode(json, org.tenantnat.api.model.Service.class));
        print("Service %s added", service.name());
    }
}
