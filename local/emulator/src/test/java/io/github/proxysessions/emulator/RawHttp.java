package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP on a raw socket, for what no HTTP client would send: the request goes out byte for byte (from another thread,
 * so that a server that answers before reading it all is still heard), and the answer is parsed by hand.
 */
final class RawHttp {

    /** Long enough for any answer on loopback; a server that never answers fails the test instead of hanging it. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private RawHttp() {
    }

    /**
     * An answer.
     *
     * @param headers by lower-case name
     */
    record Answer(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " " + bodyText();
        }
    }

    static Answer send(URI endpoint, String request) {
        return send(endpoint, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code request} on a new connection and reads the first answer. */
    static Answer send(URI endpoint, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed before reading it all: its answer is what counts
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + describe(request), e);
        }
    }

    static String describe(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 80), StandardCharsets.ISO_8859_1);
        return text.replace("\r", "\\r").replace("\n", "\\n") + (request.length > 80 ? "... (" + request.length
                + " bytes)" : "");
    }

    /**
     * Reads one answer: the status line, the headers, and a body of Content-Length bytes (or up to the end). Interim
     * answers (1xx, such as 100 Continue) are skipped.
     */
    static Answer read(InputStream in) throws IOException {
        Answer answer = readOne(in);
        while (answer.status() >= 100 && answer.status() < 200) {
            answer = readOne(in);
        }
        return answer;
    }

    private static Answer readOne(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection closed without an answer");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<String> length = headers.get("content-length");
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else if (status < 200 || status == 204 || status == 304) {
            body = new byte[0];
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, statusLine, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * The AWS error shape: an error status, {@code x-amzn-ErrorType} naming the error, {@code x-amzn-RequestId}, and
     * a JSON body {@code {"Code","Message"}} whose Code is the header's error (without {@code Exception}).
     */
    static void assertAwsError(Answer answer, String what) {
        assertThat(answer.status()).as(what + ": status of " + answer).isBetween(400, 599);
        String type = answer.header("x-amzn-ErrorType");
        assertThat(type).as(what + ": x-amzn-ErrorType of " + answer).isNotNull().endsWith("Exception");
        assertThat(answer.header("x-amzn-RequestId")).as(what + ": x-amzn-RequestId of " + answer)
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(answer.header("Content-Type")).as(what + ": Content-Type of " + answer)
                .startsWith("application/json");
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError(what + ": the body is not JSON: " + answer, e);
        }
        assertThat(body.path("Code").asText()).as(what + ": Code of " + answer)
                .isEqualTo(type.equals("ThrottledClientException") ? "Throttled"
                        : type.substring(0, type.length() - "Exception".length()));
        assertThat(body.path("Message").asText()).as(what + ": Message of " + answer).isNotBlank();
    }
}
