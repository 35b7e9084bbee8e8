import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct SlidingWindowsTests {
    let series = Tensor<Double>([0, 1, 2, 3, 4, 5, 6])          // [N] = [7]

    /// The input window k as an array (rank-1 series).
    func window(_ w: SlidingWindows<Double>, _ k: Int) -> [Double] {
        (0..<w.window).map { w.inputs[$0, k, 0] }
    }

    @Test func singleStepExactValues() throws {
        let w = try SlidingWindows(series: series, window: 3)
        #expect(w.count == 4)                                    // (7 - 3 - 1) / 1 + 1
        #expect(w.inputs.shape == [3, 4, 1])                     // [W, N, F]
        #expect(w.targets.shape == [4, 1])                       // [N, H_out]
        #expect((0..<4).map { window(w, $0) } == [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]])
        #expect(w.targets.scalars == [3, 4, 5, 6])
        #expect(w.startIndices == [0, 1, 2, 3])
        #expect(w.targetTimes(ofWindow: 0) == [3])
    }

    @Test func horizonAndStride() throws {
        let w = try SlidingWindows(series: series, window: 3, horizon: 2, stride: 2)
        #expect(w.count == 2)                                    // (7 - 3 - 2) / 2 + 1
        #expect(window(w, 0) == [0, 1, 2])
        #expect(window(w, 1) == [2, 3, 4])
        #expect(w.targets.scalars == [4, 6])                     // x[t + 2], t = 2 and 4
        let s3 = try SlidingWindows(series: Tensor<Double>((0..<10).map(Double.init)), window: 2, stride: 3)
        #expect(s3.startIndices == [0, 3, 6])                    // (10 - 2 - 1) / 3 + 1 = 3; start 9 would need x[11]
    }

    @Test func multiStepTargets() throws {
        let w = try SlidingWindows(series: series, window: 3, horizon: 3, target: .multiStep)
        #expect(w.count == 2)
        #expect(w.targets.shape == [2, 3])
        #expect(w.targets.scalars == [3, 4, 5, 4, 5, 6])
        #expect(w.targetTimes(ofWindow: 1) == [4, 5, 6])
    }

    @Test func multivariateWithTargetAndInputColumns() throws {
        // Feature 0 = t, feature 1 = 10 t, feature 2 = -t.
        let x = Tensor<Double>(rows: (0..<6).map { t in [Double(t), Double(10 * t), Double(-t)] })   // [6, 3]
        let w = try SlidingWindows(series: x, window: 2, horizon: 2, target: .multiStep, targetColumns: [1, 2])
        #expect(w.inputs.shape == [2, 3, 3])
        #expect(w.inputs[1, 2, 1] == 30)                        // window 2, step 1 = row 3, feature 1
        #expect(w.targets.shape == [3, 4])                       // 2 steps * 2 columns, step-major
        #expect((0..<4).map { w.targets[0, $0] } == [20, -2, 30, -3])
        let picked = try SlidingWindows(series: x, window: 2, inputColumns: [2, 0], targetColumns: [0])
        #expect(picked.featureCount == 2)
        #expect((0..<2).map { picked.inputs[1, 0, $0] } == [-1, 1])
        #expect(picked.targets.scalars == [2, 3, 4, 5])
    }

    @Test func fromTimeSeriesByName() throws {
        let ts = TimeSeries(rows: (0..<5).map { [Double($0), Double($0 * $0)] }, columns: ["t", "sq"])
        let w = try SlidingWindows<Float>(series: ts, window: 2, targetColumns: ["sq"])
        #expect(w.targets.scalars == [4, 9, 16])
        #expect(w.inputs.shape == [2, 3, 2])
        #expect(throws: CSVError.self) { _ = try SlidingWindows<Float>(series: ts, window: 2, targetColumns: ["x"]) }
    }

    @Test func tooShortSeriesNamesBothLengths() {
        #expect { _ = try SlidingWindows(series: series, window: 8) } throws: { error in
            (error as? SlidingWindowError)?.description == "SlidingWindows: window length 8 is longer than the series length 7"
        }
        #expect { _ = try SlidingWindows(series: series, window: 5, horizon: 3, source: "s.csv") } throws: { error in
            (error as? SlidingWindowError)?.description
                == "s.csv: SlidingWindows: window length 5 + horizon 3 = 8 time steps do not fit in the series length 7 "
                + "(no complete window with its target)"
        }
        #expect(throws: Never.self) { _ = try SlidingWindows(series: series, window: 6) }   // exactly one window
    }

    @Test func subscriptBatchesAndBatchFirst() throws {
        let w = try SlidingWindows(series: series, window: 3)
        let (input, target) = w[2]
        #expect(input.shape == [3, 1])
        #expect(input.scalars == [2, 3, 4])
        #expect(target.scalars == [5])
        let b = w.batch([3, 0])
        #expect(b.inputs.shape == [3, 2, 1])
        #expect(b.inputs.scalars == [3, 0, 4, 1, 5, 2])
        #expect(b.targets.scalars == [6, 3])
        let ordered = w.batches(size: 3)
        #expect(ordered.map(\.indices) == [[0, 1, 2], [3]])
        #expect(w.batches(size: 3, dropLast: true).count == 1)
        let shuffled1 = w.batches(size: 2, shuffle: RandomSource(seed: 5)).map(\.indices)
        let shuffled2 = w.batches(size: 2, shuffle: RandomSource(seed: 5)).map(\.indices)
        #expect(shuffled1 == shuffled2)
        #expect(shuffled1.flatMap { $0 }.sorted() == [0, 1, 2, 3])
        #expect(w.batchFirstInputs.shape == [4, 3, 1])
        #expect(w.batchFirstInputs.scalars == [0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, 5])
    }

    @Test func feedsARecurrentLayer() throws {
        let x = Tensor<Float>(rows: (0..<12).map { [Float($0) / 10, Float($0 % 3)] })
        let w = try SlidingWindows(series: x, window: 4, horizon: 2, target: .multiStep, targetColumns: [0])
        let lstm = LSTM<Float>(inputSize: 2, hiddenSize: 5, rng: RandomSource(seed: 0))
        let out = lstm(w.batch([0, 1, 2]).inputs).outputs
        #expect(out.shape == [4, 3, 5])                          // [W, B, H]
    }

    @Test func badArgumentsStop() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try? SlidingWindows(series: Tensor<Float>.zeros([5, 2]), window: 2, targetColumns: [2])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("SlidingWindows: targetColumns has column 2, out of range for series shape [5, 2]"))
    }
}
