"""Which language a message is in, when it is confidently not English.

The classifier is py3langid (a naive Bayes model over byte n-grams for 142 languages, BSD-3, the
model file ships inside the wheel: nothing is downloaded). It is loaded once, on first use
(about 1.3 s and 95 MB), and classifies a message in well under a millisecond.

English is the default: a message is called another language only when the model is sure of it
(probability `CONFIDENT` or more, after folding regional varieties into one language), when it is
long enough to judge, and when it still is once capitalised words (names, places, schools: "Ysgol
Gymraeg y Wern", "Jakub Wójcik") are set aside. Urdu or Hindi typed in Latin letters ("bacha teen
hafton se school nahi aaya"), which no packaged model knows, is recognised by its function words.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

CONFIDENT = 0.8  # probability of the top language (measured: see tests/reflection/test_language.py)
MIN_LETTERS = 12  # fewer letters than this ("ok", "hv", "s47?") is too short to judge
MIN_WORDS = 3  # in a Latin-script message

# Regional varieties the model tells apart, counted as one language here.
_FOLD = {"arz": "ar", "ary": "ar", "uzs": "uz", "ltg": "lv", "gug": "gn", "hbo": "he", "gcr": "gcf"}
# Labels that are not another language for this purpose: Nigerian Pidgin is English-based and
# the model gives it to English messages with Nigerian names; zxx means no language at all.
_NOT_OTHER = frozenset({"en", "pcm", "zxx"})

NAMES = {
    "af": "Afrikaans", "am": "Amharic", "an": "Aragonese", "ar": "Arabic", "as": "Assamese",
    "az": "Azerbaijani", "ba": "Bashkir", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali",
    "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish",
    "de": "German", "dz": "Dzongkha", "el": "Greek", "en": "English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fo": "Faroese", "fr": "French", "fy": "Frisian", "ga": "Irish", "gd": "Scottish Gaelic",
    "gl": "Galician", "gn": "Guarani", "gu": "Gujarati", "ha": "Hausa", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "ig": "Igbo", "is": "Icelandic", "it": "Italian", "ja": "Japanese",
    "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "kn": "Kannada",
    "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish",
    "lg": "Luganda", "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian",
    "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi",
    "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali", "nl": "Dutch",
    "nn": "Norwegian Nynorsk", "no": "Norwegian", "oc": "Occitan", "om": "Oromo", "or": "Odia",
    "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua",
    "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda", "sa": "Sanskrit", "se": "Northern Sami",
    "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "sn": "Shona", "so": "Somali",
    "sq": "Albanian", "sr": "Serbian", "st": "Sesotho", "sv": "Swedish", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "tg": "Tajik", "th": "Thai", "tk": "Turkmen", "tl": "Tagalog",
    "tr": "Turkish", "tt": "Tatar", "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "vi": "Vietnamese", "vo": "Volapük", "wa": "Walloon", "xh": "Xhosa", "yo": "Yoruba",
    "zh": "Chinese", "zu": "Zulu", "ace": "Acehnese", "bcl": "Central Bikol", "crh": "Crimean Tatar",
    "ext": "Extremaduran", "fuv": "Fulfulde", "gcf": "Guadeloupean Creole", "gom": "Konkani",
    "grc": "Ancient Greek", "guw": "Gun", "kab": "Kabyle", "kik": "Kikuyu", "lij": "Ligurian",
    "nso": "Northern Sotho", "sdh": "Southern Kurdish", "vec": "Venetian", "wuu": "Wu Chinese",
    "yue": "Cantonese", "ur-Latn": "Urdu or Hindi (in Latin letters)",
}


@dataclass(frozen=True)
class Language:
    """A language other than English: its code (ISO 639-1 where there is one, else 639-3;
    'ur-Latn' for romanised Urdu or Hindi) and its English name."""

    code: str
    name: str


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_identifier = None
_lock = threading.Lock()


def load():  # type: ignore[no-untyped-def]
    """The language identifier, loaded once (call at start-up to take the 1.3 s there)."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> Language | None:
    """The language of the message when it is confidently not English; None for English, for a
    message too short to tell ("ok", "s47?") and whenever the model is unsure."""
    words = _WORD.findall(text or "")
    letters = sum(len(w) for w in words)
    if letters < MIN_LETTERS:
        return None
    latin = sum(_is_latin(w) for w in words) / len(words) >= 0.5
    if latin and len(words) < MIN_WORDS:
        return None
    code, p = _top(text)
    if code in _NOT_OTHER or p < CONFIDENT:
        return _romanised_urdu(words) if latin else None
    if latin and not _survives_without_names(words):
        return None
    return Language(code, NAMES.get(code, code))


def _top(text: str) -> tuple[str, float]:
    """The most likely language and its probability, regional varieties folded together."""
    folded: dict[str, float] = {}
    for code, p in load().rank(text):
        code = _FOLD.get(code, code)
        folded[code] = folded.get(code, 0.0) + p
    return max(folded.items(), key=lambda kv: kv[1])


def _survives_without_names(words: list[str]) -> bool:
    """Still another language once capitalised words are set aside: an English message naming
    Welsh schools or Polish parents is English. A message in capitals is kept as it is."""
    capitalised = [w for w in words if w[0].isupper()]
    if len(capitalised) == len(words) or sum(w.isupper() for w in words) > len(words) / 2:
        return True
    rest = [w for w in words if not w[0].isupper()]
    if sum(len(w) for w in rest) < MIN_LETTERS:
        return len(capitalised) < len(words) / 2  # little else to go on: mostly names is English
    code, p = _top(" ".join(rest))
    return code not in _NOT_OTHER and p >= 0.5


def _is_latin(word: str) -> bool:
    return all(ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" for ch in word)


# Function words of Urdu and Hindi as typed in Latin letters; none is an English word
# ('main', 'par', 'to', 'me' are, and are left out).
_ROMAN_URDU = frozenset("""
hai hain ho tha thi thay the ke ki ka ko se ne nahi nahin nhi aur mein mai mujhe mujh hum ham
tum aap woh wo yeh ye kya kyun kyon kaise kaisa kab kahan koi kuch bhi bohat bahut bohot liye
lekin magar kar karna karta karti karte raha rahi rahe gaya gayi gaye wala wali wale unhon unka
unki uska uski iska iski apna apni usay usse isse jab tak abhi sirf sath saath hota hoti hote
""".split())


def _romanised_urdu(words: list[str]) -> Language | None:
    lowered = [w.lower() for w in words]
    hits = [w for w in lowered if w in _ROMAN_URDU]
    if len(set(hits)) >= 3 and len(hits) >= 0.25 * len(lowered):
        return Language("ur-Latn", NAMES["ur-Latn"])
    return None
