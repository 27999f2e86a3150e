package dev.hsresnet.deploy.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of a request, read strictly: an unknown or repeated parameter is refused,
 * so a typo such as {@code topk=3} is not silently ignored.
 */
final class Query {

    private Query() {}

    /**
     * @param rawQuery the undecoded query, or null
     * @param allowed the parameter names the endpoint accepts
     * @return name to decoded value ({@code ""} for a name without {@code =}), in request order
     * @throws HttpError 400 naming an unknown or repeated parameter, or bad percent-encoding
     */
    static Map<String, String> parse(String rawQuery, Set<String> allowed) throws HttpError {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), pair);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), pair);
            if (!allowed.contains(name)) {
                throw new HttpError(400, "unknown query parameter '" + Router.clip(name) + "' ("
                        + (allowed.size() == 1 ? "only " + allowed.iterator().next()
                                + " is accepted" : "accepted: " + String.join(", ",
                                        new TreeSet<>(allowed))) + ")");
            }
            if (values.put(name, value) != null) {
                throw new HttpError(400, name + " given more than once");
            }
        }
        return values;
    }

    private static String decode(String s, String pair) throws HttpError {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "bad percent-encoding in the query parameter '"
                    + Router.clip(pair) + "': " + e.getMessage());
        }
    }
}
