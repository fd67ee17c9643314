"""Features of one item: entities across scripts, figures with what they count, dates, flags."""

from __future__ import annotations

from datetime import date

import pytest

from bot.stories.entities import skeleton
from bot.stories.features import extract, split_headline
from bot.stories.figures import figures


def keys(text: str, lang: str, prefix: str) -> set[str]:
    return {k for k in extract("", text, lang).inter if k.startswith(prefix)}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Putin met Witkoff in Geneva", "en"),
        ("Путін зустрівся з Віткоффом у Женеві", "uk"),
        ("Путин встретился с Уиткоффом в Женеве", "ru"),
        ("Зустріч Путіна з Віткоффом відбулася в Женеві", "uk"),
    ],
)
def test_inflected_names_in_three_languages_map_to_the_same_entities(text: str, lang: str) -> None:
    assert keys(text, lang, "e:") == {"e:putin", "e:witkoff", "e:geneva"}


def test_acronyms_and_transliterated_places_match_across_languages() -> None:
    assert keys("IAEA says Zaporizhzhia plant lost power", "en", "e:") == keys(
        "МАГАТЕ: ЗАЕС знеструмлена", "uk", "e:"
    )
    assert keys("Talks in Abu Dhabi", "en", "e:") == keys("Переговоры в Абу-Даби", "ru", "e:")


@pytest.mark.parametrize(
    "text", ["Терміново: натовп зібрався під Радою", "Трамплін для економіки", "Він досі чекає"]
)
def test_ordinary_words_that_start_like_names_are_not_entities(text: str) -> None:
    assert keys(text, "uk", "e:") == set()


def test_unknown_names_meet_through_their_consonant_skeleton() -> None:
    english = keys("The Ukrainian delegation was led by Oleksandr Kornienko", "en", "s:")
    assert english == keys("Делегацію очолив Олександр Корнієнко", "uk", "s:") == {"s:krnk"}
    assert skeleton("Гроссі") == skeleton("Grossi")
    assert skeleton("Віткофф") == skeleton("Witkoff")
    assert keys("Talks went on, said President Trump on Sunday", "en", "s:") == set()


def test_figures_carry_what_they_count() -> None:
    assert figures("Russia and Ukraine swap 390 prisoners each") == [("persons", "390")]
    assert figures("Росія та Україна обміняли по 390 полонених") == [("persons", "390")]
    assert figures("a 1,000-for-1,000 POW swap") == [("persons", "1000"), ("persons", "1000")]
    assert figures("обмін 1 000 на 1000 полонених") == [("persons", "1000"), ("persons", "1000")]
    assert figures("the 28-point plan") == figures("план із 28 пунктів") == [("points", "28")]
    assert figures("Ukraine returns 909 bodies") == [("bodies", "909")]
    assert figures("talks lasted five hours") == figures("переговори тривали 5 годин")
    assert figures("обмін тисяча на тисячу") == [("", "1000"), ("", "1000")]


def test_clock_times_years_and_dates_are_not_figures() -> None:
    assert figures("at 12:30 Kyiv time, at 3 p.m. GMT, in May 2025, on 23 May") == []
    assert keys("обмін відбувся 23 травня о 15:00", "uk", "d:") == {"d:5-23"}
    assert keys("the swap on May 23", "en", "d:") == {"d:5-23"}


def test_the_main_clause_of_a_headline_decides() -> None:
    assert split_headline("Russia, Ukraine swap prisoners as Putin announces Easter truce") == (
        "Russia, Ukraine swap prisoners",
        "as Putin announces Easter truce",
    )
    swap = extract("Russia, Ukraine swap prisoners as Putin announces Easter truce", "", "en")
    assert swap.handover
    assert "c:ceasefire" not in swap.title and "c:ceasefire" in swap.inter
    main, _ = split_headline("Трамп перед зустріччю із Зеленським поговорив телефоном з Путіним")
    assert "Зеленським" not in main and "Путіним" in main


