# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The SMART actions of risk conferences, and what a conference's protocol shares.
conference-shared-categories = Ce que partage le protocole de partage d’informations
conference-shared-categories-hint = Les organismes présents voient ces parties de chaque dossier inscrit, et seulement celles-ci, jusqu’à la fin de la période d’accès qui suit la réunion.
conference-actions = Actions
conference-actions-after-attendance = Les actions sont convenues pendant la réunion : enregistrez d’abord les présences.
conference-actions-for = Actions pour
conference-actions-none = Aucune action convenue pour l’instant.
conference-action-description = Ce qui doit être fait
conference-action-owner = Organisme responsable
conference-action-note = Pourquoi (ce qui a changé, si ce n’est pas possible)
conference-action-overdue = en retard
conference-action-escalated = transmise au comité de pilotage
conference-action-carry-overs = Reportée
conference-action-agree = Convenir d’une action pour
conference-action-agree-button = Convenir de l’action
conference-action-record = Enregistrer
conference-actions-outstanding = Actions en suspens des réunions précédentes
conference-actions-outstanding-intro = La clôture de cette réunion reporte à la réunion suivante chaque action non encore réalisée ; au-delà du nombre de reports fixé par la conférence, elle est transmise au comité de pilotage.
conference-actions-open = Actions ouvertes
conference-actions-none-open = Aucune action ouverte.
conference-actions-of-my-agency = Actions de conférence d’évaluation des risques dont votre organisme est responsable
conference-actions-of-my-agency-intro = Enregistrez chacune comme réalisée, ou comme impossible en indiquant ce qui a changé. Votre organisme voit ces actions, pas le reste du dossier.
home-conference-actions = Actions de conférence d’évaluation des risques dont votre organisme est responsable, non encore réalisées : { $count }
home-conference-actions-overdue = { $count ->
    [one] { $count } en retard
   *[other] { $count } en retard
}
