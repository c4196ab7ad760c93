import CFuzzDriver
import ModelSigningFuzzing

/// The target the running harness fuzzes; set once, before libFuzzer starts, by ``fuzzMain(_:)``.
nonisolated(unsafe) private var harnessTarget = FuzzTarget.bundle

/// Runs one libFuzzer input through `target`.
public func fuzzOne(_ target: FuzzTarget, _ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(input)
    return 0
}

/// The function under test by its libFuzzer name, which the fuzzer runtime's objects refer to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(harnessTarget, data, size)
}

/// Runs libFuzzer's driver on the command line's arguments with `target` as the function under
/// test, and returns its exit status. A Swift executable's own `main` shadows libFuzzer's, so
/// each harness's main.swift calls this (without it the harness exits at once, fuzzing nothing).
public func fuzzMain(_ target: FuzzTarget) -> Int32 {
    harnessTarget = target
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzTestOneInput)
}
