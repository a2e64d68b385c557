# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = Журнал аудита не запечатывался с { $since } (UTC), и { $waiting ->
    [one] ожидает { $waiting } событие
    [few] ожидают { $waiting } события
    [many] ожидают { $waiting } событий
   *[other] ожидают { $waiting } события
}: доступы не запечатываются так, чтобы любое вмешательство было заметно. Сообщите технической группе; причина:
