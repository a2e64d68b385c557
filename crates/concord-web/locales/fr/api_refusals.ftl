# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Refus de l'API pour une requête entière (issue 19). Brouillon d'un ingénieur, pas encore relu par une personne de langue maternelle.
api-refusal-method-not-allowed = Cette route n'accepte pas cette méthode ; l'en-tête Allow indique celles qu'elle accepte.
api-refusal-too-large = Le corps de la requête dépasse la taille acceptée par cette route.
api-refusal-too-long = L'adresse est plus longue que ce que le serveur accepte.
api-refusal-unsupported-media-type = Le corps doit être du JSON, envoyé avec Content-Type: application/json.
api-refusal-path-value = ne peut pas être lu dans l'adresse
api-refusal-query-value = n'est pas une valeur acceptée par ce paramètre
error-unavailable = Le service ne peut pas joindre sa base de données pour le moment. Rien n'a été modifié. Réessayez dans un instant.
