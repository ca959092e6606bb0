"""Names no dictionary knows: a fast offline PER/ORG/LOC tagger for Indonesian and English.

    from warta.actors.ner import NameTagger
    tagger = NameTagger.load("id")              # cached per process
    tagger.tag(["Retno", "Marsudi", "tiba", "di", "Jakarta", "."])
    # [(0, 2, "PER"), (4, 5, "LOC")]  - token spans, end exclusive

Tokens are warta's (`warta.text.phrases.tokenize`). Models, data and scores: MODEL_CARD.md;
training: scripts/train_ner.py.
"""

from warta.actors.ner.tagger import NameTagger

__all__ = ["NameTagger"]
