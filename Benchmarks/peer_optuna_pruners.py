#!/usr/bin/env python3
"""Optuna's pruners on HyperTune's learning-curve benchmark: the same curves, seeds, settings and JSON.

Use the git-ignored virtual environment Benchmarks/.venv (create it with
`python3 -m venv Benchmarks/.venv && Benchmarks/.venv/bin/pip install optuna`):

    peer_optuna_pruners.py check   [--reference PATH]
    peer_optuna_pruners.py stats
    peer_optuna_pruners.py pruners [--seeds N] [--first-seed K] [--trials N] [--pruners a,b|all]
                                   [--modes trials,budget-40,budget-60] [--output PATH]

`check` needs only the standard library: it recomputes Benchmarks/problems/learning-curves-reference.json
(written by `hypertune-bench curves-reference`) with the Python curves and fails beyond 1e-9.
`stats` prints how much the curves cross (standard library only). `pruners` mirrors `hypertune-bench pruners` (see Docs/Benchmarks.md, "Pruners on learning curves").
"""

import argparse
import datetime
import json
import math
import os
import platform
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "problems"))
import learning_curves as lc  # noqa: E402

TRIAL_CAP = 3000


# ---------------------------------------------------------------------------------------------
# The pruners, by the names the Swift runner uses, with the same settings.

def make_pruner(name):
    import optuna.pruners as p

    table = {
        "none": lambda: p.NopPruner(),
        "median": lambda: p.MedianPruner(),
        "median-warmup-20": lambda: p.MedianPruner(n_warmup_steps=20),
        "percentile-25": lambda: p.PercentilePruner(25.0, n_startup_trials=5),
        "successive-halving": lambda: p.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3),
        "hyperband": lambda: p.HyperbandPruner(min_resource=1, max_resource=81, reduction_factor=3),
        "threshold": lambda: p.ThresholdPruner(upper=0.5, n_warmup_steps=10),
        "patient-median": lambda: p.PatientPruner(p.MedianPruner(), patience=5),
    }
    if name not in table:
        raise SystemExit(f"unknown pruner {name}; known: {', '.join(PRUNERS)}")
    return table[name]()


PRUNERS = [
    "none", "median", "median-warmup-20", "percentile-25", "successive-halving", "hyperband", "threshold",
    "patient-median",
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

def run(pruner_name, mode, seed, trials):
    """Runs one study; returns the run's record (the same fields as the Swift runner's)."""
    import optuna

    budget = None
    n_trials = trials
    if mode.startswith("budget-"):
        budget = int(mode.split("-")[1]) * trials * lc.STEPS // 100
        n_trials = TRIAL_CAP
    consumed = [0]

    def objective(trial):
        curve = lc.observed_curve(seed, trial.number)
        for step in range(lc.STEPS):
            trial.report(curve[step], step)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return curve[-1]

    def count(study, trial):
        consumed[0] += len(trial.intermediate_values)
        # Start no trial that could overrun the budget: a run never exceeds it.
        if budget is not None and consumed[0] + lc.STEPS > budget:
            study.stop()

    study = optuna.create_study(
        study_name=f"curves-{seed}", direction="minimize", pruner=make_pruner(pruner_name),
        sampler=optuna.samplers.RandomSampler(seed=seed))
    start = time.perf_counter()
    study.optimize(objective, n_trials=n_trials, callbacks=[count])
    seconds = time.perf_counter() - start
    frozen = study.get_trials(deepcopy=False)
    complete = [t for t in frozen if t.state == optuna.trial.TrialState.COMPLETE]
    record = {
        "pruner": pruner_name, "mode": mode, "seed": seed, "trials": len(frozen),
        "pruned": sum(1 for t in frozen if t.state == optuna.trial.TrialState.PRUNED),
        "steps": consumed[0], "seconds": seconds, "bestTrial": None, "bestValue": None, "regret": None,
        "decisions": decision_digest(
            [t.last_step if t.state == optuna.trial.TrialState.PRUNED else -1 for t in frozen]),
    }
    if complete:
        best = study.best_trial
        optimum_value = lc.optimum()[0]
        record["bestTrial"] = best.number
        record["bestValue"] = best.value
        record["regret"] = lc.final_value(*lc.configuration(seed, best.number)) - optimum_value
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

    value, (log_lr, reg, width) = lc.optimum()
    compare("optimum value", value, reference["optimum"]["value"])
    compare("optimum regularization", reg, reference["optimum"]["regularization"])
    compare("optimum width", width, reference["optimum"]["width"])
    count = 0
    for entry in reference["trials"]:
        seed, number = entry["seed"], entry["trial"]
        config = lc.configuration(seed, number)
        for name, ours, theirs in zip(["logLearningRate", "regularization", "width"], config, entry["configuration"]):
            compare(f"seed {seed} trial {number} {name}", ours, theirs)
        for step, (ours, theirs) in enumerate(zip(lc.clean_curve(config), entry["clean"])):
            compare(f"seed {seed} trial {number} clean step {step}", ours, theirs)
        for step, (ours, theirs) in enumerate(zip(lc.observed_curve(seed, number), entry["observed"])):
            compare(f"seed {seed} trial {number} observed step {step}", ours, theirs)
        count += 1
    print(f"learning curves: {count} trials, {lc.STEPS} steps each, and the optimum agree with Swift "
          f"(largest difference {worst:.3g})")


def pruners(args):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    names = PRUNERS if args.pruners in (None, "all") else args.pruners.split(",")
    modes = MODES if args.modes is None else args.modes.split(",")
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    runs = []
    for mode in modes:
        for name in names:
            started = time.perf_counter()
            for seed in seeds:
                runs.append(run(name, mode, seed, args.trials))
            print(f"{mode:>10} {name:<20} {time.perf_counter() - started:7.1f} s", file=sys.stderr)
    value, (log_lr, reg, width) = lc.optimum()
    report = {
        "library": "optuna", "version": optuna.__version__,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"system": platform.system(), "processor": platform.processor() or platform.machine(),
                    "python": platform.python_version()},
        "trialsPerRun": args.trials, "steps": lc.STEPS, "trialCap": TRIAL_CAP,
        "optimum": {"value": value, "logLearningRate": log_lr, "regularization": reg, "width": width},
        "runs": runs,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as f:
        json.dump(report, f, indent=1)
    print(f"wrote {args.output}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("check")
    c.add_argument("--reference", default=os.path.join(HERE, "problems", "learning-curves-reference.json"))
    sub.add_parser("stats")
    p = sub.add_parser("pruners")
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--first-seed", type=int, default=0)
    p.add_argument("--trials", type=int, default=100)
    p.add_argument("--pruners", default=None)
    p.add_argument("--modes", default=None)
    p.add_argument("--output", default=os.path.join(HERE, "results", "pruners-optuna.json"))
    args = parser.parse_args()
    if args.mode == "check":
        check(args.reference)
    elif args.mode == "stats":
        for step, rho in lc.crossing_statistics().items():
            print(f"step {step:2d}: Spearman correlation with the noise-free final loss {rho:.3f}")
    else:
        pruners(args)


if __name__ == "__main__":
    main()
