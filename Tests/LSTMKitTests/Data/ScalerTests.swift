import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct ScalerTests {
    let x = Tensor<Double>(rows: [[1, 10, 7], [2, 20, 7], [3, 30, 7], [4, 40, 7]])   // [N, F] = [4, 3]; feature 2 constant

    @Test func standardScalerValues() {
        var s = StandardScaler()
        s.fit(x)
        #expect(s.featureCount == 3)
        #expect(s.mean == [2.5, 25, 7])
        let std0 = (1.25 as Double).squareRoot()                 // population std of 1...4
        expectClose(Tensor(s.scale!), Tensor([std0, 10 * std0, 1]), atol: 1e-12)   // constant feature: scale 1
        let y = s.transform(x)
        let z = [-1.5, -0.5, 0.5, 1.5].map { $0 / std0 }
        expectClose(y, Tensor(rows: z.map { [$0, $0, 0] }), atol: 1e-12)
        // Each column of the training data is standardized.
        #expect(Swift.abs(y.mean(axis: 0, keepDims: false).scalars[0]) < 1e-12)
        #expect(Swift.abs((y * y).mean(axis: 0, keepDims: false).scalars[1] - 1) < 1e-12)
    }

    /// A scaler read from a file is usable only when `fit` could have made it: `fittedProblem` names the rest.
    @Test func standardScalerFittedProblem() throws {
        #expect(StandardScaler().fitted(on: x).fittedProblem == nil)
        #expect(StandardScaler().fittedProblem == "it is not fitted (no means)")
        func decoded(_ json: String) throws -> StandardScaler {
            try JSONDecoder().decode(StandardScaler.self, from: Data(json.utf8))
        }
        let cases = [
            (#"{"mean":[1,2],"scale":[1],"withMean":true,"withStd":true}"#, "it has 2 means but 1 scales"),
            (#"{"mean":[1e39],"scale":[1],"withMean":true,"withStd":true}"#, "mean 1e+39 of feature 0 is not a finite Float"),
            (#"{"mean":[0,1],"scale":[1,0],"withMean":true,"withStd":true}"#, "scale 0.0 of feature 1 is not a positive finite Float"),
            (#"{"mean":[0],"scale":[-1],"withMean":true,"withStd":true}"#, "scale -1.0 of feature 0 is not a positive finite Float"),
            (#"{"mean":[],"scale":[],"withMean":true,"withStd":true}"#, "it is not fitted (no means)"),
        ]
        for (json, problem) in cases { #expect(try decoded(json).fittedProblem == problem, "\(json)") }
    }

    @Test func standardScalerOptions() {
        let noMean = StandardScaler(withMean: false).fitted(on: x)
        #expect(noMean.mean == [0, 0, 0])
        let noStd = StandardScaler(withStd: false).fitted(on: x)
        #expect(noStd.scale == [1, 1, 1])
        expectClose(noStd.transform(x).slice(axis: 1, 0..<1), Tensor(shape: [4, 1], scalars: [-1.5, -0.5, 0.5, 1.5]))
    }

    @Test func minMaxScalerValuesAndRange() {
        var s = MinMaxScaler()
        s.fit(x)
        #expect(s.dataMin == [1, 10, 7])
        #expect(s.dataMax == [4, 40, 7])
        #expect(s.dataRange == [3, 30, 1])
        let y = s.transform(x)
        let u = [0, 1.0 / 3, 2.0 / 3, 1]
        expectClose(y, Tensor(rows: u.map { [$0, $0, 0] }), atol: 1e-12)   // constant feature maps to low
        let sym = MinMaxScaler(featureRange: -1...1).fitted(on: Tensor<Double>([2, 4, 6]))
        expectClose(sym.transform(Tensor<Double>([2, 5, 8])), Tensor([-1, 0.5, 2]), atol: 1e-12)  // no clipping
    }

    @Test func inverseRoundTripFloatAndDouble() {
        for scaler in [AnyScalerBox(StandardScaler()), AnyScalerBox(MinMaxScaler(featureRange: -2...3))] {
            let data = randomTensor([6, 4], seed: 3, low: -50, high: 80)
            let fitted = scaler.fitted(data)
            expectClose(fitted.inverse(fitted.forward(data)), data, atol: 1e-10)
            let f = data.converted(to: Float.self)
            expectClose(fitted.inverse(fitted.forward(f)), f, atol: 1e-4, rtol: 1e-5)
        }
    }

    @Test func fitOnTrainOnlyUsesOnlyTrainStatistics() {
        let series = Tensor<Double>([1, 2, 3, 100, 200])           // [N]: one feature
        let train = series.slice(axis: 0, 0..<3)
        let s = MinMaxScaler().fitted(on: train)
        #expect(s.dataMax == [3])                                   // the test values never enter the fit
        expectClose(s.transform(series), Tensor([0, 0.5, 1, 49.5, 99.5]), atol: 1e-12)
        let z = StandardScaler().fitted(on: train)
        #expect(z.mean == [2])
    }

    @Test func constantDataDoesNotDivideByZero() {
        let c = Tensor<Double>(shape: [5, 2], scalars: [Double](repeating: 3.3, count: 10))
        let z = StandardScaler().fitted(on: c)
        #expect(z.scale == [1, 1])
        #expect(z.transform(c).scalars.allSatisfy { Swift.abs($0) < 1e-12 })
        expectClose(z.inverseTransform(z.transform(c)), c, atol: 1e-12)
        let m = MinMaxScaler(featureRange: 2...5).fitted(on: c)
        #expect(m.transform(c).scalars.allSatisfy { $0 == 2 })
        expectClose(m.inverseTransform(m.transform(c)), c, atol: 1e-12)
        let single = StandardScaler().fitted(on: Tensor<Double>(rows: [[1, 2]]))   // one sample
        #expect(single.scale == [1, 1])
    }

    @Test func featureAxisIsLastSoWindowBatchesWork() throws {
        let series = Tensor<Double>(rows: (0..<10).map { [Double($0), Double(100 - $0)] })
        let s = StandardScaler().fitted(on: series)
        let w = try SlidingWindows(series: series, window: 3)
        let scaledWindows = s.transform(w.inputs)                   // [W, N, F]
        let windowsOfScaled = try SlidingWindows(series: s.transform(series), window: 3)
        expectClose(scaledWindows, windowsOfScaled.inputs, atol: 1e-12)
        // A forecast of feature 1 alone goes back with feature 1's statistics.
        let target1 = windowsOfScaled.targets.slice(axis: 1, 1..<2)
        expectClose(s.inverseTransform(target1, feature: 1), w.targets.slice(axis: 1, 1..<2), atol: 1e-12)
        expectClose(s.transform(w.targets.slice(axis: 1, 1..<2), feature: 1), target1, atol: 1e-12)
    }

    @Test func timeSeriesTransformKeepsMetadata() {
        let ts = TimeSeries(rows: [[1, 5], [3, 9]], columns: ["a", "b"], dates: ["2020-01", "2020-02"])
        var s = MinMaxScaler()
        s.fit(ts)
        let t = s.transform(ts)
        #expect(t.values == [0, 0, 1, 1])
        #expect(t.dates == ts.dates)
        #expect(s.inverseTransform(t) == ts)
    }

    @Test func codableRoundTrip() throws {
        let z = StandardScaler().fitted(on: x)
        let m = MinMaxScaler(featureRange: -1...1).fitted(on: x)
        let z2 = try JSONDecoder().decode(StandardScaler.self, from: JSONEncoder().encode(z))
        let m2 = try JSONDecoder().decode(MinMaxScaler.self, from: JSONEncoder().encode(m))
        #expect(z2 == z)
        #expect(m2 == m)
        #expect(z2.transform(x).scalars == z.transform(x).scalars)
        #expect(m2.transform(x).scalars == m.transform(x).scalars)
        let unfitted = try JSONDecoder().decode(StandardScaler.self, from: JSONEncoder().encode(StandardScaler()))
        #expect(unfitted.featureCount == nil)
    }

    @Test func wrongFeatureCountStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let s = StandardScaler().fitted(on: Tensor<Double>.zeros([4, 3]))
            _ = s.transform(Tensor<Double>.zeros([10, 2]))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("StandardScaler.transform: fitted on 3 features, but the input of shape [10, 2] has 2"))
    }

    @Test func unfittedScalerStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MinMaxScaler().inverseTransform(Tensor<Float>.zeros([2, 2]))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("MinMaxScaler.inverseTransform: the scaler is not fitted"))
    }
}

/// Runs the same round-trip test over both scaler types.
struct AnyScalerBox {
    let fit: (Tensor<Double>) -> AnyScalerBox.Fitted
    init<S: Scaler>(_ scaler: S) {
        fit = { data in
            let s = scaler.fitted(on: data)
            return Fitted(forwardD: { s.transform($0) }, inverseD: { s.inverseTransform($0) },
                          forwardF: { s.transform($0) }, inverseF: { s.inverseTransform($0) })
        }
    }
    func fitted(_ data: Tensor<Double>) -> Fitted { fit(data) }

    struct Fitted {
        let forwardD: (Tensor<Double>) -> Tensor<Double>, inverseD: (Tensor<Double>) -> Tensor<Double>
        let forwardF: (Tensor<Float>) -> Tensor<Float>, inverseF: (Tensor<Float>) -> Tensor<Float>
        func forward(_ x: Tensor<Double>) -> Tensor<Double> { forwardD(x) }
        func inverse(_ x: Tensor<Double>) -> Tensor<Double> { inverseD(x) }
        func forward(_ x: Tensor<Float>) -> Tensor<Float> { forwardF(x) }
        func inverse(_ x: Tensor<Float>) -> Tensor<Float> { inverseF(x) }
    }
}
