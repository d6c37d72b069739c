"""Build the Armenian (hy) sentiment training set: sentiment/data/train/hy.jsonl.

Why a script: the hand-written phrases in hy_sentiment_phrases.txt are whole Armenian
sentences; the script wraps some of them with openers/closers of the same label, adds a few
small slot grammars (waiting times, cities, products) whose slots never need case agreement,
and retypes about one message in twelve the way Armenians type on phones (Latin letters), so
the model sees the variety customers produce without anyone writing a dubious inflection.
Deterministic (fixed seed): rerunning it rewrites the same file.

    python sentiment/data/sources/hy_sentiment_train.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from extra_lines import append_extra, heldout_key, heldout_keys

HERE = Path(__file__).resolve().parent
PHRASES = HERE / "hy_sentiment_phrases.txt"
OUTPUT = HERE.parent / "train" / "hy.jsonl"
SEED = 20261201
PER_LABEL = 320
LATIN_SHARE = 0.08
LABELS = ("negative", "neutral", "positive")
SHORT = {"negative": "neg", "neutral": "neu", "positive": "pos"}

# Phone typing: one common way of writing each letter in Latin (two styles: "x/q/@" and
# "kh/k/y"), as people write Armenian in chats without an Armenian keyboard.
_LATIN_COMMON = {
    "ա": "a",
    "բ": "b",
    "գ": "g",
    "դ": "d",
    "զ": "z",
    "է": "e",
    "թ": "t",
    "ժ": "zh",
    "ի": "i",
    "լ": "l",
    "ծ": "c",
    "կ": "k",
    "հ": "h",
    "ձ": "dz",
    "ղ": "gh",
    "ճ": "ch",
    "մ": "m",
    "յ": "y",
    "ն": "n",
    "շ": "sh",
    "չ": "ch",
    "պ": "p",
    "ջ": "j",
    "ռ": "r",
    "ս": "s",
    "վ": "v",
    "տ": "t",
    "ր": "r",
    "ց": "c",
    "փ": "p",
    "օ": "o",
    "ֆ": "f",
    "ւ": "v",
    "ո": "o",
    "ե": "e",
    "և": "ev",
}
_LATIN_STYLES = (
    {"խ": "x", "ք": "q", "ը": "@"},
    {"խ": "kh", "ք": "k", "ը": "y"},
)
# "եմ, ես, եք, են" are typed "em, es, eq, en", unlike "երեք" -> "yereq".
_AUXILIARIES = {"եմ", "ես", "ենք", "եք", "են", "եմք"}
_PUNCT_LATIN = {"։": ".", "՝": ",", "«": '"', "»": '"', "՛": "!", "՜": "", "․": "."}


def load_sections(path: Path) -> dict[str, list[str]]:
    """Section name -> phrases; '#' starts a note line unless it is a hashtag phrase."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or (line.startswith("# ") or line == "#"):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = header.group(1)
            sections[current] = []
        else:
            sections[current].append(line)
    return sections


def to_latin(text: str, style: int) -> str:
    """Retype Armenian-script text in Latin letters, lower case, '?' at the question's end."""
    letters = {**_LATIN_COMMON, **_LATIN_STYLES[style]}
    out: list[str] = []
    for sentence in re.split(r"(?<=[։?!])\s*", text.lower()):
        if not sentence:
            continue
        question = "՞" in sentence
        sentence = sentence.replace("՞", "")
        if question:
            sentence = re.sub(r"[։.]?$", "?", sentence, count=1)
        word_start = True
        chars: list[str] = []
        i = 0
        while i < len(sentence):
            ch = sentence[i]
            nxt = sentence[i + 1] if i + 1 < len(sentence) else ""
            if ch == "ո" and nxt == "ւ":
                chars.append("u")
                i += 2
                word_start = False
                continue
            if word_start and ch == "ե":
                match = re.match(r"\w*", sentence[i:])  # \w* always matches
                word = match.group(0) if match else ""
                chars.append("e" if word in _AUXILIARIES else "ye")
            elif word_start and ch == "ո" and nxt != "վ":
                chars.append("vo")
            elif ch in letters:
                chars.append(letters[ch])
            else:
                chars.append(_PUNCT_LATIN.get(ch, ch))
            word_start = not ch.isalpha()
            i += 1
        out.append("".join(chars))
    return " ".join(out).strip()


