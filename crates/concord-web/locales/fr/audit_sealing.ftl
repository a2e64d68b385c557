# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = Le journal d’audit n’a pas été scellé depuis { $since } (UTC) et { $waiting } événements sont en attente : les accès ne sont plus rendus infalsifiables. Prévenez l’équipe technique ; la raison :
