package org.tenantnat.standalone.http;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.Locale;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * HTTP basic authentication against one user and password. Every request without them, or with others, gets
 * 401 with a {@code WWW-Authenticate} challenge. The authenticated user holds the roles ONOS's REST API checks
 * (admin and viewer), so the resources' own authorization lets it read and change.
 * <p>
 * Credentials are compared as SHA-256 digests with {@link MessageDigest#isEqual}: the time taken tells nothing
 * about how much of a guess was right, nor about the length of the password.
 */
final class BasicAuthFilter implements Filter {

    static final String REALM = "tenantnat";
    private static final String SCHEME = "basic ";
    private static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

    private final String user;
    private final byte[] expected;

    /**
     * Creates the filter.
     *
     * @param credentials {@code user:password}; both parts non-empty, the user without a colon
     * @throws IllegalArgumentException when the credentials are not of that form
     */
    BasicAuthFilter(String credentials) {
        checkArgument(credentials != null, "HTTP credentials are required (user:password)");
        int colon = credentials.indexOf(':');
        checkArgument(colon > 0 && colon < credentials.length() - 1,
                      "HTTP credentials must be user:password with a non-empty user and password");
        this.user = credentials.substring(0, colon);
        this.expected = digest(credentials);
    }

    @Override
    public void init(FilterConfig config) {
        // Nothing to configure: the credentials come with the constructor.
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String header = http.getHeader("Authorization");
        String problem = problem(header);
        if (problem != null) {
            challenge((HttpServletResponse) response, problem);
            return;
        }
        chain.doFilter(new Authenticated(http, user), response);
    }

    @Override
    public void destroy() {
        // Nothing held.
    }

    // Returns why the header does not authenticate, or null when it does.
    private String problem(String header) {
        if (header == null) {
            return "authentication required (HTTP basic)";
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return "unsupported authentication scheme; use HTTP basic";
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(SCHEME.length()).trim());
        } catch (IllegalArgumentException e) {
            return "malformed basic credentials";
        }
        return MessageDigest.isEqual(expected, digest(given)) ? null : "wrong user or password";
    }

    private static void challenge(HttpServletResponse response, String problem) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", CHALLENGE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + problem + "\"}");
    }

    private static byte[] digest(String credentials) {
        return digest(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has SHA-256.
            throw new IllegalStateException(e);
        }
    }

    /** The request as seen after authentication: a named user holding the admin and viewer roles. */
    private static final class Authenticated extends HttpServletRequestWrapper {

        private final Principal principal;

        Authenticated(HttpServletRequest request, String user) {
            super(request);
            this.principal = () -> user;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public String getAuthType() {
            return HttpServletRequest.BASIC_AUTH;
        }

        @Override
        public boolean isUserInRole(String role) {
            return "admin".equals(role) || "viewer".equals(role);
        }
    }
}
