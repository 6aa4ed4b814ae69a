import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import p4cnn  # noqa: E402  (its arguments are checked before it needs torch)


class StepsArgumentsTest(unittest.TestCase):

    def test_steps_allow_1e_5_by_default(self):
        # jace's runs agree with PyTorch's float64 retrace to <= 2.7e-6 (seeds 0-3); 1e-4 let wrong gradients pass
        self.assertEqual(1e-5, p4cnn.parse(["steps", "--run", "r"]).tolerance)


if __name__ == "__main__":
    unittest.main()
