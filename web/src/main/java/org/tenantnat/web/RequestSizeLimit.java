package org.tenantnat.web;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies larger than the limit with 413: at once when Content-Length says so, otherwise (chunked
 * bodies) as soon as reading passes the limit. The whole desired state ({@code PUT /config}) may be up to
 * {@link #MAX_STATE_BYTES}: 10,000 tenants with four prefixes each take about 2.7 MiB. Every other body, one tenant,
 * service or intent, is at most {@link #MAX_BODY_BYTES}.
 */
@Provider
public class RequestSizeLimit implements ContainerRequestFilter {

    /** Largest body of one item (tenant, service, intent): 1 MiB. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** Largest whole desired state: 64 MiB. */
    public static final long MAX_STATE_BYTES = 64 * 1024 * 1024;

    private static final String WHOLE_STATE_PATH = "config";

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean wholeState = path.equals(WHOLE_STATE_PATH) || path.equals(WHOLE_STATE_PATH + "/");
        long limit = wholeState ? MAX_STATE_BYTES : MAX_BODY_BYTES;
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        request.setEntityStream(new BoundedStream(request.getEntityStream(), limit));
    }

    private static WebApplicationException tooLarge(long limit) {
        return new WebApplicationException(String.format("request body is larger than %d bytes (%d MiB)", limit,
                                                         limit / (1024 * 1024)),
                                           Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    /** Counts the bytes read and fails once they pass the limit. */
    private static final class BoundedStream extends FilterInputStream {

        private final long limit;
        private long count;

        BoundedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void counted(long n) {
            count += n;
            if (count > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
