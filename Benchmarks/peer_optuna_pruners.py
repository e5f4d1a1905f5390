#!/usr/bin/env python3
"""Optuna's pruners on HyperTune's learning-curve benchmark: the same curves, seeds, settings and JSON.

Use the git-ignored virtual environment Benchmarks/.venv (create it with
`python3 -m venv Benchmarks/.venv && Benchmarks/.venv/bin/pip install optuna`):

    peer_optuna_pruners.py check   [--reference PATH]
    peer_optuna_pruners.py stats
    peer_optuna_pruners.py pruners [--families a,b|all] [--pruners a,b|all] [--modes trials,budget-40,budget-60]
                                   [--seeds N] [--first-seed K] [--trials N] [--output PATH]

`check` needs only the standard library: it recomputes Benchmarks/problems/learning-curves-reference.json
(written by `hypertune-bench curves-reference`) with the Python families and fails beyond 1e-9.
`stats` prints how much an early step tells about the final value (standard library only).
`pruners` mirrors `hypertune-bench pruners` with the families' own random search (see
Docs/Benchmarks.md, "Pruners on learning curves") and writes the runner's report format
(`hypertune-bench table` reads it).
"""

import argparse
import json
import os
import sys
import time

import peer_optuna as peer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "problems"))
import learning_curves as lc  # noqa: E402

TRIAL_CAP = 3000


# ---------------------------------------------------------------------------------------------
# The pruners, by the names of the Swift runner's PrunerRegistry, with the same settings.

def make_pruner(name, steps):
    import optuna.pruners as p

    table = {
        "none": lambda: p.NopPruner(),
        "median": lambda: p.MedianPruner(),
        "median-warmup-20": lambda: p.MedianPruner(n_warmup_steps=20),
        "median-warmup-quarter": lambda: p.MedianPruner(n_warmup_steps=steps // 4),
        "median-example": lambda: p.MedianPruner(n_startup_trials=5, n_warmup_steps=2),
        "percentile-25": lambda: p.PercentilePruner(25.0, n_startup_trials=5),
        "successive-halving": lambda: p.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3),
        "hyperband": lambda: p.HyperbandPruner(min_resource=1, max_resource=steps, reduction_factor=3),
        "threshold": lambda: p.ThresholdPruner(upper=0.5, n_warmup_steps=10),
        "patient-median": lambda: p.PatientPruner(p.MedianPruner(), patience=5),
    }
    if name in table:
        return table[name]()
    if ":" in name:
        return parameterized_pruner(name, steps)
    raise SystemExit(f"unknown pruner {name}; known: {', '.join(PRUNERS)}, or median:..., hyperband:...")


def parameterized_pruner(name, steps):
    """A pruner named by its settings, as the Swift runner's PrunerRegistry.parameterized reads them:
    `median:startup=10:warmup=25%` or `hyperband:min=15%:eta=4`. `N%` is that percentage of the run's
    length, rounded down (at least 1 for a resource)."""
    import optuna.pruners as p

    kind, *parts = name.split(":")
    keys = {"median": ["startup", "warmup", "interval", "mintrials"], "hyperband": ["min", "max", "eta"]}
    if kind not in keys:
        raise SystemExit(f"pruner {name}: no settings form for {kind}")
    settings = {}
    for part in parts:
        key, sep, text = part.partition("=")
        if not sep or key in settings:
            raise SystemExit(f"pruner {name}: cannot read setting {part}")
        if key not in keys[kind]:
            raise SystemExit(f"pruner {name}: unknown setting {key}; known: {', '.join(keys[kind])}")
        settings[key] = text

    def value(key, fallback, at_least_one=False):
        text = settings.get(key)
        if text is None:
            return fallback
        if not text.endswith("%"):
            return int(text)
        scaled = int(text[:-1]) * steps // 100
        return max(1, scaled) if at_least_one else scaled

    try:
        if kind == "median":
            return p.MedianPruner(
                n_startup_trials=value("startup", 5), n_warmup_steps=value("warmup", 0),
                interval_steps=value("interval", 1, True), n_min_trials=value("mintrials", 1))
        low, high, eta = value("min", 1, True), value("max", steps, True), value("eta", 3)
        if low < 1 or high < low or eta < 2:  # Optuna checks these only when it first prunes
            raise ValueError(f"need 1 <= min <= max and eta >= 2, got min={low}, max={high}, eta={eta}")
        return p.HyperbandPruner(min_resource=low, max_resource=high, reduction_factor=eta)
    except ValueError as error:  # a setting that is not an integer, or that Optuna refuses
        raise SystemExit(f"pruner {name}: {error}")


