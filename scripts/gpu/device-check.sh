#!/usr/bin/env bash
# Run on a GPU machine with a CUDA PyTorch (its LibTorch is the one linked), from the repository root, with .gpu/
# filled by scripts/gpu/prepare-device.sh (OpenCV source, SQLite headers, the Wikidata-MEL folder); OUT names a
# folder for the logs. Builds OpenCV and melstudio-cli (no GUI, no tests), then trains GHMF and MIMIC one epoch per
# device and precision (DEVICES, PRECISIONS below), evaluates dev and times linking one mention with each, and
# evaluates dev twice more on CUDA through the project's stored entity features (storing, then reading). About
# 8 minutes on an H200 machine (builds 3.5 of them).
set -uo pipefail
R=$PWD; G=$R/.gpu; TIMEFORMAT='%R'
mkdir -p /tmp/ocvs && tar xzf $G/ocvsrc.tar.gz -C /tmp/ocvs
cmake -S /tmp/ocvs/ocvmin -B /tmp/ocvb -G Ninja $(cat /tmp/ocvs/ocv-flags.txt) -DCMAKE_INSTALL_PREFIX=/tmp/ocv > $OUT/ocv-configure.log 2>&1 \
  || { tail -30 $OUT/ocv-configure.log; exit 3; }
