package org.tenantnat.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.JsonDocument;

/**
 * Prints the whole desired state as the document {@code GET /config} answers: indented, or on one line with
 * {@code -j}. Edit it and give it to {@code tenantnat-config-replace}.
 */
@Service
@Command(scope = "onos", name = "tenantnat-config",
        description = "Prints the desired-state document in force (pool, gateway MAC, services, tenants)")
public class ConfigCommand extends TenantNatCommand {

    @Override
    protected void run() {
        ObjectNode json = encode(nat().desiredState(), DesiredState.class);
        print("%s", outputJson() ? json.toString() : JsonDocument.indented(json));
    }
}
