package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onlab.packet.Ip4Address;
import org.onosproject.cli.AbstractShellCommand;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.model.Binding;

import java.util.Optional;

/**
 * Looks up a translated address: which tenant and customer host it stands for.
 */
@Service
@Command(scope = "onos", name = "tenantnat-lookup",
        description = "Shows the tenant and customer host behind a translated address, or that it is free")
public class LookupCommand extends AbstractShellCommand {

    @Argument(name = "translated-ip", description = "Translated IPv4 address, as the service sees it",
            required = true)
    String address = null;

    @Override
    protected void doExecute() {
        Ip4Address translated;
        try {
            translated = Ip4Address.valueOf(address);
        } catch (IllegalArgumentException e) {
            error("Not an IPv4 address: %s", address);
            return;
        }
        Optional<Binding> binding = get(TenantNatService.class).lookup(translated);
        if (outputJson()) {
            print("%s", LookupFormatter.json(mapper(), translated, binding));
        } else {
            print("%s", LookupFormatter.line(translated, binding));
        }
    }
}
