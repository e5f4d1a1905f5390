#!/usr/bin/env bash
# Builds HyperTune's API documentation with the toolchain alone (no package plugins):
#   1. compile the package, emitting symbol graphs of the public API;
#   2. check that every public symbol of the public modules has a doc comment;
#   3. convert each module's DocC catalog (Sources/M/M.docc) with its symbol graph into a
#      .doccarchive under .build-docs/archives, with warnings as errors.
# Usage: Docs/build-docs.sh            (from anywhere; needs swift, docc from the toolchain, python3)
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-docs
graphs="$PWD/$scratch/symbol-graphs"
archives="$PWD/$scratch/archives"
modules=(HyperTuneSearchSpace HyperTuneCore HyperTuneSamplers HyperTunePruners HyperTuneStorage
    HyperTuneStudy HyperTuneValidation HyperTuneProblems)
# Each archive also holds the modules its module depends on, so links to them
# (``HyperTuneCore/TrialRecord``) resolve. The umbrella HyperTune declares nothing of its own.
declare -A dependencies=(
    [HyperTuneSearchSpace]=""
    [HyperTuneCore]="HyperTuneSearchSpace"
    [HyperTuneSamplers]="HyperTuneCore HyperTuneSearchSpace"
    [HyperTunePruners]="HyperTuneCore HyperTuneSearchSpace"
    [HyperTuneStorage]="HyperTuneCore HyperTuneSearchSpace"
    [HyperTuneStudy]="HyperTuneCore HyperTuneSearchSpace HyperTuneSamplers HyperTunePruners HyperTuneStorage"
    [HyperTuneValidation]="HyperTuneStudy HyperTuneCore HyperTuneSearchSpace HyperTuneSamplers HyperTunePruners HyperTuneStorage"
    [HyperTuneProblems]="HyperTuneStudy HyperTuneCore HyperTuneSearchSpace HyperTuneSamplers HyperTunePruners HyperTuneStorage"
)

docc=$(command -v docc || true)
if [ -z "$docc" ]; then
    docc="$(dirname "$(command -v swift)")/docc"
fi
[ -x "$docc" ] || { echo "build-docs: docc not found next to swift" >&2; exit 1; }

rm -rf "$archives"  # the symbol graphs stay: an incremental build only rewrites those of changed modules
mkdir -p "$graphs" "$archives"
swift build --scratch-path "$scratch" \
    -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$graphs" \
    -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public

python3 - "$graphs" HyperTune "${modules[@]}" <<'PY'
import glob, json, os, sys
graphs, modules = sys.argv[1], sys.argv[2:]
missing = []
for module in modules:
    for path in glob.glob(os.path.join(graphs, f"{module}.symbols.json")) + glob.glob(os.path.join(graphs, f"{module}@*.symbols.json")):
        for symbol in json.load(open(path))["symbols"]:
            if symbol.get("accessLevel") not in ("public", "open") or "location" not in symbol:
                continue  # below public, or synthesized by the compiler
            if "docComment" not in symbol:
                where = symbol["location"]["uri"].split("/Sources/")[-1]
                missing.append(f"{where}:{symbol['location']['position']['line'] + 1}: {'.'.join(symbol['pathComponents'])}")
for line in sorted(set(missing)):
    print(f"undocumented public symbol: {line}", file=sys.stderr)
if missing:
    sys.exit(f"build-docs: {len(set(missing))} public symbol(s) without a doc comment")
print("build-docs: every public symbol has a doc comment")
PY

failed=()
for module in "${modules[@]}"; do
    input="$PWD/$scratch/inputs/$module"
    rm -rf "$input"
    mkdir -p "$input"
    for part in $module ${dependencies[$module]}; do
        cp "$graphs/$part.symbols.json" "$input/"
        cp "$graphs/$part"@*.symbols.json "$input/" 2>/dev/null || true
    done
    if "$docc" convert "Sources/$module/$module.docc" \
        --additional-symbol-graph-dir "$input" \
        --fallback-display-name "$module" \
        --fallback-bundle-identifier "org.hypertune.$module" \
        --output-path "$archives/$module.doccarchive" \
        --warnings-as-errors; then
        echo "build-docs: $module -> $scratch/archives/$module.doccarchive"
    else
        failed+=("$module")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "build-docs: DocC reported problems in: ${failed[*]}" >&2
    exit 1
fi
echo "build-docs: all ${#modules[@]} catalogs built"
