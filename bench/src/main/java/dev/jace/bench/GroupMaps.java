package dev.jace.bench;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.tensor.Shape;

/**
 * What the deviation and action suites run over, from their {@code group}, {@code rep} and {@code maps} parameters:
 * every element of the group, acting on a batch of {@code sample} maps.
 */
record GroupMaps(GroupTable table, int[] elements, FeatureRep rep, int n, Shape sample) {

    static GroupMaps parse(String group, String rep, String maps) {
        Group g = Groups.byName(group);
        FeatureRep featureRep = FeatureRep.valueOf(rep);
        MapShape m = MapShape.parse(maps);
        return new GroupMaps(g.table(), g.allElements(), featureRep, m.n(), m.shape(featureRep, g.order()));
    }

    /** One batch of {@code sample}'s shape per element, element-major. */
    Shape perElement() {
        return sample.withDim0(elements.length * n);
    }
}
