package dev.veto.pep;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * Acknowledgements over one kept-alive HTTP/1.1 connection: {@code POST /v1/peps/{id}/ack},
 * written as one buffer and answered before the next. An enforcement point acknowledges every
 * revision it applies, and a platform has thousands of points: a request here costs two system
 * calls, where a general HTTP client spends far more on scheduling than on the exchange. Only
 * what an acknowledgement needs: a fixed-length request, and an answer of fixed or chunked
 * length whose status is read and whose body is kept for the message when it is not 200.
 */
final class AckChannel implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 5000;
    private static final int MAX_ANSWER = 1 << 16;

    private final URI server;
    private final String path;
    private final byte[] head;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    private final javax.net.ssl.SSLSocketFactory tls;

    AckChannel(URI server, String pepId, String token, javax.net.ssl.SSLSocketFactory tls) {
        this.server = server;
        this.tls = tls;
        this.path = "/v1/peps/" + pepId + "/ack";
        String host = server.getHost() + (server.getPort() >= 0 ? ":" + server.getPort() : "");
        this.head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.ISO_8859_1);
    }

    URI server() {
        return server;
    }

    /** The server's answer: its status and (when not 200) its body. */
    record Answer(int status, String body) {}

    /** Posts {@code body}; on a broken connection it connects again once. */
    Answer post(byte[] body) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (socket == null) {
                    connect();
                }
                ByteArrayOutputStream req = new ByteArrayOutputStream(head.length + 16 + body.length);
                req.write(head);
                req.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                req.write(body);
                req.writeTo(out);
                out.flush();
                return read();
            } catch (IOException e) {
                close();
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private void connect() throws IOException {
        Socket s = open(server, tls, TIMEOUT_MILLIS);
        s.setSoTimeout(TIMEOUT_MILLIS);
        socket = s;
        out = s.getOutputStream();
        in = new BufferedInputStream(s.getInputStream(), 4096);
    }

    /** A connected socket to {@code server} (TLS for https, with {@code tls}), without delays on small writes. */
    static Socket open(URI server, javax.net.ssl.SSLSocketFactory tls, int connectTimeoutMillis) throws IOException {
        boolean secure = "https".equalsIgnoreCase(server.getScheme());
        int port = server.getPort() >= 0 ? server.getPort() : secure ? 443 : 80;
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(server.getHost(), port), connectTimeoutMillis);
        if (!secure) {
            return plain;
        }
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) (tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, server.getHost(), port, true);
        javax.net.ssl.SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /**
     * A long GET (the feed): its status, and its body as a stream (chunked transfer decoded).
     * The caller closes the stream to end it.
     */
    record Stream(int status, InputStream body, Socket socket) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static Stream get(URI server, String pathAndQuery, Map<String, String> headers, javax.net.ssl.SSLSocketFactory tls) throws IOException {
        Socket s = open(server, tls, TIMEOUT_MILLIS);
        try {
            StringBuilder req = new StringBuilder(256).append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\nHost: ").append(server.getHost())
                    .append(server.getPort() >= 0 ? ":" + server.getPort() : "").append("\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            String status = line(in);
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                String name = colon < 0 ? "" : h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                if (name.equals("content-length")) {
                    length = Long.parseLong(h.substring(colon + 1).strip());
                } else if (name.equals("transfer-encoding")) {
                    chunked = h.toLowerCase(Locale.ROOT).contains("chunked");
                }
            }
            InputStream body = chunked ? new Chunked(in) : length >= 0 ? new Bounded(in, length) : in;
            return new Stream(code, body, s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** A chunked body, decoded. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        private boolean more() throws IOException {
            if (done) {
                return false;
            }
            if (left == 0) {
                String size = line(in);
                if (size.isEmpty()) {
                    size = line(in); // the CRLF after the previous chunk
                }
                left = Long.parseLong(size.split(";")[0].strip(), 16);
                if (left == 0) {
                    done = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!more()) {
                return -1;
            }
            int c = in.read();
            if (c < 0) {
                throw new IOException("the stream ended mid-chunk");
            }
            left--;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!more()) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r < 0) {
                throw new IOException("the stream ended mid-chunk");
            }
            left -= r;
            return r;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(left, in.available());
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A body of known length. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r > 0) {
                left -= r;
            }
            return r;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private Answer read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {}
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0; size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            copy(length, body);
        } else if (length < 0) {
            close = true;
            copy(MAX_ANSWER, body);
        }
        if (close) {
            close();
        }
        return new Answer(code, code == 200 ? null : body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                if (n == MAX_ANSWER) {
                    return;
                }
                throw new IOException("the answer ended early");
            }
            if (to.size() < MAX_ANSWER) {
                to.write(buf, 0, r);
            }
            left -= r;
        }
    }

    private String line() throws IOException {
        return line(in);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed mid-answer");
            }
            if (c != '\r') {
                b.append((char) c);
            }
            if (b.length() > 8192) {
                throw new IOException("an answer line is over 8 KB");
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
