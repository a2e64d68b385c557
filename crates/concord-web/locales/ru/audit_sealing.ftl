# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = Журнал аудита не запечатывался с { $since } (UTC), и ожидают { $waiting } событий: обращения к данным не защищаются от подделки. Сообщите технической группе; причина:
