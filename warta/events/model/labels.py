"""The pair model's label set: the 16 roots of the current PLOVER manual, then NONE."""

ROOTS = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
NONE = "NONE"
LABELS = (*ROOTS, NONE)
INDEX = {label: i for i, label in enumerate(LABELS)}
# Older gold (PLV, the 2016 PLOVER gold standard) has YIELD for what the manual now splits
# into CONCEDE (verbal) and RETREAT (material): it trains as "one of the two", and scores
# both as YIELD.
YIELD = ("CONCEDE", "RETREAT")
OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
             "FIGHT": "ASSAULT"}
