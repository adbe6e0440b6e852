package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onlab.packet.Ip4Address;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Binding;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.config.Values;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Looks up a translated address: which tenant and customer host it stands for; with {@code --port} or {@code --at},
 * who held it (and that port) at a time, from the audit trail, also after the binding ended. {@code -j} prints what
 * {@code GET /lookup/{ip}[?port=&at=]} answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-lookup",
        description = "Shows the tenant and customer host behind a translated address, now or at a time")
public class LookupCommand extends TenantNatCommand {

    @Argument(name = "translated-ip", description = "Translated IPv4 address, as the service sees it",
            required = true)
    String address = null;

    @Option(name = "--port", description = "Transport port, for an address pat tenants share by port block")
    String port = null;

    @Option(name = "--at", description = "Time, ISO-8601 with an offset, e.g. 2026-11-24T14:02:00Z (default now)")
    String at = null;

    @Override
    protected void run() {
        Ip4Address translated = Values.address(address);
        if (translated == null) {
            throw new InvalidConfigException("ip", Values.addressProblem(address));
        }
        if (port != null || at != null) {
            lookupAt(translated);
            return;
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

    // The REST API's ?port= and ?at=: every record of the audit trail that held the address then.
    private void lookupAt(Ip4Address translated) {
        int p = -1;
        if (port != null) {
            p = Values.port(port);
            if (p < 0) {
                throw new InvalidConfigException("port", String.format("'%s' is not a port 0..65535", port));
            }
        }
        Instant when = Instant.now();
        if (at != null) {
            when = Values.instant(at);
            if (when == null) {
                throw new InvalidConfigException("at", Values.instantProblem(at));
            }
        }
        List<Binding> who = get(BindingService.class).lookup(translated, p, when);
        if (who.isEmpty()) {
            throw new UnknownItemException("ip", "no tenant held %s%s at %s", translated,
                                           p < 0 ? "" : " port " + p, when);
        }
        if (outputJson()) {
            printJson(list("bindings", Binding.class, who));
        } else {
            who.forEach(b -> print("%s", LookupFormatter.binding(b)));
        }
    }
}
