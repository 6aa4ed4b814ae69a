package dev.jace.nn;

/**
 * A layer that relaxes a strictly equivariant layer by learnable non-equivariant parameters. At zero relaxation
 * ({@link #setStrict()}) it computes exactly (up to float rounding) what its {@link #project() projection} computes.
 */
public sealed interface Relaxation extends Layer permits AdditiveRelaxation, RelaxedGroupConvLayer {

    /** Size of the non-equivariant part; 0 exactly when the layer is strictly equivariant. */
    double magnitude();

    /** Sets the relaxation to zero, keeping the equivariant part. */
    void setStrict();

    /**
     * The strictly equivariant layer this relaxation reduces to at zero relaxation. Ownership of the equivariant
     * parameters passes to the returned layer; this relaxation is closed and must not be used afterwards.
     */
    EquivariantConv project();
}