def retype_script(text: str, rng: random.Random) -> str:
    """Armenian-script variants people produce: '?' instead of '՞', '.' or ':' for '։'."""
    if rng.random() < 0.25 and "՞" in text:
        text = re.sub(r"([^։]*)՞([^։]*)։?", r"\1\2?", text, count=1)
    roll = rng.random()
    if roll < 0.2:
        text = text.replace("։", ".")
    elif roll < 0.3:
        text = text.replace("։", ":")
    elif roll < 0.4 and text.endswith("։"):
        text = text[:-1]
    return text


def grammar_negative(rng: random.Random) -> str:
    """Waiting and failure facts without sentiment words: the most important negatives."""
    amount, target = rng.choice(
        [
            (rng.choice(["երկու", "երեք", "հինգ", "տասը", "քսան", "12", "18"]) + " օր", t)
            for t in ["refund-ին", "գումարիս", "ծանրոցիս", "պատվերիս", "վարպետին", "պատասխանի"]
        ]
        + [
            (rng.choice(["մեկ", "երկու", "երեք"]) + " ժամ", t)
            for t in ["կուրյերին", "ուտելիքին", "վարորդին", "գծում", "չաթում պատասխանի"]
        ]
        + [
            (rng.choice(["երկու", "երեք", "չորս"]) + " շաբաթ", t)
            for t in ["refund-ին", "գումարիս", "ծանրոցիս", "զակազիս"]
        ]
    )
    frame = rng.choice(
        [
            "{a} է՝ սպասում եմ {t}։",
            "Արդեն {a} է՝ սպասում եմ {t}։",
            "{a} է՝ սպասում եմ {t}, ու ոչ մի տեղեկություն։",
            "Արդեն {a} է՝ սպասում եմ {t}, ոչ ոք ոչինչ չի ասում։",
        ]
    )
    if target == "գծում":
        frame = rng.choice(["{a} սպասեցի գծում, հետո զանգն ընդհատվեց։", "{a} է՝ սպասում եմ գծում։"])
    text = frame.format(a=amount, t=target)
    return text[0].upper() + text[1:]


def grammar_neutral(rng: random.Random) -> str:
    """Plain questions about delivery to a town or a product's variants."""
    city = rng.choice(
        [
            "Գյումրի",
            "Վանաձոր",
            "Դիլիջան",
            "Կապան",
            "Աբովյան",
            "Էջմիածին",
            "Արմավիր",
            "Սևան",
            "Գորիս",
            "Իջևան",
            "Աշտարակ",
            "Հրազդան",
        ]
    )
    product = rng.choice(
        [
            "Այս վերարկուն",
            "Այս կոշիկը",
            "Այս պայուսակը",
            "Այս շապիկը",
            "Այս բաժակը",
            "Այս թեյնիկը",
            "Այս ժամացույցը",
        ]
    )
    color = rng.choice(["սև", "սպիտակ", "կապույտ", "կարմիր", "կանաչ", "մոխրագույն"])
    return rng.choice(
        [
            f"{city} առաքում անո՞ւմ եք։",
            f"{city} առաքումը ինչքա՞ն արժե։",
            f"{city} քանի՞ օրում կհասնի։",
            f"Պատվերը {city} կարո՞ղ եք ուղարկել։",
            f"{product} {color} գույնով ունե՞ք։",
            f"{product} ե՞րբ նորից կլինի վաճառքում։",
            f"{product} ինչքա՞ն արժե առաքումով։",
        ]
    )


