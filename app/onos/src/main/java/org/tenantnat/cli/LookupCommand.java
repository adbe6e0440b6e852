package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.Binding;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.Values;

import java.util.Optional;

/**
 * Looks up a translated address: which tenant and customer host it stands for; {@code -j} prints what
 * {@code GET /lookup/{ip}} answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-lookup",
        description = "Shows the tenant and customer host behind a translated address, or that it is free")
public class LookupCommand extends TenantNatCommand {

    @Argument(name = "translated-ip", description = "Translated IPv4 address, as the service sees it",
            required = true)
    String address = null;

    @Override
    protected void run() {
        Ip4Address translated = Values.address(address);
        if (translated == null) {
            throw new InvalidConfigException("ip", Values.addressProblem(address));
        }
        Optional<Binding> binding = nat().lookup(translated);
        if (outputJson() && binding.isPresent()) {
            printJson(encode(binding.get(), Binding.class));
        } else if (outputJson()) {
            error("%s", LookupFormatter.line(translated, binding));
        } else {
            print("%s", LookupFormatter.line(translated, binding));
        }
    }
}
