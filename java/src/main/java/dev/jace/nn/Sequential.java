package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Layers applied in order, each under a unique name (its index by default, e.g. "0", or one given with
 * {@link Builder#name}); parameters are named {@code layerName + "." + localName}, e.g. "0.weight",
 * "block1.conv.free.weight". Owns its layers.
 */
public final class Sequential implements Layer {

    private final Backend backend;
    private final GroupTable group;
    private final Shape sampleShape;
    private final List<String> names;
    private final List<Layer> layers;
    /**
     * Index of the first layer with parameters ({@code layers.size()} if none), where {@link #backwardParameters}
     * stops; {@link #project} keeps it, as a relaxation and its projection both have parameters.
     */
    private final int firstTrainable;

    private Sequential(Backend backend, GroupTable group, Shape sampleShape, List<String> names, List<Layer> layers) {
        this.backend = backend;
        this.group = group;
        this.sampleShape = sampleShape;
        this.names = List.copyOf(names);
        this.layers = new ArrayList<>(layers);
        int first = 0;
        while (first < layers.size() && layers.get(first).parameters().size() == 0) {
            first++;
        }
        this.firstTrainable = first;
    }

    /**
     * Starts a model for inputs of per-sample shape {@code sampleShape} (e.g. {@code [C, H, W]}); equivariant
     * layers use {@code group}; weights come from {@code new Random(seed)}.
     */
    public static Builder builder(Backend backend, GroupTable group, Shape sampleShape, long seed) {
        Objects.requireNonNull(backend, "Sequential.builder: backend is null");
        Objects.requireNonNull(group, "Sequential.builder: group is null; e.g. new D4().table()");
        Objects.requireNonNull(sampleShape, "Sequential.builder: sampleShape is null; the shape of one input sample,"
                + " e.g. Shape.of(1, 28, 28)");
        return new Builder(backend, group, sampleShape, seed);
    }

    /** The group the model's equivariant layers use ({@link #builder}'s {@code group}). */
    public GroupTable group() {
        return group;
    }

    /** The per-sample input shape the model was built for ({@link #builder}'s {@code sampleShape}). */
    public Shape sampleShape() {
        return sampleShape;
    }

    public List<String> layerNames() {
        return names;
    }

    public Layer layer(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no layer '" + name + "'; layers: " + names);
        }
        return layers.get(i);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        LayerShapes.input("Sequential", x);
        Tensor h = x;
        for (Layer layer : layers) {
            h = layer.forward(h, training);
        }
        return h;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    /**
     * Backpropagates down to the first layer with parameters and leaves out its input gradient and every layer
     * before it (such as an input pooling), which have nothing to train.
     */
    @Override
    public void backwardParameters(Tensor dy) {
        if (firstTrainable == layers.size()) {
            return;
        }
        Tensor g = dy;
        for (int i = layers.size() - 1; i > firstTrainable; i--) {
            g = layers.get(i).backward(g);
        }
        layers.get(firstTrainable).backwardParameters(g);
    }

    @Override
    public Shape outputShape(Shape in) {
        Shape s = in;
        for (Layer layer : layers) {
            s = layer.outputShape(s);
        }
        return s;
    }

    @Override
    public ParameterRegistry parameters() {
        ParameterRegistry registry = new ParameterRegistry();
        for (int i = 0; i < layers.size(); i++) {
            registry.addAll(names.get(i), layers.get(i).parameters());
        }
        return registry;
    }

    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = names.get(i);
            layers.get(i).buffers().forEach((name, t) -> buffers.put(prefix + "." + name, t));
        }
        return buffers;
    }

    /** Sets every parameter gradient to zero. */
    public void zeroGrad() {
        parameters().zeroGrad(backend);
    }

    /** The relaxed layers by layer name, in order. */
    public Map<String, Relaxation> relaxations() {
        Map<String, Relaxation> relaxations = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Relaxation r) {
                relaxations.put(names.get(i), r);
            }
        }
        return relaxations;
    }

    /** Sets every relaxation to zero: the model becomes strictly equivariant. */
    public void setStrict() {
        relaxations().values().forEach(Relaxation::setStrict);
    }

    /** Replaces every relaxation by its projection onto the strictly equivariant layer. */
    public void project() {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Relaxation r) {
                layers.set(i, r.project());
            }
        }
    }

    @Override
    public void close() {
        layers.forEach(Layer::close);
    }

    /**
     * Adds layers while tracking the shape, so channel counts are inferred. A refused call (a bad argument, a layer
     * that does not fit the shape so far, a failed allocation, a name used twice) closes the layers made so far, as a
     * chained builder has no variable to close them through; the builder cannot be used afterwards.
     */
    public static final class Builder {

        private final Backend backend;
        private final GroupTable group;
        private final Random random;
        private final Shape inputSampleShape;
        private final List<String> names = new ArrayList<>();
        private final List<Layer> layers = new ArrayList<>();
        private Shape shape;
        private boolean built;
        /** The message of the refusal that closed the layers, after which the builder cannot be used. */
        private String refusal;

        private Builder(Backend backend, GroupTable group, Shape sampleShape, long seed) {
            this.backend = backend;
            this.group = group;
            this.random = new Random(seed);
            this.inputSampleShape = sampleShape;
            this.shape = sampleShape.batchOf(1);
        }

        /** Per-sample shape after the layers added so far. */
        public Shape sampleShape() {
            int[] dims = shape.dims();
            return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
        }

        private void checkNotBuilt() {
            if (built) {
                throw new IllegalStateException("Sequential.Builder used after build()");
            }
            if (refusal != null) {
                throw new IllegalStateException("Sequential.Builder used after it refused '" + refusal + "' and"
                        + " closed the layers it had made; start a new builder");
            }
        }

        /** Closes the layers made so far after {@code failure}, which the caller throws; the builder is spent. */
        private <T extends Throwable> T refused(T failure) {
            refusal = String.valueOf(failure.getMessage());
            for (Layer layer : layers) {
                try {
                    layer.close();
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
            layers.clear();
            names.clear();
            return failure;
        }

        /** Makes the next layer and adds it; what the layer refuses is named with its index. */
        private Builder add(Supplier<? extends Layer> make) {
            checkNotBuilt();
            Layer layer;
            try {
                layer = make.get();
            } catch (IllegalArgumentException e) {
                throw refused(new IllegalArgumentException("layer " + layers.size() + ": " + e.getMessage(), e));
            } catch (RuntimeException e) {
                throw refused(e);
            } catch (Error e) {
                throw refused(e);
            }
            try {
                shape = layer.outputShape(shape);
            } catch (IllegalArgumentException e) {
                layer.close();
                throw refused(new IllegalArgumentException("layer " + layers.size() + ": " + e.getMessage(), e));
            }
            names.add(Integer.toString(layers.size()));
            layers.add(layer);
            return this;
        }

        /** {@code value}, refused below 1 as an argument of the next layer (named with its index, as add does). */
        private int positive(String op, String argument, int value) {
            checkNotBuilt();
            if (value < 1) {
                throw refused(new IllegalArgumentException("layer " + layers.size() + ": " + op + ": " + argument
                        + " must be at least 1, got " + value));
            }
            return value;
        }

        /** {@code value}, refused when null as an argument of the next layer, with {@code hint} on what to give. */
        private <T> T given(String op, String argument, T value, String hint) {
            checkNotBuilt();
            if (value == null) {
                throw refused(new NullPointerException("layer " + layers.size() + ": " + op + ": " + argument
                        + " is null; " + hint));
            }
            return value;
        }

        private Padding padding(String op, Padding padding) {
            return given(op, "padding", padding, "Padding.SAME or Padding.VALID");
        }

        private RelaxationSpec relaxation(String op, RelaxationSpec relaxation) {
            return given(op, "relaxation", relaxation, "RelaxationSpec.none() for a strict layer");
        }

        private int channels() {
            return shape.rank() < 2 ? 0 : shape.dim(1);
        }

        /** Renames the last added layer (names must be unique and not contain empty segments). */
        public Builder name(String name) {
            checkNotBuilt();
            if (name == null) {
                throw refused(new NullPointerException("name is null; a layer's name is a non-empty string, e.g."
                        + " \"block1.conv\""));
            }
            if (layers.isEmpty()) {
                throw refused(new IllegalStateException("name('" + name + "') before any layer"));
            }
            if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                throw refused(new IllegalArgumentException("layer name '" + name + "' has an empty segment"));
            }
            if (names.contains(name)) {
                throw refused(new IllegalArgumentException("layer name '" + name + "' is already used"));
            }
            names.set(names.size() - 1, name);
            return this;
        }

        public Builder liftingConv(int outChannels, int kernel) {
            return liftingConv(outChannels, kernel, Padding.SAME, RelaxationSpec.none());
        }

        /** Lifting conv; relaxations: none or additive. */
        public Builder liftingConv(int outChannels, int kernel, Padding padding, RelaxationSpec relaxation) {
            int out = positive("liftingConv", "outChannels", outChannels);
            int k = positive("liftingConv", "kernel", kernel);
            Padding pad = padding("liftingConv", padding);
            return equivariant(relaxation("liftingConv", relaxation), () -> new LiftingConvLayer(backend, group,
                    channels(), out, k, pad, random), null);
        }

        public Builder groupConv(int outChannels, int kernel) {
            return groupConv(outChannels, kernel, Padding.SAME, RelaxationSpec.none());
        }

        /** Group conv; relaxations: none, additive or basis. */
        public Builder groupConv(int outChannels, int kernel, Padding padding, RelaxationSpec relaxation) {
            int out = positive("groupConv", "outChannels", outChannels);
            int k = positive("groupConv", "kernel", kernel);
            Padding pad = padding("groupConv", padding);
            return equivariant(relaxation("groupConv", relaxation), () -> new GroupConvLayer(backend, group,
                    channels(), out, k, pad, random), basis -> new RelaxedGroupConvLayer(backend, group, channels(),
                    out, k, pad, basis.basisCount(), basis.noise(), random));
        }

        private Builder equivariant(RelaxationSpec relaxation, Supplier<EquivariantConv> strict,
                                    Function<RelaxationSpec.Basis, Layer> relaxed) {
            return switch (relaxation) {
                case RelaxationSpec.None none -> add(strict);
                case RelaxationSpec.Additive additive ->
                        add(() -> new AdditiveRelaxation(backend, strict.get(), additive.gamma(), random));
                case RelaxationSpec.Basis basis -> {
                    if (relaxed == null) {
                        throw refused(new IllegalArgumentException("layer " + layers.size()
                                + ": basis relaxation is only available for group convolutions"));
                    }
                    yield add(() -> relaxed.apply(basis));
                }
            };
        }

        public Builder conv2d(int outChannels, int kernel, Padding padding, boolean bias) {
            int out = positive("conv2d", "outChannels", outChannels);
            int k = positive("conv2d", "kernel", kernel);
            Padding pad = padding("conv2d", padding);
            return add(() -> new Conv2dLayer(backend, channels(), out, k, pad, bias, random));
        }

        public Builder groupPool(PoolMode mode) {
            PoolMode m = given("groupPool", "mode", mode, "PoolMode.MAX or PoolMode.MEAN");
            return add(() -> new GroupPoolLayer(backend, m));
        }

        public Builder maxPool(int window, int stride) {
            return add(() -> SpatialPoolLayer.max(backend, window, stride));
        }

        public Builder avgPool(int window, int stride) {
            return add(() -> SpatialPoolLayer.avg(backend, window, stride));
        }

        public Builder globalAvgPool() {
            return add(() -> SpatialPoolLayer.globalAvg(backend));
        }

        public Builder relu() {
            return add(() -> new ReluLayer(backend));
        }

        public Builder groupBatchNorm() {
            return add(() -> new GroupBatchNorm(backend, channels()));
        }

        public Builder batchNorm2d() {
            return add(() -> new BatchNorm2d(backend, channels()));
        }

        public Builder flatten() {
            return add(FlattenLayer::new);
        }

        /** Linear layer on {@code [N, features]} (flatten first for other shapes). */
        public Builder linear(int outFeatures) {
            int out = positive("linear", "outFeatures", outFeatures);
            return add(() -> new LinearLayer(backend, channels(), out, random));
        }

        public Builder dropout(float p) {
            return add(() -> new DropoutLayer(backend, p, new Random(random.nextLong())));
        }

        /**
         * The model; the builder cannot be used afterwards. Two layers of one name (a name given with {@link #name}
         * that a later layer's default, its index, repeats) are an {@link IllegalArgumentException}, and the layers
         * are closed, as for every refusal. So are two layers whose parameter or buffer names repeat (a layer named
         * "a.free" after a relaxed layer "a", whose inner names start with "free.").
         */
        public Sequential build() {
            checkNotBuilt();
            for (int later = 1; later < names.size(); later++) {
                int earlier = names.indexOf(names.get(later));
                if (earlier < later) {
                    throw refused(new IllegalArgumentException("layer name '" + names.get(later) + "' is used twice,"
                            + " by layers " + earlier + " and " + later + " (a layer not named with name() is named by"
                            + " its index): rename one"));
                }
            }
            refuseRepeatedTensorNames();
            built = true;
            return new Sequential(backend, group, inputSampleShape, names, layers);
        }

        private void refuseRepeatedTensorNames() {
            Map<String, Integer> layerOf = new HashMap<>();
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                List<String> local = new ArrayList<>(layer.parameters().names());
                local.addAll(layer.buffers().keySet());
                for (String name : local) {
                    String full = names.get(i) + "." + name;
                    Integer earlier = layerOf.putIfAbsent(full, i);
                    if (earlier != null) {
                        String earlierName = names.get(earlier);
                        throw refused(new IllegalArgumentException("parameter name '" + full + "' is used twice, by"
                                + " layer " + earlier + " ('" + earlierName + "', its '"
                                + full.substring(earlierName.length() + 1) + "') and layer " + i + " ('" + names.get(i)
                                + "', its '" + name + "'): rename one of the layers"));
                    }
                }
            }
        }
    }
}
