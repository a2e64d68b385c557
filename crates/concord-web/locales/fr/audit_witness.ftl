# Alarme du témoin réseau sur la page d'accueil des administrateurs système (issue 18).
home-audit-witness-alarm = Le témoin d'audit { $witness } n'a pas contresigné le journal d'audit depuis le { $since } (UTC). Les accès sont toujours enregistrés et scellés, mais personne à l'extérieur ne peut s'en porter garant tant qu'il ne l'a pas fait. Prévenez l'équipe technique ; la raison :
