#!/usr/bin/env bash
# Fuzzes Gouji with libFuzzer: builds the fuzz targets (Sources/Fuzz/*) with -sanitize=fuzzer and
# runs each for a bounded time on a copy of its committed seed corpus (Fuzz/corpus/TARGET).
#
#   Scripts/fuzz.sh [--merge] [--release] [--if-supported] [--sample=N] [SECONDS-PER-TARGET] [TARGET…]
#
#   SECONDS-PER-TARGET  how long each target runs (default 60)
#   TARGET              fuzz-reader, fuzz-extractor, fuzz-rules (default: all three)
#   --merge             afterwards, add the new inputs that reach new code to Fuzz/corpus/TARGET
#                       (otherwise new inputs stay in .build/fuzz-work/TARGET/corpus)
#   --release           build with -c release (faster runs, a slower build); default -c debug
#   --if-supported      when this toolchain cannot build a libFuzzer binary, say so and exit 0 (CI)
#   --sample=N          start from an even sample of at most N inputs of the committed corpus, not
#                       all of it (libFuzzer runs the whole starting corpus before the time limit
#                       counts; CI uses this to stay short)
#
# Prints each target's execution count (libFuzzer's stat::number_of_executed_units). An input that
# crashes, hangs (over FUZZ_TIMEOUT seconds, default 30) or runs out of memory is saved in
# Fuzz/regressions/TARGET/ and the script exits 1. `swift test` runs every file of Fuzz/regressions
# and Fuzz/corpus through the same functions (FuzzRegressionTests), and so does the target's own
# executable built plainly: `swift run fuzz-extractor Fuzz/regressions/fuzz-extractor`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

seconds=60
merge=0
config=debug
if_supported=0
sample=0
targets=()
for arg in "$@"; do
  case "$arg" in
    --merge) merge=1 ;;
    --release) config=release ;;
    --if-supported) if_supported=1 ;;
    --sample=*) sample="${arg#--sample=}" ;;
    fuzz-reader | fuzz-extractor | fuzz-rules) targets+=("$arg") ;;
    *[!0-9]* | '')
      echo "用法：Scripts/fuzz.sh [--merge] [--release] [--if-supported] [--sample=N] [每个目标的秒数] [fuzz-reader|fuzz-extractor|fuzz-rules]…" >&2
      exit 2
      ;;
    *) seconds="$arg" ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(fuzz-reader fuzz-extractor fuzz-rules)

max_len() { case "$1" in fuzz-rules) echo 16384 ;; *) echo 65536 ;; esac; }
# Words of the input's language, for libFuzzer's mutations (Fuzz/dict/).
dictionary() { case "$1" in fuzz-rules) echo Fuzz/dict/fuzz-rules.dict ;; *) echo Fuzz/dict/fuzz-extractor.dict ;; esac; }

work=".build/fuzz-work"
scratch=".build/fuzz-$config"
mkdir -p "$work"

# Can this toolchain link a libFuzzer binary at all? (Not every Swift toolchain ships the runtime.)
if [ "$if_supported" = 1 ]; then
  probe="$work/probe"
  mkdir -p "$probe"
  printf '@_cdecl("LLVMFuzzerTestOneInput") public func f(_ d: UnsafePointer<UInt8>?, _ n: Int) -> CInt { 0 }\n' > "$probe/probe.swift"
  if ! swiftc -sanitize=fuzzer -parse-as-library "$probe/probe.swift" -o "$probe/probe" > "$probe/log.txt" 2>&1; then
    echo "fuzz: this Swift toolchain cannot build libFuzzer targets (-sanitize=fuzzer); fuzzing skipped."
    sed 's/^/  /' "$probe/log.txt" | tail -n 5
    exit 0
  fi
fi

start=$(date +%s)
for target in "${targets[@]}"; do
  if ! swift build -c "$config" --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer -Xswiftc -DGOUJI_FUZZING \
    --product "$target" > "$work/build-$target.txt" 2>&1; then
    tail -n 20 "$work/build-$target.txt" >&2
    echo "fuzz: building $target with -sanitize=fuzzer failed" >&2
    exit 2
  fi
done
echo "fuzz: built ${targets[*]} ($config) in $(($(date +%s) - start)) s"

export GOUJI_RULES="$PWD/Rules"
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"  # libFuzzer, not the Swift backtracer, must catch a crash to save its input
failed=0
summary=()
for target in "${targets[@]}"; do
  dir="$work/$target"
  corpus="$dir/corpus"
  artifacts="$dir/artifacts"
  mkdir -p "$corpus" "$artifacts"
  rm -f "$artifacts"/*
  if [ "$sample" -gt 0 ]; then
    rm -f "$corpus"/*
    mapfile -t inputs < <(find Fuzz/corpus/"$target" -maxdepth 1 -type f ! -name README.md | sort)
    step=$(( (${#inputs[@]} + sample - 1) / sample ))
    [ "$step" -ge 1 ] || step=1
    for ((i = 0; i < ${#inputs[@]}; i += step)); do cp -n "${inputs[$i]}" "$corpus"/; done
  else
    cp -n Fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  fi
  log="$dir/log.txt"
  echo "fuzz: $target for $seconds s (max_len $(max_len "$target"), $(dictionary "$target"), corpus $corpus) …"
  set +e
  "$scratch/$config/$target" "$corpus" \
    -max_total_time="$seconds" -max_len="$(max_len "$target")" -dict="$(dictionary "$target")" -timeout="${FUZZ_TIMEOUT:-30}" \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts/" > "$log" 2>&1
  status=$?
  set -e
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [ -z "$executions" ]; then
    executions="~$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')"
  fi
  slowest=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$log" | tail -n 1)
  found=$(find "$artifacts" -type f | sort)
  if [ "$status" -ne 0 ] || [ -n "$found" ]; then
    failed=1
    mkdir -p "Fuzz/regressions/$target"
    for f in $found; do cp "$f" "Fuzz/regressions/$target/"; done
    echo "fuzz: $target FAILED (exit $status); inputs saved in Fuzz/regressions/$target/:" >&2
    for f in $found; do echo "  Fuzz/regressions/$target/$(basename "$f")" >&2; done
    grep -E 'ERROR|Fatal error|Precondition|error:|SUMMARY|deadly|timeout|out-of-memory' "$log" | head -n 20 >&2 || true
    echo "  log: $log" >&2
    summary+=("$target: $executions executions in $seconds s — FAILED (exit $status)")
  else
    summary+=("$target: $executions executions in $seconds s, slowest input ${slowest:-?} s, corpus $(find "$corpus" -type f | wc -l) files")
  fi
  if [ "$merge" = 1 ]; then
    "$scratch/$config/$target" -merge=1 -max_len="$(max_len "$target")" "Fuzz/corpus/$target" "$corpus" > "$dir/merge.txt" 2>&1
    echo "fuzz: $target merged into Fuzz/corpus/$target ($(grep -oE 'MERGE-OUTER: [0-9]+ new files' "$dir/merge.txt" || echo 'see '"$dir"'/merge.txt'))"
  fi
done

echo "fuzz: summary"
for line in "${summary[@]}"; do echo "  $line"; done
exit "$failed"
