package dev.jace.backend.cuda;

import dev.jace.backend.Precision;
import dev.jace.ops.SelfTest;
import dev.jace.ops.SelfTestReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jace selftest --backend cuda} passes at each precision and group-conv algorithm: TF32's and BF16's rounding
 * (float64 errors ~1e-7 and ~5e-6 on the emulator) stays within their tolerance, and FP32's within 1e-8.
 */
@Tag("gpu")
@Tag("cuda-libraries")
class CudaSelfTestTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    @ParameterizedTest
    @CsvSource({"FP32, DIRECT", "FP32, EXPANDED", "TF32, DIRECT", "TF32, EXPANDED", "BF16, DIRECT", "BF16, EXPANDED"})
    void passesAtEveryPrecision(Precision precision, GroupConvAlgorithm algorithm) {
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults().withPrecision(precision)
                .withGroupConv(algorithm))) {
            SelfTestReport report = SelfTest.run(cuda, precision, 42);
            assertTrue(report.passed(), report.toTable());
            assertTrue(report.toTable().contains("PASSED at " + precision + ": outputs within "), report.toTable());
        }
    }
}
