import Foundation
import LSTMKit
import LSTMKitOneDNN

/// The fastest LSTM / GRU kernel (`.native`: "native-avx512", "native-avx2" or "native-neon" by the CPU or
/// `LSTMKIT_ISA`, else "fused"; the lines name the one that ran) against the reference unroll (`lstmkit-bench recurrent`), in Float.
///
/// For each configuration and implementation:
/// - forward: inference (`withoutGrad`, no graph recorded);
/// - train: forward + backward of the sum of squared outputs, `(y * y).sum().backward()`;
/// - train, seeded (kernel only): forward + `y.backward(seed: dY)` with a fixed dY, the same kernel work
///   without the loss ops (y * y, sum) and their gradient bookkeeping.
/// Each is the median of >= 10 timed runs after warm-up, except the reference training step on the large
/// configurations (A, B), which runs for seconds to minutes: it prints its run count.
/// Reported: time, sequence steps per second (B * T / time), GFLOP/s counting the GEMM work only (forward
/// 2 * G * H * (D_l + H) * B * T per layer, G = 4 for an LSTM and 3 for a GRU, D_l the layer's input width;
/// a training step counted as 3x the forward), and the speed-up of the kernel (reference time / kernel
/// time). Peak memory (ru_maxrss) at the end.
func benchRecurrent() {
    // `lstmkit-bench recurrent onednn [1|2...] [A|B|C...] [LSTM|GRU]`: the oneDNN backend against `.native`
    // instead (default: threads 1 and 2, every configuration, both cells).
    let extra = Array(CommandLine.arguments.dropFirst(2))
    if extra.first == "onednn" {
        let words = extra.dropFirst()
        benchOneDNN(threads: words.compactMap { Int($0) }.nonEmpty ?? [1, 2],
                    configs: words.filter { ["A", "B", "C"].contains($0) }.nonEmpty ?? ["A", "B", "C"],
                    cells: words.filter { ["LSTM", "GRU"].contains($0) }.nonEmpty ?? ["LSTM", "GRU"])
        return
    }
    struct Config { let name: String; let batch, steps, input, hidden, layers: Int }
    let configs = [
        Config(name: "A", batch: 32, steps: 100, input: 64, hidden: 256, layers: 1),
        Config(name: "B", batch: 64, steps: 50, input: 512, hidden: 512, layers: 2),
        Config(name: "C", batch: 16, steps: 30, input: 32, hidden: 64, layers: 1),
    ]
    report("recurrent layers, Float: .native (the kernel named) vs reference unroll (median of the runs shown)")
    for cell in ["LSTM", "GRU"] {
        for c in configs {
            let gates = cell == "LSTM" ? 4 : 3
            var flops = 0.0
            for l in 0..<c.layers {
                let width = l == 0 ? c.input : c.hidden
                flops += 2 * Double(gates * c.hidden * (width + c.hidden) * c.batch * c.steps)
            }
            let x = Tensor<Float>.randomNormal([c.steps, c.batch, c.input], using: RandomSource(seed: 1))
            let dY = Tensor<Float>.randomNormal([c.steps, c.batch, c.hidden], using: RandomSource(seed: 3))
            let layer = RecurrentBenchLayer(cell, input: c.input, hidden: c.hidden, layers: c.layers)
            report("\(cell) \(c.name): B=\(c.batch) T=\(c.steps) D=\(c.input) H=\(c.hidden) layers=\(c.layers)")
            let runs = c.name == "C" ? 31 : 11
            let sequenceSteps = Double(c.batch * c.steps)
            func line(_ label: String, _ t: Double, _ n: Int, _ work: Double) -> String {
                "\(label) \(fmt(t * 1e3, 2)) ms (\(n) runs), \(fmt(sequenceSteps / t / 1e3, 1))k steps/s, " +
                    "\(fmt(work / t / 1e9, 1)) GFLOP/s"
            }

            layer.implementation = .native
            let fusedForward = medianSeconds(iterations: runs) { layer.forward(x) }
            let fusedTrain = medianSeconds(iterations: runs) { layer.trainStep(x) }
            let fusedSeeded = medianSeconds(iterations: runs) { layer.trainStep(x, seed: dY) }
            if layer.lastImplementations.contains(.reference) { report("  (no kernel ran: the reference did)") }
            let kernel = layer.lastImplementations.map(\.rawValue).joined(separator: ",")
            layer.implementation = .reference
            let referenceForward = medianSeconds(iterations: runs) { layer.forward(x) }
            let trainRuns = c.name == "C" ? runs : c.name == "A" ? 3 : 1
            let referenceTrain = medianSeconds(warmup: trainRuns == 1 ? 0 : 1, iterations: trainRuns) {
                layer.trainStep(x)
            }

            report("  forward      " + line(kernel, fusedForward, runs, flops) + " | " +
                   line("reference", referenceForward, runs, flops) +
                   " | speed-up \(fmt(referenceForward / fusedForward, 2))x")
            report("  train        " + line(kernel, fusedTrain, runs, 3 * flops) + " | " +
                   line("reference", referenceTrain, trainRuns, 3 * flops) +
                   " | speed-up \(fmt(referenceTrain / fusedTrain, 2))x")
            report("  train seeded " + line(kernel, fusedSeeded, runs, 3 * flops))
        }
    }
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    let megabytes = Double(usage.ru_maxrss) / 1024            // kilobytes on Linux
    #else
    getrusage(RUSAGE_SELF, &usage)
    let megabytes = Double(usage.ru_maxrss) / 1024 / 1024     // bytes on macOS
    #endif
    report("peak memory (ru_maxrss): \(fmt(megabytes, 1)) MB")
}

