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

# What reports on events are about, so that two outlets' words meet.
_same("kundgebung", "demonstration", "demo", "rally", "protest", "march", "versammlung", "großkundgebung",
      "protestzug", "marsch")
_same("streik", "strike", "warnstreik", "ausstand", "walkout", "arbeitskampf")
_same("wahl", "election", "landtagswahl", "bundestagswahl")
_same("finale", "final", "endspiel", "finals", "männerfinale", "frauenfinale")
_same("turnier", "tournament", "championship", "meisterschaft", "em", "wm")
_same("hochwasser", "flood", "flut", "überschwemmung", "flooding", "flutkatastrophe", "unwetter")
_same("stellwerk", "signal box", "signalling", "stellwerksstörung", "störung", "fault", "outage")
_same("rekord", "record", "höchstwert", "bestmarke", "hitzerekord", "rekordwert", "landesrekord")
_same("verspätung", "delay", "delays", "verzögerung", "late")
_same("ausfall", "cancellation", "cancel", "cancelled", "streichen", "gestrichen", "annulliert", "scrap")
_same("werk", "plant", "factory", "standort", "site", "fabrik")
_same("abbau", "cut", "cuts", "stellenabbau", "jobabbau", "streichung", "wegfallen", "entfallen", "shed")

_same("brücke", "bridge", "viadukt", "viaduct", "autobahnbrücke")
_same("einsturz", "collapse", "eingestürzt", "einstürzen", "collapsed", "zusammenbruch")
_same("unglück", "accident", "disaster", "katastrophe", "crash", "unfall")
_same("brand", "fire", "feuer", "blaze")
_same("anschlag", "attack", "attentat")
_same("erdbeben", "earthquake", "beben", "quake")

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


def _folded(table: dict[str, str], concept: str, words: str) -> None:
    for word in words.split(","):
        table[word.strip()] = concept


# What a count counts (claims.matching.frames): the counted noun in either language, singular, plural and
# inflected, folded to one concept. German compounds fold by their last part ("Polizeibeamte" → "beamte").
QUANTITIES: dict[str, str] = {}
_folded(QUANTITIES, "people", "mensch,menschen,person,personen,teilnehmer,teilnehmern,teilnehmerin,teilnehmerinnen,"
        "teilnehmende,teilnehmenden,demonstrant,demonstranten,demonstrierende,demonstrierenden,besucher,besuchern,"
        "besucherin,besucherinnen,zuschauer,zuschauern,zuschauerin,zuschauerinnen,fan,fans,gäste,gast,people,"
        "persons,individual,individuals,participant,participants,protester,protesters,demonstrator,demonstrators,"
        "attendee,attendees,spectator,spectators,visitor,visitors,crowd,viewers,viewer,marchers,marcher,"
        "menge,teilnehmerzahl,zuschauerzahl,besucherzahl,attendance,turnout,kundgebungsteilnehmer")
_folded(QUANTITIES, "residents", "bewohner,bewohnern,bewohnerin,bewohnerinnen,einwohner,einwohnern,resident,"
        "residents,inhabitants")
_folded(QUANTITIES, "dead", "tote,toten,todesopfer,todesopfern,verstorbene,verstorbenen,dead,deaths,death,"
        "fatalities,fatality,killed,opfer,victims,todeszahl,death toll,toll")
_folded(QUANTITIES, "injured", "verletzte,verletzten,schwerverletzte,schwerverletzten,leichtverletzte,injured,"
        "injuries,wounded")
_folded(QUANTITIES, "missing", "vermisste,vermissten,missing")
_folded(QUANTITIES, "officers", "einsatzkräfte,einsatzkräften,einsatzkraft,polizisten,polizistinnen,polizist,"
        "beamte,beamten,beamtinnen,beamtin,officers,officer,polizeikräfte,polizeikräften,police officers,"
        "einsatzkräfte der polizei,rettungskräfte,helfer,helfern,rescuers")
_folded(QUANTITIES, "jobs", "stellen,stelle,arbeitsplätze,arbeitsplätzen,arbeitsplatz,jobs,job,positions,"
        "position,posts,roles,vollzeitstellen,jobabbau,stellenabbau")
_folded(QUANTITIES, "staff", "beschäftigte,beschäftigten,mitarbeiter,mitarbeitern,mitarbeitende,mitarbeitenden,"
        "angestellte,angestellten,employees,employee,workers,worker,staff,belegschaft,workforce")
