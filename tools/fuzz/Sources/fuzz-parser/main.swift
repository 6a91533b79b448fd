// The libFuzzer driver. SwiftPM aliases main() to this module's entry point, so libFuzzer's own
// main() is not linked; this hands the command line to libFuzzer, which calls `fuzzOneInput` once
// per input. A trap (a failed precondition in FuzzChecks) is reported as a crash, with the input.
import CFuzzerDriver
import FuzzProperties
#if canImport(Glibc)
import Glibc
#endif

let fuzzOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    // The buffer is exactly libFuzzer's copy of the input, so AddressSanitizer sees any read
    // past its end (release builds do not bounds-check UnsafeBufferPointer).
    FuzzChecks.check(UnsafeBufferPointer(start: size == 0 ? nil : data, count: size))
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
