"""The matcher on the shipped topics, and personal keywords."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.matching import Matcher, load_matching_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped() -> Matcher:
    cfg = load_matching_config(yaml.safe_load((ROOT / "feeds.yaml").read_text("utf-8")))
    return Matcher.from_config(cfg)


@pytest.fixture
def matcher() -> Matcher:
    cfg = load_matching_config(
        {
            "contexts": {
                "ukraine-war": ["ukrain*", "kyiv", "russia*", "україн*"],
                "other-wars": ["karabakh*", "transnistri*"],
            },
            "topics": [
                {
                    "id": "ceasefire",
                    "name": "Ceasefire",
                    "description": "Truces",
                    "context": "ukraine-war",
                    "rules": [
                        {"any": ["cease-fire*", "truce*", "перемир*"]},
                        {"all": [["energy"], ["pause*", "moratorium"]]},
                    ],
                    "not": ["football"],
                    "not_contexts": ["other-wars"],
                }
            ],
        }
    )
    return Matcher.from_config(cfg)


def test_gaza_ceasefire_does_not_alert(shipped: Matcher) -> None:
    result = shipped.match("Ceasefire in Gaza holds", "Hamas and Israel exchanged hostages.")
    assert result.topics == {}


def test_no_ceasefire_in_sight_in_ukraine_alerts(shipped: Matcher) -> None:
    result = shipped.match("Putin says no ceasefire in sight", "The Kremlin rejected a truce.")
    assert result.topic_terms("ceasefire") == ["ceasefire", "truce"]


def test_ukrainian_apostrophe_variant_matches_the_wildcard(shipped: Matcher) -> None:
    result = shipped.match("Росія відкидає перемирʼя", "")
    (hit,) = result.topics["ceasefire"]
    assert (hit.term, hit.surface, hit.field) == ("перемир'я", "перемирʼя", "title")


def test_war_does_not_match_inside_warning(matcher: Matcher) -> None:
    matcher.add_keyword("k", "war")
    assert matcher.match("Storm warning in Ukraine", "Forewarned is forearmed").keywords == {}
    assert "k" in matcher.match("The war in Ukraine", "").keywords


def test_hyphen_space_and_joined_forms_all_match(matcher: Matcher) -> None:
    for title in ("Ukraine cease-fire", "Ukraine cease fire", "UKRAINE CEASEFIRE"):
        assert "ceasefire" in matcher.match(title, "").topics, title


def test_surface_is_the_original_text_even_after_entities(matcher: Matcher) -> None:
    summary = "Kyiv&#39;s &quot;Cease-Fires&quot; hold"
    (hit,) = matcher.match("", summary).topics["ceasefire"]
    assert hit.field == "summary"
    assert summary[hit.start : hit.end] == hit.surface == "Cease-Fires"


def test_term_only_in_the_summary_counts(matcher: Matcher) -> None:
    result = matcher.match("Markets rally", "Bonds rose on hopes of a truce in Ukraine.")
    assert [h.field for h in result.topics["ceasefire"]] == ["summary"]


def test_all_group_needs_every_group(matcher: Matcher) -> None:
    assert matcher.match("Ukraine energy pause agreed", "").topics
    assert not matcher.match("Ukraine energy prices", "").topics


def test_topic_not_term_vetoes(matcher: Matcher) -> None:
    assert not matcher.match("Ukraine football league truce", "").topics


def test_a_role_clause_is_incidental_to_topics_but_not_to_keywords(matcher: Matcher) -> None:
    matcher.add_keyword("k", "truce")
    summary = "Ukraine's envoy, who led the delegation at the truce talks, cut the ribbon."
    result = matcher.match("Envoy opens a hotel in Kyiv", summary)
    assert result.topics == {}
    assert [h.surface for h in result.keywords["k"]] == ["truce"]
    assert matcher.match("Envoy opens a hotel in Kyiv", "He spoke of the truce talks.").topics


def rules_alone(rules: dict[str, dict[str, Any]]) -> Matcher:
    """A matcher for topics of one rule each (topic id → rule), with no context or model."""
    cfg = load_matching_config(
        {
            "topics": [
                {"id": topic, "name": topic, "description": topic, "rules": [rule]}
                for topic, rule in rules.items()
            ]
        }
    )
    return Matcher(list(cfg.topics), dict(cfg.contexts))


def test_a_place_named_annexed_and_a_team_member_named_by_role_are_incidental() -> None:
    matcher = rules_alone(
        {
            "territory": {
                "all": [["crimea*", "krim*", "крим*", "крым*"], ["annex*", "анекс*", "аннекс*"]]
            },
            "talks-summit": {"any": ["envoy", "verhandlungsteam"]},
        }
    )
    for title, summary in (
        ("Storm cuts power across Russian-annexed Crimea", ""),
        ("Sturm legt Strom auf der annektierten Krim lahm", ""),
        ("Буря знеструмила анексований Крим", ""),
        ("Буря обесточила аннексированный Крым", ""),
        ("A banker buys a club", "He, who has accompanied the envoy on diplomatic missions, paid."),
        ("Minister eröffnet Schule", "Der Minister, der dem Verhandlungsteam angehört, sprach."),
    ):
        assert matcher.match(title, summary).topics == {}, title
    assert matcher.match("Kremlin demands the annexation of Crimea be recognised", "").topics
    assert matcher.match("Der Minister leitet das Verhandlungsteam", "").topics


def test_a_role_in_apposition_or_a_past_role_told_as_background_is_incidental() -> None:
    matcher = rules_alone(
        {
            "talks-summit": {
                "any": ["delegation*", "délégation", "делегація", "делегация", "контакты", "plan"]
            },
            "prisoners": {"any": ["обмін полоненими"]},
        }
    )
    for title, summary in (
        ("Umjerow, Delegationsleiter von Istanbul, als Zeuge befragt", ""),
        ("Medinski, ex-chef de la délégation russe à Istanbul, nommé historien", ""),
        ("Мединский, бывший глава российской делегации, открыл музей", ""),
        ("Fund signs a deal", "Dmitriev, участвовавший в контактах с американцами, подписал."),
        ("Глава офиса ушел", "Ермак, недавно возглавлявший делегацию в Женеве, ушел."),
        (
            "Рада призначила Умєрова міністром оборони",
            "Раніше він входив до складу делегації та займався обміном полоненими.",
        ),
    ):
        assert matcher.match(title, summary).topics == {}, title
    # the subject of a sentence, a quote's source and a role tied to a plan are read
    assert matcher.match(
        "Medinsky recalls the Northern War", "По данным источников, глава делегации сказал."
    ).topics
    assert matcher.match("Next round soon, says head of delegation", "").topics
    assert matcher.match("Yermak, chief negotiator on the US plan, resigns", "").topics


def test_a_time_given_by_the_talks_is_incidental() -> None:
    matcher = rules_alone(
        {"talks-summit": {"any": ["summit", "round", "раунд", "саміт", "sommet", "gipfel"]}}
    )
    for title in (
        "Russian forces claim a village days after the Alaska summit",
        "Масована атака напередодні раунду в Абу-Дабі",
        "Frappe sur Kiev à quelques jours d'un sommet à Genève",
        "Angriff auf Kiew am Vorabend der Runde in Genf",
    ):
        assert matcher.match(title, "").topics == {}, title
    assert matcher.match("Kyiv names its team on the eve of the round", "").topics == {}
    assert matcher.match("Kyiv names its team for the round in Geneva", "").topics


def test_a_venue_a_host_or_what_someone_is_known_for_is_incidental() -> None:
    matcher = rules_alone(
        {
            "talks-summit": {
                "any": [
                    "delegations",
                    "negotiators",
                    "délégation",
                    "переговори",
                    "round",
                    "verhandel*",
                    "sommet",
                    "negotiations",
                    "négociateur",
                ]
            },
            "peace-plan": {"any": ["28 пунктів"]},
            "ceasefire": {"any": ["cessez-le-feu", "hostilities"]},
        }
    )
    for title, summary in (
        ("Palace reopens its museum", "The palace, where delegations met last year, opens."),
        (
            "Erdogan wins runoff",
            "The president, who hosted Russian and Ukrainian negotiators, won.",
        ),
        ("Iermak démissionne", "Celui qui dirigeait encore dimanche la délégation à Genève part."),
        (
            "Фонд інвестує у вакцини",
            "Голова РФПІ, відомий як співавтор плану з 28 пунктів, заявив.",
        ),
        ("Поки в Стамбулі тривали переговори, ЗСУ відбили 40 штурмів", ""),
        (
            "Kremlin confirms a pause in strikes",
            "…until Sunday, ahead of the next round in Abu Dhabi.",
        ),
        ("Während in Genf verhandelt wird, spielt die Philharmonie", ""),
        ("Blackout in Kharkiv as the negotiations went on in Geneva", ""),
        ("Oumerov, négociateur en chef, nommé ministre de la Défense", ""),
        ("Le rouble au plus haut à la veille du sommet d'Alaska", ""),
        ("L'UE prolonge la protection", "…une fois qu'un cessez-le-feu durable aura été conclu."),
        ("Premiums to fall", "Rates could fall within weeks of any halt in hostilities."),
    ):
        assert matcher.match(title, summary).topics == {}, title
    # a venue where the delegations will meet is the news itself
    assert matcher.match(
        "Istanbul is ready", "The palace, where delegations will meet, opens."
    ).topics
    assert matcher.match("Ahead of the round in Berlin, Kyiv offers a deal", "").topics


def test_an_incidental_phrase_beside_an_html_entity_is_read_as_the_rest() -> None:
    """The text's folded form is shorter than the raw one when an entity is decoded: an
    incidental phrase is still found where it is, and the item is still matched."""
    matcher = rules_alone({"talks-summit": {"any": ["delegation"]}})
    summary = "The banker, who led the delegation at the talks, paid&nbsp;&laquo;cash&raquo;."
    assert matcher.match("Fund&nbsp;buys a club", summary).topics == {}
    assert matcher.match("Delegation&nbsp;lands in Moscow", summary).topics


def test_a_term_of_a_not_context_vetoes_like_the_topics_own(matcher: Matcher) -> None:
    assert not matcher.match("Russia brokers a Karabakh truce", "").topics
    assert not matcher.match("Russia's troops in Transnistria guard a truce", "").topics
    assert matcher.match("Russia offers Ukraine a truce", "").topics


def test_personal_keyword_matches_without_context_unless_asked(matcher: Matcher) -> None:
    matcher.add_keyword("plain", "truce")
    matcher.add_keyword("strict", "truce", require_context=True)
    result = matcher.match("Clubs call a truce", "")
    assert set(result.keywords) == {"plain"}
    assert set(matcher.match("Russia offers a truce", "").keywords) == {"plain", "strict"}


def test_keyword_phrase_and_wildcard(matcher: Matcher) -> None:
    matcher.add_keyword("phrase", '"peace plan"')
    matcher.add_keyword("prefix", "negotiat*")
    result = matcher.match("New peace-plan", "Negotiators meet; negotiations resume")
    assert [h.surface for h in result.keywords["phrase"]] == ["peace-plan"]
    assert [h.surface for h in result.keywords["prefix"]] == ["Negotiators", "negotiations"]


def test_removing_a_keyword_keeps_others_sharing_its_term(matcher: Matcher) -> None:
    matcher.add_keyword("a", "truce")
    matcher.add_keyword("b", "Truce")
    matcher.remove_keyword("a")
    assert set(matcher.match("truce", "").keywords) == {"b"}
    matcher.remove_keyword("b")
    assert matcher.match("truce", "").keywords == {}
    assert matcher.match("Ukraine truce", "").topics, "topic terms survive keyword removal"


def test_removing_the_last_owner_of_a_word_forgets_it(matcher: Matcher) -> None:
    matcher.add_keyword("x", "armistice")
    matcher.remove_keyword("x")
    matcher.add_keyword("y", "ceasefire")
    assert matcher.match("armistice ceasefire", "").keywords.keys() == {"y"}


def test_re_adding_a_keyword_id_replaces_its_text(matcher: Matcher) -> None:
    matcher.add_keyword("k", "truce")
    matcher.add_keyword("k", "armistice")
    assert matcher.keyword_count == 1
    assert matcher.match("truce", "").keywords == {}


def test_invalid_keyword_is_refused_and_nothing_is_added(matcher: Matcher) -> None:
    with pytest.raises(ValueError, match="regular expression"):
        matcher.add_keyword("k", "(a+)+$")
    assert matcher.keyword_count == 0


def test_transliteration_variants_match_each_other(shipped: Matcher) -> None:
    result = shipped.match("IAEA team at Zaporozhye plant", "")
    assert "nuclear-plant" in result.topics
    assert "ceasefire" in shipped.match("Kiev rejects truce", "").topics


def test_empty_matcher_matches_nothing() -> None:
    assert Matcher([]).match("truce", "").topics == {}


def _one_topic(rule: dict[str, object]) -> Matcher:
    return Matcher.from_config(
        load_matching_config(
            {
                "topics": [{"id": "t", "name": "T", "description": "T", "rules": [rule]}],
            }
        )
    )


def test_near_needs_the_groups_within_n_words() -> None:
    matcher = _one_topic({"all": [["withdraw"], ["donbas"]], "near": 3})
    assert matcher.match("Putin demands Kyiv withdraw from Donbas", "").rules == {"t": (0,)}
    far = "Troops withdraw from a village; weeks later, in a separate move, Donbas votes"
    assert matcher.match(far, "").topics == {}


def test_near_counts_words_not_punctuation_and_never_spans_title_and_summary() -> None:
    matcher = _one_topic({"all": [["lift"], ["sanction"]], "near": 2})
    assert matcher.match("Lift — all — sanctions, Moscow says", "").topics
    assert matcher.match("Trump may lift", "sanctions on Russia").topics == {}


def test_near_finds_the_closest_pair_among_several_hits() -> None:
    matcher = _one_topic({"all": [["truce"], ["energy"]], "near": 2})
    title = "Truce talk resumes; no deal yet on anything at all; energy truce in force"
    assert matcher.match(title, "").topics


def test_one_dictionary_form_matches_every_inflection() -> None:
    matcher = _one_topic(
        {"any": ["гарантія безпеки", "negotiation", "Verhandlung", "négociation", "переговоры"]}
    )
    for lang, text in [
        ("uk", "Гарантіями безпеки займуться в Парижі"),
        ("uk", "без гарантій безпеки"),
        ("en", "Negotiations stall"),
        ("de", "Die Verhandlungen stocken"),
        ("fr", "Les négociations reprennent"),
        ("ru", "Москва готова к переговорам"),
    ]:
        assert matcher.match(text, "", lang).topics, text


def test_a_word_counts_only_in_the_language_it_belongs_to() -> None:
    matcher = _one_topic({"any": ["war"]})
    assert matcher.match("War in Europe", "", "en").topics
    assert matcher.match("Es war einmal", "", "de").topics == {}


def test_a_french_phrase_counts_in_french_though_english_claims_its_articles() -> None:
    """No word of "plafonnement des prix" or "pas d'accord" is French alone ("des" and "d"
    are English dictionary forms too), yet every word is one French knows; a name that
    only the German dictionary knows ("Dhabi") does not make a phrase German only."""
    matcher = _one_topic({"any": ["plafonnement des prix", "pas d'accord", "cycle d'abou dhabi"]})
    assert matcher.match("L'UE durcit le plafonnement des prix du pétrole russe", "", "fr").topics
    assert matcher.match("Pas d'accord à Genève, selon Kiev", "", "fr").topics
    assert matcher.match("Nouveau cycle d'Abou Dhabi pour les négociateurs", "", "fr").topics


def test_wildcards_still_cover_names_no_dictionary_knows() -> None:
    matcher = _one_topic({"any": ["умєров*", "witkoff*"]})
    assert matcher.match("Делегацію очолить Умєрова заступник", "", "uk").topics
    assert matcher.match("Witkoff's visit", "", "en").topics


def test_personal_keywords_in_german_and_french_use_the_same_lemmas(matcher: Matcher) -> None:
    matcher.add_keyword("de", "Waffenruhe")
    matcher.add_keyword("fr", "trêve")
    assert set(matcher.match("Die Waffenruhen halten", "", "de").keywords) == {"de"}
    assert set(matcher.match("Les trêves tiennent", "", "fr").keywords) == {"fr"}


def test_language_is_guessed_when_the_item_names_none() -> None:
    matcher = _one_topic({"any": ["négociation"]})
    assert matcher.match("Les négociations reprennent à Genève", "").topics


def test_a_cyrillic_item_in_a_feed_that_says_english_is_read_as_what_it_is(
    shipped: Matcher,
) -> None:
    title = "Україна і Росія погодили 30-денне енергетичне перемир'я"
    assert "ceasefire" in shipped.match(title, "", "uk").topics
    assert "ceasefire" in shipped.match(title, "", "en").topics


def test_a_spelling_with_umlauts_does_not_hide_the_plain_one() -> None:
    """Bürgenstock counts in German only; burgenstock, listed too, in every language."""
    cfg = load_matching_config(
        {
            "topics": [
                {
                    "id": "talks",
                    "name": "Talks",
                    "description": "Talks",
                    "rules": [{"any": ["bürgenstock", "burgenstock"]}],
                }
            ]
        }
    )
    matcher = Matcher.from_config(cfg)
    assert set(matcher.match("Bürgenstock summit ends", "", "en").topics) == {"talks"}
    assert set(matcher.match("Gipfel auf dem Bürgenstock", "", "de").topics) == {"talks"}
