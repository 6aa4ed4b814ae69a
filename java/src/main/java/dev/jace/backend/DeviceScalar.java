package dev.jace.backend;

/** One value of a {@link DeviceScalars} block, passed to an op that reads it on the device when it runs. */
public record DeviceScalar(DeviceScalars block, int index) {

    public DeviceScalar {
        if (index < 0 || index >= block.size()) {
            throw new IndexOutOfBoundsException("device scalar " + index + " of a block of " + block.size());
        }
    }
}
