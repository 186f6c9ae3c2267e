"""Word lists the extraction rules use, each list once; nothing here names a thing from the sample articles."""
from __future__ import annotations

# Legal forms that end a company name, as printed ("Acme Australia Ltd", "Widget AG"). A title-case name
# ending in one of these is an organization; for identity they are ignored ("Acme Group Holding Ltd" = "Acme").
ORG_SUFFIXES = {"Inc", "Inc.", "Corp", "Corp.", "Corporation", "Co", "Co.", "Ltd", "Ltd.", "Limited", "Plc", "PLC",
                "plc", "LLC", "AG", "SA", "NV", "GmbH", "Bhd", "Berhad"}
# Further words that end a company name without being part of its identity (folded, without the final dot).
DESIGNATOR_WORDS = {s.lower().rstrip(".") for s in ORG_SUFFIXES} | {
    "company", "lp", "s.a", "n.v", "se", "bv", "spa", "s.p.a", "group", "holding", "holdings", "pty", "pte", "kk"}

# Nouns for someone who speaks for an organization ("a spokeswoman for Acme", "Acme's rep"): titles before a
# name, and speakers who stand for their owner.
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson", "rep", "representative"}

# Honorifics and office titles that precede a name but are not part of it ("Prime Minister Jane Roe").
TITLE_WORDS = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "sir", "dame", "lord", "lady",
    "president", "vice-president", "premier", "prime", "minister", "chancellor", "king", "queen", "prince",
    "princess", "senator", "sen.", "rep.", "governor", "gov.", "mayor", "secretary", "general", "director",
    "chairman", "chairwoman", "chair", "chief", "executive", "ceo", "cfo", "coo", "cto", "founder",
    "co-founder", "judge", "justice", "ambassador", "commissioner",
    "deputy", "vice", "managing", "officer", "analyst", "economist", "professor", "pope", "sheikh", "gen.", "col.",
    "capt.", "lt.", "st.", "saint", "boss", "head", "leader", "chairperson", "mp",
    "superintendent", "attorney", "treasurer", "sheriff", "councilman", "councilwoman", "councillor",
    "speaker", "coach", "manager", "lawmaker", "commander", "inspector", "detective",
    "bishop", "rabbi", "imam", "cardinal", "archbishop", "emir", "crown", "sultan", "auditor",
} | SPOKESPEOPLE

# Occupations written after a name ('Jane Roe, AP Business Writer'): an 'organization' ending in one is a post.
OCCUPATIONS = {"writer", "correspondent", "editor", "columnist", "contributor", "officer", "director", "president",
               "vice-president", "secretary", "minister", "analyst", "economist", "strategist", "chairman",
               "chairwoman", "chairperson", "treasurer", "commissioner", "superintendent", "producer",
               "spokesman", "spokeswoman", "spokesperson", "manager", "engineer", "architect", "evangelist"}

# Lower-case nouns that describe the name after them ("toy company Varlo", "budget airline Norwind"): an
# entity span the model stretched over one of them starts after it.
DESCRIPTOR_NOUNS = {"company", "firm", "airline", "carrier", "brewer", "winemaker", "maker", "retailer", "giant",
                    "startup", "start-up", "bank", "lender", "insurer", "conglomerate", "chain", "automaker",
                    "carmaker", "manufacturer", "subsidiary", "unit", "rival", "label", "platform", "group",
                    "operator", "developer", "publisher", "broadcaster", "network", "club", "agency", "university",
                    "organization", "organisation", "charity", "nonprofit", "non-profit"}

# Lower-case words that join two names the model ran into one span ("Varlo to Widget Technologies").
NAME_BREAKERS = {"to", "from", "with", "by", "at", "on", "into", "than", "versus", "vs", "after", "before", "amid",
                 "during", "against", "over", "via"}


# Last words that only organizations' names end with ("Harold Finch Productions", "Tallow Petroleum").
ORG_HEAD_WORDS = {"productions", "petroleum", "records", "estate", "estates", "group", "bank", "airlines", "airways",
                  "motors", "brands", "technologies", "systems", "energy", "foods", "holdings", "partners", "capital",
                  "media", "entertainment", "pictures", "studios", "labs", "pharmaceuticals", "insurance",
                  "financial", "securities", "ventures", "industries", "enterprises", "associates", "investments",
                  "solutions", "services", "communications", "networks", "resources", "refining", "mining",
                  "steel", "chemicals", "electronics", "software", "foundation", "institute", "university",
                  "college", "association", "council", "committee", "commission", "agency", "ministry",
                  "department", "authority", "corporation", "company", "trust", "fund", "exchange", "hotels"}

