// The one place the C library is imported. Every other file of the package reaches the C
// library through `import ModelSigningPlatform` (which re-exports it) and, for calls that
// differ between systems, through this module's wrappers, so the `canImport` ladder exists
// only here.
#if canImport(Darwin)
@_exported import Darwin
#elseif canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#else
#error("ModelSigningPlatform supports Darwin, Glibc and Musl")
#endif
