package org.tenantnat.standalone.http;

import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.servlet.DefaultServlet;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.TenantNatService;
import org.tenantnat.codec.TenantNatCodecService;
import org.tenantnat.standalone.auth.Authenticator;
import org.tenantnat.standalone.auth.LoginThrottle;
import org.tenantnat.standalone.auth.SingleAdmin;
import org.tenantnat.standalone.metrics.RequestMetricsFilter;
import org.tenantnat.standalone.metrics.StandaloneMetrics;
import org.tenantnat.web.ResourceServices;
import org.tenantnat.web.TenantNatServletContainer;
import org.tenantnat.web.TenantNatWebApplication;

import javax.servlet.DispatcherType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

/**
 * The standalone host's HTTP server (embedded Jetty with Jersey): serves the REST API's resources, the same
 * classes ONOS serves, at {@value #API_PATH}; the generated Swagger description at {@value #API_DOC_PATH}; and
 * the GUI's static files from a class-path directory at {@code /}. Every request must carry HTTP basic
 * credentials of a user; viewers read, admins change. Over HTTPS when given a key and certificate; with the host's
 * metrics, every request is counted by method and status. Slow and oversized requests are refused or disconnected
 * within {@link HttpLimits}, so they cannot tie up the server for other clients.
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
    private final Optional<HttpsSettings> https;
    private final Optional<StandaloneMetrics> metrics;
    private final List<Object> hostServices;
    private final HttpLimits limits;
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
        this(builder(address, service).credentials(credentials).guiResources(guiResources));
    }

    private StandaloneHttpServer(Builder b) {
        this.address = checkNotNull(b.address, "address");
        this.auth = new BasicAuthFilter(checkNotNull(b.authenticator, "authenticator"), b.throttle);
        this.service = checkNotNull(b.service, "service");
        this.guiResources = checkNotNull(b.guiResources, "guiResources");
        this.https = b.https;
        this.metrics = b.metrics;
        this.hostServices = List.copyOf(b.hostServices);
        this.limits = b.limits;
    }

    /**
     * Starts describing a server.
     *
     * @param address address and port to bind; port 0 picks a free one
     * @param service the service the REST API speaks for
     * @return builder; an authenticator (or credentials) is required
     */
    public static Builder builder(InetSocketAddress address, TenantNatService service) {
        return new Builder(address, service);
    }

    /**
     * Binds the address and starts serving.
     *
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized void start() throws IOException {
        checkState(server == null, "already started");
        ResourceServices.provide(service, new TenantNatCodecService(), hostServices);
        Server s = new Server(new QueuedThreadPool(MAX_THREADS, MIN_THREADS));
        s.setStopAtShutdown(false);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        // A longer request line is answered 414, longer headers 431 (a slower body 408: SlowBodyFilter).
        config.setRequestHeaderSize(limits.headerBytes());
        HttpConnectionFactory http = new HeaderDeadlineConnectionFactory(config, limits.headerDeadline());
        ServerConnector c;
        if (https.isPresent()) {
            config.setSecureScheme("https");
            config.addCustomizer(new SecureRequestCustomizer());
            c = new ServerConnector(s, new SslConnectionFactory(https.get().factory(), "http/1.1"), http);
        } else {
            c = new ServerConnector(s, http);
        }
        c.setHost(address.getHostString());
        c.setPort(address.getPort());
        c.setIdleTimeout(limits.idleTimeout().toMillis());
        s.addConnector(c);
        ConnectionLimit connections = new ConnectionLimit(limits.maxConnections(), c);
        connections.setIdleTimeout(limits.idleTimeoutAtLimit().toMillis());
        s.addBean(connections);
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
        log.info("REST API at {}://{}:{}{}/", scheme(), address.getHostString(), c.getLocalPort(), API_PATH);
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
        return URI.create(scheme() + "://" + hostForUri() + ":" + port() + API_PATH + "/");
    }

    private String scheme() {
        return https.isPresent() ? "https" : "http";
    }

    private String hostForUri() {
        String host = address.getHostString();
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private ServletContextHandler context() {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        // Jetty caches filter chains by request path (up to 1,024), and this API's paths carry tenant and service
        // names: the cache would hold paths of tenants long removed, to save building a chain of two filters.
        context.getServletHandler().setFilterChainsCached(false);
        // Counted first, so that refusals of authentication are counted too.
        metrics.ifPresent(m -> context.addFilter(new FilterHolder(new RequestMetricsFilter(m)), "/*",
                                                 EnumSet.of(DispatcherType.REQUEST)));
        context.addFilter(new FilterHolder(auth), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new SlowBodyFilter(limits.minBodyBytesPerSecond())), API_PATH + "/*",
                          EnumSet.of(DispatcherType.REQUEST));

        ResourceConfig api = ResourceConfig.forApplication(new TenantNatWebApplication())
                // Error answers keep their JSON body instead of becoming Jetty error pages.
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        context.addServlet(new ServletHolder(new TenantNatServletContainer(api)), API_PATH + "/*");

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

    /**
     * What a server is made of: address, service, who may use it, and optionally HTTPS, metrics and other
     * services the REST resources may ask for.
     */
    public static final class Builder {
        private final InetSocketAddress address;
        private final TenantNatService service;
        private Authenticator authenticator;
        private LoginThrottle throttle = new LoginThrottle();
        private String guiResources = DEFAULT_GUI_RESOURCES;
        private Optional<HttpsSettings> https = Optional.empty();
        private Optional<StandaloneMetrics> metrics = Optional.empty();
        private final List<Object> hostServices = new ArrayList<>();
        private HttpLimits limits = HttpLimits.DEFAULTS;

        private Builder(InetSocketAddress address, TenantNatService service) {
            this.address = address;
            this.service = service;
        }

        /**
         * Lets in the users an authenticator knows.
         *
         * @param authenticator checks user names and passwords
         * @return this
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = checkNotNull(authenticator, "authenticator");
            return this;
        }

        /**
         * Lets in one admin user.
         *
         * @param credentials {@code user:password}
         * @return this
         * @throws IllegalArgumentException when the credentials are not {@code user:password}
         */
        public Builder credentials(String credentials) {
            return authenticator(new SingleAdmin(credentials));
        }

        /**
         * Uses a given back-off of failed logins (tests give one on their own clock).
         *
         * @param loginThrottle throttle
         * @return this
         */
        public Builder throttle(LoginThrottle loginThrottle) {
            this.throttle = checkNotNull(loginThrottle, "throttle");
            return this;
        }

        /**
         * Serves the GUI from another class-path directory.
         *
         * @param directory class-path directory of the GUI's files
         * @return this
         */
        public Builder guiResources(String directory) {
            this.guiResources = checkNotNull(directory, "directory");
            return this;
        }

        /**
         * Serves HTTPS instead of HTTP.
         *
         * @param settings key and certificate
         * @return this
         */
        public Builder https(HttpsSettings settings) {
            this.https = Optional.of(settings);
            return this;
        }

        /**
         * Counts requests in the host's metrics and serves those metrics at {@code /metrics}.
         *
         * @param hostMetrics the host's metrics
         * @return this
         */
        public Builder metrics(StandaloneMetrics hostMetrics) {
            this.metrics = Optional.of(hostMetrics);
            return provide(hostMetrics);
        }

        /**
         * Offers the REST resources one more service of the host (e.g. rule counts per switch).
         *
         * @param hostService service
         * @return this
         */
        public Builder provide(Object hostService) {
            hostServices.add(checkNotNull(hostService, "hostService"));
            return this;
        }

        /**
         * Allows clients other sizes and times than {@link HttpLimits#DEFAULTS}.
         *
         * @param httpLimits limits
         * @return this
         */
        public Builder limits(HttpLimits httpLimits) {
            this.limits = checkNotNull(httpLimits, "limits");
            return this;
        }

        /**
         * Creates the server; nothing is bound until {@link StandaloneHttpServer#start}.
         *
         * @return server
         */
        public StandaloneHttpServer build() {
            return new StandaloneHttpServer(this);
        }
    }
}
