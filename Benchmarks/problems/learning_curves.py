"""The learning-curve families of HyperTune's pruner benchmark, in Python (standard library only).

A second implementation of HyperTuneProblems' `LearningCurveFamily` under the families' own random
search (`Benchmarks/Sources/HyperTuneProblems/LearningCurves`): the synthetic family and the recorded digits
family. Both are checked against `learning-curves-reference.json` (written by
`hypertune-bench curves-reference`) to 1e-9 by `peer_optuna_pruners.py check`. The definitions
are the doc comments of `SyntheticLearningCurves` and `DigitsLearningCurves`; Docs/Benchmarks.md,
"Pruners on learning curves", has the results.

A family has a `name`, `steps` (the length of a run), `optimum_value`, and `curve(seed, trial_number)`
returning (the values reported at each step, the final value regret is judged on).
"""

import json
import math
import os

from problems import MASK, SeededGenerator

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------------------------
# The synthetic family (SyntheticLearningCurves).

STEPS = 81
CONFIG_SALT = 0x6C63_7572_7665_7321  # "lcurves!"
NOISE_SALT = 0x6E6F_6973_652D_6C63  # "noise-lc"
NOISE_SD = 0.01


def configuration(seed, trial_number):
    """Trial `trial_number`'s hyperparameters in a run with `seed`: (log10 lr, regularization, width)."""
    g = SeededGenerator((seed & MASK) ^ CONFIG_SALT, trial_number)
    log_lr = -4.0 + 4.0 * g.next_double()
    regularization = g.next_double()
    width = g.next_double()
    return (log_lr, regularization, width)


def time_constant(log_lr, regularization, width):
    return 0.8 * 10.0 ** (-min(log_lr, -1.5) / 2.0) * (1.0 + regularization) / (0.5 + width)


def asymptote(log_lr, regularization, width):
    unstable = max(0.0, log_lr + 1.5)
    return 0.05 + 0.15 * unstable * unstable + 0.15 * (1.0 - width) ** 2 + 0.15 * regularization * regularization


def clean_value(config, step):
    """The noise-free loss after `step + 1` epochs."""
    log_lr, regularization, width = config
    tau = time_constant(log_lr, regularization, width)
    a = asymptote(log_lr, regularization, width)
    overfit = 0.3 * width * (1.0 - regularization) ** 2 * (step + 1) / STEPS
    return a + (1.0 - a) * math.exp(-(step + 1) / tau) + overfit


def clean_curve(config):
    return [clean_value(config, step) for step in range(STEPS)]


def noise(seed, trial_number):
    """The noise of each step of trial `trial_number` (Box-Muller, one pair of draws per step)."""
    g = SeededGenerator((seed & MASK) ^ NOISE_SALT, trial_number)
    result = []
    for _ in range(STEPS):
        u1 = g.next_open_double()
        u2 = g.next_double()
        result.append(NOISE_SD * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2))
    return result


def observed_curve(seed, trial_number):
    config = configuration(seed, trial_number)
    return [c + e for c, e in zip(clean_curve(config), noise(seed, trial_number))]


LOG_LR_STAR = -1.5
INV_PHI = (math.sqrt(5.0) - 1.0) / 2.0


def final_value(log_lr, regularization, width):
    return clean_value((log_lr, regularization, width), STEPS - 1)


def golden_minimum(f, low, high, iterations=100):
    """Golden-section search for the minimum of a unimodal `f` on [low, high]: (argmin, min)."""
    a, b = low, high
    c = b - INV_PHI * (b - a)
    d = a + INV_PHI * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iterations):
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - INV_PHI * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + INV_PHI * (b - a)
            fd = f(d)
    x = (a + b) / 2.0
    return x, f(x)


def optimum():
    """The best noise-free final value over the domain and where it is: (value, (log_lr, reg, width)).

    The learning rate is optimal at 10^-1.5 for every regularization and width (faster below, unstable
    above); regularization and width are found by nested golden-section searches.
    """
    def best_width(reg):
        return golden_minimum(lambda w: final_value(LOG_LR_STAR, reg, w), 0.0, 1.0)

    reg, value = golden_minimum(lambda r: best_width(r)[1], 0.0, 1.0)
    width = best_width(reg)[0]
    return value, (LOG_LR_STAR, reg, width)


