#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The target this process fuzzes, named by `TRIALCHECK_FUZZ_TARGET` (read once).
nonisolated(unsafe) private var selectedTarget: FuzzTarget?

/// libFuzzer's entry point: runs the selected target on one input. Every input must come
/// back; a crash, a sanitizer report, a leak or a timeout is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let target = selectedTarget ?? selectTarget()
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(bytes)
    return 0
}

/// Reads the target's name from the environment, or lists the names and exits.
private func selectTarget() -> FuzzTarget {
    let name = getenv("TRIALCHECK_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        fputs("set TRIALCHECK_FUZZ_TARGET to one of: \(names)\n", stderr)
        exit(2)
    }
    selectedTarget = target
    return target
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The program's entry point. SwiftPM links an executable target's `main` to
/// `<module>_main`; with `-parse-as-library` there is none, so this one hands the command
/// line to libFuzzer's driver (what libFuzzer's own `main` does).
@_cdecl("trialcheck_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
