package org.tenantnat.standalone.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.standalone.auth.Authenticator;
import org.tenantnat.standalone.auth.LoginThrottle;
import org.tenantnat.standalone.auth.User;

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
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * HTTP basic authentication. Every request without credentials, or with wrong ones, gets 401 with a
 * {@code WWW-Authenticate} challenge; the authenticated user holds the ONOS roles of its role (an admin holds
 * admin and viewer, a viewer only viewer), so the resources' own authorization (ONOS's AuthorizationFilter)
 * answers a viewer's change with 403 exactly as in ONOS.
 * <p>
 * Failed logins are logged (address and user name, never the password) and throttled per client address by
 * {@link LoginThrottle}: an address locked out gets 429 with {@code Retry-After} and its credentials are not
 * checked until the lockout ends.
 */
final class BasicAuthFilter implements Filter {

    static final String REALM = "tenantnat";
    private static final String SCHEME = "basic ";
    private static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
    private static final int TOO_MANY_REQUESTS = 429;
    private static final Logger log = LoggerFactory.getLogger(BasicAuthFilter.class);

    private final Authenticator authenticator;
    private final LoginThrottle throttle;

    /**
     * Creates the filter.
     *
     * @param authenticator checks user names and passwords
     * @param throttle      back-off of failed logins per client address
     */
    BasicAuthFilter(Authenticator authenticator, LoginThrottle throttle) {
        this.authenticator = checkNotNull(authenticator, "authenticator");
        this.throttle = checkNotNull(throttle, "throttle");
    }

    @Override
    public void init(FilterConfig config) {
        // Nothing to configure: everything comes with the constructor.
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        String header = http.getHeader("Authorization");
        if (header == null) {
            challenge(answer, "authentication required (HTTP basic)");
            return;
        }
        String address = http.getRemoteAddr();
        Optional<Duration> locked = throttle.lockedOut(address);
        if (locked.isPresent()) {
            long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
            answer.setHeader("Retry-After", String.valueOf(seconds));
            error(answer, TOO_MANY_REQUESTS, "too many failed logins from " + address + "; retry in " + seconds
                    + " s");
            return;
        }
        String[] credentials = credentials(header);
        Optional<User> user = credentials == null ? Optional.empty()
                : authenticator.authenticate(credentials[0], credentials[1]);
        if (user.isEmpty()) {
            LoginThrottle.Failure failure = throttle.failed(address);
            log.warn("failed login from {} as '{}' ({} in a row{})", address,
                     credentials == null ? "(malformed credentials)" : printable(credentials[0]),
                     failure.consecutive(), failure.lockout().isZero() ? ""
                             : "; locked out for " + failure.lockout().toSeconds() + " s");
            challenge(answer, credentials == null ? "malformed basic credentials" : "wrong user or password");
            return;
        }
        throttle.succeeded(address);
        chain.doFilter(new Authenticated(http, user.get()), response);
    }

    @Override
    public void destroy() {
        // Nothing held.
    }

    /** Returns user and password from a basic Authorization header, or null when it is not one. */
    private static String[] credentials(String header) {
        if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).trim()),
                                 StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** A user name as it may appear in the log: no line breaks or other control characters from the client. */
    private static String printable(String name) {
        StringBuilder safe = new StringBuilder();
        name.codePoints().limit(64).forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return safe.toString();
    }

    private static void challenge(HttpServletResponse response, String problem) throws IOException {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        error(response, HttpServletResponse.SC_UNAUTHORIZED, problem);
    }

    private static void error(HttpServletResponse response, int status, String problem) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + problem + "\"}");
    }

    /** The request as seen after authentication: the user and the ONOS roles of its role. */
    private static final class Authenticated extends HttpServletRequestWrapper {

        private final User user;
        private final Principal principal;

        Authenticated(HttpServletRequest request, User user) {
            super(request);
            this.user = user;
            this.principal = user::name;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return user.name();
        }

        @Override
        public String getAuthType() {
            return HttpServletRequest.BASIC_AUTH;
        }

        @Override
        public boolean isUserInRole(String role) {
            return user.role().holds(role);
        }
    }
}
