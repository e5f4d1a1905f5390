"""The learning-curve family of HyperTune's pruner benchmark, in Python (standard library only).

A second implementation of `Benchmarks/Sources/hypertune-bench/LearningCurves.swift`; the two are
checked against each other to 1e-9 (`peer_optuna_pruners.py check`). See Docs/Benchmarks.md,
"Pruners on learning curves", for the definition.
"""

import math

MASK = (1 << 64) - 1


def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class SeededGenerator:
    """HyperTune's SeededGenerator: xoshiro256** seeded through SplitMix64, with streams."""

    def __init__(self, seed, stream=None):
        seed &= MASK
        if stream is not None:
            seed = _mix(seed) ^ _mix((stream & MASK) ^ 0xD1B54A32D192ED03)
        state = seed
        words = []
        for _ in range(4):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            words.append(_mix(state))
        if not any(words):
            words[0] = 0x9E3779B97F4A7C15
        self.s = words

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_double(self):
        return (self.next() >> 11) * 2.0**-53

    def next_open_double(self):
        return ((self.next() >> 11) + 0.5) * 2.0**-53


# ---------------------------------------------------------------------------------------------
# The family.

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


# ---------------------------------------------------------------------------------------------
# The optimum.

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


# ---------------------------------------------------------------------------------------------
# How much the curves cross.

def _ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0] * len(values)
    for rank, index in enumerate(order):
        ranks[index] = rank
    return ranks


def spearman(a, b):
    """Spearman's rank correlation of two lists without ties."""
    ra, rb = _ranks(a), _ranks(b)
    n = len(a)
    mean = (n - 1) / 2.0
    cov = sum((x - mean) * (y - mean) for x, y in zip(ra, rb))
    var = sum((x - mean) ** 2 for x in ra)
    return cov / var


def crossing_statistics(seed=0, trials=2000, steps=(0, 1, 3, 9, 27, 50)):
    """Spearman's correlation between the observed loss at each step and the noise-free final loss,
    over `trials` random configurations: how much a pruner can tell from a step."""
    observed = [observed_curve(seed, n) for n in range(trials)]
    final = [final_value(*configuration(seed, n)) for n in range(trials)]
    return {step: spearman([curve[step] for curve in observed], final) for step in steps}
