# Statistics (issue 13): indicators, who sees what, suppression.

nav-statistics = Statistiques
statistics-title = Statistiques
statistics-incidents-title = Statistiques des incidents (GBVIMS)
statistics-incidents-intro = Incidents de violence basée sur le genre par zone et par période, avec une ventilation. Choisissez une zone dans le tableau pour voir les zones qui en relèvent.
statistics-show = Afficher
statistics-period-hint = Un mois (2026-11), un trimestre (2026-Q4) ou une année (2026), en heure locale du calendrier.
statistics-drill-path = Les zones, de la nation vers le bas
statistics-and-areas-below = et les zones qui en relèvent
statistics-total = Tous les incidents comptés
statistics-at-this-level = Enregistrés dans cette zone même, dans aucune zone qui en relève
statistics-month = Mois
statistics-suppressed = masqué
statistics-suppressed-note = Ces chiffres combinent plusieurs organismes : les petits effectifs (de 1 à { $threshold } moins un) sont donc affichés « masqué », de même que les autres chiffres dont on pourrait déduire un petit effectif.
statistics-exact-note = Ce sont les chiffres exacts de votre propre organisme. Ils ne sont pas destinés à la publication : tout ce qui est partagé au-delà de votre organisme est masqué.
statistics-chart-caption = { $breakdown } : { $area }, { $period }.
statistics-chart-same-as-table = Le tableau ci-dessus donne les mêmes chiffres.
statistics-trend-caption = Incidents comptés par mois
statistics-definition-title = Ce qui est compté
statistics-suppression-explained = Les chiffres exacts ne quittent jamais l’organisme qui détient les dossiers. Partout où des organismes sont combinés, ou lorsque des chiffres sont montrés à des analystes, des secrétariats ou des coordinateurs, les petits effectifs sont masqués ensemble à tous les niveaux et dans toutes les ventilations de la période, de sorte qu’un chiffre de district masqué ne peut être déduit ni de ses voisins, ni de sa région, ni d’une autre ventilation.

field-agencies = Organismes
field-period = Période
field-breakdown = Ventilation

statistics-agencies-all = Tous les organismes combinés (avec masquage)
statistics-agencies-own = Mon organisme seulement (exact)

statistics-breakdown-gbv-type = Type de violence
statistics-breakdown-age-group = Tranche d’âge de la survivante
statistics-breakdown-sex = Sexe ou genre de la survivante
statistics-breakdown-perpetrator-relationship = Lien de l’auteur avec la survivante
statistics-breakdown-reporting-delay = Délai entre l’incident et le signalement
statistics-breakdown-context = Contexte (un incident peut en avoir plusieurs)

age-group-unknown = Âge inconnu

statistics-definition-numerator = Compté
statistics-definition-denominator = Sur
statistics-definition-period = Période
statistics-definition-excluded = Non compté

statistics-indicator-gbv-incidents = Incidents de violence basée sur le genre
statistics-indicator-gbv-incidents-numerator = Incidents de l’un des six types du GBVIMS (viol, agression sexuelle, agression physique, mariage forcé, déni de ressources, violence psychologique), dans la zone ou une zone qui en relève.
statistics-indicator-gbv-incidents-denominator = Un effectif, pas une proportion : les catégories de la ventilation s’additionnent pour donner le total, sauf les contextes, dont plusieurs peuvent s’appliquer à un même incident.
statistics-indicator-gbv-incidents-period = La date locale du premier signalement de l’incident tombe dans la période.
statistics-indicator-gbv-incidents-excluded = Les incidents sans le consentement de la survivante à leur usage statistique ; les incidents déjà signalés ailleurs (pour qu’un incident ne soit pas compté deux fois entre organismes) ; les incidents qui ne sont pas des violences basées sur le genre.

statistics-indicator-repeat-victimisation = Victimisation répétée
statistics-indicator-repeat-victimisation-numerator = Survivantes dont l’incident de la période est survenu dans les 12 mois civils suivant un incident antérieur les concernant.
statistics-indicator-repeat-victimisation-denominator = Survivantes ayant un incident dans la période.
statistics-indicator-repeat-victimisation-period = La date locale de l’incident tombe dans la période.
statistics-indicator-repeat-victimisation-excluded = Le même jour que l’incident antérieur (un seul épisode).