/// Prints a line at once (stdout is block-buffered when redirected, and the benchmark runs for minutes).
func report(_ text: String) {
    print(text)
    fflush(nil)   // all streams (naming `stdout` is not concurrency-safe in Swift 6)
}

/// An LSTM or GRU stack behind one interface, for the timed bodies.
private final class RecurrentBenchLayer {
    let lstm: LSTM<Float>?
    let gru: GRU<Float>?

    init(_ cell: String, input: Int, hidden: Int, layers: Int) {
        let rng = RandomSource(seed: 2)
        lstm = cell == "LSTM" ? LSTM<Float>(inputSize: input, hiddenSize: hidden, layerCount: layers, rng: rng) : nil
        gru = cell == "GRU" ? GRU<Float>(inputSize: input, hiddenSize: hidden, layerCount: layers, rng: rng) : nil
    }

    var implementation: RecurrentImplementation {
        get { lstm?.implementation ?? gru!.implementation }
        set { lstm?.implementation = newValue; gru?.implementation = newValue }
    }

    /// What each layer ran last.
    var lastImplementations: [RecurrentKernel] {
        if let lstm { return (lstm.layers + lstm.reverseLayers).map(\.lastImplementation) }
        return (gru!.layers + gru!.reverseLayers).map(\.lastImplementation)
    }

    func outputs(_ x: Tensor<Float>) -> Tensor<Float> { lstm.map { $0(x).outputs } ?? gru!(x).outputs }

    func forward(_ x: Tensor<Float>) { _ = withoutGrad { outputs(x) } }

    /// Forward + backward of sum(y * y), or of y with the given seed gradient.
    func trainStep(_ x: Tensor<Float>, seed: Tensor<Float>? = nil) {
        let y = outputs(x)
        if let seed { y.backward(seed: seed) } else { (y * y).sum().backward() }
        lstm?.zeroGrad()
        gru?.zeroGrad()
    }
}

