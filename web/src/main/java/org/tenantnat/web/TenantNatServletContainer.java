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
 * Jersey's servlet, refusing first a request whose {@code Content-Type} is not one media type with the API's JSON
 * error naming the header. Jersey's servlet reads that header before the application sees the request and answers
 * a malformed one with a bare 400 (the container's HTML page), which no exception mapper can reword. Both hosts
 * serve the API through this servlet: ONOS through the bundle's {@code web.xml}, the standalone host through its
 * Jetty context.
 */
public class TenantNatServletContainer extends ServletContainer {

    private static final long serialVersionUID = 1L;

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
        if (problem == null) {
            super.service(request, response);
            return;
        }
        InvalidConfigException refusal = new InvalidConfigException(HttpHeaders.CONTENT_TYPE, problem);
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
