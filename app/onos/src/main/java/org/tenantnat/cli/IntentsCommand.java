package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.AccessIntent;

import java.util.List;

/**
 * Lists the access intents with their state and reason; {@code -j} prints what {@code GET /intents} answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-intents",
        description = "Lists access intents (tenant may reach service at VIP) with their state and reason")
public class IntentsCommand extends TenantNatCommand {

    @Override
    protected void run() {
        List<AccessIntent> intents = nat().intents();
        if (outputJson()) {
            printJson(list("intents", AccessIntent.class, intents));
        } else if (intents.isEmpty()) {
            print("No access intents");
        } else {
            intents.forEach(i -> print("tenant=%s, service=%s, vip=%s, state=%s%s", i.tenant(), i.service(),
                                       i.vip(), i.state(), i.reason().map(r -> ", reason=" + r).orElse("")));
        }
    }
}