# Last words of place names, with the place type they give ("Kestrel County", "Kestrel province", "the Tallow
# Valley"): a name ending in one is a place whatever the model tagged it. Their plurals after two names joined by
# 'and' ("Orange and Kestrel counties") make each name a place.
PLACE_HEAD_WORDS = {"county": "GPE", "province": "GPE", "prefecture": "GPE", "parish": "GPE", "borough": "GPE",
                    "governorate": "GPE", "oblast": "GPE", "canton": "GPE", "region": "LOC", "valley": "LOC",
                    "peninsula": "LOC", "island": "LOC", "islands": "LOC", "mountains": "LOC", "desert": "LOC",
                    "coast": "LOC", "basin": "LOC", "delta": "LOC", "plateau": "LOC", "area": "LOC"}
PLACE_HEAD_PLURALS = {"counties", "provinces", "prefectures", "parishes", "boroughs", "governorates", "regions",
                      "districts", "islands", "valleys"}
# Lower-case nouns of buildings and grounds: a name right before one names the venue ('the Varlo Hill stadium').
VENUE_NOUNS = {"prison", "jail", "stadium", "arena", "theater", "theatre", "museum", "airport", "temple", "cathedral",
               "church", "mosque", "palace", "bridge", "auditorium", "racecourse", "circuit", "ballpark"}
# Continents and world regions (folded), which name a company's unit when they end its name ('Acme North America').
WORLD_REGIONS = {"europe", "asia", "africa", "america", "americas", "north america", "south america", "latin america",
                 "central america", "oceania", "middle east", "asia pacific", "asia-pacific", "emea", "apac"}
# Particles joining a name to the country it belongs to ('Banco de Varlo', 'Bank of Norway'): an institution's.
COUNTRY_PARTICLES = {"of", "de", "del", "do", "da", "du", "des", "di", "la"}
# Lower-case compass adjectives: what follows one is a place ("the northern Tallow Range", "central Varlo").
COMPASS_WORDS = {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
                 "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern", "south-western"}

# Pronouns that stand for a person: word -> (gender it gives, or None; its form). The rules use these views:
PERSON_PRONOUNS = {
    "he": ("M", "subject"), "she": ("F", "subject"), "they": (None, "subject"),
    "him": ("M", "object"), "her": ("F", "object"),  # 'her' is also the possessive ('her work')
    "his": ("M", "possessive"), "hers": ("F", "independent"), "himself": ("M", "reflexive"),
    "herself": ("F", "reflexive"),
}
# the gender a pronoun gives ('she' -> F), to pass over people known to be of the other gender
PRONOUN_GENDER = {word: gender for word, (gender, _) in PERSON_PRONOUNS.items() if gender}
# pronouns that stand in for a person as subject or object ('he said', 'told her'), to find whom they stand for
REFERRING_PRONOUNS = {word for word, (_, form) in PERSON_PRONOUNS.items() if form in ("subject", "object")}
# gendered pronouns that follow a name the sentence is about ('Jane Roe said her ...'): only a person is
# referred to by one, so such a name is a person ('its' would make it a company)
PERSONAL_PRONOUNS = {word for word, (gender, form) in PERSON_PRONOUNS.items() if gender and form != "independent"}

# Prepositions before a place ("in Bavaria", "from Leeds").
LOCATIVE_WORDS = {"in", "from", "near", "at", "to", "outside", "across", "around", "toward", "towards"}

# Nouns of ownership: what follows "a stake in" is a company, not a place.
OWNERSHIP_NOUNS = {"stake", "stakes", "interest", "interests", "share", "shares", "holding", "holdings", "investment",
                   "investments", "position", "shareholding", "ownership", "unit", "division", "subsidiary"}

