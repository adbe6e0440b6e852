package org.tenantnat.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.AccessIntent;
import org.tenantnat.api.AccessRequest;

/**
 * Grants a tenant access to a service at a VIP of the tenant's own address space ({@code POST /intents}); prints
 * the intent and its state.
 */
@Service
@Command(scope = "onos", name = "tenantnat-access-grant",
        description = "Lets a tenant reach a service at a VIP in the tenant's own address space")
public class AccessGrantCommand extends TenantNatCommand {

    @Argument(index = 0, name = "tenant", description = "Tenant name", required = true)
    @Completion(TenantNameCompleter.class)
    String tenant = null;

    @Argument(index = 1, name = "service", description = "Service name", required = true)
    @Completion(ServiceNameCompleter.class)
    String service = null;

    @Argument(index = 2, name = "vip", description = "VIP, an address of the tenant's space", required = true)
    String vip = null;

    @Override
    protected void run() {
        ObjectNode json = mapper().createObjectNode().put("tenant", tenant).put("service", service).put("vip", vip);
        AccessRequest request = decode(json, AccessRequest.class);
        AccessIntent intent = nat().grantAccess(origin(), request.tenant(), request.access());
        if (outputJson()) {
            printJson(encode(intent, AccessIntent.class));
        } else {
            print("Access of %s to %s at %s: %s", intent.tenant(), intent.service(), intent.vip(), intent.state());
        }
    }
}
