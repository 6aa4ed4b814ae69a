package dev.jace.backend.cuda;

/** The six group-convolution operations; arguments are (x, w, y), (dy, w, dx) or (x, dy, dw) by direction. */
public enum GroupConvOp {
    LIFTING_FORWARD(true, Direction.FORWARD),
    LIFTING_BACKWARD_DATA(true, Direction.BACKWARD_DATA),
    LIFTING_BACKWARD_FILTER(true, Direction.BACKWARD_FILTER),
    GROUP_FORWARD(false, Direction.FORWARD),
    GROUP_BACKWARD_DATA(false, Direction.BACKWARD_DATA),
    GROUP_BACKWARD_FILTER(false, Direction.BACKWARD_FILTER);

    enum Direction { FORWARD, BACKWARD_DATA, BACKWARD_FILTER }

    final boolean lifting;
    final Direction direction;

    GroupConvOp(boolean lifting, Direction direction) {
        this.lifting = lifting;
        this.direction = direction;
    }
}
