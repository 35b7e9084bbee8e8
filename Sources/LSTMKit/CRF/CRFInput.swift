/// The checked inputs of one `LinearChainCRF` call, time-major: emissions [T, B, K] and the real length of
/// every sentence. Every public entry point builds one first, so all of them stop with the same messages.
struct CRFInput<Scalar: TensorScalar> {
    /// [T, B, K], transposed from [B, T, K] when the CRF is `batchFirst` (differentiably).
    let emissions: Tensor<Scalar>
    /// The number of real steps of each sentence, 1...T: [B].
    let lengths: [Int]
    let steps: Int, batch: Int, tagCount: Int
    let batchFirst: Bool

    init(_ crf: LinearChainCRF<Scalar>, _ emissions: Tensor<Scalar>, lengths: [Int]?, mask: Tensor<Scalar>?,
         _ op: String) {
        let layout = crf.batchFirst ? "[B, T, K]" : "[T, B, K]"
        if emissions.rank != 3 {
            failure("\(op): emissions of shape \(emissions.shape), expected rank 3 \(layout)")
        }
        let x = crf.batchFirst ? emissions.transposed(0, 1) : emissions            // [T, B, K]
        let (t, b, k) = (x.shape[0], x.shape[1], x.shape[2])
        if k != crf.tagCount {
            failure("\(op): emissions of shape \(emissions.shape) have \(k) tag scores per step, expected tagCount \(crf.tagCount)")
        }
        if t < 1 || b < 1 {
            failure("\(op): emissions of shape \(emissions.shape) \(layout) have no steps or no sentences")
        }
        checkFinite(emissions, "emissions", op)
        // Finite scores only: forbid a transition with a large negative score (e.g. -1e4), not -inf.
        checkFinite(crf.startTransitions.data, "startTransitions", op)
        checkFinite(crf.endTransitions.data, "endTransitions", op)
        checkFinite(crf.transitions.data, "transitions", op)
        self.emissions = x
        (steps, batch, tagCount, batchFirst) = (t, b, k, crf.batchFirst)
        self.lengths = Self.lengths(steps: t, batch: b, lengths: lengths, mask: mask, batchFirst: crf.batchFirst, op)
    }

    /// [T, B]: 1 at real steps, 0 at padding (a constant).
    var keepMask: Tensor<Scalar> {
        var m = [Scalar](repeating: 0, count: steps * batch)
        for (b, n) in lengths.enumerated() { for t in 0..<n { m[t * batch + b] = 1 } }
        return Tensor(shape: [steps, batch], scalars: m)
    }

    /// `tags` (row-major in the emissions' layout) checked and reordered time-major [T * B]; padded positions
    /// become 0 so that they can be gathered (their scores are multiplied by 0).
    func timeMajorTags(_ tags: [Int], _ op: String) -> [Int] {
        let layout = batchFirst ? "[B, T] = [\(batch), \(steps)]" : "[T, B] = [\(steps), \(batch)]"
        if tags.count != steps * batch {
            failure("\(op): \(tags.count) tags for \(layout), expected \(steps * batch) (one per step of every sentence)")
        }
        var out = [Int](repeating: 0, count: steps * batch)
        for b in 0..<batch {
            for t in 0..<lengths[b] {
                let tag = batchFirst ? tags[b * steps + t] : tags[t * batch + b]
                if tag < 0 || tag >= tagCount {
                    failure("\(op): tag \(tag) at step \(t) of sentence \(b) is outside 0..<\(tagCount) (K = \(tagCount))")
                }
                out[t * batch + b] = tag
            }
        }
        return out
    }

    /// The lengths from `lengths` or from a prefix `mask` (all T when neither is given), validated.
    private static func lengths(
        steps: Int, batch: Int, lengths: [Int]?, mask: Tensor<Scalar>?, batchFirst: Bool, _ op: String
    ) -> [Int] {
        if let lengths {
            ShapeMath.checkLengths(lengths, steps: steps, batch: batch, maskGiven: mask != nil, op)
            return lengths
        }
        guard let mask else { return [Int](repeating: steps, count: batch) }
        let expected = batchFirst ? [batch, steps] : [steps, batch]
        if mask.shape != expected {
            failure("\(op): mask of shape \(mask.shape), expected \(batchFirst ? "[B, T]" : "[T, B]") = \(expected)")
        }
        var result = [Int](repeating: 0, count: batch)
        for b in 0..<batch {
            let row = (0..<steps).map { t in mask.scalars[batchFirst ? b * steps + t : t * batch + b] }
            if row.contains(where: { $0 != 0 && $0 != 1 }) { failure("\(op): mask values must be 0 or 1") }
            let n = row.prefix(while: { $0 == 1 }).count
            if n == 0 || row[n...].contains(1) {
                failure("\(op): the mask of sentence \(b) is \(row.map { Int($0) }); each sentence needs ones " +
                        "first (at least one), then only zeros")
            }
            result[b] = n
        }
        return result
    }
}
