#!/usr/bin/env bash
# Reproduces the linker table of models/README.md: imports Wikidata-MEL and Richpedia-MEL into a temporary project
# each, trains GHMF and MIMIC with the default TrainOptions / ModelConfig on the train split (model selection on
# dev), evaluates name / GHMF / MIMIC on dev and prints a markdown table.
#   scripts/reproduce-linkers.sh [CLI=build/app/cli/melstudio-cli] [DATA=../shared/data] [WORK=mktemp -d]
# Extra train options can be passed in TRAIN_ARGS (e.g. TRAIN_ARGS="--epochs 1 --max-train 2000" for a smoke run).
# Every command is echoed; per-run JSON and logs stay in WORK. Needs jq.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=$(realpath "${1:-build/app/cli/melstudio-cli}")
DATA=$(realpath "${2:-../shared/data}")
WORK=${3:-$(mktemp -d /tmp/mel-reproduce.XXXXXX)}
mkdir -p "$WORK"
THREADS=${THREADS:-2}
read -r -a EXTRA <<< "${TRAIN_ARGS:-}"
run() { echo "+ $*" >&2; "$@"; }

import() {  # db dataset
  local db=$1 ds=$2 d
  rm -f "$db"
  if [ "$ds" = wikidata-mel ]; then
    d=$DATA/wikidata-mel
    run "$CLI" import-kb --db "$db" --names "$d/qid2ne.json" --abstracts "$d/qid2abs.json" --aliases "$d/ne2qid.json" >&2
    run "$CLI" import --db "$db" --dataset "$ds" --format melbench --samples "$d/Wikidata-MEL.json" \
      --splits "$d/splits.json" --images "$d/images" >&2
  else
    d=$DATA/richpedia-mel
    run "$CLI" import-kb --db "$db" --names "$d/qid2ne.json" --abstracts "$d/qid2abs.json" --aliases "$d/ne2qid.json" \
      --abstracts-long "$d/qid2abs_long.json" >&2
    run "$CLI" import --db "$db" --dataset "$ds" --format melbench --samples "train=$d/train.json" "dev=$d/dev.json" \
      --images "$d/images" >&2
  fi
}

row() {  # label eval.json
  jq -r --arg l "$1" '"| \($l) | \(.["hits@1"]*1000|round/1000) | \(.["hits@3"]*1000|round/1000) | \(.["hits@5"]*1000|round/1000) | \(.mrr*1000|round/1000) | \(.mr*100|round/100) |"' "$2"
}

for ds in wikidata-mel richpedia-mel; do
  db=$WORK/$ds.melproj
  import "$db" "$ds"
  run "$CLI" eval --db "$db" --dataset "$ds" --split dev --linker name --json > "$WORK/$ds-name.eval.json"
  for linker in ghmf mimic; do
    out=$WORK/$ds-$linker.pt
    /usr/bin/time -v -o "$WORK/$ds-$linker.time" \
      "$CLI" train --db "$db" --dataset "$ds" --linker "$linker" --out "$out" --threads "$THREADS" --json "${EXTRA[@]}" \
      > "$WORK/$ds-$linker.train.json" 2> "$WORK/$ds-$linker.train.log"
    echo "+ train $ds $linker: $(grep -E 'User time|System time|Elapsed' "$WORK/$ds-$linker.time" | tr -s ' ' | tr '\n' ';')" >&2
    run "$CLI" eval --db "$db" --dataset "$ds" --split dev --linker "$linker" --checkpoint "$out" --json \
      > "$WORK/$ds-$linker.eval.json"
  done
done

for ds in wikidata-mel richpedia-mel; do
  echo
  echo "**$ds dev** (top-100 WRatio candidates; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| linker | Hits@1 | Hits@3 | Hits@5 | MRR | MR |"
  echo "|---|---|---|---|---|---|"
  row name "$WORK/$ds-name.eval.json"
  row GHMF "$WORK/$ds-ghmf.eval.json"
  row MIMIC "$WORK/$ds-mimic.eval.json"
done
echo
echo "(runs and logs in $WORK)"
