"""The gazetteer's word lists: people, places, organisations and event concepts in
en/uk/ru, and the Cyrillic transliteration that reduces other names to skeletons.

How the lists are read (prefixes, ``$`` for a whole last word, multi-word entries) is in
`bot.stories.entities`.  Add a name here when it carries stories across languages and the
skeleton fold misses it.
"""

from __future__ import annotations

from datetime import date

# fmt: off
ENTITIES: dict[str, tuple[str, ...]] = {
    # people
    "putin": ("putin", "путін", "путин"),
    "zelensky": ("zelensk", "зеленськ", "зеленск"),
    "trump": ("trump", "трамп$", "трампа$", "трампу$", "трампом$", "трампі$", "трампе$",
              "трампові$"),
    "witkoff": ("witkoff", "віткоф", "уиткоф", "виткоф"),
    "kushner": ("kushner", "кушнер"),
    "rubio": ("rubio", "рубіо", "рубио"),
    "vance": ("vance", "венс", "вэнс"),
    "kellogg": ("kellogg", "келлог"),
    "driscoll": ("driscoll", "дрісколл", "дрисколл"),
    "umerov": ("umerov", "умєров", "умеров"),
    "budanov": ("budanov", "буданов"),
    "yermak": ("yermak", "єрмак", "ермак"),
    "sybiha": ("sybiha", "сибіг", "сибиг"),
    "zaluzhny": ("zaluzhn", "залужн"),
    "syrskyi": ("syrsk", "сирськ", "сырск"),
    "kyslytsya": ("kyslyts", "кислиц"),
    "lavrov": ("lavrov", "лавров"),
    "peskov": ("peskov", "пєсков", "песков"),
    "ushakov": ("ushakov", "ушаков"),
    "dmitriev": ("dmitriev", "dmitryev", "дмитрієв", "дмитриев"),
    "medinsky": ("medinsk", "мединськ", "мєдінськ", "мединск"),
    "kostyukov": ("kostyukov", "kostiukov", "костюков"),
    "zakharova": ("zakharova", "захаров"),
    "shoigu": ("shoigu", "шойгу"),
    "grossi": ("grossi", "гроссі", "гросси"),
    "rutte": ("rutte", "рютте"),
    "macron": ("macron", "макрон"),
    "starmer": ("starmer", "стармер"),
    "merz": ("merz", "мерц"),
    "erdogan": ("erdogan", "ердоган", "эрдоган"),
    "fidan": ("fidan", "фідан", "фидан"),
    "vonderleyen": ("von der leyen", "фон дер ляєн", "фон дер ляйен"),
    "xi": ("xi jinping", "xi$", "сі цзіньпін", "си цзиньпин", "сі$", "си$"),
    "lukashenko": ("lukashenk", "лукашенк"),
    "orban": ("orban", "орбан"),
    "pope": ("pope leo", "pope francis", "pontiff", "папа лев", "папа франциск", "папа римськ",
             "папа римск", "понтифік", "понтифик"),
    "hegseth": ("hegseth", "гегсет", "хегсет"),
    "kallas": ("kallas", "каллас"),
    "podolyak": ("podolyak", "podoliak", "подоляк"),
    "graham": ("lindsey graham", "ліндсі грем", "линдси грэм"),
    "netanyahu": ("netanyahu", "нетаньях", "нетаньяг"),
    "guterres": ("guterres", "гутерр", "un secretary-general", "un secretary general",
                 "un chief", "генсек оон", "генсека оон", "генсеком оон", "генсекові оон",
                 "генсекретар оон", "генсекретаря оон", "генсекретарем оон",
                 "генеральний секретар оон", "генерального секретаря оон",
                 "генеральним секретарем оон", "генеральному секретарю оон",
                 "генеральный секретарь оон", "генеральным секретарем оон"),
    "abramovich": ("abramovich", "абрамович"),
    "kuleba": ("kuleba", "кулеб"),
    "kubrakov": ("kubrakov", "кубраков"),
    "biden": ("biden", "байден"),
    "scholz": ("scholz", "шольц"),
    "blinken": ("blinken", "блінкен", "блинкен"),
    "stoltenberg": ("stoltenberg", "столтенберг"),
    "kishida": ("kishida", "кішід", "кисид"),
    "modi": ("modi$", "моді$", "моди$"),
    "lula": ("lula$", "лула$", "лули$", "лулу$", "лулой$"),
    "ramaphosa": ("ramaphosa", "рамафос", "рамапос"),
    "tusk": ("tusk$", "туск"),
    "stefanchuk": ("stefanchuk", "стефанчук"),
    "medvedev": ("medvedev", "медведєв", "медведев"),
    "nebenzia": ("nebenzia", "небенз"),
    "carney": ("carney", "карні$", "карни$"),
    "navalny": ("navaln", "навальн"),
    "medvedchuk": ("medvedchuk", "медведчук"),
    "bennett": ("bennett", "беннет"),
    "harris": ("kamala harris", "harris$", "гарріс", "харрис"),
    "sunak": ("sunak", "сунак"),
    "meloni": ("meloni", "мелоні", "мелони"),
    "stubb": ("stubb", "стубб"),
    "sullivan": ("jake sullivan", "салліван", "салливан"),
    "waltz": ("mike waltz", "waltz$", "уолтц", "волтц"),
    "lubinets": ("lubinets", "лубінец", "лубинец"),
    "moskalkova": ("moskalkova", "москальков"),
    "zuppi": ("zuppi", "дзуппі", "дзуппи", "цуппи"),
    "binsalman": ("bin salman", "бін салман", "бин салман"),
    "kimjongun": ("kim jong", "кім чен", "ким чен"),
    "ryabkov": ("ryabkov", "рябков"),
    "naryshkin": ("naryshkin", "наришкін", "нарышкин"),
    "arakhamia": ("arakhamia", "арахамі", "арахами"),
    "shmyhal": ("shmyhal", "шмигал", "шмыгал"),
    "svyrydenko": ("svyrydenko", "свириденко"),
    "baerbock": ("baerbock", "бербок"),
    "sikorski": ("sikorski", "сікорськ", "сикорск"),
    "fico": ("fico$", "фіцо", "фицо"),
    "bessent": ("bessent", "бессент"),
    # places
    "geneva": ("geneva", "женев"),
    "istanbul": ("istanbul", "стамбул"),
    "abudhabi": ("abu dhabi", "абу дабі", "абу даби"),
    "riyadh": ("riyadh", "ріяд", "рияд", "эр рияд"),
    "jeddah": ("jeddah", "джидд", "джедд"),
    "doha": ("doha$", "доха$", "дохи$", "дохе$"),
    "miami": ("miami", "маямі", "майами"),
    "florida": ("florida", "флорид"),
    "maralago": ("mar a lago", "мар а лаго"),
    "alaska": ("alaska", "аляск", "алясц"),
    "anchorage": ("anchorage", "анкоридж"),
    "bishkek": ("bishkek", "бішкек", "бишкек"),
    "minsk": ("minsk", "мінськ", "минск"),
    "berlin": ("berlin", "берлін", "берлин"),
    "paris": ("paris", "париж"),
    "london": ("london", "лондон"),
    "brussels": ("brussels", "брюссел"),
    "davos": ("davos", "давос"),
    "vatican": ("vatican", "ватикан"),
    "zaporizhzhia": ("zaporizh", "zaporozh", "запоріж", "запорож", "заес", "заэс"),
    "donbas": ("donbas", "донбас"),
    "donetsk": ("donetsk", "донецьк", "донецк"),
    "luhansk": ("luhansk", "луганськ", "луганск"),
    "kherson": ("kherson", "херсон"),
    "crimea": ("crimea", "крим$", "криму$", "кримом$", "кримськ", "крым"),
    "kharkiv": ("kharkiv", "kharkov", "харків", "харьков"),
    "pokrovsk": ("pokrovsk", "покровськ", "покровск"),
    "kursk": ("kursk", "курськ", "курск"),
    "odesa": ("odesa", "odessa", "одес"),
    "sevastopol": ("sevastopol", "севастопол"),
    "belgorod": ("belgorod", "бєлгород", "белгород"),
    "mariupol": ("mariupol", "маріупол", "мариупол"),
    "azovstal": ("azovstal", "азовстал", "mariupol steel", "azov regiment", "азовц", "азовців",
                 "азова$", "азову$"),
    "bucha": ("bucha$", "буча$", "бучі$", "бучу$", "бучи$", "буче$"),
    "kerch": ("kerch", "керч"),
    "sochi": ("sochi", "сочі$", "сочи$"),
    "beijing": ("beijing", "пекін", "пекин"),
    "ankara": ("ankara", "анкар"),
    "budapest": ("budapest", "будапешт"),
    "munich": ("munich", "мюнхен"),
    "malta": ("malta", "мальт"),
    "switzerland": ("swiss", "switzerland", "швейцар"),
    "burgenstock": ("burgenstock", "bürgenstock", "бюргеншток"),
    "dnipro": ("dnipro", "дніпр", "днепр"),
    "kakhovka": ("kakhovka", "каховськ", "каховск"),
    "olenivka": ("olenivka", "olenovka", "оленівк", "оленівц", "еленовк"),
    "kazan": ("kazan$", "казан$", "казані$", "казани$", "казань"),
    "belovezh": ("belovezh", "біловез", "беловеж"),
    "antalya": ("antalya", "анталі", "анталь", "анталия", "анталии"),
    "gomel": ("gomel", "homel", "гомел"),
    "brest": ("brest$", "брест$", "бреста$", "бресті$", "бресте$", "брестськ", "брестск"),
    "dolmabahce": ("dolmabah", "долмабахч"),
    "ciragan": ("ciragan", "çırağan", "çirağan", "чираган"),
    "lucerne": ("lucerne", "люцерн"),
    "muscat": ("muscat", "маскат"),
    "oman": ("oman$", "оман$", "омані$", "омане$"),
    "hague": ("hague", "гааз", "гааг"),
    "japan": ("japan", "япон"),
    "poland": ("poland", "polish", "польщ", "польськ", "польш", "польск"),
    "africa": ("africa", "африк"),
    "brazil": ("brazil", "бразил"),
    "blacksea": ("black sea", "чорне мор", "чорному мор", "чорного мор", "черное мор", "черном мор",
                 "черного мор", "чорноморськ", "черноморск"),
    "turkey": ("turkey", "turkiye", "turkish", "туреччин", "турци", "турецьк", "турецк"),
    "kyrgyzstan": ("kyrgyz", "киргиз", "кыргыз"),
    "saudi": ("saudi", "саудів", "саудов"),
    "uae": ("uae", "emirates", "оае", "оаэ", "емірат", "эмират"),
    "qatar": ("qatar", "катар"),
    "belarus": ("belarus", "білорус", "беларус", "белорус"),
    "china": ("china", "chinese", "китай", "китаї", "китае"),
    "britain": ("britain", "british", "britis", "британ"),
    "france": ("france", "french", "франці", "франци"),
    "germany": ("germany", "german", "німеччин", "німец", "германи", "немец"),
    "iran": ("iran", "іран", "иран"),
    "gaza": ("gaza", "газа$", "гази$", "газі$", "газе$", "газу$", "газы$", "сектор газ"),
    "israel": ("israel", "ізраїл", "израил"),
    "hamas": ("hamas", "хамас", "хамаc"),
    "lebanon": ("lebanon", "lebanese", "ліван", "ливан"),
    "hezbollah": ("hezbollah", "хезболл", "хезбол"),
    "india": ("india", "індія", "індії", "индия", "индии"),
    "eu": ("eu$", "european union", "євросоюз", "евросоюз", "єс$", "ес$"),
    "rosneft": ("rosneft", "роснефт", "роснафт"),
    "lukoil": ("lukoil", "лукойл"),
    "valdai": ("valdai", "валда"),
    # organisations and institutions
    "iaea": ("iaea", "магате", "магатэ"),
    "icc": ("icc$", "international criminal court", "мкс$", "мус$", "міжнародний кримінальний суд",
            "международный уголовный суд"),
    "g7": ("group of seven", "великої сімки", "большой семерки"),
    "generalassembly": ("general assembly", "генасамбле", "генассамбле", "генеральна асамблея",
                        "генеральная ассамблея"),
    "securitycouncil": ("security council", "радбез", "совбез", "рада безпеки оон",
                        "совет безопасности оон"),
    "sbu": ("sbu$", "сбу$"),
    "congress": ("congress", "конгрес"),
    "generalstaff": ("general staff", "генштаб"),
    "nato": ("nato$", "нато$"),
    "un": ("united nations", "оон$"),
    "nabu": ("nabu$", "набу$"),
    "rosatom": ("rosatom", "росатом"),
    "whitehouse": ("white house", "білий дім", "білому домі", "білого дому", "білим домом",
                   "белый дом", "белом доме", "белого дома", "белому дому", "белым домом"),
    "pentagon": ("pentagon", "пентагон"),
    "defenceministry": ("defence ministry", "defense ministry", "ministry of defence",
                        "міноборони", "минобороны", "міністерство оборони",
                        "министерство обороны"),
    "hur": ("hur$", "гур$"),
    "gru": ("gru$", "гру$"),
    # media cited as the source of a report ("Axios reports…", "citing Liga.net"): two
    # items citing the same scoop are likely one story.  Wire agencies are left out: their
    # names are boilerplate on every item they move.
    "axios": ("axios", "аксіос", "аксиос"),
    "ft": ("financial times", "файненшл таймс", "файнэншл таймс"),
    "kyivindependent": ("kyiv independent",),
    "kyivpost": ("kyiv post",),
    "liga": ("liga net", "ліга нет", "лига нет"),
    "pravda": ("ukrainska pravda", "українська правда", "украинская правда"),
    "wsj": ("wall street journal",),
    "nyt": ("new york times",),
    "wapo": ("washington post",),
    "bloomberg": ("bloomberg", "блумберг"),
    "politico": ("politico", "політико", "политико"),
    # very common in this domain: they say little about which event an item reports
    "ukraine": ("ukrain", "україн", "украин"),
    "russia": ("russia", "росія", "росії", "росію", "росією", "російськ", "росси", "российск"),
    "usa": ("united states", "america", "сша$", "америк"),
    "kremlin": ("kremlin", "кремл"),
    "kyiv": ("kyiv", "kiev", "київ", "києв", "киев"),
    "moscow": ("moscow", "москв"),
    "washington": ("washington", "вашингтон"),
    "europe": ("europe", "європ", "европ"),
}


