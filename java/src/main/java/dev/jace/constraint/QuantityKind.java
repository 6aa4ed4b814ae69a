package dev.jace.constraint;

/** What a {@link ConstraintQuantity} measures. */
public enum QuantityKind {
    /** Size of a relaxation: |γ_l| of a layer, or the spread of its weights over the group. */
    RELAXATION_MAGNITUDE,
    /** Function-space equivariance deviation of a layer or of the output, for one symmetry type. */
    EQUIVARIANCE_DEVIATION,
    /**
     * Half the squared L2 norm of the non-equivariant part as it reaches the output ({@code ½‖γ·F‖²} of an additive
     * relaxation, the coefficients' spread over the group of a relaxed group conv), for the RPP prior.
     */
    FREE_BRANCH_L2
}
