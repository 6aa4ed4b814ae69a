package dev.jace.testing;

import dev.jace.backend.Backend;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/** A {@link Backend} that tells {@code onCall} the name of every call before passing it on. */
public final class RecordingBackend {

    private RecordingBackend() {
    }

    public static Backend of(Backend backend, Consumer<String> onCall) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, call, args) -> {
                    onCall.accept(call.getName());
                    try {
                        return call.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
