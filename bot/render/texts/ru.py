"""Every word the bot says, in Russian, and the topics' Russian names."""

TEXTS: dict[str, str] = {
    "alert_matched": "совпадение",
    "alert_keyword": "ключевое слово",
    "alert_also": "Также сообщили ещё {count}:",
    "alert_also_more": "и ещё {count}: {outlets}",
    "alerts_new": "Новых уведомлений: {count}",
    "alerts_held": "Пока уведомления были выключены: {count} новых",
    "alerts_held_quiet": "За тихие часы: {count} новых уведомлений",
    "kind_official": "официальный источник",
    "kind_wire": "информагентство",
    "kind_independent": "независимое СМИ",
    "kind_state_affiliated": "государственное СМИ",
    "count_outlets": "{count} издание|{count} издания|{count} изданий",
    "count_official": "{count} официальное|{count} официальных|{count} официальных",
    "count_wire": "{count} агентство|{count} агентства|{count} агентств",
    "count_independent": "{count} независимое|{count} независимых|{count} независимых",
    "count_state_affiliated": (
        "{count} государственное|{count} государственных|{count} государственных"
    ),
    "count_other": "{count} другое|{count} других|{count} других",
    "digest_header": "Дайджест · {period} · сюжетов: {stories}, материалов: {items}",
    "digest_empty": "Ничего нового по вашим подпискам с {since}.",
    "digest_last_item": "Последний подходящий материал был {when}.",
    "digest_never": "Подходящих материалов пока не было.",
    "digest_keywords": "Ваши ключевые слова",
    "digest_more": "и ещё {count}",
    "digest_outlets": "(изданий: {count})",
    "description": (
        "Peacewatch следит за новостями о мирных переговорах между Россией и Украиной. "
        "Выберите темы, например «Прекращение огня» или «Запорожская АЭС», добавьте свои "
        "ключевые слова — и получайте уведомление со ссылкой в течение минуты после "
        "публикации. /digest подводит итог того, что произошло с вашего прошлого запроса."
    ),
    "short_description": "Уведомления и дайджесты о мирных переговорах России и Украины.",
    "cmd_start": "что умеет бот, и темы",
    "cmd_topics": "выбрать темы кнопками",
    "cmd_subscribe": "подписаться на тему или слово: /subscribe ceasefire",
    "cmd_unsubscribe": "отписаться от темы или слова",
    "cmd_list": "ваши темы, ключевые слова и настройки",
    "cmd_digest": "что произошло: /digest, /digest 3d, /digest 24h ceasefire",
    "cmd_latest": "последние подходящие материалы: /latest 10",
    "cmd_trend": "график сюжетов по дням: /trend, /trend 30d, /trend 7d ceasefire",
    "cmd_mute": "приостановить уведомления: /mute 2h",
    "cmd_unmute": "снова включить уведомления",
    "cmd_settings": "часовой пояс, дайджест, тихие часы, источники, язык, режим уведомлений",
    "cmd_stop": "отписаться от всего и удалить ваши данные",
    "cmd_help": "этот список",
    "cmd_stats": "подписчики, чаты, материалы и уведомления за сегодня, фиды с ошибками",
    "cmd_feeds": "все фиды и их состояние",
    "cmd_link": "подключить канал, где бот — администратор: /link @channel",
    "cmd_channel": "управлять каналом: /channel [id] [topics|list|unlink]",
    "cmd_opml": "фиды файлом OPML (пришлите файл OPML, чтобы добавить фиды)",
    "start": (
        "<b>Peacewatch</b> следит за новостями о мирных переговорах между Россией и "
        "Украиной.\n"
        'Выберите темы ниже или добавьте своё ключевое слово: /subscribe "обмен '
        'пленными" — уведомление придёт в течение минуты после публикации.\n'
        "/digest подводит итог с вашего прошлого запроса; /help — все команды."
    ),
    "topics_prompt": "Ваши темы (✓ — подписка). Нажмите, чтобы подписаться или отписаться.",
    "channel_topics_prompt": "Темы канала {channel} (✓ — подписка).",
    "subscribed_topic": (
        "Вы подписались на тему <b>{topic}</b>. Новые сюжеты будут приходить уведомлениями; "
        "/latest покажет то, что уже опубликовано."
    ),
    "already_topic": "Вы уже подписаны на тему <b>{topic}</b>.",
    "unsubscribed_topic": "Вы отписались от темы <b>{topic}</b>.",
    "not_subscribed_topic": "Вы не подписаны на тему <b>{topic}</b>.",
    "keyword_added": (
        "Добавлено ключевое слово <b>{keyword}</b>: уведомление будет приходить о каждом "
        "материале, где оно упоминается."
    ),
    "keyword_exists": "У вас уже есть ключевое слово <b>{keyword}</b>.",
    "keyword_removed": "Ключевое слово <b>{keyword}</b> удалено.",
    "keyword_unknown": "<b>{keyword}</b> — это не тема и не ваше ключевое слово. См. /list.",
    "keyword_too_long": "Ключевое слово может быть не длиннее {max} символов.",
    "keyword_no_letters": "В ключевом слове должна быть хотя бы одна буква.",
    "keyword_invalid": (
        "Это ключевое слово не подходит: допустимы только буквы, цифры, пробелы, дефисы и "
        "апострофы, а * — только в конце. ({reason})"
    ),
    "keyword_limit": (
        "У вас уже {max} ключевых слов — это максимум для чата. "
        "Сначала удалите одно через /unsubscribe."
    ),
    "did_you_mean": (
        "Темы <b>{given}</b> нет. Может быть, вы имели в виду <b>{topic}</b>? "
        "Отправьте /subscribe {topic}. Чтобы следить за самим словом, возьмите его в "
        'кавычки: /subscribe "{given}"'
    ),
    "missing_argument": 'Укажите, что именно: id темы, слово или "фразу в кавычках".',
    "unsubscribe_prompt": "Нажмите, от чего хотите отписаться.",
    "nothing_subscribed": "У вас пока нет тем и ключевых слов. Начните с /topics.",
    "list_header": "<b>Ваши подписки</b>",
    "list_topics": "Темы: {topics}",
    "list_keywords": "Ключевые слова: {keywords}",
    "list_none": "нет",
    "list_muted": "Уведомления: выключены до {until}",
    "list_not_muted": "Уведомления: включены",
    "list_timezone": "Часовой пояс: {tz}",
    "list_digest": "Ежедневный дайджест: {time}",
    "list_digest_off": "Ежедневный дайджест: выключен",
    "list_lang": "Язык: русский",
    "list_mode_every": "Режим: каждый материал",
    "list_mode_first": "Режим: первый материал каждого сюжета",
    "list_quiet_off": "Тихие часы: выключены",
    "list_quiet_wake": "Тихие часы: {period}; срочные новости приходят сразу",
    "list_quiet_hold": "Тихие часы: {period}; всё ждёт итоговой сводки",
    "list_sources_all": "Источники: все",
    "list_sources_some": "Источники: без уведомлений, где первым выступает {kinds}",
    "no_subscriptions": "У вас пока нет подписок: выберите темы через /topics.",
    "digest_not_subscribed": "Вы не подписаны на тему <b>{topic}</b>: /subscribe {topic_id}",
    "latest_header": "<b>Последние подходящие материалы: {count}</b>",
    "latest_empty": "Подходящих материалов пока нет. Уведомление придёт, как только появится.",
    "mute_usage": "На сколько? Например, /mute 30m, /mute 2h, /mute 1d.",
    "muted": (
        "Уведомления выключены до {until}. Ничего не пропадёт: всё, что придёт за это "
        "время, вы получите одной сводкой, когда пауза закончится. /unmute — включить сейчас."
    ),
    "unmuted": "Уведомления снова включены.",
    "not_muted": "Уведомления не выключены.",
    "mute_too_long": "Пауза может длиться не больше 30 дней.",
    "bad_duration": "<b>{given}</b> — это не длительность: напишите 30m, 2h, 1d или 1w.",
    "settings_header": "<b>Настройки</b>",
    "settings_help": (
        "Меняйте кнопками (✓ у типа источников — уведомление может начинаться с него) "
        "или командами:\n"
        "/settings tz Europe/Moscow\n/settings digest 08:00 (или off)\n"
        "/settings quiet 23:00-07:00 (или off)\n/settings breaking wake (или hold)\n"
        "/settings sources -state-affiliated (или +state-affiliated, all)\n"
        "/settings lang en\n/settings mode every (или first)"
    ),
    "settings_usage": (
        "Как: /settings tz Europe/Moscow · /settings digest 08:00|off · "
        "/settings quiet 23:00-07:00|off · /settings breaking wake|hold · "
        "/settings sources -state-affiliated|+wire|all · "
        "/settings lang en|uk|ru · /settings mode every|first"
    ),
    "setting_tz": "Часовой пояс: <b>{tz}</b>.",
    "setting_digest": "Ежедневный дайджест в <b>{time}</b>; следующий — {next}.",
    "setting_digest_off": "Ежедневный дайджест выключен.",
    "setting_lang": "Язык: русский.",
    "setting_every": "Уведомление будет приходить о каждом материале, даже из известного сюжета.",
    "setting_first": "Уведомление будет приходить только о первом материале каждого сюжета.",
    "setting_quiet": (
        "Тихие часы: <b>{period}</b> ({tz}). Уведомления, пришедшие в это время, вы получите "
        "одной сводкой, когда тихие часы закончатся."
    ),
    "setting_quiet_off": "Тихие часы выключены.",
    "setting_breaking_wake": "В тихие часы срочный сюжет (🔴) придёт сразу.",
    "setting_breaking_hold": "В тихие часы срочные сюжеты тоже подождут итоговой сводки.",
    "setting_sources_all": "Уведомления могут начинаться с источников любого типа.",
    "setting_sources": (
        "Без уведомлений, где первым выступает: <b>{kinds}</b>. Сюжет, который они дали "
        "первыми, дойдёт до вас, как только его подхватит источник другого типа, — уже "
        "во главе с ним."
    ),
    "bad_timezone": (
        "<b>{given}</b> — это не часовой пояс. Укажите название IANA, например Europe/Moscow "
        "или UTC."
    ),
    "bad_timezone_near": "<b>{given}</b> — это не часовой пояс. Может быть, <b>{suggestion}</b>?",
    "bad_time": "<b>{given}</b> — это не время: напишите ЧЧ:ММ, например 08:00, или off.",
    "bad_language": (
        "<b>{given}</b>: доступные языки — en (английский), uk (украинский) и ru (русский)."
    ),
    "bad_quiet": (
        "<b>{given}</b> — это не тихие часы: напишите ЧЧ:ММ-ЧЧ:ММ, например 23:00-07:00, или off."
    ),
    "bad_breaking": "<b>{given}</b>: напишите wake (срочное приходит сразу) или hold.",
    "bad_kind": (
        "<b>{given}</b>: типы источников — official, wire, independent и state-affiliated "
        "(или all)."
    ),
    "bad_mode": "<b>{given}</b>: режимы — every (каждый материал) и first (первый в сюжете).",
    "bad_count": "<b>{given}</b>: укажите число от 1 до 20, например /latest 10.",
    "bad_period": "<b>{given}</b> — это не период: напишите 6h, 24h, 3d или 7d (не больше 30d).",
    "bad_digest_args": (
        "Не понял <b>{given}</b>. Примеры: /digest, /digest 3d, /digest 24h ceasefire"
    ),
    "bad_trend_period": "<b>{given}</b> — это не период для графика: напишите 7d или 30d.",
    "bad_trend_args": ("Не понял <b>{given}</b>. Примеры: /trend, /trend 30d, /trend 7d ceasefire"),
    "trend_did_you_mean": (
        "Темы <b>{given}</b> нет. Может быть, вы имели в виду <b>{topic}</b>? "
        "Отправьте /trend 7d {topic}"
    ),
    "trend_title_all": "Все темы · последние {days} дн.",
    "trend_title_topic": "{topic} · последние {days} дн.",
    "trend_caption_all": "Сюжеты по дням, последние {days} дн. · {total}",
    "trend_caption_topic": "{topic}: сюжеты по дням, последние {days} дн. · {total}",
    "trend_total_one": "всего сюжетов: 1",
    "trend_total_many": "всего сюжетов: {count}",
    "trend_empty_all": "За последние {days} дн. сюжетов пока нет — строить график не по чему.",
    "trend_empty_topic": (
        "За последние {days} дн. сюжетов на тему <b>{topic}</b> нет — строить график не по чему."
    ),
    "stop_done": (
        "Готово: вы отписаны от всего, а ваши данные (темы, ключевые слова, настройки, "
        "уведомления в очереди) удалены. /start — чтобы вернуться."
    ),
    "help_header": "<b>Команды Peacewatch</b>",
    "help_admin_header": "<b>Команды оператора</b>",
    "help_channel": (
        "Каналы: сделайте бота администратором канала, затем отправьте здесь /link @channel; "
        "/channel — список каналов, /channel ID topics — выбрать темы, "
        "/channel ID list — посмотреть их, /channel ID unlink — прекратить публикации."
    ),
    "unknown_command": "Неизвестная команда. /help — список команд.",
    "not_allowed": "Недоступно.",
    "group_admins_only": "Менять подписки группы могут только её администраторы.",
    "slow_down": "Слишком много команд сразу: подождите несколько секунд.",
    "error_apology": "Извините, что-то пошло не так. Попробуйте ещё раз через минуту.",
    "stats": (
        "<b>Peacewatch</b>\nПодписчиков: {subscribers}\nАктивных чатов: {active}\n"
        "Материалов сегодня: {items}\nУведомлений сегодня: {alerts}\n"
        "Фидов с ошибками: {errors} из {feeds}"
    ),
    "feeds_empty": "Ни одного фида не настроено.",
    "health_failing": (
        "⚠️ <b>{feed}</b> не работает: {errors} ошибок подряд, ни одного успеха с {since}. "
        "Последняя ошибка: {error}"
    ),
    "health_gone": (
        "⚠️ <b>{feed}</b> ответил 410 Gone и больше не опрашивается: укажите новый адрес "
        "в feeds.yaml."
    ),
    "health_silent": (
        "🔇 <b>{feed}</b> не приносит ничего нового уже {silent}; обычно — хотя бы раз в {cadence}."
    ),
    "health_churning": (
        "🔁 <b>{feed}</b> меняет идентификаторы материалов: {odd} из {total} «новых» "
        "материалов за последний час были со старыми датами или уже известными ссылками. "
        "Уведомления могут повторять старое или пропускать новое."
    ),
    "health_recovered": "✅ <b>{feed}</b> снова работает нормально после {duration}: {state}.",
    "health_state_failing": "сбои",
    "health_state_silent": "тишина",
    "health_state_churning": "смена идентификаторов",
    "opml_caption": "{count} фидов из feeds.yaml в формате OPML",
    "opml_added": "В feeds.yaml добавлено фидов: {count}; опрашиваем их с этой минуты:",
    "opml_nothing_added": "В feeds.yaml ничего не добавлено.",
    "opml_skipped": "Пропущено: {count}:",
    "opml_skip_exists": "уже есть в feeds.yaml",
    "opml_skip_duplicate": "дважды в файле",
    "opml_skip_no_url": "нет адреса фида (только htmlUrl)",
    "opml_skip_bad_url": "адрес не http(s)",
    "opml_skip_no_kind": (
        "не указан тип источника: укажите его (в подписи к файлу, например wire; --kind "
        "в командной строке)"
    ),
    "opml_bad_file": "Не могу прочитать этот файл OPML: {reason}",
    "opml_not_opml": "Пришлите файл OPML (.opml или .xml), чтобы добавить его фиды.",
    "opml_too_big": "Файл больше {max} КБ: список фидов в OPML намного меньше.",
    "opml_cannot_write": "Не могу обновить feeds.yaml: {reason}",
    "link_usage": "Как: /link @channel или /link -1001234567890",
    "bad_channel": "<b>{given}</b> — это не имя и не id канала.",
    "channel_not_found": (
        "Не могу найти <b>{given}</b>. Сначала добавьте бота в канал как администратора."
    ),
    "not_a_channel": "<b>{given}</b> — это не канал.",
    "bot_not_admin": (
        "Бот не администратор {channel}: дайте ему права (с разрешением публиковать) "
        "и попробуйте ещё раз."
    ),
    "channel_linked": (
        "Канал {channel} подключён (id <code>{id}</code>). Выберите его темы ниже; "
        "дальше — /channel {id}."
    ),
    "channel_unknown": "Нет подключённого канала <b>{given}</b>. /channel — список.",
    "channels_none": "Ни один канал ещё не подключён: /link @channel",
    "channels_header": "<b>Подключённые каналы</b>",
    "channel_usage": "Как: /channel ID topics · /channel ID list · /channel ID unlink",
    "channel_unlinked": "Канал {channel} отключён: публикаций там больше не будет.",
    "cb_subscribed": "Подписка: {topic}",
    "cb_unsubscribed": "Отписка: {topic}",
    "cb_keyword_removed": "Удалено: {keyword}",
    "cb_saved": "Сохранено",
    "cb_outdated": "Эта кнопка устарела.",
    "kb_lang_en": "English",
    "kb_lang_uk": "Українська",
    "kb_lang_ru": "Русский",
    "kb_every": "Каждый материал",
    "kb_first": "Первый в сюжете",
    "kb_digest_off": "Без дайджеста",
    "kb_digest_at": "Дайджест {time}",
    "kb_keyword": "Слово: {keyword}",
    "kb_quiet_off": "Без тихих часов",
    "kb_quiet": "Тишина {period}",
    "kb_breaking_wakes": "🔴 Срочное может разбудить",
    "kb_kind_official": "Официальные",
    "kb_kind_wire": "Агентства",
    "kb_kind_independent": "Независимые",
    "kb_kind_state_affiliated": "Государственные",
}

TOPIC_NAMES: dict[str, str] = {
    "ceasefire": "Прекращение огня",
    "security-guarantees": "Гарантии безопасности",
    "territory": "Территории",
    "nato-neutrality": "НАТО и нейтралитет",
    "sanctions": "Санкции",
    "nuclear-plant": "Запорожская АЭС",
    "peace-plan": "Мирный план",
    "talks-summit": "Переговоры и саммиты",
    "prisoners": "Пленные и депортированные дети",
    "elections-legitimacy": "Выборы и легитимность",
}