_folded(QUANTITIES, "flights", "flüge,flügen,flug,abflüge,abflügen,abflug,ankünfte,flugausfälle,ausfälle,"
        "verbindungen,flights,flight,departures,cancellations,starts,landungen")
_folded(QUANTITIES, "passengers", "passagiere,passagieren,fluggäste,fluggästen,reisende,reisenden,fahrgäste,"
        "fahrgästen,passengers,travellers,travelers,commuters,pendler")
_folded(QUANTITIES, "trains", "züge,zügen,zug,bahnen,s-bahnen,trains,train,services,zugverbindungen")
_folded(QUANTITIES, "stations", "stationen,station,messstationen,wetterstationen,stations,messstellen")
_folded(QUANTITIES, "seats", "sitze,sitzen,sitz,mandate,mandaten,mandat,seats,seat")
_folded(QUANTITIES, "degrees", "grad,degrees,degree,°c,c,grad celsius")
_folded(QUANTITIES, "houses", "häuser,häusern,haus,gebäude,gebäuden,houses,homes,buildings,wohnungen")
_folded(QUANTITIES, "percent", "prozent,percent,per cent,%")
_folded(QUANTITIES, "metres", "meter,metern,metres,meters,metre,m")
_folded(QUANTITIES, "kilometres", "kilometer,kilometern,kilometres,kilometers,km")
_folded(QUANTITIES, "litres", "liter,litern,litres,liters,litre")
_folded(QUANTITIES, "litres-per-m2", "l/m²,liter pro quadratmeter,litres per square metre,liters per square meter,mm,"
        "millimeter,millimetres")
_folded(QUANTITIES, "countries", "nationen,nation,nations,länder,ländern,land,countries,country,staaten,staat,states")
_folded(QUANTITIES, "runners", "läufer,läuferinnen,läufern,läuferinnen und läufer,runners,runner,athleten,athletes,"
        "starter,starterinnen,finisher,finishers")
_folded(QUANTITIES, "patients", "patienten,patientinnen,patientinnen und patienten,patients,patient,behandlungen,"
        "treatments")
_folded(QUANTITIES, "call-outs", "einsätze,einsätzen,einsatz,polizeieinsätze,polizeieinsätzen,call-outs,callouts,"
        "deployments,incidents,operations")
_folded(QUANTITIES, "plants", "werke,werken,werk,standorte,standorten,plants,plant,factories,sites")
_folded(QUANTITIES, "women", "frauen,women")
_folded(QUANTITIES, "men", "männer,men")
_folded(QUANTITIES, "vehicles", "fahrzeuge,fahrzeugen,autos,pkw,vehicles,cars")
_folded(QUANTITIES, "households", "haushalte,haushalten,households,homes")
_folded(QUANTITIES, "schools", "schulen,schools")
_folded(QUANTITIES, "arrests", "festnahmen,festgenommene,arrests,arrested")
_folded(QUANTITIES, "votes", "stimmen,wählerstimmen,votes,ballots,stimmzettel,wahlkarten,ballot cards")
_folded(QUANTITIES, "voters", "wahlberechtigte,wahlberechtigten,wähler,wählerinnen,voters,electorate,eligible voters")
_folded(QUANTITIES, "hot-days", "hitzetage,hitzetagen,hot days,heißen tage,heiße tage")
_folded(QUANTITIES, "summer-days", "sommertage,sommertagen,summer days")
# Quantities that are units of measurement: a reading in degrees is never a count of people, while people,
# runners and "16" alone may all be one turnout written three ways.
UNITS = frozenset({"degrees", "metres", "kilometres", "litres", "litres-per-m2", "hot-days", "summer-days",
                   "percent"})
# What a percentage is of: the noun that tells a growth rate from a vote share.
_folded(QUANTITIES, "growth", "wachstum,wirtschaftswachstum,wuchs,gewachsen,growth,grew,expanded,expansion,"
        "bip,bruttoinlandsprodukt,gdp,wirtschaftsleistung,output,economy,wirtschaft")
_folded(QUANTITIES, "saving", "sparquote,saving,savings")
_folded(QUANTITIES, "income", "einkommen,income,incomes")
_folded(QUANTITIES, "share", "stimmenanteil,anteil,share,vote share,zweitstimmen,ergebnis,result")
_folded(QUANTITIES, "turnout", "wahlbeteiligung,beteiligung,participation")
_folded(QUANTITIES, "inflation", "inflation,inflationsrate,teuerung,preise,prices")
_folded(QUANTITIES, "unemployment", "arbeitslosenquote,arbeitslosigkeit,unemployment,jobless")

