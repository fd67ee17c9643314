"""Every word the bot says, in English and Ukrainian: the one translation table.

Templates are Telegram HTML.  `t(lang, key, **params)` fills one with every parameter
escaped, so a subscriber's input can never break a message; `plain` is the same text
for places that take no HTML (button labels, callback answers), derived from it.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.render.html import escape, to_plain

DEFAULT_LANG = "en"

#: Commands everyone sees in Telegram's menu and in /help, in this order.
PUBLIC_COMMANDS = (
    "start",
    "topics",
    "subscribe",
    "unsubscribe",
    "list",
    "digest",
    "latest",
    "trend",
    "mute",
    "unmute",
    "settings",
    "stop",
    "help",
)
#: Operator commands: shown in /help and the menu of operators only.
ADMIN_COMMANDS = ("stats", "feeds", "link", "channel")

TEXTS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "alert_matched": "matched",
        "alert_keyword": "keyword",
        "alert_also": "also reported by: {outlets} ({count} outlets)",
        "alerts_new": "{count} new alerts",
        "alerts_held": "While you were muted: {count} new alerts",
        "digest_header": "Digest · {period} · {stories} stories, {items} items",
        "digest_empty": "Nothing new on your subscriptions since {since}.",
        "digest_last_item": "The last matching item was on {when}.",
        "digest_never": "No matching item has been seen yet.",
        "digest_keywords": "Your keywords",
        "digest_more": "+{count} more",
        "digest_outlets": "({count} outlets)",
        "description": (
            "Peacewatch follows the news about the Russia–Ukraine peace negotiations. "
            "Pick topics such as Ceasefire or Zaporizhzhia plant, add your own keywords, and "
            "get a linked alert within a minute of any outlet publishing a matching story. "
            "/digest sums up what happened since you last asked."
        ),
        "short_description": "Alerts and digests on the Russia–Ukraine peace talks.",
        "cmd_start": "what this bot does, and the topics",
        "cmd_topics": "choose topics with buttons",
        "cmd_subscribe": "subscribe to a topic or a keyword: /subscribe ceasefire",
        "cmd_unsubscribe": "unsubscribe from a topic or a keyword",
        "cmd_list": "your topics, keywords and settings",
        "cmd_digest": "what happened: /digest, /digest 3d, /digest 24h ceasefire",
        "cmd_latest": "the latest matching items: /latest 10",
        "cmd_trend": "a chart of stories per day: /trend, /trend 30d, /trend 7d ceasefire",
        "cmd_mute": "hold alerts for a while: /mute 2h",
        "cmd_unmute": "resume alerts now",
        "cmd_settings": "timezone, daily digest, language, alert mode",
        "cmd_stop": "unsubscribe from everything and delete your data",
        "cmd_help": "this list",
        "cmd_stats": "subscribers, chats, items and alerts today, feeds in error",
        "cmd_feeds": "every feed with its state",
        "cmd_link": "link a channel the bot administers: /link @channel",
        "cmd_channel": "manage a linked channel: /channel [id] [topics|list|unlink]",
        "start": (
            "<b>Peacewatch</b> watches the news about the Russia–Ukraine peace negotiations.\n"
            'Pick topics below or add your own keyword with /subscribe "prisoner swap": '
            "you get an alert within a minute of a matching story.\n"
            "/digest sums up what happened since you last asked; /help lists everything."
        ),
        "topics_prompt": "Your topics (✓ = subscribed). Tap to subscribe or unsubscribe.",
        "channel_topics_prompt": "Topics of the channel {channel} (✓ = subscribed).",
        "subscribed_topic": (
            "Subscribed to the topic <b>{topic}</b>. New stories come as alerts; "
            "/latest shows what was already published."
        ),
        "already_topic": "You are already subscribed to the topic <b>{topic}</b>.",
        "unsubscribed_topic": "Unsubscribed from the topic <b>{topic}</b>.",
        "not_subscribed_topic": "You are not subscribed to the topic <b>{topic}</b>.",
        "keyword_added": (
            "Added the keyword <b>{keyword}</b>: you will get an alert for every item "
            "that mentions it."
        ),
        "keyword_exists": "You already have the keyword <b>{keyword}</b>.",
        "keyword_removed": "Removed the keyword <b>{keyword}</b>.",
        "keyword_unknown": (
            "<b>{keyword}</b> is neither a topic nor one of your keywords. See /list."
        ),
        "keyword_too_long": "A keyword can be at most {max} characters long.",
        "keyword_no_letters": "A keyword needs at least one letter.",
        "keyword_invalid": "{reason}",
        "keyword_limit": (
            "You already have {max} keywords, the most a chat can have. "
            "Remove one with /unsubscribe first."
        ),
        "did_you_mean": (
            "There is no topic <b>{given}</b>. Did you mean <b>{topic}</b>? "
            "Send /subscribe {topic}. To follow the word itself, put it in quotes: "
            '/subscribe "{given}"'
        ),
        "missing_argument": 'Say what: a topic id, a word or a "quoted phrase".',
        "unsubscribe_prompt": "Tap what you want to unsubscribe from.",
        "nothing_subscribed": "You have no topics or keywords yet. Start with /topics.",
        "list_header": "<b>Your subscriptions</b>",
        "list_topics": "Topics: {topics}",
        "list_keywords": "Keywords: {keywords}",
        "list_none": "none",
        "list_muted": "Alerts: muted until {until}",
        "list_not_muted": "Alerts: on",
        "list_timezone": "Timezone: {tz}",
        "list_digest": "Daily digest: {time}",
        "list_digest_off": "Daily digest: off",
        "list_lang": "Language: English",
        "list_mode_every": "Mode: every item",
        "list_mode_first": "Mode: first item of each story",
        "no_subscriptions": "You have no subscriptions yet: pick topics with /topics.",
        "digest_not_subscribed": (
            "You are not subscribed to the topic <b>{topic}</b>: /subscribe {topic_id}"
        ),
        "latest_header": "<b>The latest {count} matching items</b>",
        "latest_empty": "No matching items yet. Alerts come as soon as one appears.",
        "mute_usage": "How long? For example /mute 30m, /mute 2h, /mute 1d.",
        "muted": (
            "Alerts are muted until {until}. Nothing is lost: what arrives meanwhile comes "
            "as one summary when the mute ends. /unmute resumes now."
        ),
        "unmuted": "Alerts are on again.",
        "not_muted": "Alerts are not muted.",
        "mute_too_long": "A mute can last at most 30 days.",
        "bad_duration": "<b>{given}</b> is not a duration: write 30m, 2h, 1d or 1w.",
        "settings_header": "<b>Settings</b>",
        "settings_help": (
            "Change with the buttons or type:\n"
            "/settings tz Europe/Kyiv\n/settings digest 08:00 (or off)\n"
            "/settings lang uk\n/settings mode every (or first)"
        ),
        "settings_usage": (
            "Usage: /settings tz Europe/Kyiv · /settings digest 08:00 · /settings digest off · "
            "/settings lang uk · /settings mode every|first"
        ),
        "setting_tz": "Timezone set to <b>{tz}</b>.",
        "setting_digest": "Daily digest at <b>{time}</b>; the next one on {next}.",
        "setting_digest_off": "Daily digest switched off.",
        "setting_lang": "Language: English.",
        "setting_every": "You will get an alert for every item, even of a story already alerted.",
        "setting_first": "You will get an alert for the first item of each story only.",
        "bad_timezone": (
            "<b>{given}</b> is not a timezone. Use an IANA name such as Europe/Kyiv or UTC."
        ),
        "bad_timezone_near": "<b>{given}</b> is not a timezone. Did you mean <b>{suggestion}</b>?",
        "bad_time": "<b>{given}</b> is not a time: write HH:MM, such as 08:00, or off.",
        "bad_language": "<b>{given}</b>: the languages are en (English) and uk (Ukrainian).",
        "bad_mode": (
            "<b>{given}</b>: the modes are every (every item) and first (first of a story)."
        ),
        "bad_count": "<b>{given}</b>: give a number from 1 to 20, such as /latest 10.",
        "bad_period": "<b>{given}</b> is not a period: write 6h, 24h, 3d or 7d (at most 30d).",
        "bad_digest_args": (
            "Did not understand <b>{given}</b>. Examples: /digest, /digest 3d, "
            "/digest 24h ceasefire"
        ),
        "bad_trend_period": "<b>{given}</b> is not a period for the chart: write 7d or 30d.",
        "bad_trend_args": (
            "Did not understand <b>{given}</b>. Examples: /trend, /trend 30d, /trend 7d ceasefire"
        ),
        "trend_did_you_mean": (
            "There is no topic <b>{given}</b>. Did you mean <b>{topic}</b>? Send /trend 7d {topic}"
        ),
        "trend_title_all": "All topics · last {days} days",
        "trend_title_topic": "{topic} · last {days} days",
        "trend_caption_all": "Stories per day, last {days} days · {total}",
        "trend_caption_topic": "{topic}: stories per day, last {days} days · {total}",
        "trend_total_one": "1 story",
        "trend_total_many": "{count} stories",
        "trend_empty_all": "No stories in the last {days} days yet, so there is nothing to chart.",
        "trend_empty_topic": (
            "No stories on <b>{topic}</b> in the last {days} days, so there is nothing to chart."
        ),
        "stop_done": (
            "Done: you are unsubscribed from everything and your data (topics, keywords, "
            "settings, pending alerts) is deleted. /start to come back."
        ),
        "help_header": "<b>Peacewatch commands</b>",
        "help_admin_header": "<b>Operator commands</b>",
        "help_channel": (
            "Channels: make the bot an administrator of the channel, then /link @channel here; "
            "/channel lists linked channels, /channel ID topics picks their topics, "
            "/channel ID list shows them, /channel ID unlink stops posting there."
        ),
        "unknown_command": "Unknown command. /help lists what I can do.",
        "not_allowed": "Not allowed.",
        "group_admins_only": "Only the group's administrators can change its subscriptions.",
        "slow_down": "Too many commands at once: please slow down for a few seconds.",
        "error_apology": "Sorry, something went wrong. Please try again in a moment.",
        "stats": (
            "<b>Peacewatch</b>\nSubscribers: {subscribers}\nActive chats: {active}\n"
            "Items today: {items}\nAlerts sent today: {alerts}\n"
            "Feeds in error: {errors} of {feeds}"
        ),
        "feeds_empty": "No feeds are configured.",
        "link_usage": "Usage: /link @channel or /link -1001234567890",
        "bad_channel": "<b>{given}</b> is not a channel username or id.",
        "channel_not_found": (
            "Cannot find <b>{given}</b>. Add the bot to the channel as an administrator first."
        ),
        "not_a_channel": "<b>{given}</b> is not a channel.",
        "bot_not_admin": (
            "The bot is not an administrator of {channel}: make it one (with the right to "
            "post messages) and try again."
        ),
        "channel_linked": (
            "Linked {channel} (id <code>{id}</code>). Pick its topics below; manage it "
            "later with /channel {id}."
        ),
        "channel_unknown": "No linked channel <b>{given}</b>. /channel lists them.",
        "channels_none": "No channel is linked yet: /link @channel",
        "channels_header": "<b>Linked channels</b>",
        "channel_usage": "Usage: /channel ID topics · /channel ID list · /channel ID unlink",
        "channel_unlinked": "Unlinked {channel}: nothing more will be posted there.",
        "cb_subscribed": "Subscribed: {topic}",
        "cb_unsubscribed": "Unsubscribed: {topic}",
        "cb_keyword_removed": "Removed: {keyword}",
        "cb_saved": "Saved",
        "cb_outdated": "This button is out of date.",
        "kb_lang_en": "English",
        "kb_lang_uk": "Українська",
        "kb_every": "Every item",
        "kb_first": "First of a story",
        "kb_digest_off": "No daily digest",
        "kb_digest_at": "Digest {time}",
        "kb_keyword": "Keyword: {keyword}",
    },
    "uk": {
        "alert_matched": "збіг",
        "alert_keyword": "ключове слово",
        "alert_also": "також повідомили: {outlets} ({count} видань)",
        "alerts_new": "{count} нових сповіщень",
        "alerts_held": "Поки сповіщення були вимкнені: {count} нових сповіщень",
        "digest_header": "Дайджест · {period} · {stories} сюжетів, {items} матеріалів",
        "digest_empty": "Нічого нового за вашими підписками з {since}.",
        "digest_last_item": "Останній відповідний матеріал був {when}.",
        "digest_never": "Відповідних матеріалів ще не було.",
        "digest_keywords": "Ваші ключові слова",
        "digest_more": "+{count} ще",
        "digest_outlets": "({count} видань)",
        "description": (
            "Peacewatch стежить за новинами про мирні переговори між Росією та Україною. "
            "Оберіть теми, як-от «Припинення вогню» чи «Запорізька АЕС», додайте власні "
            "ключові слова — і отримуйте сповіщення з посиланням протягом хвилини після "
            "публікації. /digest підсумовує, що сталося з вашого останнього запиту."
        ),
        "short_description": "Сповіщення й дайджести про мирні переговори Росії та України.",
        "cmd_start": "що робить бот, і теми",
        "cmd_topics": "обрати теми кнопками",
        "cmd_subscribe": "підписатися на тему чи слово: /subscribe ceasefire",
        "cmd_unsubscribe": "відписатися від теми чи слова",
        "cmd_list": "ваші теми, ключові слова й налаштування",
        "cmd_digest": "що сталося: /digest, /digest 3d, /digest 24h ceasefire",
        "cmd_latest": "останні відповідні матеріали: /latest 10",
        "cmd_trend": "графік сюжетів за днями: /trend, /trend 30d, /trend 7d ceasefire",
        "cmd_mute": "призупинити сповіщення: /mute 2h",
        "cmd_unmute": "відновити сповіщення",
        "cmd_settings": "часовий пояс, щоденний дайджест, мова, режим сповіщень",
        "cmd_stop": "відписатися від усього й видалити ваші дані",
        "cmd_help": "цей список",
        "cmd_stats": "підписники, чати, матеріали й сповіщення за сьогодні, фіди з помилками",
        "cmd_feeds": "усі фіди та їхній стан",
        "cmd_link": "під'єднати канал, де бот адміністратор: /link @channel",
        "cmd_channel": "керувати каналом: /channel [id] [topics|list|unlink]",
        "start": (
            "<b>Peacewatch</b> стежить за новинами про мирні переговори між Росією та "
            "Україною.\n"
            'Оберіть теми нижче або додайте своє ключове слово: /subscribe "обмін '
            'полоненими" — сповіщення прийде протягом хвилини після публікації.\n'
            "/digest підсумовує, що сталося з вашого останнього запиту; /help — усі команди."
        ),
        "topics_prompt": "Ваші теми (✓ — підписка). Натисніть, щоб підписатися чи відписатися.",
        "channel_topics_prompt": "Теми каналу {channel} (✓ — підписка).",
        "subscribed_topic": (
            "Ви підписалися на тему <b>{topic}</b>. Нові сюжети надходитимуть сповіщеннями; "
            "/latest покаже вже опубліковане."
        ),
        "already_topic": "Ви вже підписані на тему <b>{topic}</b>.",
        "unsubscribed_topic": "Ви відписалися від теми <b>{topic}</b>.",
        "not_subscribed_topic": "Ви не підписані на тему <b>{topic}</b>.",
        "keyword_added": (
            "Додано ключове слово <b>{keyword}</b>: ви отримуватимете сповіщення про кожен "
            "матеріал, де воно згадується."
        ),
        "keyword_exists": "У вас уже є ключове слово <b>{keyword}</b>.",
        "keyword_removed": "Ключове слово <b>{keyword}</b> видалено.",
        "keyword_unknown": ("<b>{keyword}</b> — це не тема і не ваше ключове слово. Див. /list."),
        "keyword_too_long": "Ключове слово може мати щонайбільше {max} символів.",
        "keyword_no_letters": "Ключове слово має містити хоча б одну літеру.",
        "keyword_invalid": (
            "Це ключове слово не підходить: дозволені лише літери, цифри, пробіли, дефіси й "
            "апострофи, а * — тільки в кінці. ({reason})"
        ),
        "keyword_limit": (
            "У вас уже {max} ключових слів — це максимум для чату. "
            "Спершу видаліть одне через /unsubscribe."
        ),
        "did_you_mean": (
            "Теми <b>{given}</b> немає. Можливо, ви мали на увазі <b>{topic}</b>? "
            "Надішліть /subscribe {topic}. Щоб стежити за самим словом, візьміть його в "
            'лапки: /subscribe "{given}"'
        ),
        "missing_argument": 'Вкажіть, що саме: id теми, слово або "фразу в лапках".',
        "unsubscribe_prompt": "Натисніть, від чого хочете відписатися.",
        "nothing_subscribed": "У вас ще немає тем чи ключових слів. Почніть із /topics.",
        "list_header": "<b>Ваші підписки</b>",
        "list_topics": "Теми: {topics}",
        "list_keywords": "Ключові слова: {keywords}",
        "list_none": "немає",
        "list_muted": "Сповіщення: вимкнені до {until}",
        "list_not_muted": "Сповіщення: увімкнені",
        "list_timezone": "Часовий пояс: {tz}",
        "list_digest": "Щоденний дайджест: {time}",
        "list_digest_off": "Щоденний дайджест: вимкнено",
        "list_lang": "Мова: українська",
        "list_mode_every": "Режим: кожен матеріал",
        "list_mode_first": "Режим: перший матеріал кожного сюжету",
        "no_subscriptions": "У вас ще немає підписок: оберіть теми через /topics.",
        "digest_not_subscribed": ("Ви не підписані на тему <b>{topic}</b>: /subscribe {topic_id}"),
        "latest_header": "<b>Останні відповідні матеріали: {count}</b>",
        "latest_empty": "Відповідних матеріалів ще немає. Сповіщення прийде, щойно з'явиться.",
        "mute_usage": "На скільки? Наприклад, /mute 30m, /mute 2h, /mute 1d.",
        "muted": (
            "Сповіщення вимкнено до {until}. Нічого не загубиться: усе, що надійде, прийде "
            "одним підсумком, коли пауза закінчиться. /unmute — увімкнути зараз."
        ),
        "unmuted": "Сповіщення знову увімкнені.",
        "not_muted": "Сповіщення не вимкнені.",
        "mute_too_long": "Пауза може тривати щонайбільше 30 днів.",
        "bad_duration": "<b>{given}</b> — це не тривалість: напишіть 30m, 2h, 1d або 1w.",
        "settings_header": "<b>Налаштування</b>",
        "settings_help": (
            "Змінюйте кнопками або командами:\n"
            "/settings tz Europe/Kyiv\n/settings digest 08:00 (або off)\n"
            "/settings lang en\n/settings mode every (або first)"
        ),
        "settings_usage": (
            "Як: /settings tz Europe/Kyiv · /settings digest 08:00 · /settings digest off · "
            "/settings lang en · /settings mode every|first"
        ),
        "setting_tz": "Часовий пояс: <b>{tz}</b>.",
        "setting_digest": "Щоденний дайджест о <b>{time}</b>; наступний — {next}.",
        "setting_digest_off": "Щоденний дайджест вимкнено.",
        "setting_lang": "Мова: українська.",
        "setting_every": (
            "Ви отримуватимете сповіщення про кожен матеріал, навіть з відомого сюжету."
        ),
        "setting_first": "Ви отримуватимете сповіщення лише про перший матеріал кожного сюжету.",
        "bad_timezone": (
            "<b>{given}</b> — це не часовий пояс. Вкажіть назву IANA, як-от Europe/Kyiv чи UTC."
        ),
        "bad_timezone_near": ("<b>{given}</b> — це не часовий пояс. Можливо, <b>{suggestion}</b>?"),
        "bad_time": "<b>{given}</b> — це не час: напишіть ГГ:ХХ, наприклад 08:00, або off.",
        "bad_language": "<b>{given}</b>: доступні мови — en (англійська) і uk (українська).",
        "bad_mode": "<b>{given}</b>: режими — every (кожен матеріал) і first (перший у сюжеті).",
        "bad_count": "<b>{given}</b>: вкажіть число від 1 до 20, наприклад /latest 10.",
        "bad_period": (
            "<b>{given}</b> — це не період: напишіть 6h, 24h, 3d або 7d (щонайбільше 30d)."
        ),
        "bad_digest_args": (
            "Не зрозумів <b>{given}</b>. Приклади: /digest, /digest 3d, /digest 24h ceasefire"
        ),
        "bad_trend_period": ("<b>{given}</b> — це не період для графіка: напишіть 7d або 30d."),
        "bad_trend_args": (
            "Не зрозумів <b>{given}</b>. Приклади: /trend, /trend 30d, /trend 7d ceasefire"
        ),
        "trend_did_you_mean": (
            "Теми <b>{given}</b> немає. Можливо, ви мали на увазі <b>{topic}</b>? "
            "Надішліть /trend 7d {topic}"
        ),
        "trend_title_all": "Усі теми · останні {days} днів",
        "trend_title_topic": "{topic} · останні {days} днів",
        "trend_caption_all": "Сюжети за днями, останні {days} днів · {total}",
        "trend_caption_topic": "{topic}: сюжети за днями, останні {days} днів · {total}",
        "trend_total_one": "усього сюжетів: 1",
        "trend_total_many": "усього сюжетів: {count}",
        "trend_empty_all": "За останні {days} днів сюжетів ще немає — графіка не буде.",
        "trend_empty_topic": (
            "За останні {days} днів сюжетів на тему <b>{topic}</b> немає — графіка не буде."
        ),
        "stop_done": (
            "Готово: ви відписані від усього, а ваші дані (теми, ключові слова, налаштування, "
            "сповіщення в черзі) видалено. /start — щоб повернутися."
        ),
        "help_header": "<b>Команди Peacewatch</b>",
        "help_admin_header": "<b>Команди оператора</b>",
        "help_channel": (
            "Канали: зробіть бота адміністратором каналу, потім надішліть тут /link @channel; "
            "/channel — список каналів, /channel ID topics — обрати теми, "
            "/channel ID list — переглянути, /channel ID unlink — припинити публікації."
        ),
        "unknown_command": "Невідома команда. /help — перелік команд.",
        "not_allowed": "Недоступно.",
        "group_admins_only": "Змінювати підписки групи можуть лише її адміністратори.",
        "slow_down": "Забагато команд одразу: зачекайте кілька секунд.",
        "error_apology": "Вибачте, щось пішло не так. Спробуйте ще раз за хвилину.",
        "stats": (
            "<b>Peacewatch</b>\nПідписників: {subscribers}\nАктивних чатів: {active}\n"
            "Матеріалів сьогодні: {items}\nСповіщень сьогодні: {alerts}\n"
            "Фідів з помилками: {errors} з {feeds}"
        ),
        "feeds_empty": "Жодного фіду не налаштовано.",
        "link_usage": "Як: /link @channel або /link -1001234567890",
        "bad_channel": "<b>{given}</b> — це не ім'я чи id каналу.",
        "channel_not_found": (
            "Не можу знайти <b>{given}</b>. Спершу додайте бота до каналу як адміністратора."
        ),
        "not_a_channel": "<b>{given}</b> — це не канал.",
        "bot_not_admin": (
            "Бот не є адміністратором {channel}: надайте йому права (з дозволом публікувати) "
            "і спробуйте ще раз."
        ),
        "channel_linked": (
            "Канал {channel} під'єднано (id <code>{id}</code>). Оберіть його теми нижче; "
            "далі — /channel {id}."
        ),
        "channel_unknown": "Немає під'єднаного каналу <b>{given}</b>. /channel — список.",
        "channels_none": "Жодного каналу ще не під'єднано: /link @channel",
        "channels_header": "<b>Під'єднані канали</b>",
        "channel_usage": "Як: /channel ID topics · /channel ID list · /channel ID unlink",
        "channel_unlinked": "Канал {channel} від'єднано: публікацій там більше не буде.",
        "cb_subscribed": "Підписка: {topic}",
        "cb_unsubscribed": "Відписка: {topic}",
        "cb_keyword_removed": "Видалено: {keyword}",
        "cb_saved": "Збережено",
        "cb_outdated": "Ця кнопка застаріла.",
        "kb_lang_en": "English",
        "kb_lang_uk": "Українська",
        "kb_every": "Кожен матеріал",
        "kb_first": "Перший у сюжеті",
        "kb_digest_off": "Без дайджесту",
        "kb_digest_at": "Дайджест {time}",
        "kb_keyword": "Слово: {keyword}",
    },
}

#: Topic names in Ukrainian; a topic missing here keeps the name from feeds.yaml.
TOPIC_NAMES_UK: Mapping[str, str] = {
    "ceasefire": "Припинення вогню",
    "security-guarantees": "Гарантії безпеки",
    "territory": "Території",
    "nato-neutrality": "НАТО й нейтралітет",
    "sanctions": "Санкції",
    "nuclear-plant": "Запорізька АЕС",
    "peace-plan": "Мирний план",
    "talks-summit": "Переговори й саміти",
    "prisoners": "Полонені й депортовані діти",
    "elections-legitimacy": "Вибори й легітимність",
}


def lang_of(code: str | None) -> str:
    """The interface language for a stored or Telegram language code."""
    return code if code is not None and code in TEXTS else DEFAULT_LANG


def t(lang: str, key: str, **params: object) -> str:
    """The template `key` in `lang`, with every parameter escaped."""
    template = TEXTS[lang_of(lang)][key]
    return template.format(**{k: escape(str(v)) for k, v in params.items()})


def plain(lang: str, key: str, **params: object) -> str:
    """The text of `t(lang, key, ...)` for places that take no HTML (buttons, answers)."""
    return to_plain(t(lang, key, **params))


def topic_name(lang: str, topic_id: str, default: str) -> str:
    if lang_of(lang) == "uk":
        return TOPIC_NAMES_UK.get(topic_id, default)
    return default


def help_text(lang: str, admin: bool) -> str:
    lines = [t(lang, "help_header")]
    lines += [f"/{name} — {t(lang, 'cmd_' + name)}" for name in PUBLIC_COMMANDS]
    if admin:
        lines += ["", t(lang, "help_admin_header")]
        lines += [f"/{name} — {t(lang, 'cmd_' + name)}" for name in ADMIN_COMMANDS]
        lines += [t(lang, "help_channel")]
    return "\n".join(lines)
