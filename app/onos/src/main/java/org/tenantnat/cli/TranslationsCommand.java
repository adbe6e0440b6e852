package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.AbstractShellCommand;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.List;

/**
 * Lists translated blocks: every tenant's, or one tenant's.
 */
@Service
@Command(scope = "onos", name = "tenantnat-translations",
        description = "Lists translated blocks (customer prefix -> pool block), of every tenant or of one")
public class TranslationsCommand extends AbstractShellCommand {

    @Argument(name = "tenant", description = "Tenant name")
    @Completion(TenantNameCompleter.class)
    String tenant = null;

    @Override
    protected void doExecute() {
        TenantNatService service = get(TenantNatService.class);
        if (tenant != null && service.desiredState().tenant(tenant).isEmpty()) {
            error("No tenant named %s", tenant);
            return;
        }
        List<TranslatedBlock> blocks = tenant == null ? service.allocation().allBlocks()
                : service.allocation().blocks(tenant);
        if (outputJson()) {
            print("%s", TranslationListFormatter.json(mapper(), blocks));
        } else {
            TranslationListFormatter.lines(blocks).forEach(line -> print("%s", line));
        }
    }
}
