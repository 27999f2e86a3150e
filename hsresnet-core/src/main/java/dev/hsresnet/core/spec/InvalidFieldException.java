package dev.hsresnet.core.spec;

/**
 * A configuration value is out of its range or otherwise invalid. The message is {@code
 * "<field>: <problem>"}, e.g. {@code "depth: must be in 1..1000, got 1000000"}; {@link
 * SpecJson#describe} puts the JSON path of the enclosing object in front, giving {@code
 * "architecture.stages[1].depth: must be in 1..1000, got 1000000"}.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the field's name, relative to the object being validated (e.g. {@code depth}
     *     or {@code stages[1].planes})
     * @param problem what is wrong, with the bad value
     */
    public InvalidFieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** @return the field's name, relative to the object being validated */
    public String field() {
        return field;
    }
}
