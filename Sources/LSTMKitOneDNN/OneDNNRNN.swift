#if canImport(CDNNL)
import CDNNL
import LSTMKit

/// The recurrent cells oneDNN runs for LSTMKit: the LSTM and the "linear before reset" GRU (PyTorch's GRU).
enum OneDNNCellKind: Hashable {
    case lstm, gru
    /// G, the gate blocks of the weights.
    var gates: Int { self == .lstm ? 4 : 3 }
    /// The bias blocks: one per gate, plus b_hn for the GRU (oneDNN's lbr_gru has 4).
    var biasBlocks: Int { 4 }
    var hasCellState: Bool { self == .lstm }
}

/// One layer, one direction, Float: what a cached primitive set is built for.
struct OneDNNShape: Hashable {
    let kind: OneDNNCellKind
    let steps, batch, input, hidden: Int
}

/// The primitives of one shape: forward inference, forward training and backward (built on first use), with
/// the reorders between LSTMKit's layouts and the weight layouts each primitive chose.
///
/// LSTMKit's layouts, in oneDNN terms (L = 1 layer, one direction):
///
///     x [T, B, D]                      src_layer          tnc
///     h0, c0, hN, cN [B, H]            src/dst_iter(_c)   ldnc [1, 1, B, H]
///     weightIH [G * H, D]              weights_layer      ldgoi [1, 1, D, G, H] (memory order l, d, g, o, i)
///     weightHH [G * H, H]              weights_iter       ldgoi [1, 1, H, G, H]
///     bias [4, H]                      bias               ldgo [1, 1, 4, H]
///     out [T, B, H]                    dst_layer          tnc
///
/// PyTorch's `weight_ih_l0` [G * H, D] is exactly ldgoi, so an LSTM's weights go in without copying (oneDNN's
/// gate order i, f, c~, o is PyTorch's i, f, g, o); the GRU's gate blocks are permuted (see GRUCell+OneDNN).
final class OneDNNRNN {
    enum PassKind: Hashable { case inference, training, backward }

    let shape: OneDNNShape
    let srcLayer, state, weightsLayer, weightsIter, bias, dstLayer: dnnl_memory_desc_t
    private let runtime: OneDNNRuntime
    private var passes: [PassKind: OneDNNPass] = [:]
    private var unsupported: Set<PassKind> = []

    init(_ shape: OneDNNShape, runtime: OneDNNRuntime) {
        self.shape = shape
        self.runtime = runtime
        let (t, b, d, h, g) = (shape.steps, shape.batch, shape.input, shape.hidden, shape.kind.gates)
        srcLayer = oneDNNDesc([t, b, d], dnnl_tnc)
        state = oneDNNDesc([1, 1, b, h], dnnl_ldnc)
        weightsLayer = oneDNNDesc([1, 1, d, g, h], dnnl_ldgoi)
        weightsIter = oneDNNDesc([1, 1, h, g, h], dnnl_ldgoi)
        bias = oneDNNDesc([1, 1, shape.kind.biasBlocks, h], dnnl_ldgo)
        dstLayer = oneDNNDesc([t, b, h], dnnl_tnc)
    }

    /// The primitive of `kind` (built and cached on first use), or nil when oneDNN refuses this shape.
    func pass(_ kind: PassKind) -> OneDNNPass? {
        if let found = passes[kind] { return found }
        if unsupported.contains(kind) { return nil }
        var hint: OneDNNPass? = nil
        if kind == .backward {
            guard let training = pass(.training) else { return nil }
            hint = training
        }
        guard let made = OneDNNPass(kind, self, hint: hint, engine: runtime.engine, attributes: runtime.attributes) else {
            unsupported.insert(kind)
            return nil
        }
        passes[kind] = made
        return made
    }

