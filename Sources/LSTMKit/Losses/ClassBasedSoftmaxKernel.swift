/// The target-only forward and backward of ``ClassBasedSoftmax`` over raw buffers (llm.c style): the fast
/// path `ClassBasedSoftmax.logLikelihood(_:targets:)`. It scores the C classes and, for each target, only
/// the words of its own class; the readable reference is `ClassBasedSoftmax.logProbabilities` (the full
/// [N, V] table), and the tests hold the two equal, forward and every gradient.
///
/// Forward, for rows n = 0..<N with target t = t[n], class c = c(t) (the rows are grouped by class, so each
/// class's words are scored in one GEMM for all the rows that need them):
///
///     classScores[n] = h[n] @ W_c^T + b_c                                 [N, C]
///     Pc[n]          = softmax(classScores[n])                            (cached)
///     wordScores[n]  = h[n] @ W_w[members(c)]^T + b_w[members(c)]         [m_c]
///     Pw[n]          = softmax(wordScores[n])                             (cached, per class group)
///     ll[n]          = log Pc[n, c] + log Pw[n, position of t in members(c)]
///
/// Backward (g = dLL[n]; onehot at the target's class / the target's position):
///
///     dClassScores[n] = g * (onehot(c) - Pc[n])
///     dWordScores[n]  = g * (onehot(t) - Pw[n])
///     dh[n]           = dClassScores[n] @ W_c + dWordScores[n] @ W_w[members(c)]
///     dW_c  = dClassScores^T @ h,          db_c = sum_n dClassScores[n]
///     dW_w[members(c)] += dWordScores_c^T @ h[rows of c],   db_w[members(c)] += sum over those rows
///
/// Cost per batch: N x C x D for the classes plus sum over rows of m_c x D, against N x V x D for the full
/// softmax (with C and m_c about sqrt(V), about sqrt(V) / 2 times fewer multiply-adds).
enum ClassBasedSoftmaxKernel {
    /// The rows of one class and what the backward needs of them.
    struct Group<S: TensorScalar> {
        let wordClass: Int
        /// The batch rows whose target is in this class.
        let rows: [Int]
        /// h of those rows [R, D].
        let h: [S]
        /// softmax over the class's words [R, m].
        let probabilities: [S]
        /// The target's position among the class's words, per row [R].
        let positions: [Int]
    }

    struct Cache<S: TensorScalar> {
        /// softmax over the classes [N, C].
        var classProbabilities: [S]
        var groups: [Group<S>]
    }

    struct Gradients<S: TensorScalar> {
        var h: [S], classWeight: [S], classBias: [S], wordWeight: [S], wordBias: [S]
    }

    /// Replaces row r of `scores` [R, n] by its softmax and returns log softmax at `target[r]`.
    @inline(__always)
    static func softmaxRows<S: TensorScalar>(_ scores: inout [S], rows: Int, width n: Int, targets: [Int]) -> [S] {
        var picked = [S](repeating: 0, count: rows)
        scores.withUnsafeMutableBufferPointer { s in
            for r in 0..<rows {
                let row = s.baseAddress! + r * n
                var top = row[0]
                for j in 1..<n where row[j] > top { top = row[j] }
                let chosen = row[targets[r]] - top
                for j in 0..<n { row[j] -= top }
                S.vectorExp(row, row, count: n)
                var total: S = 0
                for j in 0..<n { total += row[j] }
                let inverse = 1 / total
                for j in 0..<n { row[j] *= inverse }
                picked[r] = chosen - S.log(total)
            }
        }
        return picked
    }

