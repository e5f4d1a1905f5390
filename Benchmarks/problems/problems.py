"""The benchmark problems of HyperTuneProblems, implemented a second time in Python.

The Swift module `HyperTuneProblems` is the definition (see its doc comments; Docs/Benchmarks.md
has the results); this file mirrors it term by term so that the Optuna peer optimizes the very
same functions. `Benchmarks/problems/reference.json`, written by `hypertune-bench reference`,
holds points and the values Swift computes there; `peer_optuna.py check` recomputes them here and
fails beyond 1e-9.

A problem's `body(trial)` asks an Optuna-style trial (`suggest_float`, `suggest_int`,
`suggest_categorical`) for its parameters and returns the noise-free value; `evaluate` adds the
seeded noise of noisy problems, drawn from the same generator as Swift's `ProblemNoise`
(xoshiro256** seeded through SplitMix64, Box-Muller).

Standard library only: the check needs no third-party package.
"""

import math

MASK = (1 << 64) - 1
REGRET_FLOOR = 1e-12
NOISE_SALT = 0x6E6F_6973_652D_6874  # ASCII "noise-ht", as ProblemNoise.salt


# ---------------------------------------------------------------------------------------------
# The seeded generator (HyperTuneCore.SeededGenerator): xoshiro256** 1.0 seeded through SplitMix64.

def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB) & MASK
    return z ^ (z >> 31)


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class SeededGenerator:
    """xoshiro256** with SplitMix64 seeding; `stream` as SeededGenerator(seed:stream:)."""

    def __init__(self, seed, stream=None):
        seed &= MASK
        if stream is not None:
            seed = _mix(seed) ^ _mix((stream & MASK) ^ 0xD1B5_4A32_D192_ED03)
        state = seed
        words = []
        for _ in range(4):
            state = (state + 0x9E37_79B9_7F4A_7C15) & MASK
            words.append(_mix(state))
        if not any(words):
            words[0] = 0x9E37_79B9_7F4A_7C15
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
        return (self.next() >> 11) * 2.0 ** -53

    def next_open_double(self):
        return ((self.next() >> 11) + 0.5) * 2.0 ** -53

    def next_below(self, bound):
        """An integer uniform in [0, bound): Lemire's multiply-and-reject, as nextInt(below:)."""
        product = self.next() * bound
        if product & MASK < bound:
            threshold = ((1 << 64) - bound) % bound
            while product & MASK < threshold:
                product = self.next() * bound
        return product >> 64


def noise_draw(sd, seed, trial_number):
    """ProblemNoise.draw(seed:trialNumber:)."""
    generator = SeededGenerator((seed & MASK) ^ NOISE_SALT, trial_number)
    u1 = generator.next_open_double()
    u2 = generator.next_double()
    return sd * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


# ---------------------------------------------------------------------------------------------
# Problems.

class Problem:
    def __init__(self, name, body, optimum_value, dimension, direction="minimize", noise_sd=None):
        self.name = name
        self.body = body
        self.optimum_value = optimum_value
        self.dimension = dimension
        self.direction = direction
        self.noise_sd = noise_sd

    def evaluate(self, trial, seed):
        """(value with noise, noise-free value)."""
        clean = self.body(trial)
        if self.noise_sd is None:
            return clean, clean
        return clean + noise_draw(self.noise_sd, seed, trial.number), clean

    def regret(self, noise_free):
        return noise_free - self.optimum_value if self.direction == "minimize" else self.optimum_value - noise_free


def log10_regret(regret):
    return math.log10(max(regret, REGRET_FLOOR)) if regret == regret else math.inf


def continuous(name, domain, shift, optimum_value, function, noise_sd=None):
    """x0, x1, … on a box; the value at x is function(x - shift)."""

    def body(trial):
        y = [trial.suggest_float(f"x{i}", low, high) - shift[i] for i, (low, high) in enumerate(domain)]
        return function(y)

    return Problem(name, body, optimum_value, len(domain), noise_sd=noise_sd)


def branin(x):
    b = 5.1 / (4 * math.pi * math.pi)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    u = x[1] - b * x[0] * x[0] + c * x[0] - 6
    return u * u + 10 * (1 - t) * math.cos(x[0]) + 10


HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
HARTMANN_P = [
    [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
    [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
    [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
    [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
]


def hartmann(x):
    total = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(6):
            d = x[j] - HARTMANN_P[i][j]
            inner += HARTMANN_A[i][j] * d * d
        total -= HARTMANN_ALPHA[i] * math.exp(-inner)
    return total


def rosenbrock(y):
    total = 0.0
    for i in range(len(y) - 1):
        a = y[i + 1] - y[i] * y[i]
        b = 1 - y[i]
        total += 100 * a * a + b * b
    return total


def ackley(y):
    d = float(len(y))
    squares = 0.0
    cosines = 0.0
    for value in y:
        squares += value * value
        cosines += math.cos(2 * math.pi * value)
    return -20 * math.exp(-0.2 * math.sqrt(squares / d)) - math.exp(cosines / d) + 20 + math.exp(1.0)


def styblinski_tang(y):
    total = 0.0
    for value in y:
        square = value * value
        total += square * square - 16 * square + 5 * value
    return total / 2


def levy(y):
    w = [1 + (v - 1) / 4 for v in y]
    first = math.sin(math.pi * w[0])
    total = first * first
    for i in range(len(w) - 1):
        s = math.sin(math.pi * w[i] + 1)
        total += (w[i] - 1) * (w[i] - 1) * (1 + 10 * s * s)
    last = w[-1]
    s = math.sin(2 * math.pi * last)
    return total + (last - 1) * (last - 1) * (1 + s * s)


def log_scaled(trial):
    lr = trial.suggest_float("lr", 1e-5, 1, log=True)
    weight_decay = trial.suggest_float("weight_decay", 1e-7, 1e-1, log=True)
    epsilon = trial.suggest_float("epsilon", 1e-10, 1e-4, log=True)
    units = trial.suggest_int("units", 4, 1024, log=True)
    u = math.log10(lr) - math.log10(2e-4)
    v = math.log10(weight_decay) - math.log10(3e-2)
    w = math.log10(epsilon) - math.log10(5e-9)
    q = math.log2(float(units)) - math.log2(48.0)
    return u * u + u * v + v * v + 0.5 * w * w + 0.5 * q * q


def mixed(trial):
    activations = ["relu", "tanh", "sigmoid", "gelu"]
    centres = [1.5, -2, 3, -3.25]
    offsets = [0.5, 1, 2, 0]
    x = trial.suggest_float("x", -5, 5)
    z = trial.suggest_float("z", 0, 10, step=0.5)
    n = trial.suggest_int("n", 0, 20)
    activation = trial.suggest_categorical("activation", activations)
    bias = trial.suggest_categorical("bias", [True, False])
    k = activations.index(activation)
    dx = x - centres[k]
    dz = z - 7.5
    dn = float(n - 13)
    return offsets[k] + dx * dx + 0.25 * dz * dz + 0.1 * dn * dn + (0 if bias else 0.3)


def conditional(trial):
    model = trial.suggest_categorical("model", ["linear", "tree", "net"])
    if model == "linear":
        alpha = trial.suggest_float("linear.alpha", 1e-6, 1e2, log=True)
        a = math.log10(alpha) - 0.5
        return 0.8 + 0.1 * a * a
    if model == "tree":
        depth = trial.suggest_int("tree.depth", 1, 16)
        leaf = trial.suggest_int("tree.min_leaf", 1, 64, log=True)
        d = float(depth - 11)
        l = math.log2(float(leaf)) - math.log2(3.0)
        return 0.4 + 0.02 * d * d + 0.1 * l * l
    layers = trial.suggest_int("net.layers", 1, 6)
    width = trial.suggest_int("net.width", 8, 512, log=True)
    lr = trial.suggest_float("net.lr", 1e-5, 1, log=True)
    g = 0.1
    if layers >= 3:
        dropout = trial.suggest_float("net.dropout", 0, 0.5)
        g = 2 * (dropout - 0.15) * (dropout - 0.15)
    k = float(layers - 4)
    w = math.log2(float(width)) - math.log2(96.0)
    r = math.log10(lr) + 2.7
    return 0.05 * k * k + 0.2 * w * w + 0.25 * r * r + g


def integer_heavy(trial):
    targets = [3, -7, 6, -2, 8, -5]
    n = [0] * 6
    total = 0.0
    for i in range(6):
        n[i] = trial.suggest_int(f"n{i}", -10, 10)
        d = float(n[i] - targets[i])
        total += d * d
    coupling = float((n[0] - n[1]) - (targets[0] - targets[1]))
    total += 0.5 * coupling * coupling
    m0 = float(trial.suggest_int("m0", 0, 100, step=5) - 35)
    m1 = float(trial.suggest_int("m1", 0, 100, step=5) - 85)
    total += 0.01 * (m0 * m0 + m1 * m1)
    b = math.log2(float(trial.suggest_int("b", 1, 1024, log=True))) - math.log2(40.0)
    total += 0.5 * b * b
    scale = trial.suggest_float("scale", 0, 1) - 0.3
    return total + 4 * scale * scale


PROBLEMS = [
    continuous("branin", [(-5, 10), (0, 15)], [0, 0], 5 / (4 * math.pi), branin),
    continuous("hartmann6", [(0, 1)] * 6, [0] * 6, -3.3223680114155147, hartmann),
    continuous("rosenbrock4", [(-5, 10)] * 4, [0.5, -1.5, 2, -0.75], 0.0, rosenbrock),
    continuous("ackley8", [(-32.768, 32.768)] * 8, [7.3, -12.1, 3.7, 20.5, -5.9, 14.2, -25.4, 9.8], 0.0, ackley),
    continuous("styblinski-tang10", [(-5, 5)] * 10, [0.5, -0.75, 1, 0.25, -0.5, 0.75, -1, 1.25, -0.25, 1.5],
               -391.6616570377141, styblinski_tang),
    continuous("levy6", [(-10, 10)] * 6, [2.5, -4, 5.5, -1.5, 3, -6.5], 0.0, levy),
    Problem("log-scaled", log_scaled, 0.0, 4),
    Problem("mixed", mixed, 0.0, 5),
    Problem("conditional", conditional, 0.0, 8),
    Problem("integer", integer_heavy, 0.0, 10),
    continuous("noisy-hartmann6", [(0, 1)] * 6, [0] * 6, -3.3223680114155147, hartmann, noise_sd=0.1),
]

BY_NAME = {problem.name: problem for problem in PROBLEMS}


# ---------------------------------------------------------------------------------------------
# Evaluation at a fixed assignment (the reference check), without Optuna.

class FixedTrial:
    """Answers suggestions from a dict of values, checking ranges; records the names asked for."""

    def __init__(self, params, number=0):
        self.params = params
        self.number = number
        self.used = set()

    def _get(self, name):
        if name not in self.params:
            raise KeyError(f"parameter {name!r}: no value assigned")
        self.used.add(name)
        return self.params[name]

    def suggest_float(self, name, low, high, step=None, log=False):
        value = float(self._get(name))
        if not low <= value <= high:
            raise ValueError(f"parameter {name!r}: {value} is outside [{low}, {high}]")
        return value

    def suggest_int(self, name, low, high, step=1, log=False):
        value = self._get(name)
        if int(value) != value or not low <= value <= high or (value - low) % step != 0:
            raise ValueError(f"parameter {name!r}: {value} is not in [{low}, {high}] step {step}")
        return int(value)

    def suggest_categorical(self, name, choices):
        value = self._get(name)
        if value not in choices:
            raise ValueError(f"parameter {name!r}: {value!r} is not one of {choices}")
        return value


def decode_value(encoded):
    """A ParameterValue as Swift encodes it: {"float": 0.5}, {"int": 3}, {"string": "a"}, {"bool": true}."""
    (kind, value), = encoded.items()
    if kind == "float":
        return float(value)
    if kind == "int":
        return int(value)
    return value


def check(reference):
    """Recomputes every point of reference.json; returns (points checked, list of failures)."""
    tolerance = reference["tolerance"]
    failures = []
    checked = 0
    names = {problem["name"] for problem in reference["problems"]}
    if names != set(BY_NAME):
        failures.append(f"problem names differ: reference {sorted(names)}, here {sorted(BY_NAME)}")
    for entry in reference["problems"]:
        problem = BY_NAME.get(entry["name"])
        if problem is None:
            continue
        if entry["optimumValue"] != problem.optimum_value:
            failures.append(f"{problem.name}: optimum {problem.optimum_value} here, {entry['optimumValue']} in the reference")
        for point in entry["points"]:
            params = {name: decode_value(value) for name, value in point["params"].items()}
            trial = FixedTrial(params, point["trialNumber"])
            value, clean = problem.evaluate(trial, point["seed"])
            checked += 1
            if trial.used != set(params):
                failures.append(f"{problem.name} {point['label']}: unused parameters {sorted(set(params) - trial.used)}")
            for label, got, want in (("value", value, point["value"]), ("noise-free value", clean, point["noiseFreeValue"])):
                if abs(got - want) > tolerance * max(1.0, abs(want)):
                    failures.append(f"{problem.name} {point['label']}: {label} {got!r} here, {want!r} in the reference")
    return checked, failures
