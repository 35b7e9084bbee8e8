import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Shared pieces of `lstmkit-bench compare`: the benchmark shapes, the FLOP count, timing samples, memory
// readings, thread control and the one-line JSON output. See CompareCommand.swift for the command itself.

/// One benchmark shape. The same letters and numbers are in Benchmarks/compare/peers.py.
struct CompareShape {
    let name: String
    let batch, steps, input, hidden, layers: Int

    static let all: [String: CompareShape] = [
        "A": CompareShape(name: "A", batch: 32, steps: 100, input: 64, hidden: 256, layers: 1),
        "B": CompareShape(name: "B", batch: 64, steps: 50, input: 512, hidden: 512, layers: 2),
        "C": CompareShape(name: "C", batch: 16, steps: 30, input: 32, hidden: 64, layers: 1),
        // Streaming: inference one step at a time, the state carried by the caller (CompareStreaming.swift).
        "D": CompareShape(name: "D", batch: 1, steps: 200, input: 40, hidden: 128, layers: 1),
    ]

    /// Config D is called one step at a time (inference only).
    var isStreaming: Bool { name == "D" }

    /// The width read by layer l (D for the first layer, H above it).
    func width(layer l: Int) -> Int { l == 0 ? input : hidden }

    /// GEMM work of one forward pass: per layer 2 * T * B * G * H * (D_l + H), G = 4 (LSTM) or 3 (GRU).
    /// The pointwise gate math (O(T * B * H)) is not counted. A training step counts 3x this (the backward
    /// does about twice the forward's GEMM work).
    func forwardFlops(gates: Int) -> Double {
        (0..<layers).reduce(0.0) { sum, l in
            sum + 2 * Double(steps * batch) * Double(gates * hidden) * Double(width(layer: l) + hidden)
        }
    }
}

/// The gate count of a cell name: 4 for "lstm", 3 for "gru".
func gateCount(_ cell: String) -> Int { cell == "gru" ? 3 : 4 }

/// Wall-clock and CPU seconds (user + system, all threads of the process) of each timed run.
struct Samples {
    var wall: [Double] = []
    var cpu: [Double] = []
}

/// Runs `body` `warmup` times untimed, then `iterations` times, timing each run (wall clock and process CPU
/// time: on a loaded machine the CPU time of a 1-thread run stays close to its unloaded wall time).
func sampleSeconds(warmup: Int, iterations: Int, _ body: (Int) -> Void) -> Samples {
    for i in 0..<warmup { body(i) }
    var samples = Samples()
    for i in 0..<iterations {
        let (start, cpuStart) = (DispatchTime.now().uptimeNanoseconds, processCPUSeconds())
        body(warmup + i)
        samples.wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        samples.cpu.append(processCPUSeconds() - cpuStart)
    }
    return samples
}

/// CPU time used so far by all threads of this process, in seconds (CLOCK_PROCESS_CPUTIME_ID).
func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// The median of a non-empty list (the mean of the two middle values for an even count).
func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Resident memory of this process in MB: `current` (VmRSS) and `peak` (VmHWM) from /proc/self/status,
/// falling back to ru_maxrss for the peak where /proc is missing.
func residentMegabytes() -> (current: Double, peak: Double) {
    var current = 0.0, peak = 0.0
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
        for line in status.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let kb = Double(parts[1]) else { continue }
            if parts[0] == "VmRSS:" { current = kb / 1024 }
            if parts[0] == "VmHWM:" { peak = kb / 1024 }
        }
    }
    if peak == 0 {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        peak = Double(usage.ru_maxrss) / 1024            // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        peak = Double(usage.ru_maxrss) / 1024 / 1024     // bytes on macOS
        #endif
    }
    return (current, peak)
}

/// Sets the OpenMP thread count of this process when an OpenMP runtime is loaded (oneDNN uses one), by
/// looking `omp_set_num_threads` up at run time: no link dependency. Returns whether it was found.
/// OMP_NUM_THREADS in the environment (set by the harness) covers runtimes loaded later.
@discardableResult
func setOpenMPThreads(_ n: Int) -> Bool {
    #if os(Linux)
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "omp_set_num_threads") else { return false }
    typealias SetThreads = @convention(c) (Int32) -> Void
    unsafeBitCast(symbol, to: SetThreads.self)(Int32(n))
    return true
    #else
    return false
    #endif
}

/// Prints one JSON object on one line (sorted keys) and flushes.
func emitJSON(_ object: [String: Any]) {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    print(String(decoding: data, as: UTF8.self))
    fflush(nil)
}

/// Rounds to a few significant decimals for the JSON output.
func rounded(_ x: Double, _ decimals: Int = 4) -> Double {
    let scale = pow(10.0, Double(decimals))
    return (x * scale).rounded() / scale
}
