package org.tenantnat.web;

import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.tenantnat.config.InvalidConfigException;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

/**
 * Jersey's servlet, refusing first a request whose {@code Content-Type} is not one media type, or whose query the
 * container cannot parse, with the API's JSON error naming the header or {@code (query)}. Jersey's servlet reads that header before the application sees the request and answers
 * a malformed one with a bare 400 (the container's HTML page), which no exception mapper can reword. Both hosts
 * serve the API through this servlet: ONOS through the bundle's {@code web.xml}, the standalone host through its
 * Jetty context.
 */
public class TenantNatServletContainer extends ServletContainer {

    private static final long serialVersionUID = 1L;
    private static final String QUERY = "(query)";

    /**
     * Creates the servlet that a {@code web.xml} names, configured by its init parameters.
     */
    public TenantNatServletContainer() {
        super();
    }

    /**
     * Creates the servlet for an application.
     *
     * @param application the resources and providers to serve
     */
    public TenantNatServletContainer(ResourceConfig application) {
        super(application);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        List<String> types = Collections.list(request.getHeaders(HttpHeaders.CONTENT_TYPE));
        String problem = types.size() > 1 ? "given " + types.size() + " times; send it once"
                : types.isEmpty() || isMediaType(types.get(0)) ? null
                : "'" + types.get(0) + "' is not a media type; send " + MediaType.APPLICATION_JSON;
        if (problem != null) {
            refuse(response, new InvalidConfigException(HttpHeaders.CONTENT_TYPE, problem));
        } else if (!parametersRead(request)) {
            refuse(response, new InvalidConfigException(QUERY, "not percent-encoded UTF-8"));
        } else {
            super.service(request, response);
        }
    }

    // The container parses the query (and a form body) when Jersey first asks for a parameter, and answers what it
    // cannot parse (e.g. percent-encoded bytes that are not UTF-8) with its own HTML page. Parsed here first, so that
    // is the API's error; Jersey then reads what the container already parsed.
    private static boolean parametersRead(HttpServletRequest request) {
        try {
            request.getParameterMap();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, InvalidConfigException refusal) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType(MediaType.APPLICATION_JSON);
        response.getOutputStream().write(ErrorJson.of(refusal.getMessage(), refusal.errors()).toString()
                                                 .getBytes(StandardCharsets.UTF_8));
    }

    // Parsed as Jersey parses it when it reads the request.
    private static boolean isMediaType(String text) {
        try {
            MediaType.valueOf(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
