package dev.jace.backend.cpu;

import dev.jace.backend.Padding;
import dev.jace.group.Group;
import dev.jace.tensor.Shape;
import dev.jace.testing.GroupReference;

/** Shapes of one lifting or group convolution test, and its float64 reference. */
record ConvCase(Group group, boolean lifting, int n, int cin, int cout, int size, int k, Padding padding) {

    int order() {
        return group.order();
    }

    Shape x() {
        return lifting ? Shape.of(n, cin, size, size) : Shape.of(n, cin, order(), size, size);
    }

    Shape w() {
        return lifting ? Shape.of(cout, cin, k, k) : Shape.of(cout, cin, order(), k, k);
    }

    Shape y() {
        int out = padding.outputSize(size, k);
        return Shape.of(n, cout, order(), out, out);
    }

    double[] reference(double[] x, double[] w) {
        return lifting
                ? GroupReference.liftingConv(group, x, n, cin, size, size, w, cout, k, padding)
                : GroupReference.groupConv(group, x, n, cin, size, size, w, cout, k, padding);
    }

    @Override
    public String toString() {
        return (lifting ? "lifting " : "group ") + group.name() + " x" + x() + " w" + w() + " " + padding;
    }
}
