import Foundation
import LSTMKit
import LSTMKitApps

/// Finds layer 0 of an LSTM in any checkpoint file, for `lstm explain --checkpoint`.
enum CheckpointLSTM {
    /// Tensor-name suffixes of one LSTM layer: LSTMKit's cell fields and PyTorch's `nn.LSTM` names.
    static let namings: [(weightIH: String, weightHH: String, biasIH: String, biasHH: String)] = [
        ("weightIH", "weightHH", "biasIH", "biasHH"),
        ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
    ]
    /// LSTMKit cell fields allowed next to the four (anything else, e.g. peepholes or layer norms, means
    /// another kind of cell, whose step these equations do not describe).
    static let lstmFields: Set<String> = ["weightIH", "weightHH", "biasIH", "biasHH"]

    /// The LSTM cell (in Double) of layer 0 of the first LSTM found in the checkpoint at `path`, and the
    /// name prefix of its tensors. Throws a one-line `CLIError` for a missing or invalid file or a
    /// checkpoint without an LSTM layer.
    static func layer(at path: String) throws -> (LSTMCell<Double>, String) {
        _ = try CLIError.wrapping { try TaskCheckpoint.readInfo(path) }   // missing, directory, invalid -> one line
        let file = try CLIError.wrapping {
            try SafeTensors(contentsOf: TaskCheckpoint.resolve(path))
        }
        guard let found = find(in: file.tensors) else {
            throw CLIError("checkpoint \(path) has no LSTM layer (tensors weightIH [4H, D], weightHH [4H, H], " +
                           "biasIH, biasHH or PyTorch's weight_ih_l0, ...); `lstm explain --checkpoint` needs one")
        }
        return found
    }

    /// Searches `tensors` for the four tensors of an LSTM layer, preferring forward layer 0.
    static func find(in tensors: [String: AnyTensor]) -> (LSTMCell<Double>, String)? {
        var candidates: [(score: Int, prefix: String, cell: LSTMCell<Double>)] = []
        for name in tensors.keys.sorted() {
            for naming in namings where name.hasSuffix(naming.weightIH) {
                let prefix = String(name.dropLast(naming.weightIH.count))
                guard let wih = tensors[name], let whh = tensors[prefix + naming.weightHH],
                      wih.shape.count == 2, whh.shape.count == 2, wih.shape[0] % 4 == 0 else { continue }
                let h = wih.shape[0] / 4, d = wih.shape[1]
                guard h > 0, d > 0, whh.shape == [4 * h, h] else { continue }
                let bih = tensors[prefix + naming.biasIH], bhh = tensors[prefix + naming.biasHH]
                guard (bih == nil) == (bhh == nil), bih.map({ $0.shape == [4 * h] }) ?? true,
                      bhh.map({ $0.shape == [4 * h] }) ?? true else { continue }
                if naming.weightIH == "weightIH" {
                    let siblings = tensors.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains(".") }
                    if siblings.contains(where: { !lstmFields.contains(String($0.dropFirst(prefix.count))) }) { continue }
                }
                let cell = LSTMCell<Double>(inputSize: d, hiddenSize: h, bias: bih != nil, rng: RandomSource(seed: 0))
                cell.weightIH.data = wih.converted(to: Double.self)
                cell.weightHH.data = whh.converted(to: Double.self)
                if let bih, let bhh {
                    cell.biasIH!.data = bih.converted(to: Double.self)
                    cell.biasHH!.data = bhh.converted(to: Double.self)
                }
                let reverse = prefix.contains("reverse")
                let layer0 = prefix.contains("layers.0.") || naming.weightIH.hasSuffix("l0")
                let score = (reverse ? 2 : 0) + (layer0 ? 0 : 1)
                candidates.append((score, prefix + (naming.weightIH == "weightIH" ? "" : "*_l0"), cell))
            }
        }
        guard let best = candidates.min(by: { ($0.score, $0.prefix) < ($1.score, $1.prefix) }) else { return nil }
        return (best.cell, best.prefix.isEmpty ? "(top level)" : best.prefix)
    }
}
