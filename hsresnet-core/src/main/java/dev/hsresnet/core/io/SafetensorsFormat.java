package dev.hsresnet.core.io;

/** Constants of the on-disk format, shared by reader and writer. */
final class SafetensorsFormat {
    private SafetensorsFormat() {
    }

    /** Bytes of the little-endian u64 header-length prefix. */
    static final int LENGTH_PREFIX_BYTES = 8;

    /** Data starts at a multiple of this; the header is padded with spaces to reach it. */
    static final int ALIGNMENT = 8;

    /** Same cap as the reference implementation: a longer "header" means a corrupt or foreign file. */
    static final int MAX_HEADER_BYTES = 100_000_000;

    /** Reserved top-level key holding the string-to-string metadata map. */
    static final String METADATA_KEY = "__metadata__";

    /** Largest heap buffer the JVM reliably allocates (some VMs reserve a few header words). */
    static final int MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;
}