def grammar_positive(rng: random.Random) -> str:
    """Praise of one part of the service."""
    subject, qualities = rng.choice(
        [
            ("Առաքումը", ["արագ"]),
            ("Կուրյերը", ["քաղաքավարի", "ուշադիր", "բարեհամբույր", "ճշտապահ"]),
            ("Օպերատորը", ["քաղաքավարի", "ուշադիր", "համբերատար", "սիրալիր"]),
            ("Վարորդը", ["քաղաքավարի", "ուշադիր", "ճշտապահ"]),
            ("Ուտելիքը", ["համեղ", "թարմ", "տաք"]),
            ("Ապրանքը", ["որակով", "գեղեցիկ", "հարմար"]),
            ("Սրահը", ["մաքուր", "հարմարավետ", "հանգիստ"]),
            ("Սենյակը", ["մաքուր", "հարմարավետ", "լուսավոր"]),
        ]
    )
    quality = rng.choice(qualities)
    frame = rng.choice(
        [
            "{s} շատ {q} էր։",
            "{s} շատ {q} էր, շնորհակալություն։",
            "{s} իսկապես {q} էր։",
            "{s} {q} էր, ամեն ինչ լավ անցավ։",
        ]
    )
    return frame.format(s=subject, q=quality)


GRAMMARS = {"negative": grammar_negative, "neutral": grammar_neutral, "positive": grammar_positive}


def wrap(core: str, label: str, parts: dict[str, list[str]], rng: random.Random) -> str:
    """Optionally put an opener (or a @handle) before and a same-label closer after a core."""
    closers = parts[f"{SHORT[label]}_closers"]
    roll = rng.random()
    text = core
    if roll < 0.3:
        opener = rng.choice(parts["openers"] + parts.get(f"{SHORT[label]}_openers", []))
        if opener.endswith(","):
            text = text[0].lower() + text[1:]
        text = f"{opener} {text}"
    elif roll < 0.4:
        text = f"{rng.choice(parts['handles'])} {text}"
    if rng.random() < 0.4:
        closer = rng.choice(closers)
        # One order number per message: a core that has a number keeps it alone.
        if not (re.search(r"\d", core) and re.search(r"\d", closer)):
            text = f"{text} {closer}"
    return text


def normalised(text: str) -> str:
    """Key for duplicates: case, punctuation and spacing do not make a sentence new."""
    return " ".join(re.sub(r"[^\w@#]+", " ", text.lower()).split())


def build() -> list[dict[str, str]]:
    """Every hand-written phrase once, then wrapped and grammar variants up to PER_LABEL."""
    rng = random.Random(SEED)
    parts = load_sections(PHRASES)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(text: str, label: str) -> bool:
        key = normalised(text)
        if key in seen:
            return False
        seen.add(key)
        rows.append({"text": text, "label": label})
        return True

    for label in LABELS:
        prefix = SHORT[label]
        cores = parts[f"{prefix}_core"]
        count = sum(add(text, label) for text in parts[f"{prefix}_alone"])
        for core in cores:
            text = wrap(core, label, parts, rng)
            if rng.random() < LATIN_SHARE:
                text = to_latin(text, rng.randrange(2))
            else:
                text = retype_script(text, rng)
            count += add(text, label)
        attempts = 0
        while count < PER_LABEL and attempts < 20000:
            attempts += 1
            if rng.random() < 0.35:
                base = GRAMMARS[label](rng)
            else:
                base = rng.choice(cores)
            text = wrap(base, label, parts, rng)
            if rng.random() < LATIN_SHARE:
                text = to_latin(text, rng.randrange(2))
            else:
                text = retype_script(text, rng)
            count += add(text, label)
    rng.shuffle(rows)
    return rows


def main() -> None:
    rows = [
        row for row in append_extra(build(), "hy") if heldout_key(row["text"]) not in heldout_keys()
    ]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = {label: sum(row["label"] == label for row in rows) for label in LABELS}
    print(f"{OUTPUT}: {len(rows)} rows {counts}")


if __name__ == "__main__":
    main()
