/// A two-level, class-based softmax output layer (Goodman 2001, "Classes for fast maximum entropy training";
/// Mikolov et al. 2011, "Extensions of recurrent neural network language model"): every word w belongs to one
/// class c(w), and
///
///     p(w | h) = p(c(w) | h) * p(w | c(w), h)
///     p(c | h)    = softmax_c(h @ W_c^T + b_c)                      over the C classes       [B, C]
///     p(w | c, h) = softmax over the words of class c of (h @ W_w^T + b_w)                   [B, V]
///
/// It is an exact distribution over the vocabulary (the probabilities sum to 1), and a word's log-likelihood
/// needs only the C class scores and the scores of the words of its own class, which is where the speed of a
/// large vocabulary comes from. This type is the readable reference: `logProbabilities` computes the full
/// [B, V] table from differentiable ops.
///
/// Parameters: `classWeight` [C, D], `classBias` [C], `wordWeight` [V, D], `wordBias` [V], initialized as
/// `Linear` (U(-1/sqrt(D), 1/sqrt(D))). `wordClasses[w]` is c(w); `frequencyBinning` makes them as Mikolov
/// et al. do, by cumulative unigram frequency.
public final class ClassBasedSoftmax<Scalar: TensorScalar>: Module {
    public let inputSize: Int
    /// c(w) for every word w of the vocabulary.
    public let wordClasses: [Int]
    public let classCount: Int
    public let classWeight: Parameter<Scalar>
    public let classBias: Parameter<Scalar>
    public let wordWeight: Parameter<Scalar>
    public let wordBias: Parameter<Scalar>
    /// The words of each class, in vocabulary order.
    public let members: [[Int]]
    public var isTraining = true

    public init(inputSize: Int, wordClasses: [Int], rng: RandomSource = .global) {
        guard inputSize > 0, !wordClasses.isEmpty, let top = wordClasses.max(), wordClasses.allSatisfy({ $0 >= 0 }) else {
            failure("ClassBasedSoftmax: inputSize \(inputSize) must be positive and wordClasses non-empty and >= 0")
        }
        var members = [[Int]](repeating: [], count: top + 1)
        for (w, c) in wordClasses.enumerated() { members[c].append(w) }
        if let empty = members.firstIndex(where: \.isEmpty) {
            failure("ClassBasedSoftmax: class \(empty) has no words; classes must be 0..<C, each used")
        }
        (self.inputSize, self.wordClasses, self.classCount, self.members) = (inputSize, wordClasses, top + 1, members)
        let bound = 1 / Double(inputSize).squareRoot()
        classWeight = Parameter(Initializers.uniform([top + 1, inputSize], -bound, bound, rng, "ClassBasedSoftmax"))
        classBias = Parameter(Initializers.uniform([top + 1], -bound, bound, rng, "ClassBasedSoftmax"))
        wordWeight = Parameter(Initializers.uniform([wordClasses.count, inputSize], -bound, bound, rng, "ClassBasedSoftmax"))
        wordBias = Parameter(Initializers.uniform([wordClasses.count], -bound, bound, rng, "ClassBasedSoftmax"))
    }

    public var vocabularySize: Int { wordClasses.count }

    /// log p(w | h) for every word: h [B, D] -> [B, V].
    public func logProbabilities(_ h: Tensor<Scalar>) -> Tensor<Scalar> {
        if h.rank != 2 || h.shape[1] != inputSize {
            failure("ClassBasedSoftmax: input of shape \(h.shape), expected [B, \(inputSize)]")
        }
        let classLog = logSoftmax(matmul(h, classWeight.value, transposeB: true) + classBias.value, axis: 1)   // [B, C]
        let wordScores = matmul(h, wordWeight.value, transposeB: true) + wordBias.value                       // [B, V]
        // Within-class log-softmax, class by class, in class order; then back to vocabulary order.
        let order = members.flatMap { $0 }
        var position = [Int](repeating: 0, count: order.count)
        for (k, w) in order.enumerated() { position[w] = k }
        let withinClass = Tensor.concat(members.map { logSoftmax(wordScores.indexSelect(axis: 1, $0), axis: 1) }, axis: 1)
        return withinClass.indexSelect(axis: 1, position) + classLog.indexSelect(axis: 1, wordClasses)
    }

