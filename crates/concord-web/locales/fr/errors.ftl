# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# What an error says when it has no reason of its own (the error page and the API's `message`).
error-not-found = Introuvable.
error-conflict = Quelqu’un d’autre a modifié cet élément en même temps ; rechargez la page et réessayez.
error-unauthenticated = Connectez-vous d’abord, ou le jeton n’est pas valable.
error-bad-credentials = Le nom d’utilisateur ou le mot de passe est incorrect.
error-bad-second-factor = Le code est incorrect ou a déjà été utilisé.
error-throttled = Trop de tentatives échouées ; réessayez plus tard.
error-internal = Une erreur s’est produite de notre côté. Rien n’a été modifié. Réessayez.
error-cross-site = Cette requête ne provient pas d’une page de Concord et a été refusée.
error-rate-limited = { $seconds ->
    [one] Trop de requêtes depuis votre adresse ; réessayez dans { $seconds } seconde.
   *[other] Trop de requêtes depuis votre adresse ; réessayez dans { $seconds } secondes.
}
