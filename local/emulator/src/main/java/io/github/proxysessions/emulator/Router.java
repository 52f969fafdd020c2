package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.ServiceModel.OperationDef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Matches a request's method and path to an operation, from the request URIs of the service model. */
final class Router {

    private final List<Template> templates = new ArrayList<>();

    Router(ServiceModel model) {
        for (OperationDef op : model.operations().values()) {
            templates.add(new Template(op, op.requestUri().substring(1).split("/", -1)));
        }
    }

    private record Template(OperationDef operation, String[] segments) {
    }

    /** A matched route: the operation and its URI labels, percent-decoded. */
    record Route(OperationDef operation, Map<String, String> labels) {
    }

    /**
     * Returns the route for {@code method} and {@code rawPath}.
     *
     * @throws ApiException 404 when no operation has this path, 405 when operations have it but not this method
     */
    Route match(String method, String rawPath) {
        String[] segments = (rawPath.startsWith("/") ? rawPath.substring(1) : rawPath).split("/", -1);
        TreeSet<String> allowed = new TreeSet<>();
        for (Template t : templates) {
            Map<String, String> labels = bind(t.segments(), segments);
            if (labels == null) {
                continue;
            }
            if (t.operation().method().equals(method)) {
                return new Route(t.operation(), labels);
            }
            allowed.add(t.operation().method());
        }
        if (allowed.isEmpty()) {
            throw new ApiException(404, "UnknownOperationException", "NotFound",
                    "No operation matches " + method + " " + rawPath);
        }
        throw new ApiException(405, "MethodNotAllowedException", "BadRequest",
                method + " is not allowed on " + rawPath + "; allowed: " + String.join(", ", allowed));
    }

    /** Allowed methods for a path that matched with a wrong method (for the Allow header). */
    String allowedMethods(String rawPath) {
        String[] segments = (rawPath.startsWith("/") ? rawPath.substring(1) : rawPath).split("/", -1);
        TreeSet<String> allowed = new TreeSet<>();
        for (Template t : templates) {
            if (bind(t.segments(), segments) != null) {
                allowed.add(t.operation().method());
            }
        }
        return String.join(", ", allowed);
    }

    private static Map<String, String> bind(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return null;
        }
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                String value = percentDecode(actual[i]);
                if (value == null) {
                    return null;
                }
                labels.put(t.substring(1, t.length() - 1), value);
            } else if (!t.equals(actual[i])) {
                return null;
            }
        }
        return labels;
    }

    /** Decodes a path segment; unlike form decoding, {@code +} stays a plus. Null when malformed. */
    static String percentDecode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
