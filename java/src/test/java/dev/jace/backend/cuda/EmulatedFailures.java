package dev.jace.backend.cuda;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * For tests that fail CUDA calls on request of jace's CPU emulator: skips each test elsewhere, saying why, and after
 * each ends the failures it asked for, so that none outlives its test.
 */
public final class EmulatedFailures implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmulatedFailures.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        boolean emulated = GpuAssumptions.emulated();
        context.getStore(NAMESPACE).put(context.getUniqueId(), emulated);
        assumeTrue(emulated, "fails CUDA calls on request of jace's CPU emulator");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (context.getStore(NAMESPACE).getOrDefault(context.getUniqueId(), Boolean.class, false)) {
            EmulatorHooks.stopAllFailures();
        }
    }
}
