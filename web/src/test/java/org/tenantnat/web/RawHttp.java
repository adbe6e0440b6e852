package org.tenantnat.web;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for requests no well-behaved client library sends as
 * given (any method with any body, paths taken byte for byte) and with a hard deadline on the whole exchange: the
 * JDK's client can wait past its own timeout for a 100 Continue, which would hide a hang behind the client's.
 * A body above {@value #LARGE_BODY} bytes waits for the server's 100 Continue, as careful clients send it, so an
 * early refusal is read rather than lost to a reset.
 */
final class RawHttp {

    private static final int LARGE_BODY = 64 * 1024;
    private static final int CHUNK = 8 * 1024;

    /** A response: status, headers by lower-case name, body as UTF-8 text. */
    static final class Answer {
        final int status;
        final Map<String, String> headers;
        final String body;

        Answer(int status, Map<String, String> headers, String body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final InetSocketAddress server;
    private final String rootPath;
    private final Duration deadline;

    /**
     * Creates a client of one API root.
     *
     * @param root     API root, e.g. {@code http://127.0.0.1:8181/onos/tenantnat/}
     * @param deadline longest a whole exchange may take
     */
    RawHttp(URI root, Duration deadline) {
        this.server = new InetSocketAddress(root.getHost(), root.getPort());
        this.rootPath = root.getRawPath();
        this.deadline = deadline;
    }

    /**
     * Sends one request and reads its answer.
     *
     * @param request request
     * @return answer
     * @throws SocketTimeoutException when the server has not answered in full by the deadline
     * @throws IOException            when the connection fails before an answer
     */
    Answer exchange(HostileRequest request) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) deadline.toMillis());
            socket.setSoTimeout((int) deadline.toMillis());
            // Head and body leave in one segment where they fit: no wait for a delayed acknowledgement between them.
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), CHUNK + 64);
            Reader in = new Reader(new BufferedInputStream(socket.getInputStream()), end);
            boolean waitForContinue = request.body != null && request.body.length > LARGE_BODY;
            out.write(head(request, waitForContinue).getBytes(StandardCharsets.ISO_8859_1));
            if (waitForContinue || request.body == null) {
                out.flush();
            }
            if (waitForContinue) {
                Answer first = in.answer(request.method);
                if (first.status != 100) {
                    return first;
                }
            }
            if (request.body != null) {
                try {
                    writeBody(out, request);
                } catch (IOException refusedEarly) {
                    // The server answered and closed before taking the whole body: its answer is read below.
                }
            }
            return in.answer(request.method);
        }
    }

    private String head(HostileRequest request, boolean waitForContinue) {
        StringBuilder head = new StringBuilder()
                .append(request.method).append(' ').append(rootPath).append(request.pathAndQuery)
                .append(" HTTP/1.1\r\nHost: ").append(server.getHostString()).append(':').append(server.getPort())
                .append("\r\nConnection: close\r\n");
        if (request.contentType != null) {
            head.append("Content-Type: ").append(request.contentType).append("\r\n");
        }
        if (request.accept != null) {
            head.append("Accept: ").append(request.accept).append("\r\n");
        }
        if (request.body != null) {
            head.append(request.chunked ? "Transfer-Encoding: chunked\r\n"
                                        : "Content-Length: " + request.body.length + "\r\n");
        }
        if (waitForContinue) {
            head.append("Expect: 100-continue\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void writeBody(OutputStream out, HostileRequest request) throws IOException {
        if (!request.chunked) {
            out.write(request.body);
        } else {
            for (int at = 0; at < request.body.length; at += CHUNK) {
                int length = Math.min(CHUNK, request.body.length - at);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(request.body, at, length);
                out.write(new byte[]{'\r', '\n'});
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.flush();
    }

    // Reads answers off one connection, failing once the exchange's deadline has passed.
    private static final class Reader {
        private final InputStream in;
        private final long end;

        Reader(InputStream in, long end) {
            this.in = in;
            this.end = end;
        }

        Answer answer(String method) throws IOException {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP status line: '" + statusLine + "'");
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new HashMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.putIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                    header.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (status >= 200 && status != 204 && status != 304 && !method.equals("HEAD")) {
                if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
                    for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                         size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                        copy(size, body);
                        line();
                    }
                    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                        // Trailers are not used by the API.
                    }
                } else if (headers.containsKey("content-length")) {
                    copy(Integer.parseInt(headers.get("content-length")), body);
                } else {
                    for (int b = read(); b >= 0; b = read()) {
                        body.write(b);
                    }
                }
            }
            return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        private void copy(int size, ByteArrayOutputStream body) throws IOException {
            for (int i = 0; i < size; i++) {
                int b = read();
                if (b < 0) {
                    throw new IOException("answer ended " + (size - i) + " bytes short");
                }
                body.write(b);
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = read(); b != '\n'; b = read()) {
                if (b < 0) {
                    throw new IOException("connection closed after '" + line + "'");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private int read() throws IOException {
            if (System.nanoTime() > end) {
                throw new SocketTimeoutException("no complete answer by the deadline");
            }
            return in.read();
        }
    }
}
