package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.BindingService;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.Binding;

import java.util.List;
import java.util.Optional;

/**
 * Lists the bindings in force of dynamic and pat tenants, every tenant's or one tenant's; {@code -j} prints what
 * {@code GET /bindings[?tenant=]} answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-bindings",
        description = "Lists the bindings in force (host -> pool address, and port block for pat), of every tenant "
                + "or of one")
public class BindingsCommand extends TenantNatCommand {

    @Argument(name = "tenant", description = "Tenant name")
    @Completion(TenantNameCompleter.class)
    String tenant = null;

    @Override
    protected void run() {
        if (tenant != null && nat().desiredState().tenant(tenant).isEmpty()) {
            throw new UnknownItemException("tenant", "no tenant named %s", tenant);
        }
        List<Binding> bindings = get(BindingService.class).bindings(Optional.ofNullable(tenant));
        if (outputJson()) {
            printJson(list("bindings", Binding.class, bindings));
        } else if (bindings.isEmpty()) {
            print("No bindings in force");
        } else {
            bindings.forEach(b -> print("%s", LookupFormatter.binding(b)));
        }
    }
}
