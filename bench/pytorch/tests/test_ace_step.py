import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

try:
    import torch
except ImportError:
    torch = None


@unittest.skipIf(torch is None, f"torch is not installed for {sys.executable}")
class AceStepSettingsTest(unittest.TestCase):
    """A few steps of the c4 model on 4 random images, at settings other than the CLI defaults."""

    def step(self, **settings):
        import groups
        from ace_step import AceStep
        from model import P4CNN
        torch.manual_seed(0)
        model = P4CNN(groups.by_name("c4"), relaxed=True, seed=0).double()
        x, y = torch.rand(4, 1, 28, 28, dtype=torch.float64), torch.tensor([0, 1, 2, 3])
        return model, AceStep(model, horizon=8, probe_samples=4, **settings), x, y

    def test_the_learning_rate_is_the_first_steps_move_of_gamma(self):
        model, step, x, y = self.step(lr=0.005)
        step(x, y)
        for name, layer in model.relaxations().items():
            self.assertAlmostEqual(0.005, abs(layer.gamma.item() - 0.1), delta=1e-6, msg=name)

    def test_the_dual_step_runs_every_dual_every_steps_with_its_size(self):
        _, step, x, y = self.step(dual_step=0.2, dual_every=2)
        step(x, y)
        self.assertEqual([0.0, 0.0, 0.0], step.multipliers)
        values = list(step(x, y)["values"].values())
        self.assertEqual([0.2 * v for v in values], step.multipliers)
        self.assertTrue(all(m > 0 for m in step.multipliers), step.multipliers)

    def test_constrain_relaxation_has_no_output_terms(self):
        _, step, x, y = self.step(constrain=["relaxation"])
        out = step(x, y)
        self.assertEqual(["lift.relaxation", "gconv.relaxation"], step.term_names)
        self.assertEqual(["lift.relaxation", "gconv.relaxation"], list(out["values"]))
        for value in out["values"].values():
            self.assertAlmostEqual(0.1, value, delta=1e-8)  # |gamma| at the start, 0.1 in float32

    def test_constrain_output_has_no_relaxation_terms(self):
        _, step, x, y = self.step(constrain=["output"])
        out = step(x, y)
        self.assertEqual(["output.rotation"], step.term_names)
        self.assertGreater(out["values"]["output.rotation"], 0.0)


if __name__ == "__main__":
    unittest.main()
