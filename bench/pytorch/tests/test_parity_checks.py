import math
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import checks  # noqa: E402

# p4cnn.py parity's errors on parity.sh's c4 ace model (measured 2026-12-03)
STRICT = {"jace_fp32_vs_torch_fp64": 1.72e-7, "torch_fp32_vs_torch_fp64": 1.35e-7,
          "jace_fp32_vs_torch_fp32": 2.28e-7, "torch_fp64_invariance": 2.8e-16}


class ParityVerdictTest(unittest.TestCase):

    def test_a_strict_model_that_matches_and_is_invariant_passes(self):
        self.assertEqual([], checks.parity_failures(STRICT, 1e-4))

    def test_a_strict_model_that_is_not_invariant_in_float64_fails(self):
        errors = dict(STRICT, torch_fp64_invariance=3e-6)
        self.assertEqual(["torch_fp64_invariance 3.000e-06 > 1e-10"], checks.parity_failures(errors, 1e-4))

    def test_a_nan_fails(self):
        errors = dict(STRICT, torch_fp64_invariance=math.nan, jace_fp32_vs_torch_fp64=math.nan)
        self.assertEqual(["jace_fp32_vs_torch_fp64 nan > 0.0001", "torch_fp64_invariance nan > 1e-10"],
                         checks.parity_failures(errors, 1e-4))

    def test_a_relaxed_model_has_no_invariance_to_check(self):
        errors = {k: v for k, v in STRICT.items() if k != "torch_fp64_invariance"}
        self.assertEqual([], checks.parity_failures(errors, 1e-4))
        self.assertEqual(["jace_fp32_vs_torch_fp64 1.720e-07 > 1e-07"], checks.parity_failures(errors, 1e-7))


class ParityInputTest(unittest.TestCase):

    def test_inputs_of_the_models_shape_pass(self):
        checks.check_input((32, 1, 28, 28), "1,28,28", "x.npy", "m/model.safetensors")

    def test_another_channel_count_is_refused_naming_both_shapes(self):
        with self.assertRaises(SystemExit) as raised:
            checks.check_input((32, 3, 28, 28), "1,28,28", "x.npy", "m/model.safetensors")
        self.assertEqual("error: x.npy holds inputs of [C, H, W] = [3, 28, 28], but m/model.safetensors takes "
                         "[1, 28, 28]: --input should hold the images 'jace predict' computed --expected from",
                         raised.exception.code)

    def test_another_image_size_is_refused(self):
        with self.assertRaises(SystemExit) as raised:
            checks.check_input((32, 1, 14, 14), "1,28,28", "x.npy", "m/model.safetensors")
        self.assertIn("[C, H, W] = [1, 14, 14], but m/model.safetensors takes [1, 28, 28]", raised.exception.code)


if __name__ == "__main__":
    unittest.main()
