# Statistiques (issue 13) : la page du parcours des orientations.

statistics-indicators = Indicateurs
statistics-funnel-title = Parcours des orientations
statistics-funnel-intro = Orientations envoyées entre organismes pendant la période : jusqu'où elles sont allées, en combien de temps, selon le secteur de l'organisme destinataire et l'urgence. Choisissez une zone dans le tableau pour voir les zones qui en dépendent.
statistics-funnel-steps-caption = Orientations envoyées ayant atteint chaque étape
statistics-funnel-step = Étape
statistics-funnel-sent-at-this-level = Envoyées, comptées dans cette zone même (sans zone d'incident plus bas)
statistics-funnel-chart-caption = Orientations atteignant chaque étape : { $area }, { $period }.
statistics-funnel-chart-same-as-table = Les tableaux donnent les mêmes chiffres.
statistics-funnel-times-caption = Délai médian entre l'envoi et chaque étape
statistics-funnel-referrals = Orientations
statistics-funnel-median = Délai médian
statistics-funnel-no-median = non affiché
statistics-funnel-minutes = { $minutes } min
statistics-funnel-hours = { $hours } h
statistics-funnel-days = { $days } jours
statistics-funnel-count-and-median = { $count } (médiane { $median })
statistics-funnel-sectors-caption = Selon le secteur de l'organisme destinataire (délai médian entre parenthèses)
statistics-funnel-sector = Secteur destinataire
statistics-funnel-urgency-caption = Réponses dans le délai cible, par urgence
statistics-funnel-urgency = Urgence
statistics-funnel-with-target = Envoyées avec un délai cible
statistics-funnel-in-time = Réponse dans le délai
statistics-funnel-share = Part des réponses dans le délai
statistics-funnel-percent = { $percent } %
statistics-funnel-no-share = non affichée
statistics-funnel-without-target = Envoyées sans délai cible
statistics-funnel-exact-note = Ce sont exactement les orientations envoyées par votre organisme. Elles ne sont pas destinées à la publication : tout ce qui est partagé au-delà de votre organisme est masqué.

statistics-indicator-referral-funnel = Parcours des orientations
statistics-indicator-referral-funnel-numerator = Orientations envoyées pendant la période ayant atteint chaque étape : accusé de réception, acceptation, refus, premier contact, service fourni, clôture avec retour, retrait par l'expéditeur, expiration sans réponse ; et celles qui ont reçu une réponse (accusé, acceptation ou refus) dans leur délai cible. Le délai médian court de l'envoi à la première fois où l'étape a été atteinte.
statistics-indicator-referral-funnel-denominator = Orientations envoyées pendant la période (pour la part des réponses dans le délai : celles envoyées avec un délai cible, par urgence).
statistics-indicator-referral-funnel-period = Le moment de l'envoi tombe dans la période (jours civils locaux). Sa zone est celle du premier incident du dossier ; un dossier sans zone d'incident est compté au sommet.
statistics-indicator-referral-funnel-excluded = Les brouillons jamais envoyés. Un délai médian n'est affiché qu'à côté d'un nombre affiché, et une part que si ses deux nombres le sont.