def test_the_day_of_another_event_is_not_the_main_clause() -> None:
    """Rule 6 of the spec: a headline naming two developments of one day belongs to the
    one its main clause reports."""
    assert split_headline(
        "Russia and Ukraine exchange 246 prisoners each on day Kremlin declares Easter truce"
    ) == ("Russia and Ukraine exchange 246 prisoners each", "on day Kremlin declares Easter truce")
    main, rest = split_headline(
        "Путин объявил перемирие на Пасху — в день большого обмена пленными"
    )
    assert main.strip() == "Путин объявил перемирие на Пасху" and "обмена" in rest
    main, _ = split_headline("Moscow quits grain deal on the same day as Crimea bridge blast")
    assert main == "Moscow quits grain deal"
    assert split_headline("Ukraine brings home 390 on day one of the swap")[1] == ""
    swap = extract(
        "Russia and Ukraine exchange 246 prisoners each on day Kremlin declares Easter truce",
        "",
        "en",
    )
    assert swap.handover and "c:ceasefire" not in swap.title
    main, rest = split_headline(
        "157 захисників вдома: обмін відбувся в день завершення переговорів в Абу-Дабі"
    )
    assert main == "157 захисників вдома: обмін відбувся" and "переговорів" in rest
    assert split_headline("115 захисників повернулися додому в День Незалежності")[1] == ""


@pytest.mark.parametrize(
    ("headline", "lang"),
    [
        ("Напередодні Великодня з полону повернулися 277 українців", "uk"),
        ("Россия и Украина обменялись 175 пленными накануне Пасхи", "ru"),
        ("Russia and Ukraine swap prisoners on the eve of Orthodox Easter", "en"),
        ("140 українців повернулися з полону напередодні Нового року", "uk"),
    ],
)
def test_a_handover_on_the_eve_of_a_holiday_took_place(headline: str, lang: str) -> None:
    """The eve of a holiday dates the swap; the eve of talks previews them."""
    swap = extract(headline, "", lang)
    assert swap.handover and not swap.preview


def test_the_eve_of_talks_is_still_a_preview() -> None:
    assert extract("Zelensky meets Erdogan on the eve of Istanbul talks", "", "en").preview
    assert extract("Напередодні переговорів делегації прибули до Стамбула", "", "uk").preview


@pytest.mark.parametrize(
    ("headline", "lang"),
    [
        ("Putin orders halt to fighting in Ukraine over Easter", "en"),
        ("UN calls for an immediate cessation of hostilities", "en"),
        ("Путин объявил о прекращении боевых действий на Пасху", "ru"),
        ("Боевые действия прекратятся в полночь", "ru"),
        ("Київ готовий до припинення бойових дій", "uk"),
        ("Бойові дії припиняться о 18:00", "uk"),
    ],
)
def test_a_halt_to_fighting_is_a_ceasefire_in_every_language(headline: str, lang: str) -> None:
    assert "c:ceasefire" in keys(headline, lang, "c:")


def test_flags_preview_handover_rebuttal_and_speakers() -> None:
    assert extract("Ukraine and Russia to hold talks in Abu Dhabi on Friday", "", "en").preview
    assert extract("Україна і Росія проведуть переговори в Абу-Дабі", "", "uk").preview
    assert extract("Накануне переговоров в Стамбуле делегации прибыли", "", "ru").preview
    assert not extract("Ukraine and Russia hold talks in Abu Dhabi", "", "en").preview
    assert extract("Україна повернула тіла 1000 загиблих", "", "uk").handover
    assert extract("Ukraine denies Lavrov claim of drone attack", "", "en").rebuttal
    peskov = extract("Peskov: Kremlin sees no basis for the European plan", "", "en")
    assert peskov.speakers == {"e:peskov"}
    call = extract("Trump speaks with Putin by phone ahead of Zelenskiy meeting", "", "en")
    assert call.meeting and call.participants == {"e:trump", "e:putin"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Zelensky unveils his victory plan to parliament", "en"),
        ("Зеленський представив у Раді план перемоги", "uk"),
        ("Песков о плане победы: Киеву нужно протрезветь", "ru"),
    ],
)
def test_a_named_plan_is_one_specific_concept_in_three_languages(text: str, lang: str) -> None:
    assert "c:victoryplan" in keys(text, lang, "c:")


def test_places_and_units_that_decline_or_nickname_still_match() -> None:
    assert "e:olenivka" in keys("Генштаб: Росія сама підірвала барак в Оленівці", "uk", "e:")
    assert "e:azovstal" in keys("Командиры «Азова» останутся в Турции", "ru", "e:")
    assert "e:antalya" in keys("Лавров и Кулеба встретились в Анталии", "ru", "e:")


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Zelensky and European leaders meet Trump at the White House", "en"),
        ("Зеленський і європейські лідери в Білому домі", "uk"),
        ("Сварка в Овальному кабінеті: угоду не підписали", "uk"),
    ],
)
def test_the_white_house_is_a_venue_when_something_happens_there(title: str, lang: str) -> None:
    assert "washington" in extract(title, "", lang).venues


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Russian and Ukrainian delegations meet at Istanbul's Ciragan Palace", "en"),
        ("Talks at Çırağan Palace end after two hours", "en"),
        ("Делегації України і Росії прибувають до палацу Чираган", "uk"),
        ("Переговоры во дворце Чираган завершились", "ru"),
    ],
)
def test_the_palace_of_the_istanbul_talks_is_istanbul(title: str, lang: str) -> None:
    assert extract(title, "", lang).venues == {"istanbul"}