PRUNERS = [
    "none", "median", "median-warmup-20", "median-warmup-quarter", "median-example", "percentile-25",
    "successive-halving", "hyperband", "threshold", "patient-median",
]
MODES = ["trials", "budget-40", "budget-60"]


# ---------------------------------------------------------------------------------------------
# One run.

def decision_digest(pruned_at):
    """FNV-1a (64-bit) of the decimal step at which each trial was pruned (-1: not pruned), joined by
    commas, in hexadecimal: equal digests mean the two libraries pruned the same trials at the same steps."""
    h = 0xCBF29CE484222325
    for byte in ",".join(str(step) for step in pruned_at).encode():
        h = ((h ^ byte) * 0x100000001B3) & lc.MASK
    return f"{h:016x}"


def run(family, pruner_name, mode, seed, trials):
    """Runs one study; returns the run's record (the fields of the Swift runner's PrunerRun)."""
    import optuna

    steps = family.steps
    budget = None
    n_trials = trials
    if mode.startswith("budget-"):
        budget = int(mode.split("-")[1]) * trials * steps // 100
        n_trials = TRIAL_CAP
    consumed = [0]

    def objective(trial):
        values, _ = family.curve(seed, trial.number)
        for step, value in enumerate(values):
            trial.report(value, step)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return values[-1]

    def count(study, trial):
        consumed[0] += len(trial.intermediate_values)
        # Start no trial that could overrun the budget: a run never exceeds it.
        if budget is not None and consumed[0] + steps > budget:
            study.stop()

    study = optuna.create_study(
        study_name=f"curves-{seed}", direction="minimize", pruner=make_pruner(pruner_name, steps),
        sampler=optuna.samplers.RandomSampler(seed=seed))
    study.optimize(objective, n_trials=n_trials, callbacks=[count])
    frozen = study.get_trials(deepcopy=False)
    pruned = optuna.trial.TrialState.PRUNED
    record = {
        "family": family.name, "sampler": "streams", "pruner": pruner_name, "mode": mode, "seed": seed,
        "trials": len(frozen), "pruned": sum(1 for t in frozen if t.state == pruned),
        "steps": consumed[0], "bestTrial": None, "bestValue": None, "regret": None,
        "decisions": decision_digest([t.last_step if t.state == pruned else -1 for t in frozen]),
    }
    if any(t.state == optuna.trial.TrialState.COMPLETE for t in frozen):
        best = study.best_trial
        record["bestTrial"] = best.number
        record["bestValue"] = best.value
        record["regret"] = family.curve(seed, best.number)[1] - family.optimum_value
    return record


# ---------------------------------------------------------------------------------------------
# Modes.

