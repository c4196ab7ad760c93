import CFuzzDriver
import Foundation
import ModelSigningFuzzing

// One libFuzzer harness for every parser: `model-signing-fuzz TARGET [libFuzzer options] [CORPUS...]`.
// The first argument picks the FuzzTarget; the rest goes to libFuzzer's driver unchanged. Without
// it the target comes from MODEL_SIGNING_FUZZ_TARGET, which is what -fork/-jobs need: libFuzzer
// starts its workers with the options alone.

/// The target being fuzzed; set once, before libFuzzer starts.
nonisolated(unsafe) private var harnessTarget = FuzzTarget.bundle

/// The function under test, called by libFuzzer with each input.
private func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    harnessTarget.run(input)
    return 0
}

let arguments = CommandLine.arguments
let namedInArguments = arguments.count >= 2 ? FuzzTarget(rawValue: arguments[1]) : nil
let namedInEnvironment = ProcessInfo.processInfo.environment["MODEL_SIGNING_FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:))
guard let target = namedInArguments ?? namedInEnvironment else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: " ")
    FileHandle.standardError.write(Data("usage: model-signing-fuzz TARGET [libFuzzer options] [CORPUS...] (or MODEL_SIGNING_FUZZ_TARGET=TARGET)\ntargets: \(names)\n".utf8))
    exit(2)
}
harnessTarget = target

// libFuzzer reads its options from argv[1...]: drop the target name when it came from there.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
if namedInArguments != nil {
    argv?[1] = argv?[0]
    argv = argv.map { $0 + 1 }
    argc -= 1
}
exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in fuzzTestOneInput(data, size) }))