def test_the_white_house_speaking_is_no_venue() -> None:
    assert not extract("White House says Russia agreed to a Black Sea truce", "", "en").venues


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Russia and Ukraine will swap prisoners on the Belarus border", "en"),
        ("Росія і Україна обміняються полоненими", "uk"),
        ("Песков: делегацию в Стамбуле вновь возглавит Мединский", "ru"),
    ],
)
def test_the_future_tense_previews_an_event(title: str, lang: str) -> None:
    assert extract(title, "", lang).preview


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Путин: санкции США существенно на экономику не повлияют", "ru"),
        ("Sanctions will not change Moscow's course, Kremlin says", "en"),
        ("Путин на пресс-конференции в Анкоридже: «В следующий раз — в Москве»", "ru"),
        ("Zelensky says Russia can join peace process 'tomorrow' if it leaves Ukraine", "en"),
    ],
)
def test_a_statement_about_the_future_or_a_quote_is_no_preview(title: str, lang: str) -> None:
    assert not extract(title, "", lang).preview


def test_the_us_president_is_whoever_held_the_office_that_day() -> None:
    def named(title: str, lang: str, day: date | None) -> frozenset[str]:
        return extract(title, "", lang, day).participants

    call = "Первый за три года разговор Путина и президента США"
    assert named(call, "ru", date(2025, 2, 12)) == {"e:putin", "e:trump"}
    assert named("Президент США несподівано приїхав у Київ", "uk", date(2023, 2, 20)) == {"e:biden"}
    elect = "Избранный президент США встретился с Макроном"
    assert "e:trump" in named(elect, "ru", date(2024, 12, 7))
    assert "e:trump" in named("US president-elect meets Macron in Paris", "en", date(2024, 12, 7))
    assert named(call, "ru", date(2019, 5, 1)) == {"e:putin"}
    assert named(call, "ru", None) == {"e:putin"}
    both = "Первый за три года разговор президентов России и США"
    assert named(both, "ru", date(2025, 2, 12)) == {"e:putin", "e:trump"}
    assert named("Президент України провів розмову з Макроном", "uk", date(2024, 5, 1)) == {
        "e:zelensky",
        "e:macron",
    }
    assert named("Глава Белого дома и глава Кремля созвонились", "ru", date(2025, 3, 18)) == {
        "e:trump",
        "e:putin",
    }


def test_the_un_secretary_general_is_named_by_title_too() -> None:
    assert "e:guterres" in keys("Путин принял генсека ООН в Кремле", "ru", "e:")
    assert "e:guterres" in keys("UN chief presses for humanitarian access", "en", "e:")
    assert "e:guterres" in keys("Путин принял генерального секретаря ООН", "ru", "e:")


def test_a_number_in_a_name_or_counting_places_counts_no_people() -> None:
    assert figures("Стамбул-2 за годину") == [("name", "2")]
    assert figures("Ил-76 разбился под Белгородом") == [("name", "76")]
    assert figures("a 1,000-for-1,000 POW swap") == [("persons", "1000"), ("persons", "1000")]
    assert figures("hands over four regions") == [("places", "4")]
    assert not extract("Putin offers peace if Kyiv hands over four regions", "", "en").handover


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Україна передала Росії пропозиції: гарантії безпеки за зразком 5-ї статті НАТО", "uk"),
        ("Комюніке саміту миру: ЗАЕС, продовольча безпека, обмін полоненими", "uk"),
        ("Зеленський та Ердоган обговорили обмін полоненими", "uk"),
        ("Putin and Erdogan discuss a new prisoner exchange", "en"),
    ],
)
def test_a_document_or_a_talk_about_a_swap_is_no_handover(title: str, lang: str) -> None:
    assert not extract(title, "", lang).handover


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Телефонного разговора с Трампом не было, заявил Песков", "ru"),
        ("Зеленський: ми не атакували ні Путіна, ні Москву", "uk"),
        ("Kremlin says the reported Putin call with Trump never happened", "en"),
        # calling a report fiction, in any case ending
        ("Песков назвал чистым вымыслом сообщения о разговоре Путина и Трампа", "ru"),
        ("МИД России назвал выдумкой сообщения о контактах с Киевом", "ru"),
        ("Kremlin calls report of Trump-Putin call 'pure fiction'", "en"),
    ],
)
def test_a_denial_in_any_wording_is_a_rebuttal(title: str, lang: str) -> None:
    assert extract(title, "", lang).rebuttal


