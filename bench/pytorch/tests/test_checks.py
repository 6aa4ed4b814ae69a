import math
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import checks  # noqa: E402


class StepsVerdictTest(unittest.TestCase):

    def test_a_nan_difference_stays_the_worst_and_fails(self):
        worst = {}
        checks.note_worst(worst, {"loss": 1e-7, "output.rotation.value": 2e-7})
        checks.note_worst(worst, {"loss": checks.relative(math.nan, 2.3), "output.rotation.value": 1e-7})
        checks.note_worst(worst, {"loss": 3e-7, "output.rotation.value": 1e-7})
        self.assertTrue(math.isnan(worst["loss"]))
        self.assertEqual(2e-7, worst["output.rotation.value"])
        self.assertFalse(checks.within(worst, 1e-5))

    def test_an_infinite_difference_fails(self):
        worst = {}
        checks.note_worst(worst, {"loss": checks.relative(math.inf, 2.3)})
        self.assertFalse(checks.within(worst, 1e-5))

    def test_finite_differences_pass_up_to_the_tolerance(self):
        worst = {}
        checks.note_worst(worst, {"loss": 1e-6, "gconv.gamma_after": 0.0})
        self.assertEqual({"loss": 1e-6, "gconv.gamma_after": 0.0}, worst)
        checks.note_worst(worst, {"loss": 4e-6, "gconv.gamma_after": 2e-6})
        self.assertEqual({"loss": 4e-6, "gconv.gamma_after": 2e-6}, worst)
        self.assertTrue(checks.within(worst, 4e-6))
        self.assertFalse(checks.within(worst, 3.9e-6))

    def test_the_largest_difference_of_a_step_names_a_nan_first(self):
        self.assertEqual("loss", checks.largest({"loss": math.nan, "output.rotation.value": 0.5}))
        self.assertEqual("output.rotation.value", checks.largest({"loss": 0.1, "output.rotation.value": 0.5}))


if __name__ == "__main__":
    unittest.main()
