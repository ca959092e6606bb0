from warta.evaluation.metrics import NONE, Counts, classification_summary, confusion
from warta.evaluation.spans import OffsetMap, find_all, overlaps, span_distance


def test_abstentions_lower_recall_not_precision():
    gold = ["ACCUSE", "ACCUSE", "CONSULT", "AID"]
    pred = ["ACCUSE", NONE, "ACCUSE", "AID"]
    s = classification_summary(gold, pred)
    assert s["accuracy"] == 0.5
    accuse = s["per_class"]["ACCUSE"]
    assert (accuse["tp"], accuse["fp"], accuse["fn"]) == (1, 1, 1)
    assert accuse["support"] == 2
    # micro over 3 predictions (the abstention is not one): P = 2/3, R = 2/4.
    assert s["micro"]["precision"] == round(2 / 3, 4)
    assert s["micro"]["recall"] == 0.5
    # macro over the gold classes: ACCUSE 0.5, CONSULT 0, AID 1.
    assert s["macro_f1"] == 0.5
    assert NONE not in s["per_class"]


def test_confusion_keeps_abstentions_visible():
    table = confusion(["A", "A", "B"], ["A", NONE, "A"])
    assert table == {"A": {"A": 1, NONE: 1}, "B": {"A": 1}}


def test_counts_detection_style():
    c = Counts()
    c.add("X", "tp", 3)
    c.add("X", "fp")
    c.add("Y", "fn", 2)
    micro = c.micro()
    assert (micro["tp"], micro["fp"], micro["fn"]) == (3, 1, 2)
    assert micro["precision"] == 0.75 and micro["recall"] == 0.6
    assert c.macro_f1(["X", "Y"]) == round((2 * 0.75 * 1.0 / 1.75) / 2, 4)


def test_offset_map_for_a_cut_dateline_and_for_edits():
    original = "SAN FRANCISCO - The ACLU sued the FBI."
    cleaned = "The ACLU sued the FBI."
    m = OffsetMap(original, cleaned)
    a, b = m.span(cleaned.index("FBI"), cleaned.index("FBI") + 3)
    assert original[a:b] == "FBI"
    edited = OffsetMap("The  ACLU   sued the FBI .", "The ACLU sued the FBI .")
    a, b = edited.span(18, 21)
    assert "The  ACLU   sued the FBI ."[a:b] == "FBI"


def test_span_helpers():
    assert overlaps((0, 4), (3, 6)) and not overlaps((0, 3), (3, 6))
    assert not overlaps(None, (0, 1))
    assert find_all("Iran and iran", "Iran") == [(0, 4)]
    assert find_all("IRAN and iran", "Iran") == [(0, 4), (9, 13)]
    assert find_all("x", "  ") == []
    assert span_distance((0, 2), (5, 7)) == 3 and span_distance((5, 7), (0, 2)) == 3
