package dev.hsresnet.deploy.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The encoded images of a {@code POST /v1/predict} body, by its {@code Content-Type}:
 *
 * <ul>
 *   <li>{@code image/*}, {@code application/octet-stream} or none: the body is one image;
 *   <li>{@code multipart/form-data}: every file part, in order (Netty's decoder);
 *   <li>{@code application/json}: {@code {"instances": [{"b64": "<base64 image>"}, ...]}}.
 * </ul>
 */
final class Uploads {

    /** Non-file multipart fields allowed beside the images. */
    static final int EXTRA_FIELDS = 64;

    /** The least a field may buffer, so that a small body still decodes. */
    private static final int MIN_BUFFERED_BYTES = 64 * 1024;

    private Uploads() {}

    /**
     * An encoded image.
     *
     * @param bytes the image file's bytes
     * @param source what they are, for messages
     */
    record Upload(byte[] bytes, String source) {}

    /**
     * The images of a request.
     *
     * @param images in request order, at least one
     * @param batch whether the client sent a batch form (several file parts or JSON instances),
     *     answered with a list of results
     */
    record Images(List<Upload> images, boolean batch) {}

    /**
     * @param maxImages most images accepted
     * @throws HttpError 415 for another media type, 400 for an empty or malformed body, 413 for
     *     more than {@code maxImages} images
     */
    static Images read(Request request, int maxImages) throws HttpError {
        String type = request.header("Content-Type");
        String base = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (base.equals("multipart/form-data")) {
            return multipart(request, maxImages);
        }
        if (base.equals("application/json")) {
            return json(request.body(), maxImages);
        }
        if (!(base.isEmpty() || base.startsWith("image/")
                || base.equals("application/octet-stream"))) {
            throw new HttpError(415, "unsupported Content-Type '" + Router.clip(type)
                    + "': send the image bytes as image/* or application/octet-stream, a "
                    + "multipart/form-data upload or application/json instances");
        }
        if (request.body().length == 0) {
            throw new HttpError(400, "empty request body: send the image's bytes");
        }
        return new Images(List.of(new Upload(request.body(), "request body")), false);
    }

    private static Images multipart(Request request, int maxImages) throws HttpError {
        String type = request.header("Content-Type");
        String boundary = boundaryOf(type);
        String close = "--" + boundary + "--";
        if (!new String(request.body(), StandardCharsets.ISO_8859_1).contains(close)) {
            throw new HttpError(400, "multipart body is truncated: no closing boundary '"
                    + Router.clip(close) + "'");
        }
        DefaultFullHttpRequest whole = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.POST, request.path(), Unpooled.wrappedBuffer(request.body()));
        try {
            whole.headers().set(request.headers());
            return parts(whole, request.body().length, maxImages);
        } finally {
            whole.release();
        }
    }

    /** Decodes the file parts of a whole multipart request (released by the caller). */
    private static Images parts(DefaultFullHttpRequest whole, int bodyBytes, int maxImages)
            throws HttpError {
        HttpPostMultipartRequestDecoder decoder;
        try {
            // memory only: the body is bounded by maxBodyBytes already; room for some non-file
            // fields beside the images, and no field buffered beyond the body itself
            decoder = new HttpPostMultipartRequestDecoder(new DefaultHttpDataFactory(false),
                    whole, StandardCharsets.UTF_8, maxImages + EXTRA_FIELDS,
                    Math.max(bodyBytes, MIN_BUFFERED_BYTES));
        } catch (DecoderException e) {
            throw decoderError(e, maxImages);
        }
        try {
            List<Upload> images = new ArrayList<>();
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload file) {
                    if (images.size() == maxImages) {
                        throw new HttpError(413, "more than " + maxImages + " files in one "
                                + "request");
                    }
                    byte[] bytes = file.get();
                    String name = file.getFilename() == null || file.getFilename().isEmpty()
                            ? "" : " '" + Router.clip(file.getFilename()) + "'";
                    if (bytes.length == 0) {
                        throw new HttpError(400, "the uploaded file" + name + " is empty");
                    }
                    images.add(new Upload(bytes, "uploaded file" + name));
                }
            }
            if (images.isEmpty()) {
                throw new HttpError(400, "multipart body has no file part (send the image as a "
                        + "part with a filename)");
            }
            return new Images(List.copyOf(images), images.size() > 1);
        } catch (DecoderException e) {
            throw decoderError(e, maxImages);
        } catch (IOException e) {
            throw new HttpError(400, "malformed multipart body: " + e.getMessage());
        } finally {
            decoder.destroy();
        }
    }

    /** 413 for too many parts or too long a field, 400 for a malformed body. */
    private static HttpError decoderError(DecoderException e, int maxImages) {
        if (e instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
            return new HttpError(413, "too many parts in the multipart body: at most "
                    + maxImages + " files and " + EXTRA_FIELDS + " other fields");
        }
        if (e instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
            return new HttpError(413, "a multipart field is too long");
        }
        return new HttpError(400, "malformed multipart body: "
                + Router.clip(e.getMessage()));
    }

    /** @return the boundary parameter of a multipart Content-Type */
    static String boundaryOf(String contentType) throws HttpError {
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).strip();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (b.isEmpty() || b.length() > 70) {
                    throw new HttpError(400, "multipart boundary must be 1 to 70 characters");
                }
                return b;
            }
        }
        throw new HttpError(400, "multipart/form-data without a boundary parameter");
    }

    private static Images json(byte[] body, int maxImages) throws HttpError {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed JSON body: " + Router.clip(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new HttpError(400, "cannot read the JSON body: " + e.getMessage());
        }
        JsonNode instances = root == null ? null : root.get("instances");
        if (instances == null || !instances.isArray() || instances.isEmpty()) {
            throw new HttpError(400, "a JSON body must be {\"instances\": [{\"b64\": "
                    + "\"<base64 image>\"}, ...]} with at least one instance");
        }
        if (instances.size() > maxImages) {
            throw new HttpError(413, instances.size() + " instances in one request, more than "
                    + "the limit of " + maxImages);
        }
        List<Upload> images = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            JsonNode b64 = instances.get(i).get("b64");
            if (b64 == null || !b64.isTextual()) {
                throw new HttpError(400, "instances[" + i + "].b64 must be a base64 string");
            }
            try {
                images.add(new Upload(Base64.getDecoder().decode(b64.asText()),
                        "instances[" + i + "]"));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "instances[" + i + "].b64 is not base64: "
                        + e.getMessage());
            }
        }
        return new Images(List.copyOf(images), true);
    }
}
