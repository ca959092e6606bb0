"""Silver English training data: names labelled by warta's dictionaries plus cue-word rules.

There is no English NER corpus among the development data, so English sentences are labelled
automatically: dictionary actors, countries, places and metonyms; capitalised runs with an
organisation cue word ("Ministry", "Party", "Council" ...) as ORG; capitalised runs after a title
or role noun ("Mr.", "President", "Foreign Minister") or before "said" as PER. A sentence with a
capitalised run these rules cannot explain is left out rather than taught as "not a name"; the
tagger trained on what remains learns context and shape, and so generalises past the rules.
Training-time only: nothing here runs when tagging.
"""

from __future__ import annotations

import yaml

from warta.model import Token
from warta.resources import LANG_DIR, load_actor_dictionary, load_gazetteer, load_pack
from warta.text.phrases import phrase_tokens, tokenize

ORG_CUES = frozenset("""
ministry ministries party council university college corp corporation inc ltd co company
companies bank agency committee commission organization organisation association union court
parliament assembly front forces force army navy police congress senate federation league
movement brigade brigades group institute department office authority service services
government administration coalition alliance fund foundation network news times post press
reuters tribunal cabinet guard guards board bureau center centre club airlines airways
industries holdings society church command regime militia""".split())
PERSON_TITLES = frozenset("""
mr mrs ms dr sir lady lord gen general col colonel lt capt captain maj major sgt adm admiral
president minister secretary senator sen rep representative governor gov chancellor premier
king queen prince princess sheikh ayatollah pope cardinal bishop rev judge justice spokesman
spokeswoman spokesperson ambassador envoy chief leader commander mayor director chairman
chairwoman prof professor emir sultan""".split())
SAY_VERBS = frozenset("said says told added stated asked warned declared".split())
CONNECTORS = frozenset(("de", "al", "bin", "van", "von", "-", "da", "el"))
ORG_CONNECTORS = frozenset(("of", "for", "the", "de", "al", "-", "&", "'s", "on"))
# Capitalised words that are not names in English text.
NOT_NAMES = frozenset("i a the mr mrs ms dr".split())


def _cap(text: str) -> bool:
    return text[:1].isupper() and text[:1].isalpha()


