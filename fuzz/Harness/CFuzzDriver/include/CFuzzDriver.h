#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, from compiler-rt's `libclang_rt.fuzzer_no_main` archive, which the
/// sanitizer build links (scripts/asan-build.sh). The harness has its own `main` and starts
/// libFuzzer through this, so the same build can link the test runner, which has a `main` too.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