PEOPLE = frozenset({
    "putin", "zelensky", "trump", "witkoff", "kushner", "rubio", "vance", "kellogg",
    "driscoll", "umerov", "budanov", "yermak", "sybiha", "zaluzhny", "syrskyi", "kyslytsya",
    "lavrov", "peskov", "ushakov", "dmitriev", "medinsky", "kostyukov", "zakharova", "shoigu",
    "grossi", "rutte", "macron", "starmer", "merz", "erdogan", "fidan", "vonderleyen", "xi",
    "lukashenko", "orban", "pope", "hegseth", "kallas", "podolyak", "graham", "netanyahu",
    "guterres", "biden", "scholz", "kuleba", "blinken", "medvedev", "tusk", "lula", "modi",
    "ramaphosa", "kishida", "stoltenberg", "carney", "bennett", "harris", "sunak", "meloni",
    "stubb", "sullivan", "waltz", "lubinets", "moskalkova", "zuppi", "binsalman",
    "kimjongun", "ryabkov", "naryshkin", "arakhamia", "shmyhal", "svyrydenko", "baerbock",
    "sikorski", "fico", "bessent", "medvedchuk", "stefanchuk", "nebenzia", "kubrakov",
    "navalny", "abramovich",
})
"""Gazetteer entries that are people: the actors of calls, meetings and statements."""

