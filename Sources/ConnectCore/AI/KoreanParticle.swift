/// Picks the Korean particle that fits the word before it: 이/가, 은/는, 을/를, 과/와 depend on
/// whether the last syllable ends in a consonant (받침). A final digit is read the Sino-Korean
/// way (7 칠 → `TRL 7이`, 9 구 → `TRL 9가`). Words that end in Latin letters (AI, SaaS) keep
/// both forms, as Korean writers do: `AI이(가)`.
enum KoreanParticle {
    case subject, topic, object, and

    private var forms: (consonant: String, vowel: String) {
        switch self {
        case .subject: ("이", "가")
        case .topic: ("은", "는")
        case .object: ("을", "를")
        case .and: ("과", "와")
        }
    }

    /// `word` followed by the fitting form of the particle.
    func attach(to word: String) -> String {
        if let digit = word.last?.wholeNumberValue, word.last?.isASCII == true {
            // 영 일 이 삼 사 오 육 칠 팔 구: 2, 4, 5 and 9 end in a vowel.
            return word + ([2, 4, 5, 9].contains(digit) ? forms.vowel : forms.consonant)
        }
        guard let last = word.unicodeScalars.last(where: { !")]}」』\"' ".unicodeScalars.contains($0) }),
            (0xAC00...0xD7A3).contains(last.value)
        else { return word + "\(forms.consonant)(\(forms.vowel))" }
        let hasFinalConsonant = (last.value - 0xAC00) % 28 != 0
        return word + (hasFinalConsonant ? forms.consonant : forms.vowel)
    }
}