/// `.oneDNN` against `.native` on the configurations of issue 6 (A, B, C), LSTM and GRU, at each thread count
/// (OpenBLAS and OpenMP both set to it): forward (inference, `withoutGrad`) and a training step (forward +
/// `y.backward(seed: dY)`), median wall time of the runs shown and CPU time (user + sys) per run over the
/// same runs, so that a loaded machine shows. Also the max abs difference between the two outputs.
func benchOneDNN(threads: [Int], configs names: [String], cells: [String]) {
    struct Config { let name: String; let batch, steps, input, hidden, layers: Int }
    let configs = [
        Config(name: "A", batch: 32, steps: 100, input: 64, hidden: 256, layers: 1),
        Config(name: "B", batch: 64, steps: 50, input: 512, hidden: 512, layers: 2),
        Config(name: "C", batch: 16, steps: 30, input: 32, hidden: 64, layers: 1),
    ].filter { names.contains($0.name) }
    if !OneDNN.isAvailable { report("oneDNN is not available in this build"); return }
    report("recurrent layers, Float: oneDNN backend vs .native (median wall time | CPU time per run)")
    for n in threads {
        BLAS.threadCount = n
        OneDNN.threadCount = n
        report("threads: \(n) (LSTMKit \(BLAS.threadCount), oneDNN/OpenMP \(OneDNN.threadCount ?? 0))")
        for cell in cells {
            for c in configs {
                let x = Tensor<Float>.randomNormal([c.steps, c.batch, c.input], using: RandomSource(seed: 1))
                let dY = Tensor<Float>.randomNormal([c.steps, c.batch, c.hidden], using: RandomSource(seed: 3))
                let layer = RecurrentBenchLayer(cell, input: c.input, hidden: c.hidden, layers: c.layers)
                let runs = c.name == "C" ? 21 : c.name == "A" ? 11 : 5
                var line = "  \(cell) \(c.name)"
                var times: [RecurrentImplementation: (Double, Double)] = [:]
                var outputs: [RecurrentImplementation: Tensor<Float>] = [:]
                for implementation in [RecurrentImplementation.native, .oneDNN] {
                    layer.implementation = implementation
                    outputs[implementation] = withoutGrad { layer.outputs(x) }
                    let forward = timedWithCPU(runs) { layer.forward(x) }
                    let train = timedWithCPU(runs) { layer.trainStep(x, seed: dY) }
                    if layer.lastImplementations.contains(.reference) || (implementation == .oneDNN
                        && layer.lastImplementations.contains(where: { $0 != OneDNNBackend.kernel })) {
                        report("  (\(implementation) did not run: \(layer.lastImplementations))")
                    }
                    let ran = Set(layer.lastImplementations.map(\.rawValue)).sorted().joined(separator: ",")
                    times[implementation] = (forward.wall, train.wall)
                    line += " | \(ran): fwd \(fmt(forward.wall * 1e3, 2)) ms (cpu \(fmt(forward.cpu * 1e3, 2)))" +
                        " train \(fmt(train.wall * 1e3, 2)) ms (cpu \(fmt(train.cpu * 1e3, 2)))"
                }
                let (f, o) = (times[.native]!, times[.oneDNN]!)
                let diff = zip(outputs[.native]!.scalars, outputs[.oneDNN]!.scalars).map { abs($0 - $1) }.max() ?? 0
                report(line + " | speed-up fwd \(fmt(f.0 / o.0, 2))x train \(fmt(f.1 / o.1, 2))x" +
                       " | max |diff| \(String(format: "%.1e", Double(diff)))")
            }
        }
    }
}

/// Median wall seconds of `runs` runs (after 3 warm-up runs) and the mean CPU seconds (user + sys) per run.
private func timedWithCPU(_ runs: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
    for _ in 0..<3 { body() }
    let before = cpuSeconds()
    let wall = medianSeconds(warmup: 0, iterations: runs, body)
    return (wall, (cpuSeconds() - before) / Double(runs))
}

/// User + system CPU seconds of this process so far.
private func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

private extension Array {
    var nonEmpty: Self? { isEmpty ? nil : self }
}
