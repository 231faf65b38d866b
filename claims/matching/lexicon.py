"""Words that name the same thing, and words that say nothing about what a figure measures.

Keys are lower-cased lemmas (simplemma's) or English two-word phrases; values are the one term both
languages share, so "containers", "Container" and "Schiffscontainer" all become "container". The list covers
the desk's beat (Russia, the Koreas, the UN, trade, arms); words not listed still match their own lemma.
"""

from __future__ import annotations

# Places, states and people: they say who or where, not what is measured, so two figures must share more
# than these to be about the same thing.
ENTITIES = frozenset({
    "russland", "nordkorea", "südkorea", "usa", "china", "japan", "ukraine", "iran", "vietnam", "europa",
    "putin", "kim", "shin", "biden", "lawrow", "schoigu", "charkiw", "rajin", "tumen", "washington", "un",
})

CONCEPTS: dict[str, str] = {}


def _same(term: str, *words: str) -> None:
    for word in (term, *words):
        CONCEPTS[word] = term


_same("putin", "wladimir", "vladimir", "kremlchef", "kreml-chef")
_same("russland", "russia", "russian", "russisch", "moskau", "moscow", "kreml", "kremlin", "russlands", "moskauer")
_same("nordkorea", "north korea", "nordkoreanisch", "pjöngjang", "pyongyang", "dprk", "nordkoreas",
      "north korean", "norden")
_same("südkorea", "south korea", "südkoreanisch", "seoul", "south korean", "südkoreas")
_same("usa", "vereinigte staaten", "united states", "amerikanisch", "american", "us-regierung")
_same("un", "uno", "vereinte nationen", "united nations", "vereinten nationen")
_same("sicherheitsrat", "un-sicherheitsrat", "weltsicherheitsrat", "security council", "uno-sicherheitsrat")
_same("veto", "vetorecht", "einspruch", "einlegen")
_same("gremium", "expertengremium", "expertenpanel", "expertengruppe", "panel", "expert panel",
      "kontrollgremium", "sanktionsausschuss", "fachleutegremium", "expertenkommission", "monitoring panel")
_same("sanktion", "sanction", "strafmaßnahme", "embargo")
_same("mandat", "mandate")
_same("verlängerung", "extension", "verlängern", "extend", "renewal", "renew")
_same("ankunft", "ankommen", "eintreffen", "landen", "landung", "arrive", "arrival", "touch down",
      "touched down", "aufsetzen", "eingetroffen")
_same("besuch", "staatsbesuch", "visit", "trip", "reise", "state visit", "besuchen", "reisen", "set foot")
_same("abreise", "abreisen", "weiterreisen", "depart", "departure")
_same("gipfel", "gipfeltreffen", "summit", "treffen")
_same("vertrag", "treaty", "abkommen", "pakt", "pact", "partnerschaftsvertrag", "beistandspakt",
      "agreement", "bündnisvertrag")
_same("unterzeichnen", "unterzeichnung", "unterschreiben", "sign", "signing")
_same("handel", "handelsvolumen", "warenverkehr", "warenaustausch", "austausch", "trade", "commerce",
      "trade volume", "bilateral trade", "außenhandel", "handelsvolumens", "volumen", "handelsbilanz", "umsetzen",
      "handeln")
_same("container", "schiffscontainer", "frachtcontainer", "shipping container")
_same("artilleriegeschoss", "granate", "artilleriegranate", "geschoss", "shell", "artillery shell",
      "artilleriemunition", "round", "schuss")
_same("soldat", "soldier", "truppe", "troop", "kämpfer")
_same("rakete", "missile", "kurzstreckenrakete", "ballistic missile")
_same("barrel", "fass")
_same("erdöl", "öl", "oil", "petroleum", "erdölprodukt", "ölprodukt", "refined petroleum")
_same("mitglied", "member", "ratsmitglied", "mitgliedsstaat", "member state")
_same("stimme", "vote", "stimmen", "abstimmen", "abstimmung", "voting")
_same("lieferung", "liefern", "gelieferte", "geliefert", "deliver", "delivery", "supply", "ship", "verschiffen",
      "schicken", "send")
_same("verteidigungsministerium", "verteidigungsminister", "defence ministry", "defense ministry",
      "defence minister", "defense minister", "defence chief", "defense chief", "verteidigungsministerin")
_same("zoll", "zolldaten", "customs", "customs data", "zollstatistik")

# English words that are other words in German ("Land" is a country there).
ENGLISH_ONLY = {"land": "ankunft", "landed": "ankunft"}

# German verbs that split: "setzten … um" is "umsetzen", "legte … ein" is "einlegen".
PARTICLES = frozenset({"um", "an", "ein", "auf", "ab", "aus", "zu", "vor", "mit", "fest", "bei", "zurück"})

# Function words and reporting words: they occur around every figure and tell nothing apart.
STOPWORDS = frozenset("""
der die das ein eine einer eines einem einen und oder aber auch als am an auf aus bei bis da dann dass
denn des dem den diese dieser dieses doch durch für gegen hat haben hatte ihr ihre im in ist mit nach nicht
noch nun nur ob schon sein seine sich sie sind so um und uns von vor war waren was weil wenn werden wie
wird wurde wurden zu zum zur zwischen über unter man mehr weniger fast knapp rund etwa gut kaum bereits
zuletzt damit davon dort hier jetzt seit seitdem inzwischen immer wieder allerdings jedoch zudem sowie
laut angabe bericht berichten sagen erklären schätzen schätzung zahl zahlen insgesamt selbst eigen ganz
jahr monat woche tag prozent million milliarde tausend dollar euro us-dollar mio mrd tsd
können müssen sollen wollen dürfen geben gehen kommen lassen stehen machen neu erst ersten letzt
the a an and or but of to in on at by for from with as is are was were be been being has have had it its
this that these those their there than then so not no up down over more less almost nearly about around
some roughly into out also only just still already since after before during while when which who whom
what would could should may might will can said say says according report reported estimate estimated
figure figures year years month months week day days percent million billion thousand dollar dollars
he she they them his her we our you your one two three first last new own early late accord between
januar februar märz april mai juni juli august september oktober november dezember
january february march april may june july august september october november december
frühjahr sommer herbst winter anfang ende mitte beginn spring summer autumn fall winter start end middle
""".split())