# Common business abbreviations and terms the small English model tags as organizations though they name none.
NON_ENTITY_TERMS = {
    "ceo", "cfo", "coo", "cto", "cmo", "gdp", "gnp", "gmv", "csr", "esg", "mou", "ipo", "b2b", "b2c", "c2c",
    "ai", "api", "kpi", "roi", "sme", "smes", "r&d", "m&a", "faq", "vat", "eps", "ebitda", "cpi", "pmi", "etf",
    "q1", "q2", "q3", "q4", "h1", "h2", "fy", "yoy", "covid", "covid-19", "internet", "web", "app", "tv", "pr",
    "gross merchandise value", "memorandum of understanding", "corporate social responsibility",
    "photo", "pic", "file photo", "editor", "reporting", "editing", "update", "updated",
    "northern", "southern", "eastern", "western", "central",  # a capitalized compass word alone names nothing
    # kinds of vehicles, deals, firms and technology written in capitals
    "ev", "evs", "phev", "bev", "suv", "suvs", "pe", "vc", "vcs", "lbo", "spac", "rtb", "saas", "iot", "ar", "vr",
    "ml", "ui", "ux", "crm", "erp", "cms", "seo", "dtc", "d2c", "oem", "oems", "hr", "cx",
    "fyi", "lol", "omg", "wtf", "tl;dr", "aka",  # chat abbreviations
}

# Lemmas of reporting verbs that attribute a quote: '…,” said Mr. Roe', 'Roe stressed'.
SPEECH_VERBS = {
    "say", "tell", "add", "state", "note", "explain", "stress", "emphasize", "emphasise", "insist", "argue",
    "claim", "declare", "announce", "remark", "comment", "observe", "continue", "conclude", "warn",
    "write", "ask", "reply", "respond", "answer", "admit", "acknowledge", "confirm", "deny", "suggest",
    "predict", "point", "call", "describe", "quote", "recall", "tweet", "believe", "think", "estimate",
    "caution", "assert", "maintain", "contend", "urge", "vow", "promise", "boast", "concede", "muse",
    "reiterate", "read", "weigh", "counter", "recount", "joke", "lament", "highlight", "tout",
}

# Nouns that speak or act for an organization ('the company said', 'the statement read', 'a spokesman said').
NOMINAL_SPEAKERS = SPOKESPEOPLE | {"spokespeople", "company", "firm", "group", "statement", "ministry", "bank",
                                   "government", "agency", "carrier", "airline", "report", "office", "club", "label",
                                   "department"}

# Offices that speak as a body of their own when a modifier says whose they are ("Russia's foreign ministry said",
# "the French foreign ministry said", "the Acme Commissioner for Fair Trade said"); bare ("the ministry said")
# they stand for the latest body named before (NOMINAL_SPEAKERS).
OFFICE_NOUNS = {"ministry", "department", "office", "commission", "commissioner", "committee", "council", "embassy",
                "secretariat", "regulator", "watchdog", "tribunal"}

# Trigger lemma -> event type: 'signed an agreement' -> agreement, 'acquire' -> acquisition.
TRIGGERS = {lemma: kind for kind, lemmas in {
    "agreement": ["sign", "agree", "agreement", "accord", "deal", "mou", "memorandum", "pact", "contract",
                  "ink", "seal", "treaty", "order", "secure", "award"],
    "partnership": ["partner", "partnership", "alliance", "collaborate", "collaboration", "cooperate",
                    "cooperation", "team", "ally", "joint"],
    "sponsorship": ["sponsor", "sponsorship"],
    "visit": ["visit", "tour", "trip"],
    "launch": ["launch", "unveil", "introduce", "open", "debut", "release", "roll", "reveal", "showcase", "premiere"],
    "appointment": ["appoint", "name", "hire", "recruit", "elect", "nominate", "choose", "invite", "promote"],
    "investment": ["invest", "investment", "stake", "fund", "finance", "bid"],
    "acquisition": ["acquire", "acquisition", "buy", "purchase", "takeover", "merge", "merger", "sell", "sale"],
    "donation": ["donate", "donation", "give", "grant", "contribute", "pledge"],
    # lawsuits ('Acme sued Widget', 'a lawsuit against Widget'), meetings ('Roe met Hale', 'a meeting with Hale')
    "other": ["sue", "lawsuit", "litigation", "meet", "meeting", "chat"],
}.items() for lemma in lemmas}

# Trigger lemmas that also name an event when they are nouns ("signed an agreement", "a trip to").
NOUN_TRIGGERS = {"order", "agreement", "accord", "deal", "mou", "memorandum", "pact", "contract", "treaty", "partnership",
                 "alliance", "collaboration", "cooperation", "sponsorship", "sponsor", "partner", "visit", "trip",
                 "tour", "launch", "debut", "appointment", "investment", "stake", "acquisition", "takeover",
                 "purchase", "merger", "donation", "grant", "bid", "lawsuit", "litigation", "meeting",
                 "chat"}
