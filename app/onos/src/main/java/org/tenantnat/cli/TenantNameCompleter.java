package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.AbstractChoicesCompleter;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.api.model.Tenant;

import java.util.List;
import java.util.stream.Collectors;

import static org.onosproject.cli.AbstractShellCommand.get;

/**
 * Completes tenant names.
 */
@Service
public class TenantNameCompleter extends AbstractChoicesCompleter {

    @Override
    protected List<String> choices() {
        return get(TenantNatService.class).desiredState().tenants().stream()
                .map(Tenant::name).sorted().collect(Collectors.toList());
    }
}
