package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.UnknownItemException;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.List;

/**
 * Lists translated blocks: every tenant's, or one tenant's; {@code -j} prints what {@code GET /translations}
 * answers.
 */
@Service
@Command(scope = "onos", name = "tenantnat-translations",
        description = "Lists translated blocks (customer prefix -> pool block), of every tenant or of one")
public class TranslationsCommand extends TenantNatCommand {

    @Argument(name = "tenant", description = "Tenant name")
    @Completion(TenantNameCompleter.class)
    String tenant = null;

    @Override
    protected void run() {
        TenantNatService service = nat();
        if (tenant != null && service.desiredState().tenant(tenant).isEmpty()) {
            throw new UnknownItemException("tenant", "no tenant named %s", tenant);
        }
        List<TranslatedBlock> blocks = tenant == null ? service.allocation().allBlocks()
                : service.allocation().blocks(tenant);
        if (outputJson()) {
            printJson(list("translations", TranslatedBlock.class, blocks));
        } else {
            TranslationListFormatter.lines(blocks).forEach(line -> print("%s", line));
        }
    }
}
