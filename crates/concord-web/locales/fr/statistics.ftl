# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Statistics (issue 13): indicators, who sees what, suppression.

nav-statistics = Statistiques
statistics-title = Statistiques
statistics-incidents-title = Statistiques des incidents (GBVIMS)
statistics-incidents-intro = Incidents de violence basée sur le genre par zone et par période, avec une ventilation. Choisissez une zone dans le tableau pour voir les zones qui en dépendent.
statistics-show = Afficher
statistics-period-hint = Un mois (2026-11), un trimestre (2026-Q4) ou une année (2026), selon le calendrier local.
statistics-drill-path = Zones, du niveau national vers le bas
statistics-and-areas-below = et les zones qui en dépendent
statistics-total = Tous les incidents comptabilisés
statistics-at-this-level = Enregistrés au niveau de cette zone même, dans aucune zone qui en dépend
statistics-month = Mois
statistics-suppressed = masqué
statistics-suppressed-note = Ces chiffres regroupent plusieurs organismes : les petits effectifs (de 1 à { $threshold } moins un) sont donc affichés comme « masqué », de même que les autres chiffres qui permettraient de retrouver un petit effectif.
statistics-exact-note = Ce sont les chiffres exacts de votre propre organisme. Ils ne sont pas destinés à la publication : tout ce qui est partagé au-delà de votre organisme est soumis au secret statistique.
statistics-chart-caption = { $breakdown } : { $area }, { $period }.
statistics-chart-same-as-table = Le tableau ci-dessus donne les mêmes chiffres.
statistics-trend-caption = Incidents comptabilisés par mois
statistics-definition-title = Ce qui est comptabilisé
statistics-suppression-explained = Les chiffres exacts ne quittent jamais l’organisme qui détient les dossiers. Partout où des organismes sont regroupés, ou lorsque des chiffres sont montrés aux analystes, aux secrétariats ou aux coordinations, les petits effectifs sont masqués ensemble à tous les niveaux et dans toutes les ventilations de la période, afin qu’un chiffre de district masqué ne puisse pas être retrouvé à partir des districts voisins, de sa région ou d’une autre ventilation.

field-agencies = Organismes
field-period = Période
field-breakdown = Ventilation

statistics-agencies-all = Tous les organismes réunis (secret statistique appliqué)
statistics-agencies-own = Mon organisme seulement (chiffres exacts)

statistics-breakdown-gbv-type = Type de violence
statistics-breakdown-age-group = Tranche d’âge de la survivante
statistics-breakdown-sex = Sexe ou genre de la survivante
statistics-breakdown-perpetrator-relationship = Lien de l’auteur avec la survivante
statistics-breakdown-reporting-delay = Délai entre l’incident et le signalement
statistics-breakdown-context = Contexte (un incident peut en avoir plusieurs)

age-group-unknown = Âge inconnu

statistics-definition-numerator = Comptabilisé
statistics-definition-denominator = Sur
statistics-definition-period = Période
statistics-definition-excluded = Non comptabilisé

statistics-indicator-gbv-incidents = Incidents de violence basée sur le genre
statistics-indicator-gbv-incidents-numerator = Incidents relevant de l’un des six types du GBVIMS (viol, agression sexuelle, agression physique, mariage forcé, déni de ressources, violence psychologique), dans la zone ou dans une zone qui en dépend.
statistics-indicator-gbv-incidents-denominator = Un effectif, pas une proportion : les catégories de la ventilation s’additionnent pour donner le total, sauf les contextes, dont plusieurs peuvent s’appliquer à un même incident.
statistics-indicator-gbv-incidents-period = La date locale à laquelle l’incident a été signalé pour la première fois tombe dans la période.
statistics-indicator-gbv-incidents-excluded = Incidents pour lesquels la survivante n’a pas consenti aux statistiques ; incidents déjà signalés ailleurs (pour qu’un même incident ne soit pas compté deux fois entre organismes) ; incidents qui ne relèvent pas de la violence basée sur le genre.

statistics-indicator-repeat-victimisation = Victimisation répétée
statistics-indicator-repeat-victimisation-numerator = Survivantes dont l’incident de la période est survenu dans les 12 mois civils suivant un incident antérieur les concernant.
statistics-indicator-repeat-victimisation-denominator = Survivantes ayant subi un incident au cours de la période.
statistics-indicator-repeat-victimisation-period = La date locale de l’incident tombe dans la période.
statistics-indicator-repeat-victimisation-excluded = Le même jour que l’incident antérieur (un seul épisode). Les incidents que les statistiques d’incidents ne comptent pas non plus (sans consentement aux statistiques, déjà signalés ailleurs, hors violences basées sur le genre).
