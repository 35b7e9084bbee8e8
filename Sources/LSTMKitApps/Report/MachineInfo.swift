import Foundation

/// The machine a run trained on, as a report shows it: the CPU model, the vector instruction sets that
/// decide which kernels ran (avx512f, avx2, fma, neon), the cores and the operating system.
public struct MachineInfo: Codable, Equatable, Sendable {
    public var cpu: String
    public var flags: [String]
    public var cores: Int
    public var os: String

    public init(cpu: String, flags: [String], cores: Int, os: String) {
        (self.cpu, self.flags, self.cores, self.os) = (cpu, flags, cores, os)
    }

    /// This machine (the CPU from /proc/cpuinfo on Linux; "unknown" where it cannot be read).
    public static var current: MachineInfo {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        func field(_ name: String) -> String? {
            for line in info.split(separator: "\n") where line.hasPrefix(name) {
                if let colon = line.firstIndex(of: ":") {
                    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
        let present = Set((field("flags") ?? field("Features") ?? "").split(separator: " ").map(String.init))
        var flags = ["avx512f", "avx2", "fma"].filter(present.contains)
        #if arch(arm64)
        flags.append("neon")
        #endif
        return MachineInfo(cpu: field("model name") ?? field("Hardware") ?? "unknown", flags: flags,
                           cores: ProcessInfo.processInfo.activeProcessorCount,
                           os: ProcessInfo.processInfo.operatingSystemVersionString)
    }
}