# People in a state: "mindestens 60 Menschen kamen ums Leben" counts the dead.
STATES: dict[str, str] = {}
_folded(STATES, "dead", "leben,gestorben,starben,starb,getötet,ertrunken,tot,died,killed,dead,perished,drowned")
_folded(STATES, "injured", "verletzt,verletzte,injured,hurt,wounded")
_folded(STATES, "missing", "vermisst,missing,unaccounted")

# Statistics that are not the plain total of the thing: a figure of one never contradicts one of another.
STATISTICS = {
    "record": ("rekord", "höchstwert", "bestmarke", "record", "hitzerekord", "rekordwert", "all-time", "highest",
               "höchste", "landesrekord"),
    "mean": ("durchschnitt", "durchschnittlich", "mittel", "mittelwert", "monatsmittel", "average", "mean",
             "schnitt", "on average", "im schnitt"),
    "normal": ("normal", "vieljährig", "referenzperiode", "referenzzeitraum", "klimanormal", "long-term",
               "langjährig", "1961", "1981", "1991"),
    "registered": ("angemeldet", "angemeldeten", "registered", "planned", "geplant"),
    "capacity": ("kapazität", "fassungsvermögen", "capacity", "fasst", "holds", "seats up to", "platz für"),
    "minimum": ("tiefstwert", "tiefstwerte", "minimum", "lowest", "niedrigste"),
    "change": ("prozentpunkte", "percentage points", "points", "zuwachs", "anstieg", "plus", "minus", "rückgang",
               "increase", "decrease", "gain", "loss", "verlust", "gewinn"),
    "combined": ("zusammen", "combined", "beiden ländern", "both states", "altogether", "landesweit",
                 "bundesweit", "nationwide", "statewide", "im ganzen land", "across the country", "in all", "beiden",
                 "both"),
    "extended": ("zusätzlich", "einschließlich", "inklusive", "additionally", "on top of"),
    "part": ("allein", "davon", "darunter", "among them", "of whom", "of them", "alone"),
    "per-head": ("pro kopf", "per head", "per capita", "je einwohner"),
    "year-on-year": ("vorjahr", "vorjahresquartal", "vorjahreszeitraum", "year on year", "year-on-year",
                     "jahresrate", "a year earlier", "a year ago", "than a year", "same quarter of"),
}
# Stages before the result: a forecast and a partial count are not the result, nor each other.
STAGES = {
    "forecast": ("prognose", "hochrechnung", "forecast", "projection", "projected", "exit poll", "schnellschätzung",
                 "flash estimate"),
    "partial": ("zwischenstand", "partial count", "teilergebnis", "stand der auszählung", "bislang ausgezählt"),
    "result": ("endergebnis", "amtliches ergebnis", "final result", "official result", "final count"),
}
# Said of one figure only, never of a whole report: "erwartet", "rechnet mit", "so far".
NEAR_STAGES = {
    "forecast": (*STAGES["forecast"], "erwartet", "erwarten", "expected", "expects", "rechnet mit",
                 "rechnete mit", "voraussichtlich", "predicted"),
    "partial": (*STAGES["partial"], "so far", "bislang", "bisher", "auszählung", "ausgezählt", "partial"),
    "result": (*STAGES["result"], "ergebnis", "result", "results", "final", "amtlich", "official", "endgültig"),
}

# Whose figure: the police, the organisers, the union … in either language.
SOURCES: dict[str, str] = {}
_folded(SOURCES, "police", "polizei,polizeisprecher,polizeisprecherin,police,polizeipräsidium,einsatzbilanz")
_folded(SOURCES, "organisers", "veranstalter,veranstaltern,organisatoren,bündnis,versammlungsleitung,organisers,"
        "organizers,alliance,organising,organizing")
_folded(SOURCES, "union", "gewerkschaft,betriebsrat,union,unions,works council,verdi,ig metall")
_folded(SOURCES, "company", "unternehmen,konzern,firma,company,management,vorstand,konzernleitung,firm,"
        "konzernchef,unternehmenssprecher")
_folded(SOURCES, "authority", "behörde,behörden,kreisverwaltung,landrat,landrätin,authority,authorities,council,"
        "rathaus,verwaltung,stadtverwaltung,landratsamt")
