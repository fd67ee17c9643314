"""The similarity and the vetoes, with plain values: what the spec says is one story or two."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial

from bot.stories.clustering import StoryClusterer, StoryInput
from bot.stories.features import extract
from bot.stories.similarity import figures_conflict, lead_excludes, people_conflict, vetoed
from tests.support.stories import story_item

T0 = datetime(2025, 5, 23, 9, 0, tzinfo=UTC)


item = partial(story_item, at=T0)
"""An item published `hours` after `T0` (or `at`), by its own outlet."""


def stories(*items: StoryInput) -> list[str]:
    clusterer = StoryClusterer()
    return [clusterer.add(i).story_id for i in items]


def test_figures_of_the_same_kind_veto() -> None:
    a = extract("Russia and Ukraine swap 390 prisoners each", "", "en")
    b = extract("Russia and Ukraine exchange 307 prisoners each", "", "en")
    assert figures_conflict(a, b, days_apart=1)
    plans = (
        extract("U.S. drafts 28-point plan", "", "en"),
        extract("Zelensky unveils 20-point plan", "", "en"),
    )
    assert figures_conflict(*plans)


def test_figures_of_different_kinds_clock_times_and_dates_never_veto() -> None:
    a = extract(
        "Putin and Trump talk for 2 hours, agree 30-day pause", "at 18:00 on 18 March", "en"
    )
    b = extract(
        "Putin and Trump talk for 3 hours, agree 30-day pause", "at 19:30 on 19 March", "en"
    )
    assert not figures_conflict(a, b)
    c = extract("Russia hands over 909 bodies", "", "en")
    d = extract("Russia and Ukraine swap 390 prisoners", "", "en")
    assert not figures_conflict(c, d)


def test_one_handover_day_counted_by_each_side_is_one_handover() -> None:
    russia = extract("Россия вернула 246 военнослужащих", "", "ru")
    ukraine = extract("Україна повернула з полону 277 захисників", "", "uk")
    assert not figures_conflict(russia, ukraine, days_apart=0)


def test_near_identical_headlines_minutes_apart_join_despite_other_summary_figures() -> None:
    a = item(
        "a",
        "Russia and Ukraine swap prisoners in Istanbul deal",
        "Each side freed 390 people at 10:00, the ministry said.",
    )
    b = item(
        "b",
        "Russia, Ukraine swap prisoners in Istanbul deal",
        "Kyiv said 270 soldiers and 120 civilians came home at 11:30.",
        hours=0.2,
    )
    assert stories(a, b) == ["a", "a"]


def test_swap_day_one_and_day_two_are_two_stories() -> None:
    day_one = item("d1", "Russia and Ukraine exchange prisoners", "The first stage of the swap.")
    same_day = item(
        "d1b", "Росія та Україна обмінялися полоненими", "Перший етап обміну.", hours=2, lang="uk"
    )
    day_two = item(
        "d2", "Russia and Ukraine exchange prisoners", "The second stage of the swap.", hours=25
    )
    assert stories(day_one, same_day, day_two) == ["d1", "d1", "d2"]


def test_the_eve_of_talks_is_its_own_story_and_the_same_day_belongs_to_the_event() -> None:
    eve = item(
        "eve",
        "Delegations to meet in Istanbul for talks on Friday",
        "Russia and Ukraine will hold talks in Istanbul.",
        hours=-12,
    )
    arrival = item(
        "arr",
        "Ukrainian delegation arrives in Istanbul for talks with Russia",
        "Talks with Russia begin in Istanbul today.",
        hours=0,
    )
    talks = item(
        "talks",
        "Russia and Ukraine hold talks in Istanbul",
        "The first direct talks in Istanbul lasted two hours.",
        hours=3,
    )
    assert stories(eve, arrival, talks) == ["eve", "arr", "arr"]


def test_a_claim_and_its_rebuttal_join_and_a_new_speaker_on_other_news_does_not() -> None:
    claim = extract("Lavrov: Ukraine attacked Putin's residence with drones", "", "en")
    denial = extract("Sybiha: Lavrov's drone claim is a lie", "", "en")
    assert not people_conflict(claim, denial, timedelta(hours=3))
    other = item("other", "Sybiha: Ukraine ready for talks in Istanbul", "")
    lavrov_again = item("lavrov", "Lavrov: Moscow sees no basis for a truce", "", hours=3)
    assert stories(other, lavrov_again) == ["other", "lavrov"]
    a = item(
        "claim",
        "Lavrov: Ukraine attacked Putin's residence with drones",
        "Lavrov said 91 drones targeted the residence in Novgorod region.",
    )
    b = item(
        "deny",
        "Ukraine denies Lavrov's claim of drone attack on Putin residence",
        "Sybiha called the claim about the residence a lie.",
        hours=4,
    )
    assert stories(a, b) == ["claim", "claim"]


def test_a_rejection_of_one_truce_proposal_does_not_join_another_proposal() -> None:
    turkey = item(
        "turkey",
        "Turkey proposes a Black Sea truce to protect Ukrainian grain shipping",
        "Ankara offered to host talks on a naval ceasefire covering Odesa's ports.",
    )
    kremlin = item(
        "kremlin",
        "Kremlin rejects Christmas ceasefire proposal from Kyiv",
        "Dmitry Peskov said Russia saw no basis for a holiday truce in Ukraine.",
        hours=0.1,
    )
    assert stories(turkey, kremlin) == ["turkey", "kremlin"]


def test_two_people_dismissing_one_claim_are_one_story() -> None:
    podolyak = extract("Подоляк назвав умови Путіна абсурдними", "", "uk")
    zelensky = extract("Zelensky dismisses Putin's peace terms as an ultimatum", "", "en")
    assert not people_conflict(podolyak, zelensky, timedelta(hours=2))


def test_a_spokesman_speaks_for_his_office() -> None:
    peskov = extract("Песков: договоры о вхождении новых территорий подпишут 30 сентября", "", "ru")
    kremlin = extract("Kremlin says Putin to sign annexation treaties on Friday", "", "en")
    zakharova = extract("Zakharova says Putin to sign annexation treaties on Friday", "", "en")
    assert not people_conflict(peskov, kremlin, timedelta(hours=20), days_apart=1)
    assert people_conflict(peskov, zakharova, timedelta(hours=20), days_apart=1)


def test_two_calls_of_one_day_are_two_stories() -> None:
    a = extract("Trump and Putin hold phone call", "", "en")
    b = extract("Trump and Zelensky hold phone call", "", "en")
    assert people_conflict(a, b, timedelta(hours=5))
    assert vetoed(a, b, timedelta(hours=5), 0)


def test_a_leaders_address_on_a_call_he_was_not_on_is_his_own_story() -> None:
    """Rule 5: Zelensky's evening address on Scholz's call to Putin reacts to the call."""
    call = extract("Шольц поговорив із Путіним", "", "uk")
    address = extract(
        "Зеленський у зверненні: дзвінок Шольца Путіну відкриває «скриньку»", "", "uk"
    )
    assert people_conflict(call, address, timedelta(hours=3))


def test_a_handover_and_a_report_of_that_day_that_reads_otherwise_keep_their_own_counts() -> None:
    """One side's report need not read as a handover ("each free 84 captives" on the eve
    of a summit) for its count to be that side's own: on the same day the figures do not
    veto, on the next day they do."""
    staff = extract("Координаційний штаб: звільнено 51 військового та 33 цивільних", "", "uk")
    eve = extract("Day before Alaska summit, Kyiv and Moscow each free 84 captives", "", "en")
    assert staff.handover and not eve.handover
    assert not figures_conflict(staff, eve, days_apart=0)
    assert figures_conflict(staff, eve, days_apart=1)


def test_two_sides_reporting_one_handover_day_with_their_own_counts_are_one_story() -> None:
    russia = item("ru", "Из плена возвращены 246 российских военнослужащих", lang="ru")
    ukraine = item("uk", "Україна повернула додому 277 захисників", hours=0.3, lang="uk")
    assert stories(russia, ukraine) == ["ru", "ru"]


def test_a_swap_agreed_at_talks_belongs_to_the_talks_and_the_handover_is_its_own() -> None:
    agreed = item("talks", "Russia, Ukraine agree to swap 157 prisoners each at Abu Dhabi talks")
    handover = item("swap", "Россия вернула из плена 157 военнослужащих", hours=3, lang="ru")
    assert stories(agreed, handover) == ["talks", "swap"]
    assert extract("Україна і Росія обміняються 314 полоненими", "", "uk").handover is False


def test_a_story_led_by_a_swap_takes_no_truce_of_that_day() -> None:
    """Rule 6: the Easter swap and the Easter truce of one day are two developments, even
    when a member of the swap's story shares the holiday's words with the truce."""
    swap = extract("Обмен при посредничестве ОАЭ: на родину вернулись 246 военных", "", "ru")
    truce = extract("Путин объявил о прекращении боевых действий на Пасху", "", "ru")
    assert lead_excludes(swap, truce, timedelta(hours=3), 0)
    assert lead_excludes(truce, swap, timedelta(hours=3), 0)
    again = extract("Россия и Украина обменялись 175 пленными накануне Пасхи", "", "ru")
    assert not lead_excludes(swap, again, timedelta(hours=3), 0)


def test_setting_off_for_talks_the_day_before_is_the_eve_not_the_talks() -> None:
    eve = item("eve", "Leaders head to Switzerland for Ukraine peace summit")
    opening = item("open", "Ukraine peace summit opens in Switzerland", hours=20)
    assert extract(eve.title, "", "en").preview
    assert stories(eve, opening) == ["eve", "open"]
    departure = extract("Делегація вилетіла до Ер-Ріяда на переговори зі США", "", "uk")
    assert departure.preview
    assert not extract("Putin lands in Alaska for summit with Trump", "", "en").preview


def test_a_market_move_is_not_the_development_it_reacts_to() -> None:
    talks = item("talks", "Russian and Ukrainian negotiators meet in Istanbul", lang="en")
    rouble = item("rub", "Рубль резко укрепился на новостях с переговоров в Стамбуле", hours=2)
    rouble = StoryInput(rouble.id, "ru", rouble.source, rouble.published, rouble.title, "")
    assert stories(talks, rouble) == ["talks", "rub"]


def test_a_call_is_the_same_call_in_any_language() -> None:
    english = item("en", "Zelensky says he had 'meaningful' call with Trump")
    ukrainian = item(
        "uk", "Зеленський провів розмову з Трампом: обговорили мир", hours=0.4, lang="uk"
    )
    assert stories(english, ukrainian) == ["en", "en"]


def test_a_development_other_than_a_round_takes_no_item_two_calendar_days_later() -> None:
    leak = item("leak", "U.S. drafts 28-point peace plan with Russia, Axios reports", hours=12)
    follow = item("text", "Full text of 28-point U.S. peace plan published", hours=12 + 36)
    assert stories(leak, follow) == ["leak", "text"]


def test_a_round_takes_its_own_reports_two_days_on_but_not_an_outsiders_dismissal() -> None:
    about = "Saudi Arabia hosts national security advisers from some 40 countries in Jeddah."
    opening = item("open", "Ukraine peace talks open in Jeddah", about)
    closing = item(
        "close", "Jeddah talks on Ukraine end, Yermak calls them productive", about, hours=16
    )
    outsider = item("dismissal", "Russia dismisses Jeddah talks on Ukraine", about, hours=39)
    assert stories(opening, closing, outsider) == ["open", "open", "dismissal"]


def test_a_headline_naming_a_later_day_previews_that_day() -> None:
    tuesday = datetime(2026, 1, 13, 12, 30, tzinfo=UTC)
    title = "МАГАТЭ объявило о ротации своей миссии на ЗАЭС 14 января"
    announced = item("ann", title, lang="ru", at=tuesday)
    held = item("held", "На ЗАЕС відбулася ротація місії МАГАТЕ", lang="uk", at=tuesday, hours=25.5)
    assert extract(title, "", "ru", tuesday.date()).previews == date(2026, 1, 14)
    assert stories(announced, held) == ["ann", "held"]


def test_a_proposal_for_a_later_day_is_still_one_story_before_that_day() -> None:
    evening = datetime(2025, 5, 10, 23, 10, tzinfo=UTC)
    russian = item(
        "ru",
        "Путин предложил Киеву возобновить прямые переговоры в Стамбуле 15 мая",
        lang="ru",
        at=evening,
    )
    english = item(
        "en",
        "Putin proposes direct talks with Ukraine in Istanbul on May 15",
        at=evening,
        hours=1.3,
    )
    assert stories(russian, english) == ["ru", "ru"]


def test_arriving_ahead_of_talks_is_the_eve_but_a_call_ahead_of_a_meeting_is_a_call() -> None:
    assert extract("Rubio arrives in Riyadh ahead of first US-Russia talks", "", "en").preview
    arrival = "IAEA mission arrives in Zaporizhzhia, to head to nuclear plant on Thursday"
    assert extract(arrival, "", "en").preview
    negotiators = "Russian, Ukrainian negotiators arrive in Istanbul ahead of face-to-face talks"
    assert extract(negotiators, "", "en").preview
    call = "Trump speaks with Putin by phone ahead of Zelenskiy meeting"
    assert not extract(call, "", "en").preview


def test_a_meeting_in_one_place_is_not_talks_announced_in_another() -> None:
    davos = item("davos", "Зеленський зустрівся з Трампом у Давосі", lang="uk")
    after = item(
        "after",
        "After meeting Trump in Davos, Zelensky announces trilateral talks in UAE",
        hours=1,
    )
    uae = item("uae", "Зеленский объявил о трехсторонней встрече в ОАЭ", lang="ru", hours=2)
    assert stories(davos, after, uae) == ["davos", "after", "after"]


def test_a_kremlin_meeting_is_not_the_next_days_talks_elsewhere() -> None:
    kremlin = item("kremlin", "Putin receives Witkoff, Kushner for late-night Kremlin talks")
    abu_dhabi = item(
        "abu", "US, Ukrainian and Russian delegations arrive in Abu Dhabi for talks", hours=10
    )
    assert vetoed(extract(kremlin.title, ""), extract(abu_dhabi.title, ""), timedelta(hours=10), 1)
    assert stories(kremlin, abu_dhabi) == ["kremlin", "abu"]


def test_another_wars_talks_in_the_same_city_are_another_story() -> None:
    ours = item("ours", "Russia, Ukraine and US begin talks in Geneva")
    iran = item("iran", "Iran and US hold new round of nuclear talks in Geneva", hours=2)
    assert stories(ours, iran) == ["ours", "iran"]
    hamas = item("hamas", "Hamas frees 24 hostages on first day of Gaza truce")
    gaza = item("gaza", "First hostages freed as truce takes hold in Gaza", hours=1.5)
    assert stories(hamas, gaza) == ["hamas", "hamas"]


def test_a_rounds_readouts_on_later_days_join_it_by_its_venue() -> None:
    gather = item("gather", "US and Ukrainian delegations hold talks on peace plan in Geneva")
    title = "Итоги Женевы: США и Украина согласовали обновленный мирный план"
    outcome = item("outcome", title, lang="ru", hours=22)
    assert extract(title, "", "ru").venues == {"geneva"}
    assert stories(gather, outcome) == ["gather", "gather"]


def test_a_weekday_ahead_previews_that_day_unless_the_round_goes_on() -> None:
    wednesday = datetime(2022, 8, 31, 13, 0, tzinfo=UTC)
    title = "IAEA convoy reaches Zaporizhzhia city, plant visit set for Thursday"
    convoy = item("convoy", title, at=wednesday)
    visit = item(
        "visit",
        "UN inspectors reach Zaporizhzhia nuclear plant despite shelling",
        at=wednesday,
        hours=23,
    )
    assert extract(title, "", "en", wednesday.date()).previews == date(2022, 9, 1)
    assert stories(convoy, visit) == ["convoy", "visit"]
    sunday = datetime(2025, 12, 14, 21, 0, tzinfo=UTC)
    first = item(
        "first",
        "Zelensky and US envoys end five hours of talks in Berlin, to resume Monday",
        at=sunday,
    )
    second = item("second", "Переговори в Берліні тривають", lang="uk", at=sunday, hours=13)
    assert stories(first, second) == ["first", "first"]


def test_talks_paused_until_the_next_day_and_resumed_are_one_round() -> None:
    monday = datetime(2022, 3, 14, 14, 30, tzinfo=UTC)
    paused = item("paused", "Russia-Ukraine video talks paused until Tuesday", at=monday)
    resumed = item(
        "resumed",
        "Делегации России и Украины вернулись к переговорам в формате видеосвязи",
        lang="ru",
        at=monday,
        hours=21,
    )
    assert extract(paused.title, "", "en", monday.date()).resumes
    assert stories(paused, resumed) == ["paused", "paused"]
    elsewhere = item(
        "elsewhere", "US and Russian delegations open talks in Riyadh", at=monday, hours=21
    )
    assert stories(paused, elsewhere) == ["paused", "elsewhere"]


def test_agreeing_to_hold_talks_announces_them() -> None:
    assert extract("Ukraine agrees to talks with Russia on Belarus border", "", "en").preview
    assert extract("Зеленський погодився на зустріч делегацій на кордоні", "", "uk").preview
    assert not extract("Russia and Ukraine agree POW swap at Abu Dhabi talks", "", "en").preview


def test_a_call_between_others_keeps_its_story_closed_to_a_later_call() -> None:
    putin = item(
        "putin", "Путин в разговоре с Макроном заявил, что цели будут выполнены", lang="ru"
    )
    macron = item(
        "macron", "Macron believes 'worst is yet to come' after call with Putin", hours=0.3
    )
    title = "Зеленський обговорив з Макроном, після його дзвінка Путіну, Чорне море"
    zelensky = item("zelensky", title, lang="uk", hours=4)
    assert extract(title, "", "uk").meeting
    assert stories(putin, macron, zelensky) == ["putin", "putin", "zelensky"]


def test_a_later_days_statement_by_someone_the_lead_never_names_is_new() -> None:
    proposal = item("proposal", "Putin proposes direct talks with Ukraine in Istanbul")
    trump = item(
        "trump", "Trump urges Ukraine to agree to Putin's Istanbul talks immediately", hours=16
    )
    assert stories(proposal, trump) == ["proposal", "trump"]


def test_a_handover_reported_as_it_happens_is_a_handover() -> None:
    assert extract("Україна повертає з полону 90 захисників", "", "uk").handover


def test_postponing_talks_or_naming_a_delegation_announces_them() -> None:
    assert extract("Istanbul talks pushed to Friday as delegations wait", "", "en").preview
    assert extract("Кремль опубликовал состав делегации на переговоры в Стамбуле", "", "ru").preview
    assert not extract("Russia and Ukraine hold first direct talks in Istanbul", "", "en").preview


def test_a_comment_on_talks_set_for_a_later_day_is_not_those_talks() -> None:
    monday = datetime(2025, 7, 22, 10, 30, tzinfo=UTC)
    title = "Песков: не ждем прорывов от переговоров в Стамбуле 23 июля"
    comment = item("comment", title, lang="ru", at=monday)
    round_ = item(
        "round",
        "В Стамбуле завершился третий раунд переговоров России и Украины",
        lang="ru",
        at=monday,
        hours=29.7,
    )
    assert not extract(title, "", "ru", monday.date()).resumes
    assert stories(comment, round_) == ["comment", "round"]


def test_the_wars_vocabulary_carries_a_story_across_languages() -> None:
    english = item("en", "Putin announces partial mobilisation and threatens nuclear response")
    russian = item("ru", "Путин объявил частичную мобилизацию в России", lang="ru", hours=0.7)
    ukrainian = item("uk", "Путін оголосив часткову мобілізацію в РФ", lang="uk", hours=1.2)
    assert stories(english, russian, ukrainian) == ["en", "en", "en"]


def test_a_venue_and_its_region_are_one_place() -> None:
    english = item("en", "Zelensky and Trump meet at Mar-a-Lago")
    russian = item("ru", "Трамп и Зеленский провели переговоры во Флориде", lang="ru", hours=1.5)
    assert stories(english, russian) == ["en", "en"]


def test_a_negotiators_next_day_readout_joins_the_round() -> None:
    """Rule 1 with rule 5: Umerov sat at the Geneva table, so his next-day readout is the
    round's; a spokesman's comment that day is a reaction of its own."""
    evening = datetime(2026, 2, 17, 17, 0, tzinfo=UTC)
    opening = item("open", "Ukraine, Russia and US open two-day talks in Geneva", at=evening)
    medinsky = item(
        "medinsky",
        "Мединский: переговоры в Женеве были тяжелыми, но деловыми",
        lang="ru",
        at=evening,
        hours=21,
    )
    peskov = item(
        "peskov",
        "Песков: в Кремле ждут доклада о переговорах в Женеве",
        lang="ru",
        at=evening,
        hours=22,
    )
    assert stories(opening, medinsky, peskov) == ["open", "open", "peskov"]


def test_a_story_with_a_preview_on_an_earlier_day_is_the_announcement() -> None:
    """Rule 2: the delegation waiting at the venue and "talks set for Thursday" are the
    eve; Thursday's round is its own story, whichever of them it resembles."""
    wednesday = datetime(2022, 3, 2, 9, 0, tzinfo=UTC)
    waiting = item(
        "waiting",
        "Российская делегация ожидает украинских переговорщиков в Беловежской пуще",
        lang="ru",
        at=wednesday,
    )
    preview = item(
        "preview",
        "Second round of Russia-Ukraine talks in Belovezh forest set for Thursday",
        at=wednesday,
        hours=10,
    )
    round_ = item(
        "round",
        "Делегации России и Украины начали второй раунд переговоров в Беловежской пуще",
        lang="ru",
        at=wednesday,
        hours=27,
    )
    assert stories(waiting, preview, round_)[2] == "round"