ninja -C /tmp/ocvb install > $OUT/ocv-build.log 2>&1 || { grep -E "error" $OUT/ocv-build.log | head -30; exit 4; }
echo "opencv built $(date +%T)"
export LD_LIBRARY_PATH=/tmp/ocv/lib:${LD_LIBRARY_PATH:-}
mkdir -p /usr/share/opencv4/haarcascades && cp /tmp/ocv/share/opencv4/haarcascades/* /usr/share/opencv4/haarcascades/ 2>/dev/null
TORCH=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
python3 -c 'import torch;print("torch", torch.__version__, torch.cuda.get_device_name(0))'
NVCC=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
cmake -S $R -B /tmp/b -G Ninja -DCMAKE_BUILD_TYPE=Release -DMEL_BUILD_GUI=OFF -DMEL_BUILD_BENCH=OFF -DMEL_BUILD_TESTS=OFF \
  -DCMAKE_PREFIX_PATH="$TORCH;/tmp/ocv" -DOpenCV_DIR=/tmp/ocv/lib/cmake/opencv4 \
  -DSQLite3_INCLUDE_DIR=$G/include -DSQLite3_LIBRARY=/usr/lib/x86_64-linux-gnu/libsqlite3.so.0 \
  -DCMAKE_CUDA_COMPILER=$NVCC -DCMAKE_CUDA_ARCHITECTURES=90 -DTORCH_CUDA_ARCH_LIST=9.0 > $OUT/configure.log 2>&1 \
  || { tail -40 $OUT/configure.log; exit 1; }
echo "configured $(date +%T)"
ninja -C /tmp/b -k 0 melstudio-cli > $OUT/build.log 2>&1 || { grep -E "error:|Error " $OUT/build.log | sort | uniq | head -60; exit 2; }
echo "built $(date +%T)"
C=/tmp/b/app/cli/melstudio-cli; W=$G/wikidata-mel; P=/tmp/wd.melproj
$C import-kb --db $P --names $W/qid2ne.json --abstracts $W/qid2abs.json --aliases $W/ne2qid.json > /dev/null
$C import --db $P --dataset wikidata-mel --samples $W/Wikidata-MEL.json --splits $W/splits.json --images $W/images > /dev/null
# DEVICES: where to train and rank (cpu runs only in fp32); PRECISIONS: fp32 and/or bf16 (CUDA autocast).
# The default compares bf16 with fp32 on the GPU; DEVICES="cuda cpu" PRECISIONS=fp32 repeats the 2026-12-04 runs.
DEVICES=${DEVICES:-cuda}; PRECISIONS=${PRECISIONS:-"fp32 bf16"}
for L in ghmf mimic; do
  for D in $DEVICES; do
    for X in $PRECISIONS; do
      [ $D = cpu ] && [ $X != fp32 ] && continue
      echo "== $L train 1 epoch on $D $X"
      { time $C train --db $P --dataset wikidata-mel --linker $L --epochs 1 --device $D --precision $X --out /tmp/$L-$D-$X.pt --json > $OUT/train-$L-$D-$X.json 2> $OUT/train-$L-$D-$X.err ; } 2>&1 || tail -5 $OUT/train-$L-$D-$X.err
      tail -c 600 $OUT/train-$L-$D-$X.json; echo
    done
  done
  FIRST=$(echo $DEVICES | cut -d' ' -f1)
  for D in $DEVICES; do
    for X in $PRECISIONS; do
      [ $D = cpu ] && [ $X != fp32 ] && continue
      echo "== $L eval dev on $D $X (checkpoint trained on $FIRST fp32)"
      { time $C eval --db $P --dataset wikidata-mel --split dev --linker $L --checkpoint /tmp/$L-$FIRST-fp32.pt --device $D --precision $X --no-stored-features --json > $OUT/eval-$L-$D-$X.json 2>&1 ; } 2>&1
      tail -c 400 $OUT/eval-$L-$D-$X.json; echo
      echo "== $L bench link on $D $X"
      $C bench link --db $P --dataset wikidata-mel --split dev --linker $L --checkpoint /tmp/$L-$FIRST-fp32.pt --mentions 100 --device $D --precision $X 2>&1 | tail -6
    done
  done
  if echo "$DEVICES" | grep -q cuda; then
    echo "== $L eval dev on cuda fp32, one mention per scoring pass (--pair-budget 1) against the default above"
    { time $C eval --db $P --dataset wikidata-mel --split dev --linker $L --checkpoint /tmp/$L-$FIRST-fp32.pt --device cuda --pair-budget 1 --no-stored-features --json > $OUT/eval-$L-cuda-single.json 2>&1 ; } 2>&1
    tail -c 200 $OUT/eval-$L-cuda-single.json; echo
    # The evaluations above neither read nor write stored entity features (like with like); these two do: the
    # first encodes and stores the KB's features on CUDA, the second reads them back (same metrics expected).
    for run in stores reads; do
      echo "== $L eval dev on cuda fp32, stored entity features: $run"
      { time $C eval --db $P --dataset wikidata-mel --split dev --linker $L --checkpoint /tmp/$L-$FIRST-fp32.pt --device cuda --json > $OUT/eval-$L-cuda-stored-$run.json 2>&1 ; } 2>&1
      tail -c 300 $OUT/eval-$L-cuda-stored-$run.json; echo
    done
    python3 - $OUT/eval-$L-cuda-stored-stores.json $OUT/eval-$L-cuda-stored-reads.json <<'PY'
import json, sys
def last(path):  # the JSON object ends the file (stderr's progress is mixed in, maybe on the same line)
    line = [l for l in open(path) if '{' in l][-1]
    return json.loads(line[line.index('{'):])
a, b = last(sys.argv[1]), last(sys.argv[2])
same = all(a[k] == b[k] for k in ('hits@1', 'hits@5', 'mrr', 'n'))
ok = same and a['entity_features_stored'] > 0 and b['entity_features_loaded'] == a['entity_features_stored']
print('stored features on CUDA:', 'OK' if ok else 'MISMATCH', {k: (a.get(k), b.get(k)) for k in
      ('hits@1', 'mrr', 'seconds', 'entity_features_stored', 'entity_features_loaded')})
PY
  fi
  if [ -f /tmp/$L-cuda-bf16.pt ]; then
    echo "== $L eval dev on cuda fp32 (checkpoint trained in bf16)"
    $C eval --db $P --dataset wikidata-mel --split dev --linker $L --checkpoint /tmp/$L-cuda-bf16.pt --device cuda --no-stored-features --json 2>&1 | tail -c 400; echo
  fi
done
echo "done $(date +%T)"