_folded(SOURCES, "government", "regierung,ministerium,minister,ministerin,innenminister,innenministerin,"
        "ministerpräsident,ministerpräsidentin,landesregierung,staatskanzlei,government,ministry,premier")
_folded(SOURCES, "weather-service", "wetterdienst,dwd,meteorologen,weather service,met office,meteorologists,"
        "forecasters")
_folded(SOURCES, "statistics-office", "statistikamt,statistisches,landesamt,ons,statistics,statistician,"
        "statisticians,destatis,landeswahlleiter,landeswahlleiterin,wahlleiter,returning")
_folded(SOURCES, "operator", "betreiber,flughafenbetreiber,flughafen,operator,airport,flughafengesellschaft")
_folded(SOURCES, "airline", "fluggesellschaft,airline,carrier,lufthansa")
_folded(SOURCES, "railway", "bahn,railway,rail,bahnsprecher,bahnsprecherin,deutsche bahn")
_folded(SOURCES, "association", "verband,association,fahrgastverband,flughafenverband,adv,pro bahn,lobby")
_folded(SOURCES, "party", "partei,party,parteizentrale,kandidat,kandidatin,candidate,spitzenkandidat")
_folded(SOURCES, "rescue", "feuerwehr,rettungsdienst,fire service,fire brigade,firefighters,rescuers,bergwacht,"
        "zivilschutz,civil protection,katastrophenschutz,rotes kreuz,red cross,sanitätsdienst,paramedics")
_folded(SOURCES, "prosecutor", "staatsanwalt,staatsanwaltschaft,staatsanwältin,prosecutor,prosecutors,"
        "oberstaatsanwalt,ermittler,investigators")
_folded(SOURCES, "court", "gericht,court,richter,judge")
_folded(SOURCES, "broadcaster", "sender,rundfunk,broadcaster,fernsehen,tv")

# Places a German dictionary knows as words, so they are not found as unknown words: the Länder, the
# cantons and the bigger cities of Germany, Austria and Switzerland.
PLACES = frozenset("""
baden-württemberg bayern berlin brandenburg bremen hamburg hessen mecklenburg-vorpommern niedersachsen
nordrhein-westfalen rheinland-pfalz saarland sachsen sachsen-anhalt schleswig-holstein thüringen wien
niederösterreich oberösterreich steiermark kärnten tirol vorarlberg salzburg burgenland zürich bern basel genf
luzern st. aargau tessin wallis graubünden münchen köln frankfurt stuttgart düsseldorf leipzig dortmund essen
dresden hannover nürnberg duisburg bochum wuppertal bielefeld bonn münster mannheim karlsruhe augsburg
wiesbaden kiel magdeburg freiburg lübeck erfurt rostock mainz kassel potsdam graz linz innsbruck klagenfurt
winterthur lausanne london manchester birmingham glasgow edinburgh cardiff liverpool leeds
""".split())
# Names written differently in the two languages, and parties by their German and English names.
NAME_SAME: dict[str, str] = {}
# Countries and regions are added for foreign readers ("the German city of …"): they link reports but never
# set two figures apart.
BROAD_NAMES = frozenset("""
germany britain england österreich austria schweiz switzerland europa europe bayern bavaria sachsen saxony
hessen hesse thüringen thuringia brandenburg niedersachsen lower baden-württemberg rheinland-pfalz rhineland
nordrhein-westfalen north schleswig-holstein saarland mecklenburg-vorpommern steiermark styria tirol tyrol
kärnten carinthia vorarlberg burgenland oberösterreich niederösterreich scotland wales bundesweit federal dutch
french swiss american european british deutsche niederlande
""".split())
_folded(NAME_SAME, "linke", "linke,linken,left")
_folded(NAME_SAME, "grüne", "grüne,grünen,greens,green")
_folded(NAME_SAME, "cdu", "cdu,christdemokraten,christian")
_folded(NAME_SAME, "spd", "spd,sozialdemokraten")
_folded(NAME_SAME, "fdp", "fdp,liberalen,liberals")
_folded(NAME_SAME, "germany", "deutschland,germany,german,deutsche,deutschen,bundesweit,nationwide")
_folded(NAME_SAME, "britain", "großbritannien,britain,uk,british,britische,britischen,vereinigtes")
_folded(NAME_SAME, "england", "england,englische,englischen,english")
_folded(NAME_SAME, "münchen", "münchen,munich")
_folded(NAME_SAME, "köln", "köln,cologne")
_folded(NAME_SAME, "wien", "wien,vienna")
