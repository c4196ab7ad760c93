# Sourced by scripts/test, scripts/fuzz, scripts/sanitize and scripts/docs (with $root set): the one
# AddressSanitizer build that the test suite, the fuzz harness and the docs share, so that CI
# compiles the package and its dependencies once.
#   - every Swift module: -sanitize=address, and libFuzzer's coverage instrumentation (what
#     -sanitize=fuzzer adds, without its link step: -sanitize=fuzzer would link libFuzzer's `main`
#     into the test runner, which has its own);
#   - every link: compiler-rt's libclang_rt.fuzzer_no_main archive (only the harness calls into it;
#     the other binaries take the coverage callbacks from it);
#   - the manifest declares the harness (fuzz/Harness) when MODEL_SIGNING_FUZZ=1.
# Defines asan_scratch and asan_build_args (for swift build / test / package), exports
# MODEL_SIGNING_FUZZ=1 and ASAN_OPTIONS (detect_leaks=0 unless set: LeakSanitizer reports the Swift
# runtime's and Foundation's process-lifetime allocations). Linux only: the archive's name and
# the C++ library differ on macOS, where `MODEL_SIGNING_SANITIZE=none scripts/test` is the way.
asan_scratch="$root/.build-asan"
asan_fuzzer_archive() {
    local resource
    resource="$(swift -print-target-info 2>/dev/null | sed -n 's/.*"runtimeResourcePath": *"\([^"]*\)".*/\1/p' | head -1)"
    [[ -n "$resource" ]] || return 1
    local found
    found="$(find -L "$resource/.." -maxdepth 5 -name "libclang_rt.fuzzer_no_main-$(uname -m).a" -print -quit 2>/dev/null)"
    [[ -n "$found" ]] && readlink -f "$found"
}
asan_archive="$(asan_fuzzer_archive || true)"
if [[ -z "$asan_archive" ]]; then
    echo "asan-build: error: libclang_rt.fuzzer_no_main-$(uname -m).a not found beside the Swift toolchain's runtime;" \
        "the sanitizer build needs it (Linux toolchains ship it). MODEL_SIGNING_SANITIZE=none scripts/test runs a plain build." >&2
    return 1
fi
asan_build_args=(
    --scratch-path "$asan_scratch"
    -Xswiftc -sanitize=address
    -Xswiftc -sanitize-coverage=edge,trace-cmp,indirect-calls,inline-8bit-counters,pc-table
    -Xlinker "$asan_archive" -Xlinker -lstdc++
)
export MODEL_SIGNING_FUZZ=1
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