    /// The oneDNN operation descriptor of `kind` with weights (and weight gradients) in layout `weightTag`.
    func operationDescriptor(_ kind: PassKind, weightTag: dnnl_format_tag_t) -> dnnl_rnn_desc_t? {
        let (d, h, g) = (shape.input, shape.hidden, shape.kind.gates)
        var src = srcLayer, st = state, bi = bias, dst = dstLayer
        var wl = oneDNNDesc([1, 1, d, g, h], weightTag)
        var wi = oneDNNDesc([1, 1, h, g, h], weightTag)
        var dwl = wl, dwi = wi
        var dsrc = src, dst2 = st, dbi = bi, ddst = dst
        var st1 = st, st2 = st, st3 = st, st4 = st, st5 = st, st6 = st   // one copy per argument (exclusivity)
        var desc = dnnl_rnn_desc_t()
        let direction = dnnl_unidirectional_left2right
        let status: dnnl_status_t
        switch (shape.kind, kind) {
        case (.lstm, .backward):
            status = dnnl_lstm_backward_desc_init(
                &desc, dnnl_backward, direction, &src, &st, &st1, &wl, &wi, &bi, &dst, &st2, &st3,
                &dsrc, &dst2, &st4, &dwl, &dwi, &dbi, &ddst, &st5, &st6, 0)
        case (.lstm, _):
            status = dnnl_lstm_forward_desc_init(
                &desc, kind == .training ? dnnl_forward_training : dnnl_forward_inference, direction,
                &src, &st, &st1, &wl, &wi, &bi, &dst, &st2, &st3, 0)
        case (.gru, .backward):
            status = dnnl_lbr_gru_backward_desc_init(
                &desc, dnnl_backward, direction, &src, &st, &wl, &wi, &bi, &dst, &st2,
                &dsrc, &dst2, &dwl, &dwi, &dbi, &ddst, &st5, 0)
        case (.gru, _):
            status = dnnl_lbr_gru_forward_desc_init(
                &desc, kind == .training ? dnnl_forward_training : dnnl_forward_inference, direction,
                &src, &st, &wl, &wi, &bi, &dst, &st2, 0)
        }
        return status == dnnl_success ? desc : nil
    }