def test_two_pacts_signed_the_same_day_with_different_leaders_are_two_stories() -> None:
    berlin = extract("Scholz, Zelenskiy sign security agreement in Berlin", "", "en")
    paris = extract("Macron pledges military aid in security pact with Zelenskyy", "", "en")
    assert people_conflict(berlin, paris, timedelta(hours=5))


def test_a_mediators_meeting_and_his_call_with_the_other_side_are_two_stories() -> None:
    moscow = extract("Israel's Bennett meets Putin in Moscow in surprise visit", "", "en")
    call = extract("Bennett speaks with Zelensky after meeting Putin", "", "en")
    assert people_conflict(moscow, call, timedelta(hours=3))


def test_a_trip_being_planned_is_a_preview_of_the_trip() -> None:
    assert extract("Орбан планує поїздку до Москви — ЗМІ", "", "uk").preview
    assert extract("Орбан планирует поездку в Москву", "", "ru").preview


def test_hostages_handed_over_are_a_handover_and_each_day_its_own_story() -> None:
    assert extract("ХАМАС передал Красному Кресту вторую группу заложников", "", "ru").handover
    first = item("day1", "Hamas frees 24 hostages as truce holds", hours=0)
    second = item("day2", "Hamas releases second group of hostages after delay", hours=30)
    assert stories(first, second) == ["day1", "day2"]


