/// The target-only forward and backward of ``HierarchicalSoftmax`` over raw buffers: for each row n and
/// each node j on the path of its target (code c_j, sign = 1 - 2 c_j):
///
///     s_j   = h[n] @ W[j]^T + b[j]
///     ll[n] = sum_j logSigmoid(sign * s_j)                       (cached: q_j = sigmoid(sign * s_j))
///
/// Backward (g = dLL[n]; d logSigmoid(x) / dx = 1 - sigmoid(x)):
///
///     ds_j   = g * sign * (1 - q_j)
///     dh[n] += ds_j * W[j],   dW[j] += ds_j * h[n],   db[j] += ds_j
///
/// Cost per row: path length x D multiply-adds forward and twice that backward (path length is about
/// log2 V, the average code length of the Huffman tree), against V x D for the full softmax.
enum HierarchicalSoftmaxKernel {
    struct Gradients<S: TensorScalar> {
        var h: [S], weight: [S], bias: [S]
    }

    @inline(__always)
    static func logSigmoid<S: TensorScalar>(_ x: S) -> S {
        // -softplus(-x) without overflow: min(x, 0) - log1p(exp(-|x|)).
        Swift.min(x, 0) - S.log1p(S.exp(-Swift.abs(x)))
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func forward<S: TensorScalar>(
        h: [S], inputSize d: Int, weight: [S], bias: [S], paths: [[Int]], codes: [[Int]]
    ) -> (logLikelihood: [S], branch: [[S]]) {
        var ll = [S](repeating: 0, count: paths.count), branch = [[S]](repeating: [], count: paths.count)
        h.withUnsafeBufferPointer { hp in
            weight.withUnsafeBufferPointer { wp in
                for n in 0..<paths.count {
                    var q = [S](repeating: 0, count: paths[n].count), total: S = 0
                    let row = hp.baseAddress! + n * d
                    for (j, node) in paths[n].enumerated() {
                        let w = wp.baseAddress! + node * d
                        var s = bias[node]
                        for e in 0..<d { s += row[e] * w[e] }
                        let x = codes[n][j] == 0 ? s : -s
                        total += logSigmoid(x)
                        q[j] = 1 / (1 + S.exp(-x))
                    }
                    ll[n] = total
                    branch[n] = q
                }
            }
        }
        return (ll, branch)
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func backward<S: TensorScalar>(
        dLL: [S], branch: [[S]], h: [S], inputSize d: Int, weight: [S], nodes: Int, paths: [[Int]], codes: [[Int]]
    ) -> Gradients<S> {
        var g = Gradients<S>(h: [S](repeating: 0, count: paths.count * d), weight: [S](repeating: 0, count: nodes * d),
                             bias: [S](repeating: 0, count: nodes))
        h.withUnsafeBufferPointer { hp in
            weight.withUnsafeBufferPointer { wp in
                g.h.withUnsafeMutableBufferPointer { dhp in
                    g.weight.withUnsafeMutableBufferPointer { dwp in
                        for n in 0..<paths.count {
                            let row = hp.baseAddress! + n * d, dRow = dhp.baseAddress! + n * d
                            for (j, node) in paths[n].enumerated() {
                                let sign: S = codes[n][j] == 0 ? 1 : -1
                                let ds = dLL[n] * sign * (1 - branch[n][j])
                                let w = wp.baseAddress! + node * d, dw = dwp.baseAddress! + node * d
                                for e in 0..<d {
                                    dRow[e] += ds * w[e]
                                    dw[e] += ds * row[e]
                                }
                                g.bias[node] += ds
                            }
                        }
                    }
                }
            }
        }
        return g
    }
}