NEGOTIATORS = frozenset({
    "umerov", "medinsky", "witkoff", "kushner", "dmitriev", "yermak", "rubio", "driscoll",
    "kostyukov", "budanov", "podolyak", "abramovich", "fidan", "sybiha", "kellogg",
    "arakhamia", "waltz",
})
"""People who sit at the table in rounds of talks: their statement on a round's next day is
a readout of the round (Umerov on Geneva the next morning), where a spokesman's or another
leader's is a reaction of its own (Peskov on Geneva, rule 5)."""

LEADERS = frozenset({
    "putin", "zelensky", "trump", "biden", "vance", "harris", "macron", "starmer", "sunak",
    "merz", "scholz", "erdogan", "xi", "lukashenko", "orban", "meloni", "tusk", "lula", "modi",
    "ramaphosa", "kishida", "carney", "stubb", "fico", "netanyahu", "bennett", "vonderleyen",
    "rutte", "stoltenberg", "guterres", "pope", "binsalman", "kimjongun", "shmyhal",
    "svyrydenko", "medvedev",
})
"""People who speak for themselves, not for someone else: a leader's word on a call or
meeting he had no part in is his own reaction (rule 5), where an aide's or a spokesman's
(Ushakov, Peskov) reads out his principal's."""

COMMON = frozenset({"putin", "zelensky", "trump", "kremlin", "kyiv", "moscow", "washington",
                    "europe", "eu", "ukraine", "russia", "usa"})