    /// Forward over raw Float buffers in LSTMKit's layouts (`c0`, `cN` nil for a GRU); returns the workspace
    /// backward needs (training), or nil (inference).
    func forward(
        _ pass: OneDNNPass, x: UnsafeMutableRawPointer, h0: UnsafeMutableRawPointer, c0: UnsafeMutableRawPointer?,
        weightsLayer wl: UnsafeMutableRawPointer, weightsIter wi: UnsafeMutableRawPointer,
        bias b: UnsafeMutableRawPointer, out: UnsafeMutableRawPointer, hN: UnsafeMutableRawPointer,
        cN: UnsafeMutableRawPointer?
    ) -> OneDNNBuffer? {
        let (wlPrimitive, wlKeep) = pass.weightsLayerIn.apply(runtime, wl)
        let (wiPrimitive, wiKeep) = pass.weightsIterIn.apply(runtime, wi)
        let workspace = pass.workspaceBytes > 0 ? OneDNNBuffer(byteCount: pass.workspaceBytes) : nil
        var args: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer?)] = [
            (Int32(DNNL_ARG_SRC_LAYER), srcLayer, x), (Int32(DNNL_ARG_SRC_ITER), state, h0),
            (Int32(DNNL_ARG_WEIGHTS_LAYER), pass.weightsLayerIn.primitiveLayout, wlPrimitive),
            (Int32(DNNL_ARG_WEIGHTS_ITER), pass.weightsIterIn.primitiveLayout, wiPrimitive),
            (Int32(DNNL_ARG_BIAS), bias, b), (Int32(DNNL_ARG_DST_LAYER), dstLayer, out),
            (Int32(DNNL_ARG_DST_ITER), state, hN),
        ]
        if shape.kind.hasCellState {
            args += [(Int32(DNNL_ARG_SRC_ITER_C), state, c0), (Int32(DNNL_ARG_DST_ITER_C), state, cN)]
        }
        if let workspace { args.append((Int32(DNNL_ARG_WORKSPACE), pass.workspace, workspace.pointer)) }
        runtime.execute(pass.primitive, descriptor: pass.descriptor, args, "\(shape.kind) forward")
        withExtendedLifetime((wlKeep, wiKeep)) {}
        return workspace
    }

    /// Backward over raw Float buffers; every gradient buffer must be zeroed (oneDNN accumulates into the
    /// weight and bias gradients). The weight gradients come back in LSTMKit's layout (ldgoi).
    func backward(
        _ pass: OneDNNPass, workspace: OneDNNBuffer,
        x: UnsafeMutableRawPointer, h0: UnsafeMutableRawPointer, c0: UnsafeMutableRawPointer?,
        weightsLayer wl: UnsafeMutableRawPointer, weightsIter wi: UnsafeMutableRawPointer,
        bias b: UnsafeMutableRawPointer, out: UnsafeMutableRawPointer, hN: UnsafeMutableRawPointer,
        cN: UnsafeMutableRawPointer?,
        dOut: UnsafeMutableRawPointer, dhN: UnsafeMutableRawPointer, dcN: UnsafeMutableRawPointer?,
        dX: UnsafeMutableRawPointer, dh0: UnsafeMutableRawPointer, dc0: UnsafeMutableRawPointer?,
        dWeightsLayer: UnsafeMutableRawPointer, dWeightsIter: UnsafeMutableRawPointer,
        dBias: UnsafeMutableRawPointer
    ) {
        let (wlPrimitive, wlKeep) = pass.weightsLayerIn.apply(runtime, wl)
        let (wiPrimitive, wiKeep) = pass.weightsIterIn.apply(runtime, wi)
        let dwl = pass.diffWeightsLayerOut!, dwi = pass.diffWeightsIterOut!
        let dwlBuffer = dwl.reorder.map { OneDNNBuffer(byteCount: oneDNNByteCount($0.source), zeroed: true) }
        let dwiBuffer = dwi.reorder.map { OneDNNBuffer(byteCount: oneDNNByteCount($0.source), zeroed: true) }
        var args: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer?)] = [
            (Int32(DNNL_ARG_SRC_LAYER), srcLayer, x), (Int32(DNNL_ARG_SRC_ITER), state, h0),
            (Int32(DNNL_ARG_WEIGHTS_LAYER), pass.weightsLayerIn.primitiveLayout, wlPrimitive),
            (Int32(DNNL_ARG_WEIGHTS_ITER), pass.weightsIterIn.primitiveLayout, wiPrimitive),
            (Int32(DNNL_ARG_BIAS), bias, b), (Int32(DNNL_ARG_DST_LAYER), dstLayer, out),
            (Int32(DNNL_ARG_DST_ITER), state, hN),
            (Int32(DNNL_ARG_WORKSPACE), pass.workspace, workspace.pointer),
            (Int32(DNNL_ARG_DIFF_DST_LAYER), dstLayer, dOut), (Int32(DNNL_ARG_DIFF_DST_ITER), state, dhN),
            (Int32(DNNL_ARG_DIFF_SRC_LAYER), srcLayer, dX), (Int32(DNNL_ARG_DIFF_SRC_ITER), state, dh0),
            (Int32(DNNL_ARG_DIFF_WEIGHTS_LAYER), dwl.primitiveLayout, dwlBuffer?.pointer ?? dWeightsLayer),
            (Int32(DNNL_ARG_DIFF_WEIGHTS_ITER), dwi.primitiveLayout, dwiBuffer?.pointer ?? dWeightsIter),
            (Int32(DNNL_ARG_DIFF_BIAS), bias, dBias),
        ]
        if shape.kind.hasCellState {
            args += [(Int32(DNNL_ARG_SRC_ITER_C), state, c0), (Int32(DNNL_ARG_DST_ITER_C), state, cN),
                     (Int32(DNNL_ARG_DIFF_DST_ITER_C), state, dcN), (Int32(DNNL_ARG_DIFF_SRC_ITER_C), state, dc0)]
        }
        runtime.execute(pass.primitive, descriptor: pass.descriptor, args, "\(shape.kind) backward")
        if let reorder = dwl.reorder, let dwlBuffer { reorder.run(runtime, from: dwlBuffer.pointer, to: dWeightsLayer) }
        if let reorder = dwi.reorder, let dwiBuffer { reorder.run(runtime, from: dwiBuffer.pointer, to: dWeightsIter) }
        withExtendedLifetime((wlKeep, wiKeep)) {}
    }
}

/// A weight tensor as one primitive wants it: its layout there, and the reorder from (or to) LSTMKit's
/// layout when the two differ.
struct OneDNNWeightLayout {
    let primitiveLayout: dnnl_memory_desc_t
    let reorder: OneDNNReorder?

    init(user: dnnl_memory_desc_t, primitive: dnnl_memory_desc_t, toUser: Bool, same: Bool, engine: dnnl_engine_t) {
        primitiveLayout = primitive
        if same || oneDNNSameLayout(user, primitive) {
            reorder = nil
        } else {
            reorder = toUser ? OneDNNReorder(from: primitive, to: user, engine: engine)
                             : OneDNNReorder(from: user, to: primitive, engine: engine)
        }
    }

