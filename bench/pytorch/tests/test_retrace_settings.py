import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import checks  # noqa: E402

# summary.json's config of 'jace train --task fashion-mnist --subset 32 --batch 32 --epochs 8 --probe-samples all
# --group c4 --method ace'
CONFIG = {
    "task": "fashion-mnist",
    "task_config": {"data_dir": "/usr/share/datasets/fashion-mnist", "variant": "upright", "train_count": 32,
                    "test_count": 32, "seed": 1},
    "method": "ace",
    "method_settings": {"epsilon": "const:0", "epsilon_for": {}, "dual_step": 0.1, "dual_every": 1},
    "group": "c4", "seed": 0, "epochs": 8, "batch": 32, "probe_samples": 32,
    "constrain": ["output", "relaxation"], "lr": 0.01, "backend": "cpu",
}


def config(**changes):
    c = copy.deepcopy(CONFIG)
    for key, value in changes.items():
        if key in c["method_settings"]:
            c["method_settings"][key] = value
        else:
            c[key] = value
    return c


class RetraceSettingsTest(unittest.TestCase):

    def refusal(self, c):
        with self.assertRaises(SystemExit) as raised:
            checks.retrace_settings(c, "runs/x")
        message = str(raised.exception.code)
        self.assertTrue(message.startswith("error: unsupported run: runs/x: "), message)
        return message

    def test_the_cli_defaults(self):
        s = checks.retrace_settings(CONFIG, "runs/x")
        self.assertEqual({"group": "c4", "seed": 0, "count": 32, "data_dir": "/usr/share/datasets/fashion-mnist",
                          "lr": 0.01, "dual_step": 0.1, "dual_every": 1, "constrain": ["output", "relaxation"]}, s)

    def test_lr_and_the_dual_ascent_come_from_the_run(self):
        s = checks.retrace_settings(config(lr=0.005, dual_step=0.2, dual_every=2), "runs/x")
        self.assertEqual((0.005, 0.2, 2), (s["lr"], s["dual_step"], s["dual_every"]))

    def test_constrain_is_read_in_jaces_order(self):
        self.assertEqual(["output"], checks.retrace_settings(config(constrain=["output"]), "r")["constrain"])
        self.assertEqual(["relaxation"], checks.retrace_settings(config(constrain=["relaxation"]), "r")["constrain"])
        self.assertEqual(["output", "relaxation"],
                         checks.retrace_settings(config(constrain=["relaxation", "output"]), "r")["constrain"])

    def test_an_epsilon_other_than_0_is_refused(self):
        message = self.refusal(config(epsilon="cosine:0.05->0"))
        self.assertIn("epsilon 'cosine:0.05->0'", message)

    def test_epsilon_for_is_accepted_only_where_it_is_0(self):
        s = checks.retrace_settings(config(epsilon_for={"rotation": "const:0"}), "r")
        self.assertEqual(0.01, s["lr"])
        self.assertIn("--epsilon-for rotation=const:0.05", self.refusal(config(epsilon_for={"rotation": "const:0.05"})))

    def test_another_constrain_is_refused(self):
        self.assertIn("constrain ['output', 'free']", self.refusal(config(constrain=["output", "free"])))
        self.assertIn("constrain []", self.refusal(config(constrain=[])))

    def test_a_missing_field_is_named(self):
        c = config()
        del c["method_settings"]
        self.assertIn("summary.json's config has no 'method_settings'", self.refusal(c))

    def test_another_task_or_a_shuffled_subset_is_refused(self):
        self.assertIn("upright fashion-mnist ace run", self.refusal(config(method="softreg")))
        self.assertIn("--subset equal to --batch", self.refusal(config(batch=16)))


class RecordsTest(unittest.TestCase):

    TERMS = ["output.rotation", "lift.relaxation", "gconv.relaxation"]
    RECORD = {"type": "step", "step": 0, "loss": 2.4,
              "terms": {t: {"multiplier": 0.0, "value": 0.1} for t in TERMS},
              "relaxation": {"lift": 0.11, "gconv": 0.09}}

    def test_records_with_every_term_pass(self):
        checks.check_records([self.RECORD, dict(self.RECORD, step=1)], self.TERMS, ["lift", "gconv"], "runs/x")

    def test_a_record_whose_terms_differ_is_refused_with_both_lists(self):
        record = dict(self.RECORD, step=1, terms={"output.rotation": {"multiplier": 0.0, "value": 0.1}})
        with self.assertRaises(SystemExit) as raised:
            checks.check_records([self.RECORD, record], self.TERMS, ["lift", "gconv"], "runs/x")
        self.assertEqual("error: unsupported run: runs/x: metrics.jsonl's step 1 has the terms ['output.rotation'], "
                         "the retrace ['output.rotation', 'lift.relaxation', 'gconv.relaxation']",
                         raised.exception.code)

    def test_a_record_without_a_relaxation_is_refused(self):
        record = dict(self.RECORD, relaxation={"lift": 0.11})
        with self.assertRaises(SystemExit) as raised:
            checks.check_records([record], self.TERMS, ["lift", "gconv"], "runs/x")
        self.assertIn("step 0 has no relaxation magnitude of gconv", raised.exception.code)

    def test_no_step_records_is_refused(self):
        with self.assertRaises(SystemExit) as raised:
            checks.check_records([], self.TERMS, ["lift", "gconv"], "runs/x")
        self.assertIn("metrics.jsonl has no step records", raised.exception.code)


if __name__ == "__main__":
    unittest.main()
