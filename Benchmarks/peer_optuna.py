#!/usr/bin/env python3
"""Optuna on HyperTune's benchmark suites: the same problems, budgets and seeds, the same JSON.

Run it through `Benchmarks/run optuna` (which creates the git-ignored virtual environment
Benchmarks/.venv and installs Optuna from PyPI), or directly with that environment's Python:

    peer_optuna.py check        [--reference PATH]
    peer_optuna.py quality      [--samplers random,tpe,tpe-mv-cl,tpe-independent,gp,cmaes,qmc|all] [--problems a,b|all]
                                [--seeds N] [--first-seed K] [--budget N] [--jobs J] [--output PATH]
    peer_optuna.py overhead     [--samplers ...] [--counts 100,1000] [--repeats R] [--window W] [--output PATH]
    peer_optuna.py driver-overhead [--trials 1000,100000] [--repeats N] [--output PATH]

`check` needs only the standard library: it recomputes Benchmarks/problems/reference.json (written
by the Swift runner) with the Python problems and fails beyond 1e-9. The other modes mirror the
Swift runner's suites of the same names (see Docs/Benchmarks.md).
"""

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "problems"))
import problems as bench  # noqa: E402

CHECKPOINTS = [10, 25, 50, 100]


# ---------------------------------------------------------------------------------------------
# Samplers by name (matched with the Swift runner's registry names in the table).

def make_sampler(name, seed):
    import optuna

    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe-mv-cl":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True, constant_liar=True)
    if name == "tpe-independent":
        # Optuna 5's default TPESampler is already multivariate with constant liar (single
        # objective); this is the independent TPE, the default before 5.0.
        return optuna.samplers.TPESampler(seed=seed, multivariate=False, constant_liar=False)
    if name == "gp":
        return optuna.samplers.GPSampler(seed=seed)
    if name == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    if name == "qmc":
        return optuna.samplers.QMCSampler(seed=seed)
    raise SystemExit(f"unknown sampler {name}; known: {', '.join(SAMPLERS)}")


SAMPLERS = ["random", "tpe", "tpe-mv-cl", "tpe-independent", "gp", "cmaes", "qmc"]
OVERHEAD_COUNTS = {"gp": [100, 300], "cmaes": [100, 1000], "qmc": [100, 1000]}


def quiet():
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass


# ---------------------------------------------------------------------------------------------
# Reports.

def machine():
    model = "unknown"
    memory = 0.0
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    memory = round(int(line.split()[1]) / 1048576, 1)
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"cpus": cpus, "cpu": model, "memoryGiB": memory, "os": platform.platform(), "loadAverage": load}


