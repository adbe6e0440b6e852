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
 * Refuses request bodies larger than {@link #MAX_BODY_BYTES} with 413: at once when Content-Length says so,
 * otherwise (chunked bodies) as soon as reading passes the limit. A whole desired state for thousands of
 * tenants stays well below the limit.
 */
@Provider
public class RequestSizeLimit implements ContainerRequestFilter {

    /** Largest request body accepted: 1 MiB. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        request.setEntityStream(new BoundedStream(request.getEntityStream()));
    }

    private static WebApplicationException tooLarge() {
        return new WebApplicationException("request body is larger than " + MAX_BODY_BYTES + " bytes (1 MiB)",
                                           Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    /** Counts the bytes read and fails once they pass the limit. */
    private static final class BoundedStream extends FilterInputStream {

        private long count;

        BoundedStream(InputStream in) {
            super(in);
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
            if (count > MAX_BODY_BYTES) {
                throw tooLarge();
            }
        }
    }
}