def test_a_leaders_word_on_a_call_he_had_no_part_in_is_his_own_reaction() -> None:
    call = extract("Scholz and Putin hold first phone call in two years", "", "en")
    reaction = extract("Зеленський про дзвінок Шольца Путіну: «Мінська-3» не буде", "", "uk")
    readout = extract("Ушаков: Путин и Шольц час обсуждали Украину по телефону", "", "ru")
    assert people_conflict(call, reaction, timedelta(hours=5))
    assert not people_conflict(call, readout, timedelta(hours=2))


def test_a_swap_and_a_truce_starting_that_day_are_two_developments() -> None:
    swap = extract("Великодній обмін: з полону повернулися 175 українців", "", "uk")
    truce = extract("Минобороны: войска прекратили огонь в 16:00 по пасхальному приказу", "", "ru")
    both = extract("Kyiv and Moscow trade 175 captives as Easter truce is about to begin", "", "en")
    assert vetoed(swap, truce, timedelta(hours=2), 0)
    assert vetoed(truce, both, timedelta(hours=1), 0)
    assert not vetoed(swap, both, timedelta(hours=3), 0)


def test_both_sides_of_one_round_at_one_venue_that_day_are_not_two_meetings() -> None:
    russians = extract("Russian envoy Dmitriev meets Witkoff and Kushner in Miami", "", "en")
    ukrainians = extract("Умєров провів у Маямі зустріч з американською делегацією", "", "uk")
    assert not people_conflict(russians, ukrainians, timedelta(hours=3), days_apart=0)
    assert people_conflict(russians, ukrainians, timedelta(hours=20), days_apart=1)