    /// C[m, n] = beta * C + op(A) @ op(B) over Swift arrays (row-major).
    @inline(__always)
    static func gemm<S: TensorScalar>(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
                                      _ a: [S], _ b: [S], _ c: inout [S], beta: S = 0, cOffset: Int = 0) {
        if m == 0 || n == 0 { return }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    S.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: pa.baseAddress!,
                           lda: transA ? m : k, b: pb.baseAddress!, ldb: transB ? k : n, beta: beta,
                           c: pc.baseAddress! + cOffset, ldc: n)
                }
            }
        }
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func forward<S: TensorScalar>(
        h: [S], rows n: Int, inputSize d: Int, classWeight: [S], classBias: [S], wordWeight: [S], wordBias: [S],
        targets: [Int], layer: (classes: [Int], members: [[Int]], positions: [Int])
    ) -> (logLikelihood: [S], cache: Cache<S>) {
        let c = layer.members.count
        var classScores = [S](repeating: 0, count: n * c)
        for r in 0..<n { for k in 0..<c { classScores[r * c + k] = classBias[k] } }
        gemm(false, true, n, c, d, h, classWeight, &classScores, beta: 1)
        var ll = softmaxRows(&classScores, rows: n, width: c, targets: targets.map { layer.classes[$0] })
        var rowsOf = [[Int]](repeating: [], count: c)
        for (r, t) in targets.enumerated() { rowsOf[layer.classes[t]].append(r) }
        var groups: [Group<S>] = []
        for (k, rows) in rowsOf.enumerated() where !rows.isEmpty {
            let words = layer.members[k], m = words.count, count = rows.count
            var hk = [S](repeating: 0, count: count * d), wk = [S](repeating: 0, count: m * d)
            for (i, r) in rows.enumerated() { hk.replaceSubrange(i * d..<(i + 1) * d, with: h[r * d..<(r + 1) * d]) }
            for (j, w) in words.enumerated() { wk.replaceSubrange(j * d..<(j + 1) * d, with: wordWeight[w * d..<(w + 1) * d]) }
            var scores = [S](repeating: 0, count: count * m)
            for i in 0..<count { for j in 0..<m { scores[i * m + j] = wordBias[words[j]] } }
            gemm(false, true, count, m, d, hk, wk, &scores, beta: 1)
            let positions = rows.map { layer.positions[targets[$0]] }
            let picked = softmaxRows(&scores, rows: count, width: m, targets: positions)
            for (i, r) in rows.enumerated() { ll[r] += picked[i] }
            groups.append(Group(wordClass: k, rows: rows, h: hk, probabilities: scores, positions: positions))
        }
        return (ll, Cache(classProbabilities: classScores, groups: groups))
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func backward<S: TensorScalar>(
        dLL: [S], cache: Cache<S>, h: [S], rows n: Int, inputSize d: Int, classWeight: [S], wordWeight: [S],
        targets: [Int], layer: (classes: [Int], members: [[Int]], positions: [Int])
    ) -> Gradients<S> {
        let c = layer.members.count, v = layer.classes.count
        var dClass = cache.classProbabilities                                     // [N, C]
        for r in 0..<n {
            let g = dLL[r]
            for k in 0..<c { dClass[r * c + k] *= -g }
            dClass[r * c + layer.classes[targets[r]]] += g
        }
        var grads = Gradients<S>(h: [S](repeating: 0, count: n * d), classWeight: [S](repeating: 0, count: c * d),
                                 classBias: [S](repeating: 0, count: c), wordWeight: [S](repeating: 0, count: v * d),
                                 wordBias: [S](repeating: 0, count: v))
        gemm(false, false, n, d, c, dClass, classWeight, &grads.h)
        gemm(true, false, c, d, n, dClass, h, &grads.classWeight)
        for r in 0..<n { for k in 0..<c { grads.classBias[k] += dClass[r * c + k] } }
        for group in cache.groups {
            let words = layer.members[group.wordClass], m = words.count, count = group.rows.count
            var dScores = group.probabilities                                     // [R, m]
            for (i, r) in group.rows.enumerated() {
                let g = dLL[r]
                for j in 0..<m { dScores[i * m + j] *= -g }
                dScores[i * m + group.positions[i]] += g
            }
            var wk = [S](repeating: 0, count: m * d)
            for (j, w) in words.enumerated() { wk.replaceSubrange(j * d..<(j + 1) * d, with: wordWeight[w * d..<(w + 1) * d]) }
            var dh = [S](repeating: 0, count: count * d), dW = [S](repeating: 0, count: m * d)
            gemm(false, false, count, d, m, dScores, wk, &dh)
            gemm(true, false, m, d, count, dScores, group.h, &dW)
            for (i, r) in group.rows.enumerated() { for e in 0..<d { grads.h[r * d + e] += dh[i * d + e] } }
            for (j, w) in words.enumerated() {
                for e in 0..<d { grads.wordWeight[w * d + e] += dW[j * d + e] }
                for i in 0..<count { grads.wordBias[w] += dScores[i * m + j] }
            }
        }
        return grads
    }
}
