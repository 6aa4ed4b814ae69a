/**
 * Neural-network layers with explicit forward/backward passes on a {@link dev.jace.backend.Backend}, no autograd.
 *
 * <ul>
 *   <li>{@link dev.jace.nn.Layer}: {@code forward} caches what {@code backward} needs; {@code backward} accumulates
 *       parameter gradients ({@code +=}) and returns the input gradient; returned tensors are owned by the layer.</li>
 *   <li>Equivariant layers: {@link dev.jace.nn.LiftingConvLayer}, {@link dev.jace.nn.GroupConvLayer},
 *       {@link dev.jace.nn.GroupPoolLayer}, {@link dev.jace.nn.GroupBatchNorm}; pointwise and spatial layers work on
 *       images and group maps alike.</li>
 *   <li>{@link dev.jace.nn.Relaxation}s of equivariant convolutions: {@link dev.jace.nn.AdditiveRelaxation}
 *       ({@code eq + γ·free}) and {@link dev.jace.nn.RelaxedGroupConvLayer} (Wang et al. 2022); at zero relaxation
 *       they equal their {@code project()}ion.</li>
 *   <li>{@link dev.jace.nn.Sequential}: builder with shape inference, dotted parameter names
 *       ({@code "block1.conv.weight"}) in a {@link dev.jace.nn.ParameterRegistry}, model-level
 *       {@code setStrict()}/{@code project()}.</li>
 * </ul>
 */
package dev.jace.nn;
