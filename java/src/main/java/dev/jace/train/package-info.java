/**
 * The training loop: {@link dev.jace.train.Trainer} runs any constraint method of {@code dev.jace.constraint} on a
 * {@code dev.jace.nn.Sequential} model over a {@link dev.jace.train.TrainingData} (e.g. a {@code dev.jace.data}
 * dataset through {@link dev.jace.train.DatasetData}), with {@link dev.jace.train.Optimizer} (SGD/Adam), the
 * constraint quantities {@link dev.jace.train.OutputDeviation}, {@link dev.jace.train.RelaxationMagnitude} and
 * {@link dev.jace.train.FreeBranchL2}, metrics records ({@link dev.jace.train.Metrics}, JSON lines through
 * {@link dev.jace.train.JsonlMetrics}) and checkpoints that resume bitwise on the CPU. See docs/train.md.
 */
package dev.jace.train;
