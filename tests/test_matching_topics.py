"""The shipped topics, read as the specification reads: one headline per case, five languages.

Each case is written from shared/spec/topics.md (what a topic covers, what it excludes),
not taken from a labelled set.  A case names the topics the headline must alert; every
other topic must stay silent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.matching import Matcher, load_matching_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped() -> Matcher:
    cfg = load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text("utf-8")))
    return Matcher.from_config(cfg)


CASES: list[tuple[str, str, str, set[str]]] = [
    # ceasefire: truces of every kind, refusals included
    ("en", "Putin says no ceasefire in sight", "The Kremlin rejected a truce.", {"ceasefire"}),
    ("uk", "Росія відкидає перемирʼя на Великдень", "", {"ceasefire"}),
    ("ru", "Кремль: режим тишины на энергообъектах соблюдается", "", {"ceasefire"}),
    ("de", "Kreml lehnt Waffenruhe für die Ukraine ab", "", {"ceasefire"}),
    ("de", "Moskau und Kiew vereinbaren Osterwaffenruhe", "", {"ceasefire"}),
    ("fr", "Kiev propose un cessez-le-feu de trente jours à la Russie", "", {"ceasefire"}),
    ("fr", "La Russie rejette une trêve énergétique avec l'Ukraine", "", {"ceasefire"}),
    ("en", "Russia and Ukraine agree a moratorium on strikes on energy sites", "", {"ceasefire"}),
    (
        "ru",
        "Песков подтвердил согласие Путина воздержаться от ударов по Киеву",
        "",
        {"ceasefire"},
    ),
    # a ceasefire named only as a moment is not a ceasefire item
    (
        "en",
        "Ukraine could hold a vote after a ceasefire, Zelensky says",
        "",
        {"elections-legitimacy"},
    ),
    ("en", "Ceasefire in Gaza holds", "Hamas and Israel exchanged hostages.", set()),
    (
        "en",
        "Sudan's warring parties agree to humanitarian truce in Jeddah talks",
        "The US and Saudi Arabia mediated; Russia abstained at the UN.",
        set(),
    ),
    (
        "de",
        "Olympische Waffenruhe: IOC appelliert an alle Kriegsparteien",
        "Russland ist von den Spielen ausgeschlossen; die Ukraine nimmt teil.",
        set(),
    ),
    (
        "fr",
        "La Biélorussie libère 14 prisonniers politiques après la visite d'un émissaire",
        "Loukachenko, allié de Moscou, cherche un rapprochement avec Washington.",
        set(),
    ),
    (
        "fr",
        "L'Iran et les États-Unis reprennent les négociations nucléaires à Oman",
        "Moscou propose sa médiation, tout comme dans le conflit en Ukraine.",
        set(),
    ),
    # another war's truce, even when Russia comments on it
    (
        "de",
        "Waffenruhe im Gazastreifen brüchig",
        "Israel und die Hamas werfen sich Verstöße vor; Russland ruft zur Zurückhaltung auf.",
        set(),
    ),
    (
        "ru",
        "Трамп объявил о прекращении огня между Израилем и Ираном",
        "Россия и Китай приветствовали решение.",
        set(),
    ),
    (
        "en",
        "Armenia and Azerbaijan agree text of peace treaty",
        "Russia's role as mediator has faded since the war in Ukraine began.",
        set(),
    ),
    # security guarantees for Ukraine, not finance or other countries
    (
        "de",
        "Sicherheitsgarantien für die Ukraine: Koalition der Willigen trifft sich in Paris",
        "",
        {"security-guarantees", "talks-summit"},
    ),
    (
        "fr",
        "Les garanties de sécurité pour l'Ukraine au cœur des discussions",
        "",
        {"security-guarantees"},
    ),
    ("uk", "Британія готова відправити миротворців в Україну", "", {"security-guarantees"}),
    # French "prêt" is "ready" as often as "loan"
    (
        "fr",
        "Vingt-six pays prêts à participer à la « force de réassurance » en Ukraine",
        "",
        {"security-guarantees"},
    ),
    ("fr", "La Banque mondiale accorde un prêt garanti à l'Ukraine", "", set()),
    (
        "en",
        "UK and France ready to put troops on the ground in Ukraine after a truce",
        "",
        {"security-guarantees"},
    ),
    (
        "uk",
        "Кремль відкидає будь-яку присутність європейських військ в Україні",
        "",
        {"security-guarantees"},
    ),
    ("en", "World Bank approves loan guarantees for Ukraine's energy security", "", set()),
    # territory as a negotiation issue, not battlefield or football
    ("en", "Putin demands Kyiv withdraw from the Donetsk region", "", {"territory"}),
    ("de", "Putin fordert Abzug der Ukraine aus dem Donbass", "", {"territory"}),
    ("fr", "Zelensky refuse toute concession territoriale à la Russie", "", {"territory"}),
    ("ru", "Путин: Россия не откажется от Херсонской области", "", {"territory"}),
    ("ru", "Трамп: Крым останется за Россией", "", {"territory"}),
    (
        "en",
        "Kremlin says Kyiv must recognise 'new territorial realities'",
        "",
        {"territory"},
    ),
    ("en", "Ukraine, Russia trade blame over collapse of Easter lull", "", {"ceasefire"}),
    (
        "ru",
        "Путин назвал условия переговоров с Киевом",
        "Москва требует вывода ВСУ из четырех регионов.",
        {"territory", "talks-summit"},
    ),
    ("en", "Shakhtar Donetsk win in Lviv", "Ukrainian league football.", set()),
    # NATO and neutrality
    ("de", "Selenskyj: NATO-Beitritt der Ukraine bleibt Ziel", "", {"nato-neutrality"}),
    ("fr", "Moscou exige la neutralité de l'Ukraine", "", {"nato-neutrality"}),
    ("en", "NATO membership for Ukraine not realistic, Hegseth says", "", {"nato-neutrality"}),
    ("en", "Finland and Sweden join NATO", "Russia condemned the enlargement.", set()),
    # "ЗСУ" is Ukraine's army: the item is about Ukraine without naming it
    (
        "uk",
        "Росія наполягає на скороченні ЗСУ до 600 тисяч",
        "Такий пункт міститься в американському проєкті.",
        {"nato-neutrality", "peace-plan"},
    ),
    (
        "uk",
        "Зеленський: відмова від НАТО можлива лише в обмін на гарантії",
        "",
        {"nato-neutrality", "security-guarantees"},
    ),
    # sanctions on Russia
    ("de", "EU verlängert Sanktionen gegen Russland", "", {"sanctions"}),
    ("fr", "L'UE prolonge les sanctions contre la Russie", "", {"sanctions"}),
    ("en", "EU agrees reparations loan from frozen Russian assets", "", {"sanctions"}),
    ("en", "US imposes new sanctions on Iran", "", set()),
    (
        "en",
        "Trump threatens Russia with 'very severe' tariffs if no deal in 50 days",
        "Buyers of Russian oil would face 100% secondary duties.",
        {"sanctions"},
    ),
    ("uk", "США запровадили обмеження проти «Роснафти» та «Лукойлу»", "", {"sanctions"}),
    ("fr", "L'UE prolonge le gel des avoirs russes", "", {"sanctions"}),
    ("en", "EU targets Russia's shadow fleet", "", {"sanctions"}),
    # an EU sanctions package is Russia's even when the headline does not say so
    (
        "ru",
        "ЕС утвердил 18-й пакет санкций и снизил потолок цен на нефть",
        "",
        {"sanctions"},
    ),
    ("ru", "Евросоюз одобрил продление заморозки российских активов", "", {"sanctions"}),
    (
        "uk",
        "Зеленський підписав указ про санкції проти 50 фізичних осіб",
        "Обмеження стосуються колаборантів і російських пропагандистів.",
        set(),
    ),
    # the Zaporizhzhia plant, under any spelling
    ("de", "IAEO-Experten im AKW Saporischschja ausgetauscht", "", {"nuclear-plant"}),
    (
        "fr",
        "La centrale nucléaire de Zaporijia de nouveau privée de courant",
        "",
        {"nuclear-plant"},
    ),
    ("en", "IAEA rotates team at the Khmelnytskyi plant", "", set()),
    ("de", "Atomkraftwerk Saporischschja: Fußballclub sammelt Spenden", "", set()),
    # peace plans and deals
    ("de", "Der 28-Punkte-Plan der USA für die Ukraine", "", {"peace-plan"}),
    ("fr", "Le plan de paix américain pour l'Ukraine en 28 points", "", {"peace-plan"}),
    ("uk", "Україна та США доопрацювали мирний план", "", {"peace-plan"}),
    ("en", "Trump unveils Gaza peace plan", "", set()),
    # talks and summits
    (
        "de",
        "Neue Verhandlungsrunde zwischen Russland und der Ukraine in Istanbul",
        "",
        {"talks-summit"},
    ),
    (
        "fr",
        "Des négociations entre l'Ukraine et la Russie reprennent à Genève",
        "",
        {"talks-summit"},
    ),
    ("ru", "Уиткофф прибыл в Москву для переговоров с Путиным", "", {"talks-summit"}),
    ("ru", "Путин и Трамп поговорили по телефону об Украине", "", {"talks-summit"}),
    ("ru", "Путин и Уиткофф проговорили в Кремле почти пять часов", "", {"talks-summit"}),
    (
        "en",
        "Trump says Putin 'wants to make a deal' after two-hour call",
        "",
        {"talks-summit"},
    ),
    (
        "en",
        "Zelensky rules out ceding land as Witkoff heads to Moscow",
        "",
        {"territory", "talks-summit"},
    ),
    # a name is the same word in every case: "Дмитриев" is not "of the Dmitrys"
    ("ru", "Дмитриев прилетел в Майами на встречу", "", {"talks-summit"}),
    ("ru", "Дмитриева встретили в Майами", "", {"talks-summit"}),
    (
        "ru",
        "Второй раунд трехсторонних консультаций в Абу-Даби завершился",
        "Дмитриев назвал встречу конструктивной.",
        {"talks-summit"},
    ),
    (
        "fr",
        "À Djeddah, l'Ukraine accepte la proposition américaine d'un cessez-le-feu",
        "",
        {"ceasefire", "talks-summit"},
    ),
    ("en", "Ukraine opens EU accession negotiations", "", set()),
    # the 2022 grain corridor was negotiated through mediators
    ("de", "Russland steigt aus dem Getreidedeal mit der Ukraine aus", "", {"talks-summit"}),
    ("en", "Wheat prices jump after Russia quits Black Sea grain deal", "", set()),
    # readiness for a dialogue is the talks; a contact line is not a contact
    (
        "en",
        "Kremlin says it is ready for dialogue with Kyiv without preconditions",
        "",
        {"talks-summit"},
    ),
    ("de", "Kreml: Bereit zu Gesprächen mit Kiew", "", {"talks-summit"}),
    (
        "ru",
        "Лавров: Россия готова к контактам с Украиной на уровне экспертов",
        "",
        {"talks-summit"},
    ),
    (
        "en",
        "Russia floats freezing the front line along current positions",
        "Moscow would stop at the contact line if Ukraine leaves Donetsk.",
        {"ceasefire", "territory"},
    ),
    (
        "ru",
        "Путин и Си Цзиньпин обсудили торговлю и энергетику",
        "Стороны подписали соглашения, в том числе по газопроводу «Сила Сибири — 2».",
        set(),
    ),
    # prisoners and deported children
    ("de", "Russland und die Ukraine tauschen Kriegsgefangene aus", "", {"prisoners"}),
    ("fr", "Échange de prisonniers entre la Russie et l'Ukraine", "", {"prisoners"}),
    ("uk", "Україна повернула з полону 150 захисників", "", {"prisoners"}),
    ("en", "Russia frees US journalist Gershkovich in prisoner swap", "", set()),
    # elections and legitimacy
    ("de", "Putin zweifelt an der Legitimität von Selenskyj", "", {"elections-legitimacy"}),
    ("en", "Putin questions Zelensky's mandate", "", {"elections-legitimacy"}),
    (
        "uk",
        "Путін: Зеленський не має права підписувати документи",
        "",
        {"elections-legitimacy", "peace-plan"},
    ),
    ("fr", "Zelensky prêt à organiser des élections en Ukraine", "", {"elections-legitimacy"}),
    (
        "uk",
        "ЦВК: проведення виборів неможливе щонайменше пів року після скасування воєнного стану",
        "",
        {"elections-legitimacy"},
    ),
    # a vote on a deal is a referendum on territory, not an election
    (
        "en",
        "Ukraine would need a vote on any deal ceding territory, Zelensky says",
        "",
        {"territory"},
    ),
    ("en", "Rada extends martial law in Ukraine for another 90 days", "", set()),
    # a UN transitional administration replacing Zelensky is a claim about legitimacy
    (
        "uk",
        "Путін знову заговорив про тимчасову адміністрацію ООН в Україні",
        "",
        {"elections-legitimacy"},
    ),
    ("ru", "Кремль допускает временную администрацию на Украине", "", {"elections-legitimacy"}),
    # Zelensky ready for elections when the vote is secured, whoever helps secure it
    (
        "de",
        "Selenskyj: Wahlen binnen 90 Tagen möglich",
        "Die USA und die Europäer sollen die Sicherheit garantieren.",
        {"elections-legitimacy"},
    ),
    ("en", "Americans vote in midterm elections", "Ukraine aid is on the ballot.", set()),
    # named plans, drafts and their points
    ("ru", "Песков о «плане победы» Зеленского: ничего нового", "", {"peace-plan"}),
    ("uk", "28 пунктів: що отримує Україна", "", {"peace-plan"}),
    ("ru", "Мединский: договор был парафирован в Стамбуле", "", {"peace-plan"}),
    # Article-5-like guarantees, in the words each language uses
    (
        "uk",
        "США пропонують Україні гарантії на кшталт статті 5",
        "",
        {"security-guarantees"},
    ),
    ("de", "Bund sichert Ukraine-Investitionen mit Garantien ab", "", set()),
    # an envoy received by a leader; the grain deal signed
    ("ru", "Путин принял Уиткоффа в Кремле", "", {"talks-summit"}),
    ("ru", "Путин принял закон о бюджете России", "", set()),
    (
        "uk",
        "У Стамбулі Росія й Україна підписали угоду про вивезення зерна з портів",
        "",
        {"talks-summit"},
    ),
    (
        "uk",
        "Експорт зерна через порти Одеси зріс на 15%",
        "Україна відвантажила 12 млн тонн.",
        set(),
    ),
    # detainee swaps, other wars, other alliances, Kyiv's own sanctions
    ("en", "Marc Fogel flies home from Russia with Witkoff", "", set()),
    ("en", "Ksenia Karelina freed in US-Russia swap", "Sanctions were not discussed.", set()),
    ("ru", "Армения и Азербайджан обменялись военнопленными", "При посредничестве России.", set()),
    ("ru", "На армяно-азербайджанской границе объявлено перемирие", "Москва посредничала.", set()),
    ("fr", "La Finlande devient membre de l'OTAN", "La Russie et l'Ukraine réagissent.", set()),
    ("en", "Zelensky imposes sanctions on pro-Russian priests", "An NSDC decision.", set()),
    # the line of contact as where a settlement stops; a truce along it is only a truce
    (
        "ru",
        "Костюков: Россия не пойдет на замораживание конфликта по нынешней линии",
        "",
        {"ceasefire", "territory"},
    ),
    (
        "ru",
        "Путин объявил перемирие на Рождество",
        "Огонь прекратят по всей линии соприкосновения.",
        {"ceasefire"},
    ),
    (
        "uk",
        "Гегсет: повернення до кордонів 2014 року нереалістичне",
        "Міністр оборони США говорив про Україну.",
        {"territory"},
    ),
    # a venue's talks, whatever the verb; envoys' hours with Putin
    ("uk", "Путін на Алясці вимагав від України піти з Донбасу", "", {"territory", "talks-summit"}),
    ("uk", "Віткофф і Кушнер п'ять годин говорили з Путіним", "", {"talks-summit"}),
    # SWIFT and the price cap by their own names; Iran's deals stay silent
    ("de", "EU schließt russische Banken von SWIFT aus", "", {"sanctions"}),
    ("uk", "Граничну ціну на російську нафту знизять до 45 доларів", "", {"sanctions"}),
    ("en", "Sunak makes a swift visit to Kyiv to sign security pact", "", {"security-guarantees"}),
    ("ru", "Иран и МАГАТЭ договорились о возобновлении инспекций", "", set()),
    (
        "fr",
        "Poutine suggère une « administration provisoire » en Ukraine",
        "",
        {"elections-legitimacy"},
    ),
    # the plant as ZAES in German; a local truce to repair its line
    (
        "de",
        "Lokale Feuerpause ermöglicht Reparatur der Stromleitung zum ZAES",
        "",
        {"ceasefire", "nuclear-plant"},
    ),
    # other alliances' summits, domestic budget talks, football, other countries' votes
    ("uk", "Саміт НАТО в Гаазі: союзники погодили 5% ВВП на оборону", "Україна.", set()),
    ("de", "Ukraine-Hilfe: Merz und SPD verhandeln über Schuldenbremse", "", set()),
    ("uk", "Трамп переміг на президентських виборах у США", "Україна чекає.", set()),
    ("en", "Griner freed in prisoner swap for Viktor Bout", "Russia and the US.", set()),
    # French: a venue's proposals, a leader receiving a mission, a phone exchange
    (
        "fr",
        "À Istanbul, Kiev propose la neutralité en échange de garanties",
        "",
        {"talks-summit", "nato-neutrality", "security-guarantees"},
    ),
    ("fr", "La mission de paix africaine reçue par Vladimir Poutine", "", {"talks-summit"}),
    (
        "fr",
        "Long échange téléphonique entre Donald Trump et Vladimir Poutine",
        "",
        {"talks-summit"},
    ),
    # handovers in their own words, even when no country is named
    ("uk", "Україна отримала 1200 тіл загиблих", "", {"prisoners"}),
    ("ru", "Стартовал обмен «тысяча на тысячу»", "", {"prisoners"}),
    ("de", "Größter Gefangenenaustausch des Krieges abgeschlossen", "", {"prisoners"}),
    ("uk", "Додому повернулися захисники віком до 25 років", "", {"prisoners"}),
    # neutrality on the Austrian model; the summit's communiqué; Mar-a-Lago as a venue
    ("ru", "В Кремле обсуждают «австрийский вариант» для Украины", "", {"nato-neutrality"}),
    (
        "ru",
        "Конференция в Бюргенштоке завершилась без подписи ряда стран",
        "",
        {"talks-summit"},
    ),
    (
        "en",
        "Zelensky says 20-point framework is 90% agreed ahead of Mar-a-Lago meeting",
        "",
        {"peace-plan", "talks-summit"},
    ),
    # Russia's own presidential election; IAEA-arranged repairs are no mediation of talks
    (
        "uk",
        "Вибори в Росії: Путін «переміг» із 87%",
        "Голосували й на окупованих територіях України.",
        set(),
    ),
    (
        "de",
        "Lokale Feuerpause ermöglicht Reparatur der Stromleitung zum AKW Saporischschja",
        "Die IAEA vermittelte.",
        {"ceasefire", "nuclear-plant"},
    ),
    # the price cap in French, loans from frozen assets, an irreversible path to NATO
    ("fr", "Entrée en vigueur du plafonnement du prix du pétrole russe", "", {"sanctions"}),
    (
        "de",
        "G7 einigen sich auf 50-Milliarden-Kredit aus russischem Vermögen",
        "",
        {"sanctions"},
    ),
    ("de", "NATO nennt Weg der Ukraine in das Bündnis „unumkehrbar“", "", {"nato-neutrality"}),
    # other wars' peace deals
    ("de", "Friedensabkommen für Kongo in Doha unterzeichnet", "Auch Gefangene frei.", set()),
    # the Ukrainian dictionary's tied readings: вільну економічну зону is a zone
    ("uk", "США пропонують «вільну економічну зону» на Донбасі", "", {"territory"}),
    ("en", "Moldova holds parliamentary elections", "Ukraine watched closely.", set()),
    # a region the talks left open; the venue in French, where "a" reads as avoir
    (
        "de",
        "Dreiergespräche in Abu Dhabi",
        "Die USA, Russland und die Ukraine verhandeln. Strittig bleibt der Donbass.",
        {"talks-summit", "territory"},
    ),
    ("fr", "Zelensky reçu par Trump à Mar-a-Lago", "", {"talks-summit"}),
    ("en", "Putin visits Tianjin for SCO summit, meets Modi and Xi", "", set()),
    ("ru", "ЕС решил начать переговоры о вступлении Украины и Молдовы", "", set()),
    # Russian reads "полон" as "full": a plant back to full power frees nobody
    ("ru", "Энергоатом не может вернуть Хмельницкую АЭС к полной мощности", "", set()),
    ("en", "Japan restarts Kashiwazaki-Kariwa, world's largest nuclear plant", "", set()),
    ("en", "Shelling near Europe's largest nuclear plant", "", {"nuclear-plant"}),
    ("en", "UK signs £1.6bn air defence missile deal for Ukraine", "", set()),
    # talks with lenders, the EU's mission in Kyiv, Karabakh's peacekeepers, a school term
    ("uk", "Україна та МВФ завершили переговори про новий транш", "", set()),
    ("en", "Drone debris damages the EU delegation's office in Kyiv", "", set()),
    ("de", "Karabach: Russische Friedenstruppen sollen die Entwaffnung überwachen", "", set()),
    ("ru", "Дети из приграничья Белгородской области вернутся в школы очно", "", set()),
    # a negotiator's past role, in a clause of an item about something else
    (
        "en",
        "Medinsky presents a new history textbook for final-year pupils",
        "The presidential aide, who led Russia's delegation in Istanbul, co-wrote it.",
        set(),
    ),
    (
        "ru",
        "Мединский представил учебник истории для вузов",
        "Помощник президента, возглавлявший российскую делегацию на переговорах в Стамбуле, "
        "написал предисловие.",
        set(),
    ),
    (
        "de",
        "Medinski stellt neues Geschichtsbuch vor",
        "Der Präsidentenberater, der die russische Delegation in Istanbul leitete, hat es "
        "mitverfasst.",
        set(),
    ),
    (
        "fr",
        "Marco Rubio en tournée en Amérique latine",
        "Le secrétaire d'Etat, qui avait conduit la délégation américaine à Genève, "
        "a parlé de migration.",
        set(),
    ),
    # Transnistria's 1992 ceasefire and Russian contingent, a UN vote on Gaza, prisoners of
    # war tried or moved between prisons, a market's "return" that "remains" years away, a
    # German party's coalition terms
    (
        "fr",
        "Transnistrie : Chisinau réclame le retrait des troupes russes",
        "Elles y veillent sur le cessez-le-feu de 1992.",
        set(),
    ),
    (
        "ru",
        "Молдавия требует вывести российский миротворческий контингент из Приднестровья",
        "",
        set(),
    ),
    (
        "ru",
        "Совбез ООН отклонил проект резолюции о прекращении огня в Газе",
        "Россия внесла документ о гуманитарном прекращении огня.",
        set(),
    ),
    (
        "uk",
        "У Ростові судять полонених «азовців»",
        "Військовополонених судять з порушенням Женевських конвенцій.",
        set(),
    ),
    ("ru", "Украинских военнопленных этапировали в колонию в Мордовии", "", set()),
    ("en", "Bond investors say any return to Russian debt remains years away", "", set()),
    (
        "de",
        "Wagenknecht macht Verhandlungen mit Moskau zur Koalitionsbedingung",
        "Nach den Landtagswahlen in Thüringen.",
        set(),
    ),
    # an envoy's companion and a negotiator named by their roles, "annexed Crimea" as the
    # place's name, the envoys' families' business, a German coalition's wording, the EU's
    # accession framework
    (
        "en",
        "Kushner-backed fund buys a stake in a video-game maker",
        "The investor, who has accompanied envoy Witkoff on diplomatic missions, joins a "
        "Saudi-led group.",
        set(),
    ),
    (
        "de",
        "Umerow sagt im Korruptionsverfahren aus",
        "Der Sicherheitsratssekretär, der auch dem Verhandlungsteam angehört, bestreitet jede "
        "Beteiligung.",
        set(),
    ),
    ("en", "Storm cuts power across Russian-annexed Crimea", "", set()),
    ("fr", "Incendie dans un dépôt pétrolier en Crimée annexée", "", set()),
    ("en", "US ready to recognise annexed Crimea as Russian", "", {"territory"}),
    ("en", "Witkoff's son launches a stablecoin with an Abu Dhabi fund", "", set()),
    ("de", "Sachsen: CDU und BSW einigen sich in Sondierungen auf Friedensformel", "", set()),
    ("uk", "Держави ЄС погодили переговорну рамку для Молдови", "", set()),
    # a negotiator's role with a time in it, the day after the talks, a ceasefire as a
    # condition, Colombia's truce, US–Russia embassy talks, NATO's own summit declaration,
    # the US–Russia swap spelled in German
    (
        "ru",
        "Мединский открыл выставку в Исторической библиотеке",
        "Помощник президента, который весной 2022 года возглавлял делегацию на переговорах, "
        "выступил с речью.",
        set(),
    ),
    ("uk", "Наступного дня після переговорів у Женеві Росія вдарила по Одесі", "", set()),
    ("fr", "Au lendemain du sommet d'Alaska, frappes sur Kharkiv", "", set()),
    ("en", "Insurers to cut Black Sea war-risk premiums in the event of a ceasefire", "", set()),
    ("ru", "Колумбия и повстанцы договорились о перемирии", "", set()),
    (
        "en",
        "US and Russian diplomats meet on visas and staffing",
        "The State Department said Ukraine was not on the agenda.",
        set(),
    ),
    ("de", "NATO-Gipfel: Abschlusserklärung nennt Russland eine Bedrohung", "", set()),
    ("de", "Krassikow und Gerschkowitsch kommen beim Austausch frei", "", set()),
    (
        "en",
        "Kyiv opens a weapons export office in Berlin",
        "Rustem Umerov, the security council secretary who also heads the negotiating "
        "delegation, presented it.",
        set(),
    ),
    (
        "uk",
        "Арахамія пропонує новий податок на посилки",
        "Голова фракції, який у 2022 році входив до делегації на переговорах, презентував "
        "законопроєкт.",
        set(),
    ),
    ("fr", "Soudan : une trêve humanitaire de trois mois proposée", "", set()),
    ("en", "Trump to chair the Board of Peace under his Gaza plan", "", set()),
    ("ru", "Консультации по работе посольств прошли в Стамбуле", "", set()),
    # an incidental phrase still says which war it is: the truce is this war's
    (
        "fr",
        "Trump ne réclame plus de trêve préalable",
        "Au lendemain de la rencontre d'Anchorage, il vise un accord de paix global.",
        {"ceasefire", "peace-plan"},
    ),
    # sanctions called economic restrictions; prisoners freed from "captivity" (неволя)
    ("ru", "ЕС продлил экономические ограничения против России", "", {"sanctions"}),
    ("uk", "Із російської неволі звільнили ще 150 українців", "", {"prisoners"}),
]


@pytest.mark.parametrize(
    ("lang", "title", "summary", "topics"), CASES, ids=[f"{c[0]}: {c[1][:40]}" for c in CASES]
)
def test_headline_alerts_exactly_its_topics(
    shipped: Matcher, lang: str, title: str, summary: str, topics: set[str]
) -> None:
    assert set(shipped.match(title, summary, lang).topics) == topics
