/// Processor and CPU-time figures without loading Foundation (keeps the CLI's start-up short).
package enum ProcessResources {
    /// Processors currently online.
    package static var onlineProcessorCount: Int {
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// User plus system CPU seconds used by this process so far.
    package static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        #elseif canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #elseif canImport(Musl)
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
