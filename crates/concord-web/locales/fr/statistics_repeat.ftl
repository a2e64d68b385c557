# Statistiques (issue 13) : la page de la victimisation répétée.

statistics-repeat-title = Victimisation répétée
statistics-repeat-intro = Survivantes ayant subi pendant la période un incident survenu dans les 12 mois suivant un incident antérieur. Choisissez une zone dans le tableau pour voir les zones qui en dépendent.
statistics-repeat-caption = Survivantes ayant un incident pendant la période, et répétitions
statistics-repeat-figure = Chiffre
statistics-repeat-survivors = Survivantes ayant un incident pendant la période
statistics-repeat-repeat = Dans les 12 mois suivant un incident antérieur (répétition)
statistics-repeat-not-repeat = Pas une répétition
statistics-repeat-rate = Taux de répétition
statistics-repeat-chart-caption = Taux de répétition (%) de chaque zone : { $area }, { $period }.
