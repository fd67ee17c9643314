"""Every word the bot says, in Ukrainian, and the topics' Ukrainian names."""

TEXTS: dict[str, str] = {
    "alert_matched": "збіг",
    "alert_keyword": "ключове слово",
    "alert_also": "Також повідомили ще {count}:",
    "alert_also_more": "і ще {count}: {outlets}",
    "alerts_new": "{count} нових сповіщень",
    "alerts_held": "Поки сповіщення були вимкнені: {count} нових сповіщень",
    "alerts_held_quiet": "За тихі години: {count} нових сповіщень",
    "kind_official": "офіційне джерело",
    "kind_wire": "інформагенція",
    "kind_independent": "незалежне медіа",
    "kind_state_affiliated": "державне медіа",
    "count_outlets": "{count} видання|{count} видання|{count} видань",
    "count_official": "{count} офіційне|{count} офіційні|{count} офіційних",
    "count_wire": "{count} агенція|{count} агенції|{count} агенцій",
    "count_independent": "{count} незалежне|{count} незалежні|{count} незалежних",
    "count_state_affiliated": "{count} державне|{count} державні|{count} державних",
    "count_other": "{count} інше|{count} інші|{count} інших",
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
    "cmd_settings": "часовий пояс, дайджест, тихі години, джерела, мова, режим сповіщень",
    "cmd_stop": "відписатися від усього й видалити ваші дані",
    "cmd_help": "цей список",
    "cmd_stats": "підписники, чати, матеріали й сповіщення за сьогодні, фіди з помилками",
    "cmd_feeds": "усі фіди та їхній стан",
    "cmd_link": "під'єднати канал, де бот адміністратор: /link @channel",
    "cmd_channel": "керувати каналом: /channel [id] [topics|list|unlink]",
    "cmd_opml": "фіди файлом OPML (надішліть файл OPML, щоб додати фіди)",
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
    "list_quiet_off": "Тихі години: вимкнено",
    "list_quiet_wake": "Тихі години: {period}; термінові новини приходять одразу",
    "list_quiet_hold": "Тихі години: {period}; усе чекає на підсумок",
    "list_sources_all": "Джерела: усі",
    "list_sources_some": "Джерела: без сповіщень, де першим є {kinds}",
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
        "Змінюйте кнопками (✓ біля типу джерел — сповіщення можуть починатися з нього) "
        "або командами:\n"
        "/settings tz Europe/Kyiv\n/settings digest 08:00 (або off)\n"
        "/settings quiet 23:00-07:00 (або off)\n/settings breaking wake (або hold)\n"
        "/settings sources -state-affiliated (або +state-affiliated, all)\n"
        "/settings lang en\n/settings mode every (або first)"
    ),
    "settings_usage": (
        "Як: /settings tz Europe/Kyiv · /settings digest 08:00|off · "
        "/settings quiet 23:00-07:00|off · /settings breaking wake|hold · "
        "/settings sources -state-affiliated|+wire|all · "
        "/settings lang en|uk|ru · /settings mode every|first"
    ),
    "setting_tz": "Часовий пояс: <b>{tz}</b>.",
    "setting_digest": "Щоденний дайджест о <b>{time}</b>; наступний — {next}.",
    "setting_digest_off": "Щоденний дайджест вимкнено.",
    "setting_lang": "Мова: українська.",
    "setting_every": ("Ви отримуватимете сповіщення про кожен матеріал, навіть з відомого сюжету."),
    "setting_first": "Ви отримуватимете сповіщення лише про перший матеріал кожного сюжету.",
    "setting_quiet": (
        "Тихі години: <b>{period}</b> ({tz}). Сповіщення, що надійдуть у цей час, прийдуть "
        "одним підсумком, коли тихі години скінчаться."
    ),
    "setting_quiet_off": "Тихі години вимкнено.",
    "setting_breaking_wake": "У тихі години терміновий сюжет (🔴) прийде одразу.",
    "setting_breaking_hold": "У тихі години термінові сюжети теж чекатимуть на підсумок.",
    "setting_sources_all": "Сповіщення можуть починатися з джерел будь-якого типу.",
    "setting_sources": (
        "Без сповіщень, де першим є: <b>{kinds}</b>. Сюжет, який вони подали першими, "
        "дійде до вас, щойно його подасть джерело іншого типу, — з ним на чолі."
    ),
    "bad_timezone": (
        "<b>{given}</b> — це не часовий пояс. Вкажіть назву IANA, як-от Europe/Kyiv чи UTC."
    ),
    "bad_timezone_near": ("<b>{given}</b> — це не часовий пояс. Можливо, <b>{suggestion}</b>?"),
    "bad_time": "<b>{given}</b> — це не час: напишіть ГГ:ХХ, наприклад 08:00, або off.",
    "bad_language": (
        "<b>{given}</b>: доступні мови — en (англійська), uk (українська) і ru (російська)."
    ),
    "bad_quiet": (
        "<b>{given}</b> — це не тихі години: напишіть ГГ:ХХ-ГГ:ХХ, наприклад 23:00-07:00, або off."
    ),
    "bad_breaking": "<b>{given}</b>: напишіть wake (термінове приходить одразу) або hold.",
    "bad_kind": (
        "<b>{given}</b>: типи джерел — official, wire, independent і state-affiliated (або all)."
    ),
    "bad_mode": "<b>{given}</b>: режими — every (кожен матеріал) і first (перший у сюжеті).",
    "bad_count": "<b>{given}</b>: вкажіть число від 1 до 20, наприклад /latest 10.",
    "bad_period": ("<b>{given}</b> — це не період: напишіть 6h, 24h, 3d або 7d (щонайбільше 30d)."),
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
    "health_failing": (
        "⚠️ <b>{feed}</b> не працює: {errors} помилок поспіль, жодного успіху з {since}. "
        "Остання помилка: {error}"
    ),
    "health_gone": (
        "⚠️ <b>{feed}</b> відповів 410 Gone і більше не опитується: вкажіть нову адресу "
        "у feeds.yaml."
    ),
    "health_silent": (
        "🔇 <b>{feed}</b> нічого нового вже {silent}; зазвичай — щонайменше раз на {cadence}."
    ),
    "health_churning": (
        "🔁 <b>{feed}</b> змінює ідентифікатори матеріалів: {odd} з {total} «нових» "
        "матеріалів за останню годину мали старі дати або вже відомі посилання. Сповіщення "
        "можуть повторювати старе або пропускати нове."
    ),
    "health_recovered": "✅ <b>{feed}</b> знову працює нормально після {duration}: {state}.",
    "health_state_failing": "збої",
    "health_state_silent": "тиша",
    "health_state_churning": "зміна ідентифікаторів",
    "opml_caption": "{count} фідів із feeds.yaml у форматі OPML",
    "opml_added": "До feeds.yaml додано фідів: {count}; їх опитуємо відтепер:",
    "opml_nothing_added": "До feeds.yaml нічого не додано.",
    "opml_skipped": "Пропущено: {count}:",
    "opml_skip_exists": "уже є у feeds.yaml",
    "opml_skip_duplicate": "двічі у файлі",
    "opml_skip_no_url": "немає адреси фіду (лише htmlUrl)",
    "opml_skip_no_kind": (
        "не вказано тип джерела: вкажіть його (у підписі до файлу, наприклад wire; --kind "
        "у командному рядку)"
    ),
    "opml_skip_bad_url": "адреса не http(s)",
    "opml_bad_file": "Не можу прочитати цей файл OPML: {reason}",
    "opml_not_opml": "Надішліть файл OPML (.opml або .xml), щоб додати його фіди.",
    "opml_too_big": "Файл більший за {max} КБ: список фідів OPML значно менший.",
    "opml_cannot_write": "Не можу оновити feeds.yaml: {reason}",
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
    "kb_lang_ru": "Русский",
    "kb_quiet_off": "Без тихих годин",
    "kb_quiet": "Тиша {period}",
    "kb_breaking_wakes": "🔴 Термінове може розбудити",
    "kb_kind_official": "Офіційні",
    "kb_kind_wire": "Агенції",
    "kb_kind_independent": "Незалежні",
    "kb_kind_state_affiliated": "Державні",
    "kb_every": "Кожен матеріал",
    "kb_first": "Перший у сюжеті",
    "kb_digest_off": "Без дайджесту",
    "kb_digest_at": "Дайджест {time}",
    "kb_keyword": "Слово: {keyword}",
}

TOPIC_NAMES: dict[str, str] = {
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
