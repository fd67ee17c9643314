"""Every word the bot says, in English (the keys every language must have)."""

TEXTS: dict[str, str] = {
    "alert_matched": "matched",
    "alert_keyword": "keyword",
    "alert_also": "Also reported by {count} more:",
    "alert_also_more": "+{count} more: {outlets}",
    "alerts_new": "{count} new alerts",
    "alerts_held": "While you were muted: {count} new alerts",
    "alerts_held_quiet": "During your quiet hours: {count} new alerts",
    "kind_official": "official source",
    "kind_wire": "news agency",
    "kind_independent": "independent media",
    "kind_state_affiliated": "state-affiliated media",
    "count_outlets": "{count} outlet|{count} outlets",
    "count_official": "{count} official|{count} official",
    "count_wire": "{count} wire|{count} wires",
    "count_independent": "{count} independent|{count} independent",
    "count_state_affiliated": "{count} state-affiliated|{count} state-affiliated",
    "count_other": "{count} other|{count} other",
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
    "cmd_settings": "timezone, daily digest, quiet hours, sources, language, alert mode",
    "cmd_stop": "unsubscribe from everything and delete your data",
    "cmd_help": "this list",
    "cmd_stats": "subscribers, chats, items and alerts today, feeds in error",
    "cmd_feeds": "every feed with its state",
    "cmd_link": "link a channel the bot administers: /link @channel",
    "cmd_channel": "manage a linked channel: /channel [id] [topics|list|unlink]",
    "cmd_opml": "the feeds as an OPML file (send an OPML file to import feeds)",
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
        "Added the keyword <b>{keyword}</b>: you will get an alert for every item that mentions it."
    ),
    "keyword_exists": "You already have the keyword <b>{keyword}</b>.",
    "keyword_removed": "Removed the keyword <b>{keyword}</b>.",
    "keyword_unknown": ("<b>{keyword}</b> is neither a topic nor one of your keywords. See /list."),
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
    "list_quiet_off": "Quiet hours: off",
    "list_quiet_wake": "Quiet hours: {period}; breaking news comes through",
    "list_quiet_hold": "Quiet hours: {period}; everything waits for the summary",
    "list_sources_all": "Sources: every kind",
    "list_sources_some": "Sources: no alerts led by {kinds}",
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
        "Change with the buttons (✓ on a source kind: alerts may be led by it) or type:\n"
        "/settings tz Europe/Kyiv\n/settings digest 08:00 (or off)\n"
        "/settings quiet 23:00-07:00 (or off)\n/settings breaking wake (or hold)\n"
        "/settings sources -state-affiliated (or +state-affiliated, all)\n"
        "/settings lang uk\n/settings mode every (or first)"
    ),
    "settings_usage": (
        "Usage: /settings tz Europe/Kyiv · /settings digest 08:00|off · "
        "/settings quiet 23:00-07:00|off · /settings breaking wake|hold · "
        "/settings sources -state-affiliated|+wire|all · "
        "/settings lang en|uk|ru · /settings mode every|first"
    ),
    "setting_tz": "Timezone set to <b>{tz}</b>.",
    "setting_digest": "Daily digest at <b>{time}</b>; the next one on {next}.",
    "setting_digest_off": "Daily digest switched off.",
    "setting_lang": "Language: English.",
    "setting_every": "You will get an alert for every item, even of a story already alerted.",
    "setting_first": "You will get an alert for the first item of each story only.",
    "setting_quiet": (
        "Quiet hours: <b>{period}</b> ({tz}). Alerts that arrive then come as one summary "
        "when they end."
    ),
    "setting_quiet_off": "Quiet hours switched off.",
    "setting_breaking_wake": "During quiet hours a breaking story (🔴) comes through at once.",
    "setting_breaking_hold": "During quiet hours breaking stories wait for the summary too.",
    "setting_sources_all": "Alerts may be led by every kind of source.",
    "setting_sources": (
        "No alerts led by: <b>{kinds}</b>. A story they carry first reaches you when "
        "another kind of source carries it, led by that source."
    ),
    "bad_timezone": (
        "<b>{given}</b> is not a timezone. Use an IANA name such as Europe/Kyiv or UTC."
    ),
    "bad_timezone_near": "<b>{given}</b> is not a timezone. Did you mean <b>{suggestion}</b>?",
    "bad_time": "<b>{given}</b> is not a time: write HH:MM, such as 08:00, or off.",
    "bad_language": (
        "<b>{given}</b>: the languages are en (English), uk (Ukrainian) and ru (Russian)."
    ),
    "bad_quiet": (
        "<b>{given}</b> is not a quiet period: write HH:MM-HH:MM, such as 23:00-07:00, or off."
    ),
    "bad_breaking": "<b>{given}</b>: say wake (breaking news comes through) or hold.",
    "bad_kind": (
        "<b>{given}</b>: the source kinds are official, wire, independent and "
        "state-affiliated (or all)."
    ),
    "bad_mode": ("<b>{given}</b>: the modes are every (every item) and first (first of a story)."),
    "bad_count": "<b>{given}</b>: give a number from 1 to 20, such as /latest 10.",
    "bad_period": "<b>{given}</b> is not a period: write 6h, 24h, 3d or 7d (at most 30d).",
    "bad_digest_args": (
        "Did not understand <b>{given}</b>. Examples: /digest, /digest 3d, /digest 24h ceasefire"
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
    "health_failing": (
        "⚠️ <b>{feed}</b> is failing: {errors} errors in a row, no success since {since}. "
        "Last error: {error}"
    ),
    "health_gone": (
        "⚠️ <b>{feed}</b> answered 410 Gone and is no longer polled: give it a new url in "
        "feeds.yaml."
    ),
    "health_silent": (
        "🔇 <b>{feed}</b> has brought nothing new for {silent}; it usually does every {cadence}."
    ),
    "health_churning": (
        "🔁 <b>{feed}</b> is churning its item identities: {odd} of the {total} items it "
        "served as new in the last hour carried old dates or links we already had. Alerts "
        "may repeat old stories or miss new ones."
    ),
    "health_recovered": "✅ <b>{feed}</b> is healthy again, after {duration} {state}.",
    "health_state_failing": "failing",
    "health_state_silent": "silent",
    "health_state_churning": "churning",
    "opml_caption": "{count} feeds of feeds.yaml, as OPML",
    "opml_added": "Added to feeds.yaml: {count} (polled from now on):",
    "opml_nothing_added": "No feed added to feeds.yaml.",
    "opml_skipped": "Skipped: {count}:",
    "opml_skip_exists": "already in feeds.yaml",
    "opml_skip_duplicate": "listed twice in the file",
    "opml_skip_no_url": "no feed address (htmlUrl only)",
    "opml_skip_bad_url": "not an http(s) address",
    "opml_skip_no_kind": (
        "no source kind: give one (as the file's caption, such as wire; --kind on the command line)"
    ),
    "opml_bad_file": "Cannot read this OPML file: {reason}",
    "opml_not_opml": "Send an OPML file (.opml or .xml) to import its feeds.",
    "opml_too_big": "This file is larger than {max} KB: an OPML list of feeds is far smaller.",
    "opml_cannot_write": "Cannot update feeds.yaml: {reason}",
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
    "kb_lang_ru": "Русский",
    "kb_quiet_off": "No quiet hours",
    "kb_quiet": "Quiet {period}",
    "kb_breaking_wakes": "🔴 Breaking news may wake me",
    "kb_kind_official": "Official",
    "kb_kind_wire": "Wires",
    "kb_kind_independent": "Independent",
    "kb_kind_state_affiliated": "State-affiliated",
    "kb_every": "Every item",
    "kb_first": "First of a story",
    "kb_digest_off": "No daily digest",
    "kb_digest_at": "Digest {time}",
    "kb_keyword": "Keyword: {keyword}",
}
