package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.ServiceModel.OperationDef;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Matches a request's method, path and query to an operation, from the request URIs of the service model. A request
 * URI may carry literal query parameters that tell operations on one path apart, such as
 * {@code /tags?operation=tag-resource}: a request matches only when its query has each of them with that value.
 */
final class Router {

    private final List<Template> templates = new ArrayList<>();

    Router(ServiceModel model) {
        for (OperationDef op : model.operations().values()) {
            String uri = op.requestUri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            Map<String, String> literals = q < 0 ? Map.of() : parseQuery(uri.substring(q + 1));
            templates.add(new Template(op, path.substring(1).split("/", -1), literals));
        }
    }

    private record Template(OperationDef operation, String[] segments, Map<String, String> queryLiterals) {

        boolean accepts(Map<String, String> query) {
            return queryLiterals.entrySet().stream().allMatch(e -> e.getValue().equals(query.get(e.getKey())));
        }

        String describe() {
            return operation.name() + " (" + operation.method() + " " + operation.requestUri() + ")";
        }
    }

    /** A matched route: the operation and its URI labels, percent-decoded. */
    record Route(OperationDef operation, Map<String, String> labels) {
    }

    /**
     * Returns the route for {@code method}, {@code rawPath} and {@code query} (decoded). When several operations
     * match, the one whose request URI names the most query literals wins.
     *
     * @throws ApiException 404 when no operation has this path, or none with this method has the query literals it
     *                      needs; 405 when operations have the path but not this method
     */
    Route match(String method, String rawPath, Map<String, String> query) {
        String[] segments = (rawPath.startsWith("/") ? rawPath.substring(1) : rawPath).split("/", -1);
        TreeSet<String> allowed = new TreeSet<>();
        List<String> needQuery = new ArrayList<>();
        Route best = null;
        int bestLiterals = -1;
        for (Template t : templates) {
            Map<String, String> labels = bind(t.segments(), segments);
            if (labels == null) {
                continue;
            }
            allowed.add(t.operation().method());
            if (!t.operation().method().equals(method)) {
                continue;
            }
            if (!t.accepts(query)) {
                needQuery.add(t.describe());
            } else if (t.queryLiterals().size() > bestLiterals) {
                best = new Route(t.operation(), labels);
                bestLiterals = t.queryLiterals().size();
            }
        }
        if (best != null) {
            return best;
        }
        if (allowed.isEmpty()) {
            throw ApiException.unknownOperation("No operation matches " + method + " " + rawPath);
        }
        if (!needQuery.isEmpty()) {
            throw ApiException.unknownOperation("No operation matches " + method + " " + rawPath
                    + " with this query; operations on this path: " + String.join(", ", needQuery));
        }
        throw ApiException.methodNotAllowed(method, rawPath, String.join(", ", allowed));
    }

    /** Decodes a query string as forms are decoded ({@code +} is a space); a repeated key keeps its last value. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key, value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Malformed query string: " + e.getMessage());
            }
        }
        return query;
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
                    throw ApiException.badRequest("Malformed percent-encoding in the path segment '" + actual[i]
                            + "'");
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