    /// The mean negative log-likelihood of `targets` [B] (word indices) given h [B, D]: from the full
    /// table (`reference`, readable) or from the target-only path (`logLikelihood`, fast).
    public func negativeLogLikelihood(_ h: Tensor<Scalar>, targets: [Int], reference: Bool = false) -> Tensor<Scalar> {
        if !reference { return -logLikelihood(h, targets: targets).mean() }
        checkTargets(h, targets)
        let all = logProbabilities(h)
        let picked = all.gather(axis: 1, indices: targets, indexShape: [targets.count, 1])
        return -picked.mean()
    }

    /// log p(t[n] | h[n]) for each row, h [N, D] -> [N], scoring only the C classes and the words of each
    /// target's class (`ClassBasedSoftmaxKernel`: forward and backward by hand, equal to the reference).
    public func logLikelihood(_ h: Tensor<Scalar>, targets: [Int]) -> Tensor<Scalar> {
        if h.rank != 2 || h.shape[1] != inputSize {
            failure("ClassBasedSoftmax: input of shape \(h.shape), expected [N, \(inputSize)]")
        }
        checkTargets(h, targets)
        var positions = [Int](repeating: 0, count: vocabularySize)
        for words in members { for (k, w) in words.enumerated() { positions[w] = k } }
        let layer = (classes: wordClasses, members: members, positions: positions)
        let (n, d) = (h.shape[0], inputSize)
        let (cw, cb, ww, wb) = (classWeight.value, classBias.value, wordWeight.value, wordBias.value)
        let (ll, cache) = ClassBasedSoftmaxKernel.forward(
            h: h.scalars, rows: n, inputSize: d, classWeight: cw.scalars, classBias: cb.scalars,
            wordWeight: ww.scalars, wordBias: wb.scalars, targets: targets, layer: layer)
        let hs = h.scalars, cws = cw.scalars, wws = ww.scalars
        let (c, v) = (classCount, vocabularySize)
        return Tensor.customOp(name: "ClassBasedSoftmax.logLikelihood", inputs: [h, cw, cb, ww, wb],
                               outputs: [Tensor(shape: [n], scalars: ll)]) { dOut in
            let g = ClassBasedSoftmaxKernel.backward(
                dLL: dOut[0].scalars, cache: cache, h: hs, rows: n, inputSize: d, classWeight: cws, wordWeight: wws,
                targets: targets, layer: layer)
            return [Tensor(shape: [n, d], scalars: g.h), Tensor(shape: [c, d], scalars: g.classWeight),
                    Tensor(shape: [c], scalars: g.classBias), Tensor(shape: [v, d], scalars: g.wordWeight),
                    Tensor(shape: [v], scalars: g.wordBias)]
        }[0]
    }

    func checkTargets(_ h: Tensor<Scalar>, _ targets: [Int]) {
        if targets.count != h.shape[0] || targets.contains(where: { $0 < 0 || $0 >= vocabularySize }) {
            failure("ClassBasedSoftmax: \(targets.count) targets for a batch of \(h.shape[0]); each must be in 0..<\(vocabularySize)")
        }
    }

    /// Classes by cumulative unigram frequency (Mikolov et al. 2011): words sorted by count, most frequent
    /// first, are cut into `classCount` bins of about equal total frequency, so frequent words get small
    /// classes. Returns c(w) for every word; every class is used when there are at least `classCount` words.
    public static func frequencyBinning(counts: [Int], classCount: Int) -> [Int] {
        if classCount < 1 || counts.count < classCount || counts.contains(where: { $0 < 0 }) {
            failure("ClassBasedSoftmax.frequencyBinning: \(counts.count) words (counts >= 0) for \(classCount) classes")
        }
        let byCount = counts.indices.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
        let total = Double(Swift.max(counts.reduce(0, +), 1))
        var classes = [Int](repeating: 0, count: counts.count)
        var cumulative = 0.0, current = 0, currentUsed = false
        for (rank, w) in byCount.enumerated() {
            // Move on when this class has its share of the frequency, or when every class still to come
            // needs one of the words left.
            let wordsLeft = byCount.count - rank, classesToCome = classCount - 1 - current
            if currentUsed && classesToCome > 0
                && (cumulative / total >= Double(current + 1) / Double(classCount) || wordsLeft <= classesToCome) {
                current += 1
                currentUsed = false
            }
            classes[w] = current
            currentUsed = true
            cumulative += Double(counts[w])
        }
        return classes
    }
}