"""Entities named in so many items that by themselves they point at no event."""

SPOKESMEN = {"peskov": "kremlin", "ushakov": "kremlin"}
"""Who speaks for an office: a spokesman's word is the office's."""
OTHER_CONFLICTS = frozenset({"iran", "israel", "gaza", "hamas", "lebanon", "hezbollah"})
"""Parties to other wars and talks (the spec's off-topic items): a headline about one of
them is not a story of this war unless the other item names it too."""

PRESIDENTS: dict[str, tuple[tuple[date, str], ...]] = {
    "us": ((date(2021, 1, 20), "biden"), (date(2025, 1, 20), "trump")),
    "russia": ((date(2012, 5, 7), "putin"),),
    "ukraine": ((date(2019, 5, 20), "zelensky"),),
}
"""Who each country's president is from each inauguration on (`entities.office_holders`)."""
US_PRESIDENT_ELECT = (date(2024, 11, 6), date(2025, 1, 20), "trump")
"""Who "the US president-elect" is between an election and the inauguration."""

OFFICES: dict[str, tuple[str, tuple[tuple[date, str | None], ...]]] = {
    "german chancellor": (
        r"german (?:chancellor|leader)|chancellor of germany|"
        r"канцлер\w*\s+(?:німеччини|фрн|германии|фрг)|(?:німецьк|немецк)\w*\s+канцлер",
        ((date(2021, 12, 8), "scholz"), (date(2025, 5, 6), "merz")),
    ),
    "hungarian prime minister": (
        r"hungar\w*\s+(?:prime minister|pm|premier|leader)|"
        r"(?:прем.?єр|премьер)\S*\s+(?:угорщини|венгрии)|(?:угорськ|венгерск)\w*\s+(?:прем|лідер|лидер)",
        ((date(2010, 5, 29), "orban"),),
    ),
    "turkish president": (
        r"turkish (?:president|leader)|president of (?:turkey|türkiye)|"
        r"(?:турецьк|турецк)\w*\s+(?:президент|колег|коллег|лідер|лидер)|"
        r"президент\w*\s+(?:туреччини|турции)",
        ((date(2014, 8, 28), "erdogan"),),
    ),
    "french president": (
        r"french president|president of france|президент\w*\s+(?:франції|франции)|"
        r"(?:французьк|французск)\w*\s+(?:президент|лідер|лидер)",
        ((date(2017, 5, 14), "macron"),),
    ),
    "british prime minister": (
        r"(?:british|uk|britains?) (?:prime minister|pm|premier)|"
        r"(?:прем.?єр|премьер)\S*\s+(?:британії|великобританії|британии|великобритании)|"
        r"(?:британськ|британск)\w*\s+(?:прем|премьер)",
        ((date(2019, 7, 24), None), (date(2022, 10, 25), "sunak"), (date(2024, 7, 5), "starmer")),
    ),
    "iaea director general": (
        r"iaea (?:chief|head|director)|head of the iaea|"
        r"(?:глав|гендиректор|генеральн\w* директор|керівник|очільник)\w*\s+"
        r"(?:магате|магатэ)",
        ((date(2019, 12, 3), "grossi"),),
    ),
    "nato secretary general": (
        r"nato (?:chief|head|secretary)|"
        r"(?:генсек|глав|очільник|генеральн\w* секретар)\w*\s+(?:нато|альянсу|альянса)",
        ((date(2014, 10, 1), "stoltenberg"), (date(2024, 10, 1), "rutte")),
    ),
    "us secretary of state": (
        r"secretary of state|us top diplomat|госсекретар|держсекретар",
        ((date(2021, 1, 26), "blinken"), (date(2025, 1, 21), "rubio")),
    ),
    "us defense secretary": (
        r"(?:defen[cs]e (?:secretary|chief)|secretary of (?:defen[cs]e|war)|"
        r"pentagon (?:chief|head))|(?:глав|очільник|керівник)\w*\s+пентагон|"
        r"(?:міністр|министр)\w*\s+(?:оборони|обороны)\s+сша",
        ((date(2021, 1, 22), None), (date(2025, 1, 25), "hegseth")),
    ),
    "kremlin leader": (
        r"kremlin (?:leader|chief|boss)|(?:господар|хозяин|очільник)\w*\s+кремля",
        ((date(2012, 5, 7), "putin"),),
    ),
    "chinese leader": (
        r"chinese (?:leader|president)|president of china|"
        r"(?:председател|голов|лідер|лидер)\w*\s+(?:кнр|китаю|китая)|(?:китайськ|китайск)\w*\s+(?:лідер|лидер)",
        ((date(2013, 3, 14), "xi"),),
    ),
    "european commission president": (
        r"(?:european )?commission (?:president|chief|head)|"
        r"(?:глав|президент|очільниц)\w*\s+"
        r"(?:єврокомісії|еврокомиссии|європейської комісії|европейской комиссии)",
        ((date(2019, 12, 1), "vonderleyen"),),
    ),
    "eu foreign policy chief": (
        r"eus? (?:foreign policy chief|top diplomat)|"
        r"(?:глав|очільни)\w*\s+(?:європейської|европейской)\s+(?:дипломатії|дипломатии)",
        ((date(2019, 12, 1), None), (date(2024, 12, 1), "kallas")),
    ),
    "russian foreign minister": (
        r"russia(?:n|s) foreign minister|"
        r"(?:глав|очільник|керівник)\w*\s+(?:мзс росії|мзс рф|мид россии|мид рф)|"
        r"(?:міністр|министр)\w*\s+(?:закордонних справ|иностранных дел)\s+(?:росії|рф|россии)",
        ((date(2004, 3, 9), "lavrov"),),
    ),
    "ukrainian foreign minister": (
        r"ukrain(?:ian|es) foreign minister|"
        r"(?:глав|очільник|керівник)\w*\s+(?:мзс україни|мид украины)|"
        r"(?:міністр|министр)\w*\s+(?:закордонних справ|иностранных дел)\s+(?:україни|украины)",
        ((date(2020, 3, 4), "kuleba"), (date(2024, 9, 5), "sybiha")),
    ),
    "kremlin spokesman": (
        r"kremlin spokes(?:man|person)|(?:прес-секретар|пресс-секретар|речник)\w*\s+"
        r"(?:кремля|путіна|путина|президента рф|президента росії|президента россии)",
        ((date(2012, 5, 22), "peskov"),),
    ),
}
"""Offices a headline may name instead of their holder ("Hungarian PM visits Moscow",
"Премьер Венгрии прибыл…"): the pattern (folded, lower-case text), and who held the
office from each date on (None: someone the gazetteer does not know)."""

