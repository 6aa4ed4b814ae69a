package dev.jace.bindings;

/**
 * A native library or one of its symbols could not be found or loaded. The message says what was looked for,
 * where, and how to fix it.
 */
public class NativeLibraryException extends RuntimeException {

    public NativeLibraryException(String message) {
        super(message);
    }

    public NativeLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
