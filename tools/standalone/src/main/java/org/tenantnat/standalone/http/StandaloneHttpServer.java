package org.tenantnat.standalone.http;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.DefaultServlet;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.codec.TenantNatCodecService;
import org.tenantnat.web.ResourceServices;
import org.tenantnat.web.TenantNatWebApplication;

import javax.servlet.DispatcherType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

/**
 * The standalone host's HTTP server (embedded Jetty with Jersey): serves the REST API's resources, the same
 * classes ONOS serves, at {@value #API_PATH}; the generated Swagger description at {@value #API_DOC_PATH}; and
 * the GUI's static files from a class-path directory at {@code /}. Every request must carry the HTTP basic
 * credentials given.
 * <p>
 * The REST resources find their service through a JVM-wide directory (see {@link ResourceServices}), so one
 * JVM runs one server at a time.
 */
public final class StandaloneHttpServer {

    /** Where the REST API is served, as in ONOS. */
    public static final String API_PATH = "/onos/tenantnat";

    /** Where the Swagger description of the REST API is served. */
    public static final String API_DOC_PATH = "/apidoc/swagger.json";

    /** Class-path directory whose files the GUI is served from, unless another is given. */
    public static final String DEFAULT_GUI_RESOURCES = "tenantnat-gui";

    private static final Logger log = LoggerFactory.getLogger(StandaloneHttpServer.class);
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 4;

    private final InetSocketAddress address;
    private final BasicAuthFilter auth;
    private final TenantNatService service;
    private final String guiResources;
    private Server server;
    private ServerConnector connector;

    /**
     * Creates a server that serves the GUI from {@value #DEFAULT_GUI_RESOURCES}.
     *
     * @param address     address and port to bind; port 0 picks a free one
     * @param credentials the HTTP basic credentials every request must carry, {@code user:password}
     * @param service     the service the REST API speaks for
     * @throws IllegalArgumentException when the credentials are not {@code user:password}
     */
    public StandaloneHttpServer(InetSocketAddress address, String credentials, TenantNatService service) {
        this(address, credentials, service, DEFAULT_GUI_RESOURCES);
    }

    /**
     * Creates a server.
     *
     * @param address      address and port to bind; port 0 picks a free one
     * @param credentials  the HTTP basic credentials every request must carry, {@code user:password}
     * @param service      the service the REST API speaks for
     * @param guiResources class-path directory of the GUI's files, e.g. {@code tenantnat-gui}
     * @throws IllegalArgumentException when the credentials are not {@code user:password}
     */
    public StandaloneHttpServer(InetSocketAddress address, String credentials, TenantNatService service,
                                String guiResources) {
        this.address = checkNotNull(address, "address");
        this.auth = new BasicAuthFilter(credentials);
        this.service = checkNotNull(service, "service");
        this.guiResources = checkNotNull(guiResources, "guiResources");
    }

    /**
     * Binds the address and starts serving.
     *
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized void start() throws IOException {
        checkState(server == null, "already started");
        ResourceServices.provide(service, new TenantNatCodecService());
        Server s = new Server(new QueuedThreadPool(MAX_THREADS, MIN_THREADS));
        s.setStopAtShutdown(false);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        ServerConnector c = new ServerConnector(s, new HttpConnectionFactory(config));
        c.setHost(address.getHostString());
        c.setPort(address.getPort());
        s.addConnector(c);
        s.setHandler(context());
        try {
            s.start();
        } catch (IOException e) {
            stopQuietly(s);
            throw e;
        } catch (Exception e) {
            stopQuietly(s);
            throw new IOException("cannot start the HTTP server on " + address, e);
        }
        server = s;
        connector = c;
        log.info("REST API at http://{}:{}{}/", address.getHostString(), c.getLocalPort(), API_PATH);
    }

    /**
     * Stops serving and releases the port. Does nothing when not started.
     */
    public synchronized void stop() {
        if (server != null) {
            stopQuietly(server);
            server = null;
            connector = null;
        }
    }

    /**
     * Returns the port bound.
     *
     * @return port
     * @throws IllegalStateException when not started
     */
    public synchronized int port() {
        checkState(connector != null, "not started");
        return connector.getLocalPort();
    }

    /**
     * Returns the REST API's root, e.g. {@code http://127.0.0.1:8181/onos/tenantnat/}.
     *
     * @return URI
     * @throws IllegalStateException when not started
     */
    public synchronized URI apiUri() {
        return URI.create("http://" + hostForUri() + ":" + port() + API_PATH + "/");
    }

    private String hostForUri() {
        String host = address.getHostString();
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private ServletContextHandler context() {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addFilter(new FilterHolder(auth), "/*", EnumSet.of(DispatcherType.REQUEST));

        ResourceConfig api = ResourceConfig.forApplication(new TenantNatWebApplication())
                // Error answers keep their JSON body instead of becoming Jetty error pages.
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        context.addServlet(new ServletHolder(new ServletContainer(api)), API_PATH + "/*");

        Resource apiDoc = Resource.newClassPathResource(API_DOC_PATH);
        if (apiDoc != null) {
            ServletHolder doc = new ServletHolder("apidoc", DefaultServlet.class);
            doc.setInitParameter("resourceBase", apiDoc.toString().replaceFirst("swagger\\.json$", ""));
            doc.setInitParameter("pathInfoOnly", "true");
            doc.setInitParameter("dirAllowed", "false");
            context.addServlet(doc, "/apidoc/*");
        }

        Resource gui = Resource.newClassPathResource("/" + guiResources);
        if (gui != null) {
            context.setBaseResource(gui);
            context.setWelcomeFiles(new String[]{"index.html"});
            ServletHolder files = new ServletHolder("gui", DefaultServlet.class);
            files.setInitParameter("dirAllowed", "false");
            context.addServlet(files, "/");
        } else {
            log.info("no GUI files at class-path directory {}; serving the REST API only", guiResources);
        }
        return context;
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly", e);
        }
    }
}
