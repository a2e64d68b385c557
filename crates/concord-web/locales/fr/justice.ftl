# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The justice chain of a case (issue 16).

category-justice = Justice (police, ministère public, tribunaux, probation)
case-refusal-sector-does-not-record = Les organismes de votre secteur n’enregistrent pas ce type d’étape judiciaire : la police enregistre les plaintes, les infractions, les arrestations et les mises en liberté sous caution ; le ministère public et la police, la décision sur les poursuites ; le ministère public, l’engagement des poursuites ; les tribunaux et le ministère public, les audiences, les mesures spéciales et les verdicts ; les tribunaux, le ministère public et la probation, la peine.

field-occurred-on = Date de l’étape
field-detail = Numéro de plainte ou conditions de la liberté sous caution
field-offences = Catégories d’infractions

justice-link = Chaîne pénale
justice-title = Chaîne pénale du dossier
justice-chain = Ce qui s’est passé après sa plainte, dans l’ordre où cela s’est passé
justice-no-steps = Rien n’est encore enregistré.
justice-recorded-by = Enregistré par
justice-record = Enregistrer une étape
justice-record-hint = Chaque étape suit celle dont elle dépend : une plainte, puis une infraction enregistrée ou une arrestation ; une décision sur les poursuites après une infraction enregistrée ; l’engagement des poursuites après une inculpation ; des audiences, des mesures spéciales et un verdict après l’engagement des poursuites ; une peine après un verdict de culpabilité.
justice-outcome-hint = Pour une infraction enregistrée, une décision sur les poursuites, une audience, des mesures spéciales, un verdict ou une peine. Laissez vide pour les autres étapes.
justice-reason-hint = En cas de classement sans suite, ou lorsqu’elle retire son soutien. Sinon, laissez vide.
justice-detail-hint = Le numéro de la plainte déposée auprès de la police, ou les conditions de la liberté sous caution. Conservé chiffré. Laissez vide pour les autres étapes.
justice-none = Sans objet pour cette étape
justice-record-button = Enregistrer l’étape

justice-detail-reported-to-police = Numéro de plainte
justice-detail-released-on-bail = Conditions de la liberté sous caution

justice-kind-reported-to-police = Plainte déposée auprès de la police
justice-kind-crime-recorded = Infraction enregistrée
justice-kind-arrest = Arrestation
justice-kind-released-on-bail = Suspect remis en liberté sous caution
justice-kind-charge-decision = Décision sur les poursuites
justice-kind-prosecution-started = Engagement des poursuites
justice-kind-court-hearing = Audience
justice-kind-special-measures = Mesures spéciales à l’audience
justice-kind-verdict = Verdict
justice-kind-sentence = Peine
justice-kind-support-withdrawn = Elle a retiré son soutien à la procédure

justice-outcome-charged = Inculpation
justice-outcome-no-further-action = Classement sans suite
justice-outcome-out-of-court = Mesure alternative aux poursuites
justice-outcome-adjourned = Renvoi de l’audience
justice-outcome-pleaded-guilty = A plaidé coupable
justice-outcome-pleaded-not-guilty = A plaidé non coupable
justice-outcome-trial-held = Procès tenu
justice-outcome-other = Autre
justice-outcome-screens = Écran de protection
justice-outcome-live-link = Liaison vidéo en direct
justice-outcome-evidence-in-private = Déposition à huis clos
justice-outcome-video-recorded-evidence = Audition enregistrée en vidéo
justice-outcome-intermediary = Intermédiaire
justice-outcome-guilty = Coupable
justice-outcome-not-guilty = Non coupable
justice-outcome-custody = Emprisonnement
justice-outcome-suspended-sentence = Peine avec sursis
justice-outcome-community-order = Travail d’intérêt général ou autre peine en milieu ouvert
justice-outcome-fine = Amende
justice-outcome-discharge = Dispense de peine

justice-reason-evidential-difficulties = Difficultés liées aux preuves
justice-reason-victim-does-not-support = Elle n’a pas soutenu les poursuites
justice-reason-not-in-public-interest = Poursuites contraires à l’intérêt public
justice-reason-suspect-not-identified = Suspect non identifié
justice-reason-other = Autre
justice-reason-fear-of-reprisal = Peur des représailles
justice-reason-pressure-from-perpetrator-or-family = Pressions de l’auteur ou de la famille
justice-reason-reconciled = Réconciliation
justice-reason-lost-confidence-in-process = Perte de confiance dans la procédure

# Protection orders (issue 16 part 2; domain rules only so far).
field-issued-on = Délivrée le
field-served-on = Signifiée le
field-expires-on = Expire le
