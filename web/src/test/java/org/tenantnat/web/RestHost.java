package org.tenantnat.web;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.onlab.rest.AuthorizationFilter;
import org.tenantnat.codec.TenantNatCodecService;
import org.tenantnat.history.ChangeLog;
import org.tenantnat.runtime.TenantNatRuntime;
import org.tenantnat.runtime.FakeSouthbound;
import org.tenantnat.runtime.MemoryStateStore;

import java.net.URI;
import java.util.List;

/**
 * The REST API over real HTTP on a loopback port, in front of a real runtime with an in-memory switch and
 * store, loaded with {@link Documents#CONFIG}. Serves the web bundle's application at the same path as ONOS.
 */
public final class RestHost implements AutoCloseable {

    private final TestRuntime nat = new TestRuntime();
    private final Server server;
    private final HttpCalls http;

    /**
     * Starts the runtime and the HTTP server.
     *
     * @throws Exception when Jetty cannot start
     */
    public RestHost() throws Exception {
        ResourceServices.provide(nat.runtime(), new TenantNatCodecService(), List.of(nat.history()));
        // Without a servlet security layer no request has a role; ONOS's role check is tested in the standalone.
        AuthorizationFilter.disableForTests();

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new TenantNatServletContainer(
                ResourceConfig.forApplication(new TenantNatWebApplication()))), "/onos/tenantnat/*");
        server.setHandler(context);
        server.start();
        http = new HttpCalls(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/onos/tenantnat/"));
    }

    /**
     * Returns a client of the API.
     *
     * @return client
     */
    public HttpCalls http() {
        return http;
    }

    /**
     * Returns the switch.
     *
     * @return fake southbound
     */
    public FakeSouthbound southbound() {
        return nat.southbound();
    }

    /**
     * Returns the history of changes the API lists.
     *
     * @return history
     */
    public ChangeLog history() {
        return nat.history();
    }

    /**
     * Returns the store.
     *
     * @return store
     */
    public MemoryStateStore store() {
        return nat.store();
    }

    /**
     * Returns the runtime, the oracle of what the API should report.
     *
     * @return runtime
     */
    public TenantNatRuntime runtime() {
        return nat.runtime();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        nat.close();
    }
}