# Verbs of meeting: the party met is the object or named with 'with' ('met opposition from X' meets no X).
MEETING_VERBS = {"meet"}
# Nouns of a meeting that the whole clause happens in: the subject of the clause is a participant ('Roe said in a
# meeting with Hale', 'Roe spoke during a chat with Hale'), whatever its verb; SETTING_PREPS open the setting.
MEETING_NOUNS = {"meeting", "chat"}
SETTING_PREPS = {"in", "during", "at"}
# Trigger nouns whose other party is named with 'against' ('a lawsuit against Widget').
AGAINST_NOUNS = {"lawsuit", "litigation"}

# Prepositions that introduce an event's other party or object ("a deal with X", "a stake in X", "sold to X").
ARG_PREPS = {"with", "to", "from", "in", "into", "of", "for", "including", "between", "as", "toward", "towards"}

# Relative pronouns: the subject of "X, which gave ..." is X.
RELATIVE_PRONOUNS = {"which", "who", "that"}

# Light verbs whose object noun carries the event: "signed an agreement", "entered a partnership", "took a stake".
LIGHT_VERBS = {"sign", "enter", "reach", "strike", "make", "take", "place", "form", "announce", "agree", "seal",
               "ink", "complete", "close", "finalize", "finalise", "conclude", "have", "hold", "buy", "acquire",
               "pay", "file", "bring", "win", "land", "clinch"}  # 'paid a visit', 'filed a lawsuit', 'won a contract'
# Nouns of places that belong to someone: a visit to one visits its owner ("visited Acme's plant", "a visit to the
# Varlo prison").
VISITED_PLACES = {"plant", "factory", "headquarters", "office", "offices", "site", "facility", "campus", "conference",
                  "base", "school", "prison", "store", "mine", "port", "hospital", "lab", "laboratory", "embassy",
                  "event", "show", "fair", "expo", "exhibition", "stand", "booth", "museum", "university", "academy"}

# Verbs that give someone a role named with "as" ("added X as chief strategy officer", "replace X as manager");
# the succession verbs give the role to their subject too.
ROLE_VERBS = {"appoint", "name", "hire", "add", "replace", "succeed", "recruit", "elect", "install", "promote",
              "choose", "select", "tap", "nominate", "bring", "welcome", "confirm"}
SUCCESSION_VERBS = {"replace", "succeed"}

# Verbs of a person leaving an organization ("resigned from the board of X", "quit X", "retired from X", "stepped
# down as chairman of X"); a verb listed in DEPARTURE_PARTICLES leaves only with one of its particles.
DEPARTURE_VERBS = {"resign", "quit", "leave", "depart", "exit", "retire", "step"}
DEPARTURE_PARTICLES = {"step": {"down", "aside"}}
# Verbs of a person joining an organization ("Jane Roe joined Acme", "rejoined Acme's board"): an appointment.
ARRIVAL_VERBS = {"join", "rejoin"}
# Verbs of an organization putting a person out ("Acme sacked Tom Hale"): a departure.
DISMISSAL_VERBS = {"fire", "sack", "dismiss", "oust", "axe", "depose"}

# Verbs that make a partnership with "with" only ("a librarian working with X"; "worked for X" is a job).
COLLABORATION_VERBS = {"work"}

# Verbs of a person in charge of an organization ("returned to manage X", "coached X"): a post held.
TENURE_VERBS = {"manage", "coach", "chair", "head"}

# Nouns of a judgment on a party ("the court's ruling on X").
RULING_NOUNS = {"ruling", "verdict", "judgment", "judgement", "decision"}

# Verbs of paying: money paid for a company buys it ("paid $1bn for X").
PAYMENT_VERBS = {"pay", "spend"}

# (verb lemma, preposition or '' for a direct object) -> the event family the pair makes: ('pay', 'for') ->
# payment, ('work', 'with') -> collaboration, ('resign', 'from') -> departure, ('quit', '') -> departure,
# ('manage', '') -> tenure, ('hire', 'as') -> role.
FRAMES = ({(v, "for"): "payment" for v in PAYMENT_VERBS}
          | {(v, "with"): "collaboration" for v in COLLABORATION_VERBS}
          | {(v, p): "departure" for v in DEPARTURE_VERBS for p in ("from", "", "as")}
          | {(v, ""): "arrival" for v in ARRIVAL_VERBS}
          | {(v, ""): "dismissal" for v in DISMISSAL_VERBS}
          | {(v, ""): "tenure" for v in TENURE_VERBS}
          | {(v, "as"): "role" for v in ROLE_VERBS})

