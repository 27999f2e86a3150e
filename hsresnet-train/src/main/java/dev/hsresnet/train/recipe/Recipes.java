package dev.hsresnet.train.recipe;

import dev.hsresnet.core.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hsresnet.core.text.TextFiles;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reading, overriding and writing {@link Recipe}s.
 *
 * <p>Reading is strict: unknown keys, duplicate keys, values of the wrong type (a string where a
 * number belongs, a fraction where an integer belongs) and values out of range are all errors, each
 * a {@link RecipeException} whose message names the source, line, column and dotted field path.
 * YAML is read as YAML 1.1 by SnakeYAML, so {@code yes}/{@code on} are booleans and a leading-zero
 * integer such as {@code 010} is octal.
 */
public final class Recipes {
    private Recipes() {
    }

    /** Recipe file formats. */
    public enum Format {
        /** JSON ({@code .json}). */
        JSON,
        /** YAML ({@code .yaml} or {@code .yml}). */
        YAML;

        /**
         * The format of a file by its extension.
         *
         * @param file a recipe file
         * @return its format
         * @throws IllegalArgumentException for another extension
         */
        public static Format of(Path file) {
            String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
            if (name.endsWith(".json")) {
                return JSON;
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return YAML;
            }
            throw new IllegalArgumentException(file + ": unknown recipe format; use a .json, .yaml or .yml file");
        }
    }

