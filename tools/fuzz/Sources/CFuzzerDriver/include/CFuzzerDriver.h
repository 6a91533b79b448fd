// libFuzzer's documented entry for programs with their own main()
// (https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library). SwiftPM links every
// executable with main() aliased to the module's own entry point, so libFuzzer's main() is never
// used; main.swift calls this instead. The symbol comes from the libFuzzer runtime that
// `-sanitize=fuzzer` links.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