# Event types that may have a single named actor ("Acme launched the car", "Widget invested $500m").
SOLO_KINDS = {"launch", "investment"}
# Event types with one actor only: what a launch puts out is a product, not a party ('Acme launched the Widget
# phone', 'Acme revealed its Varlo concept' -> Acme alone), though the parse may find a name in the object.
ONE_ACTOR_KINDS = {"launch"}

# Modal verbs: an event under one is a possibility, not a fact ("may acquire").
MODALS = {"may", "might", "could", "would", "should"}

# Modal and hedging words that make a sentence speculation, not an event ("may acquire", "plans to consider").
SPECULATION = MODALS | {"consider", "considering", "mull", "explore",
               "rumour", "rumor", "speculate", "possible", "possibly", "potential", "if", "whether", "plan",
               "intend", "expect", "hope", "seek", "want", "propose", "prospect", "speculation"}

# --- events: factuality and what a trigger acts on (flows/extract/events/factuality.py) ---
# Governors that leave the event undone: commitments, requests and attempts ('pledged to introduce', 'tipped
# to buy', 'asked the court to order', 'failed to buy'); an event under one is not reported as a fact.
UNDONE_GOVERNORS = {"tip", "pledge", "promise", "aim", "ask", "urge", "threaten", "try", "attempt", "vow", "need",
                    "push", "press", "lobby", "eye", "fail", "refuse", "decline", "prepare", "set", "poise"}
# Words that end, lose, block or hold back an event they govern ('lost sponsorship deals', 'an end to its
# alliance', 'cutting a previous order', 'sues to stop the bid', 'withdrew their bids').
UNDOING_WORDS = {"end", "lose", "block", "stop", "delay", "cut", "cancel", "scrap", "abandon", "withdraw", "reject",
                 "drop", "halt", "suspend", "terminate", "dissolve", "postpone", "oppose", "collapse", "break",
                 "veto", "prevent", "sue", "fight", "review", "investigate", "probe", "discuss"}
# Modifiers of a trigger noun that make it a prospect, not a fact ('the possible takeover', 'any deal').
HEDGED_MODIFIERS = {"possible", "potential", "proposed", "planned", "any", "rumoured", "rumored", "mooted",
                    "prospective", "hypothetical", "would-be", "no", "future", "expected", "likely"}
# Particles that make another verb of a trigger ('give up', 'open up'); the ones listed keep its sense.
SAME_SENSE_PARTICLES = {("roll", "out"), ("team", "up"), ("buy", "out"), ("buy", "up"), ("buy", "into"),
                        ("sell", "off"), ("snap", "up"), ("sign", "up"), ("join", "up")}
# Nouns for acts, plans, rules and figures: what is launched or introduced is then no product, service,
# facility or campaign ('launched an investigation', 'introduced restrictions', 'released figures').
NOT_LAUNCHED = {"investigation", "probe", "inquiry", "enquiry", "review", "plan", "proposal", "figure", "data",
                "result", "lawsuit", "suit", "action", "case", "appeal", "challenge", "complaint", "bid", "offer",
                "attack", "offensive", "restriction", "rule", "regulation", "procedure", "measure", "reform",
                "policy", "strategy", "effort", "study", "survey", "report", "statement", "warning", "attempt",
                "talk", "negotiation", "trading", "consultation", "proceeding", "crackdown", "tax", "surcharge",
                "fee", "tariff", "levy", "charge", "price", "leadership", "bond", "debt", "share", "legislation",
                "law", "bill", "ban", "sanction", "embargo", "tender", "process", "search", "hunt", "drive"}
# Launch verbs that mostly mean something else ('revealed a loss', 'introduced a rule', 'released hostages'): they
# launch only a name or a thing of the LAUNCHED class ('unveiled its new phone', 'revealed the second model').
WEAK_LAUNCH_VERBS = {"reveal", "unveil", "introduce", "showcase", "premiere", "release", "open"}
LAUNCHED = {"product", "model", "version", "service", "range", "brand", "app", "application", "platform", "system",
            "solution", "device", "concept", "edition", "store", "shop", "game", "console", "feature", "line",
            "lineup", "series", "website", "generation", "flagship", "suv", "sedan", "coupe", "hatchback", "drug",
            "vaccine", "tablet", "laptop", "smartphone", "camera", "software", "card", "film", "album", "collection",
            "prototype", "crossover", "variant", "successor", "gadget", "handset", "chip", "airliner"}
