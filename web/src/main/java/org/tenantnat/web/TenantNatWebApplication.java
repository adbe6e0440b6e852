package org.tenantnat.web;

import com.google.common.collect.ImmutableSet;
import org.onlab.rest.AuthorizationFilter;
import org.onlab.rest.JsonBodyWriter;
import org.tenantnat.web.gui.GuiFilesWebResource;

import javax.ws.rs.core.Application;
import java.util.Set;

/**
 * The tenantnat REST API as one JAX-RS application, served at {@code /onos/tenantnat} by ONOS (web bundle) and
 * by the standalone host (embedded Jetty).
 * <p>
 * It does not use ONOS's {@code AbstractWebApplication} set of exception mappers: those answer
 * {@code {"code", "message"}}, while this API answers every error with {@code {"error": ...}} naming the
 * field, and two mappers for one exception type would leave the choice to Jersey.
 */
public class TenantNatWebApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return ImmutableSet.of(
                ConfigWebResource.class,
                TenantsWebResource.class,
                ServicesWebResource.class,
                IntentsWebResource.class,
                TranslationsWebResource.class,
                LookupWebResource.class,
                BindingsWebResource.class,
                PoolWebResource.class,
                StatsWebResource.class,
                TopologyWebResource.class,
                MetricsWebResource.class,
                ChangesWebResource.class,
                // The GUI view's page, served beside the API it reads.
                GuiFilesWebResource.class,
                // ONOS's role check: changes need the admin role, reads the viewer role.
                AuthorizationFilter.class,
                AcceptHeader.class,
                RequestSizeLimit.class,
                JsonBodyWriter.class,
                InvalidConfigExceptionMapper.class,
                RefusedRequestExceptionMapper.class,
                StateStoreExceptionMapper.class,
                HttpErrorMapper.class,
                UnexpectedErrorMapper.class);
    }
}