class SyntheticFamily:
    name = "synthetic"
    steps = STEPS

    def __init__(self):
        self.optimum_value = optimum()[0]

    def curve(self, seed, trial_number):
        """(observed loss at each step, noise-free final loss)."""
        return observed_curve(seed, trial_number), final_value(*configuration(seed, trial_number))


# ---------------------------------------------------------------------------------------------
# The recorded digits family (DigitsLearningCurves).

DIGITS_PATH = os.path.join(HERE, "digits-curves.json")
DIGITS_FORMAT = "hypertune-digits-curves-1"
INDEX_SALT = 0x6469_6769_7463_7276  # "digitcrv"


class DigitsFamily:
    """Replays Benchmarks/problems/digits-curves.json: the validation error after each epoch,
    (validationImages - validationCorrect[e]) / validationImages, without noise."""

    name = "digits"

    def __init__(self, path=DIGITS_PATH):
        with open(path) as f:
            table = json.load(f)
        if table.get("format") != DIGITS_FORMAT:
            raise ValueError(f"{path}: format {table.get('format')!r}, expected {DIGITS_FORMAT!r}")
        self.steps = table["epochs"]
        images = table["validationImages"]
        tests = table["testImages"]
        self.curves = [[(images - correct) / images for correct in run["validationCorrect"]] for run in table["runs"]]
        self.test_errors = [(tests - run["testCorrect"]) / tests for run in table["runs"]]
        if any(len(curve) != self.steps for curve in self.curves):
            raise ValueError(f"{path}: a run does not have {self.steps} epochs")
        self.optimum_value = min(curve[-1] for curve in self.curves)

    def index(self, seed, trial_number):
        """The run trial `trial_number` replays: stream `trial_number` of seed ^ INDEX_SALT, nextInt(below:)."""
        return SeededGenerator((seed & MASK) ^ INDEX_SALT, trial_number).next_below(len(self.curves))

    def curve(self, seed, trial_number):
        """(validation error after each epoch, final validation error)."""
        values = self.curves[self.index(seed, trial_number)]
        return values, values[-1]


FAMILIES = ["synthetic", "digits"]


def family(name):
    if name == "synthetic":
        return SyntheticFamily()
    if name == "digits":
        return DigitsFamily()
    raise SystemExit(f"unknown learning-curve family {name}; known: {', '.join(FAMILIES)}")


# ---------------------------------------------------------------------------------------------
# How much the curves cross.

def _ranks(values):
    """Ranks from 0, ties sharing the mean of their ranks."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2.0
        start = end + 1
    return ranks


def spearman(a, b):
    """Spearman's rank correlation (the Pearson correlation of the ranks, ties at their mean rank)."""
    ra, rb = _ranks(a), _ranks(b)
    mean = (len(a) - 1) / 2.0
    cov = sum((x - mean) * (y - mean) for x, y in zip(ra, rb))
    var_a = sum((x - mean) ** 2 for x in ra)
    var_b = sum((y - mean) ** 2 for y in rb)
    return cov / math.sqrt(var_a * var_b)


def crossing_statistics(seed=0, trials=2000, steps=(0, 1, 3, 9, 27, 50)):
    """Synthetic family: Spearman's correlation between the observed loss at each step and the
    noise-free final loss over `trials` random configurations: how much a pruner can tell from a step."""
    observed = [observed_curve(seed, n) for n in range(trials)]
    final = [final_value(*configuration(seed, n)) for n in range(trials)]
    return {step: spearman([curve[step] for curve in observed], final) for step in steps}


def digits_statistics(steps=(0, 1, 2, 4, 9, 14)):
    """Digits family: Spearman's correlation between the validation error after each epoch and the
    final validation error, over all recorded runs and over the better half (final error at most the
    median), and between the final validation and test errors over all runs."""
    digits = DigitsFamily()
    final = [curve[-1] for curve in digits.curves]
    median = sorted(final)[len(final) // 2]
    better = [curve for curve in digits.curves if curve[-1] <= median]

    def by_step(curves):
        return {step: spearman([curve[step] for curve in curves], [curve[-1] for curve in curves]) for step in steps}

    return by_step(digits.curves), by_step(better), spearman(final, digits.test_errors)
