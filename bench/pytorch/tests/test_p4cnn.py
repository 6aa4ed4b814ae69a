import os
import sys
import tempfile
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


class ThroughputJsonPathTest(unittest.TestCase):
    """A --json that cannot be written is refused before torch is imported or anything is timed."""

    def refusal(self, path):
        with self.assertRaises(SystemExit) as raised:
            p4cnn.main(["throughput", "--warmup", "2", "--steps", "1", "--repeats", "1", "--batch", "2",
                        "--threads", "1", "--json", path])
        return str(raised.exception.code)

    def test_a_json_in_a_missing_folder_is_refused_naming_it(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "missing", "x.json")
            self.assertEqual(f"error: --json {path}: no such folder {os.path.join(tmp, 'missing')}; create it or "
                             "give a path in an existing folder", self.refusal(path))

    def test_a_relative_json_in_a_missing_folder_is_refused_naming_it(self):
        with tempfile.TemporaryDirectory() as tmp:
            here = os.getcwd()
            os.chdir(tmp)
            try:
                self.assertEqual("error: --json newdir/x.json: no such folder newdir; create it or give a path in an "
                                 "existing folder", self.refusal("newdir/x.json"))
            finally:
                os.chdir(here)

    def test_a_json_that_is_a_folder_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(f"error: --json {tmp} is a folder; give a file path such as {tmp}/throughput.json",
                             self.refusal(tmp))

    def test_a_json_under_a_file_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            file = os.path.join(tmp, "notes.txt")
            open(file, "w").close()
            path = os.path.join(file, "x.json")
            self.assertEqual(f"error: --json {path}: {file} is not a folder; give a path in an existing folder",
                             self.refusal(path))

    @unittest.skipIf(os.geteuid() == 0, "root writes in any folder, so a read-only one cannot refuse it")
    def test_a_json_in_a_read_only_folder_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.chmod(tmp, 0o500)
            try:
                path = os.path.join(tmp, "x.json")
                self.assertEqual(f"error: --json {path}: cannot write in folder {tmp} (no write permission); give "
                                 "a path in a folder you can write", self.refusal(path))
            finally:
                os.chmod(tmp, 0o700)


if __name__ == "__main__":
    unittest.main()
