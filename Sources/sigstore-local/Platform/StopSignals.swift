import Foundation
import ModelSigningPlatform

/// Waits for SIGINT or SIGTERM (their default action is replaced, so the process can stop its
/// services before it exits).
enum StopSignals {
    static func wait() async {
        let numbers: [Int32] = [SIGINT, SIGTERM]
        for number in numbers { signal(number, SIG_IGN) }
        let sources = numbers.map { DispatchSource.makeSignalSource(signal: $0, queue: .main) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = NSLock()
            var resumed = false
            for source in sources {
                source.setEventHandler {
                    once.lock()
                    defer { once.unlock() }
                    guard !resumed else { return }
                    resumed = true
                    continuation.resume()
                }
                source.resume()
            }
        }
        for source in sources { source.cancel() }
    }
}
