/// A fingerprint of labeled data (FNV-1a, 64 bits, over every text and label in order), stored in a
/// checkpoint so that evaluation recognises the training data wherever it now lies and scores only its
/// held-out part.
public func dataFingerprint(texts: [String], labels: [Int]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ byte: UInt8) {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    for (text, label) in zip(texts, labels) {
        for byte in text.utf8 { add(byte) }
        add(1)
        for byte in String(label).utf8 { add(byte) }
        add(2)
    }
    return String(hash, radix: 16)
}