def check(reference_path):
    with open(reference_path) as f:
        reference = json.load(f)
    worst = 0.0

    def compare(what, ours, theirs):
        nonlocal worst
        error = abs(ours - theirs)
        worst = max(worst, error)
        if not error <= 1e-9:
            raise SystemExit(f"{what}: Python {ours!r}, Swift {theirs!r} (difference {error:.3g} > 1e-9)")

    def compare_curves(what, ours, theirs):
        if len(ours) != len(theirs):
            raise SystemExit(f"{what}: {len(ours)} steps in Python, {len(theirs)} in Swift")
        for step, (a, b) in enumerate(zip(ours, theirs)):
            compare(f"{what} step {step}", a, b)

    synthetic = lc.SyntheticFamily()
    value, (log_lr, reg, width) = lc.optimum()
    expected = reference["synthetic"]
    compare("synthetic optimum value", value, expected["optimumValue"])
    compare("synthetic optimum regularization", reg, expected["optimum"]["regularization"])
    compare("synthetic optimum width", width, expected["optimum"]["width"])
    for entry in expected["trials"]:
        seed, number = entry["seed"], entry["trial"]
        what = f"synthetic seed {seed} trial {number}"
        config = lc.configuration(seed, number)
        for name, ours in zip(["logLearningRate", "regularization", "width"], config):
            compare(f"{what} {name}", ours, entry["configuration"][name])
        compare_curves(f"{what} clean", lc.clean_curve(config), entry["clean"])
        values, final = synthetic.curve(seed, number)
        compare_curves(f"{what} observed", values, entry["observed"])
        compare(f"{what} final value", final, entry["finalValue"])

    digits = lc.DigitsFamily()
    expected = reference["digits"]
    if expected["runs"] != len(digits.curves):
        raise SystemExit(f"digits: {len(digits.curves)} runs in Python's table, {expected['runs']} in Swift's")
    compare("digits optimum value", digits.optimum_value, expected["optimumValue"])
    for entry in expected["trials"]:
        seed, number = entry["seed"], entry["trial"]
        what = f"digits seed {seed} trial {number}"
        if digits.index(seed, number) != entry["index"]:
            raise SystemExit(f"{what}: run {digits.index(seed, number)} in Python, {entry['index']} in Swift")
        values, final = digits.curve(seed, number)
        compare_curves(what, values, entry["observed"])
        compare(f"{what} final value", final, entry["finalValue"])
    print(f"learning curves: {len(reference['synthetic']['trials'])} synthetic trials of {lc.STEPS} steps, "
          f"{len(expected['trials'])} digits trials of {digits.steps} epochs and both optima agree with Swift "
          f"(largest difference {worst:.3g})")


def stats():
    print("synthetic: Spearman correlation between the observed loss at a step and the noise-free final loss "
          "(2,000 configurations of seed 0)")
    for step, rho in lc.crossing_statistics().items():
        print(f"  step {step:2d}: {rho:.3f}")
    by_step, better_half, test = lc.digits_statistics()
    print("digits: Spearman correlation between the validation error after an epoch and the final validation "
          "error (every recorded run; the better half of the runs by final error)")
    for step, rho in by_step.items():
        print(f"  step {step:2d} (epoch {step + 1}): {rho:.3f}; better half {better_half[step]:.3f}")
    print(f"  final validation error and test error: {test:.3f}")


def pruners(args):
    peer.quiet()
    names = peer.names(args.pruners, PRUNERS)
    modes = peer.names(args.modes, MODES)
    families = [lc.family(name) for name in peer.names(args.families, lc.FAMILIES)]
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    runs = []
    for family in families:
        for mode in modes:
            for name in names:
                started = time.perf_counter()
                for seed in seeds:
                    runs.append(run(family, name, mode, seed, args.trials))
                print(f"{family.name} {mode} {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    report = peer.report()
    report["pruners"] = {
        "trialsPerRun": args.trials, "trialCap": TRIAL_CAP,
        "families": [{"name": f.name, "steps": f.steps, "optimumValue": f.optimum_value} for f in families],
        "runs": runs,
    }
    peer.write(report, args.output)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("check")
    c.add_argument("--reference", default=os.path.join(HERE, "problems", "learning-curves-reference.json"))
    sub.add_parser("stats")
    p = sub.add_parser("pruners")
    p.add_argument("--families", default=None)
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--first-seed", type=int, default=0)
    p.add_argument("--trials", type=int, default=100)
    p.add_argument("--pruners", default=None)
    p.add_argument("--modes", default=None)
    p.add_argument("--output", default=os.path.join(HERE, "results", "optuna-pruners.json"))
    args = parser.parse_args()
    if args.mode == "check":
        check(args.reference)
    elif args.mode == "stats":
        stats()
    else:
        pruners(args)


if __name__ == "__main__":
    main()
