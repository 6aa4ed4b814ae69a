import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import p4cnn  # noqa: E402  (its arguments are checked before it needs torch)


class StepsArgumentsTest(unittest.TestCase):

    def test_steps_allow_1e_5_by_default(self):
        # jace's runs agree with PyTorch's float64 retrace to <= 2.7e-6 (seeds 0-3); 1e-4 let wrong gradients pass
        self.assertEqual(1e-5, p4cnn.parse(["steps", "--run", "r"]).tolerance)


class ThroughputArgumentsTest(unittest.TestCase):

    def test_one_warmup_step_is_refused_since_the_second_step_runs_the_first_probe_backward(self):
        with self.assertRaises(SystemExit) as raised:
            p4cnn.main(["throughput", "--warmup", "1", "--steps", "1", "--repeats", "1", "--batch", "2"])
        self.assertTrue(str(raised.exception.code).startswith(
            "error: --warmup must be >= 2: the first step has every multiplier 0 and skips the probe's backward"),
            raised.exception.code)


if __name__ == "__main__":
    unittest.main()