VENUE_REGION = {
    "geneva": "geneva", "istanbul": "istanbul", "abudhabi": "abudhabi", "riyadh": "riyadh",
    "jeddah": "jeddah", "doha": "doha", "miami": "florida", "florida": "florida",
    "maralago": "florida", "alaska": "alaska", "anchorage": "alaska", "bishkek": "bishkek",
    "minsk": "minsk", "berlin": "berlin", "paris": "paris", "london": "london",
    "brussels": "brussels", "davos": "davos", "vatican": "vatican", "uae": "abudhabi",
    "dolmabahce": "istanbul", "ciragan": "istanbul",
    "burgenstock": "switzerland", "switzerland": "switzerland", "lucerne": "switzerland",
    "muscat": "oman", "oman": "oman", "malta": "malta", "antalya": "antalya",
}

CONCEPTS: dict[str, tuple[str, ...]] = {
    "prisoners": ("prisoner", "pows", "captive", "полон", "пленн", "плен$", "плена$", "военнопленн",
                  "військовополон"),
    "exchange": ("exchang", "swap", "обмін", "обмен", "обміня"),
    "ceasefire": ("ceasefire", "truce", "перемир", "припинення вогн", "припинити вогон",
                  "прекращение огня", "прекращения огня", "прекращении огня", "прекратить огонь",
                  "режим тишин", "halt fighting", "halt to fighting", "прекращению огня",
                  "прекращением огня", "припиненню вогню", "припиненням вогню", "режим тиш",
                  "режиму тиш", "режимом тиш", "режиму тишин", "режимом тишин",
                  "прекратили огонь", "прекратили огня", "припинили вогонь", "ceased fire",
                  "cease fire", "cease-fire", "cessation of hostilit", "halt to hostilit",
                  "halt hostilit", "припинення бойових дій$", "припиненню бойових дій$",
                  "припиненням бойових дій$", "припинити бойові дії$", "припинили бойові дії$",
                  "припиняють бойові дії$", "бойові дії припин", "прекращение боевых действ",
                  "прекращения боевых действ", "прекращении боевых действ",
                  "прекращению боевых действ", "прекращением боевых действ",
                  "прекратить боевые действ", "прекратили боевые действ",
                  "прекратит боевые действ", "прекратят боевые действ",
                  "прекращают боевые действ", "прекратим боевые действ",
                  "боевые действия прекра"),
    "guarantees": ("guarantee", "гаранті", "гаранти"),
    "summit": ("summit", "саміт", "саммит"),
    "call": ("phone", "telephone", "телефон", "call with", "calls with", "call between",
             "speaks with", "spoke with", "speak with", "speaking with", "speaks to$",
             "spoke to$", "обговорив з$", "обговорила з$", "обговорили з$", "обсудил с$",
             "обсудила с$", "обсудили с$",
             "розмов", "разговор", "дзвінок", "дзвінк", "звонок", "звонк", "поговорив",
             "поговорили", "поговорил", "проговорил", "созвон"),
    "resign": ("resign", "quits$", "quit$", "stepped down", "steps down", "відставк", "отставк"),
    "sanctions": ("sanction", "санкці", "санкци"),
    "energy": ("energy", "енергет", "энергет"),
    "nuclearplant": ("nuclear", "аес", "аэс", "атомн"),
    "repair": ("repair", "ремонт"),
    "powerline": ("power line", "лінії електропередач", "линии электропередач", "лэп$"),
    "territory": ("territor", "територі", "территори"),
    "plan": ("plan$", "plans$", "план$", "плану$", "плана$", "плані$", "плане$", "планом$",
             "планів$", "планов$"),
    "legitimacy": ("legitima", "легітимн", "легитимн"),
    "elections": ("election", "вибор", "выбор"),
    "navigation": ("navigation", "shipping", "судноплав", "судоходств"),
    "european": ("european", "європейськ", "европейск"),
    "deadline": ("deadline", "дедлайн", "срок", "термін$", "терміну$", "терміни$"),
    "appoint": ("appoint", "призначи", "назначи", "очолить", "очолити"),
    "talks": ("talks$", "negotiat", "переговор"),
    "meeting": ("meeting", "meet$", "met$", "meets$", "hosts$", "hosted$", "hosting$", "зустр",
                "встреч", "встрет"),
    "trilateral": ("trilateral", "three way", "тристоронн", "трехсторонн"),
    "progress": ("progress", "прогрес"),
    "agreement": ("agreement", "deal$", "угод", "соглашени", "домовленост", "договоренност",
                  "сделк"),
    "round": ("round$", "rounds$", "раунд"),
    "interview": ("interview", "інтерв", "интервью", "телемарафон"),
    "bodies": ("bodies", "body$", "remains", "тіл$", "тіла$", "тілами$", "тел$", "тела$",
               "телами$", "останк"),
    "repatriation": ("repatriat", "репатріац", "репатриац"),
    "easter": ("easter", "великод", "великдн", "пасх"),
    "christmas": ("christmas", "різдв", "рождеств"),
    "victoryday": ("victory day", "день перемоги", "дня перемоги", "день победы", "дня победы"),
    "drone": ("drone", "uav", "дрон", "безпілотн", "беспилотн", "бпла"),
    "missile": ("missile", "ракет"),
    "oil": ("oil$", "нафта$", "нафти$", "нафті$", "нафту$", "нафтою$", "нафтов", "нафтопрод",
            "нефт"),
    "address": ("address", "звернен", "обращени"),
    "visit": ("visit", "візит", "визит"),
    "referendum": ("referendum", "референдум"),
    "memorandum": ("memorandum", "меморандум"),
    "leak": ("leak", "злив", "утечк", "утекш"),
    "draft": ("draft", "проект", "проєкт"),
    "peacekeepers": ("peacekeep", "миротвор"),
    "troops": ("troops", "army", "армі", "арми", "військ", "войск", "контингент", "contingent",
               "forces$"),
    "inspectors": ("inspector", "інспектор", "инспектор"),
    "rotation": ("rotation", "ротац"),
    "moratorium": ("moratorium", "мораторі", "моратори"),
    "demilitarised": ("demilitari", "buffer zone", "демілітар", "демилитар", "буферн"),
    "neutrality": ("neutral", "нейтрал"),
    "withdrawal": ("withdraw", "виведення", "вивести", "вывод", "вывести", "відвед"),
    "frontline": ("front line", "frontline", "лінія фронту", "лінії фронту", "лінію фронту",
                  "линия фронта", "линии фронта", "линию фронта"),
    "signing": ("sign$", "signs$", "signed", "signing", "підпис", "подпис"),
    "assets": ("asset", "актив"),
    "children": ("children", "child$", "діт$", "дітей", "дітьми", "дети$", "детей", "детьми"),
    "coalition": ("coalition", "коаліц", "коалиц"),
    "conditions": ("condition", "terms$", "умов", "услови"),
    "hostages": ("hostage", "заручник", "заложник"),
    "corridor": ("corridor", "коридор"),
    "embassy": ("embass", "посольств"),
    "mediation": ("mediat", "посеред", "посредни"),
    "envoy": ("envoy", "спецпослан", "спецпосланник"),
    "mobilisation": ("mobilis", "mobiliz", "мобілізац", "мобилизац", "reservist", "резервіст",
                     "резервист"),
    "grain": ("grain", "зерн"),
    "port": ("port$", "ports$", "порт$", "порту$", "порти$", "портів$", "порта$", "порты$",
             "портов$", "портах$", "портом$"),
    "ship": ("ship$", "ships$", "vessel", "cargo", "судн", "сухогруз", "корабл"),
    "evacuation": ("evacuat", "евакуац", "эвакуац", "евакуйов", "эвакуир"),
    "arrest": ("arrest", "warrant", "ордер", "арешт", "арест"),
    "plane": ("plane$", "planes$", "aircraft", "airplane", "літак", "самолет"),
    "crash": ("crash", "розбив", "разбил", "катастроф"),
    "explosion": ("blast", "explosion", "explod", "вибух", "взрыв"),
    "export": ("export", "експорт", "экспорт"),
    "poisoning": ("poison", "отру", "отрав"),
    "suspend": ("suspend", "suspension", "pause$", "pauses$", "paused", "призупин",
                "приостанов"),
    "aid": ("aid$", "assistance", "допомог", "помощ"),
    "oreshnik": ("oreshnik", "орешник"),
    "residence": ("residence", "резиденц"),
    "dam": ("dam$", "hydroelectric", "гес$", "гэс$"),
    "airfield": ("airfield", "airbase", "air base", "аеродром", "аэродром", "авіабаз",
                 "авиабаз"),
    "bomber": ("bomber", "бомбардувальник", "бомбардировщик", "strategic aviation",
               "стратегічної авіації", "стратегической авиации"),
    "resolution": ("resolution", "резолюц"),
    "ultimatum": ("ultimatum", "ультиматум"),
    "whiteflag": ("white flag", "білий прапор", "білого прапора", "белый флаг", "белого флага"),
    "doctrine": ("doctrine", "доктрин"),
    "resume": ("resum", "rejoin", "віднов", "возобнов"),
    "extend": ("extend", "extension", "prolong", "продовжен", "продовжил", "продл"),
    "formula": ("formula", "формул"),
    "victoryplan": ("victory plan", "план перемоги", "плану перемоги", "планом перемоги",
                    "план победы", "плана победы", "плане победы", "планом победы"),
    "peacesummit": ("peace summit", "саміт миру", "саміту миру", "саміті миру", "саммит мира",
                    "саммита мира", "саммите мира"),
    "partnership": ("partnership", "партнерств"),
    "investigation": ("investigat", "probe$", "розслідуван", "расследован"),
    "annexation": ("annex", "анекс", "аннекс"),
    "recognition": ("recogni", "визнан", "визнав", "призна"),
    "mission": ("mission", "місі", "миссия", "миссии", "миссию", "миссией"),
    "minerals": ("mineral", "rare earth", "копалин", "ископаем", "рідкісноземел",
                 "редкоземел"),
    "reconstruction": ("reconstruct", "rebuild", "відбудов", "восстановлени"),
    "weapons": ("weapon", "arms$", "зброї", "зброя", "зброю", "оружи"),
    "tomahawk": ("tomahawk", "томагавк"),
    "patriot": ("patriot", "патріот", "патриот"),
    "airspace": ("airspace", "повітрян", "воздушн"),
    "nuclearweapons": ("nuclear weapon", "ядерн"),
    "vote": ("vote", "voting", "голосуван", "голосовани", "голосова"),
    "martiallaw": ("martial law", "воєнний стан", "воєнного стану", "военное положение",
                   "военного положения"),
    "parliament": ("parliament", "verkhovna", "rada$", "рада$", "ради$", "раді$", "раду$",
                   "парламент", "дума$", "думы$", "думу$", "думе$"),
    "decree": ("decree", "указ"),
    "frozen": ("frozen", "freeze", "заморож", "заморозк", "замороз"),
    "loan": ("loan", "кредит", "позик", "заем", "займ"),
    "package": ("package", "пакет"),
    "tariff": ("tariff", "duties$", "мит$", "мита$", "пошлин"),
    "refinery": ("refiner", "нпз", "нафтопереробн", "нефтеперераб"),
    "goals": ("goal", "aims$", "objectives", "target$", "targets$", "цілей", "цілі$", "цілями",
              "цели$", "целей", "целям", "целями"),
    "demands": ("demand", "вимог", "вимага", "требован", "требова", "требует"),
    "warning": ("warn", "попереди", "попередж", "предупред"),
    "proposal": ("propos", "offer", "пропозиц", "пропону", "запропон", "предлож", "предлага"),
    "membership": ("membership", "accession", "членств"),
    "ceremony": ("ceremon", "церемон"),
    "strike": ("strike$", "strikes$", "attack", "удар", "атак"),
    "shelling": ("shelling", "shelled", "обстріл", "обстрел"),
    "killed": ("killed", "dead$", "death toll", "загибл", "загину", "погиб", "жертв"),
    "infrastructure": ("infrastructur", "інфраструктур", "инфраструктур"),
    "delegation": ("delegation", "делегац"),
    "blackout": ("blackout", "outage", "знеструм", "блекаут", "отключени", "відключен"),
    "constitution": ("constitution", "конституц"),
    "compromise": ("compromis", "компроміс", "компромисс"),
    "concession": ("concession", "поступк", "уступк"),
    "occupation": ("occup", "окупов", "оккупир", "окупац", "оккупац"),
    "reparations": ("reparation", "репарац"),
    "tribunal": ("tribunal", "трибунал"),
    "deportation": ("deport", "депорт"),
    "transit": ("transit", "транзит"),
    "pipeline": ("pipeline", "трубопровод", "газопровод", "нафтопровод", "нефтепровод"),
    "relations": ("relationship", "relations$", "відносин", "отношени"),
    "capitulation": ("capitulat", "surrender", "капітуляц", "капитуляц"),
    "communique": ("communiqu", "комюніке", "коммюніке", "коммюнике"),
    "pricecap": ("price cap", "стелю цін", "стеля цін", "стелі цін", "потолок", "потолка"),
    "sovereignty": ("sovereign", "суверен"),
    "release": ("release", "freed$", "frees$", "звільнен", "звільнив", "звільнил", "освобод",
                "отпуст", "відпуст"),
    "humanitarian": ("humanitar", "гуманітар", "гуманитар"),
    "himars": ("himars", "хаймарс"),
}

