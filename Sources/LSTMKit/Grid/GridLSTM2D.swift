/// A Grid LSTM over an image cut into patches (Kalchbrenner et al. 2015, section 4.3, the MNIST network,
/// with patches instead of the paper's 2x2 pixels): a 2-D grid of rows x columns positions, one per patch,
/// and L layers along depth, every block a 3-dimensional `GridLSTMBlock` (row, column, depth).
///
///     p_rc = patch (r, c) flattened,  [B, C*ph*pw];  rows = height / ph,  columns = width / pw
///     block (l, r, c) receives  (h, m) along rows    from block (l, r-1, c)   (zeros for r = 0)
///                               (h, m) along columns from block (l, r, c-1)   (zeros for c = 0)
///                               (h, m) along depth   from block (l-1, r, c);  for l = 0:
///                                                    h = p_rc @ W_in^T + b_in, m = 0
///     y = h_depth(L-1, rows-1, columns-1) @ W_out^T + b_out       logits [B, outputSize]
///
/// Information flows down, right and up, so the last block of the top layer has seen every patch.
/// Patches of 1 x width make it a network over the image's rows (a sequence along the row dimension, with
/// LSTM memory along depth too). Blocks are computed layer by layer, row by row.
///
/// Parameters: `inputProjection.{weight, bias}`, `blocks.<l>.{weights.k, biases.k}` (k = 0 row, 1 column,
/// 2 depth), `output.{weight, bias}`.
public final class GridLSTM2D<Scalar: TensorScalar>: Module {
    public let channels: Int
    public let patchHeight: Int
    public let patchWidth: Int
    /// The grid: image height / patch height by image width / patch width.
    public let rows: Int
    public let columns: Int
    public let hiddenSize: Int
    public let inputProjection: Linear<Scalar>
    public let blocks: [GridLSTMBlock<Scalar>]
    public let output: Linear<Scalar>
    public var isTraining = true

    /// The grid for an image and a patch size: (rows, columns), or an error naming the size that does not
    /// divide (check options with it before building a network).
    public static func gridShape(imageHeight: Int, imageWidth: Int, patchHeight: Int,
                                 patchWidth: Int) throws(GridShapeError) -> (rows: Int, columns: Int) {
        if patchHeight < 1 || patchWidth < 1 {
            throw GridShapeError("patch \(patchHeight)x\(patchWidth) must be at least 1x1")
        }
        if imageHeight % patchHeight != 0 || imageWidth % patchWidth != 0 {
            throw GridShapeError("patch \(patchHeight)x\(patchWidth) does not divide the \(imageHeight)x\(imageWidth) "
                                 + "image (height \(imageHeight) % \(patchHeight) = \(imageHeight % patchHeight), "
                                 + "width \(imageWidth) % \(patchWidth) = \(imageWidth % patchWidth))")
        }
        return (imageHeight / patchHeight, imageWidth / patchWidth)
    }

    public init(channels: Int = 1, imageHeight: Int, imageWidth: Int, patchHeight: Int, patchWidth: Int,
                hiddenSize: Int, layerCount: Int = 1, outputSize: Int, rng: RandomSource = .global) {
        let grid: (rows: Int, columns: Int)
        do { grid = try Self.gridShape(imageHeight: imageHeight, imageWidth: imageWidth, patchHeight: patchHeight,
                                       patchWidth: patchWidth) }
        catch { failure("GridLSTM2D: \(error)") }
        if channels < 1 || layerCount < 1 {
            failure("GridLSTM2D: channels \(channels) and layerCount \(layerCount) must be positive")
        }
        (self.channels, self.patchHeight, self.patchWidth) = (channels, patchHeight, patchWidth)
        (rows, columns, self.hiddenSize) = (grid.rows, grid.columns, hiddenSize)
        inputProjection = Linear(inputSize: channels * patchHeight * patchWidth, outputSize: hiddenSize, rng: rng)
        blocks = (0..<layerCount).map { _ in GridLSTMBlock(dimensionCount: 3, hiddenSize: hiddenSize, rng: rng) }
        output = Linear(inputSize: hiddenSize, outputSize: outputSize, rng: rng)
    }

    /// images [B, C, height, width] -> patches [B, rows * columns, C * ph * pw], row-major positions.
    public func patches(_ images: Tensor<Scalar>) -> Tensor<Scalar> {
        let expected = [channels, rows * patchHeight, columns * patchWidth]
        if images.rank != 4 || Array(images.shape.dropFirst()) != expected {
            failure("GridLSTM2D: images of shape \(images.shape), expected [B, \(expected.map(String.init).joined(separator: ", "))]")
        }
        let b = images.shape[0]
        return images.reshaped([b, channels, rows, patchHeight, columns, patchWidth])
            .permuted([0, 2, 4, 1, 3, 5])
            .reshaped([b, rows * columns, channels * patchHeight * patchWidth])
    }

    /// The top layer's depth output at the last position, [B, H].
    public func features(_ images: Tensor<Scalar>) -> Tensor<Scalar> {
        let projected = inputProjection(patches(images))                      // [B, R*C, H]
        let b = projected.shape[0]
        let zero = Tensor<Scalar>.zeros([b, hiddenSize])
        let positions = rows * columns
        var depthH = (0..<positions).map { projected.slice(axis: 1, $0..<($0 + 1)).squeezed(1) }
        var depthM = [Tensor<Scalar>](repeating: zero, count: positions)
        for block in blocks {
            var aboveH = [Tensor<Scalar>](repeating: zero, count: columns), aboveM = aboveH
            for r in 0..<rows {
                var leftH = zero, leftM = zero
                for c in 0..<columns {
                    let p = r * columns + c
                    let out = block(hidden: [aboveH[c], leftH, depthH[p]], memory: [aboveM[c], leftM, depthM[p]])
                    (aboveH[c], aboveM[c]) = (out.hidden[0], out.memory[0])
                    (leftH, leftM) = (out.hidden[1], out.memory[1])
                    (depthH[p], depthM[p]) = (out.hidden[2], out.memory[2])
                }
            }
        }
        return depthH[positions - 1]
    }

    /// images [B, C, height, width] -> logits [B, outputSize].
    public func callAsFunction(_ images: Tensor<Scalar>) -> Tensor<Scalar> { output(features(images)) }
}

/// A grid shape that does not fit the input (a patch size that does not divide the image).
public struct GridShapeError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
