"""The gazetteer's word lists: people, places, organisations and event concepts in
en/uk/ru, and the Cyrillic transliteration that reduces other names to skeletons.

How the lists are read (prefixes, ``$`` for a whole last word, multi-word entries) is in
`bot.stories.entities`.  Add a name here when it carries stories across languages and the
skeleton fold misses it.
"""

from __future__ import annotations

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
    "xi": ("xi jinping", "сі цзіньпін", "си цзиньпин"),
    "lukashenko": ("lukashenk", "лукашенк"),
    "orban": ("orban", "орбан"),
    "pope": ("pope leo", "папа лев"),
    "hegseth": ("hegseth", "гегсет", "хегсет"),
    "kallas": ("kallas", "каллас"),
    "podolyak": ("podolyak", "podoliak", "подоляк"),
    "graham": ("lindsey graham", "ліндсі грем", "линдси грэм"),
    "netanyahu": ("netanyahu", "нетаньях", "нетаньяг"),
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
    "nato": ("nato$", "нато$"),
    "un": ("united nations", "оон$"),
    "nabu": ("nabu$", "набу$"),
    "rosatom": ("rosatom", "росатом"),
    "whitehouse": ("white house", "білий дім", "білому домі", "белый дом", "белом доме"),
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
})
"""Gazetteer entries that are people: the actors of calls, meetings and statements."""

COMMON = frozenset({"putin", "zelensky", "trump", "kremlin", "kyiv", "moscow", "washington",
                    "europe", "eu", "ukraine", "russia", "usa"})
"""Entities named in so many items that by themselves they point at no event."""

OTHER_CONFLICTS = frozenset({"iran", "israel", "gaza", "hamas", "lebanon", "hezbollah"})
"""Parties to other wars and talks (the spec's off-topic items): a headline about one of
them is not a story of this war unless the other item names it too."""

VENUE_REGION = {
    "geneva": "geneva", "istanbul": "istanbul", "abudhabi": "abudhabi", "riyadh": "riyadh",
    "jeddah": "jeddah", "doha": "doha", "miami": "florida", "florida": "florida",
    "maralago": "florida", "alaska": "alaska", "anchorage": "alaska", "bishkek": "bishkek",
    "minsk": "minsk", "berlin": "berlin", "paris": "paris", "london": "london",
    "brussels": "brussels", "davos": "davos", "vatican": "vatican", "uae": "abudhabi",
}


CONCEPTS: dict[str, tuple[str, ...]] = {
    "prisoners": ("prisoner", "pows", "captive", "полон", "пленн", "плен$", "плена$", "военнопленн",
                  "військовополон"),
    "exchange": ("exchang", "swap", "обмін", "обмен", "обміня"),
    "ceasefire": ("ceasefire", "truce", "перемир", "припинення вогн", "припинити вогон",
                  "прекращение огня", "прекращения огня", "прекращении огня", "прекратить огонь",
                  "режим тишин", "halt fighting", "halt to fighting"),
    "guarantees": ("guarantee", "гаранті", "гаранти"),
    "summit": ("summit", "саміт", "саммит"),
    "call": ("phone", "telephone", "телефон", "call with", "calls with", "call between",
             "speaks with", "spoke with", "speak with", "speaking with", "speaks to",
             "spoke to", "обговорив з$", "обговорила з$", "обговорили з$", "обсудил с$",
             "обсудила с$", "обсудили с$",
             "розмов", "разговор", "поговорив", "поговорили", "поговорил", "проговорил", "созвон"),
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
    "agreement": ("agreement", "deal$", "угод", "соглашени", "домовленост", "договоренност"),
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
    "oil": ("oil$", "нафт", "нефт"),
    "address": ("address", "звернен", "обращени"),
    "visit": ("visit", "візит", "визит"),
    "referendum": ("referendum", "референдум"),
    "memorandum": ("memorandum", "меморандум"),
    "leak": ("leak", "злив", "утечк", "утекш"),
    "draft": ("draft", "проект", "проєкт"),
    "peacekeepers": ("peacekeep", "миротвор"),
    "troops": ("troops", "army", "армі", "арми", "військ", "войск", "контингент", "contingent"),
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
}

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
