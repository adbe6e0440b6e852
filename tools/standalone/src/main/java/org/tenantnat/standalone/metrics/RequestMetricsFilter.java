package org.tenantnat.standalone.metrics;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Counts every HTTP request by method and status, refusals of authentication included: it runs before the
 * authentication filter.
 */
public final class RequestMetricsFilter implements Filter {

    /** Methods counted under their own name; anything else is counted as OTHER, so a client cannot add series. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final StandaloneMetrics metrics;

    /**
     * Creates the filter.
     *
     * @param metrics where requests are counted
     */
    public RequestMetricsFilter(StandaloneMetrics metrics) {
        this.metrics = checkNotNull(metrics, "metrics");
    }

    @Override
    public void init(FilterConfig config) {
        // Nothing to configure.
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            String method = ((HttpServletRequest) request).getMethod();
            metrics.httpRequest(METHODS.contains(method) ? method : "OTHER",
                                ((HttpServletResponse) response).getStatus());
        }
    }

    @Override
    public void destroy() {
        // Nothing held.
    }
}