# Nouns for what can be bought or sold as a business ('bought the unit', 'sold its stake'), beside names.
ACQUIRABLE = OWNERSHIP_NOUNS | DESCRIPTOR_NOUNS | {"business", "businesses", "operation", "operations", "arm",
                                                  "asset", "assets", "brand", "brands", "rights", "franchise",
                                                  "outlet", "outlets", "store", "stores", "plant", "mill",
                                                  "factory", "site", "team", "club", "stable", "portfolio",
                                                  "title", "newspaper", "magazine", "station", "channel"}
# Nouns for what is given as a donation ('gave $5m', 'donated equipment').
DONATED = {"money", "fund", "funds", "donation", "grant", "gift", "cash", "sum", "equipment", "land", "building",
           "share", "shares", "stake", "scholarship", "aid", "support", "contribution", "million", "billion"}
# Event types whose parties act together, so two listed doers are each other's party ('Acme and Widget signed a
# pact'); in one-sided events they only did the same thing ('Acme and Widget invested in China').
RECIPROCAL_KINDS = {"agreement", "partnership"}
RECIPROCAL_LEMMAS = {"merge", "merger"}
# Nouns for made goods, whose name modifier is their maker ('an order for 12 Widget machines' -> Widget).
MADE_GOODS = {"machine", "plane", "aircraft", "jet", "airliner", "car", "vehicle", "truck", "ship", "vessel",
              "train", "engine", "turbine", "satellite", "phone", "handset", "computer", "chip", "helicopter"}
# Nouns for a body of an organization that stand for it ("resigned from Acme's board" leaves Acme).
ORGAN_NOUNS = {"board", "management", "cabinet", "council", "committee", "staff", "workforce"}
# Plural pronouns: whom 'they' stand for is a group the rules cannot name safely.
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}

# Company identifiers (extract/listings.py): words a listed company's name and a text's name for it may differ by,
# beside the legal forms cleanco strips ('Acme Motor Co., Ltd.' = 'Acme Motor' = 'Acme'). Only trailing words go,
# and a name is never cut down to one of LISTING_TOO_GENERIC ('General Motors' is not 'General').
LEGAL_FORMS = DESIGNATOR_WORDS | {"aktiengesellschaft", "kgaa", "ag & co", "societas europaea", "n v", "s a", "p l c",
                                  "corporation", "incorporated", "limited", "co ltd", "se & co"}
LISTING_GENERIC_WORDS = {"group", "holding", "holdings", "motor", "motors", "company", "co", "corp", "inc", "the"}
LISTING_TOO_GENERIC = {"general", "american", "united", "national", "international", "first", "global", "royal",
                       "new", "china", "japan", "deutsche", "universal", "standard", "premier", "central"}
# Names a text uses for a listed company that its listed name does not contain: a brand or short form -> the
# listed name (an editable table: add a row when a well-known short name is missed; each is the listed company
# itself or the brand it trades under, never a subsidiary with listings of its own).
LISTED_AS = {"google": "Alphabet Inc.", "vw": "Volkswagen Group", "jp morgan": "JPMorgan Chase",
             "jpmorgan": "JPMorgan Chase", "facebook": "Meta Platforms", "take-two": "Take-Two Interactive",
             "t-mobile": "T-Mobile US", "royal dutch shell": "Shell plc", "royal dutch/shell": "Shell plc"}
# Listed names that a text mostly uses for another company of the group, which the list lacks: no identifier
# ('SoftBank' is listed as SoftBank Corp, the telecom unit; in news it is mostly SoftBank Group, the investor).
LISTING_AMBIGUOUS = {"softbank"}
# Bare names several companies bear, of which the list has one: alone they get no identifier, though a fuller
# name may ('Mitsubishi' is a group of separately listed companies, 'Volvo' and 'Saab' were car makers apart from the
# listed trucks and defence groups, 'Rolls-Royce' also the BMW car maker, 'Continental' also an airline, 'Nasdaq'
# mostly the index, 'Fox' a network, studio and companies of several owners, 'Berkeley' and 'Chubb' also a hotel
# and a security firm, 'Yamaha' two listed companies, 'Kingfisher' also an airline and a beer).
SHARED_COMPANY_NAMES = {"mitsubishi", "volvo", "saab", "rolls-royce", "continental", "nasdaq", "fox", "berkeley",
                        "chubb", "yamaha", "kingfisher"}
