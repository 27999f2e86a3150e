package dev.hsresnet.core.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PyTorch names of a block's parameters, as {@code module.state_dict()} would list them for
 * the same structure (timm's ResNet naming, see HS-RESNET.md), {@code num_batches_tracked}
 * excepted.
 *
 * <p>The rules: a child of a {@link SequentialBlock} or {@link ModuleList} is named by its
 * 0-based position; a child of any other block by the name it was added under; an {@link
 * InlineChildren} block adds no segment. DJL's BatchNorm {@code gamma, beta, runningMean,
 * runningVar} are PyTorch's {@code weight, bias, running_mean, running_var}.
 */
public final class StateDict {

    private StateDict() {}

    /**
     * @param root the network (or any block, e.g. an {@link HSBlock} alone)
     * @return PyTorch name to DJL parameter, in PyTorch's registration order; unmodifiable
     */
    public static Map<String, Parameter> of(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(root, "", out);
        return Collections.unmodifiableMap(out);
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            String name = prefix + torchParameterName(p.getKey());
            if (out.put(name, p.getValue()) != null) {
                throw new IllegalStateException("two parameters map to the PyTorch name " + name);
            }
        }
        boolean indexed = block instanceof SequentialBlock || block instanceof ModuleList;
        int position = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            Block childBlock = child.getValue();
            String segment = indexed ? String.valueOf(position) : childName(child.getKey());
            position++;
            String childPrefix = childBlock instanceof InlineChildren ? prefix : prefix + segment + ".";
            collect(childBlock, childPrefix, out);
        }
    }

    /** DJL's child keys are the added name behind a zero-padded position, e.g. {@code 03conv3}. */
    private static String childName(String key) {
        int i = 0;
        while (i < key.length() && Character.isDigit(key.charAt(i))) {
            i++;
        }
        return key.substring(i);
    }

    private static String torchParameterName(String djlName) {
        return switch (djlName) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djlName;
        };
    }
}