    private static final ObjectMapper JSON_MAPPER = strict(JsonMapper.builder());
    private static final ObjectMapper YAML_MAPPER = strict(YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M strict(B builder) {
        return builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private static ObjectMapper mapper(Format format) {
        return format == Format.JSON ? JSON_MAPPER : YAML_MAPPER;
    }

    // ------------------------------------------------------------------ reading

    /** The largest recipe file read. */
    public static final long MAX_RECIPE_BYTES = 1L << 20;

    /**
     * Reads a recipe file; the format comes from the extension (.json, .yaml, .yml).
     *
     * @param file the recipe
     * @return the recipe
     * @throws IOException if the file cannot be read, is not a regular file, is larger than
     *     {@link #MAX_RECIPE_BYTES} or is not valid UTF-8 (the message names the file)
     * @throws RecipeException if its content is not a valid recipe (message starts with the file name)
     * @throws IllegalArgumentException if the extension is not a recipe format
     */
    public static Recipe load(Path file) throws IOException {
        return load(file, Recipe.class);
    }

    /**
     * The model name a recipe file asks for, without validating the rest: what decides which
     * recipe type (classifier or segmentation) to read it as.
     *
     * @param file the recipe
     * @return {@code model.name}, or null when the file has none or does not parse (reading it
     *     as a recipe then reports the problem)
     * @throws IOException if the file cannot be read
     */
    public static String modelName(Path file) throws IOException {
        String text = TextFiles.readUtf8(file, MAX_RECIPE_BYTES);
        try {
            JsonNode root = mapper(Format.of(file)).readTree(text);
            return root == null ? null : root.path("model").path("name").asText(null);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Reads a recipe file of any recipe type (a classifier's {@link Recipe}, a segmentation
     * recipe, ...); the format comes from the extension.
     *
     * @param file the recipe
     * @param type the recipe record
     * @param <T> the recipe type
     * @return the recipe
     * @throws IOException as {@link #load(Path)}
     */
    public static <T extends Record> T load(Path file, Class<T> type) throws IOException {
        Format format = Format.of(file);
        String text = TextFiles.readUtf8(file, MAX_RECIPE_BYTES);
        return parse(text, format, file.toString(), type);
    }

    /**
     * Parses recipe text.
     *
     * @param text the recipe
     * @param format its format
     * @return the recipe
     * @throws RecipeException if it is not a valid recipe (message starts with "recipe")
     */
    public static Recipe parse(String text, Format format) {
        return parse(text, format, "recipe");
    }

    /**
     * Parses recipe text, naming {@code source} in error messages.
     *
     * @param text the recipe
     * @param format its format
     * @param source file name or other description for messages
     * @return the recipe
     * @throws RecipeException if it is not a valid recipe
     */
    public static Recipe parse(String text, Format format, String source) {
        return parse(text, format, source, Recipe.class);
    }

    /**
     * Parses recipe text of any recipe type, naming {@code source} in error messages.
     *
     * @param text the recipe
     * @param format its format
     * @param source file name or other description for messages
     * @param type the recipe record
     * @param <T> the recipe type
     * @return the recipe
     * @throws RecipeException if it is not a valid recipe
     */
    public static <T extends Record> T parse(String text, Format format, String source,
            Class<T> type) {
        if (text.isBlank()) {
            throw new RecipeException(source, 0, 0, "", "empty recipe; model.name, data.kind and data.train are required",
                    null);
        }
        T r;
        try {
            r = mapper(format).readValue(text, type);
        } catch (JsonProcessingException e) {
            throw translate(e, source, locate(text, format));
        }
        if (r == null) {
            throw new RecipeException(source, 0, 0, "", "empty recipe; model.name, data.kind and data.train are required",
                    null);
        }
        return r;
    }

    /** Where a key sits in the text and what value it holds. */
    private record Spot(int line, int column, String value) {
    }

    /**
     * Maps each dotted key path of the document to its position, by streaming the tokens. Stops
     * quietly at a syntax error (the parse error reports those).
     */
    private static Map<String, Spot> locate(String text, Format format) {
        Map<String, Spot> spots = new HashMap<>();
        try (JsonParser p = mapper(format).getFactory().createParser(text)) {
            JsonLocation keyAt = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    keyAt = p.currentTokenLocation();
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                // A container start has already opened its own context; the key lives in the parent.
                JsonStreamContext ctx = t.isStructStart() ? p.getParsingContext().getParent() : p.getParsingContext();
                if (ctx == null || ctx.inRoot()) {
                    continue;
                }
                JsonLocation at = ctx.inObject() && keyAt != null ? keyAt : p.currentTokenLocation();
                String value = t.isScalarValue() ? p.getText() : t == JsonToken.START_ARRAY ? "a list" : "a mapping";
                spots.putIfAbsent(path(ctx), new Spot(at.getLineNr(), at.getColumnNr(), value));
                keyAt = null;
            }
        } catch (IOException | RuntimeException e) {
            // keep what was found before the bad token
        }
        return spots;
    }

    private static String path(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                parts.add(0, "." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String s = String.join("", parts);
        return s.startsWith(".") ? s.substring(1) : s;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static RecipeException translate(JsonProcessingException e, String source, Map<String, Spot> spots) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
        int col = loc == null ? 0 : Math.max(0, loc.getColumnNr());
        StreamReadException syntax = findSyntaxError(e);
        if (syntax != null) {
            JsonLocation sl = syntax.getLocation();
            if (sl != null) {
                line = Math.max(0, sl.getLineNr());
                col = Math.max(0, sl.getColumnNr());
            }
            String msg = syntax.getOriginalMessage();
            org.yaml.snakeyaml.error.MarkedYAMLException yamlError = findYamlError(syntax);
            if (msg != null && msg.startsWith("Duplicate field")) {
                msg = msg.replace("Duplicate field", "duplicate key");
            } else if (yamlError != null) {
                String problem = yamlError.getProblem();
                String context = yamlError.getContext();
                msg = "syntax error: " + (problem == null ? "" : problem)
                        + (context == null ? "" : (problem == null ? "" : " ") + "(" + context + ")");
                if (yamlError.getProblemMark() != null) {
                    line = yamlError.getProblemMark().getLine() + 1;
                    col = yamlError.getProblemMark().getColumn() + 1;
                }
            } else {
                msg = "syntax error: " + firstLine(msg);
            }
            return new RecipeException(source, line, col, "", msg, e);
        }
        if (!(e instanceof JsonMappingException jme)) {
            return new RecipeException(source, line, col, "", firstLine(e.getOriginalMessage()), e);
        }
        String at = path(jme);
        RecipeException ours = findCause(e);
        if (ours != null) {
            RecipeException r = ours.within(at);
            Spot s = spots.get(stripIndex(r.field()));
            return s == null ? r.at(source, line, col, e) : r.at(source, s.line, s.column, e);
        }
        Spot s = spots.get(at);
        if (s != null) {
            line = s.line;
            col = s.column;
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String parent = at.contains(".") ? at.substring(0, at.lastIndexOf('.')) : "";
            String known = knownKeys(u.getReferringClass());
            return new RecipeException(source, line, col, "",
                    "unknown key '" + at + "' (known keys" + (parent.isEmpty() ? "" : " of " + parent) + ": " + known + ")", e);
        }
        if (at.isEmpty()) {
            String original = String.valueOf(e.getOriginalMessage());
            String what = original.startsWith("No content to map")
                    ? "empty recipe; model.name, data.kind and data.train are required"
                    : e instanceof MismatchedInputException m && m.getTargetType() != null && m.getTargetType().isRecord()
                            && m.getTargetType().getEnclosingClass() == null
                    ? "a recipe must be a mapping of keys (model, data, ...) at the top level"
                    : firstLine(original);
            return new RecipeException(source, line, col, "", what, e);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String got = e instanceof InvalidFormatException f && f.getValue() != null ? String.valueOf(f.getValue())
                    : s != null ? s.value : "?";
            return new RecipeException(source, line, col, at, "expected " + describe(m.getTargetType()) + ", got '" + got + "'", e);
        }
        return new RecipeException(source, line, col, at, firstLine(e.getOriginalMessage()), e);
    }

    private static String stripIndex(String field) {
        return field.replaceAll("\\[\\d+]$", "");
    }

    private static StreamReadException findSyntaxError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof StreamReadException r && !(c instanceof JsonMappingException)) {
                return r;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static org.yaml.snakeyaml.error.MarkedYAMLException findYamlError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                return m;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static RecipeException findCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RecipeException r) {
                return r;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid recipe";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum() && Keyed.class.isAssignableFrom(type)) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Keyed) c).key())
                    .collect(Collectors.joining(", "));
        }
        if (type.isRecord()) {
            return "a mapping with keys " + knownKeys(type);
        }
        return type.getSimpleName();
    }

    private static String knownKeys(Class<?> type) {
        if (type == null || !type.isRecord()) {
            return "?";
        }
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------- overrides

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    /**
     * Applies command-line overrides such as {@code optimizer.lr=0.05}, {@code data.kind=folder},
     * {@code schedule.milestones=10,20} or {@code data.val=null}.
     *
     * <p>The path is the dotted key path of a value (not a section). The value is typed by the
     * target field: integers, numbers ({@code 1e-3} allowed), {@code true}/{@code false}, enum
     * spellings, strings as written, lists as comma-separated integers (empty for an empty list);
     * the word {@code null} resets a field to its default (or unsets an optional one). Later
     * overrides of the same path win. The result is validated as a whole, so overrides that only
     * make sense together (say {@code schedule.kind=step} and {@code schedule.milestones=10,20})
     * may be given together.
     *
     * @param recipe the recipe to start from
     * @param overrides {@code path=value} strings
     * @return the overridden recipe
     * @throws IllegalArgumentException (a {@link RecipeException}) naming the override text for a
     *     malformed override, an unknown path, a value of the wrong type or out of range
     */
    public static <T extends Record> T applyOverrides(T recipe, List<String> overrides) {
        if (overrides.isEmpty()) {
            return recipe;
        }
        ObjectNode root = JSON_MAPPER.valueToTree(recipe);
        Map<String, String> byPath = new HashMap<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw overrideError(o, "", "expected path=value, e.g. optimizer.lr=0.05");
            }
            String path = o.substring(0, eq).trim();
            String value = o.substring(eq + 1).trim();
            String[] keys = path.split("\\.", -1);
            Class<?> type = recipe.getClass();
            ObjectNode node = root;
            for (int i = 0; i < keys.length; i++) {
                String walked = String.join(".", Arrays.copyOfRange(keys, 0, i + 1));
                RecordComponent rc = component(type, keys[i]);
                if (rc == null) {
                    String parent = String.join(".", Arrays.copyOfRange(keys, 0, i));
                    throw overrideError(o, "", "unknown key '" + walked + "' (known keys"
                            + (parent.isEmpty() ? "" : " of " + parent) + ": " + knownKeys(type) + ")");
                }
                boolean last = i == keys.length - 1;
                if (rc.getType().isRecord()) {
                    if (last) {
                        throw overrideError(o, "", "'" + walked + "' is a section; set one of its keys ("
                                + knownKeys(rc.getType()) + "), e.g. " + walked + "."
                                + rc.getType().getRecordComponents()[0].getName() + "=...");
                    }
                    JsonNode child = node.get(keys[i]);
                    if (!(child instanceof ObjectNode)) {
                        child = node.putObject(keys[i]);
                    }
                    node = (ObjectNode) child;
                    type = rc.getType();
                } else if (!last) {
                    throw overrideError(o, "", "'" + walked + "' is a value, not a section");
                } else {
                    node.set(keys[i], typed(o, walked, rc.getGenericType(), value));
                    byPath.put(walked, o);
                }
            }
        }
        try {
            @SuppressWarnings("unchecked")
            T result = (T) JSON_MAPPER.treeToValue(root, recipe.getClass());
            return result;
        } catch (JsonProcessingException e) {
            RecipeException r = translate(e, null, Map.of());
            String culprit = byPath.get(stripIndex(r.field()));
            String named = culprit != null ? "override '" + culprit + "'" : "overrides " + overrides;
            throw new RecipeException(named, 0, 0, r.field(), r.detail(), e);
        }
    }

    private static RecipeException overrideError(String override, String field, String detail) {
        return new RecipeException("override '" + override + "'", 0, 0, field, detail, null);
    }

    private static RecordComponent component(Class<?> type, String name) {
        for (RecordComponent rc : type.getRecordComponents()) {
            if (rc.getName().equals(name)) {
                return rc;
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonNode typed(String override, String path, Type type, String value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value.equals("null")) {
            return f.nullNode();
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            if (!INTEGER.matcher(value).matches()) {
                throw overrideError(override, path, "expected an integer, got '" + value + "'");
            }
            try {
                return raw == int.class || raw == Integer.class ? f.numberNode(Integer.parseInt(value))
                        : f.numberNode(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw overrideError(override, path, "integer out of range, got '" + value + "'");
            }
        }
        if (raw == double.class || raw == Double.class) {
            if (!DECIMAL.matcher(value).matches()) {
                throw overrideError(override, path, "expected a number, got '" + value + "'");
            }
            return f.numberNode(Double.parseDouble(value));
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (value.equalsIgnoreCase("true")) {
                return f.booleanNode(true);
            }
            if (value.equalsIgnoreCase("false")) {
                return f.booleanNode(false);
            }
            throw overrideError(override, path, "expected true or false, got '" + value + "'");
        }
        if (raw.isEnum() && Keyed.class.isAssignableFrom(raw)) {
            try {
                return f.textNode(((Keyed) Keyed.parse((Class) raw, value)).key());
            } catch (RecipeException e) {
                throw overrideError(override, path, e.detail());
            }
        }
        if (raw == String.class) {
            return f.textNode(value);
        }
        if (raw == List.class) {
            ArrayNode arr = f.arrayNode();
            if (value.isEmpty()) {
                return arr;
            }
            for (String part : value.split(",", -1)) {
                String v = part.trim();
                if (!INTEGER.matcher(v).matches()) {
                    throw overrideError(override, path, "expected comma-separated integers, got '" + value + "'");
                }
                try {
                    arr.add(Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw overrideError(override, path, "integer out of range, got '" + v + "'");
                }
            }
            return arr;
        }
        throw new IllegalStateException("override of unsupported type " + type);
    }

    // ------------------------------------------------------------------ writing

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    /**
     * The recipe as pretty-printed JSON: keys in a fixed order, every key present (optional ones as
     * null), ending in a newline. {@code parse(toJson(r), JSON).equals(r)} holds.
     *
     * @param recipe the recipe
     * @return JSON text
     */
    public static String toJson(Record recipe) {
        try {
            return JSON_MAPPER.writer(PRETTY).writeValueAsString(recipe) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize recipe", e);
        }
    }

    /**
     * The recipe as YAML, same keys and order as {@link #toJson}.
     *
     * @param recipe the recipe
     * @return YAML text
     */
    public static String toYaml(Record recipe) {
        try {
            return YAML_MAPPER.writeValueAsString(recipe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize recipe", e);
        }
    }

    /**
     * Writes the recipe atomically, as JSON or YAML by the file's extension.
     *
     * @param recipe the recipe
     * @param file target file (.json, .yaml or .yml)
     * @throws IOException if it cannot be written
     */
    public static void save(Record recipe, Path file) throws IOException {
        String text = Format.of(file) == Format.JSON ? toJson(recipe) : toYaml(recipe);
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
