package io.github.proxysessions.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Pagination, in one place: lists are in creation order (an increasing sequence number), and a page token is opaque to
 * clients but remembers the scope it was issued for (which list, which filter) and the sequence number of the last
 * item returned. A page therefore never repeats or skips an item, whatever is created or deleted between pages.
 */
final class Pages {

    /** The page size when a request gives none; the model allows 1..100. */
    static final int DEFAULT_MAX_RESULTS = 100;

    private Pages() {
    }

    /** One page of a list, and the token of the next page (null on the last). */
    record Page<T>(List<T> items, String nextToken) {
    }

    /**
     * The page after {@code nextToken} of the values of {@code bySeq} that {@code include} accepts.
     *
     * @param bySeq      the list, keyed and ordered by sequence number
     * @param resolve    turns a value of the map into the listed item, or null to skip it
     * @param seqOf      an item's sequence number
     * @param scope      what is listed, such as {@code sessions:<connector id>}
     * @param filter     the list's filter as given ({@code -} for none): a token is valid only for the same one
     * @param maxResults the page size as requested, or null for the default
     * @param nextToken  the token of a previous page, or null/empty for the first page
     * @throws ApiException 400 when the token was not issued for this scope and filter
     */
    static <V, T> Page<T> page(NavigableMap<Long, V> bySeq, Function<V, T> resolve, Predicate<T> include,
                               ToLongFunction<T> seqOf, String scope, String filter, Integer maxResults,
                               String nextToken) {
        long after = decode(nextToken, scope, filter);
        int max = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
        List<T> items = new ArrayList<>();
        for (V value : bySeq.tailMap(after, false).values()) {
            T item = resolve.apply(value);
            if (item == null || !include.test(item)) {
                continue;
            }
            if (items.size() == max) {
                return new Page<>(items, encode(scope, filter, seqOf.applyAsLong(items.get(items.size() - 1))));
            }
            items.add(item);
        }
        return new Page<>(items, null);
    }

    private static String encode(String scope, String filter, long lastSeq) {
        String raw = "v1|" + scope + "|" + filter + "|" + lastSeq;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String token, String scope, String filter) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|");
            if (parts.length == 4 && parts[0].equals("v1") && parts[1].equals(scope) && parts[2].equals(filter)) {
                return Long.parseLong(parts[3]);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw ApiException.badRequest("Value at 'NextToken' failed to satisfy constraint: Member must be a token "
                + "returned by a previous call of this operation with the same parameters");
    }
}