SPECIFIC_CONCEPTS = frozenset({
    "mobilisation", "grain", "evacuation", "arrest", "plane", "crash", "explosion", "poisoning",
    "oreshnik", "residence", "dam", "airfield", "bomber", "tomahawk", "patriot", "minerals",
    "christmas", "easter", "victoryday", "memorandum", "formula", "bodies", "repatriation",
    "victoryplan", "peacesummit",
    "peacekeepers", "rotation", "powerline", "referendum", "moratorium",
})
"""Concepts that, like a rare name, point at few events (an Il-76 crash, a memorandum, the
Easter truce): two items in two languages sharing one share something specific."""

TOPIC_CONCEPTS = frozenset({
    "ceasefire", "guarantees", "talks", "plan", "sanctions", "prisoners", "exchange",
    "territory", "neutrality", "membership", "elections", "legitimacy", "nuclearplant",
    "agreement", "proposal",
})
"""Concepts that are the topics themselves: two reports of two developments on one theme
share them (`bot.stories.similarity.TOPIC_WORDS`)."""
TOPIC_ENGLISH = (
    "ceasefire", "truce", "security", "guarantee", "talk", "peace", "plan", "sanction",
    "exchange", "swap", "territory", "neutrality", "election", "war", "nuclear", "plant",
    "legitimacy", "agreement", "settlement",
)
"""…and the topics' English words, which learned translations point Ukrainian and
Russian words at."""

TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
})

FIRST_NAMES = tuple("""
donald дональд vladimir volodymyr володимир владимир steve стів стив marco марко jared джаред
yuri юрій юрий dmitry dmitriy дмитро дмитрий kirill kyrylo кирило кирилл andriy andrii андрі
андре rustem рустем sergey sergei сергій сергей dan ден дэн rafael рафаель рафаэль igor ігор
игорь maria марія мария mark марк emmanuel keir friedrich recep hakan mykhailo михайло михаил
oleksandr олександр александр joe джо denys денис ivan іван иван
""".split())


# fmt: on
