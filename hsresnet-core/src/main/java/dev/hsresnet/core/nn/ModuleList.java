package dev.hsresnet.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/**
 * An indexed holder of child blocks that its parent calls one by one, like PyTorch's {@code
 * nn.ModuleList}: its children are named {@code 0, 1, ...} in the PyTorch state dict. It is never
 * called itself, and its parent initializes each child with that child's own input shape.
 */
public final class ModuleList extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates an empty list. */
    public ModuleList() {
        super(VERSION);
    }

    /**
     * Appends a block.
     *
     * @param block the child
     * @return this list
     */
    public ModuleList add(Block block) {
        addChildBlock(block.getClass().getSimpleName(), block);
        return this;
    }

    /** @return child {@code index} (0-based) */
    public Block get(int index) {
        return children.get(index).getValue();
    }

    /** @return the number of children */
    public int size() {
        return children.size();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        throw new UnsupportedOperationException(
                "a ModuleList is a container; its parent calls the children");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(
                "a ModuleList is a container; its parent computes the children's shapes");
    }

    /** No shapes of its own: the children save theirs. */
    @Override
    protected void saveMetadata(DataOutputStream os) {}

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) {}
}
