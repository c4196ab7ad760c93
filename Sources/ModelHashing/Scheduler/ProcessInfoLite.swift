import ModelSigningPlatform

/// Processor count without loading Foundation (keeps the CLI's start-up short).
enum ProcessInfoLite {
    static var activeProcessorCount: Int {
        ProcessResources.onlineProcessorCount
    }
}
