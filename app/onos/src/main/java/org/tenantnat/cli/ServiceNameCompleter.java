package org.tenantnat.cli;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.AbstractChoicesCompleter;
import org.tenantnat.api.TenantNatService;

import java.util.List;
import java.util.stream.Collectors;

import static org.onosproject.cli.AbstractShellCommand.get;

/**
 * Completes service names.
 */
@Service
public class ServiceNameCompleter extends AbstractChoicesCompleter {

    @Override
    protected List<String> choices() {
        return get(TenantNatService.class).desiredState().services().stream()
                .map(org.tenantnat.api.model.Service::name).sorted().collect(Collectors.toList());
    }
}
