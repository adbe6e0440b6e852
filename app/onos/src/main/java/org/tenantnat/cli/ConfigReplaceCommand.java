package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.tenantnat.api.model.DesiredState;

/**
 * Replaces the whole desired state with a document from a file, as {@code PUT /config} does: all or nothing.
 */
@Service
@Command(scope = "onos", name = "tenantnat-config-replace",
        description = "Replaces the whole desired state with the JSON document in a file; on any error nothing "
                + "changes")
public class ConfigReplaceCommand extends TenantNatCommand {

    @Argument(name = "file", description = "Desired-state JSON document", required = true)
    @Completion(FileCompleter.class)
    String file = null;

    @Override
    protected void run() {
        DesiredState next = decodeFile(file, DesiredState.class);
        DesiredState now = nat().replaceState(origin(), next);
        print("Desired state replaced: %d services, %d tenants", now.services().size(), now.tenants().size());
    }
}
