# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = Le journal d’audit n’a pas été scellé depuis le { $since } (UTC) et { $waiting ->
    [one] { $waiting } événement attend
   *[other] { $waiting } événements attendent
} : les accès ne sont pas scellés de façon à rendre toute altération détectable. Prévenez l’équipe technique ; motif :
