import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct TokenizerTests {
    @Test func charactersAreGraphemeClusters() {
        let t = CharacterTokenizer()
        #expect(t.tokenize("née 👍🏽") == ["n", "é", "e", " ", "👍🏽"])
        #expect(t.tokenize("e\u{301}x") == ["e\u{301}", "x"])                 // decomposed é is one token
        #expect(t.tokenize("a\r\nb").count == 3)                               // \r\n is one character
        #expect(t.tokenize("🇫🇷") == ["🇫🇷"])
        #expect(t.tokenize("") == [])
    }

    @Test func unicodeScalarsSplitCombiningMarks() {
        let t = CharacterTokenizer(unit: .unicodeScalars)
        #expect(t.tokenize("e\u{301}x") == ["e", "\u{301}", "x"])
        #expect(t.tokenize("👍🏽").count == 2)
    }

    @Test func characterRoundTripIsExact() {
        let text = "Hello,\n  wörld! e\u{301} 👩‍👩‍👧 \t\r\n end"
        for unit in [CharacterTokenizer.Unit.graphemeClusters, .unicodeScalars] {
            let t = CharacterTokenizer(unit: unit)
            let back = t.detokenize(t.tokenize(text))
            #expect(Array(back.unicodeScalars) == Array(text.unicodeScalars))
        }
    }

    @Test func wordsAndPunctuation() {
        let t = WordTokenizer()
        #expect(t.tokenize("Don't panic, it's (only) 42!") ==
                ["Don't", "panic", ",", "it's", "(", "only", ")", "42", "!"])
        #expect(t.tokenize("well-known 3.14...") == ["well", "-", "known", "3", ".", "14", ".", ".", "."])
        #expect(t.tokenize("  many   spaces\tand\nlines  ") == ["many", "spaces", "and", "lines"])
        #expect(t.tokenize("snake_case x2") == ["snake_case", "x2"])
        #expect(t.tokenize("") == [] && t.tokenize(" \n ") == [])
    }

    @Test func apostrophesStayInsideWordsOnly() {
        let t = WordTokenizer()
        #expect(t.tokenize("rock'n'roll O'Brien") == ["rock'n'roll", "O'Brien"])
        #expect(t.tokenize("'hi' dogs' 'tis") == ["'", "hi", "'", "dogs", "'", "'", "tis"])
        #expect(t.tokenize("don\u{2019}t") == ["don\u{2019}t"])                 // typographic apostrophe
        #expect(t.tokenize("it''s") == ["it", "'", "'", "s"])
    }

    @Test func lowerCasing() {
        #expect(WordTokenizer(lowercased: true).tokenize("The END. Ünïcode ÉTÉ") == ["the", "end", ".", "ünïcode", "été"])
        #expect(WordTokenizer().tokenize("The END.") == ["The", "END", "."])
    }

    @Test func unicodeWords() {
        let t = WordTokenizer()
        #expect(t.tokenize("naïve café, Straße; Москва 😀!") == ["naïve", "café", ",", "Straße", ";", "Москва", "😀", "!"])
        #expect(t.tokenize("cafe\u{301}s") == ["cafe\u{301}s"])                // combining mark stays in the word
    }

    @Test func wordDetokenizeAttachesPunctuation() {
        let t = WordTokenizer()
        #expect(t.detokenize(["Hello", ",", "(", "big", ")", "world", "!"]) == "Hello, (big) world!")
        let text = "Don't panic, it's only 42!"
        #expect(t.detokenize(t.tokenize(text)) == text)
    }

    @Test func maxTokensKeepsTheFirstTokens() {
        let texts = ["Don't panic, it's (only) 42!", "one two, three", "", "   ", "a...b", "end.", "x y z"]
        for lowercased in [false, true] {
            let t = WordTokenizer(lowercased: lowercased)
            for text in texts {
                let all = t.tokenize(text)
                for n in 0...(all.count + 2) {
                    #expect(t.tokenize(text, maxTokens: n) == Array(all.prefix(n)), "\(text.debugDescription) \(n)")
                }
                #expect(t.tokenize(text, maxTokens: nil) == all)
            }
        }
        #expect(WordTokenizer().tokenize("one two, three", maxTokens: 3) == ["one", "two", ","])
        let generic: any Tokenizer = CharacterTokenizer()
        #expect(generic.tokenize("abc", maxTokens: 2) == ["a", "b"])
    }
}