def report():
    import optuna

    return {
        "schema": 1,
        "library": "Optuna",
        "version": optuna.__version__,
        "machine": machine(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def write(data, path):
    """Writes the report in the Swift runner's layout (Report.write): compact, sorted keys, each
    object of an array on a line of its own (one run per line)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    out, in_string, escaped, previous = [], False, False, " "
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{" and previous in "[,":
            out.append("\n")
        out.append(char)
        previous = char
    with open(path, "w") as f:
        f.write("".join(out) + "\n")
    print(f"wrote {path}", file=sys.stderr)


def names(text, known):
    if text is None or text == "all":
        return list(known)
    return [item.strip() for item in text.split(",") if item.strip()]


# ---------------------------------------------------------------------------------------------
# Quality.

def run_one(job):
    sampler_name, problem_name, seed, budget, checkpoints = job
    import optuna

    quiet()
    problem = bench.BY_NAME[problem_name]
    study = optuna.create_study(direction=problem.direction, sampler=make_sampler(sampler_name, seed))
    best = math.inf
    regret = []
    for number in range(budget):
        trial = study.ask()
        value, clean = problem.evaluate(trial, seed)
        study.tell(trial, value)
        best = min(best, problem.regret(clean))
        if number + 1 in checkpoints:
            regret.append(best)
    return {"sampler": sampler_name, "problem": problem_name, "seed": seed, "budget": budget, "regret": regret}


def quality(args):
    samplers = names(args.samplers, SAMPLERS)
    problem_names = names(args.problems, bench.BY_NAME)
    for name in problem_names:
        if name not in bench.BY_NAME:
            raise SystemExit(f"unknown problem {name}; known: {', '.join(bench.BY_NAME)}")
    checkpoints = [c for c in CHECKPOINTS if c < args.budget] + [args.budget]
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    jobs = [(s, p, seed, args.budget, checkpoints) for s in samplers for p in problem_names for seed in seeds]
    print(f"quality: {len(samplers)} sampler(s) x {len(problem_names)} problem(s) x {len(seeds)} seed(s), "
          f"{args.budget} trials, {args.jobs} job(s)", file=sys.stderr)
    runs = []
    if args.jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            for index, run in enumerate(pool.imap(run_one, jobs)):
                runs.append(run)
                progress_line(index + 1, len(jobs), run)
    else:
        for index, job in enumerate(jobs):
            runs.append(run_one(job))
            progress_line(index + 1, len(jobs), runs[-1])
    data = report()
    data["quality"] = {"budget": args.budget, "checkpoints": checkpoints, "regretFloor": bench.REGRET_FLOOR, "runs": runs}
    write(data, args.output)


def progress_line(done, total, run):
    if done % 10 == 0 or done == total:
        print(f"quality: {done}/{total} runs (last: {run['sampler']} {run['problem']} seed {run['seed']})", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Overhead: the Swift runner's 10-parameter space.

def suggest_all(trial):
    return [
        trial.suggest_float("f0", -5, 5),
        trial.suggest_float("f1", -5, 5),
        trial.suggest_float("f2", 0, 1),
        trial.suggest_float("l0", 1e-5, 1, log=True),
        trial.suggest_float("l1", 1e-3, 1e3, log=True),
        float(trial.suggest_int("i0", 0, 100)),
        float(trial.suggest_int("i1", -20, 20)),
        float(trial.suggest_int("i2", 1, 1024, log=True)),
        1.0 if trial.suggest_categorical("c0", ["a", "b", "c"]) == "a" else 0.0,
        1.0 if trial.suggest_categorical("c1", ["sgd", "adam", "rmsprop", "adagrad", "lion"]) == "adam" else 0.0,
    ]


def overhead_objective(values):
    return sum(v * v for v in values)


def window_for(completed):
    return min(100, max(20, completed // 10))


WARM_UP = 5  # untimed trials of the sampler before the window, as the Swift side


def measure_overhead(sampler_name, completed, window, seed):
    """Fills a study with `completed` random trials (RandomSampler, as the Swift side), runs WARM_UP
    untimed trials of the sampler, then times `window` trials of it. Returns mean µs per trial of (ask + suggest) and of
    (ask + suggest + tell)."""
    import optuna

    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.RandomSampler(seed=10_000 + seed))
    study.optimize(lambda t: overhead_objective(suggest_all(t)), n_trials=completed)
    study.sampler = make_sampler(sampler_name, seed)
    for _ in range(WARM_UP):
        trial = study.ask()
        study.tell(trial, overhead_objective(suggest_all(trial)))
    suggesting = 0.0
    telling = 0.0
    for _ in range(window):
        t0 = time.perf_counter()
        trial = study.ask()
        values = suggest_all(trial)
        t1 = time.perf_counter()
        value = overhead_objective(values)
        t2 = time.perf_counter()
        study.tell(trial, value)
        t3 = time.perf_counter()
        suggesting += t1 - t0
        telling += t3 - t2
    suggest = suggesting / window * 1e6
    return suggest, suggest + telling / window * 1e6


def overhead(args):
    quiet()
    results = []
    counts = [int(c) for c in args.counts.split(",")] if args.counts else None
    for sampler in names(args.samplers, SAMPLERS):
        for completed in counts or OVERHEAD_COUNTS.get(sampler, [100, 1000, 10000]):
            window = args.window or window_for(completed)
            suggest_runs, trial_runs = [], []
            for repeat in range(args.repeats):
                suggest, trial = measure_overhead(sampler, completed, window, repeat)
                suggest_runs.append(suggest)
                trial_runs.append(trial)
            result = {
                "sampler": sampler, "completed": completed, "window": window,
                "suggestMicroseconds": statistics.median(suggest_runs), "trialMicroseconds": statistics.median(trial_runs),
                "suggestRuns": suggest_runs, "trialRuns": trial_runs,
            }
            print(f"overhead: {sampler} at {completed} completed: {result['suggestMicroseconds']:.1f} µs/suggestion phase, "
                  f"{result['trialMicroseconds']:.1f} µs/trial", file=sys.stderr)
            results.append(result)
    data = report()
    data["overhead"] = {"parameters": 10, "repeats": args.repeats, "results": results}
    write(data, args.output)


# ---------------------------------------------------------------------------------------------
# Driver overhead: the Swift runner's driver-overhead setup (random sampler, in-memory storage,
# no pruner, 5 parameters, study.optimize).

def driver_objective(trial):
    x = trial.suggest_float("x", -5, 5)
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    layers = trial.suggest_int("layers", 1, 8)
    dropout = trial.suggest_float("dropout", 0, 0.5, step=0.05)
    optimizer = trial.suggest_categorical("optimizer", ["sgd", "adam", "rmsprop"])
    return x * x + lr + layers + dropout + (0 if optimizer == "adam" else 1)


def driver_overhead(args):
    import optuna

    quiet()
    results = []
    for trials in [int(t) for t in args.trials.split(",")]:
        repeats = max(1, args.repeats_large) if trials >= 100_000 else args.repeats
        runs = []
        for repeat in range(repeats):
            study = optuna.create_study(direction="minimize", sampler=optuna.samplers.RandomSampler(seed=repeat),
                                        pruner=optuna.pruners.NopPruner())
            start = time.perf_counter()
            study.optimize(driver_objective, n_trials=trials)
            runs.append((time.perf_counter() - start) / trials * 1e6)
            print(f"driver-overhead: {trials} trials, run {repeat + 1}/{repeats}: {runs[-1]:.1f} µs/trial", file=sys.stderr)
        results.append({"trials": trials, "repeats": repeats, "medianMicrosecondsPerTrial": statistics.median(runs),
                        "allMicrosecondsPerTrial": runs})
    data = report()
    data["driverOverhead"] = results
    write(data, args.output)


# ---------------------------------------------------------------------------------------------

def check(args):
    with open(args.reference) as f:
        reference = json.load(f)
    checked, failures = bench.check(reference)
    for failure in failures:
        print("FAIL", failure)
    print(f"check: {checked} reference points, {len(failures)} failure(s), tolerance {reference['tolerance']}")
    if failures or checked == 0:
        raise SystemExit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("check")
    p.add_argument("--reference", default=os.path.join(HERE, "problems", "reference.json"))
    p.set_defaults(run=check)
    p = sub.add_parser("quality")
    p.add_argument("--samplers")
    p.add_argument("--problems")
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--first-seed", type=int, default=0)
    p.add_argument("--budget", type=int, default=100)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--output", default=os.path.join(HERE, "results", "optuna-quality.json"))
    p.set_defaults(run=quality)
    p = sub.add_parser("overhead")
    p.add_argument("--samplers")
    p.add_argument("--counts")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--window", type=int)
    p.add_argument("--output", default=os.path.join(HERE, "results", "optuna-overhead.json"))
    p.set_defaults(run=overhead)
    p = sub.add_parser("driver-overhead")
    p.add_argument("--trials", default="1000,100000")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--repeats-large", type=int, default=1)
    p.add_argument("--output", default=os.path.join(HERE, "results", "optuna-driver-overhead.json"))
    p.set_defaults(run=driver_overhead)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