    /// The weights at `user` in the primitive's layout: `user` itself, or a re-laid-out copy (kept alive by
    /// the returned buffer).
    func apply(_ runtime: OneDNNRuntime, _ user: UnsafeMutableRawPointer) -> (UnsafeMutableRawPointer, OneDNNBuffer?) {
        guard let reorder else { return (user, nil) }
        let buffer = OneDNNBuffer(byteCount: oneDNNByteCount(primitiveLayout))
        reorder.run(runtime, from: user, to: buffer.pointer)
        return (buffer.pointer, buffer)
    }
}

/// One primitive (forward inference, forward training or backward) with its weight layouts and workspace.
final class OneDNNPass {
    let descriptor: dnnl_primitive_desc_t
    let primitive: dnnl_primitive_t
    let weightsLayerIn: OneDNNWeightLayout
    let weightsIterIn: OneDNNWeightLayout
    /// Backward only: the weight gradients' layouts and the reorders back to LSTMKit's layout.
    let diffWeightsLayerOut: OneDNNWeightLayout?
    let diffWeightsIterOut: OneDNNWeightLayout?
    let workspace: dnnl_memory_desc_t
    let workspaceBytes: Int
    /// True when the primitive took LSTMKit's ldgoi layout for the weights and their gradients (no reorders).
    let weightsInUserLayout: Bool

    init?(_ kind: OneDNNRNN.PassKind, _ rnn: OneDNNRNN, hint: OneDNNPass?, engine: dnnl_engine_t,
          attributes: dnnl_primitive_attr_t?) {
        // Weights in LSTMKit's own layout (ldgoi) when the primitive takes it: no re-layout per call. Otherwise
        // ldigo, then the primitive's choice. (Not `any` first: for inference oneDNN 2.6 then picks its brgemm
        // kernel, whose weight reorder alone took ~20 ms per call here and whose run was several times slower.)
        var found: dnnl_primitive_desc_t? = nil
        var userLayout = false
        for tag in [dnnl_ldgoi, dnnl_ldigo, dnnl_format_tag_any] {
            guard var desc = rnn.operationDescriptor(kind, weightTag: tag) else { continue }
            var pd: dnnl_primitive_desc_t?
            if dnnl_primitive_desc_create(&pd, &desc, attributes, engine, hint?.descriptor) == dnnl_success, let pd {
                found = pd
                userLayout = tag == dnnl_ldgoi
                break
            }
        }
        guard let pd = found else { return nil }
        weightsInUserLayout = userLayout
        var p: dnnl_primitive_t?
        guard dnnl_primitive_create(&p, pd) == dnnl_success, let p else {
            dnnl_primitive_desc_destroy(pd)
            return nil
        }
        descriptor = pd
        primitive = p
        func layout(_ arg: Int32) -> dnnl_memory_desc_t {
            dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, arg)!.pointee
        }
        weightsLayerIn = OneDNNWeightLayout(user: rnn.weightsLayer, primitive: layout(Int32(DNNL_ARG_WEIGHTS_LAYER)),
                                            toUser: false, same: userLayout, engine: engine)
        weightsIterIn = OneDNNWeightLayout(user: rnn.weightsIter, primitive: layout(Int32(DNNL_ARG_WEIGHTS_ITER)),
                                           toUser: false, same: userLayout, engine: engine)
        if kind == .backward {
            diffWeightsLayerOut = OneDNNWeightLayout(
                user: rnn.weightsLayer, primitive: layout(Int32(DNNL_ARG_DIFF_WEIGHTS_LAYER)), toUser: true,
                same: userLayout, engine: engine)
            diffWeightsIterOut = OneDNNWeightLayout(
                user: rnn.weightsIter, primitive: layout(Int32(DNNL_ARG_DIFF_WEIGHTS_ITER)), toUser: true,
                same: userLayout, engine: engine)
        } else {
            diffWeightsLayerOut = nil
            diffWeightsIterOut = nil
        }
        workspace = dnnl_primitive_desc_query_md(pd, dnnl_query_workspace_md, 0)!.pointee
        workspaceBytes = oneDNNByteCount(workspace)
    }

    deinit {
        dnnl_primitive_destroy(primitive)
        dnnl_primitive_desc_destroy(descriptor)
    }
}

#endif
