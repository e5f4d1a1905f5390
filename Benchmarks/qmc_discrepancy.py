#!/usr/bin/env python3
"""L2-star discrepancy of QMCSampler's points against scipy's scrambled Sobol' and random points.

    hypertune-bench qmc-points --seeds 10 --dimension 6 --count 256 --output /tmp/hypertune-qmc-points.json
    python qmc_discrepancy.py /tmp/hypertune-qmc-points.json [--output Benchmarks/results/qmc-discrepancy.json]

Every set is scored by the same formula, scipy.stats.qmc.discrepancy(method="L2-star"): HyperTune's
points (trials 1...N of a study with QMCSampler(seed: s), one set per seed), scipy's
Sobol(d, scramble=True, seed=s).random(N) for the same seeds, and numpy uniform points. Needs numpy
and scipy (the Optuna peer's environment has both).
"""
import argparse
import json
import statistics

import numpy as np
from scipy.stats import qmc


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("points")
    parser.add_argument("--output")
    args = parser.parse_args()
    with open(args.points) as f:
        sets = json.load(f)
    rows = []
    for seed in sorted(sets, key=int):
        ours = np.array(sets[seed])
        n, d = ours.shape
        scipy_points = qmc.Sobol(d, scramble=True, seed=int(seed)).random(n)
        random_points = np.random.default_rng(int(seed)).random((n, d))
        rows.append({
            "seed": int(seed),
            "hypertune": float(qmc.discrepancy(ours, method="L2-star")),
            "scipy": float(qmc.discrepancy(scipy_points, method="L2-star")),
            "random": float(qmc.discrepancy(random_points, method="L2-star")),
        })
    print(f"L2-star discrepancy, {n} points in {d} dimensions, {len(rows)} seeds")
    print("seed   HyperTune QMCSampler   scipy Sobol (scrambled)   random")
    for row in rows:
        print(f"{row['seed']:4d}   {row['hypertune']:20.3e}   {row['scipy']:23.3e}   {row['random']:.3e}")
    summary = {key: statistics.mean(row[key] for row in rows) for key in ("hypertune", "scipy", "random")}
    print(f"mean   {summary['hypertune']:20.3e}   {summary['scipy']:23.3e}   {summary['random']:.3e}")
    print(f"HyperTune / scipy: {summary['hypertune'] / summary['scipy']:.3f}; random / scipy: {summary['random'] / summary['scipy']:.1f}")
    if args.output:
        with open(args.output, "w") as f:
            json.dump({"points": n, "dimension": d, "runs": rows, "mean": summary}, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
