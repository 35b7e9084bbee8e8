import LSTMKit
import Foundation

/// One step of an LSTM cell taken apart: every intermediate number of the equations of `LSTMCell`, for one
/// input vector (batch of 1), so a student can follow the step by hand. Used by `lstm explain`.
///
///     for each gate k in (i, f, g, o), with W_ik, W_hk the k-th block of H rows of W_ih, W_hh:
///       a_k = W_ik @ x + b_ik + W_hk @ h_prev + b_hk        pre-activation  [H]
///     i = sigmoid(a_i)   f = sigmoid(a_f)   g = tanh(a_g)   o = sigmoid(a_o)
///     c = f * c_prev + i * g                                 new cell state  [H]
///     h = o * tanh(c)                                        new hidden state [H]
///
/// The numbers are computed here with plain loops in Double, independently of `LSTMCell.step`; the tests
/// check that both agree. Cells with a projection (`projectionSize > 0`) are not covered.
public struct LSTMStepExplanation: Sendable, Encodable {
    /// One gate's four contributions, its pre-activation and its value, each [H].
    public struct Gate: Sendable, Encodable {
        /// "i", "f", "g" or "o".
        public var name: String
        /// "sigmoid" or "tanh".
        public var activation: String
        /// W_ik @ x [H].
        public var inputPart: [Double]
        /// b_ik [H] (zeros without bias).
        public var inputBias: [Double]
        /// W_hk @ h_prev [H].
        public var hiddenPart: [Double]
        /// b_hk [H] (zeros without bias).
        public var hiddenBias: [Double]
        /// a_k = inputPart + inputBias + hiddenPart + hiddenBias [H].
        public var preActivation: [Double]
        /// activation(a_k) [H].
        public var value: [Double]
        /// The rows W_ik [H][D] and W_hk [H][H] (for showing a dot product in full).
        public var inputWeights: [[Double]]
        public var hiddenWeights: [[Double]]
    }

    public var inputSize: Int
    public var hiddenSize: Int
    public var x: [Double]
    public var hPrev: [Double]
    public var cPrev: [Double]
    /// i, f, g, o in PyTorch's order.
    public var gates: [Gate]
    /// f * c_prev [H].
    public var forgetPart: [Double]
    /// i * g [H].
    public var writePart: [Double]
    /// c = forgetPart + writePart [H].
    public var c: [Double]
    /// tanh(c) [H].
    public var tanhC: [Double]
    /// h = o * tanh(c) [H].
    public var h: [Double]

    /// Explains the step of `cell` from (x [D], h_prev [H], c_prev [H]).
    public init<S: TensorScalar>(cell: LSTMCell<S>, x: [Double], hPrev: [Double], cPrev: [Double]) {
        let (d, hs) = (cell.inputSize, cell.hiddenSize)
        if cell.projectionSize > 0 {
            failure("LSTMStepExplanation: projected LSTM cells (projectionSize \(cell.projectionSize)) are not supported")
        }
        if x.count != d || hPrev.count != hs || cPrev.count != hs {
            failure("LSTMStepExplanation: x has \(x.count) values, h_prev \(hPrev.count), c_prev \(cPrev.count); " +
                    "expected D = \(d), H = \(hs), H = \(hs)")
        }
        let wih = cell.weightIH.data.scalars.map { Double($0) }          // [4H, D]
        let whh = cell.weightHH.data.scalars.map { Double($0) }          // [4H, H]
        let bih = cell.biasIH?.data.scalars.map { Double($0) } ?? [Double](repeating: 0, count: 4 * hs)
        let bhh = cell.biasHH?.data.scalars.map { Double($0) } ?? [Double](repeating: 0, count: 4 * hs)
        func sigmoid(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
        var gates: [Gate] = []
        for (k, name) in ["i", "f", "g", "o"].enumerated() {
            let rows = (k * hs)..<((k + 1) * hs)
            let inW = rows.map { r in Array(wih[(r * d)..<((r + 1) * d)]) }
            let hW = rows.map { r in Array(whh[(r * hs)..<((r + 1) * hs)]) }
            let inPart = inW.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
            let hPart = hW.map { row in zip(row, hPrev).reduce(0) { $0 + $1.0 * $1.1 } }
            let bI = Array(bih[rows]), bH = Array(bhh[rows])
            let a = (0..<hs).map { inPart[$0] + bI[$0] + hPart[$0] + bH[$0] }
            let isTanh = name == "g"
            gates.append(Gate(name: name, activation: isTanh ? "tanh" : "sigmoid", inputPart: inPart, inputBias: bI,
                              hiddenPart: hPart, hiddenBias: bH, preActivation: a,
                              value: a.map { isTanh ? Foundation.tanh($0) : sigmoid($0) }, inputWeights: inW, hiddenWeights: hW))
        }
        let (i, f, g, o) = (gates[0].value, gates[1].value, gates[2].value, gates[3].value)
        let kept = (0..<hs).map { f[$0] * cPrev[$0] }
        let written = (0..<hs).map { i[$0] * g[$0] }
        let cNew = (0..<hs).map { kept[$0] + written[$0] }
        let squashed = cNew.map { Foundation.tanh($0) }
        forgetPart = kept
        writePart = written
        c = cNew
        tanhC = squashed
        h = (0..<hs).map { o[$0] * squashed[$0] }
        self.inputSize = d
        self.hiddenSize = hs
        self.x = x
        self.hPrev = hPrev
        self.cPrev = cPrev
        self.gates = gates
    }
}
