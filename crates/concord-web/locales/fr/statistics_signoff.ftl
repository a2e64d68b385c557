# Publications statistiques (ticket 13 §4) : le rôle du signataire et les
# avis de la page d'accueil des agences qui valident les publications.

statistics-release-signed-as = Signé en tant que
home-statistics-releases = Publications statistiques
home-statistics-awaiting = { $count ->
    [one] Une publication statistique attend la validation de votre agence.
   *[other] { $count } publications statistiques attendent la validation de votre agence.
}
home-statistics-published = { $count ->
    [one] Une publication statistique validée par votre agence a été publiée ces { $days } derniers jours.
   *[other] { $count } publications statistiques validées par votre agence ont été publiées ces { $days } derniers jours.
}
home-statistics-release-line = { $period } — { $area }
