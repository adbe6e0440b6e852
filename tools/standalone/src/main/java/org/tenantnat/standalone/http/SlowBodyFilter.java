package org.tenantnat.standalone.http;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Refuses with 408 a request body that arrives slower than a minimum rate, so that a client trickling its body
 * cannot hold one of the server's threads for as long as it likes. The rate is averaged from when the request
 * reached the API, after a first second of grace: Jetty 9.4's own minimum data rate counts from the first body
 * byte without grace, which refuses a small body read a few milliseconds after it arrived on a busy host. Thrown
 * from the body stream's read, the refusal becomes the API's JSON error.
 */
final class SlowBodyFilter implements Filter {

    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long minBytesPerSecond;

    /**
     * Creates the filter.
     *
     * @param minBytesPerSecond slowest average rate a body may arrive at
     */
    SlowBodyFilter(long minBytesPerSecond) {
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    public void init(FilterConfig config) {
        // Configured by its constructor.
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
            private ServletInputStream body;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (body == null) {
                    body = new RateCheckedStream(super.getInputStream(), start);
                }
                return body;
            }
        }, response);
    }

    @Override
    public void destroy() {
        // Nothing to release.
    }

    private final class RateCheckedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long start;
        private long count;

        RateCheckedStream(ServletInputStream in, long start) {
            this.in = in;
            this.start = start;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            counted(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            counted(Math.max(n, 0));
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        private void counted(int n) {
            count += n;
            long elapsed = System.nanoTime() - start;
            if (elapsed > GRACE_NANOS && count < minBytesPerSecond * elapsed / TimeUnit.SECONDS.toNanos(1)) {
                throw new WebApplicationException(String.format(
                        "request body arrived slower than %d bytes/s (%d bytes in %d ms)", minBytesPerSecond, count,
                        TimeUnit.NANOSECONDS.toMillis(elapsed)), Response.Status.REQUEST_TIMEOUT);
            }
        }
    }
}
