package dev.hsresnet.deploy.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hsresnet.core.engine.CpuInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Why {@code export --quantize bf16} is refused, checked on this machine: a CPU without bfloat16
 * instructions would emulate it (slower than float32), and ONNX Runtime's CPU execution provider
 * has no bfloat16 convolution, which {@link #ortConvError()} proves by asking ONNX Runtime.
 */
public final class Bf16 {

    private Bf16() {}

    /**
     * @param cpu this machine's CPU
     * @return the reason bf16 export is refused here, naming the CPU and its instructions
     */
    public static String unsupported(CpuInfo cpu) {
        String model = cpu.knownModel().orElse("this CPU");
        if (!cpu.has("avx512_bf16") && !cpu.has("amx_bf16")) {
            return "--quantize bf16: " + model + " has no bfloat16 instructions (avx512_bf16 or "
                    + "amx_bf16), so bf16 would be emulated and slower than float32; use "
                    + "--quantize int8";
        }
        String ort = ortConvError().map(e -> " (ONNX Runtime says: " + e + ")").orElse("");
        return "--quantize bf16: " + model + " has bfloat16 instructions, but ONNX Runtime's CPU "
                + "execution provider has no bfloat16 Conv kernel" + ort + "; use --quantize int8";
    }

    /**
     * Builds a one-Conv bfloat16 graph and opens it in ONNX Runtime.
     *
     * @return ONNX Runtime's refusal, or empty if it accepts a bfloat16 Conv (then this class's
     *     premise no longer holds)
     */
    static Optional<String> ortConvError() {
        GraphBuilder g = new GraphBuilder(OnnxOptions.DEFAULT_OPSET);
        g.input("x");
        g.tensor("w", OnnxProto.BFLOAT16, new long[] {1, 1, 1, 1},
                ByteBuffer.wrap(new byte[] {(byte) 0x80, 0x3f})); // 1.0 in bfloat16
        g.conv("y", "x", "w", null, 1, 1, 0);
        List<Object> dims = List.of(1L, 1L, 2L, 2L);
        ProtoMessage graph = g.build("bf16", "one bfloat16 Conv",
                List.of(OnnxProto.valueInfo("x", OnnxProto.BFLOAT16, dims)),
                List.of(OnnxProto.valueInfo("y", OnnxProto.BFLOAT16, dims)));
        byte[] model = new ProtoMessage()
                .varint(OnnxProto.MODEL_IR_VERSION, OnnxProto.irVersion(OnnxOptions.DEFAULT_OPSET))
                .message(OnnxProto.MODEL_OPSET_IMPORT,
                        OnnxProto.opsetId(OnnxOptions.DEFAULT_OPSET))
                .message(OnnxProto.MODEL_GRAPH, graph).toByteArray();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                OrtSession s = OrtEnvironment.getEnvironment().createSession(model, o)) {
            return Optional.empty();
        } catch (OrtException e) {
            String m = e.getMessage();
            return Optional.of(m.length() > 200 ? m.substring(0, 200) + "..." : m);
        }
    }
}