class SilverLabeller:
    def __init__(self, lang: str = "en") -> None:
        self.pack = load_pack(lang)
        self.actors = load_actor_dictionary()
        self.gazetteer = load_gazetteer()
        self.calendar = set(self.pack.months) | set(self.pack.weekdays)
        self.role_words: set[str] = set()
        # Demonyms ("Russian") are adjectives, not names; the actor dictionary lists some of them
        # as country aliases, so they are recognised here and kept as O.
        self.demonyms: set[tuple[str, ...]] = set()
        for entry in yaml.safe_load((LANG_DIR / lang / "countries.yaml").read_text()) or []:
            for d in entry.get("demonyms") or []:
                self.demonyms.add(tuple(phrase_tokens(str(d))))
        for fname in ("roles.yaml",):
            for entry in yaml.safe_load((LANG_DIR / lang / fname).read_text()) or []:
                for p in entry.get("phrases") or []:
                    toks = phrase_tokens(str(p))
                    if len(toks) == 1:  # "head of state" must not make "of" a title
                        self.role_words.update(toks)

    def _dictionary_spans(self, toks, words) -> list[tuple[int, int, str]]:  # noqa: ANN001
        cands: list[tuple[int, int, str, int]] = []

        def add(matches, label_of, rank: int) -> None:  # noqa: ANN001
            for m in matches:
                # Every word of a name is capitalised ("Assad forces" is not a name).
                if not all(_cap(t.text) or t.lower in CONNECTORS or not t.text[:1].isalpha()
                           for t in toks[m.start:m.end]):
                    continue
                text = "".join(t.text for t in toks[m.start:m.end]).replace(".", "")
                if len(text) <= 3 and not text.isupper():
                    continue
                if tuple(words[m.start:m.end]) in self.demonyms:
                    cands.append((m.start, m.end, "O", 9))
                    continue
                label = label_of(m.payloads[0])
                start = m.start
                while start < m.end - 1 and not _cap(toks[start].text):
                    start += 1  # "the United States": the article is not part of the name
                if label == "PER":  # aliases like "Russian President Vladimir Putin"
                    start = min(self._strip(words, start, m.end), m.end - 1)
                if label:
                    cands.append((start, m.end, label, rank))

        kinds = {"person": "PER", "organization": "ORG", "country": "LOC"}
        # On equal length the more specific list wins: the Phoenix actor dictionary also files
        # places and peoples under organisations or persons ("Gaza", "Chechen").
        add(self.pack.countries.find_all(words), lambda c: "O" if c.demonym else "LOC", 4)
        # A capital standing for its government ("Baghdad said") is still a place by name.
        add(self.pack.metonyms.find_all(words), lambda m: "LOC" if m.capital else "ORG", 3)
        add(self.gazetteer.find_all(words), lambda _: "LOC", 2)
        add(self.actors.matcher.find_all(words), lambda e: kinds.get(e.type), 1)
        cands.sort(key=lambda s: (-(s[1] - s[0]), -s[3], s[0]))
        taken = [False] * len(toks)
        out = []
        for s in cands:
            if any(taken[s[0]:s[1]]):
                continue
            taken[s[0]:s[1]] = [True] * (s[1] - s[0])
            out.append(s[:3])
        return out

    def _strip(self, words: list[str], i: int, j: int, roles: bool = True) -> int:
        """Skip articles, demonyms and (for people) titles and role phrases starting a run."""
        k = i
        while k < j:
            w = words[k]
            if w in NOT_NAMES or w == "." or roles and (w in PERSON_TITLES or w in self.role_words):
                k += 1
                continue
            d = next((len(t) for t in self.demonyms if tuple(words[k:k + len(t)]) == t), 0)
            if d:
                k += d
                continue
            if not roles:
                break
            m = self.pack.roles.longest_at(words[:j], k)
            if m is None:
                break
            k = m.end
        return k

    def _organisations(self, toks, words, tags, done) -> None:  # noqa: ANN001
        """Capitalised runs with an organisation cue word are ORG, dictionary names inside them
        included: "Kyiv City Council", "Bank of Indonesia", "United Nations Security Council"."""
        n = len(toks)
        i = 0
        while i < n:
            if not _cap(toks[i].text):
                i += 1
                continue
            j = i + 1
            while j < n:
                if _cap(toks[j].text):
                    j += 1
                elif words[j] in ORG_CONNECTORS and j + 1 < n and _cap(toks[j + 1].text):
                    j += 2
                else:
                    break
            k = self._strip(words, i, j, roles=False)  # "Bank" is a role noun, but not here
            cues = [m for m in range(k, j) if words[m] in ORG_CUES]
            others = [m for m in range(k, j) if _cap(toks[m].text) and words[m] not in ORG_CUES]
            if cues and others:
                for m in range(k, j):
                    tags[m] = ("B-" if m == k else "I-") + "ORG"
                    done[m] = True
                for m in range(i, k):
                    done[m] = True
            i = j

    def label(self, text: str) -> tuple[list[str], list[str]] | None:
        """(tokens, BIO tags), or None when a capitalised run cannot be explained."""
        toks = tokenize(text)
        words = [t.lower for t in toks]
        n = len(toks)
        tags = ["O"] * n
        done = [False] * n
        for i, j, lab in self._dictionary_spans(toks, words):
            for k in range(i, j):
                done[k] = True
                if lab != "O":
                    tags[k] = ("B-" if k == i else "I-") + lab
        self._organisations(toks, words, tags, done)
        i = 0
        while i < n:
            if done[i] or not _cap(toks[i].text):
                i += 1
                continue
            j = _run_end(toks, words, done, i)
            k = self._strip(words, i, j)
            label = self._run_label(words, i, k, j) if k < j else "O"
            if label is None:
                return None
            if label != "O":
                for m in range(k, j):
                    tags[m] = ("B-" if m == k else "I-") + label
            i = j
        return [t.text for t in toks], tags

    def _run_label(self, words: list[str], i: int, k: int, j: int) -> str | None:
        """PER, O, or None (unexplained) for the capitalised run words[k:j] (i: where the run
        began before articles and titles were stripped)."""
        prev = words[k - 1] if k > 0 else ""
        if k > 1 and prev == ".":
            prev = words[k - 2]
        after = words[j] if j < len(words) else ""
        if k > i or prev in PERSON_TITLES or prev in self.role_words or (
                after in SAY_VERBS and j - k >= 2):
            return "PER"  # after a title or role: "Foreign Minister Retno Marsudi"
        if all(w in self.calendar or w in NOT_NAMES for w in words[k:j]):
            return "O"
        if i == 0 and j - i == 1:
            return "O"  # a sentence-initial word: capitalised anyway
        return None


def _run_end(toks: list[Token], words: list[str], done: list[bool], i: int) -> int:
    """End of the capitalised run at i, with connectors ("bin", "al") inside when capitals
    follow."""
    n = len(toks)
    j = i + 1
    while j < n and not done[j]:
        if _cap(toks[j].text):
            j += 1
        elif (words[j] in CONNECTORS and j + 1 < n and _cap(toks[j + 1].text)
              and not done[j + 1]):
            j += 2
        else:
            break
    return j
