import Foundation

/// Runs `body` `warmup` times, then `iterations` timed times, and returns the median in seconds.
func medianSeconds(warmup: Int = 3, iterations: Int = 15, _ body: () -> Void) -> Double {
    for _ in 0..<warmup { body() }
    var times: [Double] = []
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    return times[times.count / 2]
}

/// Formats a number with a fixed count of decimals.
func fmt(_ x: Double, _ decimals: Int = 2) -> String { String(format: "%.\(decimals)f", x) }
