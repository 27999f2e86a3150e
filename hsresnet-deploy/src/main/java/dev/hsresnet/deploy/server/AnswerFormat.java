package dev.hsresnet.deploy.server;

import java.util.Locale;

/**
 * What a segmentation answer holds: the JSON summary (the default) or the class mask as an index
 * PNG. A {@code format} query parameter decides ({@code json} or {@code png}); without it, the
 * {@code Accept} header does: PNG when it prefers {@code image/png} (or {@code image/*}) to JSON
 * ({@code application/json}, {@code application/*}, {@code *}{@code /*}) by its {@code q}
 * weights, JSON otherwise (no header, a tie, or neither listed).
 */
enum AnswerFormat {
    /** {@code application/json}: the model, the size and the area of every class. */
    JSON,
    /** {@code image/png}: the mask, 8- or 16-bit gray, pixel values the class indices. */
    PNG;

    /**
     * @param format the {@code format} query parameter, or null
     * @param accept the {@code Accept} header, or null
     * @return the format asked for
     * @throws HttpError 400 when {@code format} is neither {@code json} nor {@code png}
     */
    static AnswerFormat of(String format, String accept) throws HttpError {
        if (format != null) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "png" -> PNG;
                default -> throw new HttpError(400, "format must be json or png, got '"
                        + Router.clip(format) + "'");
            };
        }
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        return weight(accept, "image/png", "image/*") > weight(accept, "application/json",
                "application/*", "*/*") ? PNG : JSON;
    }

    /**
     * @return the {@code q} of the first of {@code types} (most specific first) that the header
     *     lists, or 0 when it lists none
     */
    private static double weight(String accept, String... types) {
        for (String type : types) {
            for (String range : accept.split(",")) {
                String[] parts = range.split(";");
                if (parts[0].strip().equalsIgnoreCase(type)) {
                    return quality(parts);
                }
            }
        }
        return 0;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    double q = Double.parseDouble(p.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
