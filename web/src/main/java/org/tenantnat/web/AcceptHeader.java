package org.tenantnat.web;

import org.tenantnat.config.InvalidConfigException;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.ext.Provider;

/**
 * Refuses a request whose {@code Accept} is not a list of media types with 400 naming the header. Jersey parses it
 * while it picks the resource method and answers a malformed one with a bare 400 that no exception mapper sees;
 * checked before matching, the refusal is the API's JSON error like every other. (A malformed {@code Content-Type}
 * is refused earlier, by {@link TenantNatServletContainer}.)
 */
@Provider
@PreMatching
public class AcceptHeader implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            request.getAcceptableMediaTypes();
        } catch (RuntimeException e) {
            throw new InvalidConfigException(HttpHeaders.ACCEPT, "'" + request.getHeaderString(HttpHeaders.ACCEPT)
                    + "' is not a list of media types; ask for " + MediaType.APPLICATION_JSON);
        }
    }
}
