import Foundation

/// UCI Japanese Vowels (Kudo, Toyama & Shimbo 1999; `Data/japanese-vowels/`): nine speakers say /ae/, each
/// utterance 7-29 frames of 12 LPC cepstrum coefficients; the class is the speaker. Variable length.
///
/// The files: the UCR/UEA `.ts` format, read by the general ``TSFile`` reader (`@dimensions 12`, `@classLabel true
/// 1 2 ... 9`, unequal lengths). ``TSFilePair`` reads any other problem's pair the same way.
public enum JapaneseVowelsDataset {
    public static let defaultTrainPath = "Data/japanese-vowels/JapaneseVowels_TRAIN.ts"
    public static let defaultTestPath = "Data/japanese-vowels/JapaneseVowels_TEST.ts"
    public static let featureCount = 12

    /// Reads one `.ts` file with `featureCount` dimensions through ``TSFile/read(_:missing:classNames:maximumBytes:)``.
    /// - Parameters:
    ///   - url: the `.ts` file.
    ///   - featureCount: the number of dimensions every case must have.
    ///   - classNames: the classes to accept (nil: those of the `@classLabel` line).
    /// - Throws: `DatasetError` naming the file and line: every error of `TSFile.read`, and `.wrongFieldCount`
    ///   when the file's cases do not have `featureCount` dimensions.
    public static func load(_ url: URL, featureCount: Int = featureCount, classNames: [String]? = nil)
        throws -> LabeledSequences
    {
        let file = try TSFile.read(url, classNames: classNames)
        if file.dimensions != featureCount {
            throw DatasetError(.wrongFieldCount, source: file.source, line: file.lineNumbers[0],
                               "the cases have \(file.dimensions) dimensions, expected \(featureCount)")
        }
        return try file.labeledSequences()
    }

    /// The official split (270 train cases, 370 test cases), with a stratified 10% of the training file held
    /// out for validation (seeded with `seed`).
    public static func split(train: LabeledSequences, test: LabeledSequences, seed: UInt64 = 42) -> ClassificationSplit {
        ClassificationSplit(train: train, test: test, validationFraction: 0.1, seed: seed)
    }
}
