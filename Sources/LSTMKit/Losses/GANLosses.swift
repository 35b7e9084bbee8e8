/// The losses of a generative adversarial network (Goodfellow et al. 2014) on the discriminator's logits,
/// from `binaryCrossEntropyWithLogits` (so their gradients come from its derivative):
///
///     L_D = BCE(D(x_real), 1) + BCE(D(G(z)), 0)
///         = -mean log sigmoid(D(x_real)) - mean log(1 - sigmoid(D(G(z))))
///     L_G = BCE(D(G(z)), 1) = -mean log sigmoid(D(G(z)))          (the non-saturating generator loss)
///
/// Each mean is over every logit given: a recurrent discriminator that decides at every step (C-RNN-GAN,
/// Mogren 2016) passes its [T, B, 1] logits and the loss averages the per-step decisions. The discriminator
/// step detaches the fake sequences (`G(z).detached()`), so L_D updates only D; the generator step
/// back-propagates L_G through D into G, and only G's parameters are updated.
///
///     let dLoss = discriminatorLoss(realLogits: d(real), fakeLogits: d(fake.detached()))
///     let gLoss = generatorLoss(fakeLogits: d(fake))
public func discriminatorLoss<S: TensorScalar>(realLogits: Tensor<S>, fakeLogits: Tensor<S>) -> Tensor<S> {
    binaryCrossEntropyWithLogits(logits: realLogits, targets: Tensor.ones(realLogits.shape)) +
        binaryCrossEntropyWithLogits(logits: fakeLogits, targets: Tensor.zeros(fakeLogits.shape))
}

/// The non-saturating generator loss `-mean log sigmoid(D(G(z)))` (see `discriminatorLoss`).
public func generatorLoss<S: TensorScalar>(fakeLogits: Tensor<S>) -> Tensor<S> {
    binaryCrossEntropyWithLogits(logits: fakeLogits, targets: Tensor.ones(fakeLogits.shape))
}
