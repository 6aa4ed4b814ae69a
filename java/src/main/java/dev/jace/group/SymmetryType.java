package dev.jace.group;

/** Kind of a group element, used to report and constrain rotations and reflections separately. */
public enum SymmetryType {
    IDENTITY,
    /** {@code r^k} with {@code k != 0}. */
    ROTATION,
    /** {@code r^k m}. */
    REFLECTION;

    public static SymmetryType of(Element e) {
        if (e.flip() == 1) {
            return REFLECTION;
        }
        return e.rotation() == 0 ? IDENTITY : ROTATION;
    }
}