def test_a_hard_round_is_no_rebuttal() -> None:
    assert not extract("Переговоры в Стамбуле были трудными", "", "ru").rebuttal


def test_an_office_names_whoever_held_it_that_day() -> None:
    def named(title: str, lang: str, day: date) -> set[str]:
        return {k for k in extract(title, "", lang, day).title if k.startswith("e:")}

    assert "e:orban" in named("Премьер Венгрии прибыл в Москву", "ru", date(2024, 7, 5))
    assert "e:scholz" in named("German chancellor calls Putin", "en", date(2024, 11, 15))
    assert "e:merz" in named("Канцлер Німеччини прибув до Києва", "uk", date(2025, 5, 10))
    assert "e:sybiha" in named("Глава МЗС України зустрівся з Рубіо", "uk", date(2025, 3, 1))
    assert "e:kuleba" in named("Ukraine's foreign minister meets Blinken", "en", date(2023, 3, 1))
    assert "e:rutte" in named("NATO chief visits Kyiv", "en", date(2025, 1, 1))
    assert "e:peskov" in named("Kremlin spokesman dismisses report", "en", date(2023, 1, 1))
    visit = "UK prime minister visits Kyiv"
    assert not {"e:sunak", "e:starmer"} & named(visit, "en", date(2022, 4, 9))
    assert "e:starmer" in named(visit, "en", date(2025, 1, 16))


def test_peace_in_exchange_for_land_is_no_prisoner_exchange() -> None:
    offer = extract("Путин предложил Украине «мир» в обмен на 4 области", "", "ru")
    assert not offer.handover
    assert extract("Россия и Украина провели обмен: 84 на 84", "", "ru").handover


def test_an_opening_event_and_a_relative_clause_are_not_the_main_clause() -> None:
    assert split_headline("Hours after Crimea bridge attack, Moscow quits grain deal")[0] == (
        "Moscow quits grain deal"
    )
    call = extract(
        "Зеленський провів розмову з Трампом, який перед тим телефонував Путіну", "", "uk"
    )
    assert call.meeting and call.participants == {"e:zelensky", "e:trump"}
    assert extract("Zelensky speaks to Trump", "", "en").meeting
    assert not extract("Zelensky speaks tomorrow", "", "en").meeting


def test_a_leader_speaking_in_his_address_is_its_speaker() -> None:
    address = extract(
        "Зеленський у зверненні: дзвінок Шольца Путіну відкриває «скриньку»", "", "uk"
    )
    assert address.speakers == {"e:zelensky"}
    assert address.participants == {"e:scholz", "e:putin"}


def test_who_did_something_before_a_colon_is_the_headline_not_its_speaker() -> None:
    trip = extract("Беннет у шабат прилетів до Путіна: про що говорили у Кремлі", "", "uk")
    assert trip.speakers == set() and trip.participants == {"e:bennett", "e:putin"}
    reply = extract("Сибіга відповів Путіну: Україна сама вирішує", "", "uk")
    assert reply.speakers == {"e:sybiha", "e:putin"}


def test_a_speaker_on_a_subject_before_a_colon_speaks_of_it() -> None:
    on_call = extract("Зеленський про дзвінок Шольца Путіну: відкрили скриньку Пандори", "", "uk")
    assert on_call.speakers == {"e:zelensky"}
    assert on_call.participants == {"e:scholz", "e:putin"}


def test_the_white_house_is_named_in_every_case() -> None:
    assert "e:whitehouse" in keys("Трамп выставил Зеленского из Белого дома", "ru", "e:")
    assert "e:whitehouse" in keys("Зеленський вийшов з Білого дому", "uk", "e:")


def test_the_war_in_the_accusative_is_no_verb_of_the_future() -> None:
    swap = extract("Найбільший обмін за всю війну: додому повернулися 230 українців", "", "uk")
    assert swap.handover and not swap.preview
    assert extract("Делегації зустрінуться в Стамбулі", "", "uk").preview


def test_a_first_name_that_starts_like_a_word_is_no_concept() -> None:
    assert "c:oil" not in keys("Нафтали Беннет прилетел в Москву", "ru", "c:")
    assert "c:oil" in keys("ЄС обмежив ціну на російську нафту", "uk", "c:")
